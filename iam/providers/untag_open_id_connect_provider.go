package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UntagOpenIDConnectProvider removes tags from a provider by key, ignoring case; keys it does
// not have are ignored.
func (s *Providers) UntagOpenIDConnectProvider(ctx context.Context, in *iamwire.UntagOpenIDConnectProviderInput) (*iamwire.UntagOpenIDConnectProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findOIDC(ctx, account, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	keys := append(core.ResourceTagKeys(tags), authz.ListKey("aws:TagKeys", in.TagKeys))
	if err := s.Authorize(ctx, call, "iam:UntagOpenIDConnectProvider", in.OpenIDConnectProviderArn, keys...); err != nil {
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
		return tx.Tags().Remove(ctx, oidcResource(cur), in.TagKeys)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UntagOpenIDConnectProviderOutput{}, nil
}
