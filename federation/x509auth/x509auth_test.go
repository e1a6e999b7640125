package x509auth_test

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/federation/x509auth"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

const query = "/sessions?profileArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A111122223333%3Aprofile%2Fp&roleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fr&trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A111122223333%3Atrust-anchor%2Fta"

var body = []byte(`{"durationSeconds":3600}`)

// pki is a root CA, an intermediate under it, and a workload certificate from the intermediate.
type pki struct {
	root, inter *fedtest.CA
	leaf        *fedtest.Leaf
}

func newPKI(t testing.TB, useRSA bool) *pki {
	root := fedtest.NewRootCA(t, "Workload Root")
	inter := root.Intermediate(t, "Workload Issuing CA")
	leaf := inter.Issue(t, fedtest.Options{RSA: useRSA,
		Subject:  pkix.Name{CommonName: "build-agent-7", Organization: []string{"Example Corp"}, OrganizationalUnit: []string{"CI"}, Country: []string{"US"}},
		DNSNames: []string{"agent7.ci.example.com", "second.example.com"}, URIs: []string{"spiffe://example.com/ci/agent7"}})
	return &pki{root: root, inter: inter, leaf: leaf}
}

func signed(t testing.TB, p *pki, leaf *fedtest.Leaf, at time.Time) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://rolesanywhere.us-east-1.amazonaws.com"+query, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	fedtest.SignX509(t, r, body, leaf, []*x509.Certificate{p.inter.Cert}, "us-east-1", at)
	return r
}

func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *x509auth.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *x509auth.Error", err)
	}
	if e.Code != code || (msg != "" && e.Message != msg) {
		t.Fatalf("got %s %q, want %s %q", e.Code, e.Message, code, msg)
	}
}

func TestAuthenticateAndVerify(t *testing.T) {
	t.Parallel()
	for _, useRSA := range []bool{true, false} {
		p := newPKI(t, useRSA)
		req, err := (&x509auth.Verifier{}).Authenticate(signed(t, p, p.leaf, time.Now()), body)
		if err != nil {
			t.Fatalf("rsa=%v: %v", useRSA, err)
		}
		wantAlg := map[bool]string{true: x509auth.AlgorithmRSA, false: x509auth.AlgorithmECDSA}[useRSA]
		if req.Algorithm != wantAlg || req.Region != "us-east-1" || req.Certificate.SerialNumber.Cmp(p.leaf.Cert.SerialNumber) != 0 {
			t.Errorf("request = %+v", req)
		}
		chain, err := req.VerifyChain(x509auth.TrustAnchor{Certificates: []*x509.Certificate{p.root.Cert}})
		if err != nil || len(chain) != 3 {
			t.Fatalf("rsa=%v: chain %d, %v", useRSA, len(chain), err)
		}
	}
}

func TestSignatureFailures(t *testing.T) {
	t.Parallel()
	p := newPKI(t, false)
	v := &x509auth.Verifier{}
	other := p.inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "other"}})

	r := signed(t, p, p.leaf, time.Now())
	_, err := v.Authenticate(r, []byte(`{"durationSeconds":43200}`))
	wantErr(t, err, x509auth.CodeAccessDenied, x509auth.MsgSignature)

	r = signed(t, p, p.leaf, time.Now())
	r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "role%2Fr", "role%2Fadmin", 1)
	_, err = v.Authenticate(r, body)
	wantErr(t, err, x509auth.CodeAccessDenied, x509auth.MsgSignature)

	// Another certificate swapped in: its serial is not the credential's.
	r = signed(t, p, p.leaf, time.Now())
	r.Header.Set("X-Amz-X509", b64(other.Cert.Raw))
	_, err = v.Authenticate(r, body)
	wantErr(t, err, x509auth.CodeAccessDenied, x509auth.MsgSerial)

	// The RSA algorithm name over an ECDSA key.
	r = signed(t, p, p.leaf, time.Now())
	r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "ECDSA", "RSA", 1))
	_, err = v.Authenticate(r, body)
	wantErr(t, err, x509auth.CodeAccessDenied, x509auth.MsgAlgorithm)

	r = signed(t, p, p.leaf, time.Now())
	r.Header.Del("X-Amz-X509")
	_, err = v.Authenticate(r, body)
	wantErr(t, err, x509auth.CodeValidation, x509auth.MsgCertificate)

	r = signed(t, p, p.leaf, time.Now().Add(-20*time.Minute))
	_, err = v.Authenticate(r, body)
	wantErr(t, err, "SignatureDoesNotMatch", "")

	r = signed(t, p, p.leaf, time.Now())
	r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "AWS4-X509-ECDSA-SHA256", "AWS4-HMAC-SHA256", 1))
	_, err = v.Authenticate(r, body)
	wantErr(t, err, "IncompleteSignature", "")
}

