package sts_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"
	jose "github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// webStack is a stack with a local HTTPS OIDC issuer registered as an IAM OIDC provider,
// trusted by the thumbprint of its CA.
type webStack struct {
	*stacktest.Stack
	is       *fedtest.Issuer
	provider string // the provider's ARN
	id       string // the provider's ID (URL without scheme): the prefix of its condition keys
}

func newWebStack(t *testing.T) *webStack {
	t.Helper()
	s := stacktest.New(t)
	is := fedtest.NewIssuer(t)
	out, err := s.IAM(s.Root()).CreateOpenIDConnectProvider(context.Background(), &awsiam.CreateOpenIDConnectProviderInput{
		Url: aws.String(is.URL), ClientIDList: []string{"sts.amazonaws.com", "my-app"},
		ThumbprintList: []string{oidc.Thumbprint(is.CA.Cert)}})
	if err != nil {
		t.Fatalf("CreateOpenIDConnectProvider: %v", err)
	}
	return &webStack{Stack: s, is: is, provider: aws.ToString(out.OpenIDConnectProviderArn), id: oidc.ProviderID(is.URL)}
}

// claims are a valid token's claims for sub, with extra members added or replaced (nil removes).
func (w *webStack) claims(sub string, extra map[string]any) map[string]any {
	now := time.Now().Unix()
	c := map[string]any{"iss": w.is.URL, "sub": sub, "aud": "sts.amazonaws.com", "iat": now, "nbf": now, "exp": now + 600}
	for k, v := range extra {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func (w *webStack) assume(roleARN, token string) (*awssts.AssumeRoleWithWebIdentityOutput, error) {
	return w.STS(stacktest.Credentials{}).AssumeRoleWithWebIdentity(context.Background(), &awssts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(roleARN), RoleSessionName: aws.String("ci-run"), WebIdentityToken: aws.String(token)})
}

// webTrust trusts the provider for sub, with the actions given.
func (w *webStack) webTrust(sub string, actions ...string) string {
	return doc(stmt("Allow", actions, nil, "Principal", map[string]any{"Federated": w.provider},
		"Condition", map[string]any{"StringEquals": map[string]any{w.id + ":aud": "sts.amazonaws.com"},
			"StringLike": map[string]any{w.id + ":sub": sub}}))
}

func TestAssumeRoleWithWebIdentity(t *testing.T) {
	t.Parallel()
	w := newWebStack(t)
	acct := w.AccountID()
	roleARN, roleID := newRole(t, w.Stack, roleSpec{name: "Deploy", trust: w.webTrust("repo:acme/*", "sts:AssumeRoleWithWebIdentity"),
		policies: []string{doc(stmt("Allow", "iam:ListUsers", "*"))}})
	out, err := w.assume(roleARN, w.is.Mint(t, "k1", w.claims("repo:acme/app:ref:refs/heads/main", nil)))
	if err != nil {
		t.Fatalf("AssumeRoleWithWebIdentity: %v", err)
	}
	sessionARN := "arn:aws:sts::" + acct + ":assumed-role/Deploy/ci-run"
	got := []string{aws.ToString(out.AssumedRoleUser.Arn), aws.ToString(out.AssumedRoleUser.AssumedRoleId),
		aws.ToString(out.SubjectFromWebIdentityToken), aws.ToString(out.Audience), aws.ToString(out.Provider)}
	want := []string{sessionARN, roleID + ":ci-run", "repo:acme/app:ref:refs/heads/main", "sts.amazonaws.com", w.provider}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
	if d := out.Credentials.Expiration.Sub(w.Clock().Now()); d < 59*time.Minute || d > 61*time.Minute {
		t.Errorf("session lasts %v, want the default hour", d)
	}
	creds := sessionCreds(out.Credentials, acct, sessionARN)
	if got := callerARN(t, w.Stack, creds); got != sessionARN {
		t.Errorf("GetCallerIdentity = %s, want %s", got, sessionARN)
	}
	if err := listUsers(w.Stack, creds); err != nil {
		t.Errorf("the session's ListUsers: %v", err)
	}
}

// TestAssumeRoleWithWebIdentityRefusals: every refusal AWS answers, each with its code.
func TestAssumeRoleWithWebIdentityRefusals(t *testing.T) {
	t.Parallel()
	w := newWebStack(t)
	roleARN, _ := newRole(t, w.Stack, roleSpec{name: "Deploy", trust: w.webTrust("repo:acme/*", "sts:AssumeRoleWithWebIdentity")})
	ctx := context.Background()
	// A second provider, for an issuer whose thumbprint is not the one registered.
	other := fedtest.NewIssuer(t)
	_, err := w.IAM(w.Root()).CreateOpenIDConnectProvider(ctx, &awsiam.CreateOpenIDConnectProviderInput{
		Url: aws.String(other.URL), ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{strings.Repeat("ab", 20)}})
	if err != nil {
		t.Fatal(err)
	}
	// A third, whose issuer answers 503.
	down := fedtest.NewIssuer(t)
	down.SetStatus(503)
	_, err = w.IAM(w.Root()).CreateOpenIDConnectProvider(ctx, &awsiam.CreateOpenIDConnectProviderInput{
		Url: aws.String(down.URL), ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{oidc.Thumbprint(down.CA.Cert)}})
	if err != nil {
		t.Fatal(err)
	}
	valid := w.claims("repo:acme/app", nil)
	past := time.Now().Add(-time.Hour).Unix()
	unsigned := func(alg string) string {
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"`+alg+`","typ":"JWT","kid":"k1"}`)) + "." + enc([]byte(`{"iss":"`+w.is.URL+`","sub":"repo:acme/app","aud":"sts.amazonaws.com","exp":9999999999}`)) + "."
	}
	hmac := fedtest.Sign(t, jose.JSONWebKey{Key: []byte(strings.Repeat("k", 32)), KeyID: "k1", Algorithm: string(jose.HS256)}, valid)
	for _, c := range []struct {
		name, token, want string
	}{
		{"alg none", unsigned("none"), "InvalidIdentityToken"},
		{"HMAC", hmac, "InvalidIdentityToken"},
		{"not a JWT", "abcd.efgh", "InvalidIdentityToken"},
		{"bad signature", w.is.Mint(t, "k1", valid)[:len(w.is.Mint(t, "k1", valid))-4] + "AAAA", "InvalidIdentityToken"},
		{"wrong audience", w.is.Mint(t, "k1", w.claims("repo:acme/app", map[string]any{"aud": "someone-else"})), "InvalidIdentityToken"},
		{"unknown issuer", w.is.Mint(t, "k1", w.claims("repo:acme/app", map[string]any{"iss": "https://idp.invalid"})), "InvalidIdentityToken"},
		{"thumbprint mismatch", other.Mint(t, "k1", map[string]any{"iss": other.URL, "sub": "x", "aud": "sts.amazonaws.com", "exp": time.Now().Unix() + 600}), "InvalidIdentityToken"},
		{"expired", w.is.Mint(t, "k1", w.claims("repo:acme/app", map[string]any{"iat": past - 600, "exp": past})), "ExpiredTokenException"},
		{"issuer unreachable", down.Mint(t, "k1", map[string]any{"iss": down.URL, "sub": "x", "aud": "sts.amazonaws.com", "exp": time.Now().Unix() + 600}), "IDPCommunicationError"},
		{"trust policy: other subject", w.is.Mint(t, "k1", w.claims("repo:evil/app", nil)), "AccessDenied"},
		{"bad tags claim", w.is.Mint(t, "k1", w.claims("repo:acme/app", map[string]any{oidc.TagsClaim: "x"})), "IDPRejectedClaim"},
		{"tags without sts:TagSession", w.is.Mint(t, "k1", w.claims("repo:acme/app", map[string]any{oidc.TagsClaim: map[string]any{
			"principal_tags": map[string]any{"Project": []string{"Automation"}}}})), "AccessDenied"},
	} {
		_, err := w.assume(roleARN, c.token)
		if got := outcome(err); got != c.want {
			t.Errorf("%s: %s (%v), want %s", c.name, got, err, c.want)
		}
	}
	if _, err := w.assume("arn:aws:iam::"+w.AccountID()+":role/Nobody", w.is.Mint(t, "k1", valid)); outcome(err) != "AccessDenied" {
		t.Errorf("a role that does not exist: %v, want AccessDenied", err)
	}
}

// TestAssumeRoleWithWebIdentityTags: the tags claim becomes session tags when the trust policy
// allows sts:TagSession; the session's permissions see them as aws:PrincipalTag.
func TestAssumeRoleWithWebIdentityTags(t *testing.T) {
	t.Parallel()
	w := newWebStack(t)
	acct := w.AccountID()
	onlyAutomation := doc(stmt("Allow", "iam:ListUsers", "*", "Condition",
		map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/Project": "Automation"}}))
	roleARN, _ := newRole(t, w.Stack, roleSpec{name: "Tagged", policies: []string{onlyAutomation},
		trust: w.webTrust("*", "sts:AssumeRoleWithWebIdentity", "sts:TagSession")})
	mint := func(project string) string {
		return w.is.Mint(t, "k1", w.claims("u", map[string]any{oidc.TagsClaim: map[string]any{
			"principal_tags": map[string]any{"Project": []string{project}}, "transitive_tag_keys": []string{"Project"}}}))
	}
	for project, want := range map[string]string{"Automation": "ok", "Other": "AccessDenied"} {
		out, err := w.assume(roleARN, mint(project))
		if err != nil {
			t.Fatalf("AssumeRoleWithWebIdentity with tags: %v", err)
		}
		if out.PackedPolicySize == nil {
			t.Errorf("no PackedPolicySize for a session with tags")
		}
		creds := sessionCreds(out.Credentials, acct, aws.ToString(out.AssumedRoleUser.Arn))
		if got := outcome(listUsers(w.Stack, creds)); got != want {
			t.Errorf("ListUsers with Project=%s: %s, want %s", project, got, want)
		}
	}
}
