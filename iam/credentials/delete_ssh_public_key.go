package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteSSHPublicKey removes one of a user's SSH public keys.
func (s *Credentials) DeleteSSHPublicKey(ctx context.Context, in *iamwire.DeleteSSHPublicKeyInput) (*iamwire.DeleteSSHPublicKeyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	o, err := s.findOwner(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:DeleteSSHPublicKey", o); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		id, err := o.userID(ctx, tx, account)
		if err != nil {
			return err
		}
		err = tx.SSHPublicKeys().Delete(ctx, id, in.SSHPublicKeyId)
		if core.IsNotFound(err) {
			return noSuchSSHPublicKey(in.SSHPublicKeyId)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.DeleteSSHPublicKeyOutput{}, nil
}
