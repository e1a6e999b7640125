package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetOpenIDConnectProvider returns a provider: its issuer URL without the scheme, client IDs,
// thumbprints, creation date and tags (the lists present even when empty, as AWS answers).
var getOIDC = &op.Op[*Providers, iamwire.GetOpenIDConnectProviderInput, iamwire.GetOpenIDConnectProviderOutput, core.Found[store.OIDCProvider]]{
	Name: "GetOpenIDConnectProvider", Action: "iam:GetOpenIDConnectProvider",
	Resolve: oidcNamed(func(in *iamwire.GetOpenIDConnectProviderInput) string { return in.OpenIDConnectProviderArn }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.GetOpenIDConnectProviderInput, core.Found[store.OIDCProvider]]) (*iamwire.GetOpenIDConnectProviderOutput, error) {
		p := r.Entity().Item
		created := p.Created
		return &iamwire.GetOpenIDConnectProviderOutput{Url: &p.URL, ClientIDList: nonNil(p.ClientIDs),
			ThumbprintList: nonNil(p.Thumbprints), CreateDate: &created, Tags: wireTags(r.Entity().Tags)}, nil
	}}

func (s *Providers) GetOpenIDConnectProvider(ctx context.Context, in *iamwire.GetOpenIDConnectProviderInput) (*iamwire.GetOpenIDConnectProviderOutput, error) {
	return getOIDC.Run(ctx, s, in)
}
