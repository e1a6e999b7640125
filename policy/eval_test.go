package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	acct  = "123456789012"
	other = "210987654321"
	mgmt  = "999999999999"
)

var (
	alice   = Principal{Kind: PrincipalUser, ARN: "arn:aws:iam::" + acct + ":user/alice", Account: acct, ID: "AIDACKCEVSQ6C2EXAMPLE"}
	session = Principal{Kind: PrincipalRoleSession, ARN: "arn:aws:sts::" + acct + ":assumed-role/dev/s1", Account: acct,
		ID: "AROA3XFRBF535PLBIFPI4", RoleARN: "arn:aws:iam::" + acct + ":role/dev"}
	fedUser = Principal{Kind: PrincipalFederatedUser, ARN: "arn:aws:sts::" + acct + ":federated-user/bob", Account: acct,
		FederatedFrom: "arn:aws:iam::" + acct + ":user/bob"}
	root      = Principal{Kind: PrincipalRoot, ARN: "arn:aws:iam::" + acct + ":root", Account: acct}
	otherUser = Principal{Kind: PrincipalUser, ARN: "arn:aws:iam::" + other + ":user/carol", Account: other}
	otherRoot = Principal{Kind: PrincipalRoot, ARN: "arn:aws:iam::" + other + ":root", Account: other}
	logsSvc   = Principal{Kind: PrincipalService, ARN: "logs.amazonaws.com"}
	anonymous = Principal{Kind: PrincipalAnonymous}
	google    = Principal{Kind: PrincipalWebIdentity, ARN: "accounts.google.com"}
)

// world is the policies in force, as JSON statement lists; each string is one document.
type world struct {
	identity, resource, boundary, session []string
	scps, rcps                            [][]string
}

func (w world) compile(t *testing.T, rk ResourceKind) *Policies {
	t.Helper()
	set := func(docs []string, kind Kind) *Set {
		if docs == nil {
			return nil
		}
		var ps []*Policy
		for _, d := range docs {
			p, err := ParseCompile([]byte(d), kind)
			if err != nil {
				t.Fatalf("%s policy %s: %v", kind, d, err)
			}
			ps = append(ps, p)
		}
		return NewSet(ps...)
	}
	resKind := Resource
	if rk == ResourceRoleTrust {
		resKind = RoleTrust
	}
	in := &Policies{Identity: set(w.identity, Identity), Resource: set(w.resource, resKind),
		Boundary: set(w.boundary, Boundary), Session: set(w.session, Session)}
	for _, l := range w.scps {
		in.SCPs = append(in.SCPs, set(l, SCP))
	}
	for _, l := range w.rcps {
		in.RCPs = append(in.RCPs, set(l, RCP))
	}
	return in
}

// doc builds a 2012-10-17 document from statements.
func doc(statements ...string) string { return stmt(statements...) }

func allow(action, resource string) string {
	return fmt.Sprintf(`{"Effect": "Allow", "Action": %q, "Resource": %q}`, action, resource)
}

func deny(action, resource string) string {
	return fmt.Sprintf(`{"Effect": "Deny", "Action": %q, "Resource": %q}`, action, resource)
}

// grant is a resource-policy statement naming principal (a JSON value).
func grant(effect, principal, action, resource string) string {
	return fmt.Sprintf(`{"Effect": %q, "Principal": %s, "Action": %q, "Resource": %q}`, effect, principal, action, resource)
}

func awsP(ids ...string) string { return `{"AWS": ["` + strings.Join(ids, `", "`) + `"]}` }

var fullSCP = doc(allow("*", "*"))
var fullRCP = doc(`{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`)

type evalCase struct {
	name      string
	principal Principal
	action    string
	resource  string
	resAcct   string // defaults to the principal's account
	kind      ResourceKind
	mgmt      string
	ctx       map[string]any
	w         world
	want      Decision
	matched   []string // "type[level]/policy/statement/Effect"
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := &Request{Principal: tc.principal, Action: tc.action, Resource: tc.resource,
				ResourceAccount: tc.resAcct, ResourceKind: tc.kind, ManagementAccount: tc.mgmt, Context: ctxOf(tc.ctx)}
			if req.ResourceAccount == "" {
				req.ResourceAccount = tc.principal.Account
			}
			if req.Resource == "" {
				req.Resource = "arn:aws:s3:::bkt/key"
			}
			AddPrincipalKeys(req.Context, &req.Principal)
			var res Result
			Evaluate(req, tc.w.compile(t, tc.kind), &res)
			var got []string
			for _, m := range res.Matched {
				lvl := ""
				if m.Type == TypeSCP || m.Type == TypeRCP {
					lvl = fmt.Sprintf("[%d]", m.Level)
				}
				got = append(got, fmt.Sprintf("%s%s/%d/%d/%s", m.Type, lvl, m.PolicyIndex, m.StatementIndex, m.Effect))
			}
			if res.Decision != tc.want {
				t.Errorf("decision = %v, want %v (matched %v)", res.Decision, tc.want, got)
			}
			if tc.matched != nil {
				if diff := cmp.Diff(tc.matched, got, cmpEmpty); diff != "" {
					t.Errorf("matched statements (-want +got):\n%s", diff)
				}
			}
		})
	}
}

var cmpEmpty = cmp.FilterValues(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore())

