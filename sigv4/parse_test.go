package sigv4

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var parseNow = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

const (
	goodCred = "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request"
	goodSig  = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
)

// request builds a server-side request with the given query and headers.
func request(query string, headers ...string) *http.Request {
	r := &http.Request{Method: "POST", RequestURI: "/", URL: &url.URL{Path: "/", RawQuery: query},
		Header: http.Header{}, Host: "iam.amazonaws.com"}
	if query != "" {
		r.RequestURI += "?" + query
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	return r
}

func authz(cred, signed, sig string) string {
	return "AWS4-HMAC-SHA256 Credential=" + cred + ", SignedHeaders=" + signed + ", Signature=" + sig
}

// TestParseErrors checks AWS's code, status and message for each way a request's
// authentication can be wrong. Messages follow what AWS services return (quoted in AWS SDK
// issues and in the dynalite and scratchstack reimplementations, which record AWS's check order).
func TestParseErrors(t *testing.T) {
	t.Parallel()
	const date = "20150830T123600Z"
	tests := []struct {
		name    string
		r       *http.Request
		service string
		regions func(string) bool
		want    *Error
	}{
		{name: "no authentication", r: request(""),
			want: &Error{CodeMissingAuthenticationToken, 403, "Request is missing Authentication Token"}},
		{name: "not sigv4", r: request("", "Authorization", "Basic dXNlcjpwYXNz", "X-Amz-Date", date),
			want: &Error{CodeMissingAuthenticationToken, 403, "Request is missing Authentication Token"}},
		{name: "algorithm only", r: request("", "Authorization", "AWS4-HMAC-SHA256", "X-Amz-Date", date),
			want: &Error{CodeIncompleteSignature, 400, "Authorization header requires 'Credential' parameter. " +
				"Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
				"Authorization=AWS4-HMAC-SHA256"}},
		{name: "no date", r: request("", "Authorization", authz(goodCred, "host", goodSig)),
			want: &Error{CodeIncompleteSignature, 400, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256"}},
		{name: "parameter without equal sign", r: request("", "Authorization", "AWS4-HMAC-SHA256 Credential, SignedHeaders=host", "X-Amz-Date", date),
			want: &Error{CodeIncompleteSignature, 400, "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header."}},
		{name: "signature without equal sign is not repeated", r: request("", "Authorization", "AWS4-HMAC-SHA256 Credential=a, Signature "+goodSig, "X-Amz-Date", date),
			want: &Error{CodeIncompleteSignature, 400, "'...' not a valid key=value pair (missing equal-sign) in Authorization header."}},
		{name: "date not ISO 8601", r: request("", "Authorization", authz(goodCred, "host", goodSig), "X-Amz-Date", "201"),
			want: &Error{CodeIncompleteSignature, 400, "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601"}},
		{name: "HTTP Date header unparsable", r: request("", "Authorization", authz(goodCred, "date;host", goodSig), "Date", "yesterday"),
			want: &Error{CodeIncompleteSignature, 400, "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See http://en.wikipedia.org/wiki/ISO_8601"}},
		{name: "expired", r: request("", "Authorization", authz(goodCred, "host", goodSig), "X-Amz-Date", "20150830T122059Z"),
			want: &Error{CodeSignatureDoesNotMatch, 403, "Signature expired: 20150830T122059Z is now earlier than 20150830T122100Z (20150830T123600Z - 15 min.)"}},
		{name: "not yet current", r: request("", "Authorization", authz(goodCred, "host", goodSig), "X-Amz-Date", "20150830T125101Z"),
			want: &Error{CodeSignatureDoesNotMatch, 403, "Signature not yet current: 20150830T125101Z is still later than 20150830T125100Z (20150830T123600Z + 15 min.)"}},
		{name: "host not signed", r: request("", "Authorization", authz(goodCred, "x-amz-date", goodSig), "X-Amz-Date", date),
			want: &Error{CodeSignatureDoesNotMatch, 403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."}},
		{name: "other algorithm", r: request("", "Authorization", strings.Replace(authz(goodCred, "host", goodSig), "SHA256", "SHA512", 1), "X-Amz-Date", date),
			want: &Error{CodeIncompleteSignature, 400, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "}},
		{name: "credential with four parts", r: request("", "Authorization", authz("a/b/c/d", "host", goodSig), "X-Amz-Date", date),
			want: &Error{CodeIncompleteSignature, 400, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'"}},
		{name: "every scope part wrong", service: "iam",
			r: request("", "Authorization", authz("AKID/b/C/d/e", "host", goodSig), "X-Amz-Date", date),
			want: &Error{CodeSignatureDoesNotMatch, 403, "Credential should be scoped to a valid region, not 'C'. " +
				"Credential should be scoped to correct service: 'iam'. " +
				"Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. " +
				"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20150830', from '20150830T123600Z'."}},
		{name: "region not served", regions: func(r string) bool { return r == "eu-west-1" },
			r:    request("", "Authorization", authz(goodCred, "host", goodSig), "X-Amz-Date", date),
			want: &Error{CodeSignatureDoesNotMatch, 403, "Credential should be scoped to a valid region, not 'us-east-1'. "}},
		{name: "header and query both", r: request("X-Amz-Algorithm=AWS4-HMAC-SHA256", "Authorization", authz(goodCred, "host", goodSig), "X-Amz-Date", date),
			want: &Error{CodeSignatureDoesNotMatch, 403, msgSignatureMismatch}},
		{name: "too many signed headers", r: request("", "Authorization", authz(goodCred, "host"+strings.Repeat(";x", maxSignedHeaders), goodSig), "X-Amz-Date", date),
			want: &Error{CodeIncompleteSignature, 400, "SignedHeaders lists 129 headers; at most 128 are accepted."}},
		{name: "presigned, other algorithm", r: request("X-Amz-Algorithm=AWS4-HMAC-SHA1"),
			want: &Error{CodeMissingAuthenticationToken, 403, "Request is missing Authentication Token"}},
		{name: "presigned, nothing but the algorithm", r: request("X-Amz-Algorithm=AWS4-HMAC-SHA256"),
			want: &Error{CodeIncompleteSignature, 400, "AWS query-string parameters must include 'X-Amz-Credential'. " +
				"AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
				"AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."}},
		{name: "presigned, expiry not a number", r: request(presignQuery("1h")),
			want: &Error{CodeIncompleteSignature, 400, "X-Amz-Expires should be a number"}},
		{name: "presigned, negative expiry", r: request(presignQuery("-5")),
			want: &Error{CodeIncompleteSignature, 400, "X-Amz-Expires must be non-negative"}},
		{name: "presigned, expired", r: request(presignQuery("60")),
			want: &Error{CodeSignatureDoesNotMatch, 403, "Signature expired: 20150830T122000Z is now earlier than 20150830T123500Z (20150830T123600Z - 1 min.)"}},
		{name: "presigned, odd expiry expired", r: request(presignQuery("90")),
			want: &Error{CodeSignatureDoesNotMatch, 403, "Signature expired: 20150830T122000Z is now earlier than 20150830T123430Z (20150830T123600Z - 90 sec.)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := &Verifier{Now: func() time.Time { return parseNow }, ValidRegion: tc.regions}
			a, err := v.Parse(tc.r, tc.service)
			if a != nil {
				t.Errorf("Parse returned %+v with its error", a)
			}
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("Parse error = %v, want *Error", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// presignQuery is a presigned query signed at 12:20, sixteen minutes before parseNow.
func presignQuery(expires string) string {
	return "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + url.QueryEscape(goodCred) +
		"&X-Amz-Date=20150830T122000Z&X-Amz-Expires=" + expires + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + goodSig
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	at := parseNow.Add(-14 * time.Minute)
	tests := []struct {
		name string
		r    *http.Request
		want *Auth
	}{
		{name: "header form",
			r: request("", "Authorization", authz(goodCred, "content-type;host;x-amz-date", goodSig), "X-Amz-Date", amzDate(at)),
			want: &Auth{Algorithm: "AWS4-HMAC-SHA256", AccessKeyID: "AKIDEXAMPLE", Scope: Scope{"20150830", "us-east-1", "iam"},
				SignedHeaders: []string{"content-type", "host", "x-amz-date"}, Time: at}},
		{name: "HTTP Date header, extra spaces, unknown parameters, trailing slash in credential",
			r: request("", "Authorization", "  AWS4-HMAC-SHA256   Credential="+goodCred+"/ ,SignedHeaders=date;host,Foo=bar,, Signature="+goodSig+" ",
				"Date", "Sun, 30 Aug 2015 12:36:00 GMT"),
			want: &Auth{Algorithm: "AWS4-HMAC-SHA256", AccessKeyID: "AKIDEXAMPLE", Scope: Scope{"20150830", "us-east-1", "iam"},
				SignedHeaders: []string{"date", "host"}, Time: parseNow}},
		{name: "X-Amz-Date wins over Date",
			r: request("", "Authorization", authz(goodCred, "host", goodSig), "Date", "Mon, 31 Aug 2015 12:36:00 GMT", "X-Amz-Date", amzDate(at)),
			want: &Auth{Algorithm: "AWS4-HMAC-SHA256", AccessKeyID: "AKIDEXAMPLE", Scope: Scope{"20150830", "us-east-1", "iam"},
				SignedHeaders: []string{"host"}, Time: at}},
		{name: "session token",
			r: request("", "Authorization", authz(goodCred, "host", goodSig), "X-Amz-Date", amzDate(at), "X-Amz-Security-Token", "tok/en+=="),
			want: &Auth{Algorithm: "AWS4-HMAC-SHA256", AccessKeyID: "AKIDEXAMPLE", Scope: Scope{"20150830", "us-east-1", "iam"},
				SignedHeaders: []string{"host"}, SecurityToken: "tok/en+==", Time: at}},
		{name: "presigned with token and expiry",
			r: request("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiam%2Faws4_request" +
				"&X-Amz-Date=20150830T122000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id" +
				"&X-Amz-Security-Token=tok%2Fen%2B%3D%3D&X-Amz-Signature=" + goodSig),
			want: &Auth{Algorithm: "AWS4-HMAC-SHA256", AccessKeyID: "AKIDEXAMPLE", Scope: Scope{"20150830", "us-east-1", "iam"},
				SignedHeaders: []string{"host", "x-k8s-aws-id"}, SecurityToken: "tok/en+==",
				Time: time.Date(2015, 8, 30, 12, 20, 0, 0, time.UTC), Presigned: true, Expires: time.Hour}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := &Verifier{Now: func() time.Time { return parseNow }}
			got, err := v.Parse(tc.r, "iam")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreUnexported(Auth{})); diff != "" {
				t.Errorf("Auth (-want +got):\n%s", diff)
			}
			if !got.sigOK {
				t.Error("signature not decoded")
			}
		})
	}
}

func TestScopeString(t *testing.T) {
	t.Parallel()
	if got, want := (Scope{"20150830", "us-east-1", "iam"}).String(), "20150830/us-east-1/iam/aws4_request"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
