package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testConsoleSessions: the console's shared sessions (stored, touched, expired, deleted) and
// its sign-in failure counters (none counts 0, replaced, reset, idle ones deleted).
func testConsoleSessions(t *testing.T, s store.Store) {
	live := store.ConsoleSession{IDHash: "hash-live", AccountID: acct, Data: []byte(`{"stage":3}`), Created: at(0),
		Seen: at(0), Expires: at(100)}
	old := store.ConsoleSession{IDHash: "hash-old", AccountID: acct, Data: []byte(`{}`), Created: at(0), Seen: at(0),
		Expires: at(10)}
	update(t, s, func(tx store.Tx) error {
		cs := tx.ConsoleSessions()
		wantErr(t, "Put", cs.Put(ctx, live), nil)
		wantErr(t, "Put old", cs.Put(ctx, old), nil)
		wantErr(t, "Touch", cs.Touch(ctx, live.IDHash, at(5)), nil)
		wantErr(t, "Touch missing", cs.Touch(ctx, "hash-none", at(5)), store.ErrNotFound)
		wantErr(t, "PutFailures", cs.PutFailures(ctx, store.ConsoleFailures{Key: "a/bob", Count: 3, Updated: at(1)}), nil)
		wantErr(t, "PutFailures idle", cs.PutFailures(ctx, store.ConsoleFailures{Key: "a/eve", Count: 12,
			Until: at(2), Updated: at(1)}), nil)
		wantErr(t, "PutFailures replace", cs.PutFailures(ctx, store.ConsoleFailures{Key: "a/bob", Count: 10,
			Until: at(70), Updated: at(10)}), nil)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.ConsoleSessions().Get(ctx, live.IDHash)
		wantErr(t, "Get", err, nil)
		want := live
		want.Seen = at(5)
		diff(t, "Get", want, got)
		_, err = tx.ConsoleSessions().Get(ctx, "hash-none")
		wantErr(t, "Get missing", err, store.ErrNotFound)
		f, err := tx.ConsoleSessions().Failures(ctx, "a/bob")
		wantErr(t, "Failures", err, nil)
		diff(t, "Failures", store.ConsoleFailures{Key: "a/bob", Count: 10, Until: at(70), Updated: at(10)}, f)
		f, err = tx.ConsoleSessions().Failures(ctx, "a/nobody")
		wantErr(t, "Failures of none", err, nil)
		diff(t, "Failures of none", store.ConsoleFailures{Key: "a/nobody"}, f)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		n, err := tx.ConsoleSessions().DeleteExpired(ctx, at(50), at(5))
		wantErr(t, "DeleteExpired", err, nil)
		diff(t, "DeleteExpired count", 1, n)
		wantErr(t, "Delete", tx.ConsoleSessions().Delete(ctx, live.IDHash), nil)
		wantErr(t, "Delete again", tx.ConsoleSessions().Delete(ctx, live.IDHash), nil)
		wantErr(t, "DeleteFailures", tx.ConsoleSessions().DeleteFailures(ctx, "a/bob"), nil)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		for _, id := range []string{live.IDHash, old.IDHash} {
			_, err := tx.ConsoleSessions().Get(ctx, id)
			wantErr(t, "Get after delete "+id, err, store.ErrNotFound)
		}
		for _, key := range []string{"a/bob", "a/eve"} {
			f, err := tx.ConsoleSessions().Failures(ctx, key)
			wantErr(t, "Failures after reset "+key, err, nil)
			diff(t, "Failures after reset "+key, 0, f.Count)
		}
		return nil
	})
}
