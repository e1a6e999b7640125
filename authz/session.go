package authz

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Sealer seals and opens values with associated data: STS session tokens and encoded
// authorization messages. *keyring.Keyring (purpose keyring.SessionTokens) is one.
type Sealer = sessiontoken.Sealer

// ErrExpiredToken is LookupSession's answer for a valid token past its expiry: the api
// package answers ExpiredToken, as AWS does.
var ErrExpiredToken = errors.New("authz: the session token has expired")

// maxSessions bounds the cache of opened session tokens (see the other cache bounds).
const maxSessions = 100_000

// Now reads the authorizer's clock, which STS uses to stamp and expire sessions.
func (a *Authorizer) Now() time.Time { return a.now() }

// SealSession seals the claims of a new session into its token.
func (a *Authorizer) SealSession(c *sessiontoken.Claims) (string, error) {
	if a.seals == nil {
		return "", errors.New("authz: no session sealer configured")
	}
	return sessiontoken.Seal(a.seals, c)
}

// sessionEntry is an opened token: the caller it authenticates and its secret.
type sessionEntry struct {
	token  string
	secret []byte
	caller *Caller
}

// sessionCache holds opened tokens by access key ID, so a session's later requests skip
// opening and compiling. Entries depend on nothing in the store: whether the role or user
// still exists is checked on every request through the principal cache.
type sessionCache struct {
	mu sync.RWMutex
	m  map[string]*sessionEntry
}

func newSessionCache() *sessionCache { return &sessionCache{m: make(map[string]*sessionEntry)} }

// LookupSession authenticates temporary credentials: it opens the session token presented
// with accessKeyID (any node can: the token is self-contained) and returns the secret to
// verify the signature with and the caller. A token that does not open, is bound to another
// key, or whose role or user no longer exists is ErrUnknownKey; one past its expiry is
// ErrExpiredToken. The secret is shared: the caller must not modify it.
func (a *Authorizer) LookupSession(ctx context.Context, accessKeyID, token string) (secret []byte, caller *Caller, err error) {
	if a.seals == nil {
		return nil, nil, ErrUnknownKey
	}
	sc := a.sess
	sc.mu.RLock()
	e, ok := sc.m[accessKeyID]
	sc.mu.RUnlock()
	if !ok || e.token != token {
		claims, err := sessiontoken.Open(a.seals, accessKeyID, token)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrUnknownKey, err)
		}
		e = &sessionEntry{token: token, secret: []byte(claims.Secret), caller: a.callerFromClaims(claims)}
		if a.now().Before(e.caller.Expires) {
			sc.mu.Lock()
			if len(sc.m) >= maxSessions {
				clear(sc.m)
			}
			sc.m[accessKeyID] = e
			sc.mu.Unlock()
		}
	}
	c := e.caller
	if !a.now().Before(c.Expires) {
		return nil, nil, ErrExpiredToken
	}
	if err := a.sessionPrincipalExists(ctx, c); err != nil {
		return nil, nil, err
	}
	return e.secret, c, nil
}

// sessionPrincipalExists fails with ErrUnknownKey when the role or user a session belongs to
// is gone: a role deleted (even recreated under the same name, with a new ID) ends its
// sessions.
func (a *Authorizer) sessionPrincipalExists(ctx context.Context, c *Caller) error {
	var k principalKey
	switch c.Kind {
	case KindRoleSession:
		k = principalKey{kind: store.PrincipalRole, id: c.RoleID}
	case KindUser, KindFederatedUser:
		if c.UserID == "" {
			return nil // a federated session of the root user
		}
		k = principalKey{kind: store.PrincipalUser, id: c.UserID}
	default:
		return nil
	}
	if _, err := a.principal(ctx, k); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("%w: the session's %s no longer exists", ErrUnknownKey, k.kind)
		}
		return err
	}
	return nil
}

// callerFromClaims builds the caller a token authenticates, its inline session policy
// compiled once.
func (a *Authorizer) callerFromClaims(cl *sessiontoken.Claims) *Caller {
	c := &Caller{AccountID: cl.AccountID, ARN: cl.ARN, UniqueID: cl.UniqueID, UserID: cl.UserID, UserName: cl.UserName,
		AccessKeyID: cl.AccessKeyID, RoleARN: cl.RoleARN, RoleID: cl.RoleID, SessionName: cl.SessionName,
		TokenIssued: cl.Issued, MFA: cl.MFA, MFATime: cl.MFATime, SourceIdentity: cl.SourceIdentity,
		Temporary: true, Expires: cl.Expires, SessionPolicyARNs: cl.PolicyARNs, TransitiveTagKeys: cl.TransitiveKeys,
		Chained: cl.Chained}
	switch cl.Kind {
	case sessiontoken.RoleSession:
		c.Kind, c.Issuer = KindRoleSession, IssuerAssumeRole
	case sessiontoken.FederatedUser:
		c.Kind, c.Issuer = KindFederatedUser, IssuerFederationToken
	case sessiontoken.UserSession:
		c.Kind, c.Issuer = KindUser, IssuerSessionToken
	case sessiontoken.RootSession:
		c.Kind, c.Issuer = KindRoot, IssuerSessionToken
	}
	if len(cl.Tags) > 0 {
		c.SessionTags = make(map[string]string, len(cl.Tags))
		for _, t := range cl.Tags {
			c.SessionTags[t.Key] = t.Value
		}
	}
	sp := &CompiledSession{arns: cl.PolicyARNs, account: cl.AccountID}
	if cl.Policy != "" {
		if p := a.compile(policy.Session, cl.Policy); p != nil {
			sp.inline = []*policy.Policy{p}
		} else {
			// The policy was validated when the session was issued; if it cannot be read now,
			// the session keeps a session policy that allows nothing.
			sp.inline = []*policy.Policy{}
		}
		c.SessionPolicies = sp.inline
	}
	if cl.Policy != "" || len(cl.PolicyARNs) > 0 {
		if len(sp.arns) == 0 {
			sp.fixed = policy.NewSet(sp.inline...)
		}
		c.Compiled = sp
	}
	return c
}

