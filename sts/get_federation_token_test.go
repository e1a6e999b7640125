package sts_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// authorize asks the stack's authorizer whether temporary credentials may perform action on
// resource: the services Gatehouse serves refuse federated sessions outright (as AWS's IAM
// does), so their permissions are observed at the decision point.
func authorize(t testing.TB, s *stacktest.Stack, c stacktest.Credentials, action, resource string) string {
	t.Helper()
	_, caller, err := s.Node().Authn.LookupSession(context.Background(), c.AccessKeyID, c.SessionToken)
	if err != nil {
		t.Fatalf("LookupSession: %v", err)
	}
	call := &callctx.Call{Caller: caller, Service: "s3", Region: stacktest.Region}
	return outcome(s.Authorizer().Authorize(context.Background(), call, authz.Request{Action: action, Resource: resource}))
}

func TestGetFederationToken(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	acct := s.AccountID()
	alice := s.NewUser(t, "alice", doc(stmt("Allow", []string{"sts:GetFederationToken", "sts:TagSession", "s3:GetObject", "s3:PutObject"}, "*")))
	readOnly := doc(stmt("Allow", "s3:GetObject", "*"))
	fedARN := "arn:aws:sts::" + acct + ":federated-user/bob"

	out, err := s.STS(alice).GetFederationToken(context.Background(), &awssts.GetFederationTokenInput{Name: aws.String("bob"),
		Policy: aws.String(readOnly)})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{aws.ToString(out.FederatedUser.Arn), aws.ToString(out.FederatedUser.FederatedUserId)}
	if diff := cmp.Diff([]string{fedARN, acct + ":bob"}, got); diff != "" {
		t.Errorf("FederatedUser (-want +got):\n%s", diff)
	}
	if p := out.PackedPolicySize; p == nil || *p <= 0 {
		t.Errorf("PackedPolicySize = %v, want a percentage", p)
	}
	if d := out.Credentials.Expiration.Sub(clock.Now().Truncate(time.Second)); d != 12*time.Hour {
		t.Errorf("lasts %v, want the 12-hour default", d)
	}
	fed := sessionCreds(out.Credentials, acct, fedARN)
	id, err := s.STS(fed).GetCallerIdentity(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{acct + ":bob", acct, fedARN}, []string{aws.ToString(id.UserId), aws.ToString(id.Account), aws.ToString(id.Arn)}); diff != "" {
		t.Errorf("GetCallerIdentity (-want +got):\n%s", diff)
	}
	// The user's permissions intersected with the session policy.
	if got := authorize(t, s, fed, "s3:GetObject", "arn:aws:s3:::b/k"); got != "ok" {
		t.Errorf("GetObject = %s, want ok", got)
	}
	if got := authorize(t, s, fed, "s3:PutObject", "arn:aws:s3:::b/k"); got != "AccessDenied" {
		t.Errorf("PutObject (the user's, not the session's) = %s, want AccessDenied", got)
	}
	// Without a session policy a federated user has no permissions.
	none, err := s.STS(alice).GetFederationToken(context.Background(), &awssts.GetFederationTokenInput{Name: aws.String("nobody")})
	if err != nil {
		t.Fatal(err)
	}
	if p := aws.ToInt32(none.PackedPolicySize); p != 0 {
		t.Errorf("PackedPolicySize without policies = %d, want 0", p)
	}
	if got := authorize(t, s, sessionCreds(none.Credentials, acct, ""), "s3:GetObject", "arn:aws:s3:::b/k"); got != "AccessDenied" {
		t.Errorf("GetObject without a session policy = %s, want AccessDenied", got)
	}
	// Federated credentials may call no IAM operation and no STS operation but GetCallerIdentity.
	stacktest.WantError(t, listUsers(s, fed), "InvalidClientTokenId", "")
	_, err = s.STS(fed).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + acct + ":role/R"),
		RoleSessionName: aws.String("fed")})
	stacktest.WantError(t, err, "AccessDenied", "")
	_, err = s.STS(fed).GetFederationToken(context.Background(), &awssts.GetFederationTokenInput{Name: aws.String("again")})
	stacktest.WantError(t, err, "AccessDenied", "Cannot call GetFederationToken with session credentials")
}

