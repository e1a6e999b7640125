package policies

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// AttachUserPolicy attaches a managed policy to a user (see attach for IAM's rules). The
// user's next request is decided with it.
func (s *Policies) AttachUserPolicy(ctx context.Context, in *iamwire.AttachUserPolicyInput) (*iamwire.AttachUserPolicyOutput, error) {
	if err := s.attach(ctx, "iam:AttachUserPolicy", store.PrincipalUser, in.UserName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &iamwire.AttachUserPolicyOutput{}, nil
}
