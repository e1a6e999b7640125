package account

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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
