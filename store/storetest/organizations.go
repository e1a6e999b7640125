package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testOrganizations: an organization's records — IDs unique per organization and part, a
// membership unique across organizations and only of an existing account, records only of an
// existing organization, lists by parent and name in ID order, every write a
// KindOrganization change under the management account, deleting the organization takes
// everything, deleting an account takes its membership.
func testOrganizations(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct); w.account(acct2) })
	org := store.OrgRecord{OrgID: "o-abcdefghij", Part: store.OrgItself, Name: acct, Created: t0, Updated: t0, Body: []byte(`{"f":"ALL"}`)}
	root := store.OrgRecord{OrgID: org.OrgID, Part: store.OrgRoot, ID: "r-abcd", Created: t0, Updated: t0, Body: []byte(`{}`)}
	ou := store.OrgRecord{OrgID: org.OrgID, Part: store.OrgUnit, ID: "ou-abcd-11111111", Parent: "r-abcd", Name: "Eng", Created: at(1), Updated: at(1), Body: []byte(`{}`)}
	member := store.OrgRecord{OrgID: org.OrgID, Part: store.OrgMember, ID: acct2, Parent: "r-abcd", Created: at(2), Updated: at(2), Body: []byte(`{}`)}
	att := store.OrgRecord{OrgID: org.OrgID, Part: store.OrgAttachment, ID: "p-1|r-abcd", Parent: "r-abcd", Name: "p-1", Created: at(3), Updated: at(3), Body: []byte{}}
	before := latest(t, s)
	update(t, s, func(tx store.Tx) error {
		o := tx.Organizations()
		wantErr(t, "Create a root of a missing organization", o.Create(ctx, root), store.ErrNotFound)
		wantErr(t, "Create organization", o.Create(ctx, org), nil)
		wantErr(t, "Create organization twice", o.Create(ctx, org), store.ErrAlreadyExists)
		for _, r := range []store.OrgRecord{root, ou, member, att} {
			wantErr(t, "Create "+r.ID, o.Create(ctx, r), nil)
		}
		wantErr(t, "Create a root twice", o.Create(ctx, root), store.ErrAlreadyExists)
		ghost := member
		ghost.ID = "999999999999"
		wantErr(t, "Create a membership of a missing account", o.Create(ctx, ghost), store.ErrNotFound)
		ou.Parent, ou.Name, ou.Updated = "ou-abcd-22222222", "Engineering", at(4)
		wantErr(t, "Update OU", o.Update(ctx, ou), nil)
		missing := ou
		missing.ID = "ou-abcd-33333333"
		wantErr(t, "Update a missing OU", o.Update(ctx, missing), store.ErrNotFound)
		return nil
	})
	other := store.OrgRecord{OrgID: "o-zzzzzzzzzz", Part: store.OrgItself, Name: acct2, Created: t0, Updated: t0}
	update(t, s, func(tx store.Tx) error {
		o := tx.Organizations()
		wantErr(t, "Create another organization", o.Create(ctx, other), nil)
		m := member
		m.OrgID = other.OrgID
		wantErr(t, "Create a membership in a second organization", o.Create(ctx, m), store.ErrAlreadyExists)
		return nil
	})
	wantOrgChanges(t, s, before, org.OrgID, other.OrgID)
	org.ID = org.OrgID
	wantOrgReads(t, s, org, ou, member, att, root)
	update(t, s, func(tx store.Tx) error {
		o := tx.Organizations()
		wantErr(t, "Delete attachment", o.Delete(ctx, org.OrgID, store.OrgAttachment, att.ID), nil)
		wantErr(t, "Delete attachment again", o.Delete(ctx, org.OrgID, store.OrgAttachment, att.ID), store.ErrNotFound)
		return tx.Accounts().Delete(ctx, acct2)
	})
	update(t, s, func(tx store.Tx) error {
		o := tx.Organizations()
		_, err := o.Membership(ctx, acct2)
		wantErr(t, "Membership of a deleted account", err, store.ErrNotFound)
		wantErr(t, "Delete organization", o.Delete(ctx, org.OrgID, store.OrgItself, org.OrgID), nil)
		_, err = o.Get(ctx, org.OrgID, store.OrgRoot, root.ID)
		wantErr(t, "root of a deleted organization", err, store.ErrNotFound)
		return nil
	})
}

// wantOrgChanges: the writes since before are one KindOrganization change per organization
// written (orgID under the management account acct, other under its own).
func wantOrgChanges(t *testing.T, s store.Store, before int64, orgID, other string) {
	t.Helper()
	changes, _ := changesSince(t, s, before, 100)
	for _, c := range changes {
		if c.Kind != store.KindOrganization || (c.Key != orgID && c.Key != other) {
			t.Errorf("change %+v, want organization changes only", c)
		}
		if c.Key == orgID && c.AccountID != acct {
			t.Errorf("change %+v not under the management account %s", c, acct)
		}
	}
	if len(changes) != 2 {
		t.Errorf("%d changes, want one per organization written: %+v", len(changes), changes)
	}
}

