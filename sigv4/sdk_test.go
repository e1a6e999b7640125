package sigv4

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// Differential tests: requests signed by aws-sdk-go-v2 cross a real HTTP connection to a
// server that authenticates them with this package.

const (
	sdkKeyID     = "AKIAIOSFODNN7EXAMPLE"
	sdkSecret    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	sdkTempKeyID = "ASIAIOSFODNN7EXAMPLE"
	sdkTempSec   = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
	sdkToken     = "FwoGZXIvYXdzEXAMPLEtokenValue+/=="
)

var sdkSigningTime = time.Date(2024, 3, 9, 17, 45, 12, 0, time.UTC)

// authServer answers 200 "ok" to a request that authenticates, else the error as JSON.
type authServer struct {
	v       *Verifier
	service string
	secrets map[string]string
	tokens  map[string]string // access key ID -> the session token it must come with
	// respond, when set, writes the success response (a real AWS response body for SDK clients).
	respond func(w http.ResponseWriter, r *http.Request, body []byte)
	// errXML renders failures as the query protocol's error document, for SDK clients.
	errXML bool
}

type authResult struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (s *authServer) authenticate(r *http.Request, body []byte) error {
	a, err := s.v.Parse(r, s.service)
	if err != nil {
		return err
	}
	secret, ok := s.secrets[a.AccessKeyID]
	if !ok || a.SecurityToken != s.tokens[a.AccessKeyID] {
		return InvalidClientTokenID()
	}
	return s.v.Verify(r, body, a, []byte(secret))
}

