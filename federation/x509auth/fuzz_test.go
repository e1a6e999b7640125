package x509auth_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/federation/x509auth"
)

// FuzzAuthenticate: any Authorization, X-Amz-X509 and X-Amz-X509-Chain headers are refused with
// an *x509auth.Error or, if accepted, were signed by the certificate they carry; never a panic.
func FuzzAuthenticate(f *testing.F) {
	p := newPKI(f, false)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	good := signed(f, p, p.leaf, at)
	f.Add(good.Header.Get("Authorization"), good.Header.Get("X-Amz-X509"), good.Header.Get("X-Amz-X509-Chain"))
	f.Add("AWS4-X509-RSA-SHA256 Credential=1/20260102/us-east-1/rolesanywhere/aws4_request, SignedHeaders=host, Signature=00", "AAAA", "")
	f.Add("AWS4-X509-ECDSA-SHA256 Credential=/", "", ",,,")
	v := &x509auth.Verifier{Now: func() time.Time { return at }}
	f.Fuzz(func(t *testing.T, authz, cert, chain string) {
		r := httptest.NewRequest(http.MethodPost, "http://rolesanywhere.us-east-1.amazonaws.com"+query, nil)
		for k, vs := range good.Header {
			r.Header[k] = vs
		}
		r.Header.Set("Authorization", authz)
		r.Header.Set("X-Amz-X509", cert)
		r.Header.Set("X-Amz-X509-Chain", chain)
		req, err := v.Authenticate(r, body)
		if err != nil {
			if _, ok := err.(*x509auth.Error); !ok {
				t.Fatalf("error %T is not *x509auth.Error", err)
			}
			return
		}
		// (Fuzz workers build their own PKI, so the seed's certificate is not p.leaf there.)
		if b64(req.Certificate.Raw) != strings.TrimSpace(cert) || req.Certificate.SerialNumber.String() == "" {
			t.Fatalf("accepted a request whose certificate is not the X-Amz-X509 header's")
		}
	})
}
