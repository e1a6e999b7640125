package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// consoleSessions are the console's shared sessions and sign-in failure counters (migration
// 0011). Not changes: nothing caches them.
type consoleSessions struct{ t *tx }

func (s consoleSessions) Put(ctx context.Context, cs store.ConsoleSession) error {
	_, err := s.t.exec(ctx, "console session", `INSERT INTO console_sessions
		(id_hash, account_id, data, created, seen, expires) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (id_hash) DO UPDATE SET account_id = excluded.account_id, data = excluded.data,
		created = excluded.created, seen = excluded.seen, expires = excluded.expires`,
		cs.IDHash, cs.AccountID, cs.Data, tsNN(cs.Created), tsNN(cs.Seen), tsNN(cs.Expires))
	return err
}

func (s consoleSessions) Get(ctx context.Context, idHash string) (store.ConsoleSession, error) {
	cs := store.ConsoleSession{IDHash: idHash}
	err := s.t.one(ctx, "console session", `SELECT account_id, data, created, seen, expires
		FROM console_sessions WHERE id_hash = $1`, []any{idHash},
		&cs.AccountID, &cs.Data, nt{&cs.Created}, nt{&cs.Seen}, nt{&cs.Expires})
	return cs, err
}

func (s consoleSessions) Touch(ctx context.Context, idHash string, seen time.Time) error {
	return s.t.execOne(ctx, "console session", `UPDATE console_sessions SET seen = $2 WHERE id_hash = $1`,
		idHash, tsNN(seen))
}

func (s consoleSessions) Delete(ctx context.Context, idHash string) error {
	_, err := s.t.exec(ctx, "console session", `DELETE FROM console_sessions WHERE id_hash = $1`, idHash)
	return err
}

func (s consoleSessions) DeleteExpired(ctx context.Context, t, idle time.Time) (int, error) {
	res, err := s.t.exec(ctx, "console sessions", `DELETE FROM console_sessions WHERE expires < $1`, tsNN(t))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("console sessions: %w", err)
	}
	_, err = s.t.exec(ctx, "console sign-in failures", `DELETE FROM console_failures WHERE updated < $1`, tsNN(idle))
	return int(n), err
}

func (s consoleSessions) Failures(ctx context.Context, key string) (store.ConsoleFailures, error) {
	f := store.ConsoleFailures{Key: key}
	err := s.t.one(ctx, "console sign-in failures", `SELECT failures, until, updated FROM console_failures
		WHERE key = $1`, []any{key}, &f.Count, nt{&f.Until}, nt{&f.Updated})
	if errors.Is(err, store.ErrNotFound) {
		return store.ConsoleFailures{Key: key}, nil
	}
	return f, err
}

func (s consoleSessions) PutFailures(ctx context.Context, f store.ConsoleFailures) error {
	_, err := s.t.exec(ctx, "console sign-in failures", `INSERT INTO console_failures (key, failures, until, updated)
		VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
		until = excluded.until, updated = excluded.updated`, f.Key, f.Count, tsNN(f.Until), tsNN(f.Updated))
	return err
}

func (s consoleSessions) DeleteFailures(ctx context.Context, key string) error {
	_, err := s.t.exec(ctx, "console sign-in failures", `DELETE FROM console_failures WHERE key = $1`, key)
	return err
}
