package e2e

import (
	"encoding/json"
	"net/http"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

// TestOutboundFederationCLI: against the server binary, the aws CLI enables outbound identity
// federation and gets a web identity token; a relying party fetches the discovery document and
// the JWKS from the announced issuer URL over HTTP and verifies the token with go-jose.
func TestOutboundFederationCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	var enabled struct{ IssuerIdentifier string }
	s.aws(t, s.root, "iam", "enable-outbound-web-identity-federation").decode(t, &enabled)
	var out struct{ WebIdentityToken, Expiration string }
	s.aws(t, s.root, "sts", "get-web-identity-token", "--audience", "api.example.com", "--signing-algorithm", "ES384",
		"--duration-seconds", "120").decode(t, &out)

	get := func(url string, v any) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", url, resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var disc struct {
		Issuer string
		JWKS   string `json:"jwks_uri"`
	}
	get(enabled.IssuerIdentifier+"/.well-known/openid-configuration", &disc)
	var set jose.JSONWebKeySet
	get(disc.JWKS, &set)
	jws, err := jose.ParseSigned(out.WebIdentityToken, []jose.SignatureAlgorithm{jose.ES384})
	if err != nil {
		t.Fatal(err)
	}
	keys := set.Key(jws.Signatures[0].Header.KeyID)
	if len(keys) != 1 {
		t.Fatalf("the token's key is not in the JWKS (%d keys)", len(set.Keys))
	}
	payload, err := jws.Verify(keys[0])
	if err != nil {
		t.Fatalf("go-jose refuses the token: %v", err)
	}
	var claims struct {
		Iss, Aud, Sub string
		Exp, Iat      int64
	}
	json.Unmarshal(payload, &claims)
	if disc.Issuer != enabled.IssuerIdentifier || claims.Iss != disc.Issuer || claims.Aud != "api.example.com" ||
		claims.Sub != "arn:aws:iam::"+s.account+":root" || claims.Exp-claims.Iat != 120 {
		t.Errorf("discovery issuer %q, claims %+v", disc.Issuer, claims)
	}
}
