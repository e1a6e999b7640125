package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

func testLoginProfiles(t *testing.T, s store.Store) {
	var u store.User
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "u", "/")
	})
	lp := store.LoginProfile{UserID: u.ID, PasswordHash: []byte("hash-1"), Created: t0, PasswordResetRequired: true, PasswordChanged: t0}
	update(t, s, func(tx store.Tx) error {
		l := tx.LoginProfiles()
		wantErr(t, "Create", l.Create(ctx, lp), nil)
		wantErr(t, "Create again", l.Create(ctx, lp), store.ErrAlreadyExists)
		wantErr(t, "Create for missing user", l.Create(ctx, store.LoginProfile{UserID: "AIDANOPE", PasswordHash: []byte("x"), Created: t0}),
			store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.LoginProfiles().Get(ctx, u.ID)
		wantErr(t, "Get", err, nil)
		diff(t, "Get", lp, got)
		return nil
	})
	lp.PasswordHash, lp.PasswordResetRequired, lp.PasswordChanged = []byte("hash-2"), false, at(50)
	update(t, s, func(tx store.Tx) error {
		l := tx.LoginProfiles()
		wantErr(t, "Update", l.Update(ctx, lp), nil)
		for i, h := range []string{"old-1", "old-2", "old-3", "old-4"} {
			wantErr(t, "AddPasswordHistory", l.AddPasswordHistory(ctx, u.ID, store.PasswordHistoryEntry{PasswordHash: []byte(h), Set: at(i)}), nil)
		}
		wantErr(t, "TrimPasswordHistory", l.TrimPasswordHistory(ctx, u.ID, 3), nil)
		wantErr(t, "Update missing", l.Update(ctx, store.LoginProfile{UserID: "AIDANOPE"}), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.LoginProfiles().Get(ctx, u.ID)
		wantErr(t, "Get", err, nil)
		diff(t, "Get after Update", lp, got)
		hist, err := tx.LoginProfiles().PasswordHistory(ctx, u.ID, 2)
		wantErr(t, "PasswordHistory", err, nil)
		diff(t, "PasswordHistory newest first", []store.PasswordHistoryEntry{
			{PasswordHash: []byte("old-4"), Set: at(3)}, {PasswordHash: []byte("old-3"), Set: at(2)}}, hist)
		hist, err = tx.LoginProfiles().PasswordHistory(ctx, u.ID, 10)
		wantErr(t, "PasswordHistory", err, nil)
		diff(t, "PasswordHistory after trim to 3", 3, len(hist))
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Delete", tx.LoginProfiles().Delete(ctx, u.ID), nil)
		wantErr(t, "Delete again", tx.LoginProfiles().Delete(ctx, u.ID), store.ErrNotFound)
		return nil
	})
}

func testMFADevices(t *testing.T, s store.Store) {
	var u, u2 store.User
	serial := func(n string) string { return "arn:aws:iam::" + acct + ":mfa/" + n }
	dev := func(n string) store.MFADevice {
		return store.MFADevice{SerialNumber: serial(n), AccountID: acct, Kind: store.MFAVirtual, Name: n, Path: "/", SealedSeed: []byte("seed-" + n)}
	}
	build(t, s, func(w world) {
		w.account(acct)
		w.account(acct2)
		u = w.user(acct, "u", "/")
		u2 = w.user(acct2, "u2", "/")
		for _, n := range []string{"a", "b", "c"} {
			w.must(w.tx.MFADevices().Create(ctx, dev(n)))
		}
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: "GAHT12345678", AccountID: acct, Kind: store.MFAHardware}))
	})
	update(t, s, func(tx store.Tx) error {
		m := tx.MFADevices()
		wantErr(t, "Create duplicate serial", m.Create(ctx, dev("a")), store.ErrAlreadyExists)
		wantErr(t, "Assign", m.Assign(ctx, serial("a"), u.ID, false, at(1), 100), nil)
		wantErr(t, "Assign to root", m.Assign(ctx, serial("b"), "", true, at(2), 7), nil)
		wantErr(t, "Assign to user of another account", m.Assign(ctx, serial("c"), u2.ID, false, at(2), 7), store.ErrNotFound)
		wantErr(t, "Assign missing device", m.Assign(ctx, serial("zz"), u.ID, false, at(2), 7), store.ErrNotFound)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		m := tx.MFADevices()
		wantErr(t, "AcceptTimeStep new", m.AcceptTimeStep(ctx, serial("a"), 101), nil)
		wantErr(t, "AcceptTimeStep replay", m.AcceptTimeStep(ctx, serial("a"), 101), store.ErrConflict)
		wantErr(t, "AcceptTimeStep older", m.AcceptTimeStep(ctx, serial("a"), 99), store.ErrConflict)
		wantErr(t, "AcceptTimeStep missing device", m.AcceptTimeStep(ctx, serial("zz"), 1), store.ErrNotFound)
		return nil
	})
	want := dev("a")
	want.UserID, want.UserName, want.EnableDate, want.LastTimeStep = u.ID, "u", at(1), 101
	view(t, s, func(tx store.Tx) error {
		m := tx.MFADevices()
		got, err := m.Get(ctx, serial("a"))
		wantErr(t, "Get", err, nil)
		diff(t, "Get", want, got)
		ds, _, err := m.ForUser(ctx, acct, u.ID, store.ListOptions{})
		wantErr(t, "ForUser", err, nil)
		diff(t, "ForUser", []store.MFADevice{want}, ds)
		ds, _, err = m.ForUser(ctx, acct, "", store.ListOptions{})
		wantErr(t, "ForUser root", err, nil)
		diff(t, "ForUser root", []string{serial("b")}, names(ds, func(d store.MFADevice) string { return d.SerialNumber }))
		tests := []struct {
			name string
			a    store.MFAAssignment
			want []string
		}{
			{"any", store.MFAAny, []string{serial("a"), serial("b"), serial("c")}},
			{"assigned", store.MFAAssigned, []string{serial("a"), serial("b")}},
			{"unassigned", store.MFAUnassigned, []string{serial("c")}},
		}
		for _, tc := range tests {
			ds, _, err := m.ListVirtual(ctx, acct, tc.a, store.ListOptions{})
			wantErr(t, tc.name, err, nil)
			diff(t, "ListVirtual "+tc.name, tc.want, names(ds, func(d store.MFADevice) string { return d.SerialNumber }))
		}
		return nil
	})
	mfaUnassignAndDelete(t, s, serial)
}