func TestGetFederationTokenRequests(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	acct := s.AccountID()
	alice := s.NewUser(t, "alice", doc(stmt("Allow", "sts:GetFederationToken", "arn:aws:sts::"+acct+":federated-user/team-*")))
	tagger := s.NewUser(t, "tagger", doc(stmt("Allow", []string{"sts:GetFederationToken", "sts:TagSession"}, "*")))
	nothing := s.NewUser(t, "nothing")
	tests := []struct {
		name    string
		as      stacktest.Credentials
		in      *awssts.GetFederationTokenInput
		want    string
		lasting time.Duration
	}{
		{"allowed name", alice, &awssts.GetFederationTokenInput{Name: aws.String("team-a")}, "ok", 12 * time.Hour},
		{"name outside the allowed resource", alice, &awssts.GetFederationTokenInput{Name: aws.String("other")}, "AccessDenied", 0},
		{"no permission", nothing, &awssts.GetFederationTokenInput{Name: aws.String("team-a")}, "AccessDenied", 0},
		{"tags without sts:TagSession", alice, &awssts.GetFederationTokenInput{Name: aws.String("team-a"), Tags: tags("k", "v")}, "AccessDenied", 0},
		{"tags with sts:TagSession", tagger, &awssts.GetFederationTokenInput{Name: aws.String("tagged"), Tags: tags("k", "v")}, "ok", 12 * time.Hour},
		{"duplicate tags", tagger, &awssts.GetFederationTokenInput{Name: aws.String("tagged"), Tags: tags("k", "v", "K", "w")}, "InvalidParameterValue", 0},
		{"shortest", alice, &awssts.GetFederationTokenInput{Name: aws.String("team-a"), DurationSeconds: aws.Int32(900)}, "ok", 15 * time.Minute},
		{"longest", alice, &awssts.GetFederationTokenInput{Name: aws.String("team-a"), DurationSeconds: aws.Int32(129600)}, "ok", 36 * time.Hour},
		{"too long", alice, &awssts.GetFederationTokenInput{Name: aws.String("team-a"), DurationSeconds: aws.Int32(129601)}, "ValidationError", 0},
		{"root, capped at an hour", s.Root(), &awssts.GetFederationTokenInput{Name: aws.String("rootfed"), DurationSeconds: aws.Int32(7200)}, "ok", time.Hour},
		{"name too short", alice, &awssts.GetFederationTokenInput{Name: aws.String("a")}, "ValidationError", 0},
		{"malformed policy", alice, &awssts.GetFederationTokenInput{Name: aws.String("team-a"), Policy: aws.String("{")}, "MalformedPolicyDocument", 0},
		{"unknown managed policy", alice, &awssts.GetFederationTokenInput{Name: aws.String("team-a"),
			PolicyArns: []ststypes.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::" + acct + ":policy/none")}}}, "MalformedPolicyDocument", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := s.STS(tc.as).GetFederationToken(context.Background(), tc.in)
			if got := outcome(err); got != tc.want {
				t.Fatalf("GetFederationToken = %s (%v), want %s", got, err, tc.want)
			}
			if err == nil {
				if d := out.Credentials.Expiration.Sub(clock.Now().Truncate(time.Second)); d != tc.lasting {
					t.Errorf("lasts %v, want %v", d, tc.lasting)
				}
			}
		})
	}
	// A root federated session has the root user's permissions within its session policy.
	out, err := s.STS(s.Root()).GetFederationToken(context.Background(), &awssts.GetFederationTokenInput{Name: aws.String("rootfed"),
		Policy: aws.String(doc(stmt("Allow", "s3:GetObject", "*")))})
	if err != nil {
		t.Fatal(err)
	}
	fed := sessionCreds(out.Credentials, acct, "")
	if got := authorize(t, s, fed, "s3:GetObject", "arn:aws:s3:::b/k"); got != "ok" {
		t.Errorf("root federated GetObject = %s, want ok", got)
	}
	if got := authorize(t, s, fed, "s3:PutObject", "arn:aws:s3:::b/k"); got != "AccessDenied" {
		t.Errorf("root federated PutObject = %s, want AccessDenied", got)
	}
}
