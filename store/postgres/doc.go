// Package postgres is Gatehouse's backend for many nodes: store.Store over a pgx pool on one
// PostgreSQL database that every node shares.
//
// It holds what PostgreSQL adds to sqlstore: its numbered migrations, applied under a session
// advisory lock so that any number of nodes may start at once on an empty database; its
// Dialect (READ COMMITTED writers that lock the aggregates they read, savepoints, deadlock
// retries, errors that mean the server is out of reach, the change-feed sequencer's advisory
// lock and NOTIFY); a LISTEN connection that wakes a node's feed follower when another node
// writes; and a start-up lock for one-time work such as creating the first account. It is
// separate so that pgx reaches only binaries that use PostgreSQL, and so the two schemas sit
// side by side and never drift apart unnoticed (TestSchemaMatchesSQLite).
package postgres
