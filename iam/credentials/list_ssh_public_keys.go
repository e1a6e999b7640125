package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListSSHPublicKeys lists a user's SSH public keys (without UserName, the calling user's),
// without their bodies, ordered by key ID. The root user has no SSH keys: its listing is
// empty.
func (s *Credentials) ListSSHPublicKeys(ctx context.Context, in *iamwire.ListSSHPublicKeysInput) (*iamwire.ListSSHPublicKeysOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	root := in.UserName == nil && call.Caller.Kind == callctx.KindRoot
	o, err := s.ownerOf(ctx, call, in.UserName, root)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:ListSSHPublicKeys", o); err != nil {
		return nil, err
	}
	opts, err := core.Page(in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	var keys []store.SSHPublicKey
	var more bool
	if !o.root {
		err = s.Store.View(ctx, func(tx store.Tx) error {
			keys, more, err = tx.SSHPublicKeys().ForUser(ctx, o.user.ID, opts)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	out := &iamwire.ListSSHPublicKeysOutput{SSHPublicKeys: make([]iamwire.SSHPublicKeyMetadata, len(keys))}
	for i, k := range keys {
		out.SSHPublicKeys[i] = iamwire.SSHPublicKeyMetadata{UserName: k.UserName, SSHPublicKeyId: k.ID,
			Status: iamwire.StatusType(k.Status), UploadDate: k.Uploaded}
	}
	last := ""
	if len(keys) > 0 {
		last = keys[len(keys)-1].ID
	}
	out.Marker, out.IsTruncated = core.NextMarker(more, last)
	return out, nil
}
