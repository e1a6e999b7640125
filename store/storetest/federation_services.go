package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testOutboundIssuers: one issuer per account, found by its ID, keys rewritten by Put, an ID
// another account holds refused, gone with the account, no change feed entries.
func testOutboundIssuers(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct); w.account(acct2) })
	is := store.OutboundIssuer{AccountID: acct, IssuerID: "abc", URL: "https://gh.example/outbound-federation/abc", Updated: t0}
	before := latest(t, s)
	update(t, s, func(tx store.Tx) error {
		o := tx.OutboundIssuers()
		_, err := o.Get(ctx, acct)
		wantErr(t, "Get before Put", err, store.ErrNotFound)
		wantErr(t, "Put without keys", o.Put(ctx, is), nil)
		is.Keys, is.Updated = []byte("sealed"), at(1)
		wantErr(t, "Put with keys", o.Put(ctx, is), nil)
		taken := is
		taken.AccountID = acct2
		if err := o.Put(ctx, taken); err == nil {
			t.Error("Put of another account's issuer ID succeeded")
		}
		return nil
	})
	if got := latest(t, s); got != before {
		t.Errorf("outbound issuers moved the change feed from %d to %d", before, got)
	}
	view(t, s, func(tx store.Tx) error {
		got, err := tx.OutboundIssuers().Find(ctx, "abc")
		wantErr(t, "Find", err, nil)
		diff(t, "issuer", is, got)
		_, err = tx.OutboundIssuers().Find(ctx, "ABC")
		wantErr(t, "Find in another case", err, store.ErrNotFound)
		_, err = tx.OutboundIssuers().Get(ctx, acct2)
		wantErr(t, "Get of the other account", err, store.ErrNotFound)
		return nil
	})
	update(t, s, func(tx store.Tx) error { return tx.Accounts().Delete(ctx, acct) })
	view(t, s, func(tx store.Tx) error {
		_, err := tx.OutboundIssuers().Find(ctx, "abc")
		wantErr(t, "Find after the account is deleted", err, store.ErrNotFound)
		return nil
	})
}

// testRolesAnywhere: records keyed by account, kind and ID, listed by ID in pages, updated,
// deleted, gone with the account, no change feed entries.
func testRolesAnywhere(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct); w.account(acct2) })
	ta := func(id string) store.RolesAnywhereRecord {
		return store.RolesAnywhereRecord{AccountID: acct, Kind: store.RolesAnywhereTrustAnchor, ID: id, Name: "n-" + id,
			Created: t0, Updated: t0, Body: []byte(`{"enabled":true}`)}
	}
	before := latest(t, s)
	update(t, s, func(tx store.Tx) error {
		r := tx.RolesAnywhere()
		for _, id := range []string{"c", "a", "b"} {
			wantErr(t, "Create "+id, r.Create(ctx, ta(id)), nil)
		}
		wantErr(t, "Create twice", r.Create(ctx, ta("a")), store.ErrAlreadyExists)
		p := ta("a")
		p.Kind = store.RolesAnywhereProfile
		wantErr(t, "Create a profile with a trust anchor's ID", r.Create(ctx, p), nil)
		u := ta("b")
		u.Name, u.Updated, u.Body = "renamed", at(1), []byte(`{"enabled":false}`)
		wantErr(t, "Update", r.Update(ctx, u), nil)
		missing := ta("z")
		wantErr(t, "Update a missing record", r.Update(ctx, missing), store.ErrNotFound)
		return nil
	})
	if got := latest(t, s); got != before {
		t.Errorf("Roles Anywhere records moved the change feed from %d to %d", before, got)
	}
	view(t, s, func(tx store.Tx) error {
		r := tx.RolesAnywhere()
		got, err := r.Get(ctx, store.RolesAnywhereTrustAnchor, acct, "b")
		wantErr(t, "Get", err, nil)
		want := ta("b")
		want.Name, want.Updated, want.Body = "renamed", at(1), []byte(`{"enabled":false}`)
		diff(t, "record", want, got)
		page, err := r.List(ctx, store.RolesAnywhereTrustAnchor, acct, "", 2)
		wantErr(t, "List page 1", err, nil)
		if len(page) != 2 || page[0].ID != "a" || page[1].ID != "b" {
			t.Errorf("page 1 %+v, want a, b", page)
		}
		page, err = r.List(ctx, store.RolesAnywhereTrustAnchor, acct, "b", 2)
		wantErr(t, "List page 2", err, nil)
		if len(page) != 1 || page[0].ID != "c" {
			t.Errorf("page 2 %+v, want c", page)
		}
		_, err = r.Get(ctx, store.RolesAnywhereTrustAnchor, acct2, "a")
		wantErr(t, "Get from another account", err, store.ErrNotFound)
		wantErr(t, "Create in a View", r.Create(ctx, ta("d")), store.ErrReadOnly)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		r := tx.RolesAnywhere()
		wantErr(t, "Delete", r.Delete(ctx, store.RolesAnywhereTrustAnchor, acct, "a"), nil)
		wantErr(t, "Delete again", r.Delete(ctx, store.RolesAnywhereTrustAnchor, acct, "a"), store.ErrNotFound)
		_, err := r.Get(ctx, store.RolesAnywhereProfile, acct, "a")
		wantErr(t, "the profile with the deleted trust anchor's ID", err, nil)
		return tx.Accounts().Delete(ctx, acct)
	})
	view(t, s, func(tx store.Tx) error {
		all, err := tx.RolesAnywhere().List(ctx, store.RolesAnywhereTrustAnchor, acct, "", 0)
		wantErr(t, "List after the account is deleted", err, nil)
		diff(t, "records of a deleted account", []store.RolesAnywhereRecord(nil), all)
		return nil
	})
}
