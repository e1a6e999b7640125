package sts_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func getSessionToken(t testing.TB, s *stacktest.Stack, as stacktest.Credentials, in *awssts.GetSessionTokenInput) (stacktest.Credentials, *awssts.GetSessionTokenOutput) {
	t.Helper()
	out, err := s.STS(as).GetSessionToken(context.Background(), in)
	if err != nil {
		t.Fatalf("GetSessionToken: %v", err)
	}
	return sessionCreds(out.Credentials, as.AccountID, as.ARN), out
}

// TestGetSessionToken: a user's (or root's) session has its permissions and identity, may
// call STS's AssumeRole and GetCallerIdentity only, and IAM only with MFA.
func TestGetSessionToken(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	acct := s.AccountID()
	// No permission is needed for GetSessionToken itself, even against a Deny of everything.
	alice := s.NewUser(t, "alice", doc(stmt("Allow", []string{"iam:ListUsers", "sts:*"}, "*")))
	denied := s.NewUser(t, "denied", doc(stmt("Deny", "*", "*")))
	if _, err := s.STS(denied).GetSessionToken(context.Background(), nil); err != nil {
		t.Errorf("GetSessionToken for a user denied everything: %v", err)
	}
	session, _ := getSessionToken(t, s, alice, &awssts.GetSessionTokenInput{})
	id, err := s.STS(session).GetCallerIdentity(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := []string{aws.ToString(id.Arn), aws.ToString(id.Account)}, []string{alice.ARN, acct}; !cmp.Equal(got, want) {
		t.Errorf("GetCallerIdentity = %v, want %v", got, want)
	}
	role, _ := newRole(t, s, roleSpec{name: "R", trust: trust(acct, assume, nil)})

	tests := []struct {
		name string
		call func(stacktest.Credentials) error
		want string
	}{
		{"IAM without MFA", func(c stacktest.Credentials) error { return listUsers(s, c) }, "InvalidClientTokenId"},
		{"GetSessionToken again", func(c stacktest.Credentials) error {
			_, err := s.STS(c).GetSessionToken(context.Background(), nil)
			return err
		}, "AccessDenied"},
		{"GetFederationToken", func(c stacktest.Credentials) error {
			_, err := s.STS(c).GetFederationToken(context.Background(), &awssts.GetFederationTokenInput{Name: aws.String("fed")})
			return err
		}, "AccessDenied"},
		{"GetAccessKeyInfo", func(c stacktest.Credentials) error {
			_, err := s.STS(c).GetAccessKeyInfo(context.Background(), &awssts.GetAccessKeyInfoInput{AccessKeyId: aws.String(c.AccessKeyID)})
			return err
		}, "AccessDenied"},
		{"AssumeRole", func(c stacktest.Credentials) error {
			_, err := s.STS(c).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("fromsession")})
			return err
		}, "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := outcome(tc.call(session)); got != tc.want {
				t.Errorf("%s = %s, want %s", tc.name, got, tc.want)
			}
		})
	}
	_, err = s.STS(session).GetSessionToken(context.Background(), nil)
	stacktest.WantError(t, err, "AccessDenied", "Cannot call GetSessionToken with session credentials")
}

