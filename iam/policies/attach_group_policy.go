package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AttachGroupPolicy attaches a managed policy to a group (see attach for IAM's rules). The
// group's next request is decided with it.
func (s *Policies) AttachGroupPolicy(ctx context.Context, in *iamwire.AttachGroupPolicyInput) (*iamwire.AttachGroupPolicyOutput, error) {
	if err := s.attach(ctx, "iam:AttachGroupPolicy", store.PrincipalGroup, in.GroupName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &iamwire.AttachGroupPolicyOutput{}, nil
}
