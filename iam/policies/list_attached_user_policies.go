package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListAttachedUserPolicies lists the managed policies attached to a user (see listAttached).
func (s *Policies) ListAttachedUserPolicies(ctx context.Context, in *iamwire.ListAttachedUserPoliciesInput) (*iamwire.ListAttachedUserPoliciesOutput, error) {
	as, marker, truncated, err := s.listAttached(ctx, "iam:ListAttachedUserPolicies", store.PrincipalUser, in.UserName,
		in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamwire.ListAttachedUserPoliciesOutput{AttachedPolicies: wireAttached(as), Marker: marker, IsTruncated: truncated}, nil
}
