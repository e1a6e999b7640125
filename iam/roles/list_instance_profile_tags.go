package roles

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListInstanceProfileTags lists an instance profile's tags in the order their keys were
// first added.
func (s *Roles) ListInstanceProfileTags(ctx context.Context, in *iamwire.ListInstanceProfileTagsInput) (*iamwire.ListInstanceProfileTagsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, err := s.findProfile(ctx, account, in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:ListInstanceProfileTags", profileResource(account, in.InstanceProfileName, p), profileKeys(p)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchInstanceProfile(in.InstanceProfileName)
	}
	out := &iamwire.ListInstanceProfileTagsOutput{}
	out.Tags, out.Marker, out.IsTruncated, err = tagPage(p.tags, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return out, nil
}
