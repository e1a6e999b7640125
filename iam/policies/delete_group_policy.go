package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteGroupPolicy deletes an inline policy of a group (see deleteInline).
func (s *Policies) DeleteGroupPolicy(ctx context.Context, in *iamwire.DeleteGroupPolicyInput) (*iamwire.DeleteGroupPolicyOutput, error) {
	if err := s.deleteInline(ctx, "iam:DeleteGroupPolicy", store.PrincipalGroup, in.GroupName, in.PolicyName); err != nil {
		return nil, err
	}
	return &iamwire.DeleteGroupPolicyOutput{}, nil
}
