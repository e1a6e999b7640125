package credentials_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/iam/credentials"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func TestLoginProfileLifecycle(t *testing.T) {
	t.Parallel()
	s, root := iamtest.RootAt(t, 400*time.Millisecond)
	ctx := t.Context()
	iamtest.MustCreateUser(t, root, "alice")

	out := iamtest.Must(t, root.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String(goodPassword), PasswordResetRequired: true})
	want := &types.LoginProfile{UserName: aws.String("alice"), CreateDate: aws.Time(iamtest.Created), PasswordResetRequired: true}
	if diff := iamtest.Diff(want, out.LoginProfile); diff != "" {
		t.Errorf("CreateLoginProfile (-want +got):\n%s", diff)
	}
	got, err := root.GetLoginProfile(ctx, &awsiam.GetLoginProfileInput{UserName: aws.String("ALICE")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := iamtest.Diff(want, got.LoginProfile); diff != "" {
		t.Errorf("GetLoginProfile by another case of the name (-want +got):\n%s", diff)
	}

	// The password is only ever stored hashed.
	err = s.Store().View(ctx, func(tx store.Tx) error {
		u, err := tx.Users().Get(ctx, s.AccountID(), "alice")
		if err != nil {
			return err
		}
		lp, err := tx.LoginProfiles().Get(ctx, u.ID)
		if err != nil {
			return err
		}
		if string(lp.PasswordHash) == goodPassword || len(lp.PasswordHash) < 60 {
			t.Errorf("stored password %q is not a hash", lp.PasswordHash)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// UpdateLoginProfile clears the reset flag; CreateDate stays the first password's.
	s.Clock().Advance(time.Hour)
	iamtest.Must(t, root.UpdateLoginProfile, &awsiam.UpdateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String(otherPassword), PasswordResetRequired: aws.Bool(false)})
	got, err = root.GetLoginProfile(ctx, &awsiam.GetLoginProfileInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	want.PasswordResetRequired = false
	if diff := iamtest.Diff(want, got.LoginProfile); diff != "" {
		t.Errorf("GetLoginProfile after UpdateLoginProfile (-want +got):\n%s", diff)
	}
	if _, err := family(s).SignIn(ctx, s.AccountID(), "alice", otherPassword); err != nil {
		t.Errorf("SignIn with the updated password: %v", err)
	}

	// A user with a password cannot be deleted.
	iamtest.Refused(t, root.DeleteUser, &awsiam.DeleteUserInput{UserName: aws.String("alice")},
		"DeleteConflict", "Cannot delete entity, must delete login profile first.")

	iamtest.Must(t, root.DeleteLoginProfile, &awsiam.DeleteLoginProfileInput{UserName: aws.String("alice")})
	iamtest.Refused(t, root.GetLoginProfile, &awsiam.GetLoginProfileInput{UserName: aws.String("alice")},
		"NoSuchEntity", "Login Profile for User alice cannot be found.")
	iamtest.Refused(t, root.DeleteLoginProfile, &awsiam.DeleteLoginProfileInput{UserName: aws.String("alice")},
		"NoSuchEntity", "Login Profile for User alice cannot be found.")
	if _, err := root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("alice")}); err != nil {
		t.Errorf("DeleteUser once the login profile is gone: %v", err)
	}
}

func TestLoginProfileErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := t.Context()
	withPassword(t, root, "alice", goodPassword, false)
	iamtest.MustCreateUser(t, root, "bob")
	tests := []struct {
		name          string
		call          func() error
		code, message string
	}{
		{"create for a missing user", func() error {
			_, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("ghost"), Password: aws.String(goodPassword)})
			return err
		}, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"create twice", func() error {
			_, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"), Password: aws.String(goodPassword)})
			return err
		}, "EntityAlreadyExists", "Login Profile for user alice already exists."},
		{"create without a password", func() error {
			_, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("bob")})
			return err
		}, "ValidationError", ""},
		{"create by root without a user name", func() error {
			_, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{Password: aws.String(goodPassword)})
			return err
		}, "ValidationError", "Must specify userName when calling with non-User credentials"},
		{"default policy: too short", func() error {
			_, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("bob"), Password: aws.String("Ab1!")})
			return err
		}, "PasswordPolicyViolation", "Password does not conform to the account password policy."},
		{"default policy: two character classes", func() error {
			_, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("bob"), Password: aws.String("alllowercase123")})
			return err
		}, "PasswordPolicyViolation", "Password does not conform to the account password policy."},
		{"password too long for the model", func() error {
			_, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("bob"),
				Password: aws.String(strings.Repeat("Aa1!", 33))})
			return err
		}, "ValidationError", ""},
		{"get for a user without one", func() error {
			_, err := root.GetLoginProfile(ctx, &awsiam.GetLoginProfileInput{UserName: aws.String("bob")})
			return err
		}, "NoSuchEntity", "Login Profile for User bob cannot be found."},
		{"get for a missing user", func() error {
			_, err := root.GetLoginProfile(ctx, &awsiam.GetLoginProfileInput{UserName: aws.String("ghost")})
			return err
		}, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"update a user without one", func() error {
			_, err := root.UpdateLoginProfile(ctx, &awsiam.UpdateLoginProfileInput{UserName: aws.String("bob"), Password: aws.String(goodPassword)})
			return err
		}, "NoSuchEntity", "Login Profile for User bob cannot be found."},
		{"update to a weak password", func() error {
			_, err := root.UpdateLoginProfile(ctx, &awsiam.UpdateLoginProfileInput{UserName: aws.String("alice"), Password: aws.String("weak")})
			return err
		}, "PasswordPolicyViolation", "Password does not conform to the account password policy."},
		{"delete for a user without one", func() error {
			_, err := root.DeleteLoginProfile(ctx, &awsiam.DeleteLoginProfileInput{UserName: aws.String("bob")})
			return err
		}, "NoSuchEntity", "Login Profile for User bob cannot be found."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stacktest.WantError(t, tc.call(), tc.code, tc.message)
		})
	}
	// None of the failures wrote anything: bob has no password, alice keeps hers.
	iamtest.Refused(t, root.GetLoginProfile, &awsiam.GetLoginProfileInput{UserName: aws.String("bob")}, "NoSuchEntity", "")
}

