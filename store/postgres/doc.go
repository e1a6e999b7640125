// Package postgres holds what the PostgreSQL backend adds to sqlstore: its numbered
// migrations and its Dialect. It is separate so that pgx reaches only binaries that use
// PostgreSQL. Opening a pool and running the conformance suite against a server are later
// work (the multi-node issue); the schema and the dialect are kept here beside SQLite's so
// the two never drift apart unnoticed.
package postgres