// wantOrgReads: the organization's records read back by ID, membership and list filters, and
// a View refusing writes.
func wantOrgReads(t *testing.T, s store.Store, org, ou, member, att, root store.OrgRecord) {
	t.Helper()
	view(t, s, func(tx store.Tx) error {
		o := tx.Organizations()
		got, err := o.Get(ctx, org.OrgID, store.OrgUnit, ou.ID)
		wantErr(t, "Get OU", err, nil)
		diff(t, "OU", ou, got)
		got, err = o.Get(ctx, org.OrgID, store.OrgItself, org.OrgID)
		wantErr(t, "Get organization", err, nil)
		diff(t, "organization", org, got)
		got, err = o.Membership(ctx, acct2)
		wantErr(t, "Membership", err, nil)
		diff(t, "membership", member, got)
		_, err = o.Membership(ctx, acct)
		wantErr(t, "Membership of an account in none", err, store.ErrNotFound)
		byTarget, err := o.List(ctx, org.OrgID, store.OrgAttachment, store.OrgFilter{Parent: "r-abcd"})
		wantErr(t, "List attachments of a target", err, nil)
		diff(t, "attachments of r-abcd", []store.OrgRecord{att}, byTarget)
		byPolicy, err := o.List(ctx, org.OrgID, store.OrgAttachment, store.OrgFilter{Name: "p-2"})
		wantErr(t, "List attachments of a policy", err, nil)
		diff(t, "attachments of p-2", []store.OrgRecord(nil), byPolicy)
		wantErr(t, "Create in a View", o.Create(ctx, root), store.ErrReadOnly)
		return nil
	})
}

// testOrgAddressed: Addressed finds the records of one part addressed to a party (an invited
// account's handshakes, the transfers it is the source of) across organizations, in
// organization and ID order, and nothing of other parts or parties.
func testOrgAddressed(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct); w.account(acct2) })
	const party = "999988887777"
	var want []store.OrgRecord
	update(t, s, func(tx store.Tx) error {
		o := tx.Organizations()
		for i, org := range []struct{ id, mgmt string }{{"o-bbbbbbbbbb", acct2}, {"o-aaaaaaaaaa", acct}} {
			wantErr(t, "Create organization", o.Create(ctx, store.OrgRecord{OrgID: org.id, Part: store.OrgItself, Name: org.mgmt,
				Created: t0, Updated: t0}), nil)
			for _, r := range []store.OrgRecord{
				{OrgID: org.id, Part: store.OrgHandshake, ID: "h-2", Parent: party, Name: "INVITE", Created: at(i), Updated: at(i), Body: []byte(`{"n":2}`)},
				{OrgID: org.id, Part: store.OrgHandshake, ID: "h-1", Parent: party, Name: "INVITE", Created: at(i), Updated: at(i), Body: []byte(`{"n":1}`)},
				{OrgID: org.id, Part: store.OrgHandshake, ID: "h-3", Parent: "someone@example.com", Name: "INVITE", Created: at(i), Updated: at(i), Body: []byte{}},
				{OrgID: org.id, Part: store.OrgCreateStatus, ID: "car-1", Parent: party, Created: at(i), Updated: at(i), Body: []byte{}},
				{OrgID: org.id, Part: store.OrgTransfer, ID: "rt-12345678", Parent: party, Name: "BILLING", Created: at(i), Updated: at(i), Body: []byte(`{"t":1}`)},
			} {
				wantErr(t, "Create "+r.ID, o.Create(ctx, r), nil)
				if r.Part == store.OrgHandshake && r.Parent == party {
					want = append(want, r)
				}
			}
		}
		return nil
	})
	want = []store.OrgRecord{want[3], want[2], want[1], want[0]}
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Organizations().Addressed(ctx, store.OrgHandshake, party)
		wantErr(t, "Addressed handshakes", err, nil)
		if len(got) != len(want) {
			t.Fatalf("Handshakes(%s): %d records, want %d: %+v", party, len(got), len(want), got)
		}
		for i := range want {
			if got[i].OrgID != want[i].OrgID || got[i].ID != want[i].ID || string(got[i].Body) != string(want[i].Body) || !got[i].Created.Equal(want[i].Created) {
				t.Errorf("Handshakes[%d] = %+v, want %+v", i, got[i], want[i])
			}
		}
		none, err := tx.Organizations().Addressed(ctx, store.OrgHandshake, "000000000000")
		if err != nil || len(none) != 0 {
			t.Errorf("Handshakes of a party without any: %+v %v", none, err)
		}
		transfers, err := tx.Organizations().Addressed(ctx, store.OrgTransfer, party)
		if err != nil || len(transfers) != 2 || transfers[0].OrgID != "o-aaaaaaaaaa" || transfers[1].OrgID != "o-bbbbbbbbbb" ||
			transfers[0].Name != "BILLING" || string(transfers[1].Body) != `{"t":1}` {
			t.Errorf("Addressed transfers: %+v %v", transfers, err)
		}
		return nil
	})
}
