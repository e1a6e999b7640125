package account

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
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
		if arn.IsAccountID(in.AccountAlias) {
			return nil, iamerr.AliasLooksLikeAccountID.Err(in.AccountAlias)
		}
		return core.Done[iamwire.CreateAccountAliasOutput](s.Store.Update(ctx, func(tx store.Tx) error {
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
		}))
	}}

func (s *Account) CreateAccountAlias(ctx context.Context, in *iamwire.CreateAccountAliasInput) (*iamwire.CreateAccountAliasOutput, error) {
	return createAccountAlias.Run(ctx, s, in)
}

// DeleteAccountAlias removes the account's alias, which must be the one named; another
// account's alias, or none, is NoSuchEntity.
var deleteAccountAlias = &op.Op[*Account, iamwire.DeleteAccountAliasInput, iamwire.DeleteAccountAliasOutput, op.None]{
	Name: "DeleteAccountAlias", Action: "iam:DeleteAccountAlias",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.DeleteAccountAliasInput, op.None]) (*iamwire.DeleteAccountAliasOutput, error) {
		in, account := r.In, r.Account()
		return core.Done[iamwire.DeleteAccountAliasOutput](s.Store.Update(ctx, func(tx store.Tx) error {
			a, err := tx.Accounts().Get(ctx, account)
			if err != nil {
				return err
			}
			if a.Alias == "" || a.Alias != in.AccountAlias {
				return iamerr.NoSuchAlias.Err(in.AccountAlias)
			}
			a.Alias = ""
			return tx.Accounts().Update(ctx, a)
		}))
	}}

func (s *Account) DeleteAccountAlias(ctx context.Context, in *iamwire.DeleteAccountAliasInput) (*iamwire.DeleteAccountAliasOutput, error) {
	return deleteAccountAlias.Run(ctx, s, in)
}

// ListAccountAliases lists the account's alias: one or none. Marker and MaxItems work as on
// every IAM listing.
var listAccountAliases = &op.Op[*Account, iamwire.ListAccountAliasesInput, iamwire.ListAccountAliasesOutput, op.None]{
	Name: "ListAccountAliases", Action: "iam:ListAccountAliases",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.ListAccountAliasesInput, op.None]) (*iamwire.ListAccountAliasesOutput, error) {
		in, account := r.In, r.Account()
		opts, err := core.Page(in.Marker, in.MaxItems)
		if err != nil {
			return nil, err
		}
		var a store.Account
		err = s.Store.View(ctx, func(tx store.Tx) error {
			a, err = tx.Accounts().Get(ctx, account)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := &iamwire.ListAccountAliasesOutput{AccountAliases: []string{}}
		if a.Alias != "" && a.Alias > opts.After {
			out.AccountAliases = append(out.AccountAliases, a.Alias)
		}
		out.Marker, out.IsTruncated = core.NextMarker(false, "")
		return out, nil
	}}

func (s *Account) ListAccountAliases(ctx context.Context, in *iamwire.ListAccountAliasesInput) (*iamwire.ListAccountAliasesOutput, error) {
	return listAccountAliases.Run(ctx, s, in)
}
