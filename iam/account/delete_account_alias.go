package account

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteAccountAlias removes the account's alias, which must be the one named; another
// account's alias, or none, is NoSuchEntity.
func (s *Account) DeleteAccountAlias(ctx context.Context, in *iamwire.DeleteAccountAliasInput) (*iamwire.DeleteAccountAliasOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	if err := s.Authorize(ctx, call, "iam:DeleteAccountAlias", accountWide); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		a, err := tx.Accounts().Get(ctx, account)
		if err != nil {
			return err
		}
		if a.Alias == "" || a.Alias != in.AccountAlias {
			return noSuchAlias(in.AccountAlias)
		}
		a.Alias = ""
		return tx.Accounts().Update(ctx, a)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteAccountAliasOutput{}, nil
}
