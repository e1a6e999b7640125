package credentials

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// GetSSHPublicKey returns one of a user's SSH public keys, its body in OpenSSH form
// (Encoding SSH) or PEM (Encoding PEM).
func (s *Credentials) GetSSHPublicKey(ctx context.Context, in *iamwire.GetSSHPublicKeyInput) (*iamwire.GetSSHPublicKeyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.findOwner(ctx, call.Caller.AccountID, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:GetSSHPublicKey", o); err != nil {
		return nil, err
	}
	var k store.SSHPublicKey
	err = s.Store.View(ctx, func(tx store.Tx) error {
		k, err = tx.SSHPublicKeys().Get(ctx, o.user.ID, in.SSHPublicKeyId)
		if core.IsNotFound(err) {
			return noSuchSSHPublicKey(in.SSHPublicKeyId)
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
}
