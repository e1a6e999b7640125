// Package pgtest gives tests a private PostgreSQL schema or database on the server named by
// GATEHOUSE_TEST_DATABASE_URL (.ci/run starts a throwaway PostgreSQL 15 cluster and sets it).
//
// Without the variable, tests that need PostgreSQL skip with a loud message — except in CI
// (CI set), where a missing database is a failure, so the PostgreSQL runs can never silently
// vanish. It is separate so that the store's conformance tests and the end-to-end tests share
// one way of finding and isolating the server.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the server tests use: a postgres:// URL of a role that may create schemas and
// databases.
const EnvVar = "GATEHOUSE_TEST_DATABASE_URL"

// BaseURL returns the server's URL, or skips t (fails it in CI) when there is none.
func BaseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvVar)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (.ci/run starts a cluster)", EnvVar)
		}
		t.Skipf("SKIPPING POSTGRESQL TESTS: %s is not set (scripts/pg-cluster.sh starts a throwaway cluster)", EnvVar)
	}
	return u
}

// name returns a fresh identifier with the given prefix.
func name(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// execSQL runs one statement on the server at u.
func execSQL(ctx context.Context, u, sql string) error {
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// withParam returns u with a query parameter set.
func withParam(u, key, value string) string {
	p, err := url.Parse(u)
	if err != nil {
		panic(err)
	}
	q := p.Query()
	q.Set(key, value)
	p.RawQuery = q.Encode()
	return p.String()
}

// Schema creates an empty schema for t and returns a URL whose connections use only it; the
// schema is dropped when t ends. Cheap: for the many stores of a conformance run.
func Schema(t testing.TB) string {
	t.Helper()
	base := BaseURL(t)
	s := name("t_")
	ctx := context.Background()
	if err := execSQL(ctx, base, "CREATE SCHEMA "+s); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := execSQL(ctx, base, "DROP SCHEMA "+s+" CASCADE"); err != nil {
			t.Logf("pgtest: dropping schema %s: %v", s, err)
		}
	})
	return withParam(base, "search_path", s)
}

// Database creates an empty database for t and returns its URL; it is dropped (connections
// and all) when t ends. For tests that run whole nodes, whose notifications and advisory locks
// are per database.
func Database(t testing.TB) string {
	t.Helper()
	base := BaseURL(t)
	db := name("gh_")
	ctx := context.Background()
	if err := execSQL(ctx, base, "CREATE DATABASE "+db); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		if err := execSQL(ctx, base, "DROP DATABASE "+db+" WITH (FORCE)"); err != nil {
			t.Logf("pgtest: dropping database %s: %v", db, err)
		}
	})
	p, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	p.Path = "/" + db
	return p.String()
}
