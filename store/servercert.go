package store

import (
	"context"
	"time"
)

// ServerCertificate is an uploaded TLS server certificate.
type ServerCertificate struct {
	AccountID        string
	ID               string // ASCA…
	Name             string
	Path             string
	ARN              string
	Body             string
	Chain            string
	SealedPrivateKey []byte
	Expiration       time.Time
	Uploaded         time.Time
}

// ServerCertificates stores server certificates; names are unique per account ignoring case.
type ServerCertificates interface {
	Create(ctx context.Context, c ServerCertificate) error
	Get(ctx context.Context, accountID, name string) (ServerCertificate, error)
	// Update rewrites Name, Path and ARN (UpdateServerCertificate).
	Update(ctx context.Context, c ServerCertificate) error
	Delete(ctx context.Context, id string) error
	List(ctx context.Context, accountID string, o ListOptions) ([]ServerCertificate, bool, error)
}
