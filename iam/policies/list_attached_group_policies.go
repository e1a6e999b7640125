package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListAttachedGroupPolicies lists the managed policies attached to a group (see listAttached).
func (s *Policies) ListAttachedGroupPolicies(ctx context.Context, in *iamwire.ListAttachedGroupPoliciesInput) (*iamwire.ListAttachedGroupPoliciesOutput, error) {
	as, marker, truncated, err := s.listAttached(ctx, "iam:ListAttachedGroupPolicies", store.PrincipalGroup, in.GroupName,
		in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamwire.ListAttachedGroupPoliciesOutput{AttachedPolicies: wireAttached(as), Marker: marker, IsTruncated: truncated}, nil
}
