package usage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

const (
	// FlushInterval is how often Run writes the buffered data: after a crash, at most this
	// much usage is lost (issue 8: "at most 1 s behind after a crash").
	FlushInterval = time.Second
	// shutdownFlushTimeout bounds the last flush when Run stops.
	shutdownFlushTimeout = 5 * time.Second
	// MaxPendingAccesses bounds the access-advisor records buffered between flushes. A record
	// is one (entity, service, action) triple, so the buffer is normally far smaller; past the
	// bound new triples are dropped until the next flush rather than letting memory grow.
	MaxPendingAccesses = 200_000
)

// accessKey identifies one access-advisor record.
type accessKey struct {
	account, entity, namespace, action string
}

// Tracker buffers usage. It is safe for concurrent use.
type Tracker struct {
	raw store.Store
	now func() time.Time
	log *slog.Logger

	keys     buffer[string, store.AccessKeyUse]
	roles    buffer[string, store.RoleUse]
	accesses buffer[accessKey, store.AccessRecord]
}

// New returns a tracker writing to st. A nil now means time.Now, a nil log slog.Default().
func New(st store.Store, now func() time.Time, log *slog.Logger) *Tracker {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	t := &Tracker{raw: st, now: now, log: log}
	t.keys.init(0, func(u store.AccessKeyUse) time.Time { return u.When }, strings.Compare)
	t.roles.init(0, func(u store.RoleUse) time.Time { return u.When }, strings.Compare)
	t.accesses.init(MaxPendingAccesses, func(r store.AccessRecord) time.Time { return r.When }, func(a, b accessKey) int {
		return cmp.Or(strings.Compare(a.account, b.account), strings.Compare(a.entity, b.entity),
			strings.Compare(a.namespace, b.namespace), strings.Compare(a.action, b.action))
	})
	return t
}

// stamp is the current time as IAM reports last use: UTC, whole seconds.
func (t *Tracker) stamp() time.Time { return t.now().UTC().Truncate(time.Second) }

// RecordKeyUse notes that an access key was just used to call service in region.
func (t *Tracker) RecordKeyUse(accessKeyID, service, region string) {
	t.keys.note(accessKeyID, store.AccessKeyUse{When: t.stamp(), Service: service, Region: region})
}

// RecordRoleUse notes that a session of the role just made a request (or the role was
// assumed) in region.
func (t *Tracker) RecordRoleUse(roleID, region string) {
	t.roles.note(roleID, store.RoleUse{When: t.stamp(), Region: region})
}

// RecordAccess notes an authorization attempt for access advisor. AWS's last-accessed data
// "includes all attempts to access an AWS API, not just the successful ones" (IAM User Guide,
// access_policies_last-accessed.html), made by IAM users and roles: entity is the user's or
// role's ARN (for a federated session, the user it came from); "" (root, unknown principals)
// records nothing. Each attempt is recorded for the service as a whole (Action "") and for the
// action.
func (t *Tracker) RecordAccess(account, entity, action, region string) {
	ns, name, ok := strings.Cut(action, ":")
	if entity == "" || !ok || ns == "" || name == "" {
		return
	}
	ns = strings.ToLower(ns)
	rec := store.AccessRecord{AccountID: account, EntityARN: entity, Namespace: ns, When: t.stamp(),
		AuthenticatedEntity: entity, Region: region}
	b := &t.accesses
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, act := range [2]string{"", name} {
		r := rec
		r.Action = act
		b.noteLocked(accessKey{account: account, entity: entity, namespace: ns, action: act}, r)
	}
}

// Flush writes the buffered data: key use, role use and access-advisor records. Keys, roles
// and accounts deleted meanwhile are skipped. On failure the data stays buffered for the next
// flush.
func (t *Tracker) Flush(ctx context.Context) error {
	if t.accesses.takeDropped() {
		t.log.Warn("usage: access-advisor buffer was full; some accesses were not recorded", "limit", MaxPendingAccesses)
	}
	return errors.Join(
		flush(ctx, t.raw, &t.keys, "access key use", func(ctx context.Context, tx store.Tx, id string, u store.AccessKeyUse) error {
			return tx.AccessKeys().RecordUse(ctx, id, u)
		}),
		flush(ctx, t.raw, &t.accesses, "service last accessed data", func(ctx context.Context, tx store.Tx, _ accessKey, r store.AccessRecord) error {
			return tx.LastAccessed().Record(ctx, r)
		}),
		flush(ctx, t.raw, &t.roles, "role use", func(ctx context.Context, tx store.Tx, id string, u store.RoleUse) error {
			return tx.Roles().RecordUse(ctx, id, u)
		}))
}

