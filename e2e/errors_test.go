package e2e

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
)

// Messages of AWS's common errors (IAM and STS API References, "Common Errors"), as the real
// services send them.
const (
	signatureMismatchMessage = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	missingTokenMessage = "Request is missing Authentication Token"
)

// API versions of the awsQuery services.
const (
	iamVersion = "2010-05-08"
	stsVersion = "2011-06-15"
)

// queryError is the awsQuery error document.
type queryError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Error   struct {
		Type    string
		Code    string
		Message string
	}
	RequestID string `xml:"RequestId"`
}

// rawResponse is an answer read without any SDK in between.
type rawResponse struct {
	Status      int
	ContentType string
	Body        string
}

// rawQuery sends an awsQuery form POST to service, SigV4-signed with c at signTime (unsigned when
// c is empty), bypassing every SDK so the test controls what is signed and when.
func (s *server) rawQuery(tb testing.TB, c creds, service string, form url.Values, signTime time.Time) rawResponse {
	tb.Helper()
	body := form.Encode()
	req, err := http.NewRequest(http.MethodPost, s.url+"/", strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if c.AccessKeyID != "" {
		err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey},
			req, sha256Hex(body), service, region, signTime)
		if err != nil {
			tb.Fatalf("signing: %v", err)
		}
	}
	resp, err := s.http.Do(req)
	if err != nil {
		tb.Fatalf("POST %s: %v", form.Get("Action"), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("reading the answer to %s: %v", form.Get("Action"), err)
	}
	return rawResponse{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: string(b)}
}

// queryErr decodes an awsQuery error body.
func (r rawResponse) queryErr(tb testing.TB) queryError {
	tb.Helper()
	var e queryError
	if err := xml.Unmarshal([]byte(r.Body), &e); err != nil {
		tb.Fatalf("the %d answer is not an awsQuery ErrorResponse: %v\n%s", r.Status, err, r.Body)
	}
	return e
}