func TestCustomPasswordPolicy(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := t.Context()
	iamtest.MustCreateUser(t, root, "alice")
	iamtest.MustCreateUser(t, root, "bob")
	iamtest.Must(t, root.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{MinimumPasswordLength: aws.Int32(12),
		RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true})
	iamtest.Must(t, root.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String("Abcdefghij1!")})
	tests := []struct {
		name     string
		password string
		ok       bool
	}{
		{"short", "Ab1!efghijk", false},
		{"no symbol", "Abcdefghijk1", false},
		{"no number", "Abcdefghijk!", false},
		{"no uppercase", "abcdefghij1!", false},
		{"no lowercase", "ABCDEFGHIJ1!", false},
		{"the default policy's three classes are not enough", "abcdefghij1!", false},
		{"all four", "Zyxwvutsrq9)", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := root.UpdateLoginProfile(ctx, &awsiam.UpdateLoginProfileInput{UserName: aws.String("alice"), Password: aws.String(tc.password)})
			_, err2 := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("bob"), Password: aws.String(tc.password)})
			if tc.ok {
				if err != nil || err2 != nil {
					t.Errorf("conforming password: UpdateLoginProfile %v, CreateLoginProfile %v", err, err2)
				}
				return
			}
			stacktest.WantError(t, err, "PasswordPolicyViolation", "Password does not conform to the account password policy.")
			stacktest.WantError(t, err2, "PasswordPolicyViolation", "Password does not conform to the account password policy.")
		})
	}
}

func TestLoginProfileOfTheCaller(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	user := s.NewUser(t, "self", stacktest.Policy("Allow", []string{"iam:*LoginProfile"},
		"arn:aws:iam::"+s.AccountID()+":user/self"))
	self := s.IAM(user)
	iamtest.Must(t, self.CreateLoginProfile, &awsiam.CreateLoginProfileInput{Password: aws.String(goodPassword)})
	got, err := self.GetLoginProfile(ctx, &awsiam.GetLoginProfileInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.LoginProfile.UserName) != "self" {
		t.Errorf("GetLoginProfile without UserName: UserName %q, want self", aws.ToString(got.LoginProfile.UserName))
	}
	// Another user's profile is another resource.
	iamtest.MustCreateUser(t, root, "other")
	iamtest.Refused(t, self.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("other"), Password: aws.String(goodPassword)},
		"AccessDenied", iamtest.Denied(user.ARN, "iam:CreateLoginProfile", "arn:aws:iam::"+s.AccountID()+":user/other"))
	iamtest.Must(t, self.DeleteLoginProfile, &awsiam.DeleteLoginProfileInput{})
}

