package providers

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteOpenIDConnectProvider deletes a provider and its tags. Roles whose trust policies name
// it keep them; assuming them through it fails from then on. AWS answers NoSuchEntity for a
// provider that does not exist (recorded), although its API reference calls the operation
// idempotent.
func (s *Providers) DeleteOpenIDConnectProvider(ctx context.Context, in *iamwire.DeleteOpenIDConnectProviderInput) (*iamwire.DeleteOpenIDConnectProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findOIDC(ctx, account, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:DeleteOpenIDConnectProvider", in.OpenIDConnectProviderArn, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchOIDCToDelete(in.OpenIDConnectProviderArn)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		err := tx.OIDCProviders().Delete(ctx, p.ARN)
		if errors.Is(err, store.ErrNotFound) {
			return noSuchOIDCToDelete(in.OpenIDConnectProviderArn)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteOpenIDConnectProviderOutput{}, nil
}
