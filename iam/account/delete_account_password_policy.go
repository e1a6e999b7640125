package account

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteAccountPasswordPolicy removes the account's custom password policy; AWS's default
// policy applies again.
func (s *Account) DeleteAccountPasswordPolicy(ctx context.Context, in *iamwire.DeleteAccountPasswordPolicyInput) (*iamwire.DeleteAccountPasswordPolicyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	if err := s.Authorize(ctx, call, "iam:DeleteAccountPasswordPolicy", accountWide); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		err := tx.Accounts().DeletePasswordPolicy(ctx, account)
		if core.IsNotFound(err) {
			return noPasswordPolicyToDelete()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteAccountPasswordPolicyOutput{}, nil
}
