package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetOpenIDConnectProvider returns a provider: its issuer URL without the scheme, client IDs,
// thumbprints, creation date and tags (the lists present even when empty, as AWS answers).
func (s *Providers) GetOpenIDConnectProvider(ctx context.Context, in *iamwire.GetOpenIDConnectProviderInput) (*iamwire.GetOpenIDConnectProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findOIDC(ctx, account, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:GetOpenIDConnectProvider", in.OpenIDConnectProviderArn, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchOIDC(in.OpenIDConnectProviderArn)
	}
	created := p.Created
	return &iamwire.GetOpenIDConnectProviderOutput{Url: &p.URL, ClientIDList: nonNil(p.ClientIDs),
		ThumbprintList: nonNil(p.Thumbprints), CreateDate: &created, Tags: wireTags(tags)}, nil
}
