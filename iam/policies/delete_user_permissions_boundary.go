package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteUserPermissionsBoundary removes a user's permissions boundary (see setBoundary);
// removing a boundary the user does not have succeeds.
func (s *Policies) DeleteUserPermissionsBoundary(ctx context.Context, in *iamwire.DeleteUserPermissionsBoundaryInput) (*iamwire.DeleteUserPermissionsBoundaryOutput, error) {
	if err := s.setBoundary(ctx, "iam:DeleteUserPermissionsBoundary", store.PrincipalUser, in.UserName, ""); err != nil {
		return nil, err
	}
	return &iamwire.DeleteUserPermissionsBoundaryOutput{}, nil
}
