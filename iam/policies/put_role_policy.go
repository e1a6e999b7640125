package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// PutRolePolicy adds or replaces an inline policy of a role (see putInline).
func (s *Policies) PutRolePolicy(ctx context.Context, in *iamwire.PutRolePolicyInput) (*iamwire.PutRolePolicyOutput, error) {
	if err := s.putInline(ctx, "iam:PutRolePolicy", store.PrincipalRole, in.RoleName, in.PolicyName, in.PolicyDocument); err != nil {
		return nil, err
	}
	return &iamwire.PutRolePolicyOutput{}, nil
}
