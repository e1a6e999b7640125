package sts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

var allowAssume = doc(stmt("Allow", "sts:AssumeRole", "*"))

func TestAssumeRole(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	s := stacktest.New(t, stacktest.WithClock(clock))
	acct := s.AccountID()
	alice := s.NewUser(t, "alice", allowAssume)
	roleARN, roleID := newRole(t, s, roleSpec{name: "Admin", path: "/team/", trust: trust(acct, assume, nil),
		policies: []string{doc(stmt("Allow", "iam:ListUsers", "*"))}})
	creds, out := assumeRole(t, s, alice, &awssts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("alice-session")})

	sessionARN := "arn:aws:sts::" + acct + ":assumed-role/Admin/alice-session"
	got := []string{aws.ToString(out.AssumedRoleUser.Arn), aws.ToString(out.AssumedRoleUser.AssumedRoleId),
		out.Credentials.Expiration.UTC().Format(time.RFC3339)}
	want := []string{sessionARN, roleID + ":alice-session", "2030-01-02T04:04:05Z"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AssumeRole (-want +got):\n%s", diff)
	}
	if k := creds.AccessKeyID; len(k) != 20 || !strings.HasPrefix(k, "ASIA") {
		t.Errorf("AccessKeyId %q is not a temporary key ID", k)
	}
	if len(creds.SecretAccessKey) != 40 || creds.SessionToken == "" {
		t.Errorf("secret of %d characters, token of %d", len(creds.SecretAccessKey), len(creds.SessionToken))
	}
	if out.PackedPolicySize != nil || out.SourceIdentity != nil {
		t.Errorf("PackedPolicySize %v, SourceIdentity %v: want neither without policies, tags or source identity",
			out.PackedPolicySize, out.SourceIdentity)
	}

	id, err := s.STS(creds).GetCallerIdentity(context.Background(), &awssts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{roleID + ":alice-session", acct, sessionARN},
		[]string{aws.ToString(id.UserId), aws.ToString(id.Account), aws.ToString(id.Arn)}); diff != "" {
		t.Errorf("GetCallerIdentity of the session (-want +got):\n%s", diff)
	}
	info, err := s.STS(s.Root()).GetAccessKeyInfo(context.Background(), &awssts.GetAccessKeyInfoInput{AccessKeyId: aws.String(creds.AccessKeyID)})
	if err != nil || aws.ToString(info.Account) != acct {
		t.Errorf("GetAccessKeyInfo of the session's key = %v, %v; want %s", aws.ToString(info.Account), err, acct)
	}
	// The session acts with the role's permissions: ListUsers yes, GetUser no.
	if err := listUsers(s, creds); err != nil {
		t.Errorf("ListUsers with the role's permission: %v", err)
	}
	_, err = s.IAM(creds).GetUser(context.Background(), &awsiam.GetUserInput{UserName: aws.String("alice")})
	stacktest.WantError(t, err, "AccessDenied", "User: "+sessionARN+" is not authorized to perform: iam:GetUser on resource: "+alice.ARN+
		" because no identity-based policy allows the iam:GetUser action")

	// Assuming the role is using it: RoleLastUsed, written with the usage data.
	if err := s.Node().Usage.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var role store.Role
	err = s.Store().View(context.Background(), func(tx store.Tx) error {
		role, err = tx.Roles().GetByID(context.Background(), roleID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if role.LastUsed.When.IsZero() || role.LastUsed.Region != stacktest.Region {
		t.Errorf("RoleLastUsed = %+v, want a time in %s", role.LastUsed, stacktest.Region)
	}
}

func TestAssumeRoleAuthorization(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	acct := s.AccountID()
	noPolicy := s.NewUser(t, "nopolicy")
	withPolicy := s.NewUser(t, "withpolicy", allowAssume)
	denyAssume := s.NewUser(t, "denied", allowAssume, doc(stmt("Deny", "sts:AssumeRole", "*")))
	userARN := func(name string) string { return "arn:aws:iam::" + acct + ":user/" + name }
	roles := map[string]string{}
	for name, spec := range map[string]roleSpec{
		"ByAccount":  {trust: trust(acct, assume, nil)},
		"ByUser":     {trust: trust(userARN("nopolicy"), assume, nil)},
		"ByOther":    {trust: trust(userARN("someone-else"), assume, nil)},
		"External":   {trust: trust(acct, assume, map[string]any{"StringEquals": map[string]any{"sts:ExternalId": "ext-123"}})},
		"SessionIs":  {trust: trust(acct, assume, map[string]any{"StringEquals": map[string]any{"sts:RoleSessionName": "${aws:username}"}})},
		"NeedsMFA":   {trust: trust(acct, assume, map[string]any{"Bool": map[string]any{"aws:MultiFactorAuthPresent": "true"}})},
		"Pathed":     {path: "/ops/", trust: trust(acct, assume, nil)},
		"TaggedRole": {trust: trust(acct, assume, nil), tags: []store.Tag{{Key: "env", Value: "prod"}}},
		"BlueTeam":   {trust: trust(acct, assume, map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/team": "blue"}})},
	} {
		spec.name = name
		roles[name], _ = newRole(t, s, spec)
	}
	tagged := s.NewUser(t, "tagcond", doc(stmt("Allow", "sts:AssumeRole", "*", "Condition",
		map[string]any{"StringEquals": map[string]any{"iam:ResourceTag/env": "dev"}})))
	blue := s.NewUser(t, "blue", allowAssume)
	if _, err := s.IAM(s.Root()).TagUser(context.Background(), &awsiam.TagUserInput{UserName: aws.String("blue"),
		Tags: []iamtypes.Tag{{Key: aws.String("team"), Value: aws.String("blue")}}}); err != nil {
		t.Fatal(err)
	}
	roleARN := func(name string) string { return "arn:aws:iam::" + acct + ":role/" + name }
	bare := func(caller, role string) string {
		return "User: " + caller + " is not authorized to perform: sts:AssumeRole on resource: " + role
	}
	tests := []struct {
		name     string
		as       stacktest.Credentials
		role     string
		session  string
		external string
		wantCode string
		wantMsg  string
	}{
		{"trust names the account, identity allows", withPolicy, roles["ByAccount"], "sess", "", "ok", ""},
		{"trust names the account, identity does not", noPolicy, roles["ByAccount"], "sess", "", "AccessDenied",
			bare(noPolicy.ARN, roles["ByAccount"]) + " because no identity-based policy allows the sts:AssumeRole action"},
		{"trust names the user, no identity policy needed", noPolicy, roles["ByUser"], "sess", "", "ok", ""},
		{"trust names someone else", withPolicy, roles["ByOther"], "sess", "", "AccessDenied", bare(withPolicy.ARN, roles["ByOther"])},
		{"explicit deny in the identity policy", denyAssume, roles["ByAccount"], "sess", "", "AccessDenied",
			bare(denyAssume.ARN, roles["ByAccount"]) + " with an explicit deny in an identity-based policy"},
		{"role does not exist", withPolicy, roleARN("Nope"), "sess", "", "AccessDenied", bare(withPolicy.ARN, roleARN("Nope"))},
		{"right external ID", withPolicy, roles["External"], "sess", "ext-123", "ok", ""},
		{"wrong external ID", withPolicy, roles["External"], "sess", "ext-999", "AccessDenied", bare(withPolicy.ARN, roles["External"])},
		{"missing external ID", withPolicy, roles["External"], "sess", "", "AccessDenied", bare(withPolicy.ARN, roles["External"])},
		{"session name as required", withPolicy, roles["SessionIs"], "withpolicy", "", "ok", ""},
		{"other session name", withPolicy, roles["SessionIs"], "other", "", "AccessDenied", ""},
		{"MFA required, long-term keys carry none", withPolicy, roles["NeedsMFA"], "sess", "", "AccessDenied", ""},
		{"role ARN with its path", withPolicy, roles["Pathed"], "sess", "", "ok", ""},
		{"role ARN without its path", withPolicy, roleARN("Pathed"), "sess", "", "AccessDenied", bare(withPolicy.ARN, roleARN("Pathed"))},
		{"a user's ARN", withPolicy, userARN("nopolicy"), "sess", "", "AccessDenied", bare(withPolicy.ARN, userARN("nopolicy"))},
		{"iam:ResourceTag condition not met", tagged, roles["TaggedRole"], "sess", "", "AccessDenied", ""},
		{"aws:PrincipalTag of the caller", blue, roles["BlueTeam"], "sess", "", "ok", ""},
		{"aws:PrincipalTag missing", withPolicy, roles["BlueTeam"], "sess", "", "AccessDenied", ""},
		{"root user", s.Root(), roles["ByAccount"], "sess", "", "AccessDenied", "Roles may not be assumed by root accounts."},
		{"malformed ARN", withPolicy, "nothing-valid-in-here", "sess", "", "ValidationError", "nothing-valid-in-here is invalid"},
		{"session name pattern", withPolicy, roles["ByAccount"], "a:b", "", "ValidationError", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := &awssts.AssumeRoleInput{RoleArn: aws.String(tc.role), RoleSessionName: aws.String(tc.session)}
			if tc.external != "" {
				in.ExternalId = aws.String(tc.external)
			}
			_, err := s.STS(tc.as).AssumeRole(context.Background(), in)
			if got := outcome(err); got != tc.wantCode {
				t.Fatalf("AssumeRole = %s (%v), want %s", got, err, tc.wantCode)
			}
			if tc.wantMsg != "" {
				if got := stacktest.ErrorMessage(err); got != tc.wantMsg {
					t.Errorf("message:\n got %q\nwant %q", got, tc.wantMsg)
				}
			}
		})
	}
}

func TestAssumeRoleDuration(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	acct := s.AccountID()
	alice := s.NewUser(t, "alice", allowAssume)
	short, _ := newRole(t, s, roleSpec{name: "Short", trust: trust(acct, assume, nil),
		policies: []string{allowAssume}})
	long, _ := newRole(t, s, roleSpec{name: "Long", trust: trust(acct, assume, nil), maxSession: 43200,
		policies: []string{allowAssume}})
	session, _ := assumeRole(t, s, alice, &awssts.AssumeRoleInput{RoleArn: aws.String(short), RoleSessionName: aws.String("hop1")})
	tests := []struct {
		name    string
		as      stacktest.Credentials
		role    string
		seconds int32
		want    string
		wantMsg string
	}{
		{"minimum", alice, short, 900, "ok", ""},
		{"the role's maximum", alice, long, 43200, "ok", ""},
		{"over the role's MaxSessionDuration", alice, short, 7200, "ValidationError",
			"The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{"under the minimum", alice, short, 899, "ValidationError", ""},
		{"over the API's maximum", alice, long, 43201, "ValidationError", ""},
		{"chained, one hour", session, long, 3600, "ok", ""},
		{"chained, over one hour", session, long, 7200, "ValidationError",
			"The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := s.STS(tc.as).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(tc.role),
				RoleSessionName: aws.String("dur"), DurationSeconds: aws.Int32(tc.seconds)})
			if got := outcome(err); got != tc.want {
				t.Fatalf("AssumeRole = %s (%v), want %s", got, err, tc.want)
			}
			if tc.wantMsg != "" && stacktest.ErrorMessage(err) != tc.wantMsg {
				t.Errorf("message %q, want %q", stacktest.ErrorMessage(err), tc.wantMsg)
			}
			if err == nil {
				if got, want := out.Credentials.Expiration.Sub(clock.Now().Truncate(time.Second)), time.Duration(tc.seconds)*time.Second; got != want {
					t.Errorf("expires after %v, want %v", got, want)
				}
			}
		})
	}
}

// TestExpiredToken: credentials stop working at their expiry, by the server's clock.
func TestExpiredToken(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	alice := s.NewUser(t, "alice", allowAssume)
	role, _ := newRole(t, s, roleSpec{name: "R", trust: trust(s.AccountID(), assume, nil)})
	creds, _ := assumeRole(t, s, alice, &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("sess"),
		DurationSeconds: aws.Int32(900)})
	clock.Advance(899 * time.Second)
	if _, err := s.STS(creds).GetCallerIdentity(context.Background(), nil); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	clock.Advance(time.Second)
	_, err := s.STS(creds).GetCallerIdentity(context.Background(), nil)
	stacktest.WantError(t, err, "ExpiredToken", "The security token included in the request is expired")
}

