package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListSAMLProviderTags lists a provider's tags in the order their keys were first added, in
// pages.
func (s *Providers) ListSAMLProviderTags(ctx context.Context, in *iamwire.ListSAMLProviderTagsInput) (*iamwire.ListSAMLProviderTagsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findSAML(ctx, account, in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:ListSAMLProviderTags", in.SAMLProviderArn, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchSAML(in.SAMLProviderArn)
	}
	out := &iamwire.ListSAMLProviderTagsOutput{}
	out.Tags, out.Marker, out.IsTruncated, err = tagPage(tags, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return out, nil
}
