package store

import "context"

// Change says that one entity changed at a revision. Kind documents what Key holds.
type Change struct {
	Revision  int64
	AccountID string
	Kind      Kind
	Key       string
}

// ChangeFeed lets a node's caches catch up with writes made anywhere.
//
// Every Update that writes gets the next revision when it commits; revisions are strictly
// increasing in commit order, so a reader that has applied everything up to revision r and
// then reads ChangesSince(r) misses nothing. Writes that never affect an authorization
// decision are not changes: last-used times (RecordUse, RecordPasswordUse), MFA time-steps,
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
}
