package sigv4

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var knownCodes = map[string]int{
	CodeMissingAuthenticationToken: 403,
	CodeIncompleteSignature:        400,
	CodeSignatureDoesNotMatch:      403,
	CodeContentSHA256Mismatch:      400,
}

// checkError fails unless err is one of our *Error values with its code's status.
func checkError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	if status, ok := knownCodes[e.Code]; !ok || status != e.Status || e.Message == "" {
		t.Fatalf("malformed error %#v", e)
	}
	return e
}

func FuzzParseAuthorization(f *testing.F) {
	f.Add(authz(goodCred, "host;x-amz-date", goodSig))
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")
	f.Add("AWS4-HMAC-SHA256 Credential=a/b/c/d/e,SignedHeaders=,Signature=")
	f.Add("AWS4-X Credential, Signature")
	f.Add("AWS4-HMAC-SHA256\tCredential=a/20150830/us-east-1/iam/aws4_request/,,SignedHeaders=Host")
	f.Add("Basic dXNlcjpwYXNz")
	v := &Verifier{Now: func() time.Time { return parseNow }}
	f.Fuzz(func(t *testing.T, h string) {
		p, err := parseAuthorization(h)
		if err != nil {
			checkError(t, err)
		} else if !strings.HasPrefix(p.algorithm, "AWS4-") {
			t.Fatalf("accepted algorithm %q", p.algorithm)
		}

		r := request("", "Authorization", h, "X-Amz-Date", "20150830T123600Z")
		a, perr := v.Parse(r, "iam")
		if perr != nil {
			e := checkError(t, perr)
			if err == nil && len(p.signature) >= 16 && !strings.Contains(p.credential, p.signature) &&
				!strings.Contains(p.algorithm, p.signature) && strings.Contains(e.Message, p.signature) {
				t.Fatalf("message %q repeats the signature", e.Message)
			}
			return
		}
		if err != nil {
			t.Fatalf("Parse accepted a header parseAuthorization refused: %v", err)
		}
		if !signsHost(a.SignedHeaders) || a.Scope.Service != "iam" || a.Scope.Date != "20150830" {
			t.Fatalf("Parse accepted %+v", a)
		}
		if err := v.Verify(r, nil, a, []byte("secret")); err != nil {
			checkError(t, err)
		}
	})
}

// FuzzVerify: a request we sign always verifies, whatever its method, path, query, host, header
// value and body; and arbitrary authentication never panics and fails only with an *Error.
func FuzzVerify(f *testing.F) {
	f.Add("POST", "/", "Action=ListUsers&Version=2010-05-08", "iam.amazonaws.com", "a  b ", []byte("Action=ListUsers"), false)
	f.Add("GET", "/a/./b/../c//d/", "z=1&a=%2F&a=+&e", "localhost:8080", "", []byte(nil), true)
	f.Add("PUT", "/%E1%88%B4 x", "%zz=%&&=", "h", "\t", []byte{0xff}, false)
	f.Add("GET", "/", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb&X-Amz-Date=1&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "h", "", []byte(nil), false)
	f.Fuzz(func(t *testing.T, method, path, query, host, value string, body []byte, presign bool) {
		v := &Verifier{Now: func() time.Time { return signTime }, Cache: NewKeyCache(4)}

		// Arbitrary authentication: in the header, and as a presigned query.
		for _, r := range []*http.Request{
			{Method: method, RequestURI: "/", URL: &url.URL{Path: "/", RawQuery: query}, Host: host,
				Header: http.Header{"Authorization": {value}, "X-Amz-Date": {amzDate(signTime)}}},
			{Method: method, RequestURI: "/", URL: &url.URL{Path: "/", RawQuery: query}, Host: host,
				Header: http.Header{"X-Amz-Content-Sha256": {value}}},
		} {
			a, err := v.Parse(r, "")
			if err != nil {
				checkError(t, err)
				continue
			}
			if err := v.Verify(r, body, a, []byte(testCreds.SecretAccessKey)); err != nil {
				checkError(t, err)
			}
		}

		// Round trip. Hosts with URL delimiters and queries carrying their own X-Amz-*
		// parameters are not requests a client could sign.
		if strings.ContainsAny(host, "/?#") || strings.Contains(unescape(query), "X-Amz-") {
			return
		}
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		path, _, _ = strings.Cut(path, "?")
		r := &http.Request{Method: method, URL: &url.URL{Opaque: "//" + host + path, RawQuery: query}, Host: host,
			Header: http.Header{"X-Fuzz": {value}}}
		var err error
		if presign {
			err = Presign(r, body, tempCreds, "us-east-1", "iam", signTime, time.Minute)
		} else {
			err = Sign(r, body, tempCreds, "us-east-1", "iam", signTime)
		}
		if err != nil {
			t.Fatal(err)
		}
		srv := r.Clone(r.Context())
		srv.RequestURI = path
		if r.URL.RawQuery != "" {
			srv.RequestURI += "?" + r.URL.RawQuery
		}
		srv.URL = &url.URL{Path: path, RawQuery: r.URL.RawQuery}
		a, err := v.Parse(srv, "iam")
		if err != nil {
			t.Fatalf("Parse of a signed request: %v\n%s %s\n%v", err, method, srv.RequestURI, srv.Header)
		}
		if err := v.Verify(srv, body, a, []byte(tempCreds.SecretAccessKey)); err != nil {
			t.Fatalf("Verify of a signed request: %v\n%s %s\n%v", err, method, srv.RequestURI, srv.Header)
		}
	})
}
