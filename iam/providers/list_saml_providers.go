package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListSAMLProviders lists the account's SAML providers (ARN, ValidUntil, CreateDate), ordered
// by ARN, without paging (at most 100). The action has no resource type in the Service
// Authorization Reference, so it is authorized on "*".
func (s *Providers) ListSAMLProviders(ctx context.Context, _ *iamwire.ListSAMLProvidersInput) (*iamwire.ListSAMLProvidersOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	if err := s.Authorize(ctx, call, "iam:ListSAMLProviders", "*"); err != nil {
		return nil, err
	}
	var ps []store.SAMLProvider
	err = s.Store.View(ctx, func(tx store.Tx) error {
		ps, err = tx.SAMLProviders().List(ctx, account)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &iamwire.ListSAMLProvidersOutput{SAMLProviderList: make([]iamwire.SAMLProviderListEntry, len(ps))}
	for i := range ps {
		p := &ps[i]
		out.SAMLProviderList[i] = iamwire.SAMLProviderListEntry{Arn: &p.ARN, ValidUntil: &p.ValidUntil, CreateDate: &p.Created}
	}
	return out, nil
}
