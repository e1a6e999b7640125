package users

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

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

func (s *Users) CreateAccessKey(ctx context.Context, in *iamwire.CreateAccessKeyInput) (*iamwire.CreateAccessKeyOutput, error) {
	return createAccessKey.Run(ctx, s, in)
}

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