// TestSessionAuthentication: a session's key works only with its own token, whole.
func TestSessionAuthentication(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	alice := s.NewUser(t, "alice", allowAssume)
	role, roleID := newRole(t, s, roleSpec{name: "R", trust: trust(s.AccountID(), assume, nil)})
	one, _ := assumeRole(t, s, alice, &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("one")})
	two, _ := assumeRole(t, s, alice, &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("two")})
	swapped := one
	swapped.SessionToken = two.SessionToken
	truncated := one
	truncated.SessionToken = one.SessionToken[:len(one.SessionToken)-8]
	noToken := one
	noToken.SessionToken = ""
	longTermWithToken := alice
	longTermWithToken.SessionToken = one.SessionToken
	tests := []struct {
		name  string
		creds stacktest.Credentials
		want  string
	}{
		{"its own token", one, "ok"},
		{"another session's token", swapped, "InvalidClientTokenId"},
		{"a truncated token", truncated, "InvalidClientTokenId"},
		{"no token", noToken, "InvalidClientTokenId"},
		{"a long-term key with a token", longTermWithToken, "InvalidClientTokenId"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.STS(tc.creds).GetCallerIdentity(context.Background(), nil)
			if got := outcome(err); got != tc.want {
				t.Fatalf("GetCallerIdentity = %s (%v), want %s", got, err, tc.want)
			}
			if tc.want == "InvalidClientTokenId" && stacktest.ErrorMessage(err) != "The security token included in the request is invalid." {
				t.Errorf("message %q", stacktest.ErrorMessage(err))
			}
		})
	}
	// Deleting the role ends its sessions, even if a role of the same name is made again.
	ctx := context.Background()
	if err := s.Store().Update(ctx, func(tx store.Tx) error { return tx.Roles().Delete(ctx, roleID) }); err != nil {
		t.Fatal(err)
	}
	newRole(t, s, roleSpec{name: "R", trust: trust(s.AccountID(), assume, nil)})
	_, err := s.STS(two).GetCallerIdentity(ctx, nil)
	stacktest.WantError(t, err, "InvalidClientTokenId", "")
}

