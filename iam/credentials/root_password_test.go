package credentials_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func TestRootPassword(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(created)
	s, _ := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := context.Background()
	f := family(s)
	other := s.NewAccount(t)
	acct := s.AccountID()

	// Before any is set, nobody signs in as root.
	if _, err := f.SignInRoot(ctx, acct, goodPassword); !errors.Is(err, credentials.ErrSignInFailed) {
		t.Fatalf("SignInRoot without a root password = %v, want ErrSignInFailed", err)
	}
	for _, tc := range []struct{ name, email, pw string }{
		{"too short", "", "Ab1-"},
		{"two classes", "", "lowercase-only-words"},
		{"too long", "", "Aa1-" + string(make([]byte, 130))},
		{"the email address", "Root.Admin@Example.com", "Root.Admin@Example.com"},
	} {
		if err := f.SetRootPassword(ctx, acct, tc.email, tc.pw); !errors.Is(err, credentials.ErrRootPasswordRules) {
			t.Errorf("SetRootPassword(%s) = %v, want ErrRootPasswordRules", tc.name, err)
		}
	}
	if err := f.SetRootPassword(ctx, "000000000000", "", goodPassword); !errors.Is(err, credentials.ErrNoSuchAccount) {
		t.Errorf("SetRootPassword(no such account) = %v, want ErrNoSuchAccount", err)
	}
	if err := f.SetRootPassword(ctx, acct, "Root.Admin@Example.com", goodPassword); err != nil {
		t.Fatal(err)
	}
	if err := f.SetRootPassword(ctx, other.AccountID, "root.admin@example.com", goodPassword); !errors.Is(err, credentials.ErrEmailTaken) {
		t.Errorf("SetRootPassword(another account's email) = %v, want ErrEmailTaken", err)
	}

	clock.Advance(time.Hour)
	tests := []struct {
		name, who, password string
		want                error
	}{
		{"by email", "Root.Admin@Example.com", goodPassword, nil},
		{"by email in another case", " root.admin@EXAMPLE.com ", goodPassword, nil},
		{"by account ID", acct, goodPassword, nil},
		{"wrong password", "root.admin@example.com", otherPassword, credentials.ErrSignInFailed},
		{"unknown email", "nobody@example.com", goodPassword, credentials.ErrSignInFailed},
		{"account without a root password", other.AccountID, goodPassword, credentials.ErrSignInFailed},
		{"empty", "", goodPassword, credentials.ErrSignInFailed},
	}
	for _, tc := range tests {
		in, err := f.SignInRoot(ctx, tc.who, tc.password)
		if !errors.Is(err, tc.want) {
			t.Errorf("SignInRoot(%s) = %v, want %v", tc.name, err, tc.want)
			continue
		}
		if err == nil && (in.Account.ID != acct || in.Account.Email != "Root.Admin@Example.com") {
			t.Errorf("SignInRoot(%s) = %+v, want account %s", tc.name, in.Account, acct)
		}
	}
	// The last successful sign-in is recorded; the password is stored hashed.
	err := s.Store().View(ctx, func(tx store.Tx) error {
		rp, err := tx.Accounts().RootPassword(ctx, acct)
		if err != nil {
			return err
		}
		if want := created.Add(time.Hour); !rp.LastUsed.Equal(want) || !rp.Changed.Equal(created) {
			t.Errorf("root password used %v changed %v, want %v and %v", rp.LastUsed, rp.Changed, want, created)
		}
		if string(rp.PasswordHash) == goodPassword || len(rp.PasswordHash) < 32 {
			t.Errorf("root password stored as %q, want a hash", rp.PasswordHash)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A new password replaces the old one.
	if err := f.SetRootPassword(ctx, acct, "", otherPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := f.SignInRoot(ctx, acct, goodPassword); !errors.Is(err, credentials.ErrSignInFailed) {
		t.Errorf("SignInRoot with the replaced password = %v, want ErrSignInFailed", err)
	}
	if _, err := f.SignInRoot(ctx, acct, otherPassword); err != nil {
		t.Errorf("SignInRoot with the new password = %v", err)
	}
}
