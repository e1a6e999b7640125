// Package sqlite is Gatehouse's embedded backend: store.Store over the pure-Go SQLite of
// modernc.org/sqlite, so CGO_ENABLED=0 single binaries work.
//
// It is separate from sqlstore because only it knows SQLite's connection rules: a database
// file in the data directory in WAL mode with a busy timeout and foreign keys on, one writer
// connection whose transactions begin IMMEDIATE (so writers queue in Go instead of failing
// with SQLITE_BUSY) beside a pool of query-only readers that WAL lets run during writes, and
// the same arrangement over an in-memory database (SQLite's memdb VFS) for --ephemeral. Its numbered migrations are
// embedded and applied forward-only when a store is opened.
package sqlite
