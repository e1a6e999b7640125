package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testUserCredentials: the credential report's bulk read returns each user of one account,
// by name, with its login profile (no hash), enabled MFA devices, access keys (no secret,
// oldest first, last use included) and signing certificates (no body, oldest first), and
// pages like ListUsers.
func testUserCredentials(t *testing.T, s store.Store) {
	var alice, bob, carol store.User
	var k1, k2 store.AccessKey
	build(t, s, func(w world) {
		w.account(acct)
		w.account(acct2)
		carol = w.user(acct, "carol", "/")
		alice = w.user(acct, "Alice", "/eng/")
		bob = w.user(acct, "bob", "/")
		w.user(acct2, "stranger", "/")
		w.must(w.tx.LoginProfiles().Create(ctx, store.LoginProfile{UserID: alice.ID, PasswordHash: []byte("hash"),
			Created: at(10), PasswordResetRequired: true, PasswordChanged: at(11)}))
		k1 = store.AccessKey{ID: id("AKIA"), AccountID: acct, UserID: alice.ID, Status: store.StatusActive,
			SealedSecret: []byte("s1"), Created: at(20)}
		k2 = store.AccessKey{ID: id("AKIA"), AccountID: acct, UserID: alice.ID, Status: store.StatusInactive,
			SealedSecret: []byte("s2"), Created: at(12)}
		w.must(w.tx.AccessKeys().Create(ctx, k1))
		w.must(w.tx.AccessKeys().Create(ctx, k2))
		w.must(w.tx.AccessKeys().RecordUse(ctx, k1.ID, store.AccessKeyUse{When: at(30), Service: "iam", Region: "us-east-1"}))
		w.key(acct, "") // root's key is nobody's row
		w.must(w.tx.SigningCertificates().Create(ctx, store.SigningCertificate{ID: "CERTB2", AccountID: acct, UserID: bob.ID,
			Body: "pem", Status: store.StatusActive, Uploaded: at(41)}))
		w.must(w.tx.SigningCertificates().Create(ctx, store.SigningCertificate{ID: "CERTB1", AccountID: acct, UserID: bob.ID,
			Body: "pem", Status: store.StatusInactive, Uploaded: at(40)}))
		serial := "arn:aws:iam::" + acct + ":mfa/bob"
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: serial, AccountID: acct, Kind: store.MFAVirtual,
			Name: "bob", Path: "/"}))
		w.must(w.tx.MFADevices().Assign(ctx, serial, bob.ID, false, at(50), 1))
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: "arn:aws:iam::" + acct + ":mfa/spare",
			AccountID: acct, Kind: store.MFAVirtual, Name: "spare", Path: "/"}))
	})
	k1.SealedSecret, k2.SealedSecret = nil, nil
	k1.UserName, k2.UserName = "Alice", "Alice"
	k1.LastUsed = store.AccessKeyUse{When: at(30), Service: "iam", Region: "us-east-1"}
	want := []store.UserCredentials{
		{User: alice, LoginProfile: &store.LoginProfile{UserID: alice.ID, Created: at(10), PasswordResetRequired: true,
			PasswordChanged: at(11)}, AccessKeys: []store.AccessKey{k2, k1}},
		{User: bob, MFADevices: 1, SigningCertificates: []store.SigningCertificate{
			{ID: "CERTB1", AccountID: acct, UserID: bob.ID, UserName: "bob", Status: store.StatusInactive, Uploaded: at(40)},
			{ID: "CERTB2", AccountID: acct, UserID: bob.ID, UserName: "bob", Status: store.StatusActive, Uploaded: at(41)}}},
		{User: carol},
	}
	view(t, s, func(tx store.Tx) error {
		got, more, err := tx.Accounts().UserCredentials(ctx, acct, store.ListOptions{})
		wantErr(t, "UserCredentials", err, nil)
		diff(t, "UserCredentials", want, got)
		diff(t, "UserCredentials more", false, more)

		page1, more, err := tx.Accounts().UserCredentials(ctx, acct, store.ListOptions{Limit: 2})
		wantErr(t, "UserCredentials page 1", err, nil)
		diff(t, "UserCredentials page 1", want[:2], page1)
		diff(t, "UserCredentials page 1 more", true, more)
		page2, more, err := tx.Accounts().UserCredentials(ctx, acct, store.ListOptions{Limit: 2, After: "BOB"})
		wantErr(t, "UserCredentials page 2", err, nil)
		diff(t, "UserCredentials page 2", want[2:], page2)
		diff(t, "UserCredentials page 2 more", false, more)

		none, more, err := tx.Accounts().UserCredentials(ctx, "999999999999", store.ListOptions{})
		wantErr(t, "UserCredentials of an empty account", err, nil)
		diff(t, "UserCredentials of an empty account", []store.UserCredentials(nil), none)
		diff(t, "UserCredentials of an empty account more", false, more)
		return nil
	})
}
