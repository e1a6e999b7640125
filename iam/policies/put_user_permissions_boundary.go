package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// PutUserPermissionsBoundary sets or replaces a user's permissions boundary (see setBoundary).
func (s *Policies) PutUserPermissionsBoundary(ctx context.Context, in *iamwire.PutUserPermissionsBoundaryInput) (*iamwire.PutUserPermissionsBoundaryOutput, error) {
	if err := s.setBoundary(ctx, "iam:PutUserPermissionsBoundary", store.PrincipalUser, in.UserName, in.PermissionsBoundary); err != nil {
		return nil, err
	}
	return &iamwire.PutUserPermissionsBoundaryOutput{}, nil
}
