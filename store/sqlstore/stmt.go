package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxCachedStatements bounds the prepared statements kept per pool. The store's queries are
// a fixed set of a few hundred texts; the few built with a variable number of placeholders
// (IN lists, multi-row inserts) past the bound simply run unprepared.
const maxCachedStatements = 1024

// stmtCache keeps each query text prepared once per pool; database/sql then prepares it once
// per connection and reuses it (Tx.StmtContext), so a driver that would otherwise parse the
// SQL on every call (modernc SQLite) parses it once.
type stmtCache struct {
	db     *sql.DB
	mu     sync.RWMutex
	m      map[string]*sql.Stmt // nil value: being prepared, or failed to prepare
	closed bool
	wg     sync.WaitGroup
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: make(map[string]*sql.Stmt)}
}

// get returns the prepared statement for q, or nil when q is not prepared yet: the caller
// runs it unprepared this time. A miss prepares q in the background, on a connection of the
// pool once one is free — never on the caller's, which its transaction holds (a pool of one
// connection would otherwise wait for itself).
func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[q]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[q]; ok || c.closed || len(c.m) >= maxCachedStatements {
		return c.m[q]
	}
	c.m[q] = nil // pending
	c.wg.Go(func() {
		st, err := c.db.PrepareContext(context.Background(), q)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err != nil || c.closed {
			if st != nil {
				st.Close()
			}
			return // stays nil: the query runs unprepared
		}
		c.m[q] = st
	})
	return nil
}

// close closes every prepared statement, once the pending ones are done. It must run before
// the pool closes.
func (c *stmtCache) close() error {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for q, st := range c.m {
		if st != nil {
			err = errors.Join(err, st.Close())
		}
		delete(c.m, q)
	}
	return err
}

// stmt returns q prepared on this transaction's connection, or nil to run q unprepared.
func (t *tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	st := t.stmts.get(q)
	if st == nil {
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

// The three ways of running SQL inside a transaction; every query of the store goes through
// them, so statement caching and error bookkeeping live in one place.

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *tx) execRaw(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}
