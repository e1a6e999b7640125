package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"
)

// XML namespaces of the awsQuery responses (the services' API versions, as AWS sends them).
const (
	iamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
	stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
)

// wireShape is what a client can see of an awsQuery answer's envelope.
type wireShape struct {
	Status          int
	ContentTypeXML  bool
	Root            xml.Name
	HeaderRequestID string
	BodyRequestID   string
}

// shapeOf reads the envelope of an answer.
func shapeOf(tb testing.TB, resp *http.Response) wireShape {
	tb.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	var doc struct {
		XMLName   xml.Name
		RequestID string `xml:"ResponseMetadata>RequestId"`
		ErrReqID  string `xml:"RequestId"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		tb.Fatalf("the %d answer is not XML: %v\n%s", resp.StatusCode, err, body)
	}
	ct := resp.Header.Get("Content-Type")
	return wireShape{
		Status:          resp.StatusCode,
		ContentTypeXML:  ct == "text/xml" || strings.HasPrefix(ct, "text/xml;"),
		Root:            doc.XMLName,
		HeaderRequestID: resp.Header.Get("X-Amzn-Requestid"),
		BodyRequestID:   doc.RequestID + doc.ErrReqID,
	}
}

// signedRequest builds a SigV4-signed awsQuery request, as a POST form or as a GET query string
// (the IAM and STS API References: "Making query requests" accept both).
func (s *server) signedRequest(tb testing.TB, c creds, service, method string, form url.Values) *http.Request {
	tb.Helper()
	var req *http.Request
	var err error
	var payload string
	if method == http.MethodGet {
		req, err = http.NewRequest(method, s.url+"/?"+form.Encode(), nil)
	} else {
		payload = form.Encode()
		req, err = http.NewRequest(method, s.url+"/", strings.NewReader(payload))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		}
	}
	if err != nil {
		tb.Fatal(err)
	}
	if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey},
		req, sha256Hex(payload), service, region, time.Now()); err != nil {
		tb.Fatal(err)
	}
	return req
}

// TestWireEnvelope checks the awsQuery envelope byte-level clients rely on: the response element
// and its namespace, text/xml, and the request ID both in x-amzn-RequestId and in the body.
func TestWireEnvelope(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})

	cases := []struct {
		name    string
		service string
		method  string
		form    url.Values
		want    wireShape
	}{
		{"STS answer", "sts", http.MethodPost, url.Values{"Action": {"GetCallerIdentity"}, "Version": {stsVersion}},
			wireShape{Status: 200, ContentTypeXML: true, Root: xml.Name{Space: stsNamespace, Local: "GetCallerIdentityResponse"}}},
		{"IAM answer", "iam", http.MethodPost, url.Values{"Action": {"CreateUser"}, "Version": {iamVersion}, "UserName": {"eve"}},
			wireShape{Status: 200, ContentTypeXML: true, Root: xml.Name{Space: iamNamespace, Local: "CreateUserResponse"}}},
		{"IAM answer to a GET", "iam", http.MethodGet, url.Values{"Action": {"ListUsers"}, "Version": {iamVersion}},
			wireShape{Status: 200, ContentTypeXML: true, Root: xml.Name{Space: iamNamespace, Local: "ListUsersResponse"}}},
		{"STS answer to a GET", "sts", http.MethodGet, url.Values{"Action": {"GetCallerIdentity"}, "Version": {stsVersion}},
			wireShape{Status: 200, ContentTypeXML: true, Root: xml.Name{Space: stsNamespace, Local: "GetCallerIdentityResponse"}}},
		{"IAM error", "iam", http.MethodPost, url.Values{"Action": {"GetUser"}, "Version": {iamVersion}, "UserName": {"nobody"}},
			wireShape{Status: 404, ContentTypeXML: true, Root: xml.Name{Space: iamNamespace, Local: "ErrorResponse"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := s.http.Do(s.signedRequest(t, s.root, tc.service, tc.method, tc.form))
			if err != nil {
				t.Fatal(err)
			}
			got := shapeOf(t, resp)
			if got.HeaderRequestID == "" || got.HeaderRequestID != got.BodyRequestID {
				t.Errorf("x-amzn-RequestId %q and the body's RequestId %q, want the same non-empty ID", got.HeaderRequestID, got.BodyRequestID)
			}
			got.HeaderRequestID, got.BodyRequestID = "", ""
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func sha256Hex(payload string) string {
	sum := sha256.Sum256([]byte(payload))
	return hex.EncodeToString(sum[:])
}

// TestEndpointSpellings points clients at the same server by other names: the signature covers
// the Host header as the client wrote it, so the server must verify against what it received.
func TestEndpointSpellings(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	port := s.url[strings.LastIndex(s.url, ":")+1:]
	for _, endpoint := range []string{"http://localhost:" + port, s.url + "/"} {
		cfg := s.sdkConfig(s.root)
		cfg.BaseEndpoint = aws.String(endpoint)
		out, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), nil)
		if err != nil {
			t.Errorf("GetCallerIdentity at %s: %v", endpoint, err)
			continue
		}
		if deref(out.Account) != s.account {
			t.Errorf("GetCallerIdentity at %s: Account %s, want %s", endpoint, deref(out.Account), s.account)
		}
	}
}

// maxSaneBody is far beyond any IAM or STS request (the largest, a policy document, is 131,072
// characters: IAM User Guide, "IAM and AWS STS quotas") and must be refused, not buffered.
const maxSaneBody = 8 << 20

// TestOversizedRequest sends a signed 8 MiB form: the server refuses it with a client error and
// stays healthy.
func TestOversizedRequest(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	form := url.Values{"Action": {"CreateUser"}, "Version": {iamVersion}, "UserName": {"big"}, "Path": {"/" + strings.Repeat("p", maxSaneBody) + "/"}}
	resp, err := s.http.Do(s.signedRequest(t, s.root, "iam", http.MethodPost, form))
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("an 8 MiB request: status %d, want a 4xx", resp.StatusCode)
		}
	}
	// The server may also cut the connection; either way it must still answer.
	if !s.healthy() {
		t.Errorf("/healthz does not answer after an oversized request")
	}
	if diff := cmp.Diff(rootIdentity(s.account), s.whoAmI(t, s.root)); diff != "" {
		t.Errorf("GetCallerIdentity after an oversized request (-want +got):\n%s", diff)
	}
}
