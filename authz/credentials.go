package authz

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

// ErrUnknownKey is Lookup's answer for an access key that does not exist or is Inactive:
// the api package answers InvalidClientTokenId, as AWS does for both.
var ErrUnknownKey = errors.New("authz: unknown or inactive access key")

// Lookup returns the secret of an active long-term access key and the caller it authenticates.
// The secret is the cache's own copy: the caller must not modify it. An unknown or Inactive
// key is ErrUnknownKey.
func (a *Authorizer) Lookup(ctx context.Context, accessKeyID string) (secret []byte, caller *Caller, err error) {
	c := a.cache
	c.mu.RLock()
	e, ok := c.keys[accessKeyID]
	epoch := c.epoch
	c.mu.RUnlock()
	if ok {
		return e.secret, e.caller, nil
	}
	e, err = a.loadKey(ctx, accessKeyID)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	if c.epoch == epoch {
		if len(c.keys) >= maxKeys {
			clear(c.keys)
		}
		c.keys[accessKeyID] = e
	}
	c.mu.Unlock()
	return e.secret, e.caller, nil
}

func (a *Authorizer) loadKey(ctx context.Context, id string) (*keyEntry, error) {
	if a.secrets == nil {
		return nil, errors.New("authz: no secret opener configured")
	}
	var k store.AccessKey
	var u store.User
	err := a.raw.View(ctx, func(tx store.Tx) error {
		var err error
		if k, err = tx.AccessKeys().Get(ctx, id); err != nil {
			return err
		}
		if k.UserID != "" {
			u, err = tx.Users().GetByID(ctx, k.UserID)
		}
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnknownKey
	}
	if err != nil {
		return nil, fmt.Errorf("authz: looking up access key %s: %w", id, err)
	}
	if k.Status != store.StatusActive {
		return nil, ErrUnknownKey
	}
	secret, err := a.secrets.Open(k.SealedSecret, []byte(k.ID))
	if err != nil {
		return nil, fmt.Errorf("authz: opening the secret of access key %s: %w", id, err)
	}
	caller := &Caller{Kind: KindRoot, AccountID: k.AccountID, ARN: RootARN(k.AccountID), UniqueID: k.AccountID,
		AccessKeyID: k.ID}
	if k.UserID != "" {
		caller = &Caller{Kind: KindUser, AccountID: k.AccountID, ARN: u.ARN, UniqueID: u.ID, UserID: u.ID,
			UserName: u.Name, AccessKeyID: k.ID}
	}
	return &keyEntry{secret: secret, caller: caller}, nil
}