func TestGetSessionTokenDuration(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	alice := s.NewUser(t, "alice")
	now := func() time.Time { return clock.Now().Truncate(time.Second) }
	tests := []struct {
		name    string
		as      stacktest.Credentials
		seconds *int32
		want    time.Duration // 0: an error
		code    string
	}{
		{"user default", alice, nil, 12 * time.Hour, ""},
		{"user maximum", alice, aws.Int32(129600), 36 * time.Hour, ""},
		{"user minimum", alice, aws.Int32(900), 15 * time.Minute, ""},
		{"user over the maximum", alice, aws.Int32(129601), 0, "ValidationError"},
		{"user under the minimum", alice, aws.Int32(899), 0, "ValidationError"},
		{"root default", s.Root(), nil, time.Hour, ""},
		{"root capped at an hour", s.Root(), aws.Int32(7200), time.Hour, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := s.STS(tc.as).GetSessionToken(context.Background(), &awssts.GetSessionTokenInput{DurationSeconds: tc.seconds})
			if tc.code != "" {
				stacktest.WantError(t, err, tc.code, "")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := out.Credentials.Expiration.Sub(now()); got != tc.want {
				t.Errorf("lasts %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMFA: GetSessionToken and AssumeRole with SerialNumber and TokenCode give sessions with
// aws:MultiFactorAuthPresent and aws:MultiFactorAuthAge; a code works once; a wrong code or a
// device that is not the caller's is refused with AWS's messages.
func TestMFA(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	acct := s.AccountID()
	mfaFresh := map[string]any{"Bool": map[string]any{"aws:MultiFactorAuthPresent": "true"},
		"NumericLessThan": map[string]any{"aws:MultiFactorAuthAge": "300"}}
	alice := s.NewUser(t, "alice", allowAssume, doc(stmt("Allow", "iam:ListUsers", "*", "Condition", mfaFresh)))
	bob := s.NewUser(t, "bob")
	dev := newMFA(t, s, "alice")
	bobDev := newMFA(t, s, "bob")
	_ = bob

	// A session without MFA cannot use IAM; one with it can, while the MFA is fresh.
	plain, _ := getSessionToken(t, s, alice, &awssts.GetSessionTokenInput{})
	stacktest.WantError(t, listUsers(s, plain), "InvalidClientTokenId", "The security token included in the request is invalid.")
	code := dev.next(s)
	withMFA, _ := getSessionToken(t, s, alice, &awssts.GetSessionTokenInput{SerialNumber: aws.String(dev.serial), TokenCode: aws.String(code)})
	if err := listUsers(s, withMFA); err != nil {
		t.Fatalf("IAM with an MFA session: %v", err)
	}
	// The same code again: refused.
	_, err := s.STS(alice).GetSessionToken(context.Background(), &awssts.GetSessionTokenInput{SerialNumber: aws.String(dev.serial), TokenCode: aws.String(code)})
	stacktest.WantError(t, err, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ")
	// A wrong code, another user's device, a serial that names nothing.
	wrong := "000000"
	if wrong == dev.next(s) {
		wrong = "111111"
	}
	_, err = s.STS(alice).GetSessionToken(context.Background(), &awssts.GetSessionTokenInput{SerialNumber: aws.String(dev.serial), TokenCode: aws.String(wrong)})
	stacktest.WantError(t, err, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ")
	unknown := "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."
	_, err = s.STS(alice).GetSessionToken(context.Background(), &awssts.GetSessionTokenInput{SerialNumber: aws.String(bobDev.serial), TokenCode: aws.String(bobDev.next(s))})
	stacktest.WantError(t, err, "AccessDenied", unknown)
	_, err = s.STS(alice).GetSessionToken(context.Background(), &awssts.GetSessionTokenInput{SerialNumber: aws.String("arn:aws:iam::" + acct + ":mfa/none"), TokenCode: aws.String("123456")})
	stacktest.WantError(t, err, "AccessDenied", unknown)

	// aws:MultiFactorAuthAge counts from the MFA check.
	clock.Advance(10 * time.Minute)
	stacktest.WantError(t, listUsers(s, withMFA), "AccessDenied", "")

	// A role whose trust policy requires MFA: assumed with a code, by a session that has MFA,
	// and not without one.
	role, _ := newRole(t, s, roleSpec{name: "NeedsMFA", trust: trust(acct, assume, map[string]any{"Bool": map[string]any{"aws:MultiFactorAuthPresent": "true"}}),
		policies: []string{doc(stmt("Allow", "iam:ListUsers", "*", "Condition", mfaFresh))}})
	in := &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("mfa")}
	_, err = s.STS(alice).AssumeRole(context.Background(), in)
	stacktest.WantError(t, err, "AccessDenied", "")
	in.SerialNumber, in.TokenCode = aws.String(dev.serial), aws.String(dev.next(s))
	roleSession, _ := assumeRole(t, s, alice, in)
	if err := listUsers(s, roleSession); err != nil {
		t.Errorf("role session assumed with MFA: %v", err)
	}
	_, err = s.STS(alice).AssumeRole(context.Background(), in)
	stacktest.WantError(t, err, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ")
	withMFA2, _ := getSessionToken(t, s, alice, &awssts.GetSessionTokenInput{SerialNumber: aws.String(dev.serial), TokenCode: aws.String(dev.next(s))})
	if _, err := s.STS(withMFA2).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("chained")}); err != nil {
		t.Errorf("AssumeRole by a session with MFA: %v", err)
	}
}
