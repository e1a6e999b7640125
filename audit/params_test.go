package audit

import (
	"strings"
	"testing"
)

// TestIsSecret: a secret's name is recognized in any case, and a long name is not taken for one.
func TestIsSecret(t *testing.T) {
	for name, want := range map[string]bool{
		"SecretAccessKey": true, "secretaccesskey": true, "SECRETACCESSKEY": true, "Password": true,
		"SAMLAssertion": true, "WebIdentityToken": true, "UserName": false, "": false,
		"Secret": false, strings.Repeat("Password", 5): false, "CertificateChain": false,
	} {
		if got := isSecret(name); got != want {
			t.Errorf("isSecret(%q) = %v, want %v", name, got, want)
		}
	}
}
