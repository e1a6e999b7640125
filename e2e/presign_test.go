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

	// The same URL inside its lifetime works: the expiry, not the signing, failed above.
	signed, header, err = v4.NewSigner().PresignHTTP(ctx, aws.Credentials{AccessKeyID: ada.AccessKeyID, SecretAccessKey: ada.SecretAccessKey},
		req, sha256Hex(""), "sts", region, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if status, body = s.sendPresigned(t, http.MethodGet, signed, header); status != 200 {
		t.Errorf("a fresh presigned GET: %d\n%s", status, body)
	}
}
