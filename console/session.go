package console

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/store"
)

// cookieName is the console's one cookie: a random browser ID before sign-in, the session ID
// after. Its value is a capability, so it is HttpOnly, SameSite=Strict, limited to the
// console's path, and Secure when the console is served over TLS.
const cookieName = "gatehouse_console"

// pendingLifetime bounds the steps between the password and a session (MFA, a forced change).
const pendingLifetime = 5 * time.Minute

// stage is how far a sign-in has got.
type stage uint8

const (
	stageMFA    stage = iota + 1 // the password was right; a one-time code or passkey is due
	stageChange                  // the password must be changed before going on
	stageIn                      // signed in
)

// session is a server-side console session. Only its ID leaves the server, in the cookie.
type session struct {
	id      string
	stage   stage
	created time.Time
	seen    time.Time
	// account is the account ID, accountInput what the user typed (ID or alias).
	account, accountInput string
	user                  store.User
	// root: the account's root user signed in (user then only names it, with no ID).
	root bool
	// mustChange: the password must be changed after the MFA step.
	mustChange bool
	mfa        bool
	mfaTime    time.Time
	caller     *callctx.Caller
}

// lockKey is the brute-force counter this sign-in counts against.
func (s *session) lockKey() string {
	if s.root {
		return rootLockKey(s.account)
	}
	return lockKeyFor(s.account, s.user.Name)
}

// holder is whose MFA devices the sign-in checks: the user's ID, or the account ID for root
// (never "", which authn takes as any holder).
func (s *session) holder() string {
	if s.root {
		return s.account
	}
	return s.user.ID
}

// sessions are the console's server-side sessions, kept in the store so that every node of a
// store shares them (a browser signed in through one node is signed in on the others, and
// signing out ends the session on all). A row is keyed by the SHA-256 of the session's ID: the
// ID itself, the cookie's capability, is never stored. Idle and absolute expiry are checked on
// every read; the last use is written at most once a minute (touchEvery), so idle expiry is
// exact to within that.
type sessions struct {
	st        store.Store
	now       func() time.Time
	idle, max time.Duration
	// callerOf is the signed-in session's principal as a caller.
	callerOf    func(*session) *callctx.Caller
	log         *slog.Logger
	lastCleanup atomic.Int64
}

// touchEvery is how stale a session's recorded last use may get before a read writes it.
const touchEvery = time.Minute

// sessionRecord is what the store keeps of a session (no secret: who, how far the sign-in got).
type sessionRecord struct {
	Stage        stage     `json:"stage"`
	Account      string    `json:"account"`
	AccountInput string    `json:"accountInput"`
	UserID       string    `json:"userId,omitempty"`
	UserName     string    `json:"userName"`
	UserARN      string    `json:"userArn"`
	Root         bool      `json:"root,omitempty"`
	MustChange   bool      `json:"mustChange,omitempty"`
	MFA          bool      `json:"mfa,omitempty"`
	MFATime      time.Time `json:"mfaTime,omitzero"`
}

func newSessions(st store.Store, now func() time.Time, idle, max time.Duration, callerOf func(*session) *callctx.Caller, log *slog.Logger) *sessions {
	return &sessions{st: st, now: now, idle: idle, max: max, callerOf: callerOf, log: log}
}

// newID returns 32 random bytes, base64url.
func newID() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// hashID is the key a session (or a ceremony) is stored under.
func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// start stores a new session (a new ID, so a sign-in never keeps a cookie set before it).
func (ss *sessions) start(ctx context.Context, s *session) error {
	now := ss.now()
	s.id, s.created, s.seen = newID(), now, now
	if s.stage == stageIn {
		s.caller = ss.callerOf(s)
	}
	rec, err := json.Marshal(sessionRecord{Stage: s.stage, Account: s.account, AccountInput: s.accountInput,
		UserID: s.user.ID, UserName: s.user.Name, UserARN: s.user.ARN, Root: s.root, MustChange: s.mustChange,
		MFA: s.mfa, MFATime: s.mfaTime})
	if err != nil {
		return err
	}
	expires := now.Add(pendingLifetime)
	if s.stage == stageIn {
		expires = now.Add(ss.max)
	}
	row := store.ConsoleSession{IDHash: hashID(s.id), AccountID: s.account, Data: rec, Created: now, Seen: now,
		Expires: expires}
	err = ss.st.Update(ctx, func(tx store.Tx) error { return tx.ConsoleSessions().Put(ctx, row) })
	if err != nil {
		return err
	}
	ss.cleanup(ctx, now)
	return nil
}

