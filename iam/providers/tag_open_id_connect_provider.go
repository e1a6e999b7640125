package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// TagOpenIDConnectProvider adds tags to a provider, replacing the value of any tag whose key
// matches without regard to case.
func (s *Providers) TagOpenIDConnectProvider(ctx context.Context, in *iamwire.TagOpenIDConnectProviderInput) (*iamwire.TagOpenIDConnectProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findOIDC(ctx, account, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	keys := append(core.ResourceTagKeys(tags), core.RequestTagKeys(in.Tags)...)
	if err := s.Authorize(ctx, call, "iam:TagOpenIDConnectProvider", in.OpenIDConnectProviderArn, keys...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchOIDC(in.OpenIDConnectProviderArn)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := oidcInTx(ctx, tx, account, p.ARN)
		if err != nil {
			return err
		}
		return putTags(ctx, tx, oidcResource(cur), in.Tags)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.TagOpenIDConnectProviderOutput{}, nil
}
