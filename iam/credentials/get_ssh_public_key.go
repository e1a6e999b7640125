package credentials

import (
	"context"
	"fmt"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetSSHPublicKey returns one of a user's SSH public keys, its body in OpenSSH form
// (Encoding SSH) or PEM (Encoding PEM).
var getSSHPublicKey = &op.Op[*Credentials, iamwire.GetSSHPublicKeyInput, iamwire.GetSSHPublicKeyOutput, core.Owner]{
	Name: "GetSSHPublicKey", Action: "iam:GetSSHPublicKey",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.GetSSHPublicKeyInput) string { return in.UserName }),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.GetSSHPublicKeyInput, core.Owner]) (*iamwire.GetSSHPublicKeyOutput, error) {
		var err error
		in, o := r.In, r.Entity()
		var k store.SSHPublicKey
		err = s.Store.View(ctx, func(tx store.Tx) error {
			k, err = tx.SSHPublicKeys().Get(ctx, o.ID(), in.SSHPublicKeyId)
			if core.IsNotFound(err) {
				return iamerr.NoSuchSSHPublicKey.Err(in.SSHPublicKeyId)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		body, err := encodeSSHPublicKey(k.Body, in.Encoding == iamwire.EncodingTypePem)
		if err != nil {
			return nil, fmt.Errorf("iam: stored SSH public key %s: %w", k.ID, err)
		}
		out := wireSSHPublicKey(k, body)
		return &iamwire.GetSSHPublicKeyOutput{SSHPublicKey: &out}, nil
	}}

func (s *Credentials) GetSSHPublicKey(ctx context.Context, in *iamwire.GetSSHPublicKeyInput) (*iamwire.GetSSHPublicKeyOutput, error) {
	return getSSHPublicKey.Run(ctx, s, in)
}
