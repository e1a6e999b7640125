package providers

import (
	"context"
	"slices"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// RemoveClientIDFromOpenIDConnectProvider removes an audience from a provider; removing one it
// does not have changes nothing, as AWS documents ("This operation is idempotent").
func (s *Providers) RemoveClientIDFromOpenIDConnectProvider(ctx context.Context, in *iamwire.RemoveClientIDFromOpenIDConnectProviderInput) (*iamwire.RemoveClientIDFromOpenIDConnectProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findOIDC(ctx, account, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:RemoveClientIDFromOpenIDConnectProvider", in.OpenIDConnectProviderArn, core.ResourceTagKeys(tags)...); err != nil {
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
		if !slices.Contains(cur.ClientIDs, in.ClientID) {
			return nil
		}
		cur.ClientIDs = slices.DeleteFunc(cur.ClientIDs, func(id string) bool { return id == in.ClientID })
		cur.Thumbprints = nonNil(cur.Thumbprints)
		return tx.OIDCProviders().Update(ctx, cur)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.RemoveClientIDFromOpenIDConnectProviderOutput{}, nil
}
