package oidc_test

import (
	"context"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gatehouse-iam/gatehouse/federation/oidc"
	"github.com/gatehouse-iam/gatehouse/internal/fedtest"
)

// clock is a settable clock for the verifier; tokens are minted against the same base.
type clock struct{ offset atomic.Int64 }

var base = time.Now().Truncate(time.Second)

func (c *clock) now() time.Time          { return base.Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }
func claims(is *fedtest.Issuer) map[string]any {
	return map[string]any{
		"iss": is.URL, "sub": "repo:octo/app:ref:refs/heads/main", "aud": "sts.amazonaws.com",
		"iat": base.Unix(), "nbf": base.Unix(), "exp": base.Add(10 * time.Minute).Unix(),
	}
}

func provider(is *fedtest.Issuer) oidc.Provider {
	return oidc.Provider{URL: strings.TrimPrefix(is.URL, "https://"), ClientIDs: []string{"sts.amazonaws.com"},
		Thumbprints: []string{strings.ToUpper(oidc.Thumbprint(is.CA.Cert))}}
}

func verifier(c *clock) *oidc.Verifier {
	return &oidc.Verifier{Now: c.now, Cache: oidc.NewKeyCache(0), Timeout: 2 * time.Minute} // generous: a loaded machine must not fail a test
}

// wantCode checks that err is an *oidc.Error with code (and, when msg is non-empty, that message).
func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *oidc.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *oidc.Error", err)
	}
	if e.Code != code || (msg != "" && e.Message != msg) {
		t.Fatalf("got %s %q, want %s %q", e.Code, e.Message, code, msg)
	}
}

func TestVerifyThumbprintTrust(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	c := &clock{}
	cl := claims(is)
	cl["amr"] = []string{"pwd", "mfa"}
	cl[oidc.TagsClaim] = map[string]any{
		"principal_tags":      map[string]any{"Project": []string{"Automation"}, "CostCenter": "987654"},
		"transitive_tag_keys": []string{"Project"},
	}
	tok, err := verifier(c).Verify(context.Background(), provider(is), is.Mint(t, "k1", cl))
	if err != nil {
		t.Fatal(err)
	}
	if tok.Subject != "repo:octo/app:ref:refs/heads/main" || tok.Audience != "sts.amazonaws.com" || tok.Issuer != is.URL {
		t.Errorf("token = %+v", tok)
	}
	if tok.PrincipalTags["Project"] != "Automation" || tok.PrincipalTags["CostCenter"] != "987654" ||
		len(tok.TransitiveTagKeys) != 1 || tok.TransitiveTagKeys[0] != "Project" {
		t.Errorf("tags = %v %v", tok.PrincipalTags, tok.TransitiveTagKeys)
	}
	keys := tok.ConditionKeys()
	id := strings.TrimPrefix(is.URL, "https://")
	if keys[id+":sub"][0] != tok.Subject || keys[id+":aud"][0] != "sts.amazonaws.com" || len(keys[id+":amr"]) != 2 {
		t.Errorf("condition keys = %v", keys)
	}
	if tok.Algorithm != "RS256" || tok.KeyID != "k1" {
		t.Errorf("alg/kid = %s/%s", tok.Algorithm, tok.KeyID)
	}
}

