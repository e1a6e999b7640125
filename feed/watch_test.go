package feed_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/feed"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// write commits one change (an account) and returns when it was written.
func write(t *testing.T, s store.Store, id string) {
	t.Helper()
	err := s.Update(context.Background(), func(tx store.Tx) error {
		return tx.Accounts().Create(context.Background(), store.Account{ID: id, Name: id, Email: id + "@example.com", Created: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReadinessFollowsCatchUp(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	c := &clock{t: time.Now()}
	var fail atomic.Bool
	f := feed.NewWatcher(feed.WatchOptions{Store: s, Now: c.now, Apply: func(context.Context) error {
		if fail.Load() {
			return errors.New("connection refused")
		}
		return nil
	}})
	if st := f.Status(); st.Ready || st.Reason == "" {
		t.Errorf("status before the first catch-up: %+v, want not ready with a reason", st)
	}
	write(t, s, "111122223333")
	c.add(250 * time.Millisecond)
	f.Step(context.Background())
	st := f.Status()
	if !st.Ready {
		t.Errorf("status after catching up: %+v, want ready", st)
	}
	if st.Revision != 1 || st.Lag < 200*time.Millisecond || st.Lag > time.Minute {
		t.Errorf("status %+v: want revision 1 and a lag of about 250ms", st)
	}

	fail.Store(true)
	f.Step(context.Background())
	if st := f.Status(); st.Ready || st.Reason == "" {
		t.Errorf("status while catch-up fails: %+v, want not ready with a reason", st)
	}
	fail.Store(false)
	f.Step(context.Background())
	if !f.Status().Ready {
		t.Errorf("not ready after recovering: %+v", f.Status())
	}
	c.add(time.Minute)
	if st := f.Status(); st.Ready {
		t.Errorf("ready a minute after the last catch-up: %+v", st)
	}
}

func TestNotificationWakesTheFollower(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	notes := make(chan struct{}, 1)
	applied := make(chan struct{}, 10)
	f := feed.NewWatcher(feed.WatchOptions{Store: s, Notifications: func(context.Context) <-chan struct{} { return notes }, Poll: time.Hour,
		Apply: func(context.Context) error { applied <- struct{}{}; return nil }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	<-applied // the first catch-up, at start
	write(t, s, "111122223333")
	notes <- struct{}{}
	<-applied // without the notification this would wait for an hour's poll
	if st := f.Status(); !st.Listening || st.Revision != 1 {
		t.Errorf("status %+v: want listening at revision 1", st)
	}
}

func TestPruneKeepsTheRetentionWindow(t *testing.T) {
	t.Parallel()
	s := openStore(t)
	write(t, s, "111122223333")
	write(t, s, "444455556666")
	c := &clock{t: time.Now()}
	f := feed.NewWatcher(feed.WatchOptions{Store: s, Now: c.now, Retention: time.Hour, Apply: func(context.Context) error { return nil }})
	ctx := context.Background()
	changes := func() int {
		var n int
		err := s.View(ctx, func(tx store.Tx) error {
			cs, _, err := tx.ChangeFeed().ChangesSince(ctx, 0, 100)
			n = len(cs)
			return err
		})
		if errors.Is(err, store.ErrConflict) {
			return -1 // pruned past 0
		}
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := f.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if n := changes(); n != 2 {
		t.Errorf("%d changes after pruning within the retention window, want 2", n)
	}
	c.add(2 * time.Hour)
	if err := f.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if n := changes(); n != -1 {
		t.Errorf("ChangesSince(0) after pruning everything: %d changes, want ErrConflict", n)
	}
}
