package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DetachRolePolicy detaches a managed policy from a role (see detach). The role's next
// request is decided without it.
func (s *Policies) DetachRolePolicy(ctx context.Context, in *iamwire.DetachRolePolicyInput) (*iamwire.DetachRolePolicyOutput, error) {
	if err := s.detach(ctx, "iam:DetachRolePolicy", store.PrincipalRole, in.RoleName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &iamwire.DetachRolePolicyOutput{}, nil
}
