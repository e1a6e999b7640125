package authn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/internal/slab"
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

// Principals says whether the user or role a session belongs to still exists, and names the
// IAM user a long-term key belongs to; *authz.Authorizer (through its principal cache, which
// the change feed keeps exact) is one.
type Principals interface {
	PrincipalExists(ctx context.Context, kind store.PrincipalKind, id string) (bool, error)
	// UserIdentity returns the user's ARN and name; store.ErrNotFound when there is none.
	UserIdentity(ctx context.Context, id string) (arn, name string, err error)
}

// UserLoader is Principals that can read a user in a read transaction its caller opened:
// a key's first use then reads the key and its user in one transaction, not two.
// *authz.Authorizer is one.
type UserLoader interface {
	// UserLoad is called before the transaction begins; the function it returns reads and
	// keeps user id (if it is not kept already).
	UserLoad() func(ctx context.Context, tx store.Tx, id string) error
}

// Options configure an Authenticator.
type Options struct {
	// Secrets opens sealed secret access keys and MFA seeds. Required for Lookup.
	Secrets Opener
	// Sessions seals and opens session tokens; without it no temporary credentials can be
	// issued or used.
	Sessions Sealer
	// Principals answers whether a session's role or user exists and names a key's user; nil
	// reads the store (on every request: tests only).
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

	mu       sync.RWMutex
	epoch    uint64               // grows with every invalidation: a load that started before does not store
	keys     slab.Table[keyEntry] // by access key ID: a million keys are a few thousand objects to the collector
	accounts map[string]*account  // the current one of each account with keys cached

	sessMu   sync.RWMutex
	sessions map[string]*sessionEntry
}

// keyEntry is a known, active access key with its opened secret: a million-user node holds
// one per key, so it is small (48 bytes and the secret's 48) and shares what it can. The
// caller is built per request from it (LookupInto): the account is shared by every key of it,
// and a user's ARN and name come from authz's principal cache, which holds them anyway, so a
// user's rename or move does not touch this cache at all.
type keyEntry struct {
	secret  []byte
	account *account
	// userID is the key's IAM user, "" for the root user's key.
	userID string
}

// account is an account whose keys are cached: its closing or removal marks it stale, and each
// of its keys is read again on its next use (no walk over every key).
type account struct {
	id    string
	stale atomic.Bool
}

