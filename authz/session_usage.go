package authz

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// roleUsage buffers RoleLastUsed data like usage buffers key use: role sessions record their
// role's use on every request without a database write, and FlushUsage writes it.
type roleUsage struct {
	mu      sync.Mutex
	pending map[string]store.RoleUse
}

func newRoleUsage() *roleUsage { return &roleUsage{pending: make(map[string]store.RoleUse)} }

// RecordRoleUse notes that a session of the role just made a request in region.
func (a *Authorizer) RecordRoleUse(roleID, region string) {
	u := store.RoleUse{When: a.now().UTC().Truncate(time.Second), Region: region}
	a.roles.mu.Lock()
	if prev, ok := a.roles.pending[roleID]; !ok || !prev.When.After(u.When) {
		a.roles.pending[roleID] = u
	}
	a.roles.mu.Unlock()
}

// flushRoleUse writes the buffered role-use data; roles deleted meanwhile are skipped. On
// failure the data stays buffered.
func (a *Authorizer) flushRoleUse(ctx context.Context) error {
	a.roles.mu.Lock()
	batch := a.roles.pending
	a.roles.pending = make(map[string]store.RoleUse)
	a.roles.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := a.raw.Update(ctx, func(tx store.Tx) error {
		for id, u := range batch {
			if err := tx.Roles().RecordUse(ctx, id, u); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		a.roles.mu.Lock()
		for id, u := range batch {
			if cur, ok := a.roles.pending[id]; !ok || u.When.After(cur.When) {
				a.roles.pending[id] = u
			}
		}
		a.roles.mu.Unlock()
		return fmt.Errorf("authz: recording role use: %w", err)
	}
	return nil
}
