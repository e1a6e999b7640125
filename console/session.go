package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"sync"
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

// sessions holds the server-side sessions of this node, with idle and absolute expiry.
type sessions struct {
	mu          sync.Mutex
	m           map[string]*session
	now         func() time.Time
	idle, max   time.Duration
	lastCleanup time.Time
}

func newSessions(now func() time.Time, idle, max time.Duration) *sessions {
	return &sessions{m: map[string]*session{}, now: now, idle: idle, max: max}
}

// newID returns 32 random bytes, base64url.
func newID() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// start stores a new session (a new ID, so a sign-in never keeps a cookie set before it).
func (ss *sessions) start(s *session) *session {
	now := ss.now()
	s.id, s.created, s.seen = newID(), now, now
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if now.Sub(ss.lastCleanup) > time.Minute {
		ss.cleanup(now)
	}
	ss.m[s.id] = s
	return s
}

// get returns the live session with the ID and marks it used; nil when there is none or it
// expired (which also forgets it).
func (ss *sessions) get(id string) *session {
	now := ss.now()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.m[id]
	if s == nil {
		return nil
	}
	if ss.expired(s, now) {
		delete(ss.m, id)
		return nil
	}
	s.seen = now
	return s
}

// expired reports whether s is past its idle or absolute limit.
func (ss *sessions) expired(s *session, now time.Time) bool {
	if s.stage != stageIn {
		return now.Sub(s.created) >= pendingLifetime
	}
	return now.Sub(s.seen) >= ss.idle || now.Sub(s.created) >= ss.max
}

// end forgets a session.
func (ss *sessions) end(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, id)
}

// replace ends old and starts next in its place (the ID changes with the session's privilege).
func (ss *sessions) replace(old, next *session) *session {
	ss.end(old.id)
	return ss.start(next)
}

// cleanup forgets expired sessions; the caller holds mu.
func (ss *sessions) cleanup(now time.Time) {
	ss.lastCleanup = now
	for id, s := range ss.m {
		if ss.expired(s, now) {
			delete(ss.m, id)
		}
	}
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
