package users

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamerr"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// keyOwner is the resolver of the access-key operations: a named user, or, without UserName,
// the caller itself (an IAM user, or the account's root user).
func keyOwner[In any](name func(*In) *string) op.Resolver[*Users, In, core.Owner] {
	return core.OwnerOf[*Users](name, core.SelfUserOrRoot)
}

// ownerKeys names the condition keys of keyOwner's targets.
var ownerKeys = keyOwner(func(*struct{}) *string { return nil })

// changeKey changes a key of the owner in a write transaction, after re-reading the owner and
// checking that the key is the owner's.
func (s *Users) changeKey(ctx context.Context, o core.Owner, account, keyID string, change func(tx store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		owner, err := o.InTx(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := ownedKey(ctx, tx, account, owner, keyID); err != nil {
			return err
		}
		return change(tx)
	})
}

// ownedKey reads an access key inside a write and checks that it belongs to the owner.
func ownedKey(ctx context.Context, tx store.Tx, account, ownerID, keyID string) (store.AccessKey, error) {
	k, err := tx.AccessKeys().Get(ctx, keyID)
	if err != nil || k.AccountID != account || k.UserID != ownerID {
		if err == nil || core.IsNotFound(err) {
			return k, iamerr.NoSuchAccessKey.Err(keyID)
		}
		return k, err
	}
	return k, nil
}

// CreateAccessKey creates an access key for a user (or, without UserName, for the caller) and
// returns its secret: the only time the secret is ever shown. The secret is sealed before it
// is stored, with the key ID as associated data so a sealed secret copied to another key does
// not open.
var createAccessKey = &op.Op[*Users, iamwire.CreateAccessKeyInput, iamwire.CreateAccessKeyOutput, core.Owner]{
	Name: "CreateAccessKey", Action: "iam:CreateAccessKey",
	Resolve: keyOwner(func(in *iamwire.CreateAccessKeyInput) *string { return in.UserName }),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.CreateAccessKeyInput, core.Owner]) (*iamwire.CreateAccessKeyOutput, error) {
		var k store.AccessKey
		var secret string
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			owner, err := r.Entity().InTx(ctx, tx)
			if err != nil {
				return err
			}
			k, secret, err = s.addAccessKey(ctx, tx, r.Account(), owner)
			return err
		})
		if err != nil {
			return nil, err
		}
		created := k.Created
		out := iamwire.AccessKey{AccessKeyId: k.ID, Status: iamwire.StatusTypeActive, SecretAccessKey: secret, CreateDate: &created,
			UserName: r.Entity().Name()}
		return &iamwire.CreateAccessKeyOutput{AccessKey: out}, nil
	}}

// addAccessKey creates a new active key for a user (userID "" for root) inside tx, enforcing
// the quota, and returns it with its secret.
func (s *Users) addAccessKey(ctx context.Context, tx store.Tx, account, userID string) (store.AccessKey, string, error) {
	n, err := tx.AccessKeys().CountForUser(ctx, account, userID)
	if err != nil {
		return store.AccessKey{}, "", err
	}
	if n >= MaxAccessKeysPerUser {
		return store.AccessKey{}, "", core.QuotaExceeded("AccessKeysPerUser", MaxAccessKeysPerUser)
	}
	id, err := arn.NewAccessKeyID(s.Rand, false)
	if err != nil {
		return store.AccessKey{}, "", err
	}
	secret, err := s.NewSecret()
	if err != nil {
		return store.AccessKey{}, "", err
	}
	k, err := s.storeKey(ctx, tx, account, userID, id, secret)
	return k, secret, err
}

// storeKey seals secret and stores the key.
func (s *Users) storeKey(ctx context.Context, tx store.Tx, account, userID, id, secret string) (store.AccessKey, error) {
	sealed, err := s.Secrets.Seal([]byte(secret), []byte(id))
	if err != nil {
		return store.AccessKey{}, fmt.Errorf("iam: sealing a secret access key: %w", err)
	}
	k := store.AccessKey{ID: id, AccountID: account, UserID: userID, Status: store.StatusActive, SealedSecret: sealed,
		Created: s.Timestamp()}
	if err := tx.AccessKeys().Create(ctx, k); err != nil {
		return store.AccessKey{}, err
	}
	return k, nil
}

// UpdateAccessKey makes a key Active or Inactive. An Inactive key stops authenticating at once:
// the write reaches the key cache before this returns.
var updateAccessKey = &op.Op[*Users, iamwire.UpdateAccessKeyInput, iamwire.UpdateAccessKeyOutput, core.Owner]{
	Name: "UpdateAccessKey", Action: "iam:UpdateAccessKey",
	Resolve: op.Resolver[*Users, iamwire.UpdateAccessKeyInput, core.Owner]{Keys: ownerKeys.Keys,
		Find: func(s *Users, ctx context.Context, call *callctx.Call, in *iamwire.UpdateAccessKeyInput) (op.Target[core.Owner], error) {
			if err := core.CheckStatus(in.Status); err != nil {
				return op.Target[core.Owner]{}, err
			}
			return keyOwner(func(in *iamwire.UpdateAccessKeyInput) *string { return in.UserName }).Find(s, ctx, call, in)
		}},
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.UpdateAccessKeyInput, core.Owner]) (*iamwire.UpdateAccessKeyOutput, error) {
		return core.Done[iamwire.UpdateAccessKeyOutput](s.changeKey(ctx, r.Entity(), r.Account(), r.In.AccessKeyId, func(tx store.Tx) error {
			return tx.AccessKeys().UpdateStatus(ctx, r.In.AccessKeyId, string(r.In.Status))
		}))
	}}

