package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetInstanceProfile returns an instance profile with its role and its tags.
func (s *Roles) GetInstanceProfile(ctx context.Context, in *iamwire.GetInstanceProfileInput) (*iamwire.GetInstanceProfileOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, err := s.findProfile(ctx, account, in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetInstanceProfile", profileResource(account, in.InstanceProfileName, p), profileKeys(p)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchInstanceProfile(in.InstanceProfileName)
	}
	return &iamwire.GetInstanceProfileOutput{InstanceProfile: wireProfile(&p.InstanceProfile, p.trust, p.tags, true)}, nil
}
