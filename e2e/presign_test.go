package e2e

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// sendPresigned sends a presigned request as a browser or a verifier (Vault, Kubernetes
// authenticators) would: no credentials of its own, only the URL and the signed headers.
func (s *server) sendPresigned(tb testing.TB, method, rawURL string, header http.Header) (int, string) {
	tb.Helper()
	req, err := http.NewRequest(method, rawURL, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for k, vs := range header {
		if !strings.EqualFold(k, "Host") {
			req.Header[k] = vs
		}
	}
	resp, err := s.http.Do(req)
	if err != nil {
		tb.Fatalf("%s presigned: %v", method, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPresignedGetCallerIdentity is the proof-of-identity pattern of Vault's and Kubernetes'
// AWS authenticators: one party presigns sts:GetCallerIdentity, another sends it.
func TestPresignedGetCallerIdentity(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	s.createUser(t, "ada", "")
	ada := s.createAccessKey(t, "ada")

	p, err := sts.NewPresignClient(s.sts(ada)).PresignGetCallerIdentity(ctx, nil)
	if err != nil {
		t.Fatalf("PresignGetCallerIdentity: %v", err)
	}
	status, body := s.sendPresigned(t, p.Method, p.URL, p.SignedHeader)
	var got struct {
		Arn     string `xml:"GetCallerIdentityResult>Arn"`
		Account string `xml:"GetCallerIdentityResult>Account"`
	}
	if err := xml.Unmarshal([]byte(body), &got); err != nil || status != 200 {
		t.Fatalf("presigned GetCallerIdentity: %d %v\n%s", status, err, body)
	}
	if want := userARN(s.account, "/", "ada"); got.Arn != want || got.Account != s.account {
		t.Errorf("presigned GetCallerIdentity = %+v, want %s in %s", got, want, s.account)
	}

	// A tampered signature fails.
	u, err := url.Parse(p.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	sig := q.Get("X-Amz-Signature")
	q.Set("X-Amz-Signature", strings.Repeat("0", len(sig)))
	u.RawQuery = q.Encode()
	status, body = s.sendPresigned(t, p.Method, u.String(), p.SignedHeader)
	if status != 403 || !strings.Contains(body, "<Code>SignatureDoesNotMatch</Code>") {
		t.Errorf("a tampered presigned URL: %d\n%s\nwant 403 SignatureDoesNotMatch", status, body)
	}

	// An expired one fails.
	req, err := http.NewRequest(http.MethodGet, s.url+"/?Action=GetCallerIdentity&Version="+stsVersion+"&X-Amz-Expires=60", nil)
	if err != nil {
		t.Fatal(err)
	}
	signed, header, err := v4.NewSigner().PresignHTTP(ctx, aws.Credentials{AccessKeyID: ada.AccessKeyID, SecretAccessKey: ada.SecretAccessKey},
		req, sha256Hex(""), "sts", region, time.Now().Add(-10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	status, body = s.sendPresigned(t, http.MethodGet, signed, header)
	if status != 403 {
		t.Errorf("a presigned URL expired 9 minutes ago: %d\n%s\nwant 403", status, body)
	}

	// The same request signed now works: the expiry, not the signing, failed above. (Its lifetime
	// is 15 minutes, so that no slow machine can let it expire on the way.)
	req, err = http.NewRequest(http.MethodGet, s.url+"/?Action=GetCallerIdentity&Version="+stsVersion+"&X-Amz-Expires=900", nil)
	if err != nil {
		t.Fatal(err)
	}
	signed, header, err = v4.NewSigner().PresignHTTP(ctx, aws.Credentials{AccessKeyID: ada.AccessKeyID, SecretAccessKey: ada.SecretAccessKey},
		req, sha256Hex(""), "sts", region, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if status, body = s.sendPresigned(t, http.MethodGet, signed, header); status != 200 {
		t.Errorf("a fresh presigned GET: %d\n%s", status, body)
	}
}

// authFailures are the codes of a request refused before its operation ran: its signature,
// credentials or token, not its parameters.
var authFailures = map[string]bool{
	"SignatureDoesNotMatch": true, "IncompleteSignature": true, "MissingAuthenticationToken": true,
	"InvalidClientTokenId": true, "ExpiredToken": true, "AccessDeniedException": true,
}

// answer is one request's outcome: its HTTP status and, for an error, its code.
type answer struct {
	Service, Operation, Form string
	Status                   int
	Code                     string
}

// reachedOperation reports whether the request got past authentication to its operation: any
// answer but an authentication failure or a server error (501 for an operation Gatehouse does not
// implement is the operation's own answer).
func (a answer) reachedOperation() bool {
	return !authFailures[a.Code] && (a.Status < 500 || a.Code == "NotImplemented")
}

// modelOperations lists the operations of a service's pinned model (wire/models), the model the
// server's codecs are generated from: the operations the server routes.
func modelOperations(tb testing.TB, service string) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "wire", "models", service, "*", "service-2.json.gz"))
	if err != nil || len(paths) != 1 {
		tb.Fatalf("the pinned %s model: %v %v", service, paths, err)
	}
	f, err := os.Open(paths[0])
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	var model struct {
		Operations map[string]json.RawMessage `json:"operations"`
	}
	if err := json.NewDecoder(zr).Decode(&model); err != nil {
		tb.Fatal(err)
	}
	ops := make([]string, 0, len(model.Operations))
	for name := range model.Operations {
		ops = append(ops, name)
	}
	sort.Strings(ops)
	return ops
}

// send sends a request and reads its answer's status and error code.
func (s *server) send(tb testing.TB, req *http.Request) (int, string, string) {
	tb.Helper()
	resp, err := s.http.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var doc struct {
		Code string `xml:"Error>Code"`
	}
	_ = xml.Unmarshal(b, &doc)
	return resp.StatusCode, doc.Code, string(b)
}

// TestSDKPresignedEveryOperation signs every IAM and STS operation with aws-sdk-go-v2's SigV4
// signer in each form the query protocol allows (IAM and STS API References, "Making query
// requests": GET with the parameters in the query string, or POST): presigned for GET, presigned
// for POST with the parameters in the query string (boto3's form) or in a form body (the body's
// hash signed), and signed in the Authorization header as a GET. Every one must reach its
// operation — whatever the operation then answers to a request with no other parameters.
func TestSDKPresignedEveryOperation(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	signer := v4.NewSigner()
	cred := aws.Credentials{AccessKeyID: s.root.AccessKeyID, SecretAccessKey: s.root.SecretAccessKey}
	versions := map[string]string{"iam": iamVersion, "sts": stsVersion}
	forms := []string{"presigned GET", "presigned POST, query", "presigned POST, form body", "header-signed GET"}
	var answers []answer
	for _, service := range []string{"iam", "sts"} {
		for _, op := range modelOperations(t, service) {
			params := url.Values{"Action": {op}, "Version": {versions[service]}, "X-Amz-Expires": {"900"}}
			for _, form := range forms {
				var req *http.Request
				var err error
				switch form {
				case "presigned GET", "presigned POST, query":
					method := http.MethodGet
					if form != "presigned GET" {
						method = http.MethodPost
					}
					req, _ = http.NewRequest(method, s.url+"/?"+params.Encode(), nil)
					var signed string
					var hdr http.Header
					signed, hdr, err = signer.PresignHTTP(ctx, cred, req, sha256Hex(""), service, region, time.Now())
					req, _ = http.NewRequest(method, signed, nil)
					copyHeaders(req, hdr)
				case "presigned POST, form body":
					body := url.Values{"Action": {op}, "Version": {versions[service]}}.Encode()
					req, _ = http.NewRequest(http.MethodPost, s.url+"/?X-Amz-Expires=900", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					var signed string
					var hdr http.Header
					signed, hdr, err = signer.PresignHTTP(ctx, cred, req, sha256Hex(body), service, region, time.Now())
					req, _ = http.NewRequest(http.MethodPost, signed, strings.NewReader(body))
					copyHeaders(req, hdr)
				case "header-signed GET":
					q := url.Values{"Action": {op}, "Version": {versions[service]}}
					req, _ = http.NewRequest(http.MethodGet, s.url+"/?"+q.Encode(), nil)
					err = signer.SignHTTP(ctx, cred, req, sha256Hex(""), service, region, time.Now())
				}
				if err != nil {
					t.Fatalf("%s %s %s: signing: %v", form, service, op, err)
				}
				status, code, _ := s.send(t, req)
				answers = append(answers, answer{service, op, form, status, code})
			}
		}
	}
	ok := 0
	for _, a := range answers {
		if !a.reachedOperation() {
			t.Errorf("%s %s:%s answered %d %s: the request did not reach its operation", a.Form, a.Service, a.Operation, a.Status, a.Code)
		}
		if a.Status == 200 {
			ok++
		}
	}
	for _, form := range forms {
		for _, op := range []answer{{"sts", "GetCallerIdentity", form, 200, ""}, {"iam", "ListUsers", form, 200, ""}} {
			if !slices.Contains(answers, op) {
				t.Errorf("%s %s:%s did not answer 200", form, op.Service, op.Operation)
			}
		}
	}
	t.Logf("%d requests, %d answered 200", len(answers), ok)
}

func copyHeaders(req *http.Request, h http.Header) {
	for k, vs := range h {
		if !strings.EqualFold(k, "Host") {
			req.Header[k] = vs
		}
	}
}

// TestSDKPresignedSTS: aws-sdk-go-v2's STS presigner, as Vault's AWS auth method and EKS tokens
// use it: PresignAssumeRole sent by a party without credentials returns the role's credentials,
// and PresignGetCallerIdentity made with those temporary credentials (the session token carried
// in the query string) proves the assumed role's identity.
func TestSDKPresignedSTS(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + s.account + `:root"},"Action":"sts:AssumeRole"}]}`
	if _, err := s.iam(s.root).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("presigned"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatalf("CreateRole: %v", err)
	}
	s.createUser(t, "vault", "")
	s.putUserPolicy(t, "vault", "assume", allow("sts:AssumeRole", "arn:aws:iam::"+s.account+":role/presigned"))
	vault := s.createAccessKey(t, "vault")
	p, err := sts.NewPresignClient(s.sts(vault)).PresignAssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + s.account + ":role/presigned"), RoleSessionName: aws.String("vault")})
	if err != nil {
		t.Fatalf("PresignAssumeRole: %v", err)
	}
	status, body := s.sendPresigned(t, p.Method, p.URL, p.SignedHeader)
	var assumed struct {
		KeyID   string `xml:"AssumeRoleResult>Credentials>AccessKeyId"`
		Secret  string `xml:"AssumeRoleResult>Credentials>SecretAccessKey"`
		Token   string `xml:"AssumeRoleResult>Credentials>SessionToken"`
		UserARN string `xml:"AssumeRoleResult>AssumedRoleUser>Arn"`
	}
	if err := xml.Unmarshal([]byte(body), &assumed); err != nil || status != 200 || assumed.Token == "" {
		t.Fatalf("presigned AssumeRole (%s): %d %v\n%s", p.Method, status, err, body)
	}
	s.secrets.add(assumed.Secret)
	wantARN := "arn:aws:sts::" + s.account + ":assumed-role/presigned/vault"
	if assumed.UserARN != wantARN {
		t.Errorf("AssumedRoleUser.Arn = %s, want %s", assumed.UserARN, wantARN)
	}

	temp := sts.NewFromConfig(s.sdkConfig(creds{}), func(o *sts.Options) {
		o.Credentials = credentials.NewStaticCredentialsProvider(assumed.KeyID, assumed.Secret, assumed.Token)
	})
	p, err = sts.NewPresignClient(temp).PresignGetCallerIdentity(ctx, nil)
	if err != nil {
		t.Fatalf("PresignGetCallerIdentity: %v", err)
	}
	if !strings.Contains(p.URL, "X-Amz-Security-Token=") {
		t.Errorf("the presigned URL carries no session token: %s", p.URL)
	}
	status, body = s.sendPresigned(t, p.Method, p.URL, p.SignedHeader)
	if status != 200 || !strings.Contains(body, "<Arn>"+wantARN+"</Arn>") {
		t.Errorf("presigned GetCallerIdentity with temporary credentials: %d\n%s\nwant the Arn %s", status, body, wantARN)
	}
}

// TestBoto3PresignedURLs runs testdata/presign.py: boto3's generate_presigned_url for every IAM
// and STS operation, signed for GET and sent as a GET, and signed for POST (boto3's default for
// the query protocol) and sent as a POST; then the identity proof of aws-iam-authenticator (a
// presigned GET of GetCallerIdentity with x-k8s-aws-id signed).
//
// boto3's default URL is signed for POST: sent as a GET, AWS refuses it with
// SignatureDoesNotMatch, its message giving the canonical request it expected, which begins "GET"
// (boto/boto3#756, AWS's answer quoted there). The signature covers the method, so Gatehouse
// refuses it too; `aws eks get-token` presigns with HttpMethod="GET" for that reason.
func TestBoto3PresignedURLs(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	type outcome struct {
		Status int
		Code   string
	}
	var got struct {
		Answers []struct {
			Service, Operation, Method, Code string
			Status                           int
		}
		Identity struct {
			Status        int
			Code, Arn     string
			SignedHeaders string `json:"signed_headers"`
		}
		IdentityWithoutHeader outcome `json:"identity_without_header"`
		PostURLAsGet          outcome `json:"post_url_as_get"`
	}
	s.boto3(t, s.root, "presign.py", &got)

	per := map[string]int{}
	for _, a := range got.Answers {
		per[a.Service]++
		x := answer{a.Service, a.Operation, a.Method, a.Status, a.Code}
		if !x.reachedOperation() {
			t.Errorf("boto3 presigned %s %s:%s answered %d %s: the request did not reach its operation", a.Method, a.Service, a.Operation, a.Status, a.Code)
		}
		if a.Operation == "GetCallerIdentity" && a.Status != 200 {
			t.Errorf("boto3 presigned %s GetCallerIdentity: %d %s", a.Method, a.Status, a.Code)
		}
	}
	// Every signed operation boto3 knows, both ways: about as many as the pinned models hold
	// (boto3's own models may be a little older or newer). STS's two unsigned operations have
	// nothing to presign.
	unsigned := map[string]int{"sts": 2}
	for _, service := range []string{"iam", "sts"} {
		if want := 2 * (len(modelOperations(t, service)) - unsigned[service]); per[service] < want*9/10 {
			t.Errorf("boto3 presigned %d %s requests, want about %d (every operation, GET and POST)", per[service], service, want)
		}
	}
	want := "arn:aws:iam::" + s.account + ":root"
	if got.Identity.Status != 200 || got.Identity.Arn != want || got.Identity.SignedHeaders != "host%3Bx-k8s-aws-id" {
		t.Errorf("presigned GetCallerIdentity with x-k8s-aws-id = %+v, want 200, Arn %s, SignedHeaders host;x-k8s-aws-id", got.Identity, want)
	}
	if want := (outcome{403, "SignatureDoesNotMatch"}); got.IdentityWithoutHeader != want {
		t.Errorf("the same URL without the x-k8s-aws-id header it signs: %+v, want %+v", got.IdentityWithoutHeader, want)
	}
	if want := (outcome{403, "SignatureDoesNotMatch"}); got.PostURLAsGet != want {
		t.Errorf("boto3's default (POST-signed) URL sent as a GET: %+v, want %+v, as AWS answers", got.PostURLAsGet, want)
	}
}
