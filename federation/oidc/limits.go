package oidc

import "time"

// Limits. AWS documents the clock skew; the rest are Gatehouse's bounds on the work and memory
// one token or one identity provider may cost.
const (
	// ClockSkew is how far past exp a token is still accepted, and how far in the future nbf and
	// iat may lie: "IAM provides five minutes beyond the expiration time specified in the JWT to
	// account for clock skew" (IAM User Guide, "OIDC federation").
	ClockSkew = 5 * time.Minute

	// MaxTokenBytes bounds a token. The STS model caps WebIdentityToken at 20,000 characters
	// (clientTokenType); a few more bytes do no harm but nothing larger is parsed.
	MaxTokenBytes = 20000

	// MaxDocumentBytes bounds a discovery document or a JWKS read from an issuer.
	MaxDocumentBytes = 512 << 10

	// MaxKeysPerSet bounds the keys kept from one JWKS; real issuers publish 1–10.
	MaxKeysPerSet = 100

	// MinRSABits is the smallest RSA modulus accepted in a JWKS. NIST has disallowed RSA keys
	// below 2048 bits for signatures since 2013, and every OIDC issuer we know publishes 2048 or
	// more.
	MinRSABits = 2048

	// DefaultCacheEntries is how many issuers' key sets a KeyCache keeps (least recently used
	// goes first).
	DefaultCacheEntries = 1024

	// DefaultTTL is how long a key set is kept when the issuer sends no usable max-age;
	// MinTTL and MaxTTL clamp the max-age an issuer asks for.
	DefaultTTL = time.Hour
	MinTTL     = time.Minute
	MaxTTL     = 24 * time.Hour

	// MinRefetchInterval is how often at most an unknown key ID makes the cache refetch one
	// issuer's keys before the cached set expires.
	MinRefetchInterval = 30 * time.Second

	// FetchTimeout bounds one discovery or JWKS request (connect, TLS, headers and body).
	FetchTimeout = 10 * time.Second
)
