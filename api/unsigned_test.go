package api

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/sigv4"
	"github.com/gatehouse-iam/gatehouse/wire/query"
	"github.com/gatehouse-iam/gatehouse/wire/stswire"
)

// federationSpy records whether AssumeRoleWithWebIdentity and AssumeRoleWithSAML were given an
// authenticated call, and answers NotImplemented as STS did until federation existed.
type federationSpy struct {
	mu      sync.Mutex
	callers []bool
}

func (s *federationSpy) seen(ctx context.Context) {
	_, ok := callctx.From(ctx)
	s.mu.Lock()
	s.callers = append(s.callers, ok)
	s.mu.Unlock()
}

// handlers is STS with only the two operations, spied on.
func (s *federationSpy) handlers() *stswire.Handlers {
	return &stswire.Handlers{
		AssumeRoleWithWebIdentity: func(ctx context.Context, _ *stswire.AssumeRoleWithWebIdentityInput) (*stswire.AssumeRoleWithWebIdentityOutput, error) {
			s.seen(ctx)
			return nil, query.NotImplemented("AssumeRoleWithWebIdentity")
		},
		AssumeRoleWithSAML: func(ctx context.Context, _ *stswire.AssumeRoleWithSAMLInput) (*stswire.AssumeRoleWithSAMLOutput, error) {
			s.seen(ctx)
			return nil, query.NotImplemented("AssumeRoleWithSAML")
		},
	}
}

// TestUnsignedSTSOperations: AssumeRoleWithWebIdentity and AssumeRoleWithSAML need no AWS
// credentials ("Calling AssumeRoleWithWebIdentity does not require the use of AWS security
// credentials", STS API Reference; botocore's STS model: "authtype": "none"), and AWS ignores a
// signature they happen to carry, even one made with credentials it does not know
// (aws/aws-sdk-java#2010). They reach the STS handler with no authenticated call in the context
// however they are signed — which, until federation exists, answers 501 NotImplemented — while
// every other operation still requires a signature.
func TestUnsignedSTSOperations(t *testing.T) {
	t.Parallel()
	h, _, root := testHandler(t, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	spy := &federationSpy{}
	spied := spy.handlers()
	h.services[stswire.Service.SigningName] = service{
		dispatch: func(ctx context.Context, p url.Values, id string, dst []byte) ([]byte, error) {
			return stswire.Dispatch(ctx, spied, p, id, dst)
		},
		appendError: stswire.AppendError,
	}
	web := url.Values{"Action": {"AssumeRoleWithWebIdentity"}, "Version": {"2011-06-15"},
		"RoleArn": {"arn:aws:iam::123456789012:role/web"}, "RoleSessionName": {"web-session"}, "WebIdentityToken": {"eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}}
	saml := url.Values{"Action": {"AssumeRoleWithSAML"}, "Version": {"2011-06-15"},
		"RoleArn": {"arn:aws:iam::123456789012:role/saml"}, "PrincipalArn": {"arn:aws:iam::123456789012:saml-provider/idp"},
		"SAMLAssertion": {strings.Repeat("PHNhbWw+", 2)}}
	rootCreds := sigv4.Credentials{AccessKeyID: root.AccessKeyID, SecretAccessKey: root.SecretAccessKey}
	bogus := sigv4.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "made-up"}
	send := func(params url.Values, sign func(*http.Request, []byte)) *httptest.ResponseRecorder {
		body := []byte(params.Encode())
		req := httptest.NewRequest(http.MethodPost, "http://gatehouse.test/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if sign != nil {
			sign(req, body)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	signWith := func(c sigv4.Credentials, service string, at time.Time) func(*http.Request, []byte) {
		return func(r *http.Request, body []byte) { sigv4.Sign(r, body, c, "us-east-1", service, at) }
	}
	cases := []struct {
		name   string
		params url.Values
		sign   func(*http.Request, []byte)
	}{
		{"web identity, unsigned", web, nil},
		{"SAML, unsigned", saml, nil},
		{"web identity, signed with a key Gatehouse does not know", web, signWith(bogus, "sts", time.Now())},
		{"web identity, signed by root", web, signWith(rootCreds, "sts", time.Now())},
		{"SAML, with a signature an hour old", saml, signWith(rootCreds, "sts", time.Now().Add(-time.Hour))},
	}
	for _, tc := range cases {
		w := send(tc.params, tc.sign)
		var doc struct {
			XMLName xml.Name
			Code    string `xml:"Error>Code"`
		}
		if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil || w.Code != http.StatusNotImplemented || doc.Code != "NotImplemented" ||
			doc.XMLName.Space != "https://sts.amazonaws.com/doc/2011-06-15/" {
			t.Errorf("%s: %d %s, want 501 NotImplemented in STS's error document", tc.name, w.Code, w.Body)
		}
	}
	if want := []bool{false, false, false, false, false}; !equalBools(spy.callers, want) {
		t.Errorf("the STS handler saw an authenticated call: %v, want %v (one per request, none authenticated)", spy.callers, want)
	}

	// Every other STS operation still needs a signature.
	w := send(url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}, nil)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "<Code>MissingAuthenticationToken</Code>") {
		t.Errorf("unsigned GetCallerIdentity: %d %s, want 403 MissingAuthenticationToken", w.Code, w.Body)
	}
	// Signed for IAM, the action is IAM's to answer: it has no such action.
	w = send(web, signWith(rootCreds, "iam", time.Now()))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "<Code>InvalidAction</Code>") {
		t.Errorf("AssumeRoleWithWebIdentity signed for iam: %d %s, want 400 InvalidAction", w.Code, w.Body)
	}
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
