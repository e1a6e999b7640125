package postgres

import (
	"database/sql"
	"embed"
	"errors"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gatehouse-iam/gatehouse/store/sqlstore"
)

// SQLSTATE codes (PostgreSQL documentation, Appendix A "PostgreSQL Error Codes").
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// writeLock serializes writers on the revision row, which every writing Update takes at
// commit anyway; taking it first makes read-modify-write inside Update safe.
const writeLock = `SELECT revision FROM store_state WHERE id = 1 FOR UPDATE`

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

// Dialect is PostgreSQL's sqlstore.Dialect. Reads run in one REPEATABLE READ snapshot.
func Dialect() sqlstore.Dialect {
	return sqlstore.Dialect{
		Name:                  "postgres",
		WriteTx:               sql.TxOptions{Isolation: sql.LevelReadCommitted},
		ReadTx:                sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
		IsUniqueViolation:     hasCode(uniqueViolation),
		IsForeignKeyViolation: hasCode(foreignKeyViolation),
		WriteLock:             writeLock,
		Savepoints:            true,
	}
}

func hasCode(code string) func(error) bool {
	return func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == code
	}
}
