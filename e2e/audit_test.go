package e2e

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

// ctEvent is an event as `aws cloudtrail lookup-events` prints it, with its record decoded.
type ctEvent struct {
	EventId, EventName, Username, AccessKeyId, CloudTrailEvent string
	record                                                     struct {
		UserIdentity struct {
			Type, UserName, ARN, AccessKeyID, IdentityProvider string
			SessionContext                                     *struct {
				SessionIssuer struct{ Type, UserName string }
			}
		}
		ErrorCode, ErrorMessage, EventSource string
	}
}

// lookupEvents runs `aws cloudtrail lookup-events` (the CLI pages through every page) with one
// lookup attribute, signed with c.
func (s *server) lookupEvents(t *testing.T, c creds, key, value string) []ctEvent {
	t.Helper()
	var out struct{ Events []ctEvent }
	s.aws(t, c, "cloudtrail", "lookup-events", "--page-size", "3",
		"--lookup-attributes", "AttributeKey="+key+",AttributeValue="+value).decode(t, &out)
	for i := range out.Events {
		if err := json.Unmarshal([]byte(out.Events[i].CloudTrailEvent), &out.Events[i].record); err != nil {
			t.Fatalf("CloudTrailEvent of %s: %v", out.Events[i].EventId, err)
		}
	}
	return out.Events
}

// sessionCLI runs the aws CLI with temporary credentials.
func (s *server) sessionCLI(t *testing.T, c sessionCreds, args ...string) cliResult {
	t.Helper()
	env := s.cliEnv(t, creds{AccessKeyID: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey}, "AWS_SESSION_TOKEN="+c.SessionToken)
	return s.runCLI(t, env, append([]string{"--endpoint-url", s.url, "--region", region, "--output", "json"}, args...)...)
}

type sessionCreds struct{ AccessKeyId, SecretAccessKey, SessionToken string }

// TestAuditTrail: calls of every identity type — root, an IAM user, an assumed role, a federated
// user, a web identity — a denial and a refused federation call are read back through `aws
// cloudtrail lookup-events` and boto3's paginator, each with its identity, the denial with AWS's
// reason; the trail holds no secret of the test (the harness searches the exported trail for
// every secret when the server stops).
func TestAuditTrail(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	root := s.iam(s.root)
	s.createUser(t, "alice", "")
	s.putUserPolicy(t, "alice", "audit", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser",
		"sts:AssumeRole","sts:GetFederationToken","cloudtrail:LookupEvents","iam:ListUsers"],"Resource":"*"}]}`)
	alice := s.createAccessKey(t, "alice")
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + s.account + `:root"},"Action":"sts:AssumeRole"}]}`
	if _, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("auditor"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("auditor"), PolicyName: aws.String("list"),
		PolicyDocument: aws.String(allow("iam:ListUsers", "*"))}); err != nil {
		t.Fatal(err)
	}

	s.aws(t, alice, "iam", "get-user").must(t)
	if r := s.aws(t, alice, "iam", "create-user", "--user-name", "mallory"); r.code() != "AccessDenied" {
		t.Fatalf("create-user as alice: %s", r.outcome())
	}
	var assumed, federated struct{ Credentials sessionCreds }
	s.aws(t, alice, "sts", "assume-role", "--role-arn", "arn:aws:iam::"+s.account+":role/auditor",
		"--role-session-name", "audit-session").decode(t, &assumed)
	s.sessionCLI(t, assumed.Credentials, "iam", "list-users").must(t)
	s.aws(t, alice, "sts", "get-federation-token", "--name", "fed-bob", "--policy", allow("iam:ListUsers", "*")).decode(t, &federated)
	s.sessionCLI(t, federated.Credentials, "sts", "get-caller-identity").must(t) // federated users may not call IAM
	webSub := s.webIdentityCall(t)

	for _, tc := range []struct{ key, want, name, username string }{
		{s.root.AccessKeyID, "Root", "CreateRole", "root"},
		{alice.AccessKeyID, "IAMUser", "GetUser", "alice"},
		{assumed.Credentials.AccessKeyId, "AssumedRole", "ListUsers", "audit-session"},
		{federated.Credentials.AccessKeyId, "FederatedUser", "GetCallerIdentity", "fed-bob"},
	} {
		evs := s.awaitEvents(t, alice, "AccessKeyId", tc.key, tc.name)
		e := evs[slices.IndexFunc(evs, func(e ctEvent) bool { return e.EventName == tc.name })]
		if e.record.UserIdentity.Type != tc.want || e.Username != tc.username || e.AccessKeyId != tc.key {
			t.Errorf("%s's %s: type %s, username %s, key %s", tc.want, tc.name, e.record.UserIdentity.Type, e.Username, e.AccessKeyId)
		}
	}
	web := s.awaitEvents(t, alice, "EventName", "AssumeRoleWithWebIdentity", "AssumeRoleWithWebIdentity")
	var okWeb, refusedWeb bool
	for _, e := range web {
		id := e.record.UserIdentity
		if id.Type == "WebIdentityUser" && id.UserName == webSub && e.record.ErrorCode == "" {
			okWeb = true
		}
		if e.record.ErrorCode == "AccessDenied" {
			refusedWeb = true
		}
	}
	if !okWeb || !refusedWeb {
		t.Errorf("AssumeRoleWithWebIdentity events (allowed %v, refused %v): %+v", okWeb, refusedWeb, web)
	}
	denied := s.awaitEvents(t, alice, "EventName", "CreateUser", "CreateUser")
	want := deniedMessage(userARN(s.account, "", "alice"), "iam:CreateUser", userARN(s.account, "", "mallory"))
	if !slices.ContainsFunc(denied, func(e ctEvent) bool { return e.record.ErrorCode == "AccessDenied" && e.record.ErrorMessage == want }) {
		t.Errorf("no CreateUser event denied with %q", want)
	}
	s.checkBotoLookup(t, alice)
}

