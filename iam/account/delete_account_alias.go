package account

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteAccountAlias removes the account's alias, which must be the one named; another
// account's alias, or none, is NoSuchEntity.
var deleteAccountAlias = &op.Op[*Account, iamwire.DeleteAccountAliasInput, iamwire.DeleteAccountAliasOutput, op.None]{
	Name: "DeleteAccountAlias", Action: "iam:DeleteAccountAlias",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.DeleteAccountAliasInput, op.None]) (*iamwire.DeleteAccountAliasOutput, error) {
		in, account := r.In, r.Account()
		var err error
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			a, err := tx.Accounts().Get(ctx, account)
			if err != nil {
				return err
			}
			if a.Alias == "" || a.Alias != in.AccountAlias {
				return iamerr.NoSuchAlias.Err(in.AccountAlias)
			}
			a.Alias = ""
			return tx.Accounts().Update(ctx, a)
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteAccountAliasOutput{}, nil
	}}

func (s *Account) DeleteAccountAlias(ctx context.Context, in *iamwire.DeleteAccountAliasInput) (*iamwire.DeleteAccountAliasOutput, error) {
	return deleteAccountAlias.Run(ctx, s, in)
}
