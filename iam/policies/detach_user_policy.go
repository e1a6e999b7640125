package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DetachUserPolicy detaches a managed policy from a user (see detach). The user's next
// request is decided without it.
func (s *Policies) DetachUserPolicy(ctx context.Context, in *iamwire.DetachUserPolicyInput) (*iamwire.DetachUserPolicyOutput, error) {
	if err := s.detach(ctx, "iam:DetachUserPolicy", store.PrincipalUser, in.UserName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &iamwire.DetachUserPolicyOutput{}, nil
}
