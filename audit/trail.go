package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/store"
)

const (
	// DefaultRetention is how long events are kept: CloudTrail's event history keeps 90 days.
	DefaultRetention = 90 * 24 * time.Hour
	// DefaultQueue is how many records may wait for the writer.
	DefaultQueue = 8192
	// maxBatch bounds the records one write transaction stores.
	maxBatch = 512
	// pruneEvery is how often the pruner runs.
	pruneEvery = time.Hour
	// linger is how long the writer, woken by a record, waits for more before it stores them: a
	// transaction's fixed cost (begin, commit, the statements' round trips) then serves tens of
	// records under load instead of one or two, and an idle node's records are stored that much
	// later (reads and denials are asynchronous anyway; writes' events commit with the writes).
	linger = 10 * time.Millisecond
)

// Options configure a Trail. Zero values mean the defaults documented on each field.
type Options struct {
	// Store is where events are kept (the raw backend: events are not changes).
	Store store.Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives drops and write failures; nil means slog.Default().
	Logger *slog.Logger
	// Queue bounds the records waiting for the writer; 0 means DefaultQueue.
	Queue int
	// Retention is how long events are kept; 0 means DefaultRetention.
	Retention time.Duration
	// Sink, if set, receives every record as one line of JSON (the export).
	Sink io.Writer
}

// Trail records the audit events of a node. It is safe for concurrent use.
type Trail struct {
	st        store.Store
	now       func() time.Time
	log       *slog.Logger
	retention time.Duration
	sink      io.Writer

	queue   chan store.Event
	flushes chan chan struct{}
	running atomic.Bool
	dropped atomic.Uint64
	written atomic.Uint64
	failed  atomic.Uint64
	writing atomic.Int64 // records taken from the queue, not yet stored (or lost)
	mu      sync.Mutex   // serializes flushes (Run's writer and Flush)
}

// New returns a Trail; Run must be running for records to be stored.
func New(o Options) *Trail {
	t := &Trail{st: o.Store, now: o.Now, log: o.Logger, retention: o.Retention, sink: o.Sink}
	if t.now == nil {
		t.now = time.Now
	}
	if t.log == nil {
		t.log = slog.Default()
	}
	if t.retention <= 0 {
		t.retention = DefaultRetention
	}
	q := o.Queue
	if q <= 0 {
		q = DefaultQueue
	}
	t.queue = make(chan store.Event, q)
	t.flushes = make(chan chan struct{})
	return t
}

// Begin starts the record of a request: it returns the context the request must run with (it
// carries the authorizer's trace and the pending event a write transaction records) and the
// entry to fill. A nil Trail returns ctx and a nil Entry, whose methods do nothing.
func (t *Trail) Begin(ctx context.Context, requestID string, start time.Time) (context.Context, *Entry) {
	if t == nil {
		return ctx, nil
	}
	ctx, trace := authz.WithTrace(ctx)
	e := &Entry{trail: t, id: newID(start), start: start, trace: trace, RequestID: requestID}
	e.pending.Build = e.pendingEvent
	return store.WithPendingEvent(ctx, &e.pending), e
}

// Dropped is how many records were dropped because the queue was full or a write failed.
func (t *Trail) Dropped() uint64 { return t.dropped.Load() + t.failed.Load() }

// Written is how many records the writer stored.
func (t *Trail) Written() uint64 { return t.written.Load() }

// QueueLength is how many records are not yet stored: queued, or in the write under way. It is
// 0 once the writer has caught up with every request made.
func (t *Trail) QueueLength() int { return len(t.queue) + int(t.writing.Load()) }

// enqueue hands a record to the writer without ever blocking.
func (t *Trail) enqueue(ev store.Event) {
	select {
	case t.queue <- ev:
	default:
		if n := t.dropped.Add(1); n == 1 || n%1000 == 0 {
			t.log.Error("audit: the event queue is full; events are being dropped", "dropped", n, "event", ev.Name,
				"event_id", ev.ID)
		}
	}
}

