package providers

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateOpenIDConnectProviderThumbprint replaces a provider's whole thumbprint list.
func (s *Providers) UpdateOpenIDConnectProviderThumbprint(ctx context.Context, in *iamwire.UpdateOpenIDConnectProviderThumbprintInput) (*iamwire.UpdateOpenIDConnectProviderThumbprintOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findOIDC(ctx, account, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:UpdateOpenIDConnectProviderThumbprint", in.OpenIDConnectProviderArn, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchOIDC(in.OpenIDConnectProviderArn)
	}
	if err := checkThumbprints(in.ThumbprintList); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		cur, err := oidcInTx(ctx, tx, account, p.ARN)
		if err != nil {
			return err
		}
		cur.ClientIDs = nonNil(cur.ClientIDs)
		cur.Thumbprints = nonNil(in.ThumbprintList)
		return tx.OIDCProviders().Update(ctx, cur)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateOpenIDConnectProviderThumbprintOutput{}, nil
}
