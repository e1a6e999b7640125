package account

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteAccountPasswordPolicy removes the account's custom password policy; AWS's default
// policy applies again.
var deleteAccountPasswordPolicy = &op.Op[*Account, iamwire.DeleteAccountPasswordPolicyInput, iamwire.DeleteAccountPasswordPolicyOutput, op.None]{
	Name: "DeleteAccountPasswordPolicy", Action: "iam:DeleteAccountPasswordPolicy",
	Handle: func(s *Account, ctx context.Context, r *op.Request[iamwire.DeleteAccountPasswordPolicyInput, op.None]) (*iamwire.DeleteAccountPasswordPolicyOutput, error) {
		account := r.Account()
		var err error
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			err := tx.Accounts().DeletePasswordPolicy(ctx, account)
			if core.IsNotFound(err) {
				return iamerr.NoPasswordPolicyToDelete.Err()
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteAccountPasswordPolicyOutput{}, nil
	}}

func (s *Account) DeleteAccountPasswordPolicy(ctx context.Context, in *iamwire.DeleteAccountPasswordPolicyInput) (*iamwire.DeleteAccountPasswordPolicyOutput, error) {
	return deleteAccountPasswordPolicy.Run(ctx, s, in)
}
