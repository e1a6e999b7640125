package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testRootPasswords: a root user's console password per account, and accounts found by email.
func testRootPasswords(t *testing.T, s store.Store) {
	build(t, s, func(w world) {
		w.account(acct)
		w.account(acct2)
	})
	update(t, s, func(tx store.Tx) error {
		a, err := tx.Accounts().Get(ctx, acct2)
		wantErr(t, "Get", err, nil)
		a.Email = "Admin@Example.com"
		wantErr(t, "Update email", tx.Accounts().Update(ctx, a), nil)
		return nil
	})
	p := store.RootPassword{AccountID: acct2, PasswordHash: []byte("hash-1"), Changed: at(1)}
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Accounts().RootPassword(ctx, acct2)
		wantErr(t, "RootPassword before any", err, store.ErrNotFound)
		got, err := tx.Accounts().GetByEmail(ctx, "admin@example.COM")
		wantErr(t, "GetByEmail", err, nil)
		diff(t, "GetByEmail", acct2, got.ID)
		_, err = tx.Accounts().GetByEmail(ctx, "nobody@example.com")
		wantErr(t, "GetByEmail missing", err, store.ErrNotFound)
		_, err = tx.Accounts().GetByEmail(ctx, "")
		wantErr(t, "GetByEmail empty (accounts without an email)", err, store.ErrNotFound)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "PutRootPassword", tx.Accounts().PutRootPassword(ctx, p), nil)
		wantErr(t, "PutRootPassword missing account", tx.Accounts().PutRootPassword(ctx,
			store.RootPassword{AccountID: "000000000000", PasswordHash: []byte("x"), Changed: at(1)}), store.ErrNotFound)
		wantErr(t, "RecordRootPasswordUse", tx.Accounts().RecordRootPasswordUse(ctx, acct2, at(3)), nil)
		wantErr(t, "RecordRootPasswordUse without a password", tx.Accounts().RecordRootPasswordUse(ctx, acct, at(3)), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Accounts().RootPassword(ctx, acct2)
		wantErr(t, "RootPassword", err, nil)
		want := p
		want.LastUsed = at(3)
		diff(t, "RootPassword", want, got)
		_, err = tx.Accounts().RootPassword(ctx, acct)
		wantErr(t, "RootPassword of another account", err, store.ErrNotFound)
		return nil
	})
	p2 := store.RootPassword{AccountID: acct2, PasswordHash: []byte("hash-2"), Changed: at(5)}
	update(t, s, func(tx store.Tx) error { return tx.Accounts().PutRootPassword(ctx, p2) })
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Accounts().RootPassword(ctx, acct2)
		wantErr(t, "RootPassword replaced", err, nil)
		diff(t, "RootPassword replaced", p2, got)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "DeleteRootPassword", tx.Accounts().DeleteRootPassword(ctx, acct2), nil)
		wantErr(t, "DeleteRootPassword again", tx.Accounts().DeleteRootPassword(ctx, acct2), store.ErrNotFound)
		return nil
	})
	// The password goes with its account.
	update(t, s, func(tx store.Tx) error { return tx.Accounts().PutRootPassword(ctx, p) })
	update(t, s, func(tx store.Tx) error { return tx.Accounts().Delete(ctx, acct2) })
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Accounts().RootPassword(ctx, acct2)
		wantErr(t, "RootPassword of a deleted account", err, store.ErrNotFound)
		return nil
	})
}
