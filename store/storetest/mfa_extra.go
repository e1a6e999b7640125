package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testMFADrift: a device's clock drift and last time-step are recorded together by Resync, and
// serial numbers are unique without regard to case.
func testMFADrift(t *testing.T, s store.Store) {
	serial := "arn:aws:iam::" + acct + ":mfa/Phone"
	build(t, s, func(w world) {
		w.account(acct)
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: serial, AccountID: acct, Kind: store.MFAVirtual,
			Name: "Phone", Path: "/", SealedSeed: []byte("seed")}))
	})
	update(t, s, func(tx store.Tx) error {
		m := tx.MFADevices()
		dup := store.MFADevice{SerialNumber: "arn:aws:iam::" + acct + ":mfa/phone", AccountID: acct, Kind: store.MFAVirtual,
			Name: "phone", Path: "/"}
		wantErr(t, "Create in another case", m.Create(ctx, dup), store.ErrAlreadyExists)
		d, err := m.Drift(ctx, serial)
		wantErr(t, "Drift", err, nil)
		diff(t, "Drift before Resync", int64(0), d)
		wantErr(t, "AcceptTimeStep", m.AcceptTimeStep(ctx, serial, 500), nil)
		wantErr(t, "Resync backwards", m.Resync(ctx, serial, -12, 400), nil)
		wantErr(t, "Resync missing device", m.Resync(ctx, serial+"x", 1, 1), store.ErrNotFound)
		_, err = m.Drift(ctx, serial+"x")
		wantErr(t, "Drift of a missing device", err, store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		m := tx.MFADevices()
		d, err := m.Drift(ctx, serial)
		wantErr(t, "Drift", err, nil)
		diff(t, "Drift after Resync", int64(-12), d)
		got, err := m.Get(ctx, serial)
		wantErr(t, "Get", err, nil)
		diff(t, "LastTimeStep after Resync", int64(400), got.LastTimeStep)
		wantErr(t, "Resync in a View", m.Resync(ctx, serial, 0, 0), store.ErrReadOnly)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "AcceptTimeStep after a resync backwards", tx.MFADevices().AcceptTimeStep(ctx, serial, 401), nil)
		return nil
	})
}
