package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListOpenIDConnectProviders lists the ARNs of the account's OIDC providers, ordered by ARN. IAM
// does not paginate the listing (at most 100 providers). The action has no resource type in
// the Service Authorization Reference, so it is authorized on "*".
var listOIDCs = &op.Op[*Providers, iamwire.ListOpenIDConnectProvidersInput, iamwire.ListOpenIDConnectProvidersOutput, op.None]{
	Name: "ListOpenIDConnectProviders", Action: "iam:ListOpenIDConnectProviders",
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.ListOpenIDConnectProvidersInput, op.None]) (*iamwire.ListOpenIDConnectProvidersOutput, error) {
		ps, err := core.Read(ctx, s.Store, func(tx store.Tx) ([]store.OIDCProvider, error) { return tx.OIDCProviders().List(ctx, r.Account()) })
		if err != nil {
			return nil, err
		}
		out := &iamwire.ListOpenIDConnectProvidersOutput{OpenIDConnectProviderList: make([]iamwire.OpenIDConnectProviderListEntry, len(ps))}
		for i := range ps {
			out.OpenIDConnectProviderList[i].Arn = &ps[i].ARN
		}
		return out, nil
	}}

func (s *Providers) ListOpenIDConnectProviders(ctx context.Context, in *iamwire.ListOpenIDConnectProvidersInput) (*iamwire.ListOpenIDConnectProvidersOutput, error) {
	return listOIDCs.Run(ctx, s, in)
}