// TestLiveSessions: a session's permissions are the role's current ones, and AWS's "revoke
// active sessions" policy (a Deny on aws:TokenIssueTime) ends the sessions issued before it.
func TestLiveSessions(t *testing.T) {
	t.Parallel()
	clock := stacktest.NewClock(time.Now())
	s := stacktest.New(t, stacktest.WithClock(clock))
	alice := s.NewUser(t, "alice", allowAssume)
	role, roleID := newRole(t, s, roleSpec{name: "R", trust: trust(s.AccountID(), assume, nil),
		policies: []string{doc(stmt("Allow", "iam:ListUsers", "*"))}})
	in := &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("sess")}
	old, _ := assumeRole(t, s, alice, in)
	if err := listUsers(s, old); err != nil {
		t.Fatalf("before any change: %v", err)
	}
	putRolePolicy(t, s, roleID, "policy-a", doc(stmt("Allow", "iam:GetUser", "*")))
	stacktest.WantError(t, listUsers(s, old), "AccessDenied", "")
	putRolePolicy(t, s, roleID, "policy-a", doc(stmt("Allow", "iam:ListUsers", "*")))
	if err := listUsers(s, old); err != nil {
		t.Fatalf("after restoring the permission: %v", err)
	}

	clock.Advance(time.Minute)
	revokeAt := clock.Now().UTC().Format(time.RFC3339)
	putRolePolicy(t, s, roleID, "AWSRevokeOlderSessions", doc(stmt("Deny", "*", "*", "Condition",
		map[string]any{"DateLessThan": map[string]any{"aws:TokenIssueTime": revokeAt}})))
	stacktest.WantError(t, listUsers(s, old), "AccessDenied", "User: arn:aws:sts::"+s.AccountID()+
		":assumed-role/R/sess is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::"+s.AccountID()+
		":user/ with an explicit deny in an identity-based policy")
	clock.Advance(time.Second)
	fresh, _ := assumeRole(t, s, alice, in)
	if err := listUsers(s, fresh); err != nil {
		t.Errorf("a session issued after the revocation: %v", err)
	}
}

