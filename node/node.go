package node

import (
	"context"
	"log/slog"
	"sync"
	"time"

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
}

// Node is one node's shared machinery.
type Node struct {
	// Store is the store services must use: every write that commits reaches the caches
	// before it returns, so a changed key or policy applies to the very next request.
	Store store.Store
	Authn *authn.Authenticator
	Authz *authz.Authorizer
	Usage *usage.Tracker
	// Now is the node's clock.
	Now func() time.Time

	feed *feed.Follower
	poll time.Duration
}

// New wires a node over st, the raw backend.
func New(st store.Store, o Options) *Node {
	if o.Now == nil {
		o.Now = time.Now
	}
	n := &Node{Now: o.Now, poll: o.PollInterval, Usage: usage.New(st, o.Now, o.Logger)}
	var messages authz.Sealer
	if o.Sessions != nil {
		messages = o.Sessions
	}
	n.Authz = authz.New(st, authz.Options{Now: o.Now, Logger: o.Logger, Managed: o.Managed, Messages: messages,
		Accesses: n.Usage})
	var sessions authn.Sealer
	if o.Sessions != nil {
		sessions = o.Sessions
	}
	n.Authn = authn.New(st, authn.Options{Secrets: o.Secrets, Sessions: sessions, Principals: n.Authz, Now: o.Now,
		Logger: o.Logger})
	n.feed = feed.New(st, o.Logger, n.Authn, n.Authz)
	n.Store = n.feed.Store()
	return n
}

// Sync applies every change committed since the last Sync to the caches (writes made through
// Store are applied before they return; this catches up with writes made elsewhere).
func (n *Node) Sync(ctx context.Context) error { return n.feed.Sync(ctx) }

// Run follows the change feed and flushes usage until ctx is done, then flushes usage one
// last time and returns.
func (n *Node) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { n.feed.Run(ctx, n.poll) })
	wg.Go(func() { n.Usage.Run(ctx) })
	wg.Wait()
}
