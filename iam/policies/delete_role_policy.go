package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteRolePolicy deletes an inline policy of a role (see deleteInline).
func (s *Policies) DeleteRolePolicy(ctx context.Context, in *iamwire.DeleteRolePolicyInput) (*iamwire.DeleteRolePolicyOutput, error) {
	if err := s.deleteInline(ctx, "iam:DeleteRolePolicy", store.PrincipalRole, in.RoleName, in.PolicyName); err != nil {
		return nil, err
	}
	return &iamwire.DeleteRolePolicyOutput{}, nil
}