func TestAuthenticationFailuresSDK(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	s.createUser(t, "nina", "")
	nina := s.createAccessKey(t, "nina")
	wrongSecret := creds{AccessKeyID: nina.AccessKeyID, SecretAccessKey: randomString(secretAlphabet, secretLen)}
	wrongRootSecret := creds{AccessKeyID: s.root.AccessKeyID, SecretAccessKey: randomString(secretAlphabet, secretLen)}
	unknown := randomCreds()

	cases := []struct {
		name string
		as   creds
		want apiError
	}{
		{"a user's key with a wrong secret", wrongSecret, apiError{Code: "SignatureDoesNotMatch", Status: 403, Message: signatureMismatchMessage}},
		{"root's key with a wrong secret", wrongRootSecret, apiError{Code: "SignatureDoesNotMatch", Status: 403, Message: signatureMismatchMessage}},
		{"a key nobody has", unknown, apiError{Code: "InvalidClientTokenId", Status: 403, Message: invalidTokenMessage}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := s.iam(tc.as).ListUsers(context.Background(), &iam.ListUsersInput{})
			if diff := cmp.Diff(tc.want, asAPIError(err)); diff != "" {
				t.Errorf("IAM ListUsers (-want +got):\n%s", diff)
			}
			_, err = s.sts(tc.as).GetCallerIdentity(context.Background(), nil)
			if diff := cmp.Diff(tc.want, asAPIError(err)); diff != "" {
				t.Errorf("STS GetCallerIdentity (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuthenticationFailuresCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	wrongSecret := creds{AccessKeyID: s.root.AccessKeyID, SecretAccessKey: randomString(secretAlphabet, secretLen)}

	cases := []struct {
		name string
		as   creds
		args []string
		want outcome
	}{
		{"a wrong secret", wrongSecret, []string{"iam", "list-users"}, outcome{Code: "SignatureDoesNotMatch", Message: signatureMismatchMessage}},
		{"a key nobody has", randomCreds(), []string{"sts", "get-caller-identity"}, outcome{Code: "InvalidClientTokenId", Message: invalidTokenMessage}},
		{"no signature at all", creds{}, []string{"--no-sign-request", "sts", "get-caller-identity"}, outcome{Code: "MissingAuthenticationToken", Message: missingTokenMessage}},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, cliOutcome(s.aws(t, tc.as, tc.args...))); diff != "" {
			t.Errorf("%s: aws %v (-want +got):\n%s", tc.name, tc.args, diff)
		}
	}
}

func TestAuthenticationFailuresBoto3(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	var got struct{ Steps []botoStep }
	s.boto3(t, s.root, "authfail.py", &got)
	want := []botoStep{
		{Step: "iam list_users, wrong secret", Code: "SignatureDoesNotMatch", Status: 403, Message: signatureMismatchMessage},
		{Step: "sts get_caller_identity, wrong secret", Code: "SignatureDoesNotMatch", Status: 403, Message: signatureMismatchMessage},
		{Step: "iam list_users, unknown key", Code: "InvalidClientTokenId", Status: 403, Message: invalidTokenMessage},
		{Step: "sts get_caller_identity, unknown key", Code: "InvalidClientTokenId", Status: 403, Message: invalidTokenMessage},
		{Step: "iam list_users, unsigned", Code: "MissingAuthenticationToken", Status: 403, Message: missingTokenMessage},
		{Step: "iam list_users, right key", Code: "ok", Status: 200},
	}
	if diff := cmp.Diff(want, got.Steps); diff != "" {
		t.Errorf("boto3 authentication failures (-want +got):\n%s", diff)
	}
}

// TestSigningEdgeCases sends hand-signed requests: what the SDKs would never send but attackers
// and broken clocks do.
func TestSigningEdgeCases(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	gci := url.Values{"Action": {"GetCallerIdentity"}, "Version": {stsVersion}}

	cases := []struct {
		name        string
		as          creds
		service     string
		form        url.Values
		skew        time.Duration // the signing time is this far from the moment of sending
		wantStatus  int
		wantCode    string
		wantMessage string // a prefix
	}{
		{"a signature from 20 minutes ago", s.root, "sts", gci, -20 * time.Minute, 403, "SignatureDoesNotMatch", "Signature expired"},
		{"a signature 20 minutes in the future", s.root, "sts", gci, 20 * time.Minute, 403, "SignatureDoesNotMatch", "Signature not yet current"},
		{"no signature", creds{}, "iam", url.Values{"Action": {"ListUsers"}, "Version": {iamVersion}}, 0, 403, "MissingAuthenticationToken", missingTokenMessage},
		{"an action IAM does not have", s.root, "iam", url.Values{"Action": {"LaunchRockets"}, "Version": {iamVersion}}, 0, 400, "InvalidAction", ""},
		{"an action STS does not have", s.root, "sts", url.Values{"Action": {"CreateUser"}, "Version": {stsVersion}}, 0, 400, "InvalidAction", ""},
		{"a required parameter missing (the SDKs never send this)", s.root, "iam", url.Values{"Action": {"CreateUser"}, "Version": {iamVersion}}, 0, 400, "ValidationError", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The time is taken now, not when the table was built: a parallel subtest may
			// start minutes later on a loaded machine.
			r := s.rawQuery(t, tc.as, tc.service, tc.form, time.Now().Add(tc.skew))
			if r.Status != tc.wantStatus {
				t.Errorf("status %d, want %d", r.Status, tc.wantStatus)
			}
			if !strings.HasPrefix(r.ContentType, "text/xml") {
				t.Errorf("Content-Type %q, want text/xml", r.ContentType)
			}
			e := r.queryErr(t)
			if e.Error.Code != tc.wantCode || !strings.HasPrefix(e.Error.Message, tc.wantMessage) || e.Error.Type != "Sender" || e.RequestID == "" {
				t.Errorf("error = %+v, want Type Sender, Code %s, a Message starting %q and a RequestId", e, tc.wantCode, tc.wantMessage)
			}
		})
	}

	// A correctly signed raw request answers with the awsQuery result document.
	r := s.rawQuery(t, s.root, "sts", gci, time.Now())
	var ok struct {
		Result struct {
			Arn     string
			Account string
			UserId  string
		} `xml:"GetCallerIdentityResult"`
		RequestID string `xml:"ResponseMetadata>RequestId"`
	}
	if err := xml.Unmarshal([]byte(r.Body), &ok); err != nil || r.Status != 200 {
		t.Fatalf("raw GetCallerIdentity: status %d, %v\n%s", r.Status, err, r.Body)
	}
	if want := "arn:aws:iam::" + s.account + ":root"; ok.Result.Arn != want || ok.Result.Account != s.account || ok.RequestID == "" {
		t.Errorf("raw GetCallerIdentity = %+v, want Arn %s, Account %s and a RequestId", ok, want, s.account)
	}
}

func TestValidationErrors(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	client := s.iam(s.root)
	s.createUser(t, "olivia", "")

	// Constraints from the IAM API Reference (userNameType: [\w+=,.@-]+, 1–64 characters; pathType:
	// "/" or /…/; MaxItems 1–1000), errors from its per-operation Errors sections.
	cases := []struct {
		name string
		call func() error
		want apiError
	}{
		{"a user name with a space", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bad name")})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"a user name with a slash", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("a/b")})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"a user name of 65 characters", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(strings.Repeat("a", 65))})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"a path without slashes", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("pat"), Path: aws.String("eng")})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"MaxItems 0", func() error {
			_, err := client.ListUsers(ctx, &iam.ListUsersInput{MaxItems: aws.Int32(0)})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"MaxItems 1001", func() error {
			_, err := client.ListUsers(ctx, &iam.ListUsersInput{MaxItems: aws.Int32(maxMaxItems + 1)})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"a path of 513 characters", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("pat"), Path: aws.String("/" + strings.Repeat("p", 511) + "/")})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"a policy name with a space", func() error {
			_, err := client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("olivia"), PolicyName: aws.String("my policy"), PolicyDocument: aws.String(allow("iam:GetUser", "*"))})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"an access key ID with a dash", func() error {
			_, err := client.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("olivia"), AccessKeyId: aws.String("AKIA-BAD-KEY-ID-XXXX"), Status: types.StatusTypeInactive})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"a tag key of 129 characters", func() error {
			_, err := client.TagUser(ctx, &iam.TagUserInput{UserName: aws.String("olivia"), Tags: []types.Tag{{Key: aws.String(strings.Repeat("k", 129)), Value: aws.String("v")}}})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"a tag value of 257 characters", func() error {
			_, err := client.TagUser(ctx, &iam.TagUserInput{UserName: aws.String("olivia"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String(strings.Repeat("v", 257))}}})
			return err
		}, apiError{Code: "ValidationError", Status: 400}},
		{"a user name of 64 characters is fine", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(strings.Repeat("b", 64))})
			return err
		}, apiError{Code: "ok"}},
		{"every allowed character is fine", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("a_Z0+=,.@-")})
			return err
		}, apiError{Code: "ok"}},
		{"a name that exists", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("olivia")})
			return err
		}, apiError{Code: "EntityAlreadyExists", Status: 409, Message: "User with name olivia already exists."}},
		{"a name that exists in another case", func() error {
			_, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("Olivia")})
			return err
		}, apiError{Code: "EntityAlreadyExists", Status: 409}},
		{"a user that does not exist", func() error {
			_, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("nobody")})
			return err
		}, apiError{Code: "NoSuchEntity", Status: 404, Message: noSuchUserMessage("nobody")}},
		{"a policy document that is not JSON", func() error {
			_, err := client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("olivia"), PolicyName: aws.String("p"), PolicyDocument: aws.String("{not json")})
			return err
		}, apiError{Code: "MalformedPolicyDocument", Status: 400}},
		{"an inline policy that does not exist", func() error {
			_, err := client.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String("olivia"), PolicyName: aws.String("none")})
			return err
		}, apiError{Code: "NoSuchEntity", Status: 404}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := asAPIError(tc.call())
			if tc.want.Message == "" {
				got.Message = ""
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	// The same rule through the CLI and boto3, which do not check patterns themselves.
	if awsMissing == "" {
		r := s.aws(t, s.root, "iam", "create-user", "--user-name", "bad name!")
		if got := r.outcome(); got != "ValidationError" {
			t.Errorf("aws iam create-user --user-name 'bad name!': %s, want ValidationError", got)
		}
	}
	if botoMissing == "" {
		var got struct{ Steps []botoStep }
		s.boto3(t, s.root, "validation.py", &got)
		var codes []string
		for _, st := range got.Steps {
			codes = append(codes, st.Step+": "+st.Code)
		}
		want := []string{"create_user 65 characters: ValidationError", "create_user path eng: ValidationError", "create_user olivia: EntityAlreadyExists"}
		if diff := cmp.Diff(want, codes); diff != "" {
			t.Errorf("boto3 validation (-want +got):\n%s", diff)
		}
	}
}

