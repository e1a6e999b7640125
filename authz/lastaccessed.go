package authz

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// maxPendingAccesses bounds the access-advisor records buffered between flushes. A record is
// one (entity, service, action) triple, so the buffer is normally far smaller; past the bound
// new triples are dropped until the next flush rather than letting memory grow without limit.
const maxPendingAccesses = 200_000

// accessKey identifies one access-advisor record.
type accessKey struct {
	account, entity, namespace, action string
}

// accesses buffers access-advisor data (service last accessed, IAM User Guide
// "access_policies_last-accessed.html") in memory, like key usage: recording an access never
// writes to the database; FlushUsage writes the batch.
type accesses struct {
	mu      sync.Mutex
	pending map[accessKey]store.AccessRecord
	dropped bool
}

func newAccesses() *accesses { return &accesses{pending: make(map[accessKey]store.AccessRecord)} }

// recordAccess notes an authorization attempt for access advisor. AWS's last-accessed data
// "includes all attempts to access an AWS API, not just the successful ones", made by IAM
// users and roles (through their sessions): the root user and unknown principals are not
// tracked. Each attempt is recorded for the service as a whole (Action "") and for the action,
// against the IAM entity: a user (for a federated session, the user it came from) or a role.
func (a *Authorizer) recordAccess(call *Call, p *policy.Principal, action string) {
	entity := ""
	switch call.Caller.Kind {
	case KindUser:
		entity = p.ARN
	case KindFederatedUser:
		entity = p.FederatedFrom
	case KindRoleSession:
		entity = p.RoleARN
	}
	ns, name, ok := strings.Cut(action, ":")
	if entity == "" || !ok || ns == "" || name == "" {
		return
	}
	ns = strings.ToLower(ns)
	when := a.now().UTC().Truncate(time.Second)
	rec := store.AccessRecord{AccountID: call.Caller.AccountID, EntityARN: entity, Namespace: ns, When: when,
		AuthenticatedEntity: entity, Region: call.Region}
	l := a.usage.access
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, act := range [2]string{"", name} {
		k := accessKey{account: rec.AccountID, entity: entity, namespace: ns, action: act}
		prev, seen := l.pending[k]
		if !seen && len(l.pending) >= maxPendingAccesses {
			l.dropped = true
			continue
		}
		if seen && prev.When.After(when) {
			continue
		}
		r := rec
		r.Action = act
		l.pending[k] = r
	}
}

// flushAccesses writes the buffered access-advisor records. Records of accounts deleted
// meanwhile are skipped; on failure the batch stays buffered for the next flush.
func (a *Authorizer) flushAccesses(ctx context.Context) error {
	l := a.usage.access
	l.mu.Lock()
	batch, dropped := l.pending, l.dropped
	l.pending, l.dropped = make(map[accessKey]store.AccessRecord), false
	l.mu.Unlock()
	if dropped {
		a.log.Warn("authz: access-advisor buffer was full; some accesses were not recorded", "limit", maxPendingAccesses)
	}
	if len(batch) == 0 {
		return nil
	}
	err := a.raw.Update(ctx, func(tx store.Tx) error {
		la := tx.LastAccessed()
		for _, r := range batch {
			if err := la.Record(ctx, r); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		l.mu.Lock()
		for k, r := range batch {
			if cur, ok := l.pending[k]; !ok || r.When.After(cur.When) {
				l.pending[k] = r
			}
		}
		l.mu.Unlock()
		return fmt.Errorf("authz: recording service last accessed data: %w", err)
	}
	return nil
}