// TestDenyAndDefault pins §6.2 steps 1 and 5: deny by default, explicit deny wins anywhere,
// order never matters, everything in force is evaluated.
func TestDenyAndDefault(t *testing.T) {
	t.Parallel()
	runEvalCases(t, []evalCase{
		{name: "no policies", principal: alice, action: "s3:GetObject", want: ImplicitDeny, matched: []string{}},
		{name: "identity allow", principal: alice, action: "s3:GetObject",
			w: world{identity: []string{doc(allow("s3:GetObject", "*"))}}, want: Allow, matched: []string{"identity/0/0/Allow"}},
		{name: "action case-insensitive", principal: alice, action: "S3:getobject",
			w: world{identity: []string{doc(allow("s3:GETOBJECT", "*"))}}, want: Allow},
		{name: "resource case-sensitive", principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::BKT/key",
			w: world{identity: []string{doc(allow("s3:*", "arn:aws:s3:::bkt/*"))}}, want: ImplicitDeny},
		{name: "deny after allow in same policy", principal: alice, action: "s3:GetObject",
			w: world{identity: []string{doc(allow("s3:*", "*"), deny("s3:Get*", "*"))}}, want: ExplicitDeny,
			matched: []string{"identity/0/0/Allow", "identity/0/1/Deny"}},
		{name: "deny in resource policy wins over identity allow", principal: alice, action: "s3:GetObject",
			w:    world{identity: []string{doc(allow("*", "*"))}, resource: []string{doc(grant("Deny", `"*"`, "s3:*", "*"))}},
			want: ExplicitDeny, matched: []string{"identity/0/0/Allow", "resource/0/0/Deny"}},
		{name: "statement listed twice in index seen once", principal: alice, action: "s3:GetObject",
			w:    world{identity: []string{doc(`{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*", "*"], "Resource": "*"}`)}},
			want: Allow, matched: []string{"identity/0/0/Allow"}},
		{name: "results ordered by policy and statement", principal: alice, action: "s3:GetObject",
			w:    world{identity: []string{doc(allow("*", "*"), allow("s3:GetObject", "*")), doc(allow("s3:G*", "*"))}},
			want: Allow, matched: []string{"identity/0/0/Allow", "identity/0/1/Allow", "identity/1/0/Allow"}},
		{name: "s3:* does not match s3-object-lambda", principal: alice, action: "s3-object-lambda:GetObject",
			w: world{identity: []string{doc(allow("s3:*", "*"))}}, want: ImplicitDeny},
		{name: "notaction", principal: alice, action: "s3:GetObject",
			w: world{identity: []string{doc(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`)}}, want: Allow},
		{name: "notaction excludes", principal: alice, action: "iam:CreateUser",
			w: world{identity: []string{doc(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`)}}, want: ImplicitDeny},
		{name: "notaction limited by resource", principal: alice, action: "ec2:RunInstances", resource: "*",
			w: world{identity: []string{doc(`{"Effect": "Allow", "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::*"}`)}}, want: ImplicitDeny},
		{name: "resource star matches resourceless star", principal: alice, action: "s3:ListAllMyBuckets", resource: "*",
			w: world{identity: []string{doc(allow("s3:*", "*"))}}, want: Allow},
		{name: "ARN pattern does not match resourceless star", principal: alice, action: "s3:ListAllMyBuckets", resource: "*",
			w: world{identity: []string{doc(allow("s3:*", "arn:aws:s3:::*"))}}, want: ImplicitDeny},
		{name: "notresource", principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::other/x",
			w:    world{identity: []string{doc(`{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::bkt/*"}`), doc(allow("*", "*"))}},
			want: ExplicitDeny},
		{name: "wildcard crosses slash and colon", principal: alice, action: "logs:PutLogEvents",
			resource: "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s",
			w:        world{identity: []string{doc(allow("logs:*", "arn:aws:logs:*:*:log-group:g*"))}}, want: Allow},
		{name: "condition false makes statement not apply", principal: alice, action: "s3:GetObject",
			w:   world{identity: []string{doc(`{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`), doc(allow("*", "*"))}},
			ctx: map[string]any{"aws:SecureTransport": "true"}, want: Allow, matched: []string{"identity/1/0/Allow"}},
		{name: "conditions ANDed", principal: alice, action: "s3:GetObject",
			w:   world{identity: []string{doc(`{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:username": "bob"}}}`)}},
			ctx: map[string]any{"aws:SecureTransport": "true"}, want: ImplicitDeny},
		{name: "GetCallerIdentity cannot be denied", principal: alice, action: "sts:GetCallerIdentity", resource: "*",
			w: world{identity: []string{doc(deny("*", "*"))}}, want: Allow, matched: []string{"identity/0/0/Deny"}},
		{name: "GetCallerIdentity anonymous", principal: anonymous, action: "sts:GetCallerIdentity", resource: "*", want: ImplicitDeny},
		{name: "root identity policies are not in force", principal: root, action: "s3:GetObject",
			w: world{identity: []string{doc(deny("*", "*"))}}, want: Allow, matched: []string{}},
	})
}

