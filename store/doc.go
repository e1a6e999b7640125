// Package store owns Gatehouse's persistent state: the typed records of every IAM entity, one
// narrow interface per aggregate, transactions as closures, the change feed, and the sentinel
// errors every backend returns.
//
// It is separate from the services so that IAM, STS, Organizations and Access Analyzer share
// one model of the data and one set of transactional guarantees, and so that backends (the
// embedded SQLite in store/sqlite, PostgreSQL for many nodes in store/postgres) are
// interchangeable behind it. Backends prove they are interchangeable by passing the
// conformance suite in store/storetest, concurrent writers included.
//
// The store keeps what it is given. The services validate input, enforce AWS quotas and
// deletion rules (DeleteConflict), generate unique IDs, ARNs and times, and seal secrets; the
// store offers the cheap reads those checks need (counts, "does this user still have keys?")
// and enforces only uniqueness and referential integrity. Names of users, groups, roles,
// managed policies, instance profiles and server certificates are unique per account without
// regard to case, as IAM documents ("names are not distinguished by case"), but are stored and
// returned as given; lookups by those names ignore case.
//
// Every write happens inside Store.Update, one transaction per request: when the closure
// returns an error nothing it wrote persists. Each Update that writes records one revision in
// the change feed listing the (account, kind, key) it touched, so caches on other nodes can
// invalidate what changed. Writers of different aggregates run in parallel; inside Update,
// reading an aggregate locks it until commit (see sqlstore's lock.go), so a service's
// read-check-write (a quota, a version limit, a modified entity written back) sees no
// concurrent change to that aggregate. A closure may run more than once: Update runs it again
// when the database rolled its transaction back to break a deadlock, so it must have no effect
// outside tx except setting its results. An unreachable database is ErrUnavailable.
//
// # Adding an aggregate
//
// A new service's data (Organizations, federation keys, audit events, Access Analyzer
// findings) is a new aggregate, added the same way every time:
//
//  1. A migration per dialect: store/sqlite/migrations/NNNN_name.sql and the same file in
//     store/postgres/migrations (TestSchemaMatchesSQLite requires them equal up to BYTEA and the
//     C collation). The root table has an id primary key and account_id; owned rows reference
//     the root with ON DELETE CASCADE; case-insensitive names get a *_fold column and a unique
//     index.
//  2. Records and a narrow interface in this package (one file, like user.go), a Kind if the
//     change feed or tags must name it, and an accessor on Tx.
//  3. The implementation in store/sqlstore (one file): the Get methods end their SELECT with
//     t.forUpdate() (or t.forUpdateOf(alias) when joining) and call t.markLocked; methods that
//     count or list what the aggregate owns, for a service to check a limit, call t.lock on the
//     root row first; every write that can change an authorization decision calls t.changed.
//  4. Conformance tests in store/storetest, added to Run's table — including a concurrent-writer
//     test (concurrency.go) for each limit the service will check by reading.
package store
