package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetPolicy returns a managed policy: a customer managed one of the caller's account with its
// description and tags, or an AWS managed one from the catalog with its uses in the caller's
// account.
func (s *Policies) GetPolicy(ctx context.Context, in *iamwire.GetPolicyInput) (*iamwire.GetPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.readablePolicy(ctx, call, "iam:GetPolicy", in.PolicyArn, errNoSuchPolicy)
	if err != nil {
		return nil, err
	}
	if r.cust != nil {
		out := wireCustomer(r.cust, r.tags, formGet)
		return &iamwire.GetPolicyOutput{Policy: &out}, nil
	}
	var u store.PolicyUsage
	err = s.Store.View(ctx, func(tx store.Tx) error {
		u, err = tx.Attachments().Usage(ctx, call.Caller.AccountID, r.arn)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := wireAWS(r.aws, u, formGet)
	return &iamwire.GetPolicyOutput{Policy: &out}, nil
}
