package sqlstore

import (
	"context"
	"fmt"
	"strconv"
)

// Sequencer is how a database with concurrent writers numbers the change feed (PostgreSQL).
//
// A revision counter that every writer increments inside its own transaction is one row every
// write locks until it commits: writers queue on it, commit after commit. Instead, each write
// transaction stores its changes with no revision, under a random writer ID of its own, and
// commits. Sequence then runs in a short transaction of its own: under a lock that only
// sequencers take, it gives every committed, unnumbered writer the next revision (in the order
// they were written) and advances store_state.revision, all in one commit. Sequencers run one
// at a time and each sees every write committed before it took the lock, so revisions become
// visible in increasing order and a reader that has applied revision r misses nothing by
// reading past r. A batch of concurrent writers is numbered by one sequencer; the others find
// nothing left to do and commit without writing.
//
// Update runs Sequence right after a commit that recorded changes, so a write's own node sees
// it at once; a writer that dies between its commit and Sequence leaves its changes to the
// next sequencer (every node's feed follower runs one each poll).
type Sequencer struct {
	// Lock is the statement that takes the sequencers' lock until commit (PostgreSQL: a
	// transaction-scoped advisory lock).
	Lock string
	// Notify, if set, tells other nodes that revisions up to $1 exist (PostgreSQL: pg_notify
	// on the channel the nodes LISTEN on). It is sent only when the sequencer commits.
	Notify string
}

// sequenceSQL numbers every committed writer that has none, oldest first, and returns the new
// head revision and how many writers it numbered. With nothing to number it writes nothing.
const sequenceSQL = `WITH pending AS (
		SELECT writer, ROW_NUMBER() OVER (ORDER BY MIN(written), writer) AS n
		FROM changes WHERE revision IS NULL GROUP BY writer),
	head AS (
		UPDATE store_state SET revision = revision + (SELECT COUNT(*) FROM pending)
		WHERE id = 1 AND EXISTS (SELECT 1 FROM pending)
		RETURNING revision - (SELECT COUNT(*) FROM pending) AS base, revision),
	numbered AS (
		UPDATE changes c SET revision = head.base + p.n FROM pending p, head
		WHERE c.writer = p.writer AND c.revision IS NULL
		RETURNING c.writer)
	SELECT COALESCE((SELECT revision FROM head), 0), (SELECT COUNT(DISTINCT writer) FROM numbered)`

// pendingSQL tells cheaply, without any lock, whether a sequencer has work.
const pendingSQL = `SELECT EXISTS (SELECT 1 FROM changes WHERE revision IS NULL)`

// Sequence gives revisions to the changes of committed writes that have none and returns how
// many writes it numbered. It does nothing on a dialect without a Sequencer.
func (s *Store) Sequence(ctx context.Context) (int, error) {
	sq := s.d.Sequencer
	if sq == nil {
		return 0, nil
	}
	var pending bool
	if err := s.write.QueryRowContext(ctx, pendingSQL).Scan(&pending); err != nil {
		return 0, s.classify(fmt.Errorf("change feed: %w", err))
	}
	if !pending {
		return 0, nil
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.classify(fmt.Errorf("change feed: %w", err))
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, sq.Lock); err != nil {
		return 0, s.classify(fmt.Errorf("change feed: sequencer lock: %w", err))
	}
	var head int64
	var n int
	if err := tx.QueryRowContext(ctx, sequenceSQL).Scan(&head, &n); err != nil {
		return 0, s.classify(fmt.Errorf("change feed: numbering: %w", err))
	}
	if n > 0 && sq.Notify != "" {
		if _, err := tx.ExecContext(ctx, sq.Notify, strconv.FormatInt(head, 10)); err != nil {
			return 0, s.classify(fmt.Errorf("change feed: notify: %w", err))
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, s.classify(fmt.Errorf("change feed: commit: %w", err))
	}
	return n, nil
}
