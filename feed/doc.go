// Package feed keeps a node's in-memory caches exact by following the store's change feed.
//
// A Follower reads the feed (store.ChangeFeed) and hands every change to the caches that
// subscribed (authn's access keys, authz's compiled policies), in revision order. It does so in
// two ways: every committed write made through Follower.Store is followed, before the write
// returns, by a catch-up, so the writer's next request sees its own write; and Run polls, so
// writes made by other processes or nodes arrive within a bounded delay (DefaultPollInterval).
// When the feed was pruned past what the follower has applied, or cannot be read after a
// write, every subscriber is reset.
//
// A Watcher decides when to catch up and reports how that goes: it wakes on a push from the
// database (PostgreSQL LISTEN/NOTIFY: another node has numbered new changes) or, as the fallback
// when no push arrives, on a poll; each time it numbers changes a crashed writer left unnumbered
// (sqlstore's sequencer), notes the feed's head and runs the Follower's catch-up. It measures
// feed lag — how long after the newest change was written this node had applied it — and
// readiness (caught up within the last few polls, which a node cannot be while its database is
// unreachable), answers /readyz from them, and prunes the feed of changes older than a
// retention period. Status is what /readyz shows and what metrics read.
//
// It is separate from the caches so that each cache owns only what it stores and how a change
// invalidates it, and one follower serves them all with one read of the feed.
package feed
