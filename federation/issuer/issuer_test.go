package issuer_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gatehouse-iam/gatehouse/federation/issuer"
)

const url = "https://gatehouse.example.com/accounts/111122223333"

type clock struct{ off atomic.Int64 }

var base = time.Now().UTC().Truncate(time.Second)

func (c *clock) now() time.Time { return base.Add(time.Duration(c.off.Load())) }

func open(t *testing.T, store issuer.Store, c *clock) *issuer.Issuer {
	t.Helper()
	is, err := issuer.Open(context.Background(), store, url, c.now)
	if err != nil {
		t.Fatal(err)
	}
	return is
}

func request(alg string) issuer.Request {
	return issuer.Request{Subject: "arn:aws:iam::111122223333:role/DataProcessingRole", Audiences: []string{"https://api.example.com"},
		Lifetime: 900 * time.Second, Algorithm: alg, Account: "111122223333", Region: "us-east-1",
		PrincipalTags: map[string]string{"team": "data"}, RequestTags: map[string]string{"job-id": "job-1"}}
}

// verify checks tok with go-jose against the published JWKS, as an external service would, and
// returns its claims.
func verify(t *testing.T, is *issuer.Issuer, tok string) map[string]any {
	t.Helper()
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(is.JWKS(), &set); err != nil {
		t.Fatalf("JWKS: %v", err)
	}
	jws, err := jose.ParseSigned(tok, []jose.SignatureAlgorithm{jose.RS256, jose.ES384})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	keys := set.Key(jws.Signatures[0].Header.KeyID)
	if len(keys) != 1 {
		t.Fatalf("kid %q: %d keys in the JWKS", jws.Signatures[0].Header.KeyID, len(keys))
	}
	payload, err := jws.Verify(keys[0])
	if err != nil {
		t.Fatalf("go-jose does not verify the token: %v", err)
	}
	var claims map[string]any
	json.Unmarshal(payload, &claims)
	return claims
}

func TestMintVerifiedByGoJose(t *testing.T) {
	t.Parallel()
	c := &clock{}
	is := open(t, &issuer.MemoryStore{}, c)
	for _, alg := range []string{issuer.RS256, issuer.ES384} {
		if err := is.Rotate(context.Background(), alg); err != nil {
			t.Fatal(err)
		}
		tok, exp, err := is.Mint(request(alg))
		if err != nil {
			t.Fatal(err)
		}
		claims := verify(t, is, tok)
		aws, _ := claims[issuer.Namespace].(map[string]any)
		if claims["iss"] != url || claims["aud"] != "https://api.example.com" || claims["sub"] != "arn:aws:iam::111122223333:role/DataProcessingRole" ||
			int64(claims["exp"].(float64)) != exp.Unix() || exp.Sub(base) != 900*time.Second || claims["jti"] == "" ||
			aws["aws_account"] != "111122223333" || aws["source_region"] != "us-east-1" ||
			aws["principal_tags"].(map[string]any)["team"] != "data" || aws["request_tags"].(map[string]any)["job-id"] != "job-1" {
			t.Errorf("%s claims = %v", alg, claims)
		}
	}
	var disc map[string]any
	json.Unmarshal(is.Discovery(), &disc)
	if disc["issuer"] != url || disc["jwks_uri"] != url+"/.well-known/jwks.json" {
		t.Errorf("discovery = %v", disc)
	}
	req := request(issuer.RS256)
	req.Audiences = []string{"a", "b"}
	tok, _, _ := is.Mint(req)
	if aud, ok := verify(t, is, tok)["aud"].([]any); !ok || len(aud) != 2 {
		t.Errorf("two audiences: aud = %v", aud)
	}
}

// TestRotation: after a rotation the previous key stays published until every token it signed
// has expired, so such tokens keep verifying; then Prune drops it. Keys survive a reopen.
func TestRotation(t *testing.T) {
	t.Parallel()
	c := &clock{}
	store := &issuer.MemoryStore{}
	is := open(t, store, c)
	is.Rotate(context.Background(), issuer.ES384)
	req := request(issuer.ES384)
	req.Lifetime = issuer.MaxLifetime
	old, _, _ := is.Mint(req)
	c.off.Add(int64(10 * time.Minute))
	if err := is.Rotate(context.Background(), issuer.ES384); err != nil {
		t.Fatal(err)
	}
	fresh, _, _ := is.Mint(request(issuer.ES384))
	reopened := open(t, store, c)
	verify(t, reopened, old)
	verify(t, reopened, fresh)
	if strings.Count(string(reopened.JWKS()), `"kid"`) != 2 {
		t.Fatalf("JWKS after rotation: %s", reopened.JWKS())
	}
	c.off.Add(int64(issuer.MaxLifetime))
	if err := reopened.Prune(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(reopened.JWKS()), `"kid"`); n != 1 {
		t.Fatalf("JWKS after prune has %d keys", n)
	}
	verify(t, reopened, fresh)
}

func TestLimits(t *testing.T) {
	t.Parallel()
	is := open(t, &issuer.MemoryStore{}, &clock{})
	is.Rotate(context.Background(), issuer.RS256)
	cases := map[string]func(*issuer.Request){
		"no audience":   func(r *issuer.Request) { r.Audiences = nil },
		"11 audiences":  func(r *issuer.Request) { r.Audiences = strings.Split("a,b,c,d,e,f,g,h,i,j,k", ",") },
		"long audience": func(r *issuer.Request) { r.Audiences = []string{strings.Repeat("a", 1001)} },
		"59 seconds":    func(r *issuer.Request) { r.Lifetime = 59 * time.Second },
		"3601 seconds":  func(r *issuer.Request) { r.Lifetime = 3601 * time.Second },
		"HS256":         func(r *issuer.Request) { r.Algorithm = "HS256" },
		"payload too large": func(r *issuer.Request) {
			r.RequestTags = map[string]string{"k": strings.Repeat("v", issuer.MaxPayloadBytes)}
		},
	}
	for name, mod := range cases {
		req := request(issuer.RS256)
		mod(&req)
		_, _, err := is.Mint(req)
		var e *issuer.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := "ValidationError"
		if name == "payload too large" {
			want = "JWTPayloadSizeExceededException"
		}
		if e.Code != want {
			t.Errorf("%s: code %s, want %s", name, e.Code, want)
		}
	}
	req := request(issuer.RS256)
	req.Lifetime = 0
	if _, exp, err := is.Mint(req); err != nil || exp.Sub(time.Now()) > issuer.DefaultLifetime+time.Minute {
		t.Errorf("default lifetime: %v %v", exp, err)
	}
}
