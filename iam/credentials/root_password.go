package credentials

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/internal/password"
	"github.com/gatehouse-iam/gatehouse/store"
)

// The root user's console password. AWS sets it when the account is created (or through
// "Forgot password" by email); Gatehouse has no mail, so an administrator sets it with
// `gatehouse accounts set-root-password`. The root user then signs in to the console with the
// account's email address (or its ID) and the password.

// MaxRootPasswordLength is the longest root password AWS accepts.
const MaxRootPasswordLength = 128

var (
	// ErrRootPasswordRules: a root password that breaks AWS's rules for it: 8 to 128
	// characters, at least three of upper case, lower case, digits and symbols, not the
	// account's name or email address.
	ErrRootPasswordRules = errors.New("the password must be 8 to 128 characters long, contain at least three of " +
		"upper case letters, lower case letters, numbers and symbols, and differ from the account's name and email address")
	// ErrEmailTaken: another account has the email address.
	ErrEmailTaken = errors.New("another account has this email address")
	// ErrNoSuchAccount: SetRootPassword for an account that does not exist.
	ErrNoSuchAccount = errors.New("no such account")
)

// SetRootPassword sets the console password of account's root user, replacing any, and when
// email is not "" first makes it the account's email address (unique across accounts, as
// Organizations keeps them). It is an administrative operation, not an AWS API: the caller is
// the operator of the data directory.
func (s *Credentials) SetRootPassword(ctx context.Context, account, email, pw string) error {
	email = strings.TrimSpace(email)
	var a store.Account
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		if a, err = tx.Accounts().Get(ctx, account); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("%w: %s", ErrNoSuchAccount, account)
		}
		return err
	})
	if err != nil {
		return err
	}
	if email != "" {
		a.Email = email
	}
	if len(pw) > MaxRootPasswordLength || password.DefaultPolicy(a.Name, a.Email).Check(pw) != nil {
		return ErrRootPasswordRules
	}
	h, err := s.hash(pw)
	if err != nil {
		return err
	}
	now := s.Timestamp()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if email != "" {
			if err := setEmail(ctx, tx, account, email); err != nil {
				return err
			}
		}
		return tx.Accounts().PutRootPassword(ctx, store.RootPassword{AccountID: account, PasswordHash: h, Changed: now})
	})
}

// setEmail makes email the account's address unless another account has it.
func setEmail(ctx context.Context, tx store.Tx, account, email string) error {
	other, err := tx.Accounts().GetByEmail(ctx, email)
	switch {
	case err == nil && other.ID != account:
		return fmt.Errorf("%w: %s", ErrEmailTaken, email)
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return err
	}
	a, err := tx.Accounts().Get(ctx, account)
	if err != nil {
		return err
	}
	a.Email = email
	return tx.Accounts().Update(ctx, a)
}

// RootSignIn is a successful sign-in of a root user.
type RootSignIn struct {
	Account store.Account
}

// SignInRoot checks a root user's console password, as AWS's sign-in page does for "Root
// user": who is the account's email address (without regard to case) or its ID. On success it
// records the use and, when the stored hash was made with older parameters, stores a fresh
// hash. A failure is ErrSignInFailed, whether the account exists, has a root password, or the
// password is wrong, and takes as long in each case.
func (s *Credentials) SignInRoot(ctx context.Context, who, pw string) (*RootSignIn, error) {
	var a store.Account
	var rp store.RootPassword
	found := false
	who = strings.TrimSpace(who)
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		if arn.IsAccountID(who) {
			a, err = tx.Accounts().Get(ctx, who)
		} else {
			a, err = tx.Accounts().GetByEmail(ctx, who)
		}
		if err == nil {
			rp, err = tx.Accounts().RootPassword(ctx, a.ID)
		}
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := checkPassword(found, rp.PasswordHash, pw); err != nil {
		return nil, err
	}
	if err := s.recordRootSignIn(ctx, rp, pw); err != nil {
		return nil, err
	}
	return &RootSignIn{Account: a}, nil
}

// recordRootSignIn records a root password's use and rehashes it when its parameters are old.
func (s *Credentials) recordRootSignIn(ctx context.Context, rp store.RootPassword, pw string) error {
	var rehash []byte
	if password.NeedsRehash(rp.PasswordHash, s.hashing) {
		var err error
		if rehash, err = s.hash(pw); err != nil {
			return err
		}
	}
	now := s.Timestamp()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := tx.Accounts().RecordRootPasswordUse(ctx, rp.AccountID, now); err != nil || rehash == nil {
			return err
		}
		cur, err := tx.Accounts().RootPassword(ctx, rp.AccountID)
		if err != nil || string(cur.PasswordHash) != string(rp.PasswordHash) {
			return err // changed meanwhile: keep what is there
		}
		cur.PasswordHash = rehash
		return tx.Accounts().PutRootPassword(ctx, cur)
	})
}
