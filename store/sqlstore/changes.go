package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// changeRowsPerInsert bounds one multi-row INSERT of changes: 7 parameters a row stays far
// below SQLite's default limit of 32766 host parameters (SQLITE_MAX_VARIABLE_NUMBER).
const changeRowsPerInsert = 500

// recordChanges stores this transaction's changes under a writer ID of its own. Where one
// writer runs at a time it also numbers them with the next revision; otherwise they wait,
// unnumbered, for Store.Sequence after the commit, so no row is locked by every writer.
func (t *tx) recordChanges(ctx context.Context) error {
	writer := rand.Int64()
	var rev any // NULL: numbered by the sequencer
	if t.d.Sequencer == nil {
		var r int64
		if err := t.writeRow(ctx, "change feed", `UPDATE store_state SET revision = revision + 1 WHERE id = 1 RETURNING revision`,
			nil, &r); err != nil {
			return err
		}
		rev = r
	}
	written := time.Now().UnixNano()
	for start := 0; start < len(t.changes); start += changeRowsPerInsert {
		end := min(start+changeRowsPerInsert, len(t.changes))
		q := newQB(`INSERT INTO changes (writer, seq, revision, written, account_id, kind, entity_key) VALUES `)
		for i := start; i < end; i++ {
			if i > start {
				q.WriteString(", ")
			}
			c := t.changes[i]
			q.add("(?, ?, ?, ?, ?, ?, ?)", writer, i, rev, written, c.AccountID, string(c.Kind), c.Key)
		}
		if _, err := t.exec(ctx, "change feed", q.String(), q.args...); err != nil {
			return err
		}
	}
	return nil
}

type changeFeed struct{ t *tx }

func (f changeFeed) LatestRevision(ctx context.Context) (int64, error) {
	var rev int64
	err := f.t.one(ctx, "change feed", `SELECT revision FROM store_state WHERE id = 1`, nil, &rev)
	return rev, err
}

const changeCols = `revision, account_id, kind, entity_key, written`

func scanChange(r rowScanner) (store.Change, error) {
	var c store.Change
	var kind string
	err := r.Scan(&c.Revision, &c.AccountID, &kind, &c.Key, nt{&c.Written})
	c.Kind = store.Kind(kind)
	return c, err
}

func (f changeFeed) ChangesSince(ctx context.Context, rev int64, pageSize int) ([]store.Change, bool, error) {
	var pruned int64
	if err := f.t.one(ctx, "change feed", `SELECT pruned_through FROM store_state WHERE id = 1`, nil, &pruned); err != nil {
		return nil, false, err
	}
	if rev < pruned {
		return nil, false, fmt.Errorf("changes after revision %d: pruned through %d: %w", rev, pruned, store.ErrConflict)
	}
	n := limit(pageSize)
	cs, err := list(ctx, f.t, "change feed", newQB(`SELECT `+changeCols+` FROM changes
		WHERE revision > $1 ORDER BY revision, seq LIMIT $2`, rev, n+1), scanChange)
	if err != nil {
		return nil, false, err
	}
	if len(cs) <= n {
		return cs, false, nil
	}
	// Never end a page inside a revision: drop its partial tail, or, if one revision fills
	// the whole page, return all of that revision.
	cut := cs[n].Revision
	i := n
	for i > 0 && cs[i-1].Revision == cut {
		i--
	}
	if i > 0 {
		return cs[:i], true, nil
	}
	cs, err = list(ctx, f.t, "change feed", newQB(`SELECT `+changeCols+` FROM changes
		WHERE revision = $1 ORDER BY seq`, cut), scanChange)
	if err != nil {
		return nil, false, err
	}
	more, err := f.t.count(ctx, "change feed", `SELECT COUNT(*) FROM (SELECT 1 FROM changes WHERE revision > $1 LIMIT 1) x`, cut)
	return cs, more > 0, err
}

func (f changeFeed) Prune(ctx context.Context, through int64) error {
	if _, err := f.t.exec(ctx, "change feed", `DELETE FROM changes WHERE revision <= $1`, through); err != nil {
		return err
	}
	_, err := f.t.exec(ctx, "change feed", `UPDATE store_state SET pruned_through =
		CASE WHEN $1 > revision THEN revision WHEN $1 > pruned_through THEN $1 ELSE pruned_through END
		WHERE id = 1`, through)
	return err
}

func (f changeFeed) Head(ctx context.Context) (store.Change, error) {
	c, err := scanChange(f.t.queryRow(ctx, `SELECT `+changeCols+` FROM changes
		WHERE revision = (SELECT revision FROM store_state WHERE id = 1) ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		rev, err := f.LatestRevision(ctx)
		return store.Change{Revision: rev}, err
	}
	if err != nil {
		return c, f.t.mapErr("change feed", err)
	}
	return c, nil
}

func (f changeFeed) RevisionBefore(ctx context.Context, t time.Time) (int64, error) {
	// The oldest revision written at or after t bounds the answer; without one, every
	// numbered change is older.
	var rev int64
	err := f.t.one(ctx, "change feed", `SELECT COALESCE(
		(SELECT MIN(revision) - 1 FROM changes WHERE revision IS NOT NULL AND written >= $1),
		(SELECT revision FROM store_state WHERE id = 1))`, []any{t.UnixNano()}, &rev)
	return rev, err
}
