package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListSAMLProviders lists the account's SAML providers (ARN, ValidUntil, CreateDate), ordered
// by ARN, without paging (at most 100). The action has no resource type in the Service
// Authorization Reference, so it is authorized on "*".
var listSAMLs = &op.Op[*Providers, iamwire.ListSAMLProvidersInput, iamwire.ListSAMLProvidersOutput, op.None]{
	Name: "ListSAMLProviders", Action: "iam:ListSAMLProviders",
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.ListSAMLProvidersInput, op.None]) (*iamwire.ListSAMLProvidersOutput, error) {
		ps, err := core.Read(ctx, s.Store, func(tx store.Tx) ([]store.SAMLProvider, error) { return tx.SAMLProviders().List(ctx, r.Account()) })
		if err != nil {
			return nil, err
		}
		out := &iamwire.ListSAMLProvidersOutput{SAMLProviderList: make([]iamwire.SAMLProviderListEntry, len(ps))}
		for i := range ps {
			p := &ps[i]
			out.SAMLProviderList[i] = iamwire.SAMLProviderListEntry{Arn: &p.ARN, ValidUntil: &p.ValidUntil, CreateDate: &p.Created}
		}
		return out, nil
	}}

func (s *Providers) ListSAMLProviders(ctx context.Context, in *iamwire.ListSAMLProvidersInput) (*iamwire.ListSAMLProvidersOutput, error) {
	return listSAMLs.Run(ctx, s, in)
}