// TestOrganizations pins SCP and RCP handling (§6.1, §6.2 steps 2–3, §7.16).
func TestOrganizations(t *testing.T) {
	t.Parallel()
	idAll := []string{doc(allow("*", "*"))}
	runEvalCases(t, []evalCase{
		{name: "every SCP level allows", principal: alice, action: "s3:GetObject",
			w: world{identity: idAll, scps: [][]string{{fullSCP}, {doc(allow("s3:*", "*"))}, {fullSCP}}}, want: Allow,
			matched: []string{"identity/0/0/Allow", "scp[0]/0/0/Allow", "scp[1]/0/0/Allow", "scp[2]/0/0/Allow"}},
		{name: "one SCP level without allow", principal: alice, action: "s3:GetObject",
			w: world{identity: idAll, scps: [][]string{{fullSCP}, {doc(allow("ec2:*", "*"))}, {fullSCP}}}, want: ImplicitDeny},
		{name: "SCP deny", principal: alice, action: "s3:GetObject",
			w: world{identity: idAll, scps: [][]string{{fullSCP, doc(deny("s3:*", "*"))}}}, want: ExplicitDeny,
			matched: []string{"identity/0/0/Allow", "scp[0]/0/0/Allow", "scp[0]/1/0/Deny"}},
		{name: "SCP never grants", principal: alice, action: "s3:GetObject",
			w: world{scps: [][]string{{fullSCP}}}, want: ImplicitDeny},
		{name: "SCPs restrict root of member account", principal: root, action: "s3:GetObject",
			w: world{scps: [][]string{{doc(allow("ec2:*", "*"))}}}, want: ImplicitDeny},
		{name: "management account exempt from SCPs", principal: Principal{Kind: PrincipalUser, ARN: "arn:aws:iam::" + mgmt + ":user/a", Account: mgmt},
			action: "s3:GetObject", mgmt: mgmt, w: world{identity: idAll, scps: [][]string{{doc(deny("*", "*"))}}}, want: Allow,
			matched: []string{"identity/0/0/Allow"}},
		{name: "service-linked role exempt", principal: Principal{Kind: PrincipalRoleSession, ARN: session.ARN, Account: acct, RoleARN: session.RoleARN, ServiceLinked: true},
			action: "s3:GetObject", w: world{identity: idAll, scps: [][]string{{doc(deny("*", "*"))}}, rcps: [][]string{{fullRCP, doc(`{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}`)}}},
			want: Allow, matched: []string{"identity/0/0/Allow"}},
		{name: "RCP deny", principal: alice, action: "s3:GetObject",
			w:    world{identity: idAll, rcps: [][]string{{fullRCP, doc(`{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}`)}}},
			want: ExplicitDeny, matched: []string{"identity/0/0/Allow", "rcp[0]/0/0/Allow", "rcp[0]/1/0/Deny"}},
		{name: "RCP level without allow", principal: alice, action: "s3:GetObject",
			w: world{identity: idAll, rcps: [][]string{{fullRCP}, {}}}, want: ImplicitDeny},
		{name: "RCP of unsupported service not in force", principal: alice, action: "ec2:RunInstances", resource: "*",
			w:    world{identity: idAll, rcps: [][]string{{doc(`{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}`)}}},
			want: Allow, matched: []string{"identity/0/0/Allow"}},
		{name: "kms:RetireGrant exempt from RCPs", principal: alice, action: "kms:RetireGrant", resource: "*",
			w:    world{identity: idAll, rcps: [][]string{{doc(`{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}`)}}},
			want: Allow},
		{name: "RCP of management account resource not in force", principal: alice, action: "s3:GetObject", resAcct: mgmt, mgmt: mgmt,
			w: world{identity: idAll, resource: []string{doc(grant("Allow", awsP(acct), "s3:*", "*"))},
				rcps: [][]string{{doc(`{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}`)}}},
			want: Allow},
		{name: "RCPs apply to cross-account callers and root", principal: otherRoot, action: "s3:GetObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", awsP(other), "s3:*", "*"))},
				rcps: [][]string{{fullRCP, doc(`{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}}`)}}},
			want: ExplicitDeny},
		{name: "SCPs not in force for service principal", principal: logsSvc, action: "s3:PutObject",
			resAcct: acct, w: world{resource: []string{doc(grant("Allow", `{"Service": "logs.amazonaws.com"}`, "s3:PutObject", "*"))},
				scps: [][]string{{doc(deny("*", "*"))}}}, want: Allow, matched: []string{"resource/0/0/Allow"}},
	})
}

