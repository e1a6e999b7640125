package authz

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

const (
	// DefaultPollInterval is how often Run reads the change feed, which bounds how long a
	// write made by another process (gatehouse accounts create) or node takes to reach this
	// one's caches. Writes made through Store reach them before the write returns.
	DefaultPollInterval = time.Second
	// UsageFlushInterval is how often Run writes the buffered key-usage data.
	UsageFlushInterval = 5 * time.Second
	// feedPage is how many changes one read of the feed returns.
	feedPage = 1000
	// shutdownFlushTimeout bounds the last usage flush when Run stops.
	shutdownFlushTimeout = 5 * time.Second
)

// Store returns the store that services must use: every Update that commits is followed, before
// it returns, by a catch-up with the change feed, so the caller's next request sees its write
// (an Inactive key, a new policy) in the caches.
func (a *Authorizer) Store() store.Store { return syncStore{Store: a.raw, a: a} }

type syncStore struct {
	store.Store
	a *Authorizer
}

func (s syncStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := s.Store.Update(ctx, fn); err != nil {
		return err
	}
	if err := s.a.Sync(ctx); err != nil {
		// The write committed; only the caches are in doubt, so empty them rather than fail.
		s.a.log.Error("authz: catching up with the change feed after a write", "error", err)
		s.a.cache.reset()
		s.a.syncMu.Lock()
		s.a.synced = false
		s.a.syncMu.Unlock()
	}
	return nil
}

// Sync applies every change committed since the last Sync to the caches. The first call (and
// the first after the feed was pruned past us) only records where the feed stands and empties
// the caches, which may hold what was read before.
func (a *Authorizer) Sync(ctx context.Context) error {
	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	for {
		if !a.synced {
			var rev int64
			err := a.raw.View(ctx, func(tx store.Tx) error {
				var err error
				rev, err = tx.ChangeFeed().LatestRevision(ctx)
				return err
			})
			if err != nil {
				return fmt.Errorf("authz: reading the change feed: %w", err)
			}
			a.cache.reset()
			a.rev, a.synced = rev, true
			return nil
		}
		var changes []store.Change
		var more bool
		err := a.raw.View(ctx, func(tx store.Tx) error {
			var err error
			changes, more, err = tx.ChangeFeed().ChangesSince(ctx, a.rev, feedPage)
			return err
		})
		if errors.Is(err, store.ErrConflict) {
			a.synced = false
			continue
		}
		if err != nil {
			return fmt.Errorf("authz: reading the change feed: %w", err)
		}
		if len(changes) > 0 {
			c := a.cache
			c.mu.Lock()
			for _, ch := range changes {
				c.invalidate(ch)
			}
			c.mu.Unlock()
			a.rev = changes[len(changes)-1].Revision
		}
		if !more || len(changes) == 0 {
			return nil
		}
	}
}

// Run keeps the caches in step with writes made elsewhere and flushes key-usage data, until ctx
// is done; it then flushes the usage data one last time and returns.
func (a *Authorizer) Run(ctx context.Context) {
	if err := a.Sync(ctx); err != nil && ctx.Err() == nil {
		a.log.Error("authz: reading the change feed", "error", err)
	}
	poll := time.NewTicker(a.poll)
	defer poll.Stop()
	flush := time.NewTicker(UsageFlushInterval)
	defer flush.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownFlushTimeout)
			if err := a.FlushUsage(fctx); err != nil {
				a.log.Error("authz: flushing access key usage", "error", err)
			}
			cancel()
			return
		case <-poll.C:
			if err := a.Sync(ctx); err != nil && ctx.Err() == nil {
				a.log.Error("authz: reading the change feed", "error", err)
			}
		case <-flush.C:
			if err := a.FlushUsage(ctx); err != nil && ctx.Err() == nil {
				a.log.Error("authz: flushing access key usage", "error", err)
			}
		}
	}
}