// New returns an Authenticator over st (the raw backend).
func New(st store.Store, o Options) *Authenticator {
	a := &Authenticator{raw: st, secrets: o.Secrets, seals: o.Sessions, principals: o.Principals, now: o.Now,
		log: o.Logger, accounts: make(map[string]*account), sessions: make(map[string]*sessionEntry)}
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

// Lookup returns the secret of an active long-term access key and the caller it authenticates
// (a new one: LookupInto fills one the request already has). The secret is the cache's own
// copy: the caller must not modify it. An unknown or Inactive key is ErrUnknownKey.
func (a *Authenticator) Lookup(ctx context.Context, accessKeyID string) (secret []byte, caller *callctx.Caller, err error) {
	caller = new(callctx.Caller)
	if secret, err = a.LookupInto(ctx, accessKeyID, caller); err != nil {
		return nil, nil, err
	}
	return secret, caller, nil
}

// LookupInto is Lookup writing the caller into dst (which it overwrites whole).
func (a *Authenticator) LookupInto(ctx context.Context, accessKeyID string, dst *callctx.Caller) (secret []byte, err error) {
	a.mu.RLock()
	e, ok := a.keys.Get(accessKeyID)
	epoch := a.epoch
	a.mu.RUnlock()
	if !ok || e.account.stale.Load() {
		loaded, err := a.loadKey(ctx, accessKeyID)
		if err != nil {
			return nil, err
		}
		e = &loaded
		a.mu.Lock()
		if a.epoch == epoch {
			if a.keys.Len() >= maxKeys {
				a.clear()
			}
			// The table keeps a copy of the ID, not the request's, a piece of its
			// Authorization header.
			e = a.keys.Put(accessKeyID, loaded)
		}
		a.mu.Unlock()
	}
	if err := a.caller(ctx, accessKeyID, e, dst); err != nil {
		return nil, err
	}
	return e.secret, nil
}

// caller fills dst with the caller of the cached key e.
func (a *Authenticator) caller(ctx context.Context, accessKeyID string, e *keyEntry, dst *callctx.Caller) error {
	if e.userID == "" {
		id := e.account.id
		*dst = callctx.Caller{Kind: callctx.KindRoot, AccountID: id, ARN: arn.Root(id), UniqueID: id, AccessKeyID: accessKeyID}
		return nil
	}
	userARN, name, err := a.userIdentity(ctx, e.userID)
	if errors.Is(err, store.ErrNotFound) {
		// Not possible while the key exists (DeleteUser refuses a user with keys); a store
		// edited by another tool, say.
		return ErrUnknownKey
	}
	if err != nil {
		return fmt.Errorf("authn: looking up the user of access key %s: %w", accessKeyID, err)
	}
	*dst = callctx.Caller{Kind: callctx.KindUser, AccountID: e.account.id, ARN: userARN, UniqueID: e.userID,
		UserID: e.userID, UserName: name, AccessKeyID: accessKeyID}
	return nil
}

// userIdentity is Principals.UserIdentity, or a store read without Principals.
func (a *Authenticator) userIdentity(ctx context.Context, id string) (userARN, name string, err error) {
	if a.principals != nil {
		return a.principals.UserIdentity(ctx, id)
	}
	var u store.User
	err = a.raw.View(ctx, func(tx store.Tx) error {
		u, err = tx.Users().GetByID(ctx, id)
		return err
	})
	return u.ARN, u.Name, err
}

func (a *Authenticator) loadKey(ctx context.Context, id string) (keyEntry, error) {
	if a.secrets == nil {
		return keyEntry{}, errors.New("authn: no secret opener configured")
	}
	var loadUser func(context.Context, store.Tx, string) error
	if l, ok := a.principals.(UserLoader); ok {
		loadUser = l.UserLoad()
	}
	var k store.AccessKey
	err := a.raw.View(ctx, func(tx store.Tx) error {
		var err error
		if k, err = tx.AccessKeys().Get(ctx, id); err != nil || loadUser == nil || k.UserID == "" || k.Status != store.StatusActive {
			return err
		}
		// The key's user, which the caller is built from next: in this transaction. A user
		// not found is left for the caller to report.
		if err := loadUser(ctx, tx, k.UserID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return keyEntry{}, ErrUnknownKey
	}
	if err != nil {
		return keyEntry{}, fmt.Errorf("authn: looking up access key %s: %w", id, err)
	}
	if k.Status != store.StatusActive {
		return keyEntry{}, ErrUnknownKey
	}
	secret, err := a.secrets.Open(k.SealedSecret, []byte(k.ID))
	if err != nil {
		return keyEntry{}, fmt.Errorf("authn: opening the secret of access key %s: %w", id, err)
	}
	return keyEntry{secret: secret, account: a.account(k.AccountID), userID: k.UserID}, nil
}

// account returns the current account of this ID.
func (a *Authenticator) account(id string) *account {
	a.mu.RLock()
	acct, ok := a.accounts[id]
	a.mu.RUnlock()
	if ok {
		return acct
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if acct, ok := a.accounts[id]; ok {
		return acct
	}
	if len(a.accounts) >= maxKeys {
		a.clear()
	}
	acct = &account{id: strings.Clone(id)}
	a.accounts[acct.id] = acct
	return acct
}

// clear empties the key cache: every account is marked, so that a key read before, not yet
// stored, is read again on its next use. The caller holds a.mu.
func (a *Authenticator) clear() {
	a.keys.Clear()
	for _, acct := range a.accounts {
		acct.stale.Store(true)
	}
	clear(a.accounts)
	a.epoch++
}

// Invalidate drops the keys the changes make stale (feed.Subscriber).
func (a *Authenticator) Invalidate(changes []store.Change) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ch := range changes {
		switch ch.Kind {
		case store.KindAccessKey:
			a.keys.Delete(ch.Key)
		case store.KindAccount:
			// An account closed or removed: its keys are read again on their next use (one
			// mark, not a walk over every key).
			if acct, ok := a.accounts[ch.AccountID]; ok {
				acct.stale.Store(true)
				delete(a.accounts, ch.AccountID)
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
	a.clear()
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
