package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateSSHPublicKey makes a user's SSH public key Active or Inactive.
func (s *Credentials) UpdateSSHPublicKey(ctx context.Context, in *iamwire.UpdateSSHPublicKeyInput) (*iamwire.UpdateSSHPublicKeyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if in.Status != iamwire.StatusTypeActive && in.Status != iamwire.StatusTypeInactive {
		return nil, badStatus(in.Status)
	}
	account := call.Caller.AccountID
	o, err := s.findOwner(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:UpdateSSHPublicKey", o); err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		id, err := o.userID(ctx, tx, account)
		if err != nil {
			return err
		}
		err = tx.SSHPublicKeys().UpdateStatus(ctx, id, in.SSHPublicKeyId, string(in.Status))
		if core.IsNotFound(err) {
			return noSuchSSHPublicKey(in.SSHPublicKeyId)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamwire.UpdateSSHPublicKeyOutput{}, nil
}