// TestUnsignedSTSOperations: the aws CLI sends AssumeRoleWithWebIdentity and AssumeRoleWithSAML
// unsigned (their model says "authtype": "none"; "Calling AssumeRoleWithWebIdentity does not
// require the use of AWS security credentials", STS API Reference), here from an environment
// with no credentials at all. They reach STS, which judges the token or assertion they carry
// (a token no IAM OIDC provider vouches for, an assertion of a provider that does not exist:
// InvalidIdentityToken), instead of being refused
// as unsigned.
func TestUnsignedSTSOperations(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	role := "arn:aws:iam::" + s.account + ":role/federated"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sts", "assume-role-with-web-identity", "--role-arn", role, "--role-session-name", "web", "--web-identity-token", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"},
			"InvalidIdentityToken"},
		{[]string{"sts", "assume-role-with-saml", "--role-arn", role, "--principal-arn", "arn:aws:iam::" + s.account + ":saml-provider/idp",
			"--saml-assertion", "PHNhbWxwOlJlc3BvbnNlLz4="}, "InvalidIdentityToken"},
	} {
		r := s.aws(t, creds{}, c.args...)
		if r.exit == 0 || r.code() != c.want {
			t.Errorf("aws %s without credentials: %s, want %s", c.args[1], r.outcome(), c.want)
		}
	}
	// (Every other operation sent unsigned is still MissingAuthenticationToken: TestSigningEdgeCases.)
}
