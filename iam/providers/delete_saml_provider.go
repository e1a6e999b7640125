package providers

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteSAMLProvider deletes a provider, its private keys and its tags. Roles whose trust
// policies name it keep them; assuming them through it fails from then on.
var deleteSAML = &op.Op[*Providers, iamwire.DeleteSAMLProviderInput, iamwire.DeleteSAMLProviderOutput, core.Found[store.SAMLProvider]]{
	Name: "DeleteSAMLProvider", Action: "iam:DeleteSAMLProvider",
	Resolve: samlNamed(func(in *iamwire.DeleteSAMLProviderInput) string { return in.SAMLProviderArn }),
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.DeleteSAMLProviderInput, core.Found[store.SAMLProvider]]) (*iamwire.DeleteSAMLProviderOutput, error) {
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			if err := tx.SAMLProviders().Delete(ctx, r.Entity().Item.ARN); errors.Is(err, store.ErrNotFound) {
				return noSuchSAML(r.In.SAMLProviderArn)
			} else if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteSAMLProviderOutput{}, nil
	}}

func (s *Providers) DeleteSAMLProvider(ctx context.Context, in *iamwire.DeleteSAMLProviderInput) (*iamwire.DeleteSAMLProviderOutput, error) {
	return deleteSAML.Run(ctx, s, in)
}
