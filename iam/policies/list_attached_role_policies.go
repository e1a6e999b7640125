package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListAttachedRolePolicies lists the managed policies attached to a role (see listAttached).
func (s *Policies) ListAttachedRolePolicies(ctx context.Context, in *iamwire.ListAttachedRolePoliciesInput) (*iamwire.ListAttachedRolePoliciesOutput, error) {
	as, marker, truncated, err := s.listAttached(ctx, "iam:ListAttachedRolePolicies", store.PrincipalRole, in.RoleName,
		in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamwire.ListAttachedRolePoliciesOutput{AttachedPolicies: wireAttached(as), Marker: marker, IsTruncated: truncated}, nil
}
