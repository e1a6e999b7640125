package store

import (
	"context"
	"time"
)

// Access key statuses, as IAM spells them.
const (
	StatusActive   = "Active"
	StatusInactive = "Inactive"
)

// AccessKey is a long-term access key of a user or of an account's root user.
type AccessKey struct {
	ID        string // AKIA…
	AccountID string
	UserID    string // "" for the account's root user
	// UserName is filled on reads from the owning user ("" for root); it is not written.
	UserName     string
	Status       string
	SealedSecret []byte // the secret access key, sealed by the service; opaque here
	Created      time.Time
	LastUsed     AccessKeyUse
}

// AccessKeyUse is what GetAccessKeyLastUsed reports. A zero When means never used.
type AccessKeyUse struct {
	When    time.Time
	Service string
	Region  string
}

// AccessKeys stores access keys. Get is on the hot path of every request: one indexed read.
type AccessKeys interface {
	Create(ctx context.Context, k AccessKey) error
	Get(ctx context.Context, id string) (AccessKey, error)
	// ListForUser lists the keys of a user (userID "" for the account's root user), ordered
	// by ID; After is a key ID.
	ListForUser(ctx context.Context, accountID, userID string, o ListOptions) ([]AccessKey, bool, error)
	CountForUser(ctx context.Context, accountID, userID string) (int, error)
	UpdateStatus(ctx context.Context, id, status string) error
	// RecordUse stores the last use; it is usage data, not a change.
	RecordUse(ctx context.Context, id string, use AccessKeyUse) error
	Delete(ctx context.Context, id string) error
}
