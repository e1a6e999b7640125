package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListGroupPolicies lists the names of a group's inline policies (see listInline).
func (s *Policies) ListGroupPolicies(ctx context.Context, in *iamwire.ListGroupPoliciesInput) (*iamwire.ListGroupPoliciesOutput, error) {
	names, marker, truncated, err := s.listInline(ctx, "iam:ListGroupPolicies", store.PrincipalGroup, in.GroupName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamwire.ListGroupPoliciesOutput{PolicyNames: names, Marker: marker, IsTruncated: truncated}, nil
}
