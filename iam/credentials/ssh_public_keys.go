package credentials

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
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
			if err := core.Unique(tx.SSHPublicKeys().Create(ctx, k), iamerr.DuplicateSSHPublicKey.Err()); err != nil {
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

// wireSSHPublicKey is a key as Upload and Get return it, with its body in the requested
// encoding.
func wireSSHPublicKey(k store.SSHPublicKey, body string) iamwire.SSHPublicKey {
	up := k.Uploaded
	return iamwire.SSHPublicKey{UserName: k.UserName, SSHPublicKeyId: k.ID, Fingerprint: k.Fingerprint,
		SSHPublicKeyBody: body, Status: iamwire.StatusType(k.Status), UploadDate: &up}
}

// GetSSHPublicKey returns one of a user's SSH public keys, its body in OpenSSH form
// (Encoding SSH) or PEM (Encoding PEM).
var getSSHPublicKey = &op.Op[*Credentials, iamwire.GetSSHPublicKeyInput, iamwire.GetSSHPublicKeyOutput, core.Owner]{
	Name: "GetSSHPublicKey", Action: "iam:GetSSHPublicKey",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.GetSSHPublicKeyInput) string { return in.UserName }),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.GetSSHPublicKeyInput, core.Owner]) (*iamwire.GetSSHPublicKeyOutput, error) {
		in, o := r.In, r.Entity()
		k, err := core.ReadOr(ctx, s.Store, iamerr.NoSuchSSHPublicKey.Err(in.SSHPublicKeyId), func(tx store.Tx) (store.SSHPublicKey, error) {
			return tx.SSHPublicKeys().Get(ctx, o.ID(), in.SSHPublicKeyId)
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

// UpdateSSHPublicKey makes a user's SSH public key Active or Inactive.
var updateSSHPublicKey = &op.Op[*Credentials, iamwire.UpdateSSHPublicKeyInput, iamwire.UpdateSSHPublicKeyOutput, core.Owner]{
	Name: "UpdateSSHPublicKey", Action: "iam:UpdateSSHPublicKey",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.UpdateSSHPublicKeyInput) string { return in.UserName }),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.UpdateSSHPublicKeyInput, core.Owner]) (*iamwire.UpdateSSHPublicKeyOutput, error) {
		in := r.In
		if err := core.CheckStatus(in.Status); err != nil {
			return nil, err
		}
		return core.Done[iamwire.UpdateSSHPublicKeyOutput](r.Entity().Write(ctx, s.Store, iamerr.NoSuchSSHPublicKey.Err(in.SSHPublicKeyId),
			func(tx store.Tx, userID string) error {
				return tx.SSHPublicKeys().UpdateStatus(ctx, userID, in.SSHPublicKeyId, string(in.Status))
			}))
	}}

// DeleteSSHPublicKey removes one of a user's SSH public keys.
var deleteSSHPublicKey = &op.Op[*Credentials, iamwire.DeleteSSHPublicKeyInput, iamwire.DeleteSSHPublicKeyOutput, core.Owner]{
	Name: "DeleteSSHPublicKey", Action: "iam:DeleteSSHPublicKey",
	Resolve: core.NamedUser[*Credentials](func(in *iamwire.DeleteSSHPublicKeyInput) string { return in.UserName }),
	Handle: func(s *Credentials, ctx context.Context, r *op.Request[iamwire.DeleteSSHPublicKeyInput, core.Owner]) (*iamwire.DeleteSSHPublicKeyOutput, error) {
		in := r.In
		return core.Done[iamwire.DeleteSSHPublicKeyOutput](r.Entity().Write(ctx, s.Store, iamerr.NoSuchSSHPublicKey.Err(in.SSHPublicKeyId),
			func(tx store.Tx, userID string) error {
				return tx.SSHPublicKeys().Delete(ctx, userID, in.SSHPublicKeyId)
			}))
	}}

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