func mfaUnassignAndDelete(t *testing.T, s store.Store, serial func(string) string) {
	update(t, s, func(tx store.Tx) error {
		m := tx.MFADevices()
		wantErr(t, "Unassign", m.Unassign(ctx, serial("a")), nil)
		wantErr(t, "Delete", m.Delete(ctx, serial("c")), nil)
		wantErr(t, "Delete again", m.Delete(ctx, serial("c")), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.MFADevices().Get(ctx, serial("a"))
		wantErr(t, "Get", err, nil)
		if got.UserID != "" || got.RootUser || !got.EnableDate.IsZero() {
			t.Errorf("after Unassign: %+v", got)
		}
		if got.LastTimeStep != 101 {
			t.Errorf("Unassign forgot the last time-step: %d, want 101", got.LastTimeStep)
		}
		return nil
	})
}

func testSSHPublicKeys(t *testing.T, s store.Store) {
	var u store.User
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "coder", "/")
	})
	k1 := store.SSHPublicKey{ID: "APKA0000000000000001", UserID: u.ID, Body: "ssh-rsa AAA1", Fingerprint: "fp1", Status: store.StatusActive, Uploaded: t0}
	k2 := store.SSHPublicKey{ID: "APKA0000000000000002", UserID: u.ID, Body: "ssh-rsa AAA2", Fingerprint: "fp2", Status: store.StatusActive, Uploaded: at(1)}
	update(t, s, func(tx store.Tx) error {
		k := tx.SSHPublicKeys()
		wantErr(t, "Create", k.Create(ctx, k1), nil)
		wantErr(t, "Create", k.Create(ctx, k2), nil)
		dup := k1
		dup.ID = "APKA0000000000000003"
		wantErr(t, "Create duplicate fingerprint", k.Create(ctx, dup), store.ErrAlreadyExists)
		dup.UserID = "AIDANOPE"
		wantErr(t, "Create for missing user", k.Create(ctx, dup), store.ErrNotFound)
		wantErr(t, "UpdateStatus", k.UpdateStatus(ctx, u.ID, k2.ID, store.StatusInactive), nil)
		wantErr(t, "UpdateStatus missing", k.UpdateStatus(ctx, u.ID, "APKANOPE", store.StatusInactive), store.ErrNotFound)
		return nil
	})
	k1.UserName, k2.UserName, k2.Status = "coder", "coder", store.StatusInactive
	view(t, s, func(tx store.Tx) error {
		got, err := tx.SSHPublicKeys().Get(ctx, u.ID, k1.ID)
		wantErr(t, "Get", err, nil)
		diff(t, "Get", k1, got)
		ks, _, err := tx.SSHPublicKeys().ForUser(ctx, u.ID, store.ListOptions{})
		wantErr(t, "ForUser", err, nil)
		diff(t, "ForUser", []store.SSHPublicKey{k1, k2}, ks)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Delete", tx.SSHPublicKeys().Delete(ctx, u.ID, k1.ID), nil)
		wantErr(t, "Delete again", tx.SSHPublicKeys().Delete(ctx, u.ID, k1.ID), store.ErrNotFound)
		return nil
	})
}

