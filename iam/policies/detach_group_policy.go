package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DetachGroupPolicy detaches a managed policy from a group (see detach). The group's next
// request is decided without it.
func (s *Policies) DetachGroupPolicy(ctx context.Context, in *iamwire.DetachGroupPolicyInput) (*iamwire.DetachGroupPolicyOutput, error) {
	if err := s.detach(ctx, "iam:DetachGroupPolicy", store.PrincipalGroup, in.GroupName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &iamwire.DetachGroupPolicyOutput{}, nil
}
