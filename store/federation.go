package store

import (
	"context"
	"time"
)

// OIDCProvider is an IAM OpenID Connect identity provider.
type OIDCProvider struct {
	ARN         string
	AccountID   string
	URL         string
	ClientIDs   []string
	Thumbprints []string
	Created     time.Time
}

// OIDCProviders stores OIDC providers; the ARN is the key.
type OIDCProviders interface {
	Create(ctx context.Context, p OIDCProvider) error
	Get(ctx context.Context, arn string) (OIDCProvider, error)
	// Update rewrites ClientIDs and Thumbprints.
	Update(ctx context.Context, p OIDCProvider) error
	Delete(ctx context.Context, arn string) error
	// List returns all of an account's providers by ARN (IAM does not paginate them).
	List(ctx context.Context, accountID string) ([]OIDCProvider, error)
}

// SAMLProvider is an IAM SAML 2.0 identity provider.
type SAMLProvider struct {
	ARN              string
	AccountID        string
	Name             string
	UUID             string // SAMLProviderUUID
	MetadataDocument string
	ValidUntil       time.Time
	Created          time.Time
	// AssertionEncryptionMode is "Allowed" or "Required"; "" when unset.
	AssertionEncryptionMode string
	PrivateKeys             []SAMLPrivateKey
}

// SAMLPrivateKey is a private key for decrypting SAML assertions.
type SAMLPrivateKey struct {
	KeyID     string
	Timestamp time.Time
	Sealed    []byte
}

// SAMLProviders stores SAML providers; the ARN is the key.
type SAMLProviders interface {
	Create(ctx context.Context, p SAMLProvider) error
	Get(ctx context.Context, arn string) (SAMLProvider, error)
	// Update rewrites MetadataDocument, ValidUntil, AssertionEncryptionMode and PrivateKeys.
	Update(ctx context.Context, p SAMLProvider) error
	Delete(ctx context.Context, arn string) error
	List(ctx context.Context, accountID string) ([]SAMLProvider, error)
}

// OutboundIssuer is an account's issuer of outbound web identity federation tokens
// (GetWebIdentityToken): its URL, the URL's last path segment that names it (IssuerID, unique
// across accounts, how the discovery and JWKS endpoints find it) and its signing keys, sealed by
// the caller as one value (nil before the first key). Migration 0008.
type OutboundIssuer struct {
	AccountID string
	IssuerID  string
	URL       string
	Keys      []byte
	Updated   time.Time
}

// OutboundIssuers stores outbound issuers, one per account. They are not in the change feed:
// readers compare the keys they hold with the stored ones.
type OutboundIssuers interface {
	// Get reads an account's issuer; ErrNotFound if it has none.
	Get(ctx context.Context, accountID string) (OutboundIssuer, error)
	// Find reads the issuer named issuerID; ErrNotFound if none is.
	Find(ctx context.Context, issuerID string) (OutboundIssuer, error)
	// Put creates or rewrites the account's issuer; ErrAlreadyExists if another account's
	// issuer has its IssuerID.
	Put(ctx context.Context, i OutboundIssuer) error
}

// RolesAnywhereKind says which kind of IAM Roles Anywhere resource a record is.
type RolesAnywhereKind uint8

// The Roles Anywhere resources.
const (
	RolesAnywhereTrustAnchor RolesAnywhereKind = iota
	RolesAnywhereProfile
	RolesAnywhereCRL
	RolesAnywhereSubject
)

// RolesAnywhereRecord is an IAM Roles Anywhere resource: the keys the store looks up and orders
// by (its UUID) and Body, the Roles Anywhere service's own encoding of everything else. The store
// keeps bodies as given.
type RolesAnywhereRecord struct {
	AccountID string
	Kind      RolesAnywhereKind
	ID        string
	Name      string
	Created   time.Time
	Updated   time.Time
	Body      []byte
}

// RolesAnywhere stores IAM Roles Anywhere's trust anchors, profiles, CRLs and subjects
// (migration 0008), keyed by account, kind and ID. Deleting an account deletes its records. They
// are not in the change feed: no cache reads them.
type RolesAnywhere interface {
	// Create adds a record; ErrAlreadyExists if its ID is taken.
	Create(ctx context.Context, r RolesAnywhereRecord) error
	// Get reads one record; ErrNotFound if missing.
	Get(ctx context.Context, kind RolesAnywhereKind, accountID, id string) (RolesAnywhereRecord, error)
	// Update rewrites Name, Updated and Body; ErrNotFound if missing.
	Update(ctx context.Context, r RolesAnywhereRecord) error
	// Delete removes a record; ErrNotFound if missing.
	Delete(ctx context.Context, kind RolesAnywhereKind, accountID, id string) error
	// List returns up to limit (≤ 0: all) of an account's records of a kind ordered by ID,
	// starting after the ID after ("" from the first).
	List(ctx context.Context, kind RolesAnywhereKind, accountID, after string, limit int) ([]RolesAnywhereRecord, error)
}
