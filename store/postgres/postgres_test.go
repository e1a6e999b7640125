package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/store"
	sqlite "github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/store/storetest"
)

func TestDialectClassifiesErrors(t *testing.T) {
	t.Parallel()
	d := Dialect()
	tests := []struct {
		name         string
		err          error
		unique, fkey bool
	}{
		{"unique", &pgconn.PgError{Code: "23505"}, true, false},
		{"wrapped unique", fmt.Errorf("insert: %w", &pgconn.PgError{Code: "23505"}), true, false},
		{"foreign key", &pgconn.PgError{Code: "23503"}, false, true},
		{"check", &pgconn.PgError{Code: "23514"}, false, false},
		{"other", errors.New("connection reset"), false, false},
	}
	for _, tc := range tests {
		if got := d.IsUniqueViolation(tc.err); got != tc.unique {
			t.Errorf("%s: IsUniqueViolation = %v, want %v", tc.name, got, tc.unique)
		}
		if got := d.IsForeignKeyViolation(tc.err); got != tc.fkey {
			t.Errorf("%s: IsForeignKeyViolation = %v, want %v", tc.name, got, tc.fkey)
		}
	}
}

// TestSchemaMatchesSQLite: both dialects create the same tables, columns and indexes, so the
// one SQL implementation fits both.
func TestSchemaMatchesSQLite(t *testing.T) {
	t.Parallel()
	pg, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	lite, err := sqlite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(pg) != len(lite) {
		t.Fatalf("%d PostgreSQL migrations, %d SQLite migrations", len(pg), len(lite))
	}
	// The dialects differ only in BLOB/BYTEA, the C collation and the header comment.
	normalize := func(s string) string {
		var out []string
		for _, line := range strings.Split(s, "\n") {
			if strings.HasPrefix(line, "--") {
				continue
			}
			line = strings.ReplaceAll(line, `COLLATE "C"`, "")
			line = strings.ReplaceAll(line, "BYTEA", "BLOB")
			out = append(out, strings.Join(strings.Fields(line), " "))
		}
		return strings.Join(out, "\n")
	}
	for i := range pg {
		if pg[i].Name != lite[i].Name {
			t.Errorf("migration %d: %s vs %s", i, pg[i].Name, lite[i].Name)
		}
		if normalize(pg[i].SQL) != normalize(lite[i].SQL) {
			t.Errorf("migration %s differs between dialects beyond types and collation", pg[i].Name)
		}
	}
}

func openSchema(t *testing.T) store.Store {
	u := pgtest.Schema(t)
	s, err := Open(context.Background(), u+"&pool_max_conns=8", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConformance runs the store conformance suite against a real PostgreSQL server.
func TestConformance(t *testing.T) {
	t.Parallel()
	pgtest.BaseURL(t)
	storetest.Run(t, openSchema)
}
