package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListOpenIDConnectProviderTags lists a provider's tags in the order their keys were first
// added, in pages.
func (s *Providers) ListOpenIDConnectProviderTags(ctx context.Context, in *iamwire.ListOpenIDConnectProviderTagsInput) (*iamwire.ListOpenIDConnectProviderTagsOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findOIDC(ctx, account, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:ListOpenIDConnectProviderTags", in.OpenIDConnectProviderArn, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchOIDC(in.OpenIDConnectProviderArn)
	}
	out := &iamwire.ListOpenIDConnectProviderTagsOutput{}
	out.Tags, out.Marker, out.IsTruncated, err = tagPage(tags, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return out, nil
}
