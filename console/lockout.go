package console

import (
	"context"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
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

// lockout counts failures per user in the store, so every node of a store counts against one
// counter and a lockout begun through one node holds on all.
type lockout struct {
	st  store.Store
	now func() time.Time
}

// wait is how long attempts for key are still refused; 0 when they are not.
func (l *lockout) wait(ctx context.Context, key string) (time.Duration, error) {
	var f store.ConsoleFailures
	err := l.st.View(ctx, func(tx store.Tx) error {
		var err error
		f, err = tx.ConsoleSessions().Failures(ctx, key)
		return err
	})
	if err != nil {
		return 0, err
	}
	return max(0, f.Until.Sub(l.now())), nil
}

// fail counts a failure; it returns the delay that now applies (0 below the threshold) and the
// count. The count is read and written in one write transaction, so failures through two
// nodes at once are both counted.
func (l *lockout) fail(ctx context.Context, key string) (time.Duration, int, error) {
	var d time.Duration
	var n int
	err := l.st.Update(ctx, func(tx store.Tx) error {
		f, err := tx.ConsoleSessions().Failures(ctx, key)
		if err != nil {
			return err
		}
		now := l.now()
		f.Count++
		f.Updated = now
		d, n = lockDelay(f.Count), f.Count
		if d > 0 {
			f.Until = now.Add(d)
		}
		return tx.ConsoleSessions().PutFailures(ctx, f)
	})
	return d, n, err
}

// lockDelay is the lock n failures in a row begin: none below the threshold, then LockoutBase
// doubling with each further failure, up to LockoutMax.
func lockDelay(n int) time.Duration {
	if n < LockoutThreshold {
		return 0
	}
	d := LockoutBase
	for i := LockoutThreshold; i < n && d < LockoutMax; i++ {
		d *= 2
	}
	return min(d, LockoutMax)
}

// succeed resets key's count.
func (l *lockout) succeed(ctx context.Context, key string) error {
	return l.st.Update(ctx, func(tx store.Tx) error { return tx.ConsoleSessions().DeleteFailures(ctx, key) })
}