// Run stores queued records and prunes old events until ctx is done, then stores what is left.
func (t *Trail) Run(ctx context.Context) {
	prune := time.NewTicker(pruneEvery)
	defer prune.Stop()
	t.running.Store(true)
	defer t.running.Store(false)
	t.Prune(ctx)
	wctx := context.WithoutCancel(ctx)
	for {
		select {
		case <-ctx.Done():
			t.drain(wctx)
			return
		case <-prune.C:
			t.Prune(ctx)
		case done := <-t.flushes:
			t.drain(wctx)
			close(done)
		case ev := <-t.queue:
			t.writing.Add(1)
			if len(t.queue) < maxBatch-1 {
				time.Sleep(linger)
			}
			t.write(wctx, ev)
		}
	}
}

// Flush stores every record queued before it was called, and returns when they are stored.
func (t *Trail) Flush(ctx context.Context) {
	if t.running.Load() {
		done := make(chan struct{})
		select {
		case t.flushes <- done:
			select {
			case <-done:
			case <-ctx.Done():
			}
			return
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
			// Run stopped meanwhile: drain here.
		}
	}
	t.drain(ctx)
}

// drain stores every queued record.
func (t *Trail) drain(ctx context.Context) {
	for {
		select {
		case ev := <-t.queue:
			t.writing.Add(1)
			t.write(ctx, ev)
		default:
			return
		}
	}
}

// write stores first and whatever else is queued, up to a batch, in one transaction, then
// exports them. The caller took first from the queue and counted it in writing.
func (t *Trail) write(ctx context.Context, first store.Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	batch := []store.Event{first}
	for len(batch) < maxBatch {
		select {
		case ev := <-t.queue:
			t.writing.Add(1)
			batch = append(batch, ev)
			continue
		default:
		}
		break
	}
	defer t.writing.Add(-int64(len(batch)))
	err := t.st.Update(ctx, func(tx store.Tx) error { return tx.Events().Put(ctx, batch...) })
	if err != nil {
		n := t.failed.Add(uint64(len(batch)))
		t.log.Error("audit: storing events failed; they are lost", "events", len(batch), "lost", n, "error", err)
		return
	}
	t.written.Add(uint64(len(batch)))
	if t.sink != nil {
		var buf []byte
		for _, ev := range batch {
			buf = append(append(buf, ev.Record...), '\n')
		}
		if _, err := t.sink.Write(buf); err != nil {
			t.log.Warn("audit: writing to the export sink failed", "error", err)
		}
	}
}

// Prune deletes the events older than the retention.
func (t *Trail) Prune(ctx context.Context) {
	var n int
	err := t.st.Update(ctx, func(tx store.Tx) (err error) {
		n, err = tx.Events().Prune(ctx, t.now().Add(-t.retention))
		return err
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		t.log.Warn("audit: pruning events failed", "error", err)
	} else if n > 0 {
		t.log.Info("audit: pruned events past retention", "events", n, "retention", t.retention)
	}
}

// Lookup returns one page of an account's events, newest first, with their records: the Go API
// for readers other than LookupEvents (the console).
func (t *Trail) Lookup(ctx context.Context, q store.EventQuery) ([]store.Event, bool, error) {
	var out []store.Event
	var more bool
	err := t.st.View(ctx, func(tx store.Tx) (err error) {
		out, more, err = tx.Events().Lookup(ctx, q)
		return err
	})
	return out, more, err
}

// newID returns a UUID, the form of CloudTrail's event IDs, of version 7 (RFC 9562): the time's
// Unix milliseconds, then 74 random bits. Time-ordered IDs keep the primary keys of events and
// event_resources append-mostly: a batch of records lands on a few pages of each, where random
// (version 4) IDs put every record on a page of its own, which the commit then copies.
func newID(t time.Time) string {
	var b [16]byte
	rand.Read(b[6:])
	ms := uint64(t.UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	b[6] = b[6]&0x0f | 0x70
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	hex.Encode(s[9:13], b[4:6])
	hex.Encode(s[14:18], b[6:8])
	hex.Encode(s[19:23], b[8:10])
	hex.Encode(s[24:], b[10:])
	s[8], s[13], s[18], s[23] = '-', '-', '-', '-'
	return string(s[:])
}
