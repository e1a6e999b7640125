// Package sqlstore is the one SQL implementation of store.Store, shared by every SQL backend.
//
// SQLite and PostgreSQL accept the same SQL for everything Gatehouse does ($n placeholders,
// ON CONFLICT, RETURNING, partial indexes), so the queries are written once here. What really
// differs between the two is a Dialect value: how each reports a unique or foreign-key
// violation and how transactions begin. The schema lives in each backend's numbered
// migrations, applied by Migrate. Names IAM compares without regard to case are folded to
// lower case in Go, never with SQL lower(), so both dialects fold and order them alike.
package sqlstore
