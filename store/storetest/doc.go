// Package storetest is the conformance suite every store backend runs: Run(t, open) checks
// that a backend keeps the contract written in package store's documentation — every
// aggregate's reads and writes, case-insensitive names, sentinel errors, the cascades and the
// cheap dependency checks the services rely on, keyset pagination under concurrent inserts,
// tags, rollback, the change feed, and serialized writers under concurrent load.
//
// It is a package of its own, not a _test.go file, so that each backend's tests (SQLite now,
// PostgreSQL later) import and run the very same suite; it also holds the benchmarks every
// backend reports (Benchmarks).
package storetest
