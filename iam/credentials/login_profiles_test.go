package credentials_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

var created = time.Date(2026, 3, 1, 12, 30, 45, 0, time.UTC)

var ignoreLP = cmpopts.IgnoreUnexported(types.LoginProfile{})

func TestLoginProfileLifecycle(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t, stacktest.WithClock(stacktest.NewClock(created.Add(400*time.Millisecond))))
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "alice")

	out := iamtest.Must(t, root.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String(goodPassword), PasswordResetRequired: true})
	want := &types.LoginProfile{UserName: aws.String("alice"), CreateDate: aws.Time(created), PasswordResetRequired: true}
	if diff := cmp.Diff(want, out.LoginProfile, ignoreLP); diff != "" {
		t.Errorf("CreateLoginProfile (-want +got):\n%s", diff)
	}
	got, err := root.GetLoginProfile(ctx, &awsiam.GetLoginProfileInput{UserName: aws.String("ALICE")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got.LoginProfile, ignoreLP); diff != "" {
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
	if diff := cmp.Diff(want, got.LoginProfile, ignoreLP); diff != "" {
		t.Errorf("GetLoginProfile after UpdateLoginProfile (-want +got):\n%s", diff)
	}
	if _, err := family(s).SignIn(ctx, s.AccountID(), "alice", otherPassword); err != nil {
		t.Errorf("SignIn with the updated password: %v", err)
	}

	// A user with a password cannot be deleted.
	_, err = root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("alice")})
	stacktest.WantError(t, err, "DeleteConflict", "Cannot delete entity, must delete login profile first.")

	iamtest.Must(t, root.DeleteLoginProfile, &awsiam.DeleteLoginProfileInput{UserName: aws.String("alice")})
	_, err = root.GetLoginProfile(ctx, &awsiam.GetLoginProfileInput{UserName: aws.String("alice")})
	stacktest.WantError(t, err, "NoSuchEntity", "Login Profile for User alice cannot be found.")
	_, err = root.DeleteLoginProfile(ctx, &awsiam.DeleteLoginProfileInput{UserName: aws.String("alice")})
	stacktest.WantError(t, err, "NoSuchEntity", "Login Profile for User alice cannot be found.")
	if _, err := root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("alice")}); err != nil {
		t.Errorf("DeleteUser once the login profile is gone: %v", err)
	}
}

func TestLoginProfileErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := context.Background()
	iamtest.MustCreateUser(t, root, "alice")
	iamtest.MustCreateUser(t, root, "bob")
	iamtest.Must(t, root.CreateLoginProfile, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String(goodPassword)})
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
	_, err := root.GetLoginProfile(ctx, &awsiam.GetLoginProfileInput{UserName: aws.String("bob")})
	stacktest.WantError(t, err, "NoSuchEntity", "")
}

func TestCustomPasswordPolicy(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := context.Background()
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
	ctx := context.Background()
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
	_, err = self.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("other"), Password: aws.String(goodPassword)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreateLoginProfile", "arn:aws:iam::"+s.AccountID()+":user/other"))
	iamtest.Must(t, self.DeleteLoginProfile, &awsiam.DeleteLoginProfileInput{})
}
