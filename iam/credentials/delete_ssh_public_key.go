package credentials

import (
	"context"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// DeleteSSHPublicKey removes one of a user's SSH public keys.
var deleteSSHPublicKey = &op.Op[*Credentials, iamwire.DeleteSSHPublicKeyInput, iamwire.DeleteSSHPublicKeyOutput, core.Owner]{
	Name: "DeleteSSHPublicKey", Action: "iam:DeleteSSHPublicKey",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.DeleteSSHPublicKeyInput) string { return in.UserName }),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.DeleteSSHPublicKeyInput, core.Owner]) (*iamwire.DeleteSSHPublicKeyOutput, error) {
		in, o := r.In, r.Entity()
		var err error
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			id, err := o.InTx(ctx, tx)
			if err != nil {
				return err
			}
			err = tx.SSHPublicKeys().Delete(ctx, id, in.SSHPublicKeyId)
			if core.IsNotFound(err) {
				return iamerr.NoSuchSSHPublicKey.Err(in.SSHPublicKeyId)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return &iamwire.DeleteSSHPublicKeyOutput{}, nil
	}}

func (s *Credentials) DeleteSSHPublicKey(ctx context.Context, in *iamwire.DeleteSSHPublicKeyInput) (*iamwire.DeleteSSHPublicKeyOutput, error) {
	return deleteSSHPublicKey.Run(ctx, s, in)
}
