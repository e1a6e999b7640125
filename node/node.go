package node

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/audit"
	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/feed"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/usage"
)

// Sealer seals and opens with associated data; *keyring.Keyring is one.
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
	Open(sealed, associatedData []byte) ([]byte, error)
}

// Options configure a Node. Zero values mean the defaults documented on each field.
type Options struct {
	// Secrets opens sealed secret access keys and MFA seeds (keyring.SecretAccessKeys).
	Secrets authn.Opener
	// Sessions seals STS session tokens and authorization messages (keyring.SessionTokens);
	// without it no temporary credentials can be issued or used.
	Sessions Sealer
	// Now is the one clock of the node; nil means time.Now.
	Now func() time.Time
	// Logger receives problems; nil means slog.Default().
	Logger *slog.Logger
	// Managed finds AWS managed policies; nil means the embedded catalog.
	Managed authz.ManagedLookup
	// PollInterval is how often Run reads the change feed; 0 means feed.DefaultPollInterval.
	PollInterval time.Duration
	// Notifications, if set, wakes the node when another node writes to a shared database
	// (postgres.Store.Notifications), so it catches up at once rather than at the next poll.
	Notifications func(context.Context) <-chan struct{}
	// Sequence, if set, numbers changes committed but not yet numbered (sqlstore.Store.Sequence
	// on PostgreSQL): Run's catch-ups call it, so a writer that died after its commit delays
	// nothing.
	Sequence func(context.Context) (int, error)
	// Audit, if set, records every call in the audit trail (Node.Trail); its Store, Now and
	// Logger default to the node's.
	Audit *audit.Options
	// AuditOnly is enforcement mode "audit": denials are recorded but let through
	// (authz.Options.AuditOnly).
	AuditOnly bool
}

// Node is one node's shared machinery.
type Node struct {
	// Store is the store services must use: every write that commits reaches the caches
	// before it returns, so a changed key or policy applies to the very next request.
	Store store.Store
	Authn *authn.Authenticator
	Authz *authz.Authorizer
	Usage *usage.Tracker
	// Trail is the audit trail; nil when the node records none.
	Trail *audit.Trail
	// Now is the node's clock.
	Now func() time.Time
	// Feed is when and how late this node catches up with the change feed, and whether it is
	// ready (it serves /readyz).
	Feed *feed.Watcher

	feed *feed.Follower
}

// New wires a node over st, the raw backend.
func New(st store.Store, o Options) *Node {
	if o.Now == nil {
		o.Now = time.Now
	}
	n := &Node{Now: o.Now, Usage: usage.New(st, o.Now, o.Logger)}
	var messages authz.Sealer
	if o.Sessions != nil {
		messages = o.Sessions
	}
	n.Authz = authz.New(st, authz.Options{Now: o.Now, Logger: o.Logger, Managed: o.Managed, Messages: messages,
		Accesses: n.Usage, AuditOnly: o.AuditOnly})
	if o.Audit != nil {
		ao := *o.Audit
		if ao.Store == nil {
			ao.Store = st
		}
		if ao.Now == nil {
			ao.Now = o.Now
		}
		if ao.Logger == nil {
			ao.Logger = o.Logger
		}
		n.Trail = audit.New(ao)
	}
	var sessions authn.Sealer
	if o.Sessions != nil {
		sessions = o.Sessions
	}
	n.Authn = authn.New(st, authn.Options{Secrets: o.Secrets, Sessions: sessions, Principals: n.Authz, Now: o.Now,
		Logger: o.Logger})
	n.feed = feed.New(st, o.Logger, n.Authn, n.Authz)
	n.Store = n.feed.Store()
	n.Feed = feed.NewWatcher(feed.WatchOptions{Store: st, Apply: n.feed.Sync, Notifications: o.Notifications,
		Sequence: o.Sequence, Poll: o.PollInterval, Logger: o.Logger}) // wall time: lag and pruning compare with when changes were written
	return n
}

// Sync applies every change committed since the last Sync to the caches (writes made through
// Store are applied before they return; this catches up with writes made elsewhere).
func (n *Node) Sync(ctx context.Context) error { return n.feed.Sync(ctx) }

// Run follows the change feed (on notifications and polls, pruning it), flushes usage and stores
// audit events until ctx is done, then flushes usage and events one last time and returns.
func (n *Node) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { n.Feed.Run(ctx) })
	wg.Go(func() { n.Usage.Run(ctx) })
	if n.Trail != nil {
		wg.Go(func() { n.Trail.Run(ctx) })
	}
	wg.Wait()
}
