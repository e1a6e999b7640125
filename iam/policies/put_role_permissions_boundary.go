package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// PutRolePermissionsBoundary sets or replaces a role's permissions boundary (see setBoundary).
func (s *Policies) PutRolePermissionsBoundary(ctx context.Context, in *iamwire.PutRolePermissionsBoundaryInput) (*iamwire.PutRolePermissionsBoundaryOutput, error) {
	if err := s.setBoundary(ctx, "iam:PutRolePermissionsBoundary", store.PrincipalRole, in.RoleName, in.PermissionsBoundary); err != nil {
		return nil, err
	}
	return &iamwire.PutRolePermissionsBoundaryOutput{}, nil
}