func b64(der []byte) string { return base64.StdEncoding.EncodeToString(der) }

func TestChainFailures(t *testing.T) {
	t.Parallel()
	p := newPKI(t, true)
	v := &x509auth.Verifier{}
	anchor := x509auth.TrustAnchor{Certificates: []*x509.Certificate{p.root.Cert}}
	verify := func(leaf *fedtest.Leaf, anchor x509auth.TrustAnchor) error {
		req, err := v.Authenticate(signed(t, p, leaf, time.Now()), body)
		if err != nil {
			t.Fatal(err)
		}
		_, err = req.VerifyChain(anchor)
		return err
	}
	rogue := fedtest.NewRootCA(t, "Workload Root") // same name, another key
	wantErr(t, verify(rogue.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "build-agent-7"}}), anchor),
		x509auth.CodeAccessDenied, x509auth.MsgUntrusted)

	expired := p.inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "old"},
		NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-time.Hour)})
	wantErr(t, verify(expired, anchor), x509auth.CodeAccessDenied, x509auth.MsgExpired)

	revoked := x509auth.TrustAnchor{Certificates: anchor.Certificates, CRLs: []*x509.RevocationList{p.inter.CRL(t, p.leaf.Cert.SerialNumber)}}
	wantErr(t, verify(p.leaf, revoked), x509auth.CodeAccessDenied, x509auth.MsgRevoked)

	// The intermediate revoked by the root.
	interRevoked := x509auth.TrustAnchor{Certificates: anchor.Certificates, CRLs: []*x509.RevocationList{p.root.CRL(t, p.inter.Cert.SerialNumber)}}
	wantErr(t, verify(p.leaf, interRevoked), x509auth.CodeAccessDenied, x509auth.MsgRevoked)

	// A CRL naming the serial but signed by a rogue CA with the same name does not revoke.
	rogueInter := fedtest.NewRootCA(t, "Workload Issuing CA")
	forgedCRL := x509auth.TrustAnchor{Certificates: anchor.Certificates, CRLs: []*x509.RevocationList{rogueInter.CRL(t, p.leaf.Cert.SerialNumber)}}
	if err := verify(p.leaf, forgedCRL); err != nil {
		t.Errorf("a rogue CA's CRL revoked the certificate: %v", err)
	}

	ca := p.inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "sub-ca"}, IsCA: true})
	wantErr(t, verify(ca, anchor), x509auth.CodeAccessDenied, x509auth.MsgNotEndEntity)
}

func TestSessionTags(t *testing.T) {
	t.Parallel()
	p := newPKI(t, false)
	tags, err := x509auth.SessionTags(p.leaf.Cert, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"x509Subject/CN": "build-agent-7", "x509Subject/O": "Example Corp", "x509Subject/OU": "CI", "x509Subject/C": "US",
		"x509Issuer/CN": "Workload Issuing CA", "x509SAN/DNS": "agent7.ci.example.com", "x509SAN/URI": "spiffe://example.com/ci/agent7",
	}
	if len(tags) != len(want) {
		t.Errorf("tags = %v, want %v", tags, want)
	}
	for k, v := range want {
		if tags[k] != v {
			t.Errorf("%s = %q, want %q", k, tags[k], v)
		}
	}
	if x509auth.SourceIdentity(p.leaf.Cert) != "build-agent-7" {
		t.Errorf("source identity = %q", x509auth.SourceIdentity(p.leaf.Cert))
	}

	only, _ := x509auth.SessionTags(p.leaf.Cert, []x509auth.Mapping{{Field: x509auth.FieldSubject, Specifiers: []string{"CN"}}})
	if len(only) != 1 || only["x509Subject/CN"] != "build-agent-7" {
		t.Errorf("CN-only mapping = %v", only)
	}

	dir := p.inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "d"},
		DirNames: []pkix.Name{{CommonName: "svc-a", Organization: []string{"Team A"}}}, DNSNames: []string{"d.example.com"}})
	tags, err = x509auth.SessionTags(dir.Cert, nil)
	if err != nil || tags["x509SAN/Name/CN"] != "svc-a" || tags["x509SAN/Name/O"] != "Team A" || tags["x509SAN/DNS"] != "d.example.com" {
		t.Errorf("directory-name SAN tags = %v, %v", tags, err)
	}

	paren := p.inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "John M. Smith (EMP12345)"}})
	_, err = x509auth.SessionTags(paren.Cert, nil)
	wantErr(t, err, x509auth.CodeValidation, "some attributes fail to be mapped into session tags: [x509Subject/CN]")
}
