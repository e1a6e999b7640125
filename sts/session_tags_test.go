package sts_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func tags(kv ...string) []ststypes.Tag {
	var out []ststypes.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, ststypes.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return out
}

// listIf allows iam:ListUsers when the principal tag key has value.
func listIf(key, value string) string {
	return doc(stmt("Allow", "iam:ListUsers", "*", "Condition",
		map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/" + key: value}}))
}

// TestSessionTags: session tags become aws:PrincipalTag of the session, overriding the role's
// tags; passing them needs sts:TagSession; aws:RequestTag and aws:TagKeys reach the trust policy.
func TestSessionTags(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	acct := s.AccountID()
	alice := s.NewUser(t, "alice", doc(stmt("Allow", []string{"sts:AssumeRole", "sts:TagSession"}, "*")))
	tagTrust := trust(acct, []string{"sts:AssumeRole", "sts:TagSession"}, nil)
	role, _ := newRole(t, s, roleSpec{name: "Team", trust: tagTrust, tags: []store.Tag{{Key: "team", Value: "red"}},
		policies: []string{listIf("team", "blue")}})
	noTagSession, _ := newRole(t, s, roleSpec{name: "NoTags", trust: trust(acct, assume, nil)})
	onlyProject, _ := newRole(t, s, roleSpec{name: "OnlyProject", trust: doc(
		stmt("Allow", "sts:AssumeRole", nil, "Principal", map[string]any{"AWS": acct}),
		stmt("Allow", "sts:TagSession", nil, "Principal", map[string]any{"AWS": acct}, "Condition", map[string]any{
			"ForAllValues:StringEquals": map[string]any{"aws:TagKeys": []string{"project"}},
			"StringLike":                map[string]any{"aws:RequestTag/project": "p-*"}}))})
	var fiftyOne []ststypes.Tag
	for i := range 51 {
		fiftyOne = append(fiftyOne, tags(fmt.Sprintf("k%d", i), "v")...)
	}
	tests := []struct {
		name       string
		role       string
		tags       []ststypes.Tag
		transitive []string
		want       string
		wantList   string
	}{
		{"no session tags: the role's tag applies", role, nil, nil, "ok", "AccessDenied"},
		{"a session tag overrides the role's", role, tags("team", "blue"), nil, "ok", "ok"},
		{"override ignores case", role, tags("TEAM", "blue"), nil, "ok", "ok"},
		{"trust without sts:TagSession", noTagSession, tags("team", "blue"), nil, "AccessDenied", ""},
		{"aws:RequestTag and aws:TagKeys allow", onlyProject, tags("project", "p-1"), nil, "ok", ""},
		{"aws:RequestTag does not allow", onlyProject, tags("project", "q-1"), nil, "AccessDenied", ""},
		{"aws:TagKeys does not allow", onlyProject, tags("project", "p-1", "other", "x"), nil, "AccessDenied", ""},
		{"duplicate keys, ignoring case", role, tags("team", "a", "Team", "b"), nil, "InvalidParameterValue", ""},
		{"transitive key not among the tags", role, tags("team", "blue"), []string{"cost"}, "InvalidParameterValue", ""},
		{"reserved prefix", role, tags("aws:team", "blue"), nil, "InvalidParameterValue", ""},
		{"key too long", role, tags(strings.Repeat("k", 129), "v"), nil, "ValidationError", ""},
		{"value too long", role, tags("k", strings.Repeat("v", 257)), nil, "ValidationError", ""},
		{"fifty-one tags", role, fiftyOne, nil, "ValidationError", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := s.STS(alice).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(tc.role),
				RoleSessionName: aws.String("tagged"), Tags: tc.tags, TransitiveTagKeys: tc.transitive})
			if got := outcome(err); got != tc.want {
				t.Fatalf("AssumeRole = %s (%v), want %s", got, err, tc.want)
			}
			if err != nil || tc.wantList == "" {
				return
			}
			creds := sessionCreds(out.Credentials, acct, aws.ToString(out.AssumedRoleUser.Arn))
			if got := outcome(listUsers(s, creds)); got != tc.wantList {
				t.Errorf("ListUsers = %s, want %s", got, tc.wantList)
			}
		})
	}
	_, err := s.STS(alice).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(role),
		RoleSessionName: aws.String("tagged"), Tags: tags("team", "a", "TEAM", "b")})
	stacktest.WantError(t, err, "InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
	_, err = s.STS(alice).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(role),
		RoleSessionName: aws.String("tagged"), Tags: tags("team", "blue"), TransitiveTagKeys: []string{"cost"}})
	stacktest.WantError(t, err, "InvalidParameterValue", "The specified transitive tag key must be included in the requested tags.")
}

