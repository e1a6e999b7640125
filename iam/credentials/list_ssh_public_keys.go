package credentials

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// ListSSHPublicKeys lists a user's SSH public keys (without UserName, the calling user's),
// without their bodies, ordered by key ID. The root user has no SSH keys: its listing is
// empty.
var listSSHPublicKeys = &op.Op[*Credentials, iamwire.ListSSHPublicKeysInput, iamwire.ListSSHPublicKeysOutput, core.Owner]{
	Name: "ListSSHPublicKeys", Action: "iam:ListSSHPublicKeys",
	Resolve: core.OwnerOf[*Credentials](func(in *iamwire.ListSSHPublicKeysInput) *string { return in.UserName }, core.SelfUserOrRoot),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.ListSSHPublicKeysInput, core.Owner]) (*iamwire.ListSSHPublicKeysOutput, error) {
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.SSHPublicKey, bool, error) {
				if r.Entity().Root {
					return nil, false, nil
				}
				return tx.SSHPublicKeys().ForUser(ctx, r.Entity().ID(), o)
			},
			func(k *store.SSHPublicKey) string { return k.ID },
			func(k *store.SSHPublicKey) iamwire.SSHPublicKeyMetadata {
				return iamwire.SSHPublicKeyMetadata{UserName: k.UserName, SSHPublicKeyId: k.ID,
					Status: iamwire.StatusType(k.Status), UploadDate: k.Uploaded}
			})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListSSHPublicKeysOutput{SSHPublicKeys: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

func (s *Credentials) ListSSHPublicKeys(ctx context.Context, in *iamwire.ListSSHPublicKeysInput) (*iamwire.ListSSHPublicKeysOutput, error) {
	return listSSHPublicKeys.Run(ctx, s, in)
}
