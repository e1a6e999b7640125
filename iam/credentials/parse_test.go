package credentials

import (
	"crypto/ed25519"
	"crypto/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// FuzzParseSSHPublicKey: any body either parses to a key whose stored form parses back to the
// same key and encodes as PEM, or is refused with an AWS error; it never panics.
func FuzzParseSSHPublicKey(f *testing.F) {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		f.Fatal(err)
	}
	line := string(ssh.MarshalAuthorizedKey(k))
	f.Add(line)
	f.Add(strings.TrimSpace(line) + " comment")
	f.Add("---- BEGIN SSH2 PUBLIC KEY ----\n" + strings.Fields(line)[1] + "\n---- END SSH2 PUBLIC KEY ----")
	f.Add("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----")
	f.Add("ssh-rsa AAAA")
	f.Fuzz(func(t *testing.T, body string) {
		key, e := parseSSHPublicKey(body)
		if e != nil {
			if e.Code == "" {
				t.Fatalf("refusal without an AWS code: %v", e)
			}
			return
		}
		again, e := parseSSHPublicKey(key.body)
		if e != nil || again.fingerprint != key.fingerprint {
			t.Fatalf("stored form %q does not parse back: %v", key.body, e)
		}
		if _, err := encodeSSHPublicKey(key.body, true); err != nil {
			t.Fatalf("PEM encoding of %q: %v", key.body, err)
		}
	})
}

// FuzzParseSigningCertificate: no body panics the parser, and an accepted one has a 32-character
// base32 ID.
func FuzzParseSigningCertificate(f *testing.F) {
	f.Add("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")
	f.Add("invalid-certificate-body")
	f.Fuzz(func(t *testing.T, body string) {
		_, id, e := parseSigningCertificate(body, time.Now())
		if e == nil && len(id) != 32 {
			t.Fatalf("accepted certificate with ID %q", id)
		}
	})
}

func TestImplementedSorted(t *testing.T) {
	t.Parallel()
	if !slices.IsSorted(Implemented) {
		t.Errorf("Implemented is not sorted: %v", Implemented)
	}
}
