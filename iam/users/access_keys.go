package users

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
)

// keyOwner is the resolver of the access-key operations: a named user, or, without UserName,
// the caller itself (an IAM user, or the account's root user).
func keyOwner[In any](name func(*In) *string) op.Resolver[*Users, In, core.Owner] {
	return core.OwnerOf[*Users](name, core.SelfUserOrRoot)
}

// ownerKeys names the condition keys of keyOwner's targets.
var ownerKeys = keyOwner(func(*struct{}) *string { return nil })

// changeKey changes a key of the owner in a write transaction, after re-reading the owner and
// checking that the key is the owner's.
func (s *Users) changeKey(ctx context.Context, o core.Owner, account, keyID string, change func(tx store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		owner, err := o.InTx(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := ownedKey(ctx, tx, account, owner, keyID); err != nil {
			return err
		}
		return change(tx)
	})
}

// ownedKey reads an access key inside a write and checks that it belongs to the owner.
func ownedKey(ctx context.Context, tx store.Tx, account, ownerID, keyID string) (store.AccessKey, error) {
	k, err := tx.AccessKeys().Get(ctx, keyID)
	if err != nil || k.AccountID != account || k.UserID != ownerID {
		if err == nil || core.IsNotFound(err) {
			return k, iamerr.NoSuchAccessKey.Err(keyID)
		}
		return k, err
	}
	return k, nil
}
