package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateOpenIDConnectProvider registers an OIDC identity provider by its issuer URL, with the
// client IDs (audiences) its tokens may be for and, optionally, the thumbprints of its
// servers' certificates. Gatehouse cannot fetch a thumbprint itself, so none are needed.
var createOIDC = &op.Op[*Providers, iamwire.CreateOpenIDConnectProviderInput, iamwire.CreateOpenIDConnectProviderOutput, string]{
	Name: "CreateOpenIDConnectProvider", Action: "iam:CreateOpenIDConnectProvider",
	Resolve: op.Resolver[*Providers, iamwire.CreateOpenIDConnectProviderInput, string]{
		Find: func(_ *Providers, _ context.Context, call *callctx.Call, in *iamwire.CreateOpenIDConnectProviderInput) (op.Target[string], error) {
			issuer, ok := normalizeOIDCURL(in.Url)
			if !ok {
				return op.Target[string]{}, invalidOIDCURL()
			}
			return op.Target[string]{ARN: oidcARN(call.Caller.AccountID, issuer), Entity: issuer}, nil
		}},
	Keys: []op.KeySource[iamwire.CreateOpenIDConnectProviderInput]{core.NewTags(func(in *iamwire.CreateOpenIDConnectProviderInput) []iamwire.Tag { return in.Tags })},
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.CreateOpenIDConnectProviderInput, string]) (*iamwire.CreateOpenIDConnectProviderOutput, error) {
		in := r.In
		if err := checkThumbprints(in.ThumbprintList); err != nil {
			return nil, err
		}
		clientIDs := uniqueClientIDs(in.ClientIDList)
		if len(clientIDs) > MaxClientIDsPerOIDCProvider {
			return nil, core.QuotaExceeded("ClientIdsPerOpenIdConnectProvider", MaxClientIDsPerOIDCProvider)
		}
		if err := checkNewTags(in.Tags, nil); err != nil {
			return nil, err
		}
		p := store.OIDCProvider{ARN: r.Target.ARN, AccountID: r.Account(), URL: r.Entity(), ClientIDs: clientIDs,
			Thumbprints: nonNil(in.ThumbprintList), Created: s.Timestamp()}
		tags := core.StoreTags(in.Tags)
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			return core.CreateUnique(oidcExists(in.Url),
				func() error { _, err := tx.OIDCProviders().Get(ctx, p.ARN); return err },
				func() error {
					if err := tx.OIDCProviders().Create(ctx, p); err != nil || len(tags) == 0 {
						return err
					}
					return tx.Tags().Put(ctx, oidcResource(p), tags)
				},
				providerQuota(func() (int, error) { ps, err := tx.OIDCProviders().List(ctx, p.AccountID); return len(ps), err },
					MaxOIDCProvidersPerAccount, "OpenIdConnectProvidersPerAccount"))
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateOpenIDConnectProviderOutput{OpenIDConnectProviderArn: &p.ARN, Tags: core.WireTags(tags)}, nil
	}}

func (s *Providers) CreateOpenIDConnectProvider(ctx context.Context, in *iamwire.CreateOpenIDConnectProviderInput) (*iamwire.CreateOpenIDConnectProviderOutput, error) {
	return createOIDC.Run(ctx, s, in)
}

// providerQuota is a check for core.CreateUnique: the account has fewer than max providers of
// a kind (count counts them), else LimitExceeded naming quota.
func providerQuota(count func() (int, error), max int, quota string) func() error {
	return func() error {
		n, err := count()
		if err != nil {
			return err
		}
		if n >= max {
			return core.QuotaExceeded(quota, max)
		}
		return nil
	}
}
