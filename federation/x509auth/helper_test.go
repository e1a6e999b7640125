package x509auth_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"crypto/x509"
	"crypto/x509/pkix"

	"github.com/gatehouse-iam/gatehouse/federation/x509auth"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

// sessionServer answers CreateSession as Roles Anywhere does, as far as this package decides:
// authenticate, verify the chain to the anchor, map the tags; otherwise the error, in restJson1.
type sessionServer struct {
	anchor x509auth.TrustAnchor
	mu     sync.Mutex
	tags   map[string]string
	alg    string
}

func (s *sessionServer) last() (map[string]string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tags, s.alg
}

func (s *sessionServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	fail := func(err error) {
		var e *x509auth.Error
		errors.As(err, &e)
		w.Header().Set("X-Amzn-ErrorType", e.Code)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(e.Status)
		json.NewEncoder(w).Encode(map[string]string{"message": e.Message})
	}
	req, err := (&x509auth.Verifier{}).Authenticate(r, body)
	if err != nil {
		fail(err)
		return
	}
	if _, err := req.VerifyChain(s.anchor); err != nil {
		fail(err)
		return
	}
	tags, err := x509auth.SessionTags(req.Certificate, nil)
	if err != nil {
		fail(err)
		return
	}
	s.mu.Lock()
	s.tags, s.alg = tags, req.Algorithm
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"credentialSet": []any{map[string]any{
		"credentials": map[string]any{"accessKeyId": "ASIAEXAMPLEEXAMPLE01", "secretAccessKey": "secret", "sessionToken": "token",
			"expiration": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)},
	}}})
}

// TestSigningHelper runs AWS's own aws_signing_helper credential-process against a loopback
// server that verifies with this package: RSA and ECDSA workload keys with an intermediate chain
// get credentials; a revoked certificate, an expired one and one from a rogue CA are refused with
// AccessDeniedException, which the helper reports.
func TestSigningHelper(t *testing.T) {
	t.Parallel()
	bin := fedtest.Tool(t, "aws_signing_helper", "rolesanywhere-credential-helper")
	dir := t.TempDir()
	root := fedtest.NewRootCA(t, "Helper Root")
	inter := root.Intermediate(t, "Helper Issuing CA")
	good := inter.Issue(t, fedtest.Options{RSA: true, Subject: pkix.Name{CommonName: "helper-rsa", Organization: []string{"Example"}}})
	goodEC := inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "helper-ec"}, DNSNames: []string{"ec.example.com"}})
	revoked := inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "helper-revoked"}})
	expired := inter.Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "helper-expired"},
		NotBefore: time.Now().Add(-72 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)})
	rogue := fedtest.NewRootCA(t, "Helper Root").Issue(t, fedtest.Options{Subject: pkix.Name{CommonName: "helper-rogue"}})

	srv := &sessionServer{anchor: x509auth.TrustAnchor{Certificates: []*x509.Certificate{root.Cert},
		CRLs: []*x509.RevocationList{inter.CRL(t, revoked.Cert.SerialNumber)}}}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)

	run := func(name string, leaf *fedtest.Leaf, chain ...*x509.Certificate) (string, error) {
		cert, key := filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
		os.WriteFile(cert, fedtest.PEM(leaf.Cert), 0o600)
		os.WriteFile(key, fedtest.KeyPEM(t, leaf.Key), 0o600)
		args := []string{"credential-process", "--certificate", cert, "--private-key", key,
			"--trust-anchor-arn", "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/ta",
			"--profile-arn", "arn:aws:rolesanywhere:us-east-1:111122223333:profile/p",
			"--role-arn", "arn:aws:iam::111122223333:role/r", "--endpoint", hs.URL}
		if len(chain) > 0 {
			bundle := filepath.Join(dir, name+"-chain.pem")
			os.WriteFile(bundle, fedtest.PEM(chain...), 0o600)
			args = append(args, "--intermediates", bundle)
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "HOME="+dir, "AWS_CONFIG_FILE="+filepath.Join(dir, "none"))
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	out, err := run("rsa", good, inter.Cert)
	if err != nil || !strings.Contains(out, `"AccessKeyId":"ASIAEXAMPLEEXAMPLE01"`) && !strings.Contains(out, `"AccessKeyId": "ASIAEXAMPLEEXAMPLE01"`) {
		t.Fatalf("RSA certificate: %v\n%s", err, out)
	}
	tags, alg := srv.last()
	if tags["x509Subject/CN"] != "helper-rsa" || srv.tags["x509Issuer/CN"] != "Helper Issuing CA" || alg != x509auth.AlgorithmRSA {
		t.Errorf("tags %v alg %s", tags, alg)
	}
	if out, err := run("ec", goodEC, inter.Cert); err != nil {
		t.Fatalf("ECDSA certificate: %v\n%s", err, out)
	}
	if tags, alg := srv.last(); alg != x509auth.AlgorithmECDSA || tags["x509SAN/DNS"] != "ec.example.com" {
		t.Errorf("tags %v alg %s", tags, alg)
	}
	for name, leaf := range map[string]*fedtest.Leaf{"revoked": revoked, "expired": expired, "rogue": rogue} {
		out, err := run(name, leaf, inter.Cert)
		if err == nil || !strings.Contains(out, "AccessDeniedException") {
			t.Errorf("%s certificate: want AccessDeniedException, got %v\n%s", name, err, out)
		}
	}
	// Without the intermediate the chain cannot be built.
	if out, err := run("nochain", good); err == nil || !strings.Contains(out, x509auth.MsgUntrusted) {
		t.Errorf("no chain: want %q, got %v\n%s", x509auth.MsgUntrusted, err, out)
	}
}
