package api

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/sigv4"
)

// FuzzServeHTTP sends arbitrary bodies, content types and authorization headers, signed and
// not: the handler must answer every one with a response it rendered (a query-protocol document, or a
// JSON protocol's error with its x-amzn-ErrorType; never a panic or an InternalFailure), whatever the input.
func FuzzServeHTTP(f *testing.F) {
	h, _, root := testHandler(f, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	f.Add("POST", "application/x-www-form-urlencoded", "Action=GetCallerIdentity&Version=2011-06-15", "", true)
	f.Add("POST", "application/x-www-form-urlencoded", "Action=CreateUser&Version=2010-05-08&UserName=a&Tags.member.1.Key=x", "", true)
	f.Add("GET", "", "", "AWS4-HMAC-SHA256 Credential=AKIA/20200101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00", false)
	f.Add("POST", "text/plain", "%%%", "", false)
	f.Add("POST", "application/x-www-form-urlencoded", "Action=ListUsers&MaxItems=0&Marker=%FF", "", true)
	f.Add("POST", "application/x-amz-json-1.1", `{"MaxResults":"x"}`, "", true)
	f.Add("POST", "application/json", `{"a":[1,2`, "AWS4-HMAC-SHA256 Credential=AKIA/20200101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00", false)
	f.Fuzz(func(t *testing.T, method, contentType, body, authorization string, sign bool) {
		if method != "GET" && method != "POST" {
			method = "POST"
		}
		req := httptest.NewRequest(method, "http://gatehouse.test/", bytes.NewReader([]byte(body)))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		if sign && authorization == "" {
			service := "iam"
			if len(body)%2 == 1 {
				service = "sts"
			}
			_ = sigv4.Sign(req, []byte(body), sigv4.Credentials{AccessKeyID: root.AccessKeyID, SecretAccessKey: root.SecretAccessKey},
				"us-east-1", service, time.Now())
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code == http.StatusOK {
			return
		}
		if w.Code >= 500 && w.Code != http.StatusNotImplemented {
			t.Fatalf("status %d for method %q type %q body %q: %s", w.Code, method, contentType, body, w.Body)
		}
		var doc struct {
			Code string `xml:"Error>Code"`
		}
		var jdoc struct {
			Type string `json:"__type"`
		}
		if xml.Unmarshal(w.Body.Bytes(), &doc) == nil && doc.Code != "" {
			return
		}
		if err := json.Unmarshal(w.Body.Bytes(), &jdoc); err != nil || jdoc.Type == "" ||
			w.Header().Get("X-Amzn-Errortype") != jdoc.Type {
			t.Fatalf("status %d with no error document: %q (%v)", w.Code, w.Body, err)
		}
	})
}

// BenchmarkServeHTTP is the server's own cost of a signed GetCallerIdentity: the handler called
// directly, no SDK and no network (the request is signed once; the signing time stays in the
// allowed skew for the benchmark's duration).
func BenchmarkServeHTTP(b *testing.B) {
	h, _, root := testHandler(b, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	body := []byte("Action=GetCallerIdentity&Version=2011-06-15")
	signed := httptest.NewRequest(http.MethodPost, "http://gatehouse.test/", bytes.NewReader(body))
	signed.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := sigv4.Sign(signed, body, sigv4.Credentials{AccessKeyID: root.AccessKeyID, SecretAccessKey: root.SecretAccessKey},
		"us-east-1", "sts", time.Now()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := signed.Clone(signed.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}
