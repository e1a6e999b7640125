package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetRolePolicy returns an inline policy of a role, its document URL-encoded as AWS returns it.
func (s *Policies) GetRolePolicy(ctx context.Context, in *iamwire.GetRolePolicyInput) (*iamwire.GetRolePolicyOutput, error) {
	p, pol, err := s.getInline(ctx, "iam:GetRolePolicy", store.PrincipalRole, in.RoleName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &iamwire.GetRolePolicyOutput{RoleName: p.name, PolicyName: pol.Name, PolicyDocument: core.URLEncode(pol.Document)}, nil
}
