package sigv4

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	testCreds = Credentials{AccessKeyID: "AKIAGATEHOUSETEST001", SecretAccessKey: "s3cr3t/Key+ForTests0000000000000000000000"}
	tempCreds = Credentials{AccessKeyID: "ASIAGATEHOUSETEST001", SecretAccessKey: "t3mp/Secret+ForTests000000000000000000000", SessionToken: "IQoJb3JpZ2luX2VjEXAMPLE/+="}
	signTime  = time.Date(2024, 2, 29, 23, 59, 30, 0, time.UTC)
)

// clientRequest builds the request a client would send.
func clientRequest(t testing.TB, method, target string, headers ...string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, "https://iam.gatehouse.test:8443"+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	return r
}

// received is r as Go's server would hand it over: RequestURI as written on the wire.
func received(r *http.Request) *http.Request {
	s := r.Clone(r.Context())
	s.RequestURI = r.URL.RequestURI()
	s.URL = &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	return s
}

func verifyOnce(t *testing.T, v *Verifier, r *http.Request, body []byte, secret string, service string) error {
	t.Helper()
	a, err := v.Parse(r, service)
	if err != nil {
		return err
	}
	return v.Verify(r, body, a, []byte(secret))
}

// TestSignVerifyRoundTrip: whatever Sign and Presign produce, Parse and Verify accept.
func TestSignVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		method  string
		target  string
		headers []string
		body    string
		creds   Credentials
		presign time.Duration
	}{
		{name: "query API POST", method: "POST", target: "/", body: "Action=ListUsers&Version=2010-05-08",
			headers: []string{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}, creds: testCreds},
		{name: "temporary credentials", method: "POST", target: "/", body: "Action=GetCallerIdentity&Version=2011-06-15", creds: tempCreds},
		{name: "REST path and query", method: "GET", target: "/v1/analyzer/a%20b/%E2%9C%93?z=1&a=%2F&a=%20&e", creds: testCreds},
		{name: "unsigned payload", method: "PUT", target: "/o", body: "data",
			headers: []string{"X-Amz-Content-Sha256", unsignedPayload}, creds: testCreds},
		{name: "presigned", method: "GET", target: "/?Action=GetCallerIdentity&Version=2011-06-15",
			headers: []string{"X-K8s-Aws-Id", "c1"}, creds: tempCreds, presign: 15 * time.Minute},
		{name: "presigned for a week", method: "GET", target: "/x", creds: testCreds, presign: MaxPresignExpires},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := clientRequest(t, tc.method, tc.target, tc.headers...)
			var err error
			if tc.presign > 0 {
				err = Presign(r, []byte(tc.body), tc.creds, "us-east-1", "iam", signTime, tc.presign)
			} else {
				err = Sign(r, []byte(tc.body), tc.creds, "us-east-1", "iam", signTime)
			}
			if err != nil {
				t.Fatal(err)
			}
			now := signTime.Add(tc.presign)
			v := &Verifier{Now: func() time.Time { return now }}
			srv := received(r)
			a, err := v.Parse(srv, "iam")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if err := v.Verify(srv, []byte(tc.body), a, []byte(tc.creds.SecretAccessKey)); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if a.SecurityToken != tc.creds.SessionToken {
				t.Errorf("SecurityToken = %q, want %q", a.SecurityToken, tc.creds.SessionToken)
			}
			other := []byte(strings.Replace(tc.creds.SecretAccessKey, "0", "1", 1))
			if err := v.Verify(srv, []byte(tc.body), a, other); !isCode(err, CodeSignatureDoesNotMatch) {
				t.Errorf("Verify with another secret = %v, want SignatureDoesNotMatch", err)
			}
		})
	}
}

func isCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// TestVerifyPathForms: AWS signs the normalized path, aws-sdk-go-v2 the path as written; both
// verify, and a signature over some third path does not.
func TestVerifyPathForms(t *testing.T) {
	t.Parallel()
	const raw = "/a/./b/../c//d"
	r := received(clientRequest(t, "GET", raw))
	if r.RequestURI != raw {
		t.Fatalf("RequestURI = %q", r.RequestURI)
	}
	v := &Verifier{Now: func() time.Time { return signTime }}
	for _, tc := range []struct {
		signedPath string
		want       string // error code, "" for success
	}{
		{"/a/c/d", ""},
		{raw, ""},
		{"/a/b/c/d", CodeSignatureDoesNotMatch},
	} {
		t.Run(tc.signedPath, func(t *testing.T) {
			t.Parallel()
			a := &Auth{AccessKeyID: testCreds.AccessKeyID, Scope: Scope{"20240229", "us-east-1", "iam"},
				SignedHeaders: []string{"host"}, Time: signTime, sigOK: true}
			key := deriveKey([]byte(testCreds.SecretAccessKey), a.Scope)
			a.signature = signature(r, a, tc.signedPath, payload{sum: sha256.Sum256(nil)}, &key)
			err := v.Verify(r, nil, a, []byte(testCreds.SecretAccessKey))
			if tc.want == "" && err != nil || tc.want != "" && !isCode(err, tc.want) {
				t.Errorf("Verify = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	t.Parallel()
	v := &Verifier{Now: func() time.Time { return signTime }}
	signed := func(t *testing.T, headers ...string) *http.Request {
		r := clientRequest(t, "POST", "/", headers...)
		if err := Sign(r, []byte("x"), testCreds, "us-east-1", "iam", signTime); err != nil {
			t.Fatal(err)
		}
		return received(r)
	}
	tests := []struct {
		name string
		r    func(t *testing.T) *http.Request
		want *Error
	}{
		{name: "signature not hex", want: &Error{CodeSignatureDoesNotMatch, 403, msgSignatureMismatch},
			r: func(t *testing.T) *http.Request {
				r := signed(t)
				h := r.Header.Get("Authorization")
				r.Header.Set("Authorization", h[:len(h)-64]+strings.Repeat("z", 64))
				return r
			}},
		{name: "signature truncated", want: &Error{CodeSignatureDoesNotMatch, 403, msgSignatureMismatch},
			r: func(t *testing.T) *http.Request {
				r := signed(t)
				h := r.Header.Get("Authorization")
				r.Header.Set("Authorization", h[:len(h)-2])
				return r
			}},
		{name: "payload hash header not a hash",
			want: &Error{CodeIncompleteSignature, 400, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value."},
			r: func(t *testing.T) *http.Request {
				return signed(t, "X-Amz-Content-Sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
			}},
		{name: "payload hash header not hex",
			want: &Error{CodeIncompleteSignature, 400, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value."},
			r:    func(t *testing.T) *http.Request { return signed(t, "X-Amz-Content-Sha256", strings.Repeat("g", 64)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := verifyOnce(t, v, tc.r(t), []byte("x"), testCreds.SecretAccessKey, "iam")
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("error = %v, want *Error", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
	if err := v.Verify(signed(t), nil, nil, []byte("s")); !isCode(err, CodeMissingAuthenticationToken) {
		t.Errorf("Verify(nil Auth) = %v", err)
	}
}

func TestSignArguments(t *testing.T) {
	t.Parallel()
	r := clientRequest(t, "GET", "/")
	for name, err := range map[string]error{
		"no secret":      Sign(r, nil, Credentials{AccessKeyID: "A"}, "us-east-1", "iam", signTime),
		"no region":      Sign(r, nil, testCreds, "", "iam", signTime),
		"expiry too far": Presign(r, nil, testCreds, "us-east-1", "iam", signTime, MaxPresignExpires+time.Second),
		"expiry zero":    Presign(r, nil, testCreds, "us-east-1", "iam", signTime, 0),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestErrorsNeverCarrySecrets: no failure message repeats the signature or the secret.
func TestErrorsNeverCarrySecrets(t *testing.T) {
	t.Parallel()
	r := clientRequest(t, "POST", "/")
	if err := Sign(r, []byte("x"), testCreds, "us-east-1", "iam", signTime); err != nil {
		t.Fatal(err)
	}
	h := r.Header.Get("Authorization")
	sig := h[strings.LastIndex(h, "=")+1:]
	variants := []string{
		strings.Replace(h, "Signature=", "Signature ", 1),
		strings.Replace(h, "Credential=", "Credential ", 1),
		strings.Replace(h, "SignedHeaders=", "Signed=", 1),
		strings.Replace(h, "AWS4-HMAC-SHA256", "AWS4-HMAC-"+sig, 1),
		h,
	}
	for _, now := range []time.Time{signTime, signTime.Add(time.Hour), signTime.Add(-time.Hour)} {
		v := &Verifier{Now: func() time.Time { return now }}
		for _, hv := range variants {
			s := received(r)
			s.Header.Set("Authorization", hv)
			err := verifyOnce(t, v, s, []byte("y"), testCreds.SecretAccessKey+"x", "sts")
			if err == nil {
				t.Fatalf("%q verified", hv)
			}
			if msg := err.Error(); strings.Contains(msg, sig) || strings.Contains(msg, testCreds.SecretAccessKey) {
				t.Errorf("error %q repeats a secret or signature", msg)
			}
		}
	}
}

// TestOtherAlgorithms: a Verifier with Algorithms parses requests signed with them and hands
// VerifyWith the string to sign they signed; a default Verifier refuses them, and Verify refuses
// to treat them as HMAC signatures.
func TestOtherAlgorithms(t *testing.T) {
	t.Parallel()
	at := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	r, _ := http.NewRequest(http.MethodPost, "https://rolesanywhere.us-east-1.amazonaws.com/sessions?b=2&a=1", nil)
	r.Header.Set("X-Amz-Date", "20150830T123600Z")
	a := &Auth{Algorithm: "AWS4-TEST-SHA256", AccessKeyID: "12345", SignedHeaders: []string{"host", "x-amz-date"}, Time: at,
		Scope: Scope{Date: "20150830", Region: "us-east-1", Service: "rolesanywhere"}}
	sts := StringToSign(r, nil, a)
	if !strings.HasPrefix(string(sts), "AWS4-TEST-SHA256\n20150830T123600Z\n20150830/us-east-1/rolesanywhere/aws4_request\n") {
		t.Fatalf("string to sign:\n%s", sts)
	}
	sum := sha256.Sum256(sts)
	r.Header.Set("Authorization", "AWS4-TEST-SHA256 Credential=12345/20150830/us-east-1/rolesanywhere/aws4_request, "+
		"SignedHeaders=host;x-amz-date, Signature="+hex.EncodeToString(sum[:]))
	v := &Verifier{Now: func() time.Time { return at }, Algorithms: []string{"AWS4-TEST-SHA256"}}
	got, err := v.Parse(r, "rolesanywhere")
	if err != nil {
		t.Fatal(err)
	}
	check := func(s, sig []byte) bool { d := sha256.Sum256(s); return bytes.Equal(d[:], sig) }
	if err := v.VerifyWith(r, nil, got, check); err != nil {
		t.Fatalf("VerifyWith: %v", err)
	}
	if err := v.Verify(r, nil, got, []byte("secret")); err == nil {
		t.Error("Verify accepted a non-HMAC signature")
	}
	r.URL.RawQuery = "b=3&a=1"
	if err := v.VerifyWith(r, nil, got, check); err == nil {
		t.Error("VerifyWith accepted a changed query")
	}
	if _, err := (&Verifier{Now: v.Now}).Parse(r, "rolesanywhere"); err == nil {
		t.Error("a default Verifier accepted AWS4-TEST-SHA256")
	}
}

// TestBodyHashOnly: with BodyHashOnly (IAM's and STS's rule) the payload line is the body's
// SHA-256 whatever X-Amz-Content-Sha256 claims. AWS documents UNSIGNED-PAYLOAD for Amazon S3
// only (S3 API Reference, "Signature Calculations for the Authorization Header: Transferring
// Payload in a Single Chunk"); the general signing guide hashes the payload (IAM User Guide,
// "Create a signed AWS API request", HashedPayload), and the service models mark the few
// operations that may leave it unsigned ("authtype": "v4-unsigned-body": S3, EBS, Lex,
// MediaStore Data, Omics; none in IAM or STS). So a request signed with UNSIGNED-PAYLOAD or
// with another body's hash is SignatureDoesNotMatch; one that names its own body's hash passes.
func TestBodyHashOnly(t *testing.T) {
	t.Parallel()
	body := []byte("Action=ListUsers&Version=2010-05-08")
	sum := sha256.Sum256(body)
	other := sha256.Sum256([]byte("Action=DeleteUser&Version=2010-05-08&UserName=alice"))
	tests := []struct {
		name, header string
		want         string // "" for success
	}{
		{"no header", "", ""},
		{"the body's own hash", hexString(sum[:]), ""},
		{"UNSIGNED-PAYLOAD", unsignedPayload, CodeSignatureDoesNotMatch},
		{"another body's hash", hexString(other[:]), CodeSignatureDoesNotMatch},
		{"not a hash at all", "streaming", CodeSignatureDoesNotMatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var headers []string
			if tc.header != "" {
				headers = []string{"X-Amz-Content-Sha256", tc.header}
			}
			r := clientRequest(t, "POST", "/", headers...)
			// Sign the way a client does that trusts the header: its value is the payload line.
			if err := Sign(r, body, testCreds, "us-east-1", "iam", signTime); err != nil {
				t.Fatal(err)
			}
			v := &Verifier{Now: func() time.Time { return signTime }, BodyHashOnly: true}
			err := verifyOnce(t, v, received(r), body, testCreds.SecretAccessKey, "iam")
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Verify = %v, want success", err)
			case tc.want != "" && !isCode(err, tc.want):
				t.Errorf("Verify = %v, want %s", err, tc.want)
			}
		})
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
