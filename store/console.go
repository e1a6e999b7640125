package store

import (
	"context"
	"time"
)

// ConsoleSession is a web console session as the nodes of one store share it: a browser signed
// in through node A is signed in on node B. The cookie's value is the session's capability and
// never stored: only its SHA-256 (IDHash), so a read of the table gives no usable cookie.
type ConsoleSession struct {
	IDHash    string
	AccountID string
	// Data is the console's own record of the session (who, how far the sign-in got, MFA); no
	// secret is in it.
	Data []byte
	// Created and Seen are the sign-in and the last use (idle expiry); Expires is when the row
	// may be deleted whatever its use (the absolute expiry).
	Created, Seen, Expires time.Time
}

// ConsoleFailures is the count of failed console sign-in attempts in a row for one user (or an
// account's root user), shared by the nodes, and until when further attempts are refused.
type ConsoleFailures struct {
	Key   string
	Count int
	Until time.Time
	// Updated is the last failure: counters idle long after their lock are deleted.
	Updated time.Time
}

// ConsoleSessions stores the console's sessions and sign-in failure counters. None of it is a
// change in the feed: no cache reads it.
type ConsoleSessions interface {
	// Put stores a session, replacing one with the same IDHash.
	Put(ctx context.Context, s ConsoleSession) error
	// Get returns a session, ErrNotFound when there is none.
	Get(ctx context.Context, idHash string) (ConsoleSession, error)
	// Touch records a use; ErrNotFound when the session is gone.
	Touch(ctx context.Context, idHash string, seen time.Time) error
	// Delete forgets a session; deleting none is not an error.
	Delete(ctx context.Context, idHash string) error
	// DeleteExpired forgets the sessions that expired before t and the failure counters last
	// updated before idle; it returns how many sessions went.
	DeleteExpired(ctx context.Context, t, idle time.Time) (int, error)
	// Failures returns a counter; a key never counted gives Count 0.
	Failures(ctx context.Context, key string) (ConsoleFailures, error)
	// PutFailures stores a counter, replacing the key's.
	PutFailures(ctx context.Context, f ConsoleFailures) error
	// DeleteFailures resets a counter (a sign-in succeeded).
	DeleteFailures(ctx context.Context, key string) error
}
