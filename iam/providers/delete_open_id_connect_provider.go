package providers

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteOpenIDConnectProvider deletes a provider and its tags. Roles whose trust policies name
// it keep them; assuming them through it fails from then on. Deleting a provider that does not
// exist succeeds once the caller is authorized on its ARN: "This operation is idempotent; it does
// not fail or return an error if you call the operation for a provider that does not exist"
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteOpenIDConnectProvider.html). A
// malformed ARN is still refused (InvalidInput), before authorization.
var deleteOIDC = &op.Op[*Providers, iamwire.DeleteOpenIDConnectProviderInput, iamwire.DeleteOpenIDConnectProviderOutput, core.Found[store.OIDCProvider]]{
	Name: "DeleteOpenIDConnectProvider", Action: "iam:DeleteOpenIDConnectProvider",
	Resolve: op.Resolver[*Providers, iamwire.DeleteOpenIDConnectProviderInput, core.Found[store.OIDCProvider]]{Keys: oidcs.Keys,
		Find: func(s *Providers, ctx context.Context, call *callctx.Call, in *iamwire.DeleteOpenIDConnectProviderInput) (op.Target[core.Found[store.OIDCProvider]], error) {
			t, err := oidcs.Find(ctx, s.Store, call.Caller.AccountID, in.OpenIDConnectProviderArn)
			t.Missing = nil // idempotent: the handler finds nothing to delete
			return t, err
		}},
	Handle: func(s *Providers, ctx context.Context, r *op.Request[iamwire.DeleteOpenIDConnectProviderInput, core.Found[store.OIDCProvider]]) (*iamwire.DeleteOpenIDConnectProviderOutput, error) {
		if r.Entity().Item.ARN == "" {
			return &iamwire.DeleteOpenIDConnectProviderOutput{}, nil // nothing to delete
		}
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			if err := tx.OIDCProviders().Delete(ctx, r.Entity().Item.ARN); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err // deleted meanwhile: idempotent too
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteOpenIDConnectProviderOutput{}, nil
	}}

func (s *Providers) DeleteOpenIDConnectProvider(ctx context.Context, in *iamwire.DeleteOpenIDConnectProviderInput) (*iamwire.DeleteOpenIDConnectProviderOutput, error) {
	return deleteOIDC.Run(ctx, s, in)
}