// userWithPassword makes a user with a password and an access key, with the given policies.
func userWithPassword(t *testing.T, s *stacktest.Stack, name, pw string, policies ...string) (stacktest.Credentials, *awsiam.Client) {
	t.Helper()
	user := s.NewUser(t, name, policies...)
	if _, err := s.IAM(s.Root()).CreateLoginProfile(t.Context(), &awsiam.CreateLoginProfileInput{
		UserName: aws.String(name), Password: aws.String(pw)}); err != nil {
		t.Fatal(err)
	}
	return user, s.IAM(user)
}

// changeOwn is the policy AWS documents for users changing their own password.
func changeOwn(account string) string {
	return stacktest.Policy("Allow", []string{"iam:ChangePassword"}, "arn:aws:iam::"+account+":user/${aws:username}")
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	_, alice := userWithPassword(t, s, "alice", goodPassword, changeOwn(s.AccountID()))
	iamtest.Must(t, root.UpdateLoginProfile, &awsiam.UpdateLoginProfileInput{UserName: aws.String("alice"),
		PasswordResetRequired: aws.Bool(true)})

	iamtest.Refused(t, alice.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(otherPassword), NewPassword: aws.String(thirdPassword)},
		"AccessDenied", "The old password is incorrect.")
	iamtest.Refused(t, alice.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword), NewPassword: aws.String("short")},
		"PasswordPolicyViolation", "Password does not conform to the account password policy.")

	iamtest.Must(t, alice.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword),
		NewPassword: aws.String(otherPassword)})
	lp := iamtest.Must(t, root.GetLoginProfile, &awsiam.GetLoginProfileInput{UserName: aws.String("alice")})
	if lp.LoginProfile.PasswordResetRequired {
		t.Error("PasswordResetRequired still set after the user changed its password")
	}
	f := family(s)
	if _, err := f.SignIn(ctx, s.AccountID(), "alice", goodPassword); err == nil {
		t.Error("SignIn with the old password succeeded")
	}
	if _, err := f.SignIn(ctx, s.AccountID(), "alice", otherPassword); err != nil {
		t.Errorf("SignIn with the new password: %v", err)
	}
}

func TestChangePasswordAuthorization(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	user, bob := userWithPassword(t, s, "bob", goodPassword)
	arn := "arn:aws:iam::" + s.AccountID() + ":user/bob"

	iamtest.Refused(t, bob.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword), NewPassword: aws.String(otherPassword)},
		"AccessDenied", iamtest.Denied(user.ARN, "iam:ChangePassword", arn))

	// AllowUsersToChangePassword stands in for a policy allowing it...
	iamtest.Must(t, root.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{AllowUsersToChangePassword: true})
	iamtest.Must(t, bob.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword),
		NewPassword: aws.String(otherPassword)})
	// ...but not for an explicit deny.
	iamtest.Must(t, root.PutUserPolicy, &awsiam.PutUserPolicyInput{UserName: aws.String("bob"), PolicyName: aws.String("deny"),
		PolicyDocument: aws.String(stacktest.Policy("Deny", []string{"iam:ChangePassword"}))})
	iamtest.Refused(t, bob.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(otherPassword), NewPassword: aws.String(thirdPassword)},
		"AccessDenied", "")

	// Root and role sessions have no IAM user password to change.
	iamtest.Refused(t, root.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword), NewPassword: aws.String(otherPassword)},
		"InvalidUserType", "")

	// A user without a password has nothing to change.
	carol := s.IAM(s.NewUser(t, "carol", changeOwn(s.AccountID())))
	iamtest.Refused(t, carol.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword), NewPassword: aws.String(otherPassword)},
		"NoSuchEntity", "Login Profile for User carol cannot be found.")
}