func TestVerifySystemRootsWithoutThumbprint(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	roots := x509.NewCertPool()
	roots.AddCert(is.CA.Cert)
	v := &oidc.Verifier{Now: (&clock{}).now, RootCAs: roots, Timeout: 2 * time.Minute}
	p := provider(is)
	p.Thumbprints = nil
	if _, err := v.Verify(context.Background(), p, is.Mint(t, "k1", claims(is))); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyThumbprintMismatch(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	p := provider(is)
	p.Thumbprints = []string{"990f4193972f2becf12ddeda5237f9c952f20d9e"}
	_, err := verifier(&clock{}).Verify(context.Background(), p, is.Mint(t, "k1", claims(is)))
	wantCode(t, err, oidc.CodeInvalidIdentityToken, oidc.MsgThumbprint)

	// The leaf's own thumbprint is not "the last certificate" of the chain the server presents.
	p.Thumbprints = []string{oidc.Thumbprint(is.Srv.TLS.Certificates[0].Leaf)}
	_, err = verifier(&clock{}).Verify(context.Background(), p, is.Mint(t, "k1", claims(is)))
	wantCode(t, err, oidc.CodeInvalidIdentityToken, oidc.MsgThumbprint)
}

func TestAlgorithms(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	for _, alg := range []jose.SignatureAlgorithm{jose.RS384, jose.RS512, jose.ES256, jose.ES384, jose.ES512} {
		is.AddKey(t, "key-"+string(alg), alg)
	}
	v := verifier(&clock{})
	for _, alg := range []string{"RS384", "RS512", "ES256", "ES384", "ES512"} {
		tok, err := v.Verify(context.Background(), provider(is), is.Mint(t, "key-"+alg, claims(is)))
		if err != nil {
			t.Errorf("%s: %v", alg, err)
			continue
		}
		if tok.Algorithm != alg {
			t.Errorf("%s: verified as %s", alg, tok.Algorithm)
		}
	}
}

// forge builds a token with the given header and an arbitrary signature.
func forge(header, payload map[string]any, sign func(input string) []byte) string {
	h, _ := json.Marshal(header)
	p, _ := json.Marshal(payload)
	input := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(p)
	return input + "." + base64.RawURLEncoding.EncodeToString(sign(input))
}

func TestRefusedAlgorithms(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	pub := is.PublicKey("k1").(*rsa.PublicKey)
	der := x509.MarshalPKCS1PublicKey(pub)
	spki, _ := x509.MarshalPKIXPublicKey(pub)
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})
	hs := func(secret []byte) func(string) []byte {
		return func(in string) []byte { m := hmac.New(sha256.New, secret); m.Write([]byte(in)); return m.Sum(nil) }
	}
	cases := map[string]string{
		"alg none":                   forge(map[string]any{"alg": "none"}, claims(is), func(string) []byte { return nil }),
		"alg NONE":                   forge(map[string]any{"alg": "NONE", "kid": "k1"}, claims(is), func(string) []byte { return nil }),
		"HS256 with the public key":  forge(map[string]any{"alg": "HS256", "kid": "k1"}, claims(is), hs(der)),
		"HS256 with the PEM key":     forge(map[string]any{"alg": "HS256", "kid": "k1"}, claims(is), hs(pemKey)),
		"HS512 with the JWK modulus": forge(map[string]any{"alg": "HS512", "kid": "k1"}, claims(is), hs(pub.N.Bytes())),
		"PS256":                      forge(map[string]any{"alg": "PS256", "kid": "k1"}, claims(is), hs(der)),
		"EdDSA":                      forge(map[string]any{"alg": "EdDSA", "kid": "k1"}, claims(is), hs(der)),
		"crit header":                forge(map[string]any{"alg": "RS256", "kid": "k1", "crit": []string{"exp"}}, claims(is), hs(der)),
	}
	v := verifier(&clock{})
	for name, tok := range cases {
		_, err := v.Verify(context.Background(), provider(is), tok)
		wantCode(t, err, oidc.CodeInvalidIdentityToken, "")
		if _, perr := oidc.Parse(tok); perr == nil {
			t.Errorf("%s: Parse accepted it", name)
		}
	}
	if n := is.JWKSHits.Load(); n != 0 {
		t.Errorf("refused tokens fetched the JWKS %d times", n)
	}
}

// TestKeyTypeConfusion: an RS256 key ID presented with ES256, and a JWK whose alg says RS512, do
// not verify a token of another algorithm.
func TestKeyTypeConfusion(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	is.AddKey(t, "ec", jose.ES256)
	v := verifier(&clock{})
	good := is.Mint(t, "ec", claims(is))
	parts := strings.Split(good, ".")
	h, _ := json.Marshal(map[string]any{"alg": "ES256", "kid": "k1"})
	confused := base64.RawURLEncoding.EncodeToString(h) + "." + parts[1] + "." + parts[2]
	_, err := v.Verify(context.Background(), provider(is), confused)
	wantCode(t, err, oidc.CodeInvalidIdentityToken, oidc.MsgKeyUnavailable)
}

