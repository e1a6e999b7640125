package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetGroupPolicy returns an inline policy of a group, its document URL-encoded as AWS returns it.
func (s *Policies) GetGroupPolicy(ctx context.Context, in *iamwire.GetGroupPolicyInput) (*iamwire.GetGroupPolicyOutput, error) {
	p, pol, err := s.getInline(ctx, "iam:GetGroupPolicy", store.PrincipalGroup, in.GroupName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &iamwire.GetGroupPolicyOutput{GroupName: p.name, PolicyName: pol.Name, PolicyDocument: core.URLEncode(pol.Document)}, nil
}