func TestPasswordReusePrevention(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	iamtest.Must(t, root.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{AllowUsersToChangePassword: true,
		PasswordReusePrevention: aws.Int32(2)})
	_, dan := userWithPassword(t, s, "dan", "Password-A1")
	change := func(old, new string) error {
		_, err := dan.ChangePassword(ctx, &awsiam.ChangePasswordInput{OldPassword: aws.String(old), NewPassword: aws.String(new)})
		return err
	}
	steps := []struct {
		name     string
		old, new string
		reused   bool
	}{
		{"the current password", "Password-A1", "Password-A1", true},
		{"a new one", "Password-A1", "Password-B2", false},
		{"one of the last two", "Password-B2", "Password-A1", true},
		{"another new one", "Password-B2", "Password-C3", false},
		{"three back is allowed again", "Password-C3", "Password-A1", false},
	}
	for _, st := range steps {
		err := change(st.old, st.new)
		if st.reused {
			stacktest.WantError(t, err, "PasswordPolicyViolation", "Password does not conform to the account password policy.")
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
	}
}

func TestPasswordExpiry(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(iamtest.Created)
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := t.Context()
	iamtest.Must(t, root.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{AllowUsersToChangePassword: true,
		MaxPasswordAge: aws.Int32(30)})
	_, eve := userWithPassword(t, s, "eve", goodPassword)
	f := family(s)

	clock.Advance(31 * 24 * time.Hour)
	in, err := f.SignIn(ctx, s.AccountID(), "eve", goodPassword)
	if err != nil {
		t.Fatalf("SignIn with an expired password (no HardExpiry): %v", err)
	}
	if !in.MustChangePassword {
		t.Error("SignIn with an expired password: MustChangePassword = false")
	}
	// Without HardExpiry the user may still set a new password itself.
	iamtest.Must(t, eve.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword),
		NewPassword: aws.String(otherPassword)})
	if in, err := f.SignIn(ctx, s.AccountID(), "eve", otherPassword); err != nil || in.MustChangePassword {
		t.Errorf("SignIn after the change = %+v, %v; want no change required", in, err)
	}

	// With HardExpiry only an administrator can reset an expired password.
	iamtest.Must(t, root.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{AllowUsersToChangePassword: true,
		MaxPasswordAge: aws.Int32(30), HardExpiry: aws.Bool(true)})
	clock.Advance(31 * 24 * time.Hour)
	iamtest.Refused(t, eve.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(otherPassword), NewPassword: aws.String(thirdPassword)},
		"AccessDenied", "The password has expired and can be reset only by an administrator.")
	if _, err := f.SignIn(ctx, s.AccountID(), "eve", otherPassword); err != credentialsErrPasswordExpired {
		t.Errorf("SignIn with a hard-expired password: %v, want ErrPasswordExpired", err)
	}
	iamtest.Must(t, root.UpdateLoginProfile, &awsiam.UpdateLoginProfileInput{UserName: aws.String("eve"),
		Password: aws.String(thirdPassword)})
	if _, err := f.SignIn(ctx, s.AccountID(), "eve", thirdPassword); err != nil {
		t.Errorf("SignIn after the administrator's reset: %v", err)
	}
}

func TestRootPassword(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(iamtest.Created)
	s, _ := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := t.Context()
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
		if want := iamtest.Created.Add(time.Hour); !rp.LastUsed.Equal(want) || !rp.Changed.Equal(iamtest.Created) {
			t.Errorf("root password used %v changed %v, want %v and %v", rp.LastUsed, rp.Changed, want, iamtest.Created)
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

var credentialsErrPasswordExpired = credentials.ErrPasswordExpired

func TestSignIn(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(iamtest.Created)
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := t.Context()
	withPassword(t, root, "alice", goodPassword, false)
	iamtest.MustCreateUser(t, root, "nopassword")
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
	if want := iamtest.Created.Add(time.Hour); !aws.ToTime(u.User.PasswordLastUsed).Equal(want) {
		t.Errorf("PasswordLastUsed = %v, want %v", aws.ToTime(u.User.PasswordLastUsed), want)
	}
	// A failed one is not.
	clock.Advance(time.Hour)
	_, _ = f.SignIn(ctx, s.AccountID(), "alice", otherPassword)
	u, err = root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	if want := iamtest.Created.Add(time.Hour); !aws.ToTime(u.User.PasswordLastUsed).Equal(want) {
		t.Errorf("PasswordLastUsed after a failed sign-in = %v, want %v", aws.ToTime(u.User.PasswordLastUsed), want)
	}
}

func TestSignInPasswordReset(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	withPassword(t, root, "newhire", goodPassword, true)
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
	ctx := t.Context()
	withPassword(t, root, "old", goodPassword, false)
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
