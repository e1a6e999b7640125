package authn_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/totp"
)

// clock is a settable clock for the authorizer.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// mfaWorld is an account with users alice and bob, and virtual MFA devices: "alice" enabled
// for alice, "bob" for bob, "root" for the root user, "spare" unassigned; plus "other" in
// another account, enabled there for no one but root.
type mfaWorld struct {
	authn   *authn.Authenticator
	store   store.Store
	clock   *clock
	seeds   map[string][]byte
	aliceID string
	bobID   string
}

const (
	account      = "111122223333"
	otherAccount = "444455556666"
)

func serialOf(acct, name string) string { return "arn:aws:iam::" + acct + ":mfa/" + name }

func newMFAWorld(t testing.TB) *mfaWorld {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	secrets, err := keyring.New(nil, key)
	if err != nil {
		t.Fatal(err)
	}
	w := &mfaWorld{store: st, clock: &clock{t: time.Unix(1_750_000_000, 0).UTC()}, seeds: map[string][]byte{},
		aliceID: "AIDAALICE0000000000001", bobID: "AIDABOB00000000000000002"}
	enabled := w.clock.Now().Add(-time.Hour)
	err = st.Update(ctx, func(tx store.Tx) error {
		for _, a := range []string{account, otherAccount} {
			if err := tx.Accounts().Create(ctx, store.Account{ID: a, Created: enabled}); err != nil {
				return err
			}
		}
		for name, id := range map[string]string{"alice": w.aliceID, "bob": w.bobID} {
			if err := tx.Users().Create(ctx, store.User{AccountID: account, ID: id, Name: name, Path: "/",
				ARN: "arn:aws:iam::" + account + ":user/" + name, Created: enabled}); err != nil {
				return err
			}
		}
		devices := []struct {
			acct, name, user string
			root             bool
		}{
			{account, "alice", w.aliceID, false},
			{account, "bob", w.bobID, false},
			{account, "root", "", true},
			{account, "spare", "", false},
			{otherAccount, "other", "", true},
		}
		for _, d := range devices {
			sealed, seed := sealSeed(t, secrets, serialOf(d.acct, d.name))
			w.seeds[d.name] = seed
			serial := serialOf(d.acct, d.name)
			if err := tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: serial, AccountID: d.acct,
				Kind: store.MFAVirtual, Name: d.name, Path: "/", SealedSeed: sealed}); err != nil {
				return err
			}
			if d.user != "" || d.root {
				if err := tx.MFADevices().Assign(ctx, serial, d.user, d.root, enabled, 0); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.authn = authn.New(st, authn.Options{Secrets: secrets, Now: w.clock.Now})
	return w
}

func sealSeed(t testing.TB, secrets *keyring.Keyring, serial string) (sealed, seed []byte) {
	t.Helper()
	seed = []byte("seed of " + serial)
	sealed, err := secrets.Seal(seed, []byte(serial))
	if err != nil {
		t.Fatal(err)
	}
	return sealed, seed
}

// code is the device's code d steps from now.
func (w *mfaWorld) code(device string, d int64) string {
	return totp.CodeAt(w.seeds[device], totp.Step(w.clock.Now())+d)
}

// verdict is what a VerifyMFA error amounts to: "" for success, else the AWS message.
func verdict(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ae *awserr.Error
	if !errors.As(err, &ae) || ae.Code != "AccessDenied" {
		t.Fatalf("VerifyMFA error %v is not an AccessDenied", err)
	}
	return ae.Message
}

var (
	invalidCode   = authn.MFAInvalidCode().Message
	unknownDevice = authn.MFAUnknownDevice().Message
)

func TestVerifyMFADevices(t *testing.T) {
	t.Parallel()
	w := newMFAWorld(t)
	tests := []struct {
		name       string
		acct, user string
		serial     string
		device     string // whose code is sent
		want       string
		step       int64 // the code's time-step, relative to now (a device accepts each step once)
	}{
		{"the user's own device", account, "alice-id", serialOf(account, "alice"), "alice", "", 0},
		{"another user's device", account, "alice-id", serialOf(account, "bob"), "bob", unknownDevice, 0},
		{"any enabled device without a user", account, "", serialOf(account, "bob"), "bob", "", 0},
		{"root's device for a role session", account, "", serialOf(account, "root"), "root", "", 0},
		{"root's device for the root user", account, account, serialOf(account, "root"), "root", "", 1},
		{"root's device for a user", account, "alice-id", serialOf(account, "root"), "root", unknownDevice, 0},
		{"a user's device for the root user", account, account, serialOf(account, "alice"), "alice", unknownDevice, 0},
		{"an unassigned device", account, "", serialOf(account, "spare"), "spare", unknownDevice, 0},
		{"a device of another account", account, "", serialOf(otherAccount, "other"), "other", unknownDevice, 0},
		{"no such device", account, "", serialOf(account, "nope"), "alice", unknownDevice, 0},
		{"a hardware serial unknown", account, "", "GAHT12345678", "alice", unknownDevice, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Not parallel: cases share the world and consume codes.
			user := tc.user
			if user == "alice-id" {
				user = w.aliceID
			}
			err := w.authn.VerifyMFA(context.Background(), tc.acct, user, tc.serial, w.code(tc.device, tc.step))
			if got := verdict(t, err); got != tc.want {
				t.Errorf("VerifyMFA = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestVerifyMFACodes(t *testing.T) {
	t.Parallel()
	w := newMFAWorld(t)
	ctx := context.Background()
	serial := serialOf(account, "alice")
	verify := func(code string) string {
		return verdict(t, w.authn.VerifyMFA(ctx, account, w.aliceID, serial, code))
	}
	steps := []struct {
		name    string
		advance time.Duration
		code    func() string
		want    string
	}{
		{"a wrong code", 0, func() string { return "000000" }, invalidCode},
		{"a malformed code", 0, func() string { return "12ab56" }, invalidCode},
		{"a code two steps old", 0, func() string { return w.code("alice", -2) }, invalidCode},
		{"a code two steps ahead", 0, func() string { return w.code("alice", 2) }, invalidCode},
		{"the previous step's code", 0, func() string { return w.code("alice", -1) }, ""},
		{"the current code", 0, func() string { return w.code("alice", 0) }, ""},
		{"the current code again", 0, func() string { return w.code("alice", 0) }, invalidCode},
		{"an older code not used yet", 0, func() string { return w.code("alice", -1) }, invalidCode},
		{"the next step's code", 0, func() string { return w.code("alice", 1) }, ""},
		{"a minute later, the current code", time.Minute, func() string { return w.code("alice", 0) }, ""},
	}
	for _, s := range steps {
		w.clock.Advance(s.advance)
		if got := verify(s.code()); got != s.want {
			t.Errorf("%s: VerifyMFA = %q, want %q", s.name, got, s.want)
		}
	}
}

// TestVerifyMFADrift: a device whose clock runs behind, once its drift is recorded (as
// ResyncMFADevice records it), passes with its own codes and not with the server's.
func TestVerifyMFADrift(t *testing.T) {
	t.Parallel()
	w := newMFAWorld(t)
	ctx := context.Background()
	serial := serialOf(account, "alice")
	const drift = -8
	err := w.store.Update(ctx, func(tx store.Tx) error {
		return tx.MFADevices().Resync(ctx, serial, drift, totp.Step(w.clock.Now())+drift-2)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := verdict(t, w.authn.VerifyMFA(ctx, account, w.aliceID, serial, w.code("alice", 0))); got != invalidCode {
		t.Errorf("the server's current code: %q, want %q", got, invalidCode)
	}
	if got := verdict(t, w.authn.VerifyMFA(ctx, account, w.aliceID, serial, w.code("alice", drift))); got != "" {
		t.Errorf("the drifted device's code: %q, want success", got)
	}
}

// TestVerifyMFAOnce: many requests racing with one code, exactly one passes.
func TestVerifyMFAOnce(t *testing.T) {
	t.Parallel()
	w := newMFAWorld(t)
	code := w.code("alice", 0)
	const racers = 8
	var passed, refused atomic.Int32
	var wg sync.WaitGroup
	for range racers {
		wg.Go(func() {
			err := w.authn.VerifyMFA(context.Background(), account, w.aliceID, serialOf(account, "alice"), code)
			switch {
			case err == nil:
				passed.Add(1)
			case awserr.Is(err, "AccessDenied"):
				refused.Add(1)
			default:
				t.Errorf("VerifyMFA: %v", err)
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff([2]int32{1, racers - 1}, [2]int32{passed.Load(), refused.Load()}); diff != "" {
		t.Errorf("passed, refused (-want +got):\n%s", diff)
	}
}

func TestVerifyMFASealedSeedBoundToSerial(t *testing.T) {
	t.Parallel()
	w := newMFAWorld(t)
	ctx := context.Background()
	// Move bob's sealed seed onto alice's device: it was sealed for bob's serial, so it must
	// not open as alice's.
	err := w.store.Update(ctx, func(tx store.Tx) error {
		bob, err := tx.MFADevices().Get(ctx, serialOf(account, "bob"))
		if err != nil {
			return err
		}
		if err := tx.MFADevices().Delete(ctx, serialOf(account, "spare")); err != nil {
			return err
		}
		return tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: serialOf(account, "spare"), AccountID: account,
			Kind: store.MFAVirtual, Name: "spare", Path: "/", SealedSeed: bob.SealedSeed, RootUser: true, EnableDate: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = w.authn.VerifyMFA(ctx, account, "", serialOf(account, "spare"), w.code("bob", 0))
	if err == nil || awserr.Is(err, "AccessDenied") {
		t.Errorf("VerifyMFA with a seed sealed for another serial: %v, want an internal error", err)
	}
}

func BenchmarkVerifyMFA(b *testing.B) {
	w := newMFAWorld(b)
	ctx := context.Background()
	serial := serialOf(account, "alice")
	b.ReportAllocs()
	for b.Loop() {
		w.clock.Advance(totp.Period)
		if err := w.authn.VerifyMFA(ctx, account, w.aliceID, serial, w.code("alice", 0)); err != nil {
			b.Fatal(err)
		}
	}
}
