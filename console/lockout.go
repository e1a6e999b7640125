package console

import (
	"strings"
	"sync"
	"time"
)

// Brute-force protection: after LockoutThreshold failed sign-in attempts in a row for one user
// (wrong passwords and wrong one-time codes alike), every attempt is refused — even with the
// right password — until a delay has passed; the delay starts at LockoutBase and doubles with
// each further failure after the delay, up to LockoutMax. A success resets the count.
const (
	LockoutThreshold = 10
	LockoutBase      = time.Minute
	LockoutMax       = time.Hour
)

// lockKeyFor is the counter of a user of an account (by ID, so an alias counts as its account).
func lockKeyFor(account, user string) string { return account + "/" + strings.ToLower(user) }

type failures struct {
	n     int
	until time.Time
}

// lockout counts failures per user on this node.
type lockout struct {
	mu  sync.Mutex
	m   map[string]*failures
	now func() time.Time
}

func newLockout(now func() time.Time) *lockout {
	return &lockout{m: map[string]*failures{}, now: now}
}

// wait is how long attempts for key are still refused; 0 when they are not.
func (l *lockout) wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.m[key]
	if f == nil {
		return 0
	}
	return max(0, f.until.Sub(l.now()))
}

// fail counts a failure; it returns the delay that now applies (0 below the threshold) and the
// count.
func (l *lockout) fail(key string) (time.Duration, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.m[key]
	if f == nil {
		if len(l.m) > 100_000 {
			l.forgetIdle()
		}
		f = &failures{}
		l.m[key] = f
	}
	f.n++
	if f.n < LockoutThreshold {
		return 0, f.n
	}
	d := LockoutBase
	for i := LockoutThreshold; i < f.n && d < LockoutMax; i++ {
		d *= 2
	}
	d = min(d, LockoutMax)
	f.until = l.now().Add(d)
	return d, f.n
}

// succeed resets key's count.
func (l *lockout) succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, key)
}

// forgetIdle drops counters whose lock has passed; the caller holds mu. It bounds memory
// however many names an attacker tries.
func (l *lockout) forgetIdle() {
	now := l.now()
	for k, f := range l.m {
		if f.n < LockoutThreshold || now.After(f.until.Add(LockoutMax)) {
			delete(l.m, k)
		}
	}
}
