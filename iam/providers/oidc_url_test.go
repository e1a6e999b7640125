package providers

import "testing"

func TestNormalizeOIDCURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://example.com", "example.com", true},
		{"HTTPS://Example.com", "Example.com", true},
		{"https://example.com/", "example.com/", true},
		{"https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE", true},
		{"https://idp.example.com:8443/realms/main", "idp.example.com:8443/realms/main", true},
		{"https://10.0.0.1", "10.0.0.1", true},
		{"https://", "", false},
		{"http://example.com", "", false},
		{"example.com", "", false},
		{"ftp://example.com", "", false},
		{"https://example.com?x", "", false},
		{"https://example.com/a#b", "", false},
		{"https://u:p@example.com", "", false},
		{"https://example..com", "", false},
		{"https://.example.com", "", false},
		{"https://exa$mple.com", "", false},
		{"https://example.com:", "", false},
		{"https://example.com:0", "", false},
		{"https://example.com:65536", "", false},
		{"https://example.com:+80", "", false},
		{"https://example.com/a b", "", false},
		{"https://example.com/\x7f", "", false},
		{"https://example.com\\evil", "", false},
	}
	for _, tc := range tests {
		got, ok := normalizeOIDCURL(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("normalizeOIDCURL(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzNormalizeOIDCURL(f *testing.F) {
	for _, s := range []string{"https://example.com", "https://a.b:443/c/d/", "http://x", "https://[::1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		issuer, ok := normalizeOIDCURL(raw)
		if !ok {
			return
		}
		// What is accepted round-trips: the issuer is the URL without its scheme.
		again, ok2 := normalizeOIDCURL("https://" + issuer)
		if !ok2 || again != issuer {
			t.Fatalf("%q normalizes to %q, which normalizes to %q, %v", raw, issuer, again, ok2)
		}
	})
}