// get returns the live session with the ID and marks it used; nil when there is none or it
// expired (which also forgets it).
func (ss *sessions) get(ctx context.Context, id string) (*session, error) {
	now := ss.now()
	key := hashID(id)
	var row store.ConsoleSession
	err := ss.st.View(ctx, func(tx store.Tx) error {
		var err error
		row, err = tx.ConsoleSessions().Get(ctx, key)
		return err
	})
	if errors.Is(err, store.ErrNotFound) || err == nil && row.AccountID == "" { // "": a ceremony's row
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var rec sessionRecord
	if err := json.Unmarshal(row.Data, &rec); err != nil {
		return nil, fmt.Errorf("console: reading a session: %w", err)
	}
	s := &session{id: id, stage: rec.Stage, created: row.Created, seen: row.Seen, account: rec.Account,
		accountInput: rec.AccountInput, root: rec.Root, mustChange: rec.MustChange, mfa: rec.MFA, mfaTime: rec.MFATime,
		user: store.User{ID: rec.UserID, AccountID: rec.Account, Name: rec.UserName, ARN: rec.UserARN}}
	if ss.expired(s, now) {
		return nil, ss.end(ctx, id)
	}
	if now.Sub(s.seen) >= touchEvery {
		err := ss.st.Update(ctx, func(tx store.Tx) error { return tx.ConsoleSessions().Touch(ctx, key, now) })
		if errors.Is(err, store.ErrNotFound) { // signed out meanwhile
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		s.seen = now
	}
	if s.stage == stageIn {
		s.caller = ss.callerOf(s)
	}
	return s, nil
}

// expired reports whether s is past its idle or absolute limit.
func (ss *sessions) expired(s *session, now time.Time) bool {
	if s.stage != stageIn {
		return now.Sub(s.created) >= pendingLifetime
	}
	return now.Sub(s.seen) >= ss.idle || now.Sub(s.created) >= ss.max
}

// end forgets a session.
func (ss *sessions) end(ctx context.Context, id string) error {
	return ss.st.Update(ctx, func(tx store.Tx) error { return tx.ConsoleSessions().Delete(ctx, hashID(id)) })
}

// cleanup forgets expired sessions and idle failure counters, at most once a minute per node.
func (ss *sessions) cleanup(ctx context.Context, now time.Time) {
	last := ss.lastCleanup.Load()
	if now.UnixNano()-last < int64(time.Minute) || !ss.lastCleanup.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	err := ss.st.Update(ctx, func(tx store.Tx) error {
		_, err := tx.ConsoleSessions().DeleteExpired(ctx, now, now.Add(-2*LockoutMax))
		return err
	})
	if err != nil { // retried a minute later
		ss.log.Warn("console: removing expired sessions failed", "err", err)
	}
}

// csrfKeys loads the CSRF key the nodes of a store share (a page rendered by one node may be
// submitted to another): 32 random bytes, made by the first node that needs them and kept in
// the store sealed with the node's secrets key, in a row of console_sessions of no account.
type csrfKeys struct {
	st      store.Store
	secrets Sealer
	now     func() time.Time
	mu      sync.Mutex
	key     *csrfKey
}

// csrfKeyRow is the row's key (not a hash, so no session or ceremony can be stored under it).
const csrfKeyRow = "console-csrf-key"

var csrfKeyAD = []byte("gatehouse console csrf key")

// get returns the key, loading (or making) it on first use.
func (ks *csrfKeys) get(ctx context.Context) (*csrfKey, error) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.key != nil {
		return ks.key, nil
	}
	var key csrfKey
	err := ks.st.Update(ctx, func(tx store.Tx) error {
		row, err := tx.ConsoleSessions().Get(ctx, csrfKeyRow)
		if err == nil {
			raw, err := ks.secrets.Open(row.Data, csrfKeyAD)
			if err != nil || len(raw) != len(key) {
				return fmt.Errorf("console: opening the CSRF key: %v", err)
			}
			copy(key[:], raw)
			return nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if _, err := rand.Read(key[:]); err != nil {
			return err
		}
		sealed, err := ks.secrets.Seal(key[:], csrfKeyAD)
		if err != nil {
			return err
		}
		now := ks.now()
		// A century: never expired by cleanup, within the store's nanosecond timestamps.
		return tx.ConsoleSessions().Put(ctx, store.ConsoleSession{IDHash: csrfKeyRow, Data: sealed, Created: now,
			Seen: now, Expires: now.AddDate(100, 0, 0)})
	})
	if err != nil {
		return nil, err
	}
	ks.key = &key
	return ks.key, nil
}

// csrfKey keys the CSRF tokens: a token is the HMAC of the cookie value it goes with, so only a
// page the server rendered for this browser carries it.
type csrfKey [32]byte

func (k *csrfKey) token(cookie string) string {
	m := hmac.New(sha256.New, k[:])
	m.Write([]byte("gatehouse console csrf\x00"))
	m.Write([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (k *csrfKey) valid(cookie, token string) bool {
	return cookie != "" && hmac.Equal([]byte(k.token(cookie)), []byte(token))
}

// setCookie sets the console cookie.
func setCookie(w http.ResponseWriter, r *http.Request, value string) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: value, Path: Prefix, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
}

// cookie returns the console cookie's value, "" when there is none.
func cookie(r *http.Request) string {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return ""
	}
	return c.Value
}
