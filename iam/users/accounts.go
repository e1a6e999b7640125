package users

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/core"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Admin operations: not AWS APIs, but what `gatehouse serve` (first start) and `gatehouse
// accounts create` do until AWS Organizations exists. They live here because they make root
// access keys exactly as CreateAccessKey does (same IDs, secrets, sealing and quota).

// RootKey is a root user's access key with its secret.
type RootKey struct {
	AccessKeyID     string
	SecretAccessKey string
}

// Root key secrets given from outside (GATEHOUSE_ROOT_SECRET_ACCESS_KEY) must be at least this
// long: AWS's are 40 characters; shorter ones would be guessable.
const (
	minGivenSecret = 16
	maxGivenSecret = 128
)

// CheckRootKey checks the form of a root key given from outside: an AKIA… access key ID and a
// secret of 16 to 128 printable ASCII characters without spaces.
func CheckRootKey(k RootKey) error {
	var errs []error
	if !arn.IsAccessKeyID(k.AccessKeyID) || k.AccessKeyID[:4] != arn.PrefixAccessKey {
		errs = append(errs, fmt.Errorf("access key ID %q is not of the form AKIA followed by 16 characters A-Z and 2-7", k.AccessKeyID))
	}
	if n := len(k.SecretAccessKey); n < minGivenSecret || n > maxGivenSecret {
		errs = append(errs, fmt.Errorf("the secret access key must be %d to %d characters long", minGivenSecret, maxGivenSecret))
	} else {
		for i := 0; i < n; i++ {
			if c := k.SecretAccessKey[i]; c <= ' ' || c > '~' {
				errs = append(errs, errors.New("the secret access key must be printable ASCII without spaces"))
				break
			}
		}
	}
	return errors.Join(errs...)
}

// ErrAccountExists is CreateAccount's answer for an account ID already in use.
var ErrAccountExists = errors.New("iam: account already exists")

// CreateAccount creates an account, with a random 12-digit ID when id is "", and a root access
// key: given (already checked with CheckRootKey), or new. It returns the account and the key
// with its secret, which the caller shows once.
func (s *Users) CreateAccount(ctx context.Context, id string, given *RootKey) (store.Account, RootKey, error) {
	if id != "" && !arn.IsAccountID(id) {
		return store.Account{}, RootKey{}, fmt.Errorf("iam: account ID %q is not 12 digits", id)
	}
	const attempts = 5 // random IDs collide only in astronomically large deployments
	for range attempts {
		acctID := id
		if acctID == "" {
			var err error
			if acctID, err = newAccountID(s.Rand); err != nil {
				return store.Account{}, RootKey{}, err
			}
		}
		acct := store.Account{ID: acctID, Created: s.Timestamp()}
		var key RootKey
		err := s.Store.Update(ctx, func(tx store.Tx) error {
			if err := tx.Accounts().Create(ctx, acct); err != nil {
				return err
			}
			if given != nil {
				if _, err := tx.AccessKeys().Get(ctx, given.AccessKeyID); err == nil {
					return fmt.Errorf("iam: access key %s already exists", given.AccessKeyID)
				} else if !core.IsNotFound(err) {
					return err
				}
				key = *given
				_, err := s.storeKey(ctx, tx, acctID, "", given.AccessKeyID, given.SecretAccessKey)
				return err
			}
			k, secret, err := s.addAccessKey(ctx, tx, acctID, "")
			key = RootKey{AccessKeyID: k.ID, SecretAccessKey: secret}
			return err
		})
		if errors.Is(err, store.ErrAlreadyExists) {
			if id != "" {
				return store.Account{}, RootKey{}, fmt.Errorf("%w: %s", ErrAccountExists, id)
			}
			continue
		}
		if err != nil {
			return store.Account{}, RootKey{}, err
		}
		return acct, key, nil
	}
	return store.Account{}, RootKey{}, errors.New("iam: could not find a free account ID")
}

// EnsureRootKey makes key (already checked with CheckRootKey) a root access key of account
// unless it is one already; added reports whether it was added. A key ID that exists elsewhere,
// is Inactive, or has another secret is an error: the operator's credentials would not work.
func (s *Users) EnsureRootKey(ctx context.Context, account string, key RootKey) (added bool, err error) {
	secret, caller, err := s.Authn.Lookup(ctx, key.AccessKeyID)
	switch {
	case err == nil:
		if caller.Kind != callctx.KindRoot || caller.AccountID != account {
			return false, fmt.Errorf("iam: access key %s belongs to %s, not to the root user of %s", key.AccessKeyID, caller.ARN, account)
		}
		if subtle.ConstantTimeCompare(secret, []byte(key.SecretAccessKey)) != 1 {
			return false, fmt.Errorf("iam: access key %s exists with another secret", key.AccessKeyID)
		}
		return false, nil
	case !errors.Is(err, authn.ErrUnknownKey):
		return false, err
	}
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.AccessKeys().Get(ctx, key.AccessKeyID); err == nil {
			return fmt.Errorf("iam: access key %s exists but is inactive", key.AccessKeyID)
		} else if !core.IsNotFound(err) {
			return err
		}
		n, err := tx.AccessKeys().CountForUser(ctx, account, "")
		if err != nil {
			return err
		}
		if n >= MaxAccessKeysPerUser {
			return fmt.Errorf("iam: the root user of %s already has %d access keys; delete one to add %s",
				account, n, key.AccessKeyID)
		}
		_, err = s.storeKey(ctx, tx, account, "", key.AccessKeyID, key.SecretAccessKey)
		return err
	})
	return err == nil, err
}

// ErrNoAccount is RotateRootKey's answer for an account that does not exist.
var ErrNoAccount = errors.New("iam: no such account")

// RotateRootKey replaces every access key of account's root user with one new key, in one
// transaction: the old keys stop working as soon as the change reaches each node's cache. It
// returns the new key with its secret (which the caller shows once) and the IDs of the keys it
// deleted.
func (s *Users) RotateRootKey(ctx context.Context, account string) (RootKey, []string, error) {
	var key RootKey
	var removed []string
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		removed = nil
		if _, err := tx.Accounts().Get(ctx, account); core.IsNotFound(err) {
			return fmt.Errorf("%w: %s", ErrNoAccount, account)
		} else if err != nil {
			return err
		}
		old, _, err := tx.AccessKeys().ListForUser(ctx, account, "", store.ListOptions{Limit: MaxAccessKeysPerUser + 1})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := tx.AccessKeys().Delete(ctx, k.ID); err != nil {
				return err
			}
			removed = append(removed, k.ID)
		}
		k, secret, err := s.addAccessKey(ctx, tx, account, "")
		key = RootKey{AccessKeyID: k.ID, SecretAccessKey: secret}
		return err
	})
	if err != nil {
		return RootKey{}, nil, err
	}
	return key, removed, nil
}

// newAccountID returns 12 random decimal digits.
func newAccountID(r io.Reader) (string, error) {
	n, err := rand.Int(r, big.NewInt(1_000_000_000_000))
	if err != nil {
		return "", fmt.Errorf("iam: generating an account ID: %w", err)
	}
	return fmt.Sprintf("%012d", n.Int64()), nil
}
