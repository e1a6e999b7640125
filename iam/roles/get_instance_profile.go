package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetInstanceProfile returns an instance profile with its role and its tags.
var getInstanceProfile = &op.Op[*Roles, iamwire.GetInstanceProfileInput, iamwire.GetInstanceProfileOutput, *profile]{
	Name: "GetInstanceProfile", Action: "iam:GetInstanceProfile",
	Resolve: profileNamed(func(in *iamwire.GetInstanceProfileInput) string { return in.InstanceProfileName }),
	Handle: func(s *Roles, ctx context.Context, r *op.Request[iamwire.GetInstanceProfileInput, *profile]) (*iamwire.GetInstanceProfileOutput, error) {
		p := r.Entity()
		return &iamwire.GetInstanceProfileOutput{InstanceProfile: wireProfile(&p.InstanceProfile, p.trust, p.tags, true)}, nil
	}}

func (s *Roles) GetInstanceProfile(ctx context.Context, in *iamwire.GetInstanceProfileInput) (*iamwire.GetInstanceProfileOutput, error) {
	return getInstanceProfile.Run(ctx, s, in)
}
