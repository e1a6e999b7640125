package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UpdateSSHPublicKey makes a user's SSH public key Active or Inactive.
var updateSSHPublicKey = &op.Op[*Credentials, iamwire.UpdateSSHPublicKeyInput, iamwire.UpdateSSHPublicKeyOutput, core.Owner]{
	Name: "UpdateSSHPublicKey", Action: "iam:UpdateSSHPublicKey",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.UpdateSSHPublicKeyInput) string { return in.UserName }),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UpdateSSHPublicKeyInput, core.Owner]) (*iamwire.UpdateSSHPublicKeyOutput, error) {
		in, o := r.In, r.Entity()
		var err error
		if in.Status != iamwire.StatusTypeActive && in.Status != iamwire.StatusTypeInactive {
			return nil, iamerr.BadStatus.Err(in.Status)
		}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			id, err := o.InTx(ctx, tx)
			if err != nil {
				return err
			}
			err = tx.SSHPublicKeys().UpdateStatus(ctx, id, in.SSHPublicKeyId, string(in.Status))
			if core.IsNotFound(err) {
				return iamerr.NoSuchSSHPublicKey.Err(in.SSHPublicKeyId)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.UpdateSSHPublicKeyOutput{}, nil
	}}

func (s *Credentials) UpdateSSHPublicKey(ctx context.Context, in *iamwire.UpdateSSHPublicKeyInput) (*iamwire.UpdateSSHPublicKeyOutput, error) {
	return updateSSHPublicKey.Run(ctx, s, in)
}
