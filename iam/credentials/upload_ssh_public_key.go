package credentials

import (
	"context"
	"errors"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"

	"github.com/gatehouse-iam/gatehouse/op"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UploadSSHPublicKey associates an SSH public key with a user, for CodeCommit. The key is
// parsed and checked (see parseSSHPublicKey), stored in its normalized OpenSSH form, and
// fingerprinted as IAM does (MD5, colon-separated hex). A user has at most
// MaxSSHPublicKeysPerUser keys, each at most once.
var uploadSSHPublicKey = &op.Op[*Credentials, iamwire.UploadSSHPublicKeyInput, iamwire.UploadSSHPublicKeyOutput, core.Owner]{
	Name: "UploadSSHPublicKey", Action: "iam:UploadSSHPublicKey",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.UploadSSHPublicKeyInput) string { return in.UserName }),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UploadSSHPublicKeyInput, core.Owner]) (*iamwire.UploadSSHPublicKeyOutput, error) {
		in, o := r.In, r.Entity()
		key, perr := parseSSHPublicKey(in.SSHPublicKeyBody)
		if perr != nil {
			return nil, perr
		}
		id, err := arn.NewUniqueID(s.Rand, arn.PrefixPublicKey)
		if err != nil {
			return nil, err
		}
		k := store.SSHPublicKey{ID: id, Body: key.body, Fingerprint: key.fingerprint, Status: store.StatusActive,
			Uploaded: s.Timestamp()}
		err = s.Store.Update(ctx, func(tx store.Tx) error {
			if k.UserID, err = o.InTx(ctx, tx); err != nil {
				return err
			}
			existing, _, err := tx.SSHPublicKeys().ForUser(ctx, k.UserID, store.ListOptions{Limit: MaxSSHPublicKeysPerUser + 1})
			if err != nil {
				return err
			}
			for _, e := range existing {
				if e.Fingerprint == k.Fingerprint {
					return iamerr.DuplicateSSHPublicKey.Err()
				}
			}
			if len(existing) >= MaxSSHPublicKeysPerUser {
				return core.QuotaExceeded("SSHPublicKeysPerUser", MaxSSHPublicKeysPerUser)
			}
			if err := tx.SSHPublicKeys().Create(ctx, k); err != nil {
				if errors.Is(err, store.ErrAlreadyExists) {
					return iamerr.DuplicateSSHPublicKey.Err()
				}
				return err
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		k.UserName = o.Name()
		out := wireSSHPublicKey(k, k.Body)
		return &iamwire.UploadSSHPublicKeyOutput{SSHPublicKey: &out}, nil
	}}

func (s *Credentials) UploadSSHPublicKey(ctx context.Context, in *iamwire.UploadSSHPublicKeyInput) (*iamwire.UploadSSHPublicKeyOutput, error) {
	return uploadSSHPublicKey.Run(ctx, s, in)
}

// wireSSHPublicKey is a key as Upload and Get return it, with its body in the requested
// encoding.
func wireSSHPublicKey(k store.SSHPublicKey, body string) iamwire.SSHPublicKey {
	up := k.Uploaded
	return iamwire.SSHPublicKey{UserName: k.UserName, SSHPublicKeyId: k.ID, Fingerprint: k.Fingerprint,
		SSHPublicKeyBody: body, Status: iamwire.StatusType(k.Status), UploadDate: &up}
}
