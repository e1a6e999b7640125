package sts

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// GetCallerIdentity returns who signed the request. The policy engine always allows it for an
// authenticated caller, even against an explicit Deny (evaluation-semantics.md §6.2 step 0).
func (s *Service) GetCallerIdentity(ctx context.Context, _ *stswire.GetCallerIdentityInput) (*stswire.GetCallerIdentityOutput, error) {
	call, err := s.begin(ctx, "sts:GetCallerIdentity", "*")
	if err != nil {
		return nil, err
	}
	c := call.Caller
	return &stswire.GetCallerIdentityOutput{UserId: &c.UniqueID, Account: &c.AccountID, Arn: &c.ARN}, nil
}
