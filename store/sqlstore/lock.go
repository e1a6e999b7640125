package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Per-aggregate locking. Where writers run concurrently (PostgreSQL), a write transaction that
// reads an aggregate — an account, a user, a group, a role, a policy, a provider… — locks the
// aggregate's root row until it commits: the Get methods read the root row with the dialect's
// RowLocks clause, and the methods that count or list what an aggregate owns (its access keys,
// versions, attachments, tags, memberships) lock the owner's root row before they read. So the
// read-check-write sequences of the services (at most 2 access keys, 5 policy versions, 10
// attached policies, 50 tags; nothing left attached to a policy being deleted; a read,
// modified and rewritten entity) run one at a time per aggregate, and writes to different
// aggregates never wait for each other. Name uniqueness needs no lock: unique indexes enforce
// it. Account-wide quotas (users, roles, policies per account) read Accounts().Summary, which
// locks the account row: creations of those entities are serialized per account.
//
// The lock level is PostgreSQL's FOR NO KEY UPDATE, which conflicts with itself and with
// deletion but not with the KEY SHARE locks that inserting a row referencing the aggregate
// takes for its foreign key, so holding an aggregate never blocks writers of other aggregates
// that merely point at it. Two writers that lock two aggregates in opposite orders deadlock;
// the database rolls one back and Update runs its closure again (Dialect.IsRetryable).
//
// SQLite has one writer at a time; RowLocks is "" and locking is a no-op.

// lockKey names a locked row.
type lockKey struct{ table, col, key string }

// rowLocks reports whether reads in this transaction lock what they read.
func (t *tx) rowLocks() bool { return !t.readOnly && t.d.RowLocks != "" }

// forUpdate is the clause that ends a single-table SELECT of a root row: the dialect's row
// lock inside Update, nothing otherwise.
func (t *tx) forUpdate() string {
	if !t.rowLocks() {
		return ""
	}
	return " " + t.d.RowLocks
}

// forUpdateOf is forUpdate for a SELECT that joins other tables: only alias's row is locked.
func (t *tx) forUpdateOf(alias string) string {
	if !t.rowLocks() {
		return ""
	}
	return " " + t.d.RowLocks + " OF " + alias
}

// markLocked records that a read with forUpdate locked the row of table whose col is key.
func (t *tx) markLocked(table, col, key string) {
	if !t.rowLocks() {
		return
	}
	if t.locked == nil {
		t.locked = make(map[lockKey]struct{})
	}
	t.locked[lockKey{table, col, key}] = struct{}{}
}

// lock locks the root row of table whose col is key until commit (once per transaction),
// and reports whether the row exists. Outside Update, or where writers never run
// concurrently, it only reports that the row may exist (true) without reading it.
func (t *tx) lock(ctx context.Context, table, col, key string) (bool, error) {
	if !t.rowLocks() {
		return true, nil
	}
	k := lockKey{table, col, key}
	if _, ok := t.locked[k]; ok {
		return true, nil
	}
	var one int
	err := t.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE `+col+` = $1 `+t.d.RowLocks, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, t.mapErr(fmt.Sprintf("locking %s %s", table, key), err)
	}
	t.markLocked(table, col, key)
	return true, nil
}

// lockOwner locks the owner of credentials: the user, or for userID "" the account whose
// root user owns them.
func (t *tx) lockOwner(ctx context.Context, accountID, userID string) error {
	var err error
	if userID == "" {
		_, err = t.lock(ctx, "accounts", "id", accountID)
	} else {
		_, err = t.lock(ctx, "users", "id", userID)
	}
	return err
}

// lockPrincipal locks a user, group or role.
func (t *tx) lockPrincipal(ctx context.Context, p store.Principal) error {
	if !t.rowLocks() {
		return nil
	}
	table, err := principalTable(p.Kind)
	if err != nil {
		return err
	}
	_, err = t.lock(ctx, table, "id", p.ID)
	return err
}

// lockErr keeps the error of lock and drops whether the row exists (the caller's own read
// reports a missing entity).
func (t *tx) lockErr(_ bool, err error) error { return err }
