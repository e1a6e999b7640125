package store

import "errors"

// Sentinel errors every backend returns, wrapped with context (%w), so services can map them to
// AWS error codes with errors.Is.
var (
	// ErrNotFound: the entity (or the entity a write refers to) does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrAlreadyExists: the write would break a uniqueness rule (a name, an ID, a membership).
	ErrAlreadyExists = errors.New("store: already exists")
	// ErrConflict: the write contradicts the current state, for example deleting the default
	// version of a policy, accepting an MFA code time-step already used, or reading changes the
	// feed has already pruned.
	ErrConflict = errors.New("store: conflict")
	// ErrReadOnly: a write was attempted inside View.
	ErrReadOnly = errors.New("store: write in a read-only transaction")
)

// ErrUnavailable: the database could not be reached or went away mid-transaction (a restart,
// a failover, a broken connection). Nothing the transaction wrote was acknowledged; whether a
// commit that failed this way took effect is unknown, so callers answer with a retryable
// error (503 ServiceUnavailable) rather than success.
var ErrUnavailable = errors.New("store: database unavailable")