// CompiledSession is a session's compiled session policies, opaque outside authz. Managed
// ones are resolved to their current default versions: the set is rebuilt when the
// authorization caches have changed since it was built.
type CompiledSession struct {
	inline  []*policy.Policy
	arns    []string
	account string
	fixed   *policy.Set // the set when there are no managed policies

	mu    sync.Mutex
	built bool
	epoch uint64
	set   *policy.Set
}

// sessionSet returns the caller's session policies as one Set, nil when none were passed.
func (a *Authorizer) sessionSet(ctx context.Context, c *Caller) (*policy.Set, error) {
	sp := c.Compiled
	if sp == nil {
		return c.sessionSet(), nil
	}
	if sp.fixed != nil {
		return sp.fixed, nil
	}
	a.cache.mu.RLock()
	epoch := a.cache.epoch
	a.cache.mu.RUnlock()
	sp.mu.Lock()
	if sp.built && sp.epoch == epoch {
		s := sp.set
		sp.mu.Unlock()
		return s, nil
	}
	sp.mu.Unlock()
	docs := make([]string, len(sp.arns))
	var stored []int
	for i, arn := range sp.arns {
		if strings.HasPrefix(arn, managed.ARNPrefix+"/") {
			docs[i], _ = a.managed(arn)
		} else {
			stored = append(stored, i)
		}
	}
	if len(stored) > 0 {
		err := a.raw.View(ctx, func(tx store.Tx) error {
			for _, i := range stored {
				v, err := tx.Policies().DefaultVersion(ctx, sp.account, sp.arns[i])
				if errors.Is(err, store.ErrNotFound) {
					continue // deleted since: it allows nothing
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
	policies := append([]*policy.Policy(nil), sp.inline...)
	for _, doc := range docs {
		if doc == "" {
			continue
		}
		if p := a.compile(policy.Identity, doc); p != nil {
			policies = append(policies, p)
		}
	}
	set := policy.NewSet(policies...)
	sp.mu.Lock()
	sp.set, sp.epoch, sp.built = set, epoch, true
	sp.mu.Unlock()
	return set, nil
}

// resourceSet compiles a request's resource policy. One that cannot be read allows nothing.
func (a *Authorizer) resourceSet(r Request) *policy.Set {
	kind := policy.Resource
	if r.ResourceKind == policy.ResourceRoleTrust {
		kind = policy.RoleTrust
	}
	if p := a.compile(kind, r.ResourcePolicy); p != nil {
		return policy.NewSet(p)
	}
	return policy.NewSet()
}

// MayCallService reports whether the caller's credentials may be used with a service at
// all. AWS refuses GetFederationToken credentials for every IAM operation, and
// GetSessionToken credentials obtained without MFA likewise ("You cannot call any IAM API
// operations unless MFA authentication information is included in the request", STS API
// Reference, GetSessionToken and GetFederationToken); it answers InvalidClientTokenId.
func (c *Caller) MayCallService(service string) bool {
	if service != "iam" {
		return true
	}
	switch c.Issuer {
	case IssuerFederationToken:
		return false
	case IssuerSessionToken:
		return c.MFA
	}
	return true
}

// rootAllowAll stands for the root user's permissions in a federated session it created:
// the root user may do everything in its account, and the session gets that intersected
// with its session policies.
const rootAllowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// rootFederation is policiesFor for a GetFederationToken session of the root user.
func (a *Authorizer) rootFederation(ctx context.Context, c *Caller) (policy.Policies, *policy.Principal, policyARNs, error) {
	session, err := a.sessionSet(ctx, c)
	if err != nil {
		return policy.Policies{}, nil, policyARNs{}, err
	}
	if session == nil {
		session = policy.NewSet()
	}
	in := policy.Policies{Identity: policy.NewSet(a.compile(policy.Identity, rootAllowAll)), Session: session}
	p := &policy.Principal{Kind: policy.PrincipalFederatedUser, ARN: c.ARN, Account: c.AccountID, Tags: c.SessionTags,
		FederatedFrom: RootARN(c.AccountID)}
	return in, p, policyARNs{}, nil
}