func (s *authServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if err := s.authenticate(r, body); err != nil {
		var e *Error
		if !errors.As(err, &e) {
			http.Error(w, "not a *sigv4.Error: "+err.Error(), http.StatusInternalServerError)
			return
		}
		if s.errXML {
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(e.Status)
			fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`, e.Code, e.Message)
			return
		}
		w.WriteHeader(e.Status)
		json.NewEncoder(w).Encode(authResult{e.Code, e.Message})
		return
	}
	if s.respond != nil {
		s.respond(w, r, body)
		return
	}
	w.Write([]byte("ok"))
}

func newAuthServer(t *testing.T, service string, now func() time.Time) (*authServer, *httptest.Server) {
	t.Helper()
	s := &authServer{
		v:       &Verifier{Now: now, Cache: NewKeyCache(0)},
		service: service,
		secrets: map[string]string{sdkKeyID: sdkSecret, sdkTempKeyID: sdkTempSec},
		tokens:  map[string]string{sdkTempKeyID: sdkToken},
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

// send performs req with body and returns the status and, for failures, AWS's code and message.
func send(t *testing.T, req *http.Request, body []byte) (int, authResult) {
	t.Helper()
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var res authResult
	if resp.StatusCode != http.StatusOK {
		if err := json.Unmarshal(raw, &res); err != nil {
			t.Fatalf("status %d, body %q", resp.StatusCode, raw)
		}
	}
	return resp.StatusCode, res
}

func sdkCreds(temp bool) aws.Credentials {
	if temp {
		return aws.Credentials{AccessKeyID: sdkTempKeyID, SecretAccessKey: sdkTempSec, SessionToken: sdkToken}
	}
	return aws.Credentials{AccessKeyID: sdkKeyID, SecretAccessKey: sdkSecret}
}

// sdkRequest is one request for the SDK's signer to sign.
type sdkRequest struct {
	name    string
	method  string
	target  string // path and query as the client writes them
	headers map[string][]string
	body    string
	temp    bool   // temporary credentials with a session token
	payload string // payload hash to sign; empty means the body's SHA-256
}

var sdkRequests = []sdkRequest{
	{name: "iam POST form", method: "POST", target: "/",
		headers: map[string][]string{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}},
		body:    "Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fdivision_abc%2F&MaxItems=100"},
	{name: "sts POST with session token", method: "POST", target: "/", temp: true,
		headers: map[string][]string{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}},
		body:    "Action=GetCallerIdentity&Version=2011-06-15"},
	{name: "GET with unsorted, repeated and encoded query", method: "GET",
		target: "/?b=2&a=1&a=0&c=x%20y&d=%2F%3A&e=~&f=a+b&flag&empty="},
	{name: "json protocol POST", method: "POST", target: "/",
		headers: map[string][]string{"Content-Type": {"application/x-amz-json-1.1"},
			"X-Amz-Target": {"AWSOrganizationsV20161128.DescribeOrganization"}},
		body: "{}"},
	{name: "rest path with escapes and unicode", method: "GET", target: "/analyzer/my%20analyzer/%E1%88%B4/a%2Fb"},
	{name: "path with dot segments and double slashes", method: "GET", target: "/a/./b/../c//d/"},
	{name: "header values with spaces and repeats", method: "PUT", target: "/x",
		headers: map[string][]string{"X-Custom": {"  a   b  c  "}, "X-Multi": {"one", " two  "}},
		body:    "payload"},
	{name: "unsigned payload", method: "PUT", target: "/object",
		headers: map[string][]string{"X-Amz-Content-Sha256": {"UNSIGNED-PAYLOAD"}},
		body:    "streamed bytes", payload: "UNSIGNED-PAYLOAD"},
	{name: "signed payload header", method: "PUT", target: "/object",
		headers: map[string][]string{"X-Amz-Content-Sha256": {sha256Hex([]byte("exact bytes"))}},
		body:    "exact bytes"},
	{name: "empty body DELETE with token", method: "DELETE", target: "/thing?id=42", temp: true},
}

func (sr sdkRequest) build(t *testing.T, base string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(sr.method, base+sr.target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range sr.headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.ContentLength = int64(len(sr.body))
	return req
}

func (sr sdkRequest) payloadHash() string {
	if sr.payload != "" {
		return sr.payload
	}
	return sha256Hex([]byte(sr.body))
}

func TestSDKSignedRequestsVerify(t *testing.T) {
	t.Parallel()
	_, ts := newAuthServer(t, "", func() time.Time { return sdkSigningTime.Add(3 * time.Minute) })
	signer := v4.NewSigner()
	for _, sr := range sdkRequests {
		t.Run(sr.name, func(t *testing.T) {
			t.Parallel()
			req := sr.build(t, ts.URL)
			if err := signer.SignHTTP(context.Background(), sdkCreds(sr.temp), req, sr.payloadHash(), "iam", "us-east-1", sdkSigningTime); err != nil {
				t.Fatal(err)
			}
			if status, res := send(t, req, []byte(sr.body)); status != http.StatusOK {
				t.Errorf("status %d %+v, want 200", status, res)
			}
		})
	}
}

func TestSDKPresignedRequestsVerify(t *testing.T) {
	t.Parallel()
	_, ts := newAuthServer(t, "sts", func() time.Time { return sdkSigningTime.Add(50 * time.Minute) })
	signer := v4.NewSigner()
	for _, temp := range []bool{false, true} {
		t.Run(fmt.Sprintf("temporary=%v", temp), func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest("GET", ts.URL+"/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=3600", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("X-K8s-Aws-Id", "cluster-1")
			u, hdr, err := signer.PresignHTTP(context.Background(), sdkCreds(temp), req, sha256Hex(nil), "sts", "us-east-1", sdkSigningTime)
			if err != nil {
				t.Fatal(err)
			}
			get, err := http.NewRequest("GET", u, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, vs := range hdr {
				if k != "Host" {
					get.Header[k] = vs
				}
			}
			if status, res := send(t, get, nil); status != http.StatusOK {
				t.Errorf("status %d %+v, want 200", status, res)
			}
		})
	}
}

// TestSDKTamperedRequestsFail changes one thing about an SDK-signed request after signing and
// expects AWS's error for it.
func TestSDKTamperedRequestsFail(t *testing.T) {
	t.Parallel()
	now := sdkSigningTime.Add(time.Minute)
	_, ts := newAuthServer(t, "iam", func() time.Time { return now })
	const form = "Action=CreateUser&UserName=alice&Version=2010-05-08"
	signed := func(t *testing.T, creds aws.Credentials, service, region string, at time.Time, hdr map[string]string) *http.Request {
		req, err := http.NewRequest("POST", ts.URL+"/?x=1", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		req.ContentLength = int64(len(form))
		payload := sha256Hex([]byte(form))
		if hdr["X-Amz-Content-Sha256"] == unsignedPayload {
			payload = unsignedPayload
		}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payload, service, region, at); err != nil {
			t.Fatal(err)
		}
		return req
	}
	mismatch := authResult{CodeSignatureDoesNotMatch, msgSignatureMismatch}
	tests := []struct {
		name   string
		creds  aws.Credentials
		svc    string
		at     time.Time
		hdr    map[string]string
		tamper func(r *http.Request) (body string)
		status int
		want   authResult
	}{
		{name: "untouched", tamper: func(*http.Request) string { return form }, status: 200},
		{name: "body", status: 403, want: mismatch,
			tamper: func(*http.Request) string { return strings.Replace(form, "alice", "mallo", 1) }},
		{name: "signed header", status: 403, want: mismatch, hdr: map[string]string{"X-Amz-Meta": "a"},
			tamper: func(r *http.Request) string { r.Header.Set("X-Amz-Meta", "b"); return form }},
		{name: "signed header removed", status: 403, want: mismatch, hdr: map[string]string{"X-Amz-Meta": "a"},
			tamper: func(r *http.Request) string { r.Header.Del("X-Amz-Meta"); return form }},
		{name: "query", status: 403, want: mismatch,
			tamper: func(r *http.Request) string { r.URL.RawQuery = "x=2"; return form }},
		{name: "query parameter added", status: 403, want: mismatch,
			tamper: func(r *http.Request) string { r.URL.RawQuery += "&y=1"; return form }},
		{name: "method", status: 403, want: mismatch,
			tamper: func(r *http.Request) string { r.Method = "PUT"; return form }},
		{name: "date moved one second", status: 403, want: mismatch,
			tamper: func(r *http.Request) string {
				r.Header.Set("X-Amz-Date", amzDate(sdkSigningTime.Add(time.Second)))
				return form
			}},
		{name: "signature flipped", status: 403, want: mismatch,
			tamper: func(r *http.Request) string {
				h := r.Header.Get("Authorization")
				last := h[len(h)-1]
				r.Header.Set("Authorization", h[:len(h)-1]+map[bool]string{true: "1", false: "0"}[last == '0'])
				return form
			}},
		{name: "scope region rewritten", status: 403, want: mismatch,
			tamper: func(r *http.Request) string {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/us-east-1/", "/us-west-2/", 1))
				return form
			}},
		{name: "wrong secret", creds: aws.Credentials{AccessKeyID: sdkKeyID, SecretAccessKey: sdkTempSec},
			status: 403, want: mismatch, tamper: func(*http.Request) string { return form }},
		{name: "unknown access key", creds: aws.Credentials{AccessKeyID: "AKIANOTAREALKEY00000", SecretAccessKey: sdkSecret},
			status: 403, want: authResult{CodeInvalidClientTokenID, msgInvalidClientID},
			tamper: func(*http.Request) string { return form }},
		{name: "session token swapped", creds: sdkCreds(true), status: 403,
			want:   authResult{CodeInvalidClientTokenID, msgInvalidClientID},
			tamper: func(r *http.Request) string { r.Header.Set("X-Amz-Security-Token", "other"); return form }},
		{name: "other service", svc: "sts", status: 403,
			want:   authResult{CodeSignatureDoesNotMatch, "Credential should be scoped to correct service: 'iam'. "},
			tamper: func(*http.Request) string { return form }},
		{name: "scope date rewritten", status: 403,
			want: authResult{CodeSignatureDoesNotMatch, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240308' != '20240309', from '20240309T174512Z'."},
			tamper: func(r *http.Request) string {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/20240309/", "/20240308/", 1))
				return form
			}},
		{name: "signed 20 minutes ago", at: now.Add(-20 * time.Minute), status: 403,
			want:   authResult{CodeSignatureDoesNotMatch, "Signature expired: 20240309T172612Z is now earlier than 20240309T173112Z (20240309T174612Z - 15 min.)"},
			tamper: func(*http.Request) string { return form }},
		{name: "signed 16 minutes ahead", at: now.Add(16 * time.Minute), status: 403,
			want:   authResult{CodeSignatureDoesNotMatch, "Signature not yet current: 20240309T180212Z is still later than 20240309T180112Z (20240309T174612Z + 15 min.)"},
			tamper: func(*http.Request) string { return form }},
		{name: "content hash header, body changed", status: 400, hdr: map[string]string{"X-Amz-Content-Sha256": sha256Hex([]byte(form))},
			want:   authResult{CodeContentSHA256Mismatch, msgContentSHA256},
			tamper: func(*http.Request) string { return strings.Replace(form, "alice", "mallo", 1) }},
		{name: "unsigned payload, body changed", status: 200, hdr: map[string]string{"X-Amz-Content-Sha256": unsignedPayload},
			tamper: func(*http.Request) string { return strings.Replace(form, "alice", "mallo", 1) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			creds, svc, at := tc.creds, tc.svc, tc.at
			if creds.AccessKeyID == "" {
				creds = sdkCreds(false)
			}
			if svc == "" {
				svc = "iam"
			}
			if at.IsZero() {
				at = sdkSigningTime
			}
			req := signed(t, creds, svc, "us-east-1", at, tc.hdr)
			body := tc.tamper(req)
			status, res := send(t, req, []byte(body))
			if status != tc.status {
				t.Errorf("status = %d, want %d (%+v)", status, tc.status, res)
			}
			if diff := cmp.Diff(tc.want, res); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSDKPresignedTampering(t *testing.T) {
	t.Parallel()
	signedAt := sdkSigningTime
	presign := func(t *testing.T, base string, expires string) string {
		req, err := http.NewRequest("GET", base+"/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires="+expires, nil)
		if err != nil {
			t.Fatal(err)
		}
		u, _, err := v4.NewSigner().PresignHTTP(context.Background(), sdkCreds(true), req, sha256Hex(nil), "sts", "us-east-1", signedAt)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	tests := []struct {
		name    string
		expires string
		now     time.Time
		tamper  func(u string) string
		status  int
		want    authResult
	}{
		{name: "within X-Amz-Expires", expires: "3600", now: signedAt.Add(59 * time.Minute), status: 200},
		{name: "past X-Amz-Expires", expires: "60", now: signedAt.Add(61 * time.Second), status: 403,
			want: authResult{CodeSignatureDoesNotMatch, "Signature expired: 20240309T174512Z is now earlier than 20240309T174513Z (20240309T174613Z - 1 min.)"}},
		{name: "action changed", expires: "60", now: signedAt, status: 403,
			want:   authResult{CodeSignatureDoesNotMatch, msgSignatureMismatch},
			tamper: func(u string) string { return strings.Replace(u, "GetCallerIdentity", "GetSessionToken", 1) }},
		{name: "expiry extended", expires: "60", now: signedAt, status: 403,
			want:   authResult{CodeSignatureDoesNotMatch, msgSignatureMismatch},
			tamper: func(u string) string { return strings.Replace(u, "X-Amz-Expires=60", "X-Amz-Expires=600", 1) }},
		{name: "more than a week", expires: "604801", now: signedAt, status: 400,
			want: authResult{CodeIncompleteSignature, "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"}},
		{name: "signature removed", expires: "60", now: signedAt, status: 400,
			want: authResult{CodeIncompleteSignature, "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters."},
			tamper: func(u string) string {
				i := strings.Index(u, "&X-Amz-Signature=")
				return u[:i]
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, ts := newAuthServer(t, "sts", func() time.Time { return tc.now })
			u := presign(t, ts.URL, tc.expires)
			if tc.tamper != nil {
				u = tc.tamper(u)
			}
			req, err := http.NewRequest("GET", u, nil)
			if err != nil {
				t.Fatal(err)
			}
			status, res := send(t, req, nil)
			if status != tc.status {
				t.Errorf("status = %d, want %d (%+v)", status, tc.status, res)
			}
			if diff := cmp.Diff(tc.want, res); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSDKClients drives the real STS and IAM clients, which sign with the current time, against
// a server that authenticates with this package and answers like AWS.
func TestSDKClients(t *testing.T) {
	t.Parallel()
	srv, ts := newAuthServer(t, "", nil)
	srv.errXML = true
	srv.respond = func(w http.ResponseWriter, r *http.Request, body []byte) {
		w.Header().Set("Content-Type", "text/xml")
		switch {
		case bytes.Contains(body, []byte("Action=GetCallerIdentity")):
			io.WriteString(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`)
		case bytes.Contains(body, []byte("Action=ListUsers")):
			io.WriteString(w, `<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><IsTruncated>false</IsTruncated><Users/></ListUsersResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></ListUsersResponse>`)
		default:
			w.WriteHeader(http.StatusBadRequest)
		}
	}
	cfg := func(id, secret, token string) aws.Config {
		return aws.Config{
			Region:           "eu-west-3",
			Credentials:      credentials.NewStaticCredentialsProvider(id, secret, token),
			BaseEndpoint:     aws.String(ts.URL),
			RetryMaxAttempts: 1,
		}
	}
	ctx := context.Background()

	t.Run("sts GetCallerIdentity", func(t *testing.T) {
		out, err := sts.NewFromConfig(cfg(sdkKeyID, sdkSecret, "")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatal(err)
		}
		if got := aws.ToString(out.Account); got != "123456789012" {
			t.Errorf("Account = %q", got)
		}
	})
	t.Run("iam ListUsers with session token", func(t *testing.T) {
		if _, err := iam.NewFromConfig(cfg(sdkTempKeyID, sdkTempSec, sdkToken)).ListUsers(ctx, &iam.ListUsersInput{PathPrefix: aws.String("/a b/")}); err != nil {
			t.Fatal(err)
		}
	})
	for _, tc := range []struct {
		name, id, secret, code string
	}{
		{"unknown key", "AKIANOTAREALKEY00000", sdkSecret, CodeInvalidClientTokenID},
		{"wrong secret", sdkKeyID, "not-the-secret", CodeSignatureDoesNotMatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sts.NewFromConfig(cfg(tc.id, tc.secret, "")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			var ae smithy.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v is not an API error", err)
			}
			if ae.ErrorCode() != tc.code {
				t.Errorf("code = %q, want %q", ae.ErrorCode(), tc.code)
			}
		})
	}
}
