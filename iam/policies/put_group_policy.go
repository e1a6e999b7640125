package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// PutGroupPolicy adds or replaces an inline policy of a group (see putInline).
func (s *Policies) PutGroupPolicy(ctx context.Context, in *iamwire.PutGroupPolicyInput) (*iamwire.PutGroupPolicyOutput, error) {
	if err := s.putInline(ctx, "iam:PutGroupPolicy", store.PrincipalGroup, in.GroupName, in.PolicyName, in.PolicyDocument); err != nil {
		return nil, err
	}
	return &iamwire.PutGroupPolicyOutput{}, nil
}
