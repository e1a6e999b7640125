package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testTrustPrincipals: the principals recorded for a role's trust policy follow their
// entities (renames, deletions) and go with the role.
func testTrustPrincipals(t *testing.T, s store.Store) {
	var alice, bob store.User
	var target, ops, other store.Role
	build(t, s, func(w world) {
		w.account(acct)
		alice = w.user(acct, "alice", "/")
		bob = w.user(acct, "bob", "/eng/")
		ops = w.role(acct, "Ops", "/")
		target = w.role(acct, "Target", "/")
		other = w.role(acct, "Other", "/")
	})
	recorded := []store.TrustPrincipal{
		{Written: alice.ARN, ID: alice.ID},
		{Written: bob.ID, ID: bob.ID},
		{Written: ops.ARN, ID: ops.ID},
	}
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Set", tx.Roles().SetTrustPrincipals(ctx, target.ID, recorded), nil)
		wantErr(t, "Set other", tx.Roles().SetTrustPrincipals(ctx, other.ID, recorded[:1]), nil)
		wantErr(t, "Set missing role", tx.Roles().SetTrustPrincipals(ctx, "AROANOPE", recorded), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Roles().TrustPrincipals(ctx, target.ID)
		wantErr(t, "TrustPrincipals", err, nil)
		diff(t, "TrustPrincipals", []store.TrustPrincipal{
			{RoleID: target.ID, Written: alice.ARN, ID: alice.ID, CurrentARN: alice.ARN},
			{RoleID: target.ID, Written: bob.ID, ID: bob.ID, CurrentARN: bob.ARN},
			{RoleID: target.ID, Written: ops.ARN, ID: ops.ID, CurrentARN: ops.ARN},
		}, got)
		got, err = tx.Roles().TrustPrincipals(ctx)
		wantErr(t, "TrustPrincipals of no roles", err, nil)
		diff(t, "TrustPrincipals of no roles", []store.TrustPrincipal(nil), got)
		return nil
	})

	// alice is renamed, ops deleted: reads show the current ARN and none.
	update(t, s, func(tx store.Tx) error {
		alice.Name, alice.ARN = "alicia", "arn:aws:iam::"+acct+":user/alicia"
		wantErr(t, "rename user", tx.Users().Update(ctx, alice), nil)
		wantErr(t, "delete role", tx.Roles().Delete(ctx, ops.ID), nil)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Roles().TrustPrincipals(ctx, other.ID, target.ID)
		wantErr(t, "TrustPrincipals after changes", err, nil)
		want := []store.TrustPrincipal{
			{RoleID: target.ID, Written: recorded[0].Written, ID: alice.ID, CurrentARN: alice.ARN},
			{RoleID: target.ID, Written: bob.ID, ID: bob.ID, CurrentARN: bob.ARN},
			{RoleID: target.ID, Written: ops.ARN, ID: ops.ID},
			{RoleID: other.ID, Written: recorded[0].Written, ID: alice.ID, CurrentARN: alice.ARN},
		}
		if other.ID < target.ID {
			want = append(want[3:], want[:3]...)
		}
		diff(t, "TrustPrincipals after changes", want, got)
		return nil
	})

	// Setting replaces; deleting the role removes its records.
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Set again", tx.Roles().SetTrustPrincipals(ctx, target.ID, recorded[1:2]), nil)
		wantErr(t, "Delete other", tx.Roles().Delete(ctx, other.ID), nil)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Roles().TrustPrincipals(ctx, target.ID, other.ID)
		wantErr(t, "TrustPrincipals after replace", err, nil)
		diff(t, "TrustPrincipals after replace",
			[]store.TrustPrincipal{{RoleID: target.ID, Written: bob.ID, ID: bob.ID, CurrentARN: bob.ARN}}, got)
		return nil
	})
}