// TestResourcePolicies pins §6.3 and §6.4: which principal entry matched decides whether
// identity policies, boundaries and session policies still count.
func TestResourcePolicies(t *testing.T) {
	t.Parallel()
	boundaryEC2 := []string{doc(allow("ec2:*", "*"))}
	sessEC2 := []string{doc(allow("ec2:*", "*"))}
	runEvalCases(t, []evalCase{
		{name: "same account user grant needs no identity policy", principal: alice, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(alice.ARN), "s3:GetObject", "*"))}}, want: Allow},
		{name: "user grant not limited by boundary", principal: alice, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(alice.ARN), "s3:GetObject", "*"))}, boundary: boundaryEC2}, want: Allow},
		{name: "wildcard grant not limited by boundary", principal: alice, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", `"*"`, "s3:GetObject", "*"))}, boundary: boundaryEC2}, want: Allow},
		{name: "account grant needs identity allow", principal: alice, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(acct), "s3:GetObject", "*"))}}, want: ImplicitDeny},
		{name: "account grant as root ARN with identity allow", principal: alice, action: "s3:GetObject",
			w: world{identity: []string{doc(allow("s3:*", "*"))}, resource: []string{doc(grant("Allow", awsP("arn:aws:iam::"+acct+":root"), "s3:GetObject", "*"))}}, want: Allow},
		{name: "role grant covers sessions", principal: session, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(session.RoleARN), "s3:GetObject", "*"))}}, want: Allow},
		{name: "role grant limited by session policy", principal: session, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(session.RoleARN), "s3:GetObject", "*"))}, session: sessEC2}, want: ImplicitDeny},
		{name: "role grant limited by boundary", principal: session, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(session.RoleARN), "s3:GetObject", "*"))}, boundary: boundaryEC2}, want: ImplicitDeny},
		{name: "session grant escapes session policy", principal: session, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(session.ARN), "s3:GetObject", "*"))}, session: sessEC2, boundary: boundaryEC2}, want: Allow},
		{name: "role grant by unique ID", principal: session, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP("AROA3XFRBF535PLBIFPI4"), "s3:GetObject", "*"))}}, want: Allow},
		{name: "federated session grant", principal: fedUser, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(fedUser.ARN), "s3:GetObject", "*"))}}, want: Allow},
		{name: "originating user grant needs session policy", principal: fedUser, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(fedUser.FederatedFrom), "s3:GetObject", "*"))}}, want: ImplicitDeny},
		{name: "originating user grant with session policy", principal: fedUser, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP(fedUser.FederatedFrom), "s3:GetObject", "*"))}, session: []string{doc(allow("s3:*", "*"))}}, want: Allow},
		{name: "principal wildcard in ARN names nothing", principal: alice, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Allow", awsP("arn:aws:iam::"+acct+":user/*"), "s3:GetObject", "*"))}}, want: ImplicitDeny},
		{name: "cross account needs both sides", principal: otherUser, action: "s3:GetObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", awsP(otherUser.ARN), "s3:GetObject", "*"))}}, want: ImplicitDeny},
		{name: "cross account both sides allow", principal: otherUser, action: "s3:GetObject", resAcct: acct,
			w: world{identity: []string{doc(allow("s3:*", "*"))}, resource: []string{doc(grant("Allow", awsP(other), "s3:GetObject", "*"))}}, want: Allow},
		{name: "cross account without resource policy", principal: otherUser, action: "s3:GetObject", resAcct: acct,
			w: world{identity: []string{doc(allow("s3:*", "*"))}}, want: ImplicitDeny},
		{name: "cross account session grant still needs session policy", principal: Principal{Kind: PrincipalRoleSession,
			ARN: "arn:aws:sts::" + other + ":assumed-role/r/s", Account: other, RoleARN: "arn:aws:iam::" + other + ":role/r"},
			action: "s3:GetObject", resAcct: acct,
			w: world{identity: []string{doc(allow("s3:*", "*"))}, session: sessEC2,
				resource: []string{doc(grant("Allow", awsP("arn:aws:sts::"+other+":assumed-role/r/s"), "s3:GetObject", "*"))}}, want: ImplicitDeny},
		{name: "cross account root via account grant", principal: otherRoot, action: "s3:GetObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", awsP(other), "s3:GetObject", "*"))}}, want: Allow},
		{name: "cross account root not covered by user grant", principal: otherRoot, action: "s3:GetObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", awsP(otherUser.ARN), "s3:GetObject", "*"))}}, want: ImplicitDeny},
		{name: "root allowed in own account", principal: root, action: "iam:DeleteUser", resource: "arn:aws:iam::" + acct + ":user/x", want: Allow},
		{name: "root denied by resource policy", principal: root, action: "s3:GetObject",
			w: world{resource: []string{doc(grant("Deny", awsP(acct), "s3:*", "*"))}}, want: ExplicitDeny},
	})
}

// TestBoundariesAndSessions pins §6.2 steps 6–7.
func TestBoundariesAndSessions(t *testing.T) {
	t.Parallel()
	s3All := []string{doc(allow("s3:*", "*"))}
	runEvalCases(t, []evalCase{
		{name: "boundary intersects", principal: alice, action: "s3:GetObject",
			w: world{identity: s3All, boundary: []string{doc(allow("s3:Get*", "*"))}}, want: Allow},
		{name: "boundary without allow", principal: alice, action: "s3:PutObject",
			w: world{identity: s3All, boundary: []string{doc(allow("s3:Get*", "*"))}}, want: ImplicitDeny},
		{name: "boundary never grants", principal: alice, action: "s3:GetObject",
			w: world{boundary: s3All}, want: ImplicitDeny},
		{name: "role session without session policy", principal: session, action: "s3:GetObject",
			w: world{identity: s3All}, want: Allow},
		{name: "session policy intersects", principal: session, action: "s3:GetObject",
			w: world{identity: s3All, session: []string{doc(allow("ec2:*", "*"))}}, want: ImplicitDeny},
		{name: "session policies are a union", principal: session, action: "s3:GetObject",
			w: world{identity: s3All, session: []string{doc(allow("ec2:*", "*")), doc(allow("s3:GetObject", "*"))}}, want: Allow},
		{name: "session policy deny", principal: session, action: "s3:GetObject",
			w: world{identity: s3All, session: []string{doc(allow("*", "*"), deny("s3:*", "*"))}}, want: ExplicitDeny},
		{name: "federated session without session policy", principal: fedUser, action: "s3:GetObject",
			w: world{identity: s3All}, want: ImplicitDeny},
		{name: "federated session with session policy", principal: fedUser, action: "s3:GetObject",
			w: world{identity: s3All, session: []string{doc(allow("s3:*", "*"))}}, want: Allow},
		{name: "session policy not in force for users", principal: alice, action: "s3:GetObject",
			w: world{identity: s3All, session: []string{doc(deny("*", "*"))}}, want: Allow, matched: []string{"identity/0/0/Allow"}},
	})
}

// TestNotPrincipal pins §3.4's NotPrincipal rules.
func TestNotPrincipal(t *testing.T) {
	t.Parallel()
	denyExcept := func(ids ...string) []string {
		return []string{doc(fmt.Sprintf(`{"Effect": "Deny", "NotPrincipal": %s, "Action": "s3:*", "Resource": "*"}`, awsP(ids...)),
			grant("Allow", `"*"`, "s3:*", "*"))}
	}
	runEvalCases(t, []evalCase{
		{name: "named user excepted", principal: alice, action: "s3:GetObject", w: world{resource: denyExcept(alice.ARN)}, want: Allow},
		{name: "other user denied", principal: otherUser, action: "s3:GetObject", resAcct: acct, w: world{resource: denyExcept(alice.ARN)}, want: ExplicitDeny},
		{name: "naming role does not except session", principal: session, action: "s3:GetObject", w: world{resource: denyExcept(session.RoleARN, acct)}, want: ExplicitDeny},
		{name: "naming session excepts it", principal: session, action: "s3:GetObject", w: world{resource: denyExcept(session.ARN)}, want: Allow},
		{name: "account excepts root", principal: root, action: "s3:GetObject", w: world{resource: denyExcept(acct)}, want: Allow},
		{name: "account does not except users", principal: alice, action: "s3:GetObject", w: world{resource: denyExcept(acct)}, want: ExplicitDeny},
		{name: "principal with boundary always denied", principal: alice, action: "s3:GetObject",
			w: world{resource: denyExcept(alice.ARN), boundary: []string{doc(allow("*", "*"))}}, want: ExplicitDeny},
		{name: "anonymous denied", principal: anonymous, action: "s3:GetObject", resAcct: acct, w: world{resource: denyExcept(alice.ARN)}, want: ExplicitDeny},
	})
}

// TestKeyAndTrustPolicies pins §6.5.
func TestKeyAndTrustPolicies(t *testing.T) {
	t.Parallel()
	key := "arn:aws:kms:us-east-1:" + acct + ":key/1"
	enableIAM := grant("Allow", awsP("arn:aws:iam::"+acct+":root"), "kms:*", "*")
	kmsAll := []string{doc(allow("kms:*", "*"))}
	role := "arn:aws:iam::" + acct + ":role/target"
	runEvalCases(t, []evalCase{
		{name: "identity allow ignored without account statement", principal: alice, action: "kms:Decrypt", resource: key, kind: ResourceKMSKey,
			w: world{identity: kmsAll, resource: []string{doc(grant("Allow", awsP(otherUser.ARN), "kms:*", "*"))}}, want: ImplicitDeny},
		{name: "identity allow with account statement", principal: alice, action: "kms:Decrypt", resource: key, kind: ResourceKMSKey,
			w: world{identity: kmsAll, resource: []string{doc(enableIAM)}}, want: Allow},
		{name: "account statement alone does not allow", principal: alice, action: "kms:Decrypt", resource: key, kind: ResourceKMSKey,
			w: world{resource: []string{doc(enableIAM)}}, want: ImplicitDeny},
		{name: "key policy naming user", principal: alice, action: "kms:Decrypt", resource: key, kind: ResourceKMSKey,
			w: world{resource: []string{doc(grant("Allow", awsP(alice.ARN), "kms:Decrypt", "*"))}}, want: Allow},
		{name: "identity deny applies without account statement", principal: alice, action: "kms:Decrypt", resource: key, kind: ResourceKMSKey,
			w: world{identity: []string{doc(deny("kms:*", "*"))}, resource: []string{doc(grant("Allow", awsP(alice.ARN), "kms:Decrypt", "*"))}}, want: ExplicitDeny},
		{name: "root needs account statement", principal: root, action: "kms:Decrypt", resource: key, kind: ResourceKMSKey,
			w: world{resource: []string{doc(grant("Allow", awsP(alice.ARN), "kms:*", "*"))}}, want: ImplicitDeny},
		{name: "root with account statement", principal: root, action: "kms:Decrypt", resource: key, kind: ResourceKMSKey,
			w: world{resource: []string{doc(enableIAM)}}, want: Allow},
		{name: "cross-account key needs identity allow", principal: otherUser, action: "kms:Decrypt", resource: key, resAcct: acct, kind: ResourceKMSKey,
			w: world{resource: []string{doc(grant("Allow", awsP(other), "kms:Decrypt", "*"))}}, want: ImplicitDeny},
		{name: "cross-account key with both", principal: otherUser, action: "kms:Decrypt", resource: key, resAcct: acct, kind: ResourceKMSKey,
			w: world{identity: kmsAll, resource: []string{doc(grant("Allow", awsP(other), "kms:Decrypt", "*"))}}, want: Allow},
		{name: "trust naming user", principal: alice, action: "sts:AssumeRole", resource: role, kind: ResourceRoleTrust,
			w: world{resource: []string{doc(`{"Effect": "Allow", "Principal": {"AWS": "` + alice.ARN + `"}, "Action": "sts:AssumeRole"}`)}}, want: Allow},
		{name: "trust naming account needs identity allow", principal: alice, action: "sts:AssumeRole", resource: role, kind: ResourceRoleTrust,
			w: world{resource: []string{doc(`{"Effect": "Allow", "Principal": {"AWS": "` + acct + `"}, "Action": "sts:AssumeRole"}`)}}, want: ImplicitDeny},
		{name: "trust naming account with identity allow", principal: alice, action: "sts:AssumeRole", resource: role, kind: ResourceRoleTrust,
			w: world{identity: []string{doc(allow("sts:AssumeRole", role))}, resource: []string{doc(`{"Effect": "Allow", "Principal": {"AWS": "` + acct + `"}, "Action": "sts:AssumeRole"}`)}}, want: Allow},
		{name: "identity allow without trust", principal: alice, action: "sts:AssumeRole", resource: role, kind: ResourceRoleTrust,
			w: world{identity: []string{doc(allow("sts:AssumeRole", role))}}, want: ImplicitDeny},
		{name: "web identity via federated entry", principal: google, action: "sts:AssumeRoleWithWebIdentity", resource: role, resAcct: acct, kind: ResourceRoleTrust,
			ctx:  map[string]any{"accounts.google.com:aud": "app-1"},
			w:    world{resource: []string{doc(`{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:aud": "app-1"}}}`)}},
			want: Allow, matched: []string{"resource/0/0/Allow"}},
		{name: "web identity not matched by AWS entry", principal: google, action: "sts:AssumeRoleWithWebIdentity", resource: role, resAcct: acct, kind: ResourceRoleTrust,
			w: world{resource: []string{doc(`{"Effect": "Allow", "Principal": {"AWS": "` + acct + `"}, "Action": "sts:AssumeRoleWithWebIdentity"}`)}}, want: ImplicitDeny},
		{name: "trust requiring MFA not met by long-term keys", principal: alice, action: "sts:AssumeRole", resource: role, kind: ResourceRoleTrust,
			w: world{resource: []string{doc(`{"Effect": "Allow", "Principal": {"AWS": "` + alice.ARN + `"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}`)}}, want: ImplicitDeny},
	})
}

// TestServiceAndAnonymous pins §6.7.
func TestServiceAndAnonymous(t *testing.T) {
	t.Parallel()
	runEvalCases(t, []evalCase{
		{name: "service named", principal: logsSvc, action: "s3:PutObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", `{"Service": "logs.amazonaws.com"}`, "s3:PutObject", "*"))}}, want: Allow},
		{name: "other service", principal: logsSvc, action: "s3:PutObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", `{"Service": "sns.amazonaws.com"}`, "s3:PutObject", "*"))}}, want: ImplicitDeny},
		{name: "service scoped by SourceAccount absent", principal: logsSvc, action: "s3:PutObject", resAcct: acct,
			w:    world{resource: []string{doc(`{"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}`)}},
			want: ImplicitDeny},
		{name: "service has no identity policies", principal: logsSvc, action: "s3:PutObject", resAcct: acct,
			w: world{identity: []string{doc(allow("*", "*"))}}, want: ImplicitDeny, matched: []string{}},
		{name: "anonymous public read", principal: anonymous, action: "s3:GetObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", `"*"`, "s3:GetObject", "*"))}}, want: Allow},
		{name: "anonymous AWS star", principal: anonymous, action: "s3:GetObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", `{"AWS": "*"}`, "s3:GetObject", "*"))}}, want: Allow},
		{name: "anonymous not matched by account", principal: anonymous, action: "s3:GetObject", resAcct: acct,
			w: world{resource: []string{doc(grant("Allow", awsP(acct), "s3:GetObject", "*"))}}, want: ImplicitDeny},
	})
}

func TestMissingContextKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		principal Principal
		action    string
		resource  string
		ctx       map[string]any
		docs      []string
		want      []string
	}{
		{"condition keys of matching statements", alice, "s3:GetObject", "arn:aws:s3:::bkt/k", nil,
			[]string{doc(`{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "StringEquals": {"aws:username": "alice", "s3:prefix": "${aws:PrincipalTag/Team}"}}}`)},
			[]string{"aws:PrincipalTag/Team", "s3:prefix", "aws:SourceIp"}},
		{"deduplicated and sorted case-insensitively", alice, "s3:GetObject", "arn:aws:s3:::bkt/k", nil,
			[]string{doc(`{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"AWS:SecureTransport": "true"}}}`,
				`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:securetransport": "false"}, "StringLike": {"aws:Referer": "x"}}}`)},
			[]string{"aws:Referer", "AWS:SecureTransport"}},
		{"not for other actions", alice, "ec2:RunInstances", "*", nil,
			[]string{doc(`{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`)},
			nil},
		{"not for other resources", alice, "s3:GetObject", "arn:aws:s3:::other/k", nil,
			[]string{doc(`{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bkt/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`)},
			nil},
		{"resource variable of a role session", session, "s3:GetObject", "arn:aws:s3:::bkt/dev/k", nil,
			[]string{doc(`{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bkt/${aws:username}/*"}`)},
			[]string{"aws:username"}},
		{"present keys are not missing", alice, "s3:GetObject", "arn:aws:s3:::bkt/k", map[string]any{"aws:SourceIp": "10.1.1.1"},
			[]string{doc(`{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "StringEquals": {"aws:userid": "x"}}}`)},
			nil},
		{"keys of later conditions even when an earlier one fails", alice, "s3:GetObject", "arn:aws:s3:::bkt/k", map[string]any{"aws:SourceIp": "1.1.1.1"},
			[]string{doc(`{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}}`)},
			[]string{"aws:MultiFactorAuthPresent"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := &Request{Principal: tc.principal, Action: tc.action, Resource: tc.resource, ResourceAccount: acct, Context: ctxOf(tc.ctx)}
			AddPrincipalKeys(req.Context, &req.Principal)
			var ps []*Policy
			for _, d := range tc.docs {
				p, err := ParseCompile([]byte(d), Identity)
				if err != nil {
					t.Fatal(err)
				}
				ps = append(ps, p)
			}
			var res Result
			Evaluate(req, &Policies{Identity: NewSet(ps...)}, &res)
			want := append([]string{}, tc.want...)
			sortFold(want)
			if diff := cmp.Diff(want, res.MissingContextKeys, cmpEmpty); diff != "" {
				t.Errorf("missing keys (-want +got):\n%s", diff)
			}
		})
	}
}

func sortFold(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if strings.ToLower(s[j]) < strings.ToLower(s[i]) {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

// TestVariablesInEvaluation pins §5 through whole documents.
func TestVariablesInEvaluation(t *testing.T) {
	t.Parallel()
	userDir := func(version string) string {
		return fmt.Sprintf(`{"Version": %q, "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bkt/${aws:username}/*"}}`, version)
	}
	runEvalCases(t, []evalCase{
		{name: "username substituted", principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::bkt/alice/f",
			w: world{identity: []string{userDir(Version2012)}}, want: Allow},
		{name: "other user's folder", principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::bkt/bob/f",
			w: world{identity: []string{userDir(Version2012)}}, want: ImplicitDeny},
		{name: "2008 keeps literal", principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::bkt/alice/f",
			w: world{identity: []string{userDir(Version2008)}}, want: ImplicitDeny},
		{name: "2008 literal text matches", principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::bkt/${aws:username}/f",
			w: world{identity: []string{userDir(Version2008)}}, want: Allow},
		{name: "no version is 2008", principal: alice, action: "s3:GetObject", resource: "arn:aws:s3:::bkt/alice/f",
			w: world{identity: []string{`{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bkt/${aws:username}/*"}}`}}, want: ImplicitDeny},
		{name: "unresolved in Resource matches nothing", principal: session, action: "s3:GetObject", resource: "arn:aws:s3:::bkt/x/f",
			w: world{identity: []string{userDir(Version2012)}}, want: ImplicitDeny},
		{name: "unresolved in NotResource excludes nothing", principal: session, action: "s3:GetObject", resource: "arn:aws:s3:::bkt/x/f",
			w:    world{identity: []string{doc(`{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::bkt/${aws:username}/*"}`), doc(allow("*", "*"))}},
			want: ExplicitDeny},
		{name: "unresolved in negated condition", principal: alice, action: "s3:GetObject",
			w:   world{identity: []string{doc(allow("*", "*"), `{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"s3:ExistingObjectTag/team": "${aws:PrincipalTag/team}"}}}`)}},
			ctx: map[string]any{"s3:ExistingObjectTag/team": "blue"}, want: ExplicitDeny},
		{name: "principal tag variable with tag key case", principal: Principal{Kind: PrincipalUser, ARN: alice.ARN, Account: acct, Tags: map[string]string{"Team": "blue"}},
			action: "s3:GetObject", resource: "arn:aws:s3:::bkt/blue/f",
			w: world{identity: []string{doc(allow("s3:*", "arn:aws:s3:::bkt/${aws:PrincipalTag/team}/*"))}}, want: Allow},
		{name: "default value", principal: session, action: "s3:GetObject", resource: "arn:aws:s3:::bkt/shared/f",
			w: world{identity: []string{doc(allow("s3:*", "arn:aws:s3:::bkt/${aws:username, 'shared'}/*"))}}, want: Allow},
		{name: "substituted value is literal", principal: Principal{Kind: PrincipalUser, ARN: "arn:aws:iam::" + acct + ":user/a*", Account: acct},
			action: "s3:GetObject", resource: "arn:aws:s3:::bkt/abc/f",
			w: world{identity: []string{doc(allow("s3:*", "arn:aws:s3:::bkt/${aws:username}/*"))}}, want: ImplicitDeny},
	})
}

func TestAddPrincipalKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Principal
		want map[string]string
	}{
		{"user", Principal{Kind: PrincipalUser, ARN: "arn:aws:iam::" + acct + ":user/div/alice", Account: acct, ID: "AIDACKCEVSQ6C2EXAMPLE", Tags: map[string]string{"Team": "blue"}},
			map[string]string{"aws:PrincipalArn": "arn:aws:iam::" + acct + ":user/div/alice", "aws:PrincipalAccount": acct, "aws:PrincipalType": "User",
				"aws:username": "alice", "aws:userid": "AIDACKCEVSQ6C2EXAMPLE", "aws:PrincipalTag/Team": "blue", "aws:PrincipalIsAWSService": "false"}},
		{"role session", Principal{Kind: PrincipalRoleSession, ARN: "arn:aws:sts::" + acct + ":assumed-role/dev/s1", Account: acct, ID: "AROA3XFRBF535PLBIFPI4",
			RoleARN: "arn:aws:iam::" + acct + ":role/path/dev"},
			map[string]string{"aws:PrincipalArn": "arn:aws:iam::" + acct + ":role/path/dev", "aws:PrincipalAccount": acct, "aws:PrincipalType": "AssumedRole",
				"aws:userid": "AROA3XFRBF535PLBIFPI4:s1", "aws:PrincipalIsAWSService": "false"}},
		{"role session without role ARN", Principal{Kind: PrincipalRoleSession, ARN: "arn:aws:sts::" + acct + ":assumed-role/dev/s1", Account: acct},
			map[string]string{"aws:PrincipalArn": "arn:aws:iam::" + acct + ":role/dev", "aws:PrincipalAccount": acct, "aws:PrincipalType": "AssumedRole",
				"aws:PrincipalIsAWSService": "false"}},
		{"federated", Principal{Kind: PrincipalFederatedUser, ARN: "arn:aws:sts::" + acct + ":federated-user/bob", Account: acct},
			map[string]string{"aws:PrincipalArn": "arn:aws:sts::" + acct + ":federated-user/bob", "aws:PrincipalAccount": acct,
				"aws:PrincipalType": "FederatedUser", "aws:userid": acct + ":bob", "aws:PrincipalIsAWSService": "false"}},
		{"root", Principal{Kind: PrincipalRoot, Account: acct},
			map[string]string{"aws:PrincipalArn": "arn:aws:iam::" + acct + ":root", "aws:PrincipalAccount": acct, "aws:PrincipalType": "Account",
				"aws:userid": acct, "aws:PrincipalIsAWSService": "false"}},
		{"service", Principal{Kind: PrincipalService, ARN: "logs.amazonaws.com"},
			map[string]string{"aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": "logs.amazonaws.com"}},
		{"anonymous", Principal{Kind: PrincipalAnonymous}, map[string]string{"aws:PrincipalType": "Anonymous"}},
		{"web identity", Principal{Kind: PrincipalWebIdentity, ARN: "accounts.google.com"}, map[string]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := NewContext()
			AddPrincipalKeys(ctx, &tc.p)
			got := map[string]string{}
			for _, k := range ctx.Keys() {
				v, multi, _ := ctx.Lookup(k)
				if multi || len(v) != 1 {
					t.Errorf("%s is not single-valued", k)
				}
				got[k] = v[0]
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("derived keys (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddPrincipalKeysKeepsGivenKeys(t *testing.T) {
	t.Parallel()
	ctx := ctxOf(map[string]any{"AWS:USERNAME": "given", "aws:principaltag/team": "red"})
	p := Principal{Kind: PrincipalUser, ARN: "arn:aws:iam::" + acct + ":user/alice", Account: acct, Tags: map[string]string{"Team": "blue"}}
	AddPrincipalKeys(ctx, &p)
	if v, _, _ := ctx.Lookup("aws:username"); v[0] != "given" {
		t.Errorf("aws:username = %q, want the given value", v)
	}
	if v, _, _ := ctx.Lookup("aws:PrincipalTag/TEAM"); v[0] != "red" {
		t.Errorf("aws:PrincipalTag/Team = %q, want the given value (tag keys are case-insensitive)", v)
	}
}

func TestResultReuse(t *testing.T) {
	t.Parallel()
	in := (world{identity: []string{doc(allow("s3:*", "*"), `{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}`)}}).compile(t, ResourceOrdinary)
	var res Result
	req := &Request{Principal: alice, Action: "s3:DeleteObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: acct, Context: ctxOf(map[string]any{"aws:MultiFactorAuthPresent": "false"})}
	Evaluate(req, in, &res)
	if res.Decision != ExplicitDeny || len(res.Matched) != 2 {
		t.Fatalf("first = %v %v", res.Decision, res.Matched)
	}
	req2 := &Request{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: acct}
	Evaluate(req2, in, &res)
	if res.Decision != Allow || len(res.Matched) != 1 || len(res.MissingContextKeys) != 0 {
		t.Errorf("second = %v %v %v, want Allow with one match and no leftovers", res.Decision, res.Matched, res.MissingContextKeys)
	}
}

func TestStringers(t *testing.T) {
	t.Parallel()
	got := []string{Allow.String(), ExplicitDeny.String(), ImplicitDeny.String(), Decision(9).String(),
		TypeRCP.String(), PolicyType(9).String(), EffectAllow.String(), EffectDeny.String(),
		PrincipalSAML.String(), PrincipalKind(0).String(), RoleTrust.String(), Kind(0).String()}
	want := []string{"Allow", "ExplicitDeny", "ImplicitDeny", "Decision(9)", "rcp", "PolicyType(9)", "Allow", "Deny",
		"saml", "PrincipalKind(0)", "role-trust", "Kind(0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := ParsePrincipalKind("robot"); err == nil {
		t.Error(`ParsePrincipalKind("robot") succeeded`)
	}
}

func TestRCPApplies(t *testing.T) {
	t.Parallel()
	for action, want := range map[string]bool{"s3:GetObject": true, "SQS:SendMessage": true, "sts:AssumeRole": true,
		"ec2:RunInstances": false, "kms:RetireGrant": false, "kms:Decrypt": true, "iam:CreateUser": false, "nocolon": false} {
		if got := RCPApplies(action); got != want {
			t.Errorf("RCPApplies(%q) = %v, want %v", action, got, want)
		}
	}
}
