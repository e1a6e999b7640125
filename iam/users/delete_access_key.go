package users

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteAccessKey deletes a key of a user (or, without UserName, of the caller). The key stops
// authenticating at once.
func (s *Users) DeleteAccessKey(ctx context.Context, in *iamwire.DeleteAccessKeyInput) (*iamwire.DeleteAccessKeyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	o, err := s.keyOwner(ctx, call, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeOwner(ctx, call, "iam:DeleteAccessKey", o); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		owner, err := o.ownerID(ctx, tx, account)
		if err != nil {
			return err
		}
		if _, err := ownedKey(ctx, tx, account, owner, in.AccessKeyId); err != nil {
			return err
		}
		return tx.AccessKeys().Delete(ctx, in.AccessKeyId)
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteAccessKeyOutput{}, nil
}
