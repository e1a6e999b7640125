package authn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
)

// Cache bounds: past these sizes a cache is emptied and refilled on demand, which is correct
// (only slower) and keeps memory bounded however many keys an attacker makes us look at. Only
// keys that exist and are active are cached, so maxKeys bounds memory by the deployment's size:
// it holds every key of a million-user node (two each). Sessions are self-contained tokens
// anyone may mint with a valid key, so their cache stays smaller.
const (
	maxKeys     = 2_000_000
	maxSessions = 100_000
)

var (
	// ErrUnknownKey is the answer for an access key that does not exist or is Inactive, or a
	// session token that does not open: the api package answers InvalidClientTokenId, as AWS
	// does for both.
	ErrUnknownKey = errors.New("authn: unknown or inactive access key")
	// ErrExpiredToken is the answer for a valid token past its expiry: the api package
	// answers ExpiredToken, as AWS does.
	ErrExpiredToken = errors.New("authn: the session token has expired")
)

// Opener opens sealed secrets; *keyring.Keyring (purpose keyring.SecretAccessKeys) is one.
type Opener interface {
	Open(sealed, associatedData []byte) ([]byte, error)
}

// Sealer seals and opens STS session tokens; *keyring.Keyring (purpose
// keyring.SessionTokens) is one.
type Sealer = sessiontoken.Sealer

// Principals says whether the user or role a session belongs to still exists;
// *authz.Authorizer (through its principal cache) is one.
type Principals interface {
	PrincipalExists(ctx context.Context, kind store.PrincipalKind, id string) (bool, error)
}

// Options configure an Authenticator.
type Options struct {
	// Secrets opens sealed secret access keys and MFA seeds. Required for Lookup.
	Secrets Opener
	// Sessions seals and opens session tokens; without it no temporary credentials can be
	// issued or used.
	Sessions Sealer
	// Principals answers whether a session's role or user exists; nil reads the store.
	Principals Principals
	// Now is the clock (token expiry, MFA codes); nil means time.Now.
	Now func() time.Time
	// Logger receives problems; nil means slog.Default().
	Logger *slog.Logger
}

// Authenticator authenticates access keys and session tokens. It is safe for concurrent use.
type Authenticator struct {
	raw        store.Store
	secrets    Opener
	seals      Sealer
	principals Principals
	now        func() time.Time
	log        *slog.Logger

	mu    sync.RWMutex
	epoch uint64 // grows with every invalidation: a load that started before does not store
	keys  map[string]*keyEntry
	// byUser lists the cached keys of each user (by user ID), so that a change of one user
	// drops its keys without a walk over every key cached.
	byUser map[string][]string

	sessMu   sync.RWMutex
	sessions map[string]*sessionEntry
}

// keyEntry is a known, active access key with its opened secret.
type keyEntry struct {
	secret []byte
	caller *callctx.Caller
}

// New returns an Authenticator over st (the raw backend).
func New(st store.Store, o Options) *Authenticator {
	a := &Authenticator{raw: st, secrets: o.Secrets, seals: o.Sessions, principals: o.Principals, now: o.Now,
		log: o.Logger, keys: make(map[string]*keyEntry), byUser: make(map[string][]string), sessions: make(map[string]*sessionEntry)}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	return a
}

// Now reads the authenticator's clock, which STS uses to stamp and expire sessions.
func (a *Authenticator) Now() time.Time { return a.now() }

// Lookup returns the secret of an active long-term access key and the caller it authenticates.
// The secret is the cache's own copy: the caller must not modify it. An unknown or Inactive
// key is ErrUnknownKey.
func (a *Authenticator) Lookup(ctx context.Context, accessKeyID string) (secret []byte, caller *callctx.Caller, err error) {
	a.mu.RLock()
	e, ok := a.keys[accessKeyID]
	epoch := a.epoch
	a.mu.RUnlock()
	if ok {
		return e.secret, e.caller, nil
	}
	e, err = a.loadKey(ctx, accessKeyID)
	if err != nil {
		return nil, nil, err
	}
	a.mu.Lock()
	if a.epoch == epoch {
		if len(a.keys) >= maxKeys {
			clear(a.keys)
			clear(a.byUser)
		}
		a.keys[accessKeyID] = e
		if u := e.caller.UserID; u != "" && !slices.Contains(a.byUser[u], accessKeyID) {
			a.byUser[u] = append(a.byUser[u], accessKeyID)
		}
	}
	a.mu.Unlock()
	return e.secret, e.caller, nil
}

func (a *Authenticator) loadKey(ctx context.Context, id string) (*keyEntry, error) {
	if a.secrets == nil {
		return nil, errors.New("authn: no secret opener configured")
	}
	var k store.AccessKey
	var u store.User
	err := a.raw.View(ctx, func(tx store.Tx) error {
		var err error
		if k, err = tx.AccessKeys().Get(ctx, id); err != nil {
			return err
		}
		if k.UserID != "" {
			u, err = tx.Users().GetByID(ctx, k.UserID)
		}
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnknownKey
	}
	if err != nil {
		return nil, fmt.Errorf("authn: looking up access key %s: %w", id, err)
	}
	if k.Status != store.StatusActive {
		return nil, ErrUnknownKey
	}
	secret, err := a.secrets.Open(k.SealedSecret, []byte(k.ID))
	if err != nil {
		return nil, fmt.Errorf("authn: opening the secret of access key %s: %w", id, err)
	}
	caller := &callctx.Caller{Kind: callctx.KindRoot, AccountID: k.AccountID, ARN: arn.Root(k.AccountID),
		UniqueID: k.AccountID, AccessKeyID: k.ID}
	if k.UserID != "" {
		caller = &callctx.Caller{Kind: callctx.KindUser, AccountID: k.AccountID, ARN: u.ARN, UniqueID: u.ID,
			UserID: u.ID, UserName: u.Name, AccessKeyID: k.ID}
	}
	return &keyEntry{secret: secret, caller: caller}, nil
}

// Invalidate drops the keys the changes make stale (feed.Subscriber).
func (a *Authenticator) Invalidate(changes []store.Change) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ch := range changes {
		switch ch.Kind {
		case store.KindAccessKey:
			delete(a.keys, ch.Key)
		case store.KindUser:
			// A renamed or moved user has a new ARN: its keys' callers must be rebuilt.
			for _, id := range a.byUser[ch.Key] {
				delete(a.keys, id)
			}
			delete(a.byUser, ch.Key)
		case store.KindAccount:
			for id, k := range a.keys {
				if k.caller.AccountID == ch.AccountID {
					delete(a.keys, id)
				}
			}
		default:
			continue
		}
		a.epoch++
	}
}

// Reset empties the key cache (feed.Subscriber). Opened session tokens depend on nothing in
// the store and stay.
func (a *Authenticator) Reset() {
	a.mu.Lock()
	clear(a.keys)
	clear(a.byUser)
	a.epoch++
	a.mu.Unlock()
}

// MayCallService reports whether the caller's credentials may be used with a service at
// all. AWS refuses GetFederationToken credentials for every IAM operation, and
// GetSessionToken credentials obtained without MFA likewise ("You cannot call any IAM API
// operations unless MFA authentication information is included in the request", STS API
// Reference, GetSessionToken and GetFederationToken); it answers InvalidClientTokenId.
func MayCallService(c *callctx.Caller, service string) bool {
	if service != "iam" {
		return true
	}
	switch c.Issuer {
	case callctx.IssuerFederationToken:
		return false
	case callctx.IssuerSessionToken:
		return c.MFA
	}
	return true
}