// awaitEvents looks events up until one named name is among them (the writer stores them
// asynchronously).
func (s *server) awaitEvents(t *testing.T, c creds, key, value, name string) []ctEvent {
	t.Helper()
	for {
		evs := s.lookupEvents(t, c, key, value)
		if slices.ContainsFunc(evs, func(e ctEvent) bool { return e.EventName == name }) {
			return evs
		}
		if time.Now().After(hangGuard) && !hangGuard.IsZero() {
			t.Fatalf("no %s event for %s=%s", name, key, value)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// webIdentityCall exchanges a token of a local OIDC issuer for a role session with the aws CLI,
// after one refused attempt (a subject the trust policy does not name), and returns the subject.
func (s *server) webIdentityCall(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	is := fedtest.NewIssuer(t)
	p, err := s.iam(s.root).CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(is.URL),
		ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{oidc.Thumbprint(is.CA.Cert)}})
	if err != nil {
		t.Fatal(err)
	}
	id := oidc.ProviderID(is.URL)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"` +
		deref(p.OpenIDConnectProviderArn) + `"},"Condition":{"StringEquals":{"` + id + `:sub":"repo:acme/app"}}}]}`
	if _, err := s.iam(s.root).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("deploy"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	mint := func(sub string) string {
		now := time.Now().Unix()
		return is.Mint(t, "k1", map[string]any{"iss": is.URL, "sub": sub, "aud": "sts.amazonaws.com", "iat": now, "exp": now + 900})
	}
	roleARN := "arn:aws:iam::" + s.account + ":role/deploy"
	if r := s.aws(t, creds{}, "sts", "assume-role-with-web-identity", "--role-arn", roleARN, "--role-session-name", "refused",
		"--web-identity-token", mint("repo:evil/app")); r.code() != "AccessDenied" {
		t.Fatalf("web identity of another subject: %s", r.outcome())
	}
	good := mint("repo:acme/app")
	s.secrets.add(good)
	s.aws(t, creds{}, "sts", "assume-role-with-web-identity", "--role-arn", roleARN, "--role-session-name", "ci",
		"--web-identity-token", good).must(t)
	return "repo:acme/app"
}

// checkBotoLookup reads the trail with boto3's paginator in pages of 2: the same events as one
// lookup, none twice, and a lookup by Username.
func (s *server) checkBotoLookup(t *testing.T, c creds) {
	t.Helper()
	type row struct{ EventId, EventName, Username, Type, ErrorCode, RecordId string }
	var got struct{ All, ByAttr []row }
	s.boto3(t, c, "lookupevents.py", &got, "ATTR_KEY=Username", "ATTR_VALUE=alice")
	seen := map[string]bool{}
	for _, r := range got.All {
		if seen[r.EventId] || r.RecordId != r.EventId {
			t.Errorf("boto3 paged event %s twice or with record %s", r.EventId, r.RecordId)
		}
		seen[r.EventId] = true
	}
	if len(got.All) < 20 {
		t.Errorf("boto3 read %d events in pages of 2", len(got.All))
	}
	if len(got.ByAttr) == 0 {
		t.Error("boto3: no event for Username=alice")
	}
	for _, r := range got.ByAttr {
		if r.Username != "alice" || r.Type != "IAMUser" {
			t.Errorf("boto3 Username=alice returned %+v", r)
		}
	}
	if !strings.Contains(strings.Join(func() []string {
		var n []string
		for _, r := range got.All {
			n = append(n, r.EventName)
		}
		return n
	}(), ","), "GetFederationToken") {
		t.Error("boto3: no GetFederationToken event")
	}
}