func TestClaimsChecks(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	c := &clock{}
	v := verifier(c)
	with := func(k string, val any) map[string]any { cl := claims(is); cl[k] = val; return cl }
	cases := []struct {
		name   string
		claims map[string]any
		code   string
		msg    string
	}{
		{"wrong audience", with("aud", "other"), oidc.CodeInvalidIdentityToken, oidc.MsgAudience},
		{"audience list", with("aud", []string{"x", "sts.amazonaws.com"}), "", ""},
		{"azp in list", with("azp", "sts.amazonaws.com"), "", ""},
		{"other issuer", with("iss", "https://evil.example"), oidc.CodeInvalidIdentityToken, oidc.MsgInvalid},
		{"expired", with("exp", base.Add(-6*time.Minute).Unix()), oidc.CodeExpiredToken, ""},
		{"expired within skew", with("exp", base.Add(-4*time.Minute).Unix()), "", ""},
		{"nbf in the future", with("nbf", base.Add(6*time.Minute).Unix()), oidc.CodeInvalidIdentityToken, oidc.MsgInvalid},
		{"iat in the future", with("iat", base.Add(6*time.Minute).Unix()), oidc.CodeInvalidIdentityToken, oidc.MsgInvalid},
		{"float exp", with("exp", 1.5e9+0.5), oidc.CodeInvalidIdentityToken, oidc.MsgNotJWT},
		{"no sub", with("sub", ""), oidc.CodeInvalidIdentityToken, oidc.MsgNotJWT},
		{"bad tags", with(oidc.TagsClaim, map[string]any{"principal_tags": map[string]any{"a": []string{"1", "2"}}}), oidc.CodeIDPRejectedClaim, ""},
	}
	for _, tc := range cases {
		_, err := v.Verify(context.Background(), provider(is), is.Mint(t, "k1", tc.claims))
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		wantCode(t, err, tc.code, tc.msg)
	}
	// AWS's exact ExpiredTokenException message, missing space included.
	_, err := v.Verify(context.Background(), provider(is), is.Mint(t, "k1", with("exp", base.Add(-time.Hour).Unix())))
	want := "Token expired: current date/time " + itoa(base.Unix()) + " must be before the expiration date/time" + itoa(base.Add(-time.Hour).Unix())
	wantCode(t, err, oidc.CodeExpiredToken, want)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestTamperedSignature(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	tok := is.Mint(t, "k1", claims(is))
	parts := strings.Split(tok, ".")
	cl := claims(is)
	cl["sub"] = "repo:evil/app:ref:refs/heads/main"
	p, _ := json.Marshal(cl)
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(p) + "." + parts[2]
	_, err := verifier(&clock{}).Verify(context.Background(), provider(is), tampered)
	wantCode(t, err, oidc.CodeInvalidIdentityToken, oidc.MsgInvalid)
}

func TestIssuerUnreachable(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	tok := is.Mint(t, "k1", claims(is))
	is.SetStatus(http.StatusServiceUnavailable)
	_, err := verifier(&clock{}).Verify(context.Background(), provider(is), tok)
	wantCode(t, err, oidc.CodeIDPCommunicationError, "")

	is.SetStatus(http.StatusNotFound)
	_, err = verifier(&clock{}).Verify(context.Background(), provider(is), tok)
	wantCode(t, err, oidc.CodeInvalidIdentityToken, oidc.MsgKeyUnavailable)

	is.SetStatus(0)
	is.Srv.Close()
	_, err = verifier(&clock{}).Verify(context.Background(), provider(is), tok)
	wantCode(t, err, oidc.CodeIDPCommunicationError, oidc.MsgCommunication)
}

func TestDiscoveryNamesAnotherIssuer(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	is.SetDiscoveryIssuer("https://elsewhere.example")
	_, err := verifier(&clock{}).Verify(context.Background(), provider(is), is.Mint(t, "k1", claims(is)))
	wantCode(t, err, oidc.CodeInvalidIdentityToken, oidc.MsgKeyUnavailable)
}

// TestRotation: a token signed by a new kid makes the cache refetch at once; a flood of unknown
// kids refetches at most once per MinRefetchInterval; max-age decides when a set is refreshed.
func TestRotation(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	is.SetCacheControl("public, max-age=120")
	c := &clock{}
	v := verifier(c)
	p := provider(is)
	verify := func(kid string) error {
		_, err := v.Verify(context.Background(), p, is.Mint(t, kid, claims(is)))
		return err
	}
	if err := verify("k1"); err != nil {
		t.Fatal(err)
	}
	if err := verify("k1"); err != nil || is.JWKSHits.Load() != 1 {
		t.Fatalf("second verification: %v, JWKS fetched %d times", err, is.JWKSHits.Load())
	}
	is.AddKey(t, "k2", jose.ES256)
	if err := verify("k2"); err != nil || is.JWKSHits.Load() != 2 {
		t.Fatalf("new kid: %v, JWKS fetched %d times", err, is.JWKSHits.Load())
	}
	is.AddKey(t, "k3", jose.RS256)
	is.DropKey("k3") // minted below with a key the JWKS never shows
	forged := func() error {
		is.AddKey(t, "k3", jose.RS256)
		tok := is.Mint(t, "k3", claims(is))
		is.DropKey("k3")
		_, err := v.Verify(context.Background(), p, tok)
		return err
	}
	c.advance(oidc.MinRefetchInterval + time.Second)
	for range 5 {
		wantCode(t, forged(), oidc.CodeInvalidIdentityToken, oidc.MsgKeyUnavailable)
	}
	if n := is.JWKSHits.Load(); n != 3 {
		t.Fatalf("5 unknown kids fetched the JWKS %d times in total, want 3", n)
	}
	c.advance(2 * time.Minute) // past max-age=120
	if err := verify("k1"); err != nil || is.JWKSHits.Load() != 4 {
		t.Fatalf("after max-age: %v, JWKS fetched %d times", err, is.JWKSHits.Load())
	}
}

func TestCacheBounded(t *testing.T) {
	t.Parallel()
	cache := oidc.NewKeyCache(2)
	v := &oidc.Verifier{Now: (&clock{}).now, Cache: cache, Timeout: 2 * time.Minute}
	for range 3 {
		is := fedtest.NewIssuer(t)
		if _, err := v.Verify(context.Background(), provider(is), is.Mint(t, "k1", claims(is))); err != nil {
			t.Fatal(err)
		}
	}
	if n := cache.Len(); n != 2 {
		t.Fatalf("cache holds %d issuers, want 2", n)
	}
}

func TestNoProviderMessage(t *testing.T) {
	t.Parallel()
	err := oidc.NoProvider("https://token.actions.githubusercontent.com")
	wantCode(t, err, oidc.CodeInvalidIdentityToken, "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com")
}

func TestParseShapes(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{"", "a.b", "a.b.c.d.e", "!!!.e30.", strings.Repeat("a", oidc.MaxTokenBytes+1)} {
		_, err := oidc.Parse(tok)
		wantCode(t, err, oidc.CodeInvalidIdentityToken, oidc.MsgNotJWT)
	}
}

// TestJWKSOnAnotherHost: when jwks_uri is on another host with another CA, thumbprint trust needs
// both hosts' thumbprints, as IAM documents ("AWS verifies the thumbprints of both endpoints").
func TestJWKSOnAnotherHost(t *testing.T) {
	t.Parallel()
	is := fedtest.NewIssuer(t)
	keys, keysCA := fedtest.NewTLSServer(t, is.JWKSHandler())
	is.SetJWKSURI(keys.URL + "/keys")
	p := provider(is)
	_, err := verifier(&clock{}).Verify(context.Background(), p, is.Mint(t, "k1", claims(is)))
	wantCode(t, err, oidc.CodeInvalidIdentityToken, oidc.MsgThumbprint)

	p.Thumbprints = append(p.Thumbprints, oidc.Thumbprint(keysCA.Cert))
	if _, err := verifier(&clock{}).Verify(context.Background(), p, is.Mint(t, "k1", claims(is))); err != nil {
		t.Fatal(err)
	}
}
