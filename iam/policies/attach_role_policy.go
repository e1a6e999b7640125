package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AttachRolePolicy attaches a managed policy to a role (see attach for IAM's rules). The
// role's next request is decided with it.
func (s *Policies) AttachRolePolicy(ctx context.Context, in *iamwire.AttachRolePolicyInput) (*iamwire.AttachRolePolicyOutput, error) {
	if err := s.attach(ctx, "iam:AttachRolePolicy", store.PrincipalRole, in.RoleName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &iamwire.AttachRolePolicyOutput{}, nil
}
