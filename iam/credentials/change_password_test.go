package credentials_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// userWithPassword makes a user with a password and an access key, with the given policies.
func userWithPassword(t *testing.T, s *stacktest.Stack, name, pw string, policies ...string) (stacktest.Credentials, *awsiam.Client) {
	t.Helper()
	user := s.NewUser(t, name, policies...)
	if _, err := s.IAM(s.Root()).CreateLoginProfile(context.Background(), &awsiam.CreateLoginProfileInput{
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
	ctx := context.Background()
	_, alice := userWithPassword(t, s, "alice", goodPassword, changeOwn(s.AccountID()))
	iamtest.Must(t, root.UpdateLoginProfile, &awsiam.UpdateLoginProfileInput{UserName: aws.String("alice"),
		PasswordResetRequired: aws.Bool(true)})

	_, err := alice.ChangePassword(ctx, &awsiam.ChangePasswordInput{OldPassword: aws.String(otherPassword), NewPassword: aws.String(thirdPassword)})
	stacktest.WantError(t, err, "AccessDenied", "The old password is incorrect.")
	_, err = alice.ChangePassword(ctx, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword), NewPassword: aws.String("short")})
	stacktest.WantError(t, err, "PasswordPolicyViolation", "Password does not conform to the account password policy.")

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
	ctx := context.Background()
	user, bob := userWithPassword(t, s, "bob", goodPassword)
	arn := "arn:aws:iam::" + s.AccountID() + ":user/bob"

	_, err := bob.ChangePassword(ctx, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword), NewPassword: aws.String(otherPassword)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:ChangePassword", arn))

	// AllowUsersToChangePassword stands in for a policy allowing it...
	iamtest.Must(t, root.UpdateAccountPasswordPolicy, &awsiam.UpdateAccountPasswordPolicyInput{AllowUsersToChangePassword: true})
	iamtest.Must(t, bob.ChangePassword, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword),
		NewPassword: aws.String(otherPassword)})
	// ...but not for an explicit deny.
	iamtest.Must(t, root.PutUserPolicy, &awsiam.PutUserPolicyInput{UserName: aws.String("bob"), PolicyName: aws.String("deny"),
		PolicyDocument: aws.String(stacktest.Policy("Deny", []string{"iam:ChangePassword"}))})
	_, err = bob.ChangePassword(ctx, &awsiam.ChangePasswordInput{OldPassword: aws.String(otherPassword), NewPassword: aws.String(thirdPassword)})
	stacktest.WantError(t, err, "AccessDenied", "")

	// Root and role sessions have no IAM user password to change.
	_, err = root.ChangePassword(ctx, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword), NewPassword: aws.String(otherPassword)})
	stacktest.WantError(t, err, "InvalidUserType", "")

	// A user without a password has nothing to change.
	carol := s.IAM(s.NewUser(t, "carol", changeOwn(s.AccountID())))
	_, err = carol.ChangePassword(ctx, &awsiam.ChangePasswordInput{OldPassword: aws.String(goodPassword), NewPassword: aws.String(otherPassword)})
	stacktest.WantError(t, err, "NoSuchEntity", "Login Profile for User carol cannot be found.")
}

func TestPasswordReusePrevention(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
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
	clock := stacktest.NewClock(created)
	s, root := iamtest.Root(t, stacktest.WithClock(clock))
	ctx := context.Background()
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
	_, err = eve.ChangePassword(ctx, &awsiam.ChangePasswordInput{OldPassword: aws.String(otherPassword), NewPassword: aws.String(thirdPassword)})
	stacktest.WantError(t, err, "AccessDenied", "The password has expired and can be reset only by an administrator.")
	if _, err := f.SignIn(ctx, s.AccountID(), "eve", otherPassword); err != credentialsErrPasswordExpired {
		t.Errorf("SignIn with a hard-expired password: %v, want ErrPasswordExpired", err)
	}
	iamtest.Must(t, root.UpdateLoginProfile, &awsiam.UpdateLoginProfileInput{UserName: aws.String("eve"),
		Password: aws.String(thirdPassword)})
	if _, err := f.SignIn(ctx, s.AccountID(), "eve", thirdPassword); err != nil {
		t.Errorf("SignIn after the administrator's reset: %v", err)
	}
}