// TestRoleChaining: transitive session tags pass to chained sessions and cannot be
// overridden there; other session tags do not pass; a source identity is kept and cannot be
// changed; chained sessions last at most an hour.
func TestRoleChaining(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	acct := s.AccountID()
	hop := []string{"sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"}
	canHop := doc(stmt("Allow", hop, "*"))
	alice := s.NewUser(t, "alice", canHop)
	first, _ := newRole(t, s, roleSpec{name: "First", trust: trust(acct, hop, nil), policies: []string{canHop}})
	second, _ := newRole(t, s, roleSpec{name: "Second", trust: trust(acct, hop, nil), tags: []store.Tag{{Key: "Star", Value: "3"}},
		policies: []string{canHop, doc(stmt("Allow", "iam:ListUsers", "*", "Condition", map[string]any{"StringEquals": map[string]any{
			"aws:PrincipalTag/Heart": "1", "aws:PrincipalTag/Star": "1", "aws:SourceIdentity": "alice"}}))}})
	noSourceIdentity, _ := newRole(t, s, roleSpec{name: "NoSetSource", trust: trust(acct, []string{"sts:AssumeRole", "sts:TagSession"}, nil)})
	noOtherTag := doc(stmt("Allow", "iam:ListUsers", "*", "Condition", map[string]any{"Null": map[string]any{"aws:PrincipalTag/Temp": "true"}}))
	third, _ := newRole(t, s, roleSpec{name: "Third", trust: trust(acct, hop, nil), policies: []string{noOtherTag}})

	hop1, out := assumeRole(t, s, alice, &awssts.AssumeRoleInput{RoleArn: aws.String(first), RoleSessionName: aws.String("hop1"),
		Tags: tags("Star", "1", "Heart", "1", "Temp", "x"), TransitiveTagKeys: []string{"Star", "Heart"}, SourceIdentity: aws.String("alice")})
	if got := aws.ToString(out.SourceIdentity); got != "alice" {
		t.Errorf("SourceIdentity = %q, want alice", got)
	}
	hop2, out := assumeRole(t, s, hop1, &awssts.AssumeRoleInput{RoleArn: aws.String(second), RoleSessionName: aws.String("hop2")})
	if got := aws.ToString(out.SourceIdentity); got != "alice" {
		t.Errorf("chained SourceIdentity = %q, want alice (kept)", got)
	}
	// Heart and Star passed on (Star overriding the role's Star=3), with the source identity.
	if err := listUsers(s, hop2); err != nil {
		t.Errorf("ListUsers on transitive tags and source identity: %v", err)
	}
	hop3, _ := assumeRole(t, s, hop2, &awssts.AssumeRoleInput{RoleArn: aws.String(third), RoleSessionName: aws.String("hop3")})
	if err := listUsers(s, hop3); err != nil {
		t.Errorf("the non-transitive tag reached the third session: %v", err)
	}

	tests := []struct {
		name string
		in   *awssts.AssumeRoleInput
		want string
	}{
		{"override a transitive tag", &awssts.AssumeRoleInput{Tags: tags("Heart", "3")}, "InvalidParameterValue"},
		{"override it in another case", &awssts.AssumeRoleInput{Tags: tags("heart", "3"), TransitiveTagKeys: []string{"heart"}}, "InvalidParameterValue"},
		{"a new tag", &awssts.AssumeRoleInput{Tags: tags("Moon", "2")}, "ok"},
		{"the same source identity", &awssts.AssumeRoleInput{SourceIdentity: aws.String("alice")}, "ok"},
		{"another source identity", &awssts.AssumeRoleInput{SourceIdentity: aws.String("mallory")}, "AccessDenied"},
		{"over an hour", &awssts.AssumeRoleInput{DurationSeconds: aws.Int32(3601)}, "ValidationError"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.in.RoleArn, tc.in.RoleSessionName = aws.String(second), aws.String("hop")
			_, err := s.STS(hop1).AssumeRole(context.Background(), tc.in)
			if got := outcome(err); got != tc.want {
				t.Errorf("AssumeRole = %s (%v), want %s", got, err, tc.want)
			}
		})
	}
	// A chained session carrying a source identity needs sts:SetSourceIdentity in the next
	// role's trust policy.
	_, err := s.STS(hop1).AssumeRole(context.Background(), &awssts.AssumeRoleInput{RoleArn: aws.String(noSourceIdentity),
		RoleSessionName: aws.String("hop")})
	stacktest.WantError(t, err, "AccessDenied", "User: arn:aws:sts::"+acct+":assumed-role/First/hop1 is not authorized to perform: sts:SetSourceIdentity on resource: "+noSourceIdentity)
}
