package feed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

const (
	// DefaultPollInterval is how often Run reads the change feed, which bounds how long a
	// write made by another process (gatehouse accounts create) or node takes to reach this
	// one's caches. Writes made through Store reach them before the write returns.
	DefaultPollInterval = time.Second
	// page is how many changes one read of the feed returns.
	page = 1000
)

// Subscriber is a cache kept exact by the feed.
type Subscriber interface {
	// Invalidate drops what the changes make stale. Changes arrive in revision order.
	Invalidate(changes []store.Change)
	// Reset empties the cache: the feed was pruned past what was applied, or could not be
	// read, so anything cached may be stale.
	Reset()
}

// Follower follows a store's change feed for its subscribers. It is safe for concurrent use.
type Follower struct {
	raw  store.Store
	log  *slog.Logger
	subs []Subscriber

	// mu serializes catch-up, so revisions are applied in order; it guards rev (the last
	// revision applied) and synced (whether rev is known yet).
	mu     sync.Mutex
	rev    int64
	synced bool
}

// New returns a follower of st's change feed for subs. A nil log means slog.Default().
func New(st store.Store, log *slog.Logger, subs ...Subscriber) *Follower {
	if log == nil {
		log = slog.Default()
	}
	return &Follower{raw: st, log: log, subs: subs}
}

// Store returns st wrapped so that every Update that commits is followed, before it returns,
// by a catch-up with the feed: the caller's next request sees its write in the caches.
func (f *Follower) Store() store.Store { return syncStore{Store: f.raw, f: f} }

type syncStore struct {
	store.Store
	f *Follower
}

func (s syncStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := s.Store.Update(ctx, fn); err != nil {
		return err
	}
	if err := s.f.Sync(ctx); err != nil {
		// The write committed; only the caches are in doubt, so empty them rather than fail.
		s.f.log.Error("feed: catching up with the change feed after a write", "error", err)
		s.f.mu.Lock()
		s.f.reset()
		s.f.synced = false
		s.f.mu.Unlock()
	}
	return nil
}

func (f *Follower) reset() {
	for _, s := range f.subs {
		s.Reset()
	}
}

// Sync applies every change committed since the last Sync to the subscribers. The first call
// (and the first after the feed was pruned past us) only records where the feed stands and
// resets the subscribers, which may hold what was read before.
func (f *Follower) Sync(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		if !f.synced {
			rev, err := f.latest(ctx)
			if err != nil {
				return err
			}
			f.reset()
			f.rev, f.synced = rev, true
			return nil
		}
		var changes []store.Change
		var more bool
		err := f.raw.View(ctx, func(tx store.Tx) error {
			var err error
			changes, more, err = tx.ChangeFeed().ChangesSince(ctx, f.rev, page)
			return err
		})
		if errors.Is(err, store.ErrConflict) {
			f.synced = false
			continue
		}
		if err != nil {
			return fmt.Errorf("feed: reading the change feed: %w", err)
		}
		if len(changes) > 0 {
			for _, s := range f.subs {
				s.Invalidate(changes)
			}
			f.rev = changes[len(changes)-1].Revision
		}
		if !more || len(changes) == 0 {
			return nil
		}
	}
}

func (f *Follower) latest(ctx context.Context) (int64, error) {
	var rev int64
	err := f.raw.View(ctx, func(tx store.Tx) error {
		var err error
		rev, err = tx.ChangeFeed().LatestRevision(ctx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("feed: reading the change feed: %w", err)
	}
	return rev, nil
}

// Run catches up every interval (DefaultPollInterval when 0 or less) until ctx is done.
func (f *Follower) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	if err := f.Sync(ctx); err != nil && ctx.Err() == nil {
		f.log.Error("feed: reading the change feed", "error", err)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := f.Sync(ctx); err != nil && ctx.Err() == nil {
				f.log.Error("feed: reading the change feed", "error", err)
			}
		}
	}
}