// Unstored is how many usage records (key use, role use, access-advisor records) are not yet
// stored: buffered, or in the flush under way. It is 0 once the node has written everything
// its requests noted.
func (t *Tracker) Unstored() int {
	return t.keys.unstored() + t.roles.unstored() + t.accesses.unstored()
}

// Run flushes every FlushInterval until ctx is done, then flushes one last time.
func (t *Tracker) Run(ctx context.Context) {
	tick := time.NewTicker(FlushInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownFlushTimeout)
			if err := t.Flush(fctx); err != nil {
				t.log.Error("usage: flushing on shutdown", "error", err)
			}
			cancel()
			return
		case <-tick.C:
			if err := t.Flush(ctx); err != nil && ctx.Err() == nil {
				t.log.Error("usage: flushing", "error", err)
			}
		}
	}
}

// flush writes b's batch with write, in one transaction; an entity gone meanwhile
// (store.ErrNotFound) is skipped. On failure the batch goes back into b.
func flush[K comparable, V any](ctx context.Context, st store.Store, b *buffer[K, V], what string,
	write func(context.Context, store.Tx, K, V) error) error {
	batch := b.take()
	if len(batch) == 0 {
		return nil
	}
	// In the order of the tables' keys: a flush of records of many users scattered over a large
	// database then visits each page once, in order, instead of at random (at 100,000 users the
	// flush was a fifth of the node's CPU under a steady load of requests).
	keys := slices.SortedFunc(maps.Keys(batch), b.order)
	err := st.Update(ctx, func(tx store.Tx) error {
		for _, k := range keys {
			if err := write(ctx, tx, k, batch[k]); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.restore(batch)
		return fmt.Errorf("usage: recording %s: %w", what, err)
	}
	b.done(batch)
	return nil
}

// buffer keeps the latest value per key between flushes.
type buffer[K comparable, V any] struct {
	mu      sync.Mutex
	pending map[K]V
	writing int // records of the batches being written: taken, neither stored nor restored yet
	limit   int // 0: unbounded
	dropped bool
	when    func(V) time.Time
	order   func(K, K) int // the order flushes write in: the table's key order
}

func (b *buffer[K, V]) init(limit int, when func(V) time.Time, order func(K, K) int) {
	b.pending, b.limit, b.when, b.order = make(map[K]V), limit, when, order
}

// note keeps v for k unless a later value is already buffered.
func (b *buffer[K, V]) note(k K, v V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.noteLocked(k, v)
}

func (b *buffer[K, V]) noteLocked(k K, v V) {
	prev, seen := b.pending[k]
	switch {
	case !seen && b.limit > 0 && len(b.pending) >= b.limit:
		b.dropped = true
	case !seen || !b.when(prev).After(b.when(v)):
		b.pending[k] = v
	}
}

// take returns the batch and starts a new one.
func (b *buffer[K, V]) take() map[K]V {
	b.mu.Lock()
	defer b.mu.Unlock()
	batch := b.pending
	b.pending = make(map[K]V)
	b.writing += len(batch)
	return batch
}

// done ends the write of a batch take returned.
func (b *buffer[K, V]) done(batch map[K]V) {
	b.mu.Lock()
	b.writing -= len(batch)
	b.mu.Unlock()
}

// unstored is how many records wait: buffered, or in the batch being written.
func (b *buffer[K, V]) unstored() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.pending) + b.writing
}

// restore puts a batch that could not be written back, keeping later values noted meanwhile.
func (b *buffer[K, V]) restore(batch map[K]V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.writing -= len(batch)
	for k, v := range batch {
		if cur, ok := b.pending[k]; !ok || b.when(v).After(b.when(cur)) {
			b.pending[k] = v
		}
	}
}

func (b *buffer[K, V]) takeDropped() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	d := b.dropped
	b.dropped = false
	return d
}
