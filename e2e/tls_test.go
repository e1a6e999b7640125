package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// selfSignedCert writes a fresh self-signed certificate for 127.0.0.1 and localhost and its key
// as PEM files, and returns their paths and a pool trusting the certificate.
func selfSignedCert(tb testing.TB) (certFile, keyFile string, pool *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "gatehouse e2e"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeFile(tb, certFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	writeFile(tb, keyFile, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})))
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pool := selfSignedCert(t)
	s := startServer(t, serverOptions{tlsCert: certFile, tlsKey: keyFile, caFile: certFile, caPool: pool})
	if !strings.HasPrefix(s.url, "https://127.0.0.1:") {
		t.Fatalf("with --tls-cert, listening on %s, want https://127.0.0.1:PORT", s.url)
	}
	want := rootIdentity(s.account)

	// aws-sdk-go-v2 trusting the certificate.
	if diff := cmp.Diff(want, s.whoAmI(t, s.root)); diff != "" {
		t.Errorf("aws-sdk-go-v2 over TLS (-want +got):\n%s", diff)
	}

	if awsMissing == "" {
		// AWS_CA_BUNDLE (cliEnv sets it for a TLS server).
		var got identity
		s.aws(t, s.root, "sts", "get-caller-identity").decode(t, &got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("aws with AWS_CA_BUNDLE (-want +got):\n%s", diff)
		}

		var noBundle []string
		for _, kv := range s.cliEnv(t, s.root) {
			if !strings.HasPrefix(kv, "AWS_CA_BUNDLE=") {
				noBundle = append(noBundle, kv)
			}
		}
		base := []string{"--endpoint-url", s.url, "--region", region, "--output", "json"}

		// --no-verify-ssl.
		r := s.runCLI(t, noBundle, append(base, "--no-verify-ssl", "sts", "get-caller-identity")...)
		got = identity{}
		r.decode(t, &got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("aws --no-verify-ssl (-want +got):\n%s", diff)
		}

		// Neither: the CLI must refuse the unknown certificate.
		r = s.runCLI(t, noBundle, append(base, "sts", "get-caller-identity")...)
		if r.exit == 0 || !strings.Contains(r.stderr, "CERTIFICATE_VERIFY_FAILED") {
			t.Errorf("aws without a CA bundle: exit %d, stderr %q; want a certificate verification failure", r.exit, r.stderr)
		}
	}

	if botoMissing == "" {
		var got identity
		s.boto3(t, s.root, "whoami.py", &got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("boto3 with AWS_CA_BUNDLE (-want +got):\n%s", diff)
		}
	}

	// Plain HTTP on the TLS port is not served as an API request.
	plain := "http://" + strings.TrimPrefix(s.url, "https://")
	if resp, err := s.http.Get(plain + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Errorf("GET %s/healthz over plain HTTP answered 200", plain)
		}
	}
}