func testSigningCertificates(t *testing.T, s store.Store) {
	var u store.User
	build(t, s, func(w world) {
		w.account(acct)
		w.account(acct2)
		u = w.user(acct, "signer", "/")
	})
	uc := store.SigningCertificate{ID: "CERTUSER", AccountID: acct, UserID: u.ID, Body: "pem-u", Status: store.StatusActive, Uploaded: t0}
	rc := store.SigningCertificate{ID: "CERTROOT", AccountID: acct, Body: "pem-r", Status: store.StatusActive, Uploaded: t0}
	update(t, s, func(tx store.Tx) error {
		c := tx.SigningCertificates()
		wantErr(t, "Create", c.Create(ctx, uc), nil)
		wantErr(t, "Create root", c.Create(ctx, rc), nil)
		wantErr(t, "Create duplicate", c.Create(ctx, uc), store.ErrAlreadyExists)
		other := rc
		other.AccountID = acct2
		wantErr(t, "same ID in another account", c.Create(ctx, other), nil)
		wantErr(t, "UpdateStatus", c.UpdateStatus(ctx, acct, uc.ID, store.StatusInactive), nil)
		wantErr(t, "UpdateStatus missing", c.UpdateStatus(ctx, acct, "NOPE", store.StatusInactive), store.ErrNotFound)
		return nil
	})
	uc.UserName, uc.Status = "signer", store.StatusInactive
	view(t, s, func(tx store.Tx) error {
		c := tx.SigningCertificates()
		got, err := c.Get(ctx, acct, uc.ID)
		wantErr(t, "Get", err, nil)
		diff(t, "Get", uc, got)
		cs, _, err := c.ForUser(ctx, acct, u.ID, store.ListOptions{})
		wantErr(t, "ForUser", err, nil)
		diff(t, "ForUser", []store.SigningCertificate{uc}, cs)
		cs, _, err = c.ForUser(ctx, acct, "", store.ListOptions{})
		wantErr(t, "ForUser root", err, nil)
		diff(t, "ForUser root", []store.SigningCertificate{rc}, cs)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Delete", tx.SigningCertificates().Delete(ctx, acct, rc.ID), nil)
		wantErr(t, "Delete again", tx.SigningCertificates().Delete(ctx, acct, rc.ID), store.ErrNotFound)
		_, err := tx.SigningCertificates().Get(ctx, acct2, rc.ID)
		wantErr(t, "other account's certificate survives", err, nil)
		return nil
	})
}

func testServiceCredentials(t *testing.T, s store.Store) {
	var a, b store.User
	build(t, s, func(w world) {
		w.account(acct)
		a = w.user(acct, "a", "/")
		b = w.user(acct, "b", "/")
	})
	cred := func(idn string, u store.User, svc string) store.ServiceCredential {
		return store.ServiceCredential{ID: idn, AccountID: acct, UserID: u.ID, ServiceName: svc, ServiceUserName: u.Name + "-at-" + acct,
			SealedPassword: []byte("sealed-" + idn), Status: store.StatusActive, Created: t0, UserName: u.Name}
	}
	c1 := cred("ACCA01", a, "codecommit.amazonaws.com")
	c2 := cred("ACCA02", a, "cassandra.amazonaws.com")
	c3 := cred("ACCA03", b, "codecommit.amazonaws.com")
	c3.Alias, c3.Expires = "bedrock-key", at(86400)
	update(t, s, func(tx store.Tx) error {
		for _, c := range []store.ServiceCredential{c1, c2, c3} {
			wantErr(t, "Create", tx.ServiceCredentials().Create(ctx, c), nil)
		}
		wantErr(t, "Create duplicate", tx.ServiceCredentials().Create(ctx, c1), store.ErrAlreadyExists)
		wantErr(t, "UpdateStatus", tx.ServiceCredentials().UpdateStatus(ctx, acct, c2.ID, store.StatusInactive), nil)
		wantErr(t, "ResetPassword", tx.ServiceCredentials().ResetPassword(ctx, acct, c1.ID, []byte("new")), nil)
		wantErr(t, "ResetPassword missing", tx.ServiceCredentials().ResetPassword(ctx, acct, "ACCANOPE", []byte("new")), store.ErrNotFound)
		return nil
	})
	c1.SealedPassword, c2.Status = []byte("new"), store.StatusInactive
	view(t, s, func(tx store.Tx) error {
		got, err := tx.ServiceCredentials().Get(ctx, acct, c3.ID)
		wantErr(t, "Get", err, nil)
		diff(t, "Get", c3, got)
		tests := []struct {
			name string
			f    store.ServiceCredentialFilter
			want []store.ServiceCredential
		}{
			{"user", store.ServiceCredentialFilter{UserID: a.ID}, []store.ServiceCredential{c1, c2}},
			{"user and service", store.ServiceCredentialFilter{UserID: a.ID, ServiceName: "codecommit.amazonaws.com"}, []store.ServiceCredential{c1}},
			{"all users", store.ServiceCredentialFilter{AllUsers: true}, []store.ServiceCredential{c1, c2, c3}},
			{"all users, one service", store.ServiceCredentialFilter{AllUsers: true, ServiceName: "codecommit.amazonaws.com"}, []store.ServiceCredential{c1, c3}},
		}
		for _, tc := range tests {
			cs, _, err := tx.ServiceCredentials().List(ctx, acct, tc.f, store.ListOptions{})
			wantErr(t, tc.name, err, nil)
			diff(t, "List "+tc.name, tc.want, cs)
		}
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Delete", tx.ServiceCredentials().Delete(ctx, acct, c1.ID), nil)
		wantErr(t, "Delete again", tx.ServiceCredentials().Delete(ctx, acct, c1.ID), store.ErrNotFound)
		return nil
	})
}
