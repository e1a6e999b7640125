package credentials

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// UploadSSHPublicKey associates an SSH public key with a user, for CodeCommit. The key is
// parsed and checked (see parseSSHPublicKey), stored in its normalized OpenSSH form, and
// fingerprinted as IAM does (MD5, colon-separated hex). A user has at most
// MaxSSHPublicKeysPerUser keys, each at most once.
func (s *Credentials) UploadSSHPublicKey(ctx context.Context, in *iamwire.UploadSSHPublicKeyInput) (*iamwire.UploadSSHPublicKeyOutput, error) {
	call, err := core.Begin(ctx)
	if err != nil {
		return nil, err
	}
	account := call.Caller.AccountID
	o, err := s.findOwner(ctx, account, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, call, "iam:UploadSSHPublicKey", o); err != nil {
		return nil, err
	}
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
		if k.UserID, err = o.userID(ctx, tx, account); err != nil {
			return err
		}
		existing, _, err := tx.SSHPublicKeys().ForUser(ctx, k.UserID, store.ListOptions{Limit: MaxSSHPublicKeysPerUser + 1})
		if err != nil {
			return err
		}
		for _, e := range existing {
			if e.Fingerprint == k.Fingerprint {
				return duplicateSSHPublicKey()
			}
		}
		if len(existing) >= MaxSSHPublicKeysPerUser {
			return core.QuotaExceeded("SSHPublicKeysPerUser", MaxSSHPublicKeysPerUser)
		}
		if err := tx.SSHPublicKeys().Create(ctx, k); err != nil {
			if errors.Is(err, store.ErrAlreadyExists) {
				return duplicateSSHPublicKey()
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	k.UserName = o.user.Name
	out := wireSSHPublicKey(k, k.Body)
	return &iamwire.UploadSSHPublicKeyOutput{SSHPublicKey: &out}, nil
}

// wireSSHPublicKey is a key as Upload and Get return it, with its body in the requested
// encoding.
func wireSSHPublicKey(k store.SSHPublicKey, body string) iamwire.SSHPublicKey {
	up := k.Uploaded
	return iamwire.SSHPublicKey{UserName: k.UserName, SSHPublicKeyId: k.ID, Fingerprint: k.Fingerprint,
		SSHPublicKeyBody: body, Status: iamwire.StatusType(k.Status), UploadDate: &up}
}
