package usage_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/usage"
)

const account = "111122223333"

// TestBufferedUntilFlush: uses are written only by Flush, the latest of each kept, and a key
// deleted meanwhile is skipped without failing the rest of the batch.
func TestBufferedUntilFlush(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2024, 5, 1, 12, 0, 0, 500, time.UTC)
	err = st.Update(ctx, func(tx store.Tx) error {
		if err := tx.Accounts().Create(ctx, store.Account{ID: account, Created: now}); err != nil {
			return err
		}
		return tx.AccessKeys().Create(ctx, store.AccessKey{ID: "AKIAEXAMPLEKEY000001", AccountID: account,
			Status: store.StatusActive, SealedSecret: []byte("x"), Created: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	tr := usage.New(st, func() time.Time { return now }, nil)
	tr.RecordKeyUse("AKIAEXAMPLEKEY000001", "sts", "eu-west-1")
	now = now.Add(time.Minute)
	tr.RecordKeyUse("AKIAEXAMPLEKEY000001", "iam", "us-east-1")
	tr.RecordKeyUse("AKIAGONE000000000000", "iam", "us-east-1")
	read := func() store.AccessKeyUse {
		var k store.AccessKey
		if err := st.View(ctx, func(tx store.Tx) error {
			var err error
			k, err = tx.AccessKeys().Get(ctx, "AKIAEXAMPLEKEY000001")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return k.LastUsed
	}
	if got := read(); !got.When.IsZero() {
		t.Fatalf("written before a flush: %+v", got)
	}
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	want := store.AccessKeyUse{When: time.Date(2024, 5, 1, 12, 1, 0, 0, time.UTC), Service: "iam", Region: "us-east-1"}
	if diff := cmp.Diff(want, read()); diff != "" {
		t.Errorf("last use (-want +got):\n%s", diff)
	}
}

// TestRunFlushesOnStop: Run writes what is buffered when it stops (a clean shutdown), and
// within FlushInterval while it runs (what a crash can lose).
func TestRunFlushesOnStop(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	err = st.Update(ctx, func(tx store.Tx) error {
		if err := tx.Accounts().Create(ctx, store.Account{ID: account, Created: time.Now()}); err != nil {
			return err
		}
		return tx.AccessKeys().Create(ctx, store.AccessKey{ID: "AKIAEXAMPLEKEY000001", AccountID: account,
			Status: store.StatusActive, SealedSecret: []byte("x"), Created: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	tr := usage.New(st, nil, nil)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { tr.Run(runCtx); close(done) }()
	tr.RecordKeyUse("AKIAEXAMPLEKEY000001", "iam", "us-east-1")
	stop()
	<-done
	var k store.AccessKey
	if err := st.View(ctx, func(tx store.Tx) error {
		var err error
		k, err = tx.AccessKeys().Get(ctx, "AKIAEXAMPLEKEY000001")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if k.LastUsed.Service != "iam" {
		t.Errorf("after Run stopped, last use = %+v, want the buffered use", k.LastUsed)
	}
	if usage.FlushInterval > time.Second {
		t.Errorf("FlushInterval = %v: a crash may lose more than a second of usage", usage.FlushInterval)
	}
}

// BenchmarkRecordAccess is the cost recording an attempt for access advisor adds to every
// authorization of a user (steady state: the record is already buffered).
func BenchmarkRecordAccess(b *testing.B) {
	tr := usage.New(nil, nil, nil)
	const alice = "arn:aws:iam::111122223333:user/alice"
	tr.RecordAccess(account, alice, "iam:GetUser", "us-east-1")
	b.ReportAllocs()
	for b.Loop() {
		tr.RecordAccess(account, alice, "iam:GetUser", "us-east-1")
	}
}

// gateStore holds each write until the test releases it.
type gateStore struct {
	store.Store
	entered, release chan struct{}
}

func (g gateStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	g.entered <- struct{}{}
	<-g.release
	return g.Store.Update(ctx, fn)
}

// TestUnstored: records noted count as unstored while buffered and while their flush is under
// way (what a reader of gatehouse_usage_unstored_records waits on), and not once it is done.
func TestUnstored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g := gateStore{Store: st, entered: make(chan struct{}), release: make(chan struct{})}
	tr := usage.New(g, nil, nil)
	tr.RecordKeyUse("AKIAEXAMPLEKEY000001", "iam", "us-east-1")
	tr.RecordKeyUse("AKIAEXAMPLEKEY000002", "iam", "us-east-1")
	tr.RecordAccess(account, "arn:aws:iam::"+account+":user/alice", "iam:GetUser", "us-east-1") // the service's and the action's
	if n := tr.Unstored(); n != 4 {
		t.Fatalf("4 records noted, Unstored = %d", n)
	}
	done := make(chan error)
	go func() { done <- tr.Flush(ctx) }()
	<-g.entered // the keys' flush
	if n := tr.Unstored(); n != 4 {
		t.Errorf("during the keys' flush, Unstored = %d, want 4", n)
	}
	g.release <- struct{}{}
	<-g.entered // the access records'
	if n := tr.Unstored(); n != 2 {
		t.Errorf("during the access records' flush, Unstored = %d, want 2", n)
	}
	close(g.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := tr.Unstored(); n != 0 {
		t.Errorf("after the flush, Unstored = %d, want 0", n)
	}
}
