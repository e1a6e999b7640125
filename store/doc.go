// Package store owns Gatehouse's persistent state: the typed records of every IAM entity, one
// narrow interface per aggregate, transactions as closures, the change feed, and the sentinel
// errors every backend returns.
//
// It is separate from the services so that IAM, STS, Organizations and Access Analyzer share
// one model of the data and one set of transactional guarantees, and so that backends (the
// embedded SQLite in store/sqlite, PostgreSQL later) are interchangeable behind it. Backends
// prove they are interchangeable by passing the conformance suite in store/storetest.
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
// invalidate what changed.
package store
