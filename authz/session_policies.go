package authz

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
)

// maxSessionSets bounds the compiled session policies kept (see the other cache bounds).
const maxSessionSets = 100_000

// sessionSets holds each session caller's compiled session policies, keyed by the caller
// value authn builds once per token, so a session's requests compile nothing. A set with
// managed session policies resolves them to their current default versions, and is rebuilt
// when the policy caches have changed since it was built.
type sessionSets struct {
	mu sync.Mutex
	m  map[*callctx.Caller]*sessionSet
}

type sessionSet struct {
	set     *policy.Set
	managed bool   // depends on managed policies: rebuilt when epoch is stale
	epoch   uint64 // the cache epoch it was built at
}

func newSessionSets() *sessionSets {
	return &sessionSets{m: make(map[*callctx.Caller]*sessionSet)}
}

// sessionSet returns the caller's session policies as one Set, nil when none were passed.
func (a *Authorizer) sessionSet(ctx context.Context, c *callctx.Caller) (*policy.Set, error) {
	if !c.HasSessionPolicies() {
		return nil, nil
	}
	a.cache.mu.RLock()
	epoch := a.cache.epoch
	a.cache.mu.RUnlock()
	ss := a.sessions
	ss.mu.Lock()
	e, ok := ss.m[c]
	ss.mu.Unlock()
	if ok && (!e.managed || e.epoch == epoch) {
		return e.set, nil
	}
	set, err := a.buildSessionSet(ctx, c)
	if err != nil {
		return nil, err
	}
	ss.mu.Lock()
	if len(ss.m) >= maxSessionSets {
		clear(ss.m)
	}
	ss.m[c] = &sessionSet{set: set, managed: len(c.SessionPolicyARNs) > 0, epoch: epoch}
	ss.mu.Unlock()
	return set, nil
}

// buildSessionSet compiles the inline session policy and the current default versions of the
// managed ones. The inline policy was validated when the session was issued; if it cannot be
// read now, it is an empty policy that allows nothing. A managed policy deleted since allows
// nothing.
func (a *Authorizer) buildSessionSet(ctx context.Context, c *callctx.Caller) (*policy.Set, error) {
	policies := []*policy.Policy{}
	if c.SessionPolicy != "" {
		if p, ok := a.compile(policy.Session, c.SessionPolicy); ok {
			policies = append(policies, p.p)
		}
	}
	docs := make([]string, len(c.SessionPolicyARNs))
	var stored []int
	for i, policyARN := range c.SessionPolicyARNs {
		if strings.HasPrefix(policyARN, managed.ARNPrefix+"/") {
			docs[i], _ = a.managed(policyARN)
		} else {
			stored = append(stored, i)
		}
	}
	if len(stored) > 0 {
		err := a.raw.View(ctx, func(tx store.Tx) error {
			for _, i := range stored {
				v, err := tx.Policies().DefaultVersion(ctx, c.AccountID, c.SessionPolicyARNs[i])
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				docs[i] = v.Document
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("authz: loading managed session policies: %w", err)
		}
	}
	for _, doc := range docs {
		if doc == "" {
			continue
		}
		if p, ok := a.compile(policy.Identity, doc); ok {
			policies = append(policies, p.p)
		}
	}
	return policy.NewSet(policies...), nil
}

// resourceSet compiles a request's resource policy. One that cannot be read allows nothing.
func (a *Authorizer) resourceSet(r Request) *policy.Set {
	kind := policy.Resource
	if r.ResourceKind == policy.ResourceRoleTrust {
		kind = policy.RoleTrust
	}
	var b setBuilder
	b.add(a, kind, "", r.ResourcePolicy)
	return b.build(a).set // shared: a role's trust policy is indexed once, not per AssumeRole
}

// rootAllowAll stands for the root user's permissions in a federated session it created:
// the root user may do everything in its account, and the session gets that intersected
// with its session policies.
const rootAllowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// rootFederation is policiesFor for a GetFederationToken session of the root user.
func (a *Authorizer) rootFederation(ctx context.Context, c *callctx.Caller) (policy.Policies, *policy.Principal, policyARNs, error) {
	session, err := a.sessionSet(ctx, c)
	if err != nil {
		return policy.Policies{}, nil, policyARNs{}, err
	}
	if session == nil {
		session = policy.NewSet()
	}
	var b setBuilder
	b.add(a, policy.Identity, "", rootAllowAll)
	in := policy.Policies{Identity: b.build(a).set, Session: session}
	p := &policy.Principal{Kind: policy.PrincipalFederatedUser, ARN: c.ARN, Account: c.AccountID, Tags: c.SessionTags,
		FederatedFrom: arn.Root(c.AccountID)}
	return in, p, policyARNs{}, nil
}
