package feed

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Defaults of WatchOptions.
const (
	// DefaultRetention is how long changes stay in the feed. A node that falls further behind
	// (down for longer) reloads its caches instead of replaying.
	DefaultRetention = 15 * time.Minute
	// DefaultPruneEvery is how often a follower prunes the feed.
	DefaultPruneEvery = time.Minute
	// staleAfter polls without a successful catch-up make a node not ready.
	staleAfter = 3
)

// WatchOptions configure a Watcher.
type WatchOptions struct {
	// Store is the node's store; the follower reads the feed's head and prunes through it.
	Store store.Store
	// Apply catches the node's caches up with every change committed so far (Follower.Sync).
	Apply func(ctx context.Context) error
	// Notifications, if not nil, returns a channel that receives a value whenever other nodes
	// may have written, until ctx is done (PostgreSQL: postgres.Store.Notifications).
	Notifications func(ctx context.Context) <-chan struct{}
	// Sequence, if not nil, numbers changes committed but not yet numbered (sqlstore).
	Sequence func(ctx context.Context) (int, error)
	// Ping, if not nil, checks that the database answers.
	Ping func(ctx context.Context) error
	// Poll, Retention and PruneEvery default to DefaultPollInterval, DefaultRetention and
	// DefaultPruneEvery.
	Poll, Retention, PruneEvery time.Duration
	Logger                      *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Status is a node's standing with the change feed, as /readyz shows it.
type Status struct {
	// Ready: the node caught up with the feed within the last few polls.
	Ready bool `json:"ready"`
	// Reason says why a node is not ready ("" when ready).
	Reason string `json:"reason,omitempty"`
	// Revision is the newest revision the node has applied.
	Revision int64 `json:"revision"`
	// Lag is how long after it was written the newest change was applied on this node: the
	// feed lag (0 until the first change).
	Lag time.Duration `json:"-"`
	// CaughtUp is when the node last finished catching up.
	CaughtUp time.Time `json:"caught_up"`
	// Listening: pushes arrive (PostgreSQL LISTEN); false means polling only.
	Listening bool `json:"listening"`
}

// Watcher decides when a node catches up with the change feed — on a push from another node,
// on a poll — and reports how late it is and whether the node is ready.
type Watcher struct {
	o  WatchOptions
	mu sync.Mutex
	st Status
	// lastErr is the error of the last catch-up (nil after a success).
	lastErr error
}

// NewWatcher returns a Watcher; Run starts it.
func NewWatcher(o WatchOptions) *Watcher {
	if o.Poll <= 0 {
		o.Poll = DefaultPollInterval
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.PruneEvery <= 0 {
		o.PruneEvery = DefaultPruneEvery
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Watcher{o: o, st: Status{Reason: "not caught up with the change feed yet", Listening: o.Notifications != nil}}
}

// Run catches up at once, then on every notification and poll, and prunes the feed, until
// ctx is done.
func (f *Watcher) Run(ctx context.Context) {
	poll := time.NewTicker(f.o.Poll)
	defer poll.Stop()
	prune := time.NewTicker(f.o.PruneEvery)
	defer prune.Stop()
	var notes <-chan struct{}
	if f.o.Notifications != nil {
		notes = f.o.Notifications(ctx)
	}
	f.Step(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-notes:
			if !ok {
				notes = nil // the notifier stopped: polling only
				f.mu.Lock()
				f.st.Listening = false
				f.mu.Unlock()
				continue
			}
		case <-poll.C:
		case <-prune.C:
			if err := f.Prune(ctx); err != nil && ctx.Err() == nil {
				f.o.Logger.Warn("feed: pruning the change feed", "error", err)
			}
			continue
		}
		f.Step(ctx)
	}
}

// Step catches up once: it numbers unnumbered changes, notes the feed's head, applies
// everything up to it, and records the lag of the head.
func (f *Watcher) Step(ctx context.Context) {
	start := f.o.Now()
	head, err := f.catchUp(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		if ctx.Err() == nil && f.lastErr == nil {
			f.o.Logger.Warn("feed: catching up with the change feed", "error", err)
		}
		f.lastErr = err
		return
	}
	if f.lastErr != nil {
		f.o.Logger.Info("feed: caught up with the change feed again")
	}
	f.lastErr = nil
	f.st.CaughtUp = start
	if head.Revision > f.st.Revision {
		f.st.Revision = head.Revision
		if !head.Written.IsZero() {
			f.st.Lag = max(0, f.o.Now().Sub(head.Written))
		}
	}
}

func (f *Watcher) catchUp(ctx context.Context) (store.Change, error) {
	if f.o.Ping != nil {
		if err := f.o.Ping(ctx); err != nil {
			return store.Change{}, err
		}
	}
	if f.o.Sequence != nil {
		if _, err := f.o.Sequence(ctx); err != nil {
			return store.Change{}, err
		}
	}
	var head store.Change
	err := f.o.Store.View(ctx, func(tx store.Tx) (err error) {
		head, err = tx.ChangeFeed().Head(ctx)
		return err
	})
	if err != nil {
		return head, err
	}
	return head, f.o.Apply(ctx)
}

// Prune forgets the changes written more than Retention ago.
func (f *Watcher) Prune(ctx context.Context) error {
	before := f.o.Now().Add(-f.o.Retention)
	return f.o.Store.Update(ctx, func(tx store.Tx) error {
		through, err := tx.ChangeFeed().RevisionBefore(ctx, before)
		if err != nil || through <= 0 {
			return err
		}
		return tx.ChangeFeed().Prune(ctx, through)
	})
}

// Status returns the node's standing now.
func (f *Watcher) Status() Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.st
	switch age := f.o.Now().Sub(st.CaughtUp); {
	case st.CaughtUp.IsZero():
		// Reason set by New.
	case f.lastErr != nil:
		st.Reason = "cannot catch up with the change feed: " + f.lastErr.Error()
	case age > staleAfter*f.o.Poll:
		st.Reason = "behind the change feed: last caught up " + age.Round(time.Millisecond).String() + " ago"
	default:
		st.Ready, st.Reason = true, ""
	}
	return st
}
