package audit

import (
	"context"
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// gateStore holds each write until the test releases it, and stores nothing.
type gateStore struct {
	store.Store
	entered, release chan struct{}
}

func (g gateStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	g.entered <- struct{}{}
	<-g.release
	return nil
}

// TestQueueLengthCountsTheWrite: the records of a write under way still count as not stored
// (what a reader of gatehouse_audit_queue_length waits on before it measures a quiet node),
// until the write is done.
func TestQueueLengthCountsTheWrite(t *testing.T) {
	g := gateStore{entered: make(chan struct{}), release: make(chan struct{})}
	tr := New(Options{Store: g})
	for _, id := range []string{"a", "b", "c"} {
		tr.enqueue(store.Event{ID: id, AccountID: "111122223333", Name: "GetUser"})
	}
	if n := tr.QueueLength(); n != 3 {
		t.Fatalf("queued 3, QueueLength = %d", n)
	}
	done := make(chan struct{})
	go func() { tr.Flush(context.Background()); close(done) }()
	<-g.entered
	if n := tr.QueueLength(); n != 3 {
		t.Errorf("during the write of 3 records, QueueLength = %d, want 3", n)
	}
	close(g.release)
	<-done
	if n, w := tr.QueueLength(), tr.Written(); n != 0 || w != 3 {
		t.Errorf("after the write, QueueLength = %d, Written = %d; want 0 and 3", n, w)
	}
}
