package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListOpenIDConnectProviders lists the ARNs of the account's OIDC providers, ordered by ARN. IAM
// does not paginate the listing (at most 100 providers). The action has no resource type in
// the Service Authorization Reference, so it is authorized on "*".
func (s *Providers) ListOpenIDConnectProviders(ctx context.Context, _ *iamwire.ListOpenIDConnectProvidersInput) (*iamwire.ListOpenIDConnectProvidersOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	if err := s.Authorize(ctx, call, "iam:ListOpenIDConnectProviders", "*"); err != nil {
		return nil, err
	}
	var ps []store.OIDCProvider
	err = s.Store.View(ctx, func(tx store.Tx) error {
		ps, err = tx.OIDCProviders().List(ctx, account)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListOpenIDConnectProvidersOutput{OpenIDConnectProviderList: make([]iamwire.OpenIDConnectProviderListEntry, len(ps))}
	for i := range ps {
		out.OpenIDConnectProviderList[i].Arn = &ps[i].ARN
	}
	return out, nil
}
