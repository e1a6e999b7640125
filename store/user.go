package store

import (
	"context"
	"time"
)

// User is an IAM user.
type User struct {
	AccountID        string
	ID               string // AIDA…
	Name             string
	Path             string
	ARN              string
	Created          time.Time
	PasswordLastUsed time.Time // zero: never
	BoundaryARN      string    // permissions boundary; "" when none
}

// UserDependents counts what IAM requires removed before DeleteUser succeeds.
type UserDependents struct {
	AccessKeys, InlinePolicies, AttachedPolicies, Groups int
	LoginProfile                                         bool
	MFADevices, SigningCertificates, SSHPublicKeys       int
	ServiceCredentials                                   int
}

// Any reports whether anything still depends on the user.
func (d UserDependents) Any() bool { return d != UserDependents{} }

// Users stores IAM users.
type Users interface {
	Create(ctx context.Context, u User) error
	// Get finds a user by name, ignoring case.
	Get(ctx context.Context, accountID, name string) (User, error)
	GetByID(ctx context.Context, id string) (User, error)
	// Update rewrites Name, Path, ARN and BoundaryARN of the user with u.ID.
	Update(ctx context.Context, u User) error
	// RecordPasswordUse sets PasswordLastUsed. Unlike other last-used times it is a change of
	// the user: nodes answer GetUser from their caches, and sign-ins are rare.
	RecordPasswordUse(ctx context.Context, id string, at time.Time) error
	// Delete removes the user and everything that belongs to it (keys, credentials, inline
	// policies, attachments, memberships, tags). Services check Dependents first.
	Delete(ctx context.Context, id string) error
	List(ctx context.Context, accountID string, o ListOptions) ([]User, bool, error)
	Dependents(ctx context.Context, id string) (UserDependents, error)
}
