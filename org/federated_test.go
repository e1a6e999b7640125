package org_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/policy"
)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// webRole registers the issuer as an OIDC provider of the account admin administers and
// creates a role trusting any of its subjects for sts:AssumeRoleWithWebIdentity.
func webRole(t *testing.T, s *stacktest.Stack, admin stacktest.Credentials, is *fedtest.Issuer) string {
	t.Helper()
	c := s.IAM(admin)
	p, err := c.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(is.URL),
		ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{oidc.Thumbprint(is.CA.Cert)}})
	if err != nil {
		t.Fatal(err)
	}
	trust := mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
		"Principal": map[string]any{"Federated": aws.ToString(p.OpenIDConnectProviderArn)}, "Action": "sts:AssumeRoleWithWebIdentity",
		"Condition": map[string]any{"StringEquals": map[string]any{oidc.ProviderID(is.URL) + ":aud": "sts.amazonaws.com"}}}}})
	r, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("ci"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(r.Role.Arn)
}

func assumeWeb(s *stacktest.Stack, is *fedtest.Issuer, t *testing.T, roleARN, sub string) error {
	now := time.Now().Unix()
	tok := is.Mint(t, "k1", map[string]any{"iss": is.URL, "sub": sub, "aud": "sts.amazonaws.com", "iat": now, "nbf": now, "exp": now + 600})
	_, err := s.STS(stacktest.Credentials{}).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(roleARN), RoleSessionName: aws.String("ci"), WebIdentityToken: aws.String(tok)})
	return err
}

// TestRCPFencesWebIdentity: an RCP admitting only the organization's own repositories refuses
// a web identity assumption of a member account's role by any other subject, though the
// role's trust policy allows it; the management account is exempt.
func TestRCPFencesWebIdentity(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	acct := createAccount(t, c, "ci", "ci@example.com")
	is := fedtest.NewIssuer(t)
	member := webRole(t, s, assumeAccessRole(t, s, acct), is)
	mgmt := webRole(t, s, s.Root(), is)
	if err := assumeWeb(s, is, t, member, "repo:evil/app"); err != nil {
		t.Fatalf("before any RCP: %v", err)
	}
	if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeResourceControlPolicy}); err != nil {
		t.Fatal(err)
	}
	rcp := mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Deny", "Principal": "*",
		"Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*",
		"Condition": map[string]any{"StringNotLike": map[string]any{oidc.ProviderID(is.URL) + ":sub": "repo:acme/*"}}}}})
	p, err := c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("acme-only"), Description: aws.String("d"),
		Type: types.PolicyTypeResourceControlPolicy, Content: aws.String(rcp)})
	if err != nil {
		t.Fatal(err)
	}
	attach(t, c, aws.ToString(p.Policy.PolicySummary.Id), root)
	stacktest.WantError(t, assumeWeb(s, is, t, member, "repo:evil/app"), "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	if err := assumeWeb(s, is, t, member, "repo:acme/app"); err != nil {
		t.Errorf("a subject the RCP admits: %v", err)
	}
	if err := assumeWeb(s, is, t, mgmt, "repo:evil/app"); err != nil {
		t.Errorf("the management account is exempt from RCPs: %v", err)
	}
}

// TestSourceOrgID: a service acting for a resource of an organization account (Roles
// Anywhere's CreateSession, through authz.AuthorizeFederated with aws:SourceAccount) carries
// aws:SourceOrgID and aws:SourceOrgPaths; an account outside the organization carries none.
func TestSourceOrgID(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, _ := newOrg(t, s)
	d, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	orgID := aws.ToString(d.Organization.Id)
	acct := createAccount(t, c, "pki", "pki@example.com")
	outside := s.NewAccount(t).AccountID
	trust := mustJSON(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
		"Principal": map[string]any{"Service": "rolesanywhere.amazonaws.com"}, "Action": "sts:AssumeRole",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceOrgID": orgID}}}}})
	ask := func(source string) error {
		return s.Authorizer().AuthorizeFederated(ctx, policy.Principal{Kind: policy.PrincipalService, ARN: "rolesanywhere.amazonaws.com"},
			authz.Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::" + acct + ":role/r", ResourceAccount: acct,
				Keys: []authz.Key{authz.StringKey("aws:SourceAccount", source)}, ResourcePolicy: trust, ResourceKind: policy.ResourceRoleTrust})
	}
	if err := ask(acct); err != nil {
		t.Errorf("a source in the organization: %v", err)
	}
	if err := ask(outside); !awserr.Is(err, "AccessDenied") {
		t.Errorf("a source outside the organization: %v, want AccessDenied", err)
	}
}

// TestClosedAccountRefusesWebIdentity: once a member account is closed, a web identity
// assumption of its role is refused (authz: a closed account's roles are not assumed), though
// the role's trust policy still allows it and the same token was accepted before closing; a
// role of another member trusting the same issuer still works.
func TestClosedAccountRefusesWebIdentity(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, _ := newOrg(t, s)
	closing, open := createAccount(t, c, "closing", "closing@example.com"), createAccount(t, c, "open", "open@example.com")
	is := fedtest.NewIssuer(t)
	closingRole := webRole(t, s, assumeAccessRole(t, s, closing), is)
	openRole := webRole(t, s, assumeAccessRole(t, s, open), is)
	if err := assumeWeb(s, is, t, closingRole, "repo:acme/app"); err != nil {
		t.Fatalf("before closing: %v", err)
	}
	if _, err := c.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(closing)}); err != nil {
		t.Fatal(err)
	}
	stacktest.WantError(t, assumeWeb(s, is, t, closingRole, "repo:acme/app"), "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	if err := assumeWeb(s, is, t, openRole, "repo:acme/app"); err != nil {
		t.Errorf("another member's role after one account closed: %v", err)
	}
}
