package sts_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestGetCallerIdentityEveryKind: UserId, Account and Arn as AWS forms them for each kind of
// credentials (STS API Reference, GetCallerIdentity, examples).
func TestGetCallerIdentityEveryKind(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	acct := s.AccountID()
	alice := s.NewUser(t, "alice", doc(stmt("Allow", []string{"sts:AssumeRole", "sts:GetFederationToken"}, "*")))
	aliceID := userIDOf(t, s, "alice")
	role, roleID := newRole(t, s, roleSpec{name: "Dev", path: "/eng/", trust: trust(acct, assume, nil)})
	roleSession, _ := assumeRole(t, s, alice, &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("alice@example.com")})
	userSession, _ := getSessionToken(t, s, alice, nil)
	rootSession, _ := getSessionToken(t, s, s.Root(), nil)
	fed, err := s.STS(alice).GetFederationToken(context.Background(), &awssts.GetFederationTokenInput{Name: aws.String("bob")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		creds stacktest.Credentials
		want  []string // UserId, Account, Arn
	}{
		{"root", s.Root(), []string{acct, acct, "arn:aws:iam::" + acct + ":root"}},
		{"user", alice, []string{aliceID, acct, alice.ARN}},
		{"role session (no path in the session ARN)", roleSession, []string{roleID + ":alice@example.com", acct,
			"arn:aws:sts::" + acct + ":assumed-role/Dev/alice@example.com"}},
		{"user session", userSession, []string{aliceID, acct, alice.ARN}},
		{"root session", rootSession, []string{acct, acct, "arn:aws:iam::" + acct + ":root"}},
		{"federated user", sessionCreds(fed.Credentials, acct, ""), []string{acct + ":bob", acct, "arn:aws:sts::" + acct + ":federated-user/bob"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := s.STS(tc.creds).GetCallerIdentity(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, []string{aws.ToString(out.UserId), aws.ToString(out.Account), aws.ToString(out.Arn)}); diff != "" {
				t.Errorf("GetCallerIdentity (-want +got):\n%s", diff)
			}
		})
	}
}

func userIDOf(t testing.TB, s *stacktest.Stack, name string) string {
	t.Helper()
	out, err := s.IAM(s.Root()).GetUser(context.Background(), &awsiam.GetUserInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.User.UserId)
}

// TestTrustBindsUniqueIDs: with a role made through IAM, a trust policy naming a user keeps
// naming that user, not one recreated under the same name (IAM User Guide, Principal element:
// AWS transforms the ARN to the principal's unique ID).
func TestTrustBindsUniqueIDs(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	ctx := context.Background()
	root := s.IAM(s.Root())
	bob := s.NewUser(t, "bob")
	out, err := root.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("ForBob"),
		AssumeRolePolicyDocument: aws.String(trust(bob.ARN, assume, nil))})
	if err != nil {
		t.Fatal(err)
	}
	in := &awssts.AssumeRoleInput{RoleArn: out.Role.Arn, RoleSessionName: aws.String("bob")}
	if _, err := s.STS(bob).AssumeRole(ctx, in); err != nil {
		t.Fatalf("the user the trust policy names: %v", err)
	}
	if _, err := root.DeleteAccessKey(ctx, &awsiam.DeleteAccessKeyInput{UserName: aws.String("bob"), AccessKeyId: aws.String(bob.AccessKeyID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("bob")}); err != nil {
		t.Fatal(err)
	}
	newBob := s.NewUser(t, "bob")
	_, err = s.STS(newBob).AssumeRole(ctx, in)
	stacktest.WantError(t, err, "AccessDenied", "User: "+newBob.ARN+" is not authorized to perform: sts:AssumeRole on resource: "+aws.ToString(out.Role.Arn))
}
