package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

// TestWebIdentityFederation: a local HTTPS OpenID Connect issuer with its own key and its own
// CA (no system root vouches for it), registered as an IAM OIDC provider trusted by the
// thumbprint of that CA, mints the tokens; the aws CLI and boto3 exchange them for role sessions
// with AssumeRoleWithWebIdentity, directly and through a profile's web_identity_token_file, and
// are refused as AWS refuses them (alg none, a wrong audience, an expired token, a subject the
// trust policy does not name).
func TestWebIdentityFederation(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	is := fedtest.NewIssuer(t)
	ctx := context.Background()
	root := s.iam(s.root)
	p, err := root.CreateOpenIDConnectProvider(ctx, &iam.CreateOpenIDConnectProviderInput{Url: aws.String(is.URL),
		ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{oidc.Thumbprint(is.CA.Cert)}})
	if err != nil {
		t.Fatalf("CreateOpenIDConnectProvider: %v", err)
	}
	provider, id := deref(p.OpenIDConnectProviderArn), oidc.ProviderID(is.URL)
	trustDoc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": map[string]any{"Federated": provider},
		"Condition": map[string]any{"StringEquals": map[string]any{id + ":aud": "sts.amazonaws.com"},
			"StringLike": map[string]any{id + ":sub": "repo:acme/*"}}}}})
	role, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("GitHubDeploy"), AssumeRolePolicyDocument: aws.String(string(trustDoc))})
	if err != nil {
		t.Fatalf("CreateRole: %v", err)
	}
	if _, err := root.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("GitHubDeploy"), PolicyName: aws.String("read"),
		PolicyDocument: aws.String(allow("iam:ListUsers", "*"))}); err != nil {
		t.Fatal(err)
	}
	roleARN := deref(role.Role.Arn)
	mint := func(sub string, extra map[string]any) string {
		now := time.Now().Unix()
		c := map[string]any{"iss": is.URL, "sub": sub, "aud": "sts.amazonaws.com", "iat": now, "exp": now + 900}
		for k, v := range extra {
			c[k] = v
		}
		return is.Mint(t, "k1", c)
	}
	good := mint("repo:acme/app:ref:refs/heads/main", nil)
	enc := base64.RawURLEncoding.EncodeToString
	none := enc([]byte(`{"alg":"none","kid":"k1"}`)) + "." + enc([]byte(`{"iss":"`+is.URL+`","sub":"repo:acme/x","aud":"sts.amazonaws.com","exp":9999999999}`)) + "."

	// The aws CLI, directly.
	var out struct {
		SubjectFromWebIdentityToken, Audience, Provider string
		AssumedRoleUser                                 struct{ Arn string }
		Credentials                                     struct{ AccessKeyId string }
	}
	s.aws(t, creds{}, "sts", "assume-role-with-web-identity", "--role-arn", roleARN, "--role-session-name", "cli",
		"--web-identity-token", good).decode(t, &out)
	want := []string{"repo:acme/app:ref:refs/heads/main", "sts.amazonaws.com", provider,
		"arn:aws:sts::" + s.account + ":assumed-role/GitHubDeploy/cli"}
	if diff := cmp.Diff(want, []string{out.SubjectFromWebIdentityToken, out.Audience, out.Provider, out.AssumedRoleUser.Arn}); diff != "" {
		t.Errorf("aws sts assume-role-with-web-identity (-want +got):\n%s", diff)
	}

	// A profile with web_identity_token_file, used by the CLI and by boto3.
	dir := t.TempDir()
	tokenFile, config := filepath.Join(dir, "token"), filepath.Join(dir, "config")
	writeFile(t, tokenFile, good)
	writeFile(t, config, "[profile ci]\nregion = us-east-1\noutput = json\nendpoint_url = "+s.url+
		"\nrole_arn = "+roleARN+"\nweb_identity_token_file = "+tokenFile+"\nrole_session_name = ci-profile\n")
	env := append(s.cliEnv(t, creds{}), "AWS_CONFIG_FILE="+config)
	var ident identity
	s.runCLI(t, env, "--profile", "ci", "sts", "get-caller-identity").decode(t, &ident)
	if want := "arn:aws:sts::" + s.account + ":assumed-role/GitHubDeploy/ci-profile"; ident.Arn != want {
		t.Errorf("aws --profile ci sts get-caller-identity: %s, want %s", ident.Arn, want)
	}

	bad, _ := json.Marshal(map[string]string{
		"alg none":       none,
		"wrong audience": mint("repo:acme/app", map[string]any{"aud": "someone"}),
		"expired":        mint("repo:acme/app", map[string]any{"iat": time.Now().Unix() - 7200, "exp": time.Now().Unix() - 3600}),
		"other subject":  mint("repo:evil/app", nil),
	})
	var got struct {
		Steps        []botoStep
		Direct       map[string]string
		ProfileArn   string
		ProfileUsers int
	}
	s.boto3(t, creds{}, "webidentity.py", &got, "ROLE_ARN="+roleARN, "TOKEN="+good, "BAD_TOKENS="+string(bad),
		"USE_PROFILE=ci", "AWS_CONFIG_FILE="+config)
	var codes []string
	for _, st := range got.Steps {
		codes = append(codes, st.Step+": "+st.Code)
	}
	wantCodes := []string{"direct: ok", "alg none: InvalidIdentityToken", "expired: ExpiredTokenException",
		"other subject: AccessDenied", "wrong audience: InvalidIdentityToken"}
	if diff := cmp.Diff(wantCodes, codes); diff != "" {
		t.Errorf("boto3 assume_role_with_web_identity (-want +got):\n%s", diff)
	}
	if got.Direct["Provider"] != provider || got.Direct["Arn"] != "arn:aws:sts::"+s.account+":assumed-role/GitHubDeploy/boto3" {
		t.Errorf("boto3's answer: %v", got.Direct)
	}
	if got.ProfileArn != "arn:aws:sts::"+s.account+":assumed-role/GitHubDeploy/ci-profile" || got.ProfileUsers != 0 {
		t.Errorf("boto3 with the web identity profile: %s, %d users", got.ProfileArn, got.ProfileUsers)
	}
}

