package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteRolePermissionsBoundary removes a role's permissions boundary (see setBoundary);
// removing a boundary the role does not have succeeds.
func (s *Policies) DeleteRolePermissionsBoundary(ctx context.Context, in *iamwire.DeleteRolePermissionsBoundaryInput) (*iamwire.DeleteRolePermissionsBoundaryOutput, error) {
	if err := s.setBoundary(ctx, "iam:DeleteRolePermissionsBoundary", store.PrincipalRole, in.RoleName, ""); err != nil {
		return nil, err
	}
	return &iamwire.DeleteRolePermissionsBoundaryOutput{}, nil
}
