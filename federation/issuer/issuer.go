package issuer

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// The signing algorithms GetWebIdentityToken offers (SigningAlgorithm).
const (
	RS256 = "RS256"
	ES384 = "ES384"
)

// Limits of GetWebIdentityToken (STS API reference) and Gatehouse's bound on a token's payload.
const (
	MinLifetime     = 60 * time.Second
	MaxLifetime     = 3600 * time.Second
	DefaultLifetime = 300 * time.Second
	MaxAudiences    = 10
	MaxAudienceLen  = 1000
	// MaxPayloadBytes bounds the JSON claims; AWS documents a maximum without its number
	// (JWTPayloadSizeExceededException), so this is Gatehouse's.
	MaxPayloadBytes = 16 << 10
	// Namespace holds the AWS-specific claims.
	Namespace = "https://sts.amazonaws.com/"
	// JWKSPath and DiscoveryPath are where the issuer URL serves its keys and configuration
	// (EnableOutboundWebIdentityFederation: "/.well-known/openid-configuration and
	// /.well-known/jwks.json").
	JWKSPath      = "/.well-known/jwks.json"
	DiscoveryPath = "/.well-known/openid-configuration"
)

// Error is a refused request: the AWS code, HTTP status and message.
type Error struct {
	Code    string
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func validation(format string, a ...any) *Error {
	return &Error{Code: "ValidationError", Status: http.StatusBadRequest, Message: fmt.Sprintf(format, a...)}
}

// StoredKey is a signing key as the Store keeps it. PrivateKey is PKCS #8 DER: seal it at rest.
type StoredKey struct {
	ID         string
	Algorithm  string
	PrivateKey []byte
	Created    time.Time
	Retired    time.Time // zero while the key is the active one for its algorithm
}

// Store persists an issuer's keys (sealed by the caller's keyring, kept in its store).
type Store interface {
	LoadKeys(ctx context.Context) ([]StoredKey, error)
	SaveKeys(ctx context.Context, keys []StoredKey) error
}

// MemoryStore is a Store in memory, for tests and ephemeral servers.
type MemoryStore struct {
	mu   sync.Mutex
	keys []StoredKey
}

func (m *MemoryStore) LoadKeys(context.Context) ([]StoredKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.keys), nil
}

func (m *MemoryStore) SaveKeys(_ context.Context, keys []StoredKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys = slices.Clone(keys)
	return nil
}

type key struct {
	StoredKey
	signer crypto.Signer
}

// Issuer signs tokens for one issuer URL.
type Issuer struct {
	url   string
	store Store
	now   func() time.Time
	rand  io.Reader

	mu   sync.RWMutex
	keys []*key
}

// Open loads the issuer's keys from store. now is the clock (nil: the system clock).
func Open(ctx context.Context, store Store, issuerURL string, now func() time.Time) (*Issuer, error) {
	if !strings.HasPrefix(issuerURL, "https://") && !strings.HasPrefix(issuerURL, "http://") {
		return nil, fmt.Errorf("issuer: %q is not an http(s) URL", issuerURL)
	}
	if now == nil {
		now = time.Now
	}
	is := &Issuer{url: strings.TrimSuffix(issuerURL, "/"), store: store, now: now, rand: rand.Reader}
	stored, err := store.LoadKeys(ctx)
	if err != nil {
		return nil, err
	}
	for _, sk := range stored {
		priv, err := x509.ParsePKCS8PrivateKey(sk.PrivateKey)
		if err != nil {
			return nil, fmt.Errorf("issuer: key %s: %w", sk.ID, err)
		}
		is.keys = append(is.keys, &key{StoredKey: sk, signer: priv.(crypto.Signer)})
	}
	return is, nil
}

// URL is the issuer URL: the iss of its tokens.
func (is *Issuer) URL() string { return is.url }

// Rotate makes a new active key for alg, retires the active one (it stays published for
// MaxLifetime, the longest a token it signed can live), drops keys retired before that, and
// saves the set.
func (is *Issuer) Rotate(ctx context.Context, alg string) error {
	signer, err := generate(is.rand, alg)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKCS8PrivateKey(signer)
	if err != nil {
		return err
	}
	now := is.now().UTC()
	k := &key{StoredKey: StoredKey{ID: keyID(signer.Public()), Algorithm: alg, PrivateKey: der, Created: now}, signer: signer}
	is.mu.Lock()
	defer is.mu.Unlock()
	next := []*key{k}
	for _, old := range is.keys {
		if old.Algorithm == alg && old.Retired.IsZero() {
			c := *old
			c.Retired = now
			old = &c
		}
		if old.Retired.IsZero() || now.Before(old.Retired.Add(MaxLifetime)) {
			next = append(next, old)
		}
	}
	if err := is.store.SaveKeys(ctx, stored(next)); err != nil {
		return err
	}
	is.keys = next
	return nil
}

// Prune drops keys retired more than MaxLifetime ago and saves the set when it changed.
func (is *Issuer) Prune(ctx context.Context) error {
	now := is.now()
	is.mu.Lock()
	defer is.mu.Unlock()
	next := slices.DeleteFunc(slices.Clone(is.keys), func(k *key) bool {
		return !k.Retired.IsZero() && !now.Before(k.Retired.Add(MaxLifetime))
	})
	if len(next) == len(is.keys) {
		return nil
	}
	if err := is.store.SaveKeys(ctx, stored(next)); err != nil {
		return err
	}
	is.keys = next
	return nil
}

func stored(keys []*key) []StoredKey {
	out := make([]StoredKey, len(keys))
	for i, k := range keys {
		out[i] = k.StoredKey
	}
	return out
}

func generate(r io.Reader, alg string) (crypto.Signer, error) {
	switch alg {
	case RS256:
		return rsa.GenerateKey(r, 2048)
	case ES384:
		return ecdsa.GenerateKey(elliptic.P384(), r)
	}
	return nil, validation("SigningAlgorithm must be RS256 or ES384")
}

// keyID is the first 16 bytes of the SHA-256 of the public key's DER, hex: stable across nodes.
func keyID(pub crypto.PublicKey) string {
	der, _ := x509.MarshalPKIXPublicKey(pub)
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:16])
}

// ActiveSince says when the active key for alg was made; false when there is none (rotate one
// in before minting).
func (is *Issuer) ActiveSince(alg string) (time.Time, bool) {
	if k := is.active(alg); k != nil {
		return k.Created, true
	}
	return time.Time{}, false
}

// active is the active key for alg.
func (is *Issuer) active(alg string) *key {
	is.mu.RLock()
	defer is.mu.RUnlock()
	for _, k := range is.keys {
		if k.Algorithm == alg && k.Retired.IsZero() {
			return k
		}
	}
	return nil
}

func sign(r io.Reader, k *key, input []byte) ([]byte, error) {
	switch s := k.signer.(type) {
	case *rsa.PrivateKey:
		d := sha256.Sum256(input)
		return rsa.SignPKCS1v15(r, s, crypto.SHA256, d[:])
	case *ecdsa.PrivateKey:
		d := sha512.Sum384(input)
		rr, ss, err := ecdsa.Sign(r, s, d[:])
		if err != nil {
			return nil, err
		}
		out := make([]byte, 96)
		rr.FillBytes(out[:48])
		ss.FillBytes(out[48:])
		return out, nil
	}
	return nil, fmt.Errorf("issuer: unsupported key type %T", k.signer)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
