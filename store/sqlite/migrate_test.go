package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlstore"
)

// TestReopenKeepsData: a file store survives Close, and reopening does not re-run migrations.
func TestReopenKeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx store.Tx) error {
		return tx.Accounts().Create(ctx, store.Account{ID: "123456789012", Created: time.Unix(1, 0)})
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if err := s.View(ctx, func(tx store.Tx) error {
		_, err := tx.Accounts().Get(ctx, "123456789012")
		return err
	}); err != nil {
		t.Errorf("account after reopen: %v", err)
	}
}

func TestOpenSettings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

// TestRefuseNewerSchema: a database migrated by a newer build is not used.
func TestRefuseNewerSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(ctx, dir)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open of a newer schema: %v, want a refusal", err)
	}
}

func TestMigrationsAreNumbered(t *testing.T) {
	t.Parallel()
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("migration %d is %s: versions must run 1, 2, 3, …", i, m.Name)
		}
	}
}

// TestMigrateRollsBackAFailedMigration: a failing migration leaves no trace, and the error
// names it.
func TestMigrateRollsBackAFailedMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(":memory:"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	ms := []sqlstore.Migration{
		{Version: 1, Name: "0001_ok.sql", SQL: "CREATE TABLE a (x INTEGER);"},
		{Version: 2, Name: "0002_bad.sql", SQL: "CREATE TABLE b (x INTEGER); THIS IS NOT SQL;"},
	}
	err = sqlstore.Migrate(ctx, db, Dialect(), ms)
	if err == nil || !strings.Contains(err.Error(), "0002_bad.sql") {
		t.Fatalf("Migrate: %v, want an error naming 0002_bad.sql", err)
	}
	var v int
	if err := db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil || v != 1 {
		t.Errorf("schema version = %d (%v), want 1", v, err)
	}
	var n int
	err = db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'`).Scan(&n)
	if err != nil || n != 0 {
		t.Errorf("table of the failed migration exists (%d, %v)", n, err)
	}
}

func TestDialectClassifiesErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(":memory:"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE p (id TEXT PRIMARY KEY, u TEXT UNIQUE)`,
		`CREATE TABLE c (p TEXT REFERENCES p (id))`,
		`INSERT INTO p VALUES ('a', 'x')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	d := Dialect()
	tests := []struct {
		name         string
		q            string
		unique, fkey bool
	}{
		{"primary key", `INSERT INTO p VALUES ('a', 'y')`, true, false},
		{"unique", `INSERT INTO p VALUES ('b', 'x')`, true, false},
		{"foreign key", `INSERT INTO c VALUES ('zz')`, false, true},
		{"syntax", `INSERT INTO nowhere VALUES (1)`, false, false},
	}
	for _, tc := range tests {
		_, err := db.ExecContext(ctx, tc.q)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if got := d.IsUniqueViolation(err); got != tc.unique {
			t.Errorf("%s: IsUniqueViolation = %v", tc.name, got)
		}
		if got := d.IsForeignKeyViolation(fmtWrap(err)); got != tc.fkey {
			t.Errorf("%s: IsForeignKeyViolation = %v", tc.name, got)
		}
	}
}

// fmtWrap wraps err as callers do, to check classification sees through wrapping.
func fmtWrap(err error) error { return errors.Join(errors.New("context"), err) }
