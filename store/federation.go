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