// DeleteAccessKey deletes a key of a user (or, without UserName, of the caller). The key stops
// authenticating at once.
var deleteAccessKey = &op.Op[*Users, iamwire.DeleteAccessKeyInput, iamwire.DeleteAccessKeyOutput, core.Owner]{
	Name: "DeleteAccessKey", Action: "iam:DeleteAccessKey",
	Resolve: keyOwner(func(in *iamwire.DeleteAccessKeyInput) *string { return in.UserName }),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.DeleteAccessKeyInput, core.Owner]) (*iamwire.DeleteAccessKeyOutput, error) {
		return core.Done[iamwire.DeleteAccessKeyOutput](s.changeKey(ctx, r.Entity(), r.Account(), r.In.AccessKeyId, func(tx store.Tx) error {
			return tx.AccessKeys().Delete(ctx, r.In.AccessKeyId)
		}))
	}}

// ListAccessKeys lists the access keys of a user (or, without UserName, of the caller), without
// their secrets.
var listAccessKeys = &op.Op[*Users, iamwire.ListAccessKeysInput, iamwire.ListAccessKeysOutput, core.Owner]{
	Name: "ListAccessKeys", Action: "iam:ListAccessKeys",
	Resolve: keyOwner(func(in *iamwire.ListAccessKeysInput) *string { return in.UserName }),
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.ListAccessKeysInput, core.Owner]) (*iamwire.ListAccessKeysOutput, error) {
		root := r.Entity().Root
		page, err := core.List(ctx, s.Store, r.In.Marker, r.In.MaxItems, nil,
			func(tx store.Tx, o store.ListOptions) ([]store.AccessKey, bool, error) {
				return tx.AccessKeys().ListForUser(ctx, r.Account(), r.Entity().ID(), o)
			},
			func(k *store.AccessKey) string { return k.ID },
			func(k *store.AccessKey) iamwire.AccessKeyMetadata {
				id, status, created := k.ID, iamwire.StatusType(k.Status), k.Created
				m := iamwire.AccessKeyMetadata{AccessKeyId: &id, Status: &status, CreateDate: &created}
				if !root {
					name := k.UserName
					m.UserName = &name
				}
				return m
			})
		if err != nil {
			return nil, err
		}
		return &iamwire.ListAccessKeysOutput{AccessKeyMetadata: page.Items, Marker: page.Marker, IsTruncated: page.IsTruncated}, nil
	}}

// notApplicable is what AWS reports as the service and region of a key never used.
const notApplicable = "N/A"

// keyInUse is an access key with its owner (nil for the root user's keys).
type keyInUse struct {
	key   store.AccessKey
	owner *store.User
}

// GetAccessKeyLastUsed reports when, where and with which service a key was last used. The
// usage buffered in memory is written first, so the answer includes the request just before.
// It is authorized on the key's owner; a key that is not in the caller's account is AWS's
// AccessDenied (to root too), which reveals nothing about other accounts' keys.
var getAccessKeyLastUsed = &op.Op[*Users, iamwire.GetAccessKeyLastUsedInput, iamwire.GetAccessKeyLastUsedOutput, keyInUse]{
	Name: "GetAccessKeyLastUsed", Action: "iam:GetAccessKeyLastUsed",
	Resolve: op.Resolver[*Users, iamwire.GetAccessKeyLastUsedInput, keyInUse]{Find: findKeyInUse},
	Handle: func(s *Users, ctx context.Context, r *op.Request[iamwire.GetAccessKeyLastUsedInput, keyInUse]) (*iamwire.GetAccessKeyLastUsedOutput, error) {
		k := r.Entity()
		out := &iamwire.GetAccessKeyLastUsedOutput{AccessKeyLastUsed: &iamwire.AccessKeyLastUsed{ServiceName: notApplicable, Region: notApplicable}}
		if k.owner != nil {
			name := k.owner.Name
			out.UserName = &name
		}
		if u := k.key.LastUsed; !u.When.IsZero() {
			when := u.When
			out.AccessKeyLastUsed = &iamwire.AccessKeyLastUsed{LastUsedDate: &when, ServiceName: u.Service, Region: u.Region}
		}
		return out, nil
	}}

// findKeyInUse flushes the buffered usage and reads the key with its owner.
func findKeyInUse(s *Users, ctx context.Context, call *callctx.Call, in *iamwire.GetAccessKeyLastUsedInput) (op.Target[keyInUse], error) {
	c := call.Caller
	if err := s.Usage.Flush(ctx); err != nil {
		return op.Target[keyInUse]{}, err
	}
	var k keyInUse
	found := false
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		k.key, err = tx.AccessKeys().Get(ctx, in.AccessKeyId)
		if core.IsNotFound(err) || (err == nil && k.key.AccountID != c.AccountID) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		if k.key.UserID != "" {
			u, err := tx.Users().GetByID(ctx, k.key.UserID)
			k.owner = &u
			return err
		}
		return nil
	})
	switch {
	case err != nil:
		return op.Target[keyInUse]{}, err
	case !found:
		return op.Target[keyInUse]{}, iamerr.KeyLastUsedDenied.Err(c.ARN, in.AccessKeyId)
	case k.owner != nil:
		return op.Target[keyInUse]{ARN: k.owner.ARN, Entity: k}, nil
	}
	return op.Target[keyInUse]{ARN: arn.Root(c.AccountID), Entity: k}, nil
}
