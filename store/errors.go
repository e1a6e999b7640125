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
