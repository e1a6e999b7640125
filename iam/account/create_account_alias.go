package account

import (
	"context"
	"errors"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// CreateAccountAlias gives the account its alias, the name its users sign in with. An account
// has one alias: a new one replaces the old, as the AWS Sign-In User Guide says. Aliases are
// unique across all accounts (EntityAlreadyExists). The model's pattern (lower-case letters,
// digits and single dashes, 3–63 characters) is checked by the wire layer.
var createAccountAlias = &op.Op[*Account, iamwire.CreateAccountAliasInput, iamwire.CreateAccountAliasOutput, op.None]{
	Name: "CreateAccountAlias", Action: "iam:CreateAccountAlias",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.CreateAccountAliasInput, op.None]) (*iamwire.CreateAccountAliasOutput, error) {
		in, account := r.In, r.Account()
		var err error
		if arn.IsAccountID(in.AccountAlias) {
			return nil, iamerr.AliasLooksLikeAccountID.Err(in.AccountAlias)
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			a, err := tx.Accounts().Get(ctx, account)
			if err != nil {
				return err
			}
			if a.Alias == in.AccountAlias {
				return nil
			}
			if other, err := tx.Accounts().GetByAlias(ctx, in.AccountAlias); err == nil && other.ID != account {
				return iamerr.AliasTaken.Err(in.AccountAlias)
			} else if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			a.Alias = in.AccountAlias
			if err := tx.Accounts().Update(ctx, a); errors.Is(err, store.ErrAlreadyExists) {
				return iamerr.AliasTaken.Err(in.AccountAlias)
			} else if err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.CreateAccountAliasOutput{}, nil
	}}

func (s *Account) CreateAccountAlias(ctx context.Context, in *iamwire.CreateAccountAliasInput) (*iamwire.CreateAccountAliasOutput, error) {
	return createAccountAlias.Run(ctx, s, in)
}
