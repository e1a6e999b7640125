package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListRolePolicies lists the names of a role's inline policies (see listInline).
func (s *Policies) ListRolePolicies(ctx context.Context, in *iamwire.ListRolePoliciesInput) (*iamwire.ListRolePoliciesOutput, error) {
	names, marker, truncated, err := s.listInline(ctx, "iam:ListRolePolicies", store.PrincipalRole, in.RoleName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamwire.ListRolePoliciesOutput{PolicyNames: names, Marker: marker, IsTruncated: truncated}, nil
}
