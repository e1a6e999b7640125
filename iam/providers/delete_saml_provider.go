package providers

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteSAMLProvider deletes a provider, its private keys and its tags. Roles whose trust
// policies name it keep them; assuming them through it fails from then on.
func (s *Providers) DeleteSAMLProvider(ctx context.Context, in *iamwire.DeleteSAMLProviderInput) (*iamwire.DeleteSAMLProviderOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	p, tags, err := s.findSAML(ctx, account, in.SAMLProviderArn)
	if err != nil {
		return nil, err
	}
	if err := s.Authorize(ctx, call, "iam:DeleteSAMLProvider", in.SAMLProviderArn, core.ResourceTagKeys(tags)...); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, noSuchSAML(in.SAMLProviderArn)
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		err := tx.SAMLProviders().Delete(ctx, p.ARN)
		if errors.Is(err, store.ErrNotFound) {
			return noSuchSAML(in.SAMLProviderArn)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteSAMLProviderOutput{}, nil
}