// TestSAMLFederation: a SAML IdP whose responses xmlsec1 signs, registered with its metadata
// document; the aws CLI and boto3 exchange a response for a role session with AssumeRoleWithSAML,
// and a wrapped assertion (a forged unsigned one ahead of the signed one) and an expired one are
// refused.
func TestSAMLFederation(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	requireBoto3(t)
	idp := fedtest.NewSAMLIdP(t, "https://keycloak.example.com/realms/corp")
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	root := s.iam(s.root)
	p, err := root.CreateSAMLProvider(ctx, &iam.CreateSAMLProviderInput{Name: aws.String("Keycloak"), SAMLMetadataDocument: aws.String(idp.Metadata())})
	if err != nil {
		t.Fatalf("CreateSAMLProvider: %v", err)
	}
	provider := deref(p.SAMLProviderArn)
	trustDoc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML", "Principal": map[string]any{"Federated": provider},
		"Condition": map[string]any{"StringEquals": map[string]any{"SAML:aud": "https://signin.aws.amazon.com/saml"}}}}})
	roleARN := ""
	for _, name := range []string{"Admin", "ReadOnly"} {
		role, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(string(trustDoc))})
		if err != nil {
			t.Fatalf("CreateRole: %v", err)
		}
		if name == "ReadOnly" {
			roleARN = deref(role.Role.Arn)
		}
	}
	adminARN := "arn:aws:iam::" + s.account + ":role/Admin"
	good := fedtest.Assertion{Roles: []string{provider + "," + roleARN}, SessionName: "alice@example.com", Subject: "alice-1234"}
	forged := good
	forged.Roles = []string{provider + "," + adminARN}
	expired := good
	expired.Expires = time.Now().Add(-time.Hour)

	var out struct {
		Subject, Issuer, Audience, NameQualifier string
		AssumedRoleUser                          struct{ Arn string }
	}
	s.aws(t, creds{}, "sts", "assume-role-with-saml", "--role-arn", roleARN, "--principal-arn", provider,
		"--saml-assertion", idp.Response(t, good)).decode(t, &out)
	sessionARN := "arn:aws:sts::" + s.account + ":assumed-role/ReadOnly/alice@example.com"
	want := []string{"alice-1234", idp.EntityID, "https://signin.aws.amazon.com/saml", sessionARN}
	if diff := cmp.Diff(want, []string{out.Subject, out.Issuer, out.Audience, out.AssumedRoleUser.Arn}); diff != "" {
		t.Errorf("aws sts assume-role-with-saml (-want +got):\n%s", diff)
	}

	responses, _ := json.Marshal(map[string]string{"good": idp.Response(t, good), "wrapped": idp.Wrapped(t, good, forged),
		"expired": idp.Response(t, expired)})
	var got struct {
		Steps   []botoStep
		Answers map[string]map[string]string
	}
	s.boto3(t, creds{}, "samlidentity.py", &got, "ROLE_ARN="+roleARN, "PROVIDER_ARN="+provider, "RESPONSES="+string(responses))
	var codes []string
	for _, st := range got.Steps {
		codes = append(codes, st.Step+": "+st.Code)
	}
	if diff := cmp.Diff([]string{"expired: ExpiredTokenException", "good: ok", "wrapped: InvalidIdentityToken"}, codes); diff != "" {
		t.Errorf("boto3 assume_role_with_saml (-want +got):\n%s", diff)
	}
	if a := got.Answers["good"]; a["Caller"] != sessionARN || a["SubjectType"] != "persistent" || a["NameQualifier"] != out.NameQualifier {
		t.Errorf("boto3's answer: %v", a)
	}
}
