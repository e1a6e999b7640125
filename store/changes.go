package store

import (
	"context"
	"time"
)

// Change says that one entity changed at a revision. Kind documents what Key holds.
type Change struct {
	Revision  int64
	AccountID string
	Kind      Kind
	Key       string
	// Written is when the write was made, by the writing node's clock (feed lag is measured
	// from it).
	Written time.Time
}

// ChangeFeed lets a node's caches catch up with writes made anywhere.
//
// Every Update that writes gets a revision once it commits: at once where one writer runs at a
// time (SQLite), right after its commit where writers run concurrently (PostgreSQL: see
// sqlstore.Sequencer). Revisions become visible in increasing order, so a reader that has
// applied everything up to revision r and then reads ChangesSince(r) misses nothing. Writes that never affect an authorization
// decision are not changes: last-used times (RecordUse; RecordPasswordUse is one, because GetUser reads cached users), MFA time-steps,
// password history, credential reports and access-advisor data. Deleting an entity records
// it and the access keys it owned; deleting an account records only the account.
type ChangeFeed interface {
	// LatestRevision is the revision of the last committed write, 0 before any.
	LatestRevision(ctx context.Context) (int64, error)
	// ChangesSince returns up to limit changes with revisions after rev, oldest first, and
	// whether more exist. Changes of one revision are never split across pages unless one
	// revision alone exceeds limit. It fails with ErrConflict when changes after rev were
	// pruned: the caller must reload everything.
	ChangesSince(ctx context.Context, rev int64, limit int) ([]Change, bool, error)
	// Prune forgets the changes of revisions up to and including through.
	Prune(ctx context.Context, through int64) error
	// Head returns the newest change (of the highest revision); when the feed holds none, a
	// Change with only Revision set, to LatestRevision.
	Head(ctx context.Context) (Change, error)
	// RevisionBefore returns the highest revision whose changes were all written before t, 0
	// when there is none: what a pruner may forget to keep the changes of the last while.
	RevisionBefore(ctx context.Context, t time.Time) (int64, error)
}
