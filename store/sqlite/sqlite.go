package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/gatehouse-iam/gatehouse/store/sqlstore"
)

// FileName is the database file inside the data directory.
const FileName = "gatehouse.db"

const (
	// busyTimeout is how long a connection waits for a lock another process (an admin
	// command, a backup) holds before failing with SQLITE_BUSY. Our own writers never wait
	// on each other inside SQLite: they share one connection.
	busyTimeout = 10 * time.Second
	// readConns bounds concurrent readers; WAL readers do not block the writer or each other.
	readConns = 8
	// writeCache is the writer's page cache, 32 MiB instead of SQLite's 2 MiB: the usage flush of
	// a busy second writes a few thousand rows scattered over a large database in one
	// transaction, whose pages then stay in the cache instead of spilling into the WAL before
	// the commit and being read again. Readers keep the default (a larger cache was measured
	// to gain them nothing: the operating system caches the file).
	writeCache = "cache_size(-32768)"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations returns the SQLite schema migrations, in order.
func Migrations() ([]sqlstore.Migration, error) {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	return sqlstore.LoadMigrations(sub)
}

// Dialect is SQLite's sqlstore.Dialect.
func Dialect() sqlstore.Dialect {
	return sqlstore.Dialect{
		Name:                  "sqlite",
		ReadTx:                sql.TxOptions{ReadOnly: true},
		IsUniqueViolation:     hasCode(sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY),
		IsForeignKeyViolation: hasCode(sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY),
		CacheStatements:       true,
	}
}

func hasCode(codes ...int) func(error) bool {
	return func(err error) bool {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return false
		}
		for _, c := range codes {
			if e.Code() == c {
				return true
			}
		}
		return false
	}
}

// dsn builds a modernc DSN for path with the pragmas every connection needs.
func dsn(path string, extra ...string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(busyTimeout.Milliseconds(), 10)+")")
	q.Add("_pragma", "foreign_keys(1)")
	for _, p := range extra {
		q.Add("_pragma", p)
	}
	return path + "?" + q.Encode()
}

// Open opens (creating if needed) the database in dataDir and brings its schema up to date.
func Open(ctx context.Context, dataDir string) (*sqlstore.Store, error) {
	return open(ctx, dataDir, Dialect())
}

func open(ctx context.Context, dataDir string, d sqlstore.Dialect) (*sqlstore.Store, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: data directory: %w", err)
	}
	path := filepath.Join(dataDir, FileName)
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: data directory %q: '?' and '#' are not allowed", dataDir)
	}
	// Create the file private to its owner before SQLite creates it world-readable.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}

	write, err := sql.Open("sqlite", dsn(path, "journal_mode(WAL)", "synchronous(FULL)", writeCache)+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, err
	}

	read, err := sql.Open("sqlite", dsn(path, "query_only(1)"))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	read.SetMaxOpenConns(readConns)
	read.SetMaxIdleConns(readConns)
	return sqlstore.New(write, read, d, nil), nil
}

// OpenMemory opens a new, private in-memory database that vanishes on Close (--ephemeral). It
// lives in SQLite's memdb VFS under a random name, so, as with a file, one writer connection
// and a pool of query-only readers share it: reads do not queue behind each other or behind a
// write in progress (memdb has no WAL: a commit waits for the reads running at that moment).
// The writer connection is never closed before Close, which keeps the database alive.
func OpenMemory(ctx context.Context) (*sqlstore.Store, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	name := "file:/gatehouse-" + hex.EncodeToString(b[:])
	write, err := sql.Open("sqlite", memDSN(name)+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", memDSN(name, "query_only(1)"))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	read.SetMaxOpenConns(readConns)
	read.SetMaxIdleConns(readConns)
	return sqlstore.New(write, read, Dialect(), nil), nil
}

// memDSN is dsn for a database in the memdb VFS.
func memDSN(name string, extra ...string) string {
	return dsn(name, extra...) + "&vfs=memdb"
}

func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := Migrations()
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if err := sqlstore.Migrate(ctx, db, Dialect(), ms); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}
