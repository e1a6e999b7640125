package credentials_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

var credentialsErrPasswordExpired = credentials.ErrPasswordExpired

func TestSignIn(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(created)
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "alice")
	iamtest.MustCreateUser(t, root, "nopassword")
	iamtest.Must(t, root.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String(goodPassword)})
	iamtest.Must(t, root.CreateAccountAlias, &awsiam.CreateAccountAliasInput{AccountAlias: aws.String("acme-prod")})
	other := s.NewAccount(t)
	f := family(s)
	tests := []struct {
		name, account, user, password string
		want                          error
	}{
		{"by account ID", s.AccountID(), "alice", goodPassword, nil},
		{"by alias", "acme-prod", "alice", goodPassword, nil},
		{"user name in another case", s.AccountID(), "ALICE", goodPassword, nil},
		{"wrong password", s.AccountID(), "alice", otherPassword, credentials.ErrSignInFailed},
		{"password in another case", s.AccountID(), "alice", "corr3ct-horse-battery", credentials.ErrSignInFailed},
		{"no such user", s.AccountID(), "mallory", goodPassword, credentials.ErrSignInFailed},
		{"user without a password", s.AccountID(), "nopassword", goodPassword, credentials.ErrSignInFailed},
		{"another account", other.AccountID, "alice", goodPassword, credentials.ErrSignInFailed},
		{"no such alias", "acme-test", "alice", goodPassword, credentials.ErrSignInFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := f.SignIn(ctx, tc.account, tc.user, tc.password)
			if !errors.Is(err, tc.want) {
				t.Fatalf("SignIn = %v, want %v", err, tc.want)
			}
			if err == nil && (in.User.Name != "alice" || in.MustChangePassword) {
				t.Errorf("SignIn = %+v, want alice with nothing to change", in)
			}
		})
	}

	// A successful sign-in is the user's PasswordLastUsed.
	clock.Advance(time.Hour + 300*time.Millisecond)
	if _, err := f.SignIn(ctx, s.AccountID(), "alice", goodPassword); err != nil {
		t.Fatal(err)
	}
	u, err := root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	if want := created.Add(time.Hour); !aws.ToTime(u.User.PasswordLastUsed).Equal(want) {
		t.Errorf("PasswordLastUsed = %v, want %v", aws.ToTime(u.User.PasswordLastUsed), want)
	}
	// A failed one is not.
	clock.Advance(time.Hour)
	_, _ = f.SignIn(ctx, s.AccountID(), "alice", otherPassword)
	u, err = root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	if want := created.Add(time.Hour); !aws.ToTime(u.User.PasswordLastUsed).Equal(want) {
		t.Errorf("PasswordLastUsed after a failed sign-in = %v, want %v", aws.ToTime(u.User.PasswordLastUsed), want)
	}
}

func TestSignInPasswordReset(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "newhire")
	iamtest.Must(t, root.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("newhire"),
		Password: aws.String(goodPassword), PasswordResetRequired: true})
	f := family(s)
	in, err := f.SignIn(ctx, s.AccountID(), "newhire", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !in.MustChangePassword {
		t.Fatal("MustChangePassword = false for a user whose reset is required")
	}
	// The forced change needs the current password and a conforming new one; no IAM policy.
	if err := f.ChangePasswordAtSignIn(ctx, s.AccountID(), "newhire", otherPassword, thirdPassword); !errors.Is(err, credentials.ErrSignInFailed) {
		t.Errorf("ChangePasswordAtSignIn with a wrong password: %v, want ErrSignInFailed", err)
	}
	if err := f.ChangePasswordAtSignIn(ctx, s.AccountID(), "newhire", goodPassword, "weak"); !awserr.Is(err, "PasswordPolicyViolation") {
		t.Errorf("ChangePasswordAtSignIn to a weak password: %v, want PasswordPolicyViolation", err)
	}
	if err := f.ChangePasswordAtSignIn(ctx, s.AccountID(), "newhire", goodPassword, otherPassword); err != nil {
		t.Fatalf("ChangePasswordAtSignIn: %v", err)
	}
	in, err = f.SignIn(ctx, s.AccountID(), "newhire", otherPassword)
	if err != nil || in.MustChangePassword {
		t.Fatalf("SignIn after the forced change = %+v, %v", in, err)
	}
	// Once nothing must change, the console goes through ChangePassword, which IAM authorizes.
	if err := f.ChangePasswordAtSignIn(ctx, s.AccountID(), "newhire", otherPassword, thirdPassword); !errors.Is(err, credentials.ErrChangeNotRequired) {
		t.Errorf("ChangePasswordAtSignIn without a required change: %v, want ErrChangeNotRequired", err)
	}
	if err := f.ChangePasswordAtSignIn(ctx, s.AccountID(), "ghost", otherPassword, thirdPassword); !errors.Is(err, credentials.ErrSignInFailed) {
		t.Errorf("ChangePasswordAtSignIn for no such user: %v, want ErrSignInFailed", err)
	}
}

// TestSignInRehashes: a hash made with other parameters is replaced at the next sign-in.
func TestSignInRehashes(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "old")
	iamtest.Must(t, root.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("old"),
		Password: aws.String(goodPassword)})
	const weak = "$argon2id$v=19$m=64,t=1,p=1$"
	var id string
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		u, err := tx.Users().Get(ctx, s.AccountID(), "old")
		if err != nil {
			return err
		}
		id = u.ID
		lp, err := tx.LoginProfiles().Get(ctx, u.ID)
		if err != nil {
			return err
		}
		// A hash of goodPassword with cheap parameters, as an older release might have made.
		lp.PasswordHash = []byte(weak + "c2FsdHNhbHRzYWx0c2FsdA$eF+9/VJVP9XDxLr6zm80aLFzXKqcUoMaICT4gWrtRwI")
		return tx.LoginProfiles().Update(ctx, lp)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := family(s).SignIn(ctx, s.AccountID(), "old", goodPassword); err != nil {
		t.Fatalf("SignIn with a cheap hash: %v", err)
	}
	err = s.Store().View(ctx, func(tx store.Tx) error {
		lp, err := tx.LoginProfiles().Get(ctx, id)
		if err != nil {
			return err
		}
		if string(lp.PasswordHash[:len(weak)]) == weak {
			t.Errorf("hash not upgraded: %q", lp.PasswordHash)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