// TestCrossAccount: a role in account B is assumed by a user of account A only when B's trust
// policy and A's identity policy both allow; the session then acts in B with the role's
// permissions.
func TestCrossAccount(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	a := s.AccountID()
	b := s.NewAccount(t)
	allowed := s.NewUser(t, "allowed", allowAssume)
	bare := s.NewUser(t, "bare")
	named := s.NewUser(t, "named")
	trustsA, _ := newRole(t, s, roleSpec{account: b.AccountID, name: "FromA", trust: trust(a, assume, nil),
		policies: []string{doc(stmt("Allow", "iam:ListUsers", "*"))}})
	trustsNamed, _ := newRole(t, s, roleSpec{account: b.AccountID, name: "FromNamed", trust: trust(named.ARN, assume, nil)})
	trustsNobody, _ := newRole(t, s, roleSpec{account: b.AccountID, name: "Closed", trust: trust("arn:aws:iam::"+b.AccountID+":root", assume, nil)})
	tests := []struct {
		name string
		as   stacktest.Credentials
		role string
		want string
	}{
		{"both allow", allowed, trustsA, "ok"},
		{"trust allows, identity does not", bare, trustsA, "AccessDenied"},
		{"trust names the user, identity does not allow", named, trustsNamed, "AccessDenied"},
		{"identity allows, trust does not", allowed, trustsNobody, "AccessDenied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.STS(tc.as).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(tc.role),
				RoleSessionName: aws.String("xa")})
			if got := outcome(err); got != tc.want {
				t.Errorf("AssumeRole = %s (%v), want %s", got, err, tc.want)
			}
		})
	}
	creds, _ := assumeRole(t, s, allowed, &awssts.AssumeRoleInput{RoleArn: aws.String(trustsA), RoleSessionName: aws.String("xa")})
	if got, want := callerARN(t, s, creds), "arn:aws:sts::"+b.AccountID+":assumed-role/FromA/xa"; got != want {
		t.Errorf("session ARN %s, want %s", got, want)
	}
	// In B, with the role's permission: it lists B's users, which B's root makes one of.
	if _, err := s.IAM(b).CreateUser(context.Background(), &awsiam.CreateUserInput{UserName: aws.String("b-user")}); err != nil {
		t.Fatal(err)
	}
	out, err := s.IAM(creds).ListUsers(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range out.Users {
		names = append(names, aws.ToString(u.UserName))
	}
	if diff := cmp.Diff([]string{"b-user"}, names); diff != "" {
		t.Errorf("ListUsers in account B (-want +got):\n%s", diff)
	}
}
