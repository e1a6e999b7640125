package oidc_test

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/federation/oidc"
)

// FuzzParse: any input is either refused with an *oidc.Error or yields a token whose required
// claims are present; Parse never panics.
func FuzzParse(f *testing.F) {
	f.Add("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL3giLCJzdWIiOiJzIiwiYXVkIjoiYSIsImV4cCI6MX0.AAAA")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("eyJhbGciOiJFUzI1NiJ9.eyJhdWQiOlsiYSIsImIiXX0." + string(make([]byte, 86)))
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, tok string) {
		jwt, err := oidc.Parse(tok)
		if err != nil {
			if _, ok := err.(*oidc.Error); !ok {
				t.Fatalf("error %T is not *oidc.Error", err)
			}
			return
		}
		c := jwt.Claims
		if c.Issuer == "" || c.Subject == "" || len(c.Audience) == 0 || c.Expiry.IsZero() {
			t.Fatalf("accepted a token without its required claims: %+v", c)
		}
		switch jwt.Header.Algorithm {
		case "RS256", "RS384", "RS512", "ES256", "ES384", "ES512":
		default:
			t.Fatalf("accepted alg %q", jwt.Header.Algorithm)
		}
	})
}
