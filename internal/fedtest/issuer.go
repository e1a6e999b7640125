package fedtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

// Issuer is a local HTTPS OpenID Connect issuer: it serves /.well-known/openid-configuration and
// /jwks on 127.0.0.1 with a certificate issued by its own test CA, and mints ID tokens with
// go-jose.
type Issuer struct {
	URL string // https://127.0.0.1:PORT, the iss of its tokens
	CA  *CA    // the root its TLS certificate chains to (served with the chain)
	Srv *httptest.Server

	mu           sync.Mutex
	keys         []jose.JSONWebKey // private keys; the JWKS publishes their public halves
	cacheControl string
	status       int    // non-zero: every request is answered with it
	discIssuer   string // non-empty: the discovery document names this issuer instead
	jwksURI      string // non-empty: the discovery document's jwks_uri

	DiscoveryHits atomic.Int32
	JWKSHits      atomic.Int32
}

// NewTLSServer starts an HTTPS server on 127.0.0.1 for h with a certificate from its own new
// root CA, presenting [leaf, CA]; it returns the server and the CA.
func NewTLSServer(t testing.TB, h http.Handler) (*httptest.Server, *CA) {
	t.Helper()
	ca := NewRootCA(t, "Test HTTPS Root")
	leaf := ca.Issue(t, Options{Subject: pkix.Name{CommonName: "127.0.0.1"}, IPs: []net.IP{net.IPv4(127, 0, 0, 1)}})
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{
		Certificate: [][]byte{leaf.Cert.Raw, ca.Cert.Raw}, PrivateKey: leaf.Key, Leaf: leaf.Cert,
	}}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, ca
}

// NewIssuer starts an issuer with one RS256 key (kid "k1"). The server presents [leaf, CA], so
// the CA is "the last certificate" IAM takes the thumbprint of.
func NewIssuer(t testing.TB) *Issuer {
	t.Helper()
	is := &Issuer{}
	is.AddKey(t, "k1", jose.RS256)
	is.Srv, is.CA = NewTLSServer(t, http.HandlerFunc(is.serve))
	is.URL = is.Srv.URL
	return is
}

// AddKey adds a signing key for alg under kid and publishes it.
func (is *Issuer) AddKey(t testing.TB, kid string, alg jose.SignatureAlgorithm) {
	t.Helper()
	var key crypto.Signer
	var err error
	switch alg {
	case jose.RS256, jose.RS384, jose.RS512:
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	case jose.ES256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case jose.ES384:
		key, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case jose.ES512:
		key, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	default:
		t.Fatalf("no key for %s", alg)
	}
	if err != nil {
		t.Fatal(err)
	}
	is.mu.Lock()
	defer is.mu.Unlock()
	is.keys = append(is.keys, jose.JSONWebKey{Key: key, KeyID: kid, Algorithm: string(alg), Use: "sig"})
}

// DropKey stops publishing kid.
func (is *Issuer) DropKey(kid string) {
	is.mu.Lock()
	defer is.mu.Unlock()
	for i, k := range is.keys {
		if k.KeyID == kid {
			is.keys = append(is.keys[:i], is.keys[i+1:]...)
			return
		}
	}
}

// PublicKey is the public half of kid's key.
func (is *Issuer) PublicKey(kid string) crypto.PublicKey {
	is.mu.Lock()
	defer is.mu.Unlock()
	for _, k := range is.keys {
		if k.KeyID == kid {
			return k.Key.(crypto.Signer).Public()
		}
	}
	return nil
}

// SetCacheControl sets the JWKS answer's Cache-Control header.
func (is *Issuer) SetCacheControl(v string) { is.mu.Lock(); is.cacheControl = v; is.mu.Unlock() }

// SetStatus makes every answer the given status (0 restores normal service).
func (is *Issuer) SetStatus(code int) { is.mu.Lock(); is.status = code; is.mu.Unlock() }

// SetJWKSURI makes the discovery document point at another JWKS URL.
func (is *Issuer) SetJWKSURI(u string) { is.mu.Lock(); is.jwksURI = u; is.mu.Unlock() }

// JWKSHandler serves the issuer's JWKS, for a second host to publish it.
func (is *Issuer) JWKSHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = "/jwks"
		is.serve(w, r)
	})
}

// SetDiscoveryIssuer makes the discovery document name another issuer.
func (is *Issuer) SetDiscoveryIssuer(iss string) { is.mu.Lock(); is.discIssuer = iss; is.mu.Unlock() }

func (is *Issuer) serve(w http.ResponseWriter, r *http.Request) {
	is.mu.Lock()
	status, cc, disc, jwksURI := is.status, is.cacheControl, is.discIssuer, is.jwksURI
	var set jose.JSONWebKeySet
	for _, k := range is.keys {
		set.Keys = append(set.Keys, k.Public())
	}
	is.mu.Unlock()
	if status != 0 {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/.well-known/openid-configuration":
		is.DiscoveryHits.Add(1)
		if disc == "" {
			disc = is.URL
		}
		if jwksURI == "" {
			jwksURI = is.URL + "/jwks"
		}
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": disc, "jwks_uri": jwksURI, "id_token_signing_alg_values_supported": []string{"RS256", "ES256"},
		})
	case "/jwks":
		is.JWKSHits.Add(1)
		if cc != "" {
			w.Header().Set("Cache-Control", cc)
		}
		json.NewEncoder(w).Encode(set)
	default:
		http.NotFound(w, r)
	}
}

// Mint signs claims with kid's key. Claims are marshalled as given (use int64 for times).
func (is *Issuer) Mint(t testing.TB, kid string, claims map[string]any) string {
	t.Helper()
	is.mu.Lock()
	var key *jose.JSONWebKey
	for i := range is.keys {
		if is.keys[i].KeyID == kid {
			key = &is.keys[i]
		}
	}
	is.mu.Unlock()
	if key == nil {
		t.Fatalf("no key %q", kid)
	}
	return Sign(t, *key, claims)
}

// Sign signs claims as a compact JWS with the key's algorithm and kid.
func Sign(t testing.TB, key jose.JSONWebKey, claims map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(key.Algorithm), Key: key},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}
