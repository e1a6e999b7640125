package sts_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/federation/saml"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// samlStack is a stack with a SAML provider "Keycloak" whose metadata is the test IdP's.
type samlStack struct {
	*stacktest.Stack
	idp      *fedtest.SAMLIdP
	provider string
}

func newSAMLStack(t *testing.T) *samlStack {
	t.Helper()
	s := stacktest.New(t)
	idp := fedtest.NewSAMLIdP(t, "https://keycloak.example.com/realms/corp")
	out, err := s.IAM(s.Root()).CreateSAMLProvider(context.Background(), &awsiam.CreateSAMLProviderInput{
		Name: aws.String("Keycloak"), SAMLMetadataDocument: aws.String(idp.Metadata())})
	if err != nil {
		t.Fatalf("CreateSAMLProvider: %v", err)
	}
	return &samlStack{Stack: s, idp: idp, provider: aws.ToString(out.SAMLProviderArn)}
}

func (s *samlStack) assume(roleARN, response string) (*awssts.AssumeRoleWithSAMLOutput, error) {
	return s.STS(stacktest.Credentials{}).AssumeRoleWithSAML(context.Background(), &awssts.AssumeRoleWithSAMLInput{
		RoleArn: aws.String(roleARN), PrincipalArn: aws.String(s.provider), SAMLAssertion: aws.String(response)})
}

// samlTrust trusts the provider for the AWS sign-in audience, with the actions given.
func (s *samlStack) samlTrust(actions ...string) string {
	return doc(stmt("Allow", actions, nil, "Principal", map[string]any{"Federated": s.provider},
		"Condition", map[string]any{"StringEquals": map[string]any{"SAML:aud": "https://signin.aws.amazon.com/saml"}}))
}

func TestAssumeRoleWithSAML(t *testing.T) {
	t.Parallel()
	s := newSAMLStack(t)
	acct := s.AccountID()
	roleARN, roleID := newRole(t, s.Stack, roleSpec{name: "SAMLAdmin", policies: []string{doc(stmt("Allow", "iam:ListUsers", "*",
		"Condition", map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/Team": "ops"}}))},
		trust: s.samlTrust("sts:AssumeRoleWithSAML", "sts:TagSession", "sts:SetSourceIdentity")})
	resp := s.idp.Response(t, fedtest.Assertion{Roles: []string{s.provider + "," + roleARN}, SessionName: "alice@example.com",
		Subject: "alice-1234", Attributes: map[string][]string{saml.AttrPrincipalTag + "Team": {"ops"}, saml.AttrSourceIdentity: {"alice"}}})
	out, err := s.assume(roleARN, resp)
	if err != nil {
		t.Fatalf("AssumeRoleWithSAML: %v", err)
	}
	sessionARN := "arn:aws:sts::" + acct + ":assumed-role/SAMLAdmin/alice@example.com"
	got := []string{aws.ToString(out.AssumedRoleUser.Arn), aws.ToString(out.AssumedRoleUser.AssumedRoleId),
		aws.ToString(out.Subject), aws.ToString(out.SubjectType), aws.ToString(out.Issuer), aws.ToString(out.Audience),
		aws.ToString(out.NameQualifier), aws.ToString(out.SourceIdentity)}
	want := []string{sessionARN, roleID + ":alice@example.com", "alice-1234", "persistent", s.idp.EntityID,
		"https://signin.aws.amazon.com/saml", saml.NameQualifier(s.idp.EntityID, acct, "Keycloak"), "alice"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
	creds := sessionCreds(out.Credentials, acct, sessionARN)
	if err := listUsers(s.Stack, creds); err != nil {
		t.Errorf("ListUsers with the Team=ops session tag: %v", err)
	}
}

// TestAssumeRoleWithSAMLRefusals: the refusals AWS answers, a wrapped assertion among them.
func TestAssumeRoleWithSAMLRefusals(t *testing.T) {
	t.Parallel()
	s := newSAMLStack(t)
	roleARN, _ := newRole(t, s.Stack, roleSpec{name: "SAMLAdmin", trust: s.samlTrust("sts:AssumeRoleWithSAML")})
	otherARN, _ := newRole(t, s.Stack, roleSpec{name: "Other", trust: s.samlTrust("sts:AssumeRoleWithSAML")})
	good := fedtest.Assertion{Roles: []string{s.provider + "," + roleARN}, SessionName: "alice", Subject: "alice-1"}
	forged := good
	forged.Roles, forged.SessionName = []string{s.provider + "," + otherARN}, "mallory"
	expired := good
	expired.Expires = time.Now().Add(-time.Hour)
	tagged := good
	rejected := good
	rejected.Status = "urn:oasis:names:tc:SAML:2.0:status:Requester"
	tagged.Attributes = map[string][]string{saml.AttrPrincipalTag + "Team": {"ops"}}
	rogue := fedtest.NewSAMLIdP(t, s.idp.EntityID) // same entity ID, another key
	for _, c := range []struct {
		name, role, response, want string
	}{
		{"wrapped assertion", otherARN, s.idp.Wrapped(t, good, forged), "InvalidIdentityToken"},
		{"another IdP's key", roleARN, rogue.Response(t, good), "InvalidIdentityToken"},
		{"expired", roleARN, s.idp.Response(t, expired), "ExpiredTokenException"},
		{"the IdP reports that authentication failed", roleARN, s.idp.Response(t, rejected), "IDPRejectedClaim"},
		{"role not in the assertion", otherARN, s.idp.Response(t, good), "AccessDenied"},
		{"tags without sts:TagSession", roleARN, s.idp.Response(t, tagged), "AccessDenied"},
		{"not base64", roleARN, "%%%%", "InvalidIdentityToken"},
	} {
		_, err := s.assume(c.role, c.response)
		if got := outcome(err); got != c.want {
			t.Errorf("%s: %s (%v), want %s", c.name, got, err, c.want)
		}
	}
	_, err := s.STS(stacktest.Credentials{}).AssumeRoleWithSAML(context.Background(), &awssts.AssumeRoleWithSAMLInput{
		RoleArn: aws.String(roleARN), PrincipalArn: aws.String("arn:aws:iam::" + s.AccountID() + ":saml-provider/Nope"),
		SAMLAssertion: aws.String(s.idp.Response(t, good))})
	if outcome(err) != "InvalidIdentityToken" {
		t.Errorf("a provider that does not exist: %v, want InvalidIdentityToken", err)
	}
}
