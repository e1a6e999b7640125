package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/gatehouse-iam/gatehouse/store/sqlstore"
)

const (
	// defaultMaxConns is the pool size when the URL has no pool_max_conns: enough for the
	// concurrent requests of one node on a small machine plus the feed follower.
	defaultMaxConns = 32
	// connectTimeout bounds one connection attempt when the URL has no connect_timeout, so a
	// request during an outage fails fast with ServiceUnavailable instead of hanging.
	connectTimeout = 5 * time.Second
	// listenRetryMax is the longest wait between attempts to re-establish LISTEN.
	listenRetryMax = 5 * time.Second
)

// Store is the PostgreSQL backend: the shared SQL implementation over a pgx pool, plus what
// many nodes on one database need — change notifications, a lock for one-time start-up work.
type Store struct {
	*sqlstore.Store
	pool *pgxpool.Pool
	log  *slog.Logger
}

// Open connects to the database at url (a postgres:// URL or key=value string, as libpq takes
// it), serializes schema migrations between nodes with an advisory lock, and brings the schema
// up to date. Any number of nodes may open an empty database at once. log may be nil.
func Open(ctx context.Context, url string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: database URL: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = defaultMaxConns
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	db.SetMaxOpenConns(int(cfg.MaxConns))
	db.SetMaxIdleConns(int(cfg.MaxConns))
	if err := migrate(ctx, db); err != nil {
		db.Close()
		pool.Close()
		return nil, err
	}
	s := &Store{pool: pool, log: log}
	s.Store = sqlstore.New(db, db, Dialect(), func() error { pool.Close(); return nil })
	return s, nil
}

// migrate applies the migrations while holding a session advisory lock on one connection, so
// nodes starting together take turns: the first migrates, the others find nothing to do.
func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := Migrations()
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1, $2)`, lockNamespace, lockMigrate); err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, $2)`, lockNamespace, lockMigrate)
	}()
	if err := sqlstore.Migrate(ctx, conn, Dialect(), ms); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// Exclusive runs fn while holding the database-wide start-up lock, so one-time work that
// several nodes starting together would otherwise all do (creating the first account) is
// done by the first and found by the others.
func (s *Store) Exclusive(ctx context.Context, fn func(ctx context.Context) error) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, $2)`, lockNamespace, lockBootstrap); err != nil {
		return fmt.Errorf("postgres: start-up lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, $2)`, lockNamespace, lockBootstrap)
	}()
	return fn(ctx)
}

// Notifications returns a channel that receives a value soon after any node numbers new
// changes (LISTEN on NotifyChannel over a connection of its own), and once each time the
// connection is (re)established, since notifications sent while it was down are lost. Sends
// never block: a pending value stands for any number of notifications. The channel is closed
// when ctx is done.
func (s *Store) Notifications(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	go func() {
		defer close(ch)
		wait := 100 * time.Millisecond
		for ctx.Err() == nil {
			err := s.listen(ctx, ch)
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("postgres: listening for changes; retrying", "error", err, "in", wait)
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, listenRetryMax)
		}
	}()
	return ch
}

// listen holds one LISTEN connection until it fails or ctx is done.
func (s *Store) listen(ctx context.Context, ch chan<- struct{}) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+NotifyChannel); err != nil {
		return err
	}
	wake(ch)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		}
		wake(ch)
	}
}

func wake(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
