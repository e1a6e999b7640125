package providers

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateOpenIDConnectProvider registers an OIDC identity provider by its issuer URL, with the
// client IDs (audiences) its tokens may be for and, optionally, the thumbprints of its
// servers' certificates. Gatehouse cannot fetch a thumbprint itself, so none are needed.
func (s *Providers) CreateOpenIDConnectProvider(ctx context.Context, in *iamwire.CreateOpenIDConnectProviderInput) (*iamwire.CreateOpenIDConnectProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	issuer, ok := normalizeOIDCURL(in.Url)
	if !ok {
		return nil, invalidOIDCURL()
	}
	providerARN := oidcARN(account, issuer)
	if err := s.Authorize(ctx, call, "iam:CreateOpenIDConnectProvider", providerARN, core.RequestTagKeys(in.Tags)...); err != nil {
		return nil, err
	}
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
	p := store.OIDCProvider{ARN: providerARN, AccountID: account, URL: issuer, ClientIDs: clientIDs,
		Thumbprints: nonNil(in.ThumbprintList), Created: s.Timestamp()}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.OIDCProviders().Get(ctx, providerARN); err == nil {
			return oidcExists(in.Url)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		existing, err := tx.OIDCProviders().List(ctx, account)
		if err != nil {
			return err
		}
		if len(existing) >= MaxOIDCProvidersPerAccount {
			return core.QuotaExceeded("OpenIdConnectProvidersPerAccount", MaxOIDCProvidersPerAccount)
		}
		if err := tx.OIDCProviders().Create(ctx, p); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return oidcExists(in.Url)
			}
			return err
		}
		if len(in.Tags) > 0 {
			return tx.Tags().Put(ctx, oidcResource(p), core.StoreTags(in.Tags))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.CreateOpenIDConnectProviderOutput{OpenIDConnectProviderArn: &providerARN, Tags: core.WireTags(core.StoreTags(in.Tags))}, nil
}
