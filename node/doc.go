// Package node wires the machinery every service of one Gatehouse node shares: the store as
// services must use it (writes followed by a catch-up with the change feed, package feed),
// authentication (authn), the decision point (authz) and usage tracking (usage), all on one
// clock, and runs their background work (following the feed, flushing usage) in Run.
//
// It is separate so that cmd/gatehouse, the test fixtures and every service (IAM, STS and the
// services that follow) are wired the same way from one constructor, and each of the wired
// packages stays ignorant of the others.
package node
