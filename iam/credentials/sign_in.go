package credentials

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/internal/password"
	"github.com/gatehouse-iam/gatehouse/store"
)

// What SignIn and ChangePasswordAtSignIn answer besides success. They never say whether the
// account or the user exists, or whether the user has a password.
var (
	// ErrSignInFailed: no such account or user, no console password, or a wrong password.
	ErrSignInFailed = errors.New("credentials: the account, user name or password is incorrect")
	// ErrPasswordExpired: the password expired under a policy with HardExpiry; only an
	// administrator can reset it.
	ErrPasswordExpired = errors.New("credentials: the password has expired and must be reset by an administrator")
	// ErrChangeNotRequired: ChangePasswordAtSignIn for a user who need not change its password;
	// it must use ChangePassword, which IAM authorizes.
	ErrChangeNotRequired = errors.New("credentials: no password change is required")
)

// SignIn is a successful console sign-in.
type SignIn struct {
	User store.User
	// MustChangePassword: the user must set a new password (ChangePasswordAtSignIn) before
	// going on, because an administrator required it or because the password expired.
	MustChangePassword bool
}

// SignIn checks a user's console password, as the AWS sign-in page does, for the web console.
// account is the account's ID or alias. On success it records the use as the user's
// PasswordLastUsed (GetUser, the credential report) and, when the stored hash was made with
// older parameters, stores a fresh hash. Failures are ErrSignInFailed or ErrPasswordExpired;
// the time a failure takes does not reveal whether the user exists.
func (s *Credentials) SignIn(ctx context.Context, account, userName, pw string) (*SignIn, error) {
	var u store.User
	var lp store.LoginProfile
	var p passwordPolicy
	found := false
	err := s.Store.View(ctx, func(tx store.Tx) error {
		id, err := resolveAccount(ctx, tx, account)
		if err != nil || id == "" {
			return err
		}
		if u, err = tx.Users().Get(ctx, id, userName); errors.Is(err, store.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		if lp, err = tx.LoginProfiles().Get(ctx, u.ID); errors.Is(err, store.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		found = true
		p, err = loadPasswordPolicy(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := checkPassword(found, lp.PasswordHash, pw); err != nil {
		return nil, err
	}
	expired := p.expired(lp, s.Now())
	if expired && p.hardExpiry() {
		return nil, ErrPasswordExpired
	}
	var rehash []byte
	if password.NeedsRehash(lp.PasswordHash, s.hashing) {
		if rehash, err = s.hash(pw); err != nil {
			return nil, err
		}
	}
	now := s.Timestamp()
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if err := tx.Users().RecordPasswordUse(ctx, u.ID, now); err != nil {
			return err
		}
		if rehash == nil {
			return nil
		}
		cur, err := tx.LoginProfiles().Get(ctx, u.ID)
		if err != nil || string(cur.PasswordHash) != string(lp.PasswordHash) {
			return err // gone or changed meanwhile: keep what is there
		}
		cur.PasswordHash = rehash
		return tx.LoginProfiles().Update(ctx, cur)
	})
	if err != nil {
		return nil, err
	}
	u.PasswordLastUsed = now
	return &SignIn{User: u, MustChangePassword: expired || lp.PasswordResetRequired}, nil
}

// ChangePasswordAtSignIn sets a new password for a user that SignIn told to change it
// (MustChangePassword), proving it with the current password, as AWS's sign-in page does
// before the user has any session. The password policy and reuse prevention apply as in
// ChangePassword: a password they refuse is an *awserr.Error with code PasswordPolicyViolation.
// A wrong current password is ErrSignInFailed, a hard-expired one ErrPasswordExpired, and a
// user who need not change its password gets ErrChangeNotRequired.
func (s *Credentials) ChangePasswordAtSignIn(ctx context.Context, account, userName, oldPW, newPW string) error {
	var user *store.User
	err := s.Store.View(ctx, func(tx store.Tx) error {
		id, err := resolveAccount(ctx, tx, account)
		if err != nil || id == "" {
			return err
		}
		u, err := tx.Users().Get(ctx, id, userName)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		user = &u
		return err
	})
	if err != nil {
		return err
	}
	if user == nil {
		_, _ = password.Verify(dummyHash(), oldPW)
		return ErrSignInFailed
	}
	return s.changeOwnPassword(ctx, user.AccountID, user, oldPW, newPW, true)
}

// resolveAccount finds an account by ID or alias, as the sign-in page accepts either; "" when
// there is none.
func resolveAccount(ctx context.Context, tx store.Tx, account string) (string, error) {
	get := tx.Accounts().GetByAlias
	if arn.IsAccountID(account) {
		get = tx.Accounts().Get
	}
	a, err := get(ctx, account)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return a.ID, err
}

// dummyHash is a hash of no one's password, made once with the default parameters.
var dummyHash = sync.OnceValue(func() []byte {
	h, err := password.Hash("gatehouse: no such user", password.Default, zeroReader{})
	if err != nil {
		panic(err)
	}
	return h
})

// zeroReader is a salt source for dummyHash, which protects nothing.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// checkPassword checks pw against the stored hash of a principal that was found, and answers
// ErrSignInFailed when it does not match or nothing was found. For a principal not found it
// still spends what a real check would, so timing does not tell which principals exist.
func checkPassword(found bool, hash []byte, pw string) error {
	if !found {
		_, _ = password.Verify(dummyHash(), pw)
		return ErrSignInFailed
	}
	ok, err := password.Verify(hash, pw)
	if err != nil && !errors.Is(err, password.ErrMalformedHash) {
		return fmt.Errorf("iam: verifying a password: %w", err)
	}
	if !ok {
		return ErrSignInFailed
	}
	return nil
}
