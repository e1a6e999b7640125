package keyring

import (
	"errors"
	"fmt"
)

// Errors from Open, wrapped with the detail of each case; test with errors.Is.
var (
	// ErrMalformed: the value is not a sealed envelope this version can read.
	ErrMalformed = errors.New("keyring: not a sealed value")
	// ErrUnknownKey: the value names a key ID this keyring does not hold (removed by rotation,
	// or sealed by another deployment).
	ErrUnknownKey = errors.New("keyring: sealed under a key this keyring does not hold")
	// ErrAuthentication: the value was altered, or opened with other associated data than it
	// was sealed with.
	ErrAuthentication = errors.New("keyring: sealed value failed authentication")
)

// SpecError is a malformed master key, in GATEHOUSE_MASTER_KEY or the key file. It never
// contains key material.
type SpecError struct {
	Source string // EnvVar, or the key file's path
	Entry  int    // 1-based position of the offending key; 0 when about the whole list
	Reason string
}

func (e *SpecError) Error() string {
	if e.Entry == 0 {
		return fmt.Sprintf("keyring: %s: %s", e.Source, e.Reason)
	}
	return fmt.Sprintf("keyring: %s: key %d: %s", e.Source, e.Entry, e.Reason)
}
