package postgres

import (
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gatehouse-iam/gatehouse/store/sqlstore"
)

// SQLSTATE codes (PostgreSQL documentation, Appendix A "PostgreSQL Error Codes").
const (
	uniqueViolation      = "23505"
	foreignKeyViolation  = "23503"
	serializationFailure = "40001"
	deadlockDetected     = "40P01"
	// Class 08 (connection exception) and these of class 57 (operator intervention) mean the
	// server went away or is not accepting work yet: a restart, a failover, a shutdown.
	adminShutdown   = "57P01"
	crashShutdown   = "57P02"
	cannotConnect   = "57P03"
	databaseDropped = "57P04"
)

// Advisory lock keys: the first of the two 32-bit keys is Gatehouse's namespace, the second
// says what is locked. (Advisory locks are per database, so these never meet another
// database's.)
const (
	lockNamespace = 0x47415445 // "GATE"
	lockMigrate   = 1
	lockSequencer = 2
	lockBootstrap = 3
)

// NotifyChannel is the channel a sequencer notifies after numbering changes; every node
// listens on it.
const NotifyChannel = "gatehouse_changes"

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations returns the PostgreSQL schema migrations, in order.
func Migrations() ([]sqlstore.Migration, error) {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	return sqlstore.LoadMigrations(sub)
}

// Dialect is PostgreSQL's sqlstore.Dialect. Writers run concurrently at READ COMMITTED,
// locking the aggregates they read (FOR NO KEY UPDATE); reads run in one REPEATABLE READ
// snapshot; the change feed is numbered by a sequencer after commit.
func Dialect() sqlstore.Dialect {
	return sqlstore.Dialect{
		Name:                  "postgres",
		WriteTx:               sql.TxOptions{Isolation: sql.LevelReadCommitted},
		ReadTx:                sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
		IsUniqueViolation:     hasCode(uniqueViolation),
		IsForeignKeyViolation: hasCode(foreignKeyViolation),
		IsRetryable:           hasCode(deadlockDetected, serializationFailure),
		IsUnavailable:         isUnavailable,
		Savepoints:            true,
		RowLocks:              "FOR NO KEY UPDATE",
		Sequencer: &sqlstore.Sequencer{
			Lock:   fmt.Sprintf("SELECT pg_advisory_xact_lock(%d, %d)", lockNamespace, lockSequencer),
			Notify: "SELECT pg_notify('" + NotifyChannel + "', $1)",
		},
	}
}

func hasCode(codes ...string) func(error) bool {
	return func(err error) bool {
		var e *pgconn.PgError
		if !errors.As(err, &e) {
			return false
		}
		for _, c := range codes {
			if e.Code == c {
				return true
			}
		}
		return false
	}
}

// isUnavailable reports an error that means the server could not be reached or went away.
func isUnavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case adminShutdown, crashShutdown, cannotConnect, databaseDropped:
			return true
		}
		return len(pe.Code) == 5 && pe.Code[:2] == "08"
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || errors.As(err, &ne) || pgconn.Timeout(err) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || isClosedConn(err)
}

// isClosedConn: pgx reports a statement on a connection that broke earlier as "conn closed".
func isClosedConn(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if e.Error() == "conn closed" {
			return true
		}
	}
	return false
}
