package authz

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// usage buffers access-key use in memory, so that authenticating a request never writes to
// the database: Run flushes it every UsageFlushInterval and on shutdown, and readers of
// last-used data (GetAccessKeyLastUsed) flush first.
type usage struct {
	mu      sync.Mutex
	pending map[string]store.AccessKeyUse
	// access buffers service-last-accessed data the same way (lastaccessed.go).
	access *accesses
}

func newUsage() *usage {
	return &usage{pending: make(map[string]store.AccessKeyUse), access: newAccesses()}
}

// RecordUse notes that an access key was just used to call service in region.
func (a *Authorizer) RecordUse(accessKeyID, service, region string) {
	// IAM reports last use in whole seconds.
	u := store.AccessKeyUse{When: a.now().UTC().Truncate(time.Second), Service: service, Region: region}
	a.usage.mu.Lock()
	if prev, ok := a.usage.pending[accessKeyID]; !ok || !prev.When.After(u.When) {
		a.usage.pending[accessKeyID] = u
	}
	a.usage.mu.Unlock()
}

// FlushUsage writes the buffered key-usage data, the buffered service-last-accessed data
// (lastaccessed.go) and the buffered RoleLastUsed data (session_usage.go). Keys deleted meanwhile are skipped. On failure the data stays buffered for
// the next flush.
func (a *Authorizer) FlushUsage(ctx context.Context) error {
	return errors.Join(a.flushKeyUsage(ctx), a.flushAccesses(ctx), a.flushRoleUse(ctx))
}

func (a *Authorizer) flushKeyUsage(ctx context.Context) error {
	a.usage.mu.Lock()
	batch := a.usage.pending
	a.usage.pending = make(map[string]store.AccessKeyUse)
	a.usage.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := a.raw.Update(ctx, func(tx store.Tx) error {
		keys := tx.AccessKeys()
		for id, u := range batch {
			if err := keys.RecordUse(ctx, id, u); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		a.usage.mu.Lock()
		for id, u := range batch {
			if cur, ok := a.usage.pending[id]; !ok || u.When.After(cur.When) {
				a.usage.pending[id] = u
			}
		}
		a.usage.mu.Unlock()
		return fmt.Errorf("authz: recording access key use: %w", err)
	}
	return nil
}
