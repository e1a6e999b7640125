package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

func versionIDs(vs []store.PolicyVersion) []string {
	return names(vs, func(v store.PolicyVersion) string {
		if v.IsDefault {
			return v.VersionID + "*"
		}
		return v.VersionID
	})
}

func testPolicyVersions(t *testing.T, s store.Store) {
	var p store.ManagedPolicy
	build(t, s, func(w world) {
		w.account(acct)
		p = w.policy(acct, "ReadBuckets", "/data/", doc("v1"))
	})
	update(t, s, func(tx store.Tx) error {
		dup := p
		dup.ID, dup.Name, dup.ARN = id("ANPA"), "readbuckets", "arn:aws:iam::"+acct+":policy/other/readbuckets"
		wantErr(t, "Create name differing only in case, other path", tx.Policies().Create(ctx, dup, doc("x")), store.ErrAlreadyExists)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Policies().Get(ctx, acct, "READBUCKETS")
		wantErr(t, "Get", err, nil)
		diff(t, "Get", p, got)
		got, err = tx.Policies().GetByARN(ctx, p.ARN)
		wantErr(t, "GetByARN", err, nil)
		diff(t, "GetByARN", p, got)
		_, err = tx.Policies().GetByARN(ctx, "arn:aws:iam::aws:policy/ReadOnlyAccess")
		wantErr(t, "GetByARN of AWS managed", err, store.ErrNotFound)
		v, err := tx.Policies().DefaultVersion(ctx, acct, p.ARN)
		wantErr(t, "DefaultVersion", err, nil)
		diff(t, "DefaultVersion", store.PolicyVersion{VersionID: "v1", Document: doc("v1"), IsDefault: true, Created: p.Created}, v)
		_, err = tx.Policies().DefaultVersion(ctx, acct2, p.ARN)
		wantErr(t, "DefaultVersion in another account", err, store.ErrNotFound)
		return nil
	})

	update(t, s, func(tx store.Tx) error {
		ps := tx.Policies()
		v2, err := ps.CreateVersion(ctx, p.ID, doc("v2"), at(10), true)
		wantErr(t, "CreateVersion v2", err, nil)
		diff(t, "CreateVersion v2", store.PolicyVersion{VersionID: "v2", Document: doc("v2"), IsDefault: true, Created: at(10)}, v2)
		v3, err := ps.CreateVersion(ctx, p.ID, doc("v3"), at(11), false)
		wantErr(t, "CreateVersion v3", err, nil)
		diff(t, "CreateVersion v3", "v3", v3.VersionID)
		_, err = ps.CreateVersion(ctx, "ANPANOPE", doc("x"), at(11), false)
		wantErr(t, "CreateVersion of missing policy", err, store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		vs, err := tx.Policies().Versions(ctx, p.ID)
		wantErr(t, "Versions", err, nil)
		diff(t, "Versions", []string{"v3", "v2*", "v1"}, versionIDs(vs))
		got, err := tx.Policies().Get(ctx, acct, p.Name)
		wantErr(t, "Get", err, nil)
		diff(t, "DefaultVersionID", "v2", got.DefaultVersionID)
		diff(t, "Updated follows the new default", at(10), got.Updated)
		return nil
	})

	policyVersionEdits(t, s, p)
}

func policyVersionEdits(t *testing.T, s store.Store, p store.ManagedPolicy) {
	update(t, s, func(tx store.Tx) error {
		ps := tx.Policies()
		wantErr(t, "DeleteVersion default", ps.DeleteVersion(ctx, p.ID, "v2"), store.ErrConflict)
		wantErr(t, "SetDefaultVersion v1", ps.SetDefaultVersion(ctx, p.ID, "v1", at(12)), nil)
		wantErr(t, "SetDefaultVersion missing", ps.SetDefaultVersion(ctx, p.ID, "v9", at(12)), store.ErrNotFound)
		wantErr(t, "SetDefaultVersion malformed", ps.SetDefaultVersion(ctx, p.ID, "version1", at(12)), store.ErrNotFound)
		wantErr(t, "DeleteVersion v3", ps.DeleteVersion(ctx, p.ID, "v3"), nil)
		wantErr(t, "DeleteVersion v3 again", ps.DeleteVersion(ctx, p.ID, "v3"), store.ErrNotFound)
		v, err := ps.CreateVersion(ctx, p.ID, doc("v4"), at(13), false)
		wantErr(t, "CreateVersion after a delete", err, nil)
		diff(t, "version numbers are never reused", "v4", v.VersionID)
		_, err = ps.GetVersion(ctx, p.ID, "v3")
		wantErr(t, "GetVersion deleted", err, store.ErrNotFound)
		_, err = ps.GetVersion(ctx, p.ID, "v01")
		wantErr(t, "GetVersion non-canonical", err, store.ErrNotFound)
		got, err := ps.GetVersion(ctx, p.ID, "v1")
		wantErr(t, "GetVersion", err, nil)
		diff(t, "GetVersion v1", store.PolicyVersion{VersionID: "v1", Document: doc("v1"), IsDefault: true, Created: p.Created}, got)
		p.Description, p.Updated = "now described", at(14)
		wantErr(t, "Update", ps.Update(ctx, p), nil)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		vs, err := tx.Policies().Versions(ctx, p.ID)
		wantErr(t, "Versions", err, nil)
		diff(t, "Versions", []string{"v4", "v2", "v1*"}, versionIDs(vs))
		d, err := tx.Policies().Dependents(ctx, p.ID)
		wantErr(t, "Dependents", err, nil)
		diff(t, "Dependents", store.PolicyDependents{NonDefaultVersions: 2}, d)
		got, err := tx.Policies().Get(ctx, acct, p.Name)
		wantErr(t, "Get", err, nil)
		diff(t, "Get after Update", p, got)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Delete", tx.Policies().Delete(ctx, p.ID), nil)
		wantErr(t, "Delete again", tx.Policies().Delete(ctx, p.ID), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Policies().Versions(ctx, p.ID)
		wantErr(t, "Versions of deleted policy", err, store.ErrNotFound)
		_, err = tx.Policies().DefaultVersion(ctx, acct, p.ARN)
		wantErr(t, "DefaultVersion of deleted policy", err, store.ErrNotFound)
		return nil
	})
}

func testAttachments(t *testing.T, s store.Store) {
	var u, bounded store.User
	var g store.Group
	var r store.Role
	var cust store.ManagedPolicy
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "u", "/")
		bounded = w.user(acct, "bounded", "/")
		g = w.group(acct, "g", "/")
		r = w.role(acct, "r", "/")
		cust = w.policy(acct, "Cust", "/team/", doc("c"))
		w.policy(acct, "Unused", "/", doc("u"))
		bounded.BoundaryARN = cust.ARN
		w.must(w.tx.Users().Update(ctx, bounded))
	})
	up := store.Principal{Kind: store.PrincipalUser, ID: u.ID}
	gp := store.Principal{Kind: store.PrincipalGroup, ID: g.ID}
	rp := store.Principal{Kind: store.PrincipalRole, ID: r.ID}
	ro, admin := awsManaged("ReadOnlyAccess"), awsManaged("AdministratorAccess")
	update(t, s, func(tx store.Tx) error {
		a := tx.Attachments()
		for _, c := range []struct {
			p   store.Principal
			pol store.AttachedPolicy
		}{{up, attached(cust)}, {up, ro}, {up, admin}, {gp, attached(cust)}, {rp, ro}} {
			wantErr(t, "Attach", a.Attach(ctx, c.p, c.pol), nil)
		}
		wantErr(t, "Attach again is idempotent", a.Attach(ctx, up, ro), nil)
		wantErr(t, "Attach to missing user", a.Attach(ctx, store.Principal{Kind: store.PrincipalUser, ID: "AIDANOPE"}, ro), store.ErrNotFound)
		wantErr(t, "Detach not attached", a.Detach(ctx, rp, admin.ARN), store.ErrNotFound)
		return nil
	})
	attachmentsRead(t, s, up, gp, cust, ro, admin)
}

func attachmentsRead(t *testing.T, s store.Store, up, gp store.Principal, cust store.ManagedPolicy, ro, admin store.AttachedPolicy) {
	view(t, s, func(tx store.Tx) error {
		a := tx.Attachments()
		got, _, err := a.List(ctx, up, store.ListOptions{})
		wantErr(t, "List", err, nil)
		diff(t, "List ordered by ARN", []store.AttachedPolicy{attached(cust), admin, ro}, got)
		got, more, err := a.List(ctx, up, store.ListOptions{Limit: 2})
		wantErr(t, "List page 1", err, nil)
		diff(t, "List page 1", []store.AttachedPolicy{attached(cust), admin}, got)
		if !more {
			t.Error("List page 1: more = false")
		}
		got, _, err = a.List(ctx, up, store.ListOptions{After: admin.ARN})
		wantErr(t, "List page 2", err, nil)
		diff(t, "List page 2", []store.AttachedPolicy{ro}, got)
		got, _, err = a.List(ctx, up, store.ListOptions{PathPrefix: "/team/"})
		wantErr(t, "List by path", err, nil)
		diff(t, "List /team/", []store.AttachedPolicy{attached(cust)}, got)
		n, err := a.Count(ctx, up)
		wantErr(t, "Count", err, nil)
		diff(t, "Count", 3, n)

		usage, err := a.Usage(ctx, acct, cust.ARN)
		wantErr(t, "Usage", err, nil)
		diff(t, "Usage", store.PolicyUsage{Attachments: 2, Boundaries: 1}, usage)
		all, err := a.UsageByARN(ctx, acct)
		wantErr(t, "UsageByARN", err, nil)
		diff(t, "UsageByARN", map[string]store.PolicyUsage{
			cust.ARN: {Attachments: 2, Boundaries: 1}, ro.ARN: {Attachments: 2}, admin.ARN: {Attachments: 1},
		}, all)

		p, err := tx.Policies().Get(ctx, acct, "cust")
		wantErr(t, "Get", err, nil)
		diff(t, "policy usage on read", store.PolicyUsage{Attachments: 2, Boundaries: 1}, p.Usage)
		d, err := tx.Policies().Dependents(ctx, cust.ID)
		wantErr(t, "Dependents", err, nil)
		diff(t, "Dependents", store.PolicyDependents{Usage: store.PolicyUsage{Attachments: 2, Boundaries: 1}}, d)

		tests := []struct {
			name string
			o    store.PolicyListOptions
			want []string
		}{
			{"all", store.PolicyListOptions{}, []string{"Cust", "Unused"}},
			{"only attached", store.PolicyListOptions{OnlyAttached: true}, []string{"Cust"}},
			{"only attached as permissions", store.PolicyListOptions{OnlyAttached: true, Usage: store.UsagePermissions}, []string{"Cust"}},
			{"only attached as boundary", store.PolicyListOptions{OnlyAttached: true, Usage: store.UsageBoundary}, []string{"Cust"}},
			{"path", store.PolicyListOptions{ListOptions: store.ListOptions{PathPrefix: "/team"}}, []string{"Cust"}},
			{"after", store.PolicyListOptions{ListOptions: store.ListOptions{After: "CUST"}}, []string{"Unused"}},
		}
		for _, tc := range tests {
			ps, _, err := tx.Policies().List(ctx, acct, tc.o)
			wantErr(t, tc.name, err, nil)
			diff(t, "List "+tc.name, tc.want, names(ps, func(p store.ManagedPolicy) string { return p.Name }))
		}
		return nil
	})
	attachmentsRemove(t, s, up, gp, cust, ro, admin)
}

func attachmentsRemove(t *testing.T, s store.Store, up, gp store.Principal, cust store.ManagedPolicy, ro, admin store.AttachedPolicy) {
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Detach", tx.Attachments().Detach(ctx, up, ro.ARN), nil)
		// Deleting a policy drops its attachments, so a later policy of that name is not
		// attached by accident.
		wantErr(t, "Delete policy", tx.Policies().Delete(ctx, cust.ID), nil)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, _, err := tx.Attachments().List(ctx, up, store.ListOptions{})
		wantErr(t, "List", err, nil)
		diff(t, "List after Detach and Delete", []store.AttachedPolicy{admin}, got)
		n, err := tx.Attachments().Count(ctx, gp)
		wantErr(t, "Count", err, nil)
		diff(t, "group attachments after policy Delete", 0, n)
		ps, _, err := tx.Policies().List(ctx, acct, store.PolicyListOptions{OnlyAttached: true})
		wantErr(t, "List only attached", err, nil)
		diff(t, "List only attached", []store.ManagedPolicy(nil), ps)
		return nil
	})
}

func testPolicyEntities(t *testing.T, s store.Store) {
	ro := awsManaged("ReadOnlyAccess")
	var us []store.User
	var gs []store.Group
	var rs []store.Role
	build(t, s, func(w world) {
		w.account(acct)
		for _, n := range []string{"zed", "Amy", "bo"} {
			u := w.user(acct, n, "/u/")
			us = append(us, u)
			w.must(w.tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalUser, ID: u.ID}, ro))
		}
		g := w.group(acct, "G", "/g/")
		gs = append(gs, g)
		w.must(w.tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalGroup, ID: g.ID}, ro))
		r := w.role(acct, "R1", "/r/")
		rs = append(rs, r)
		w.must(w.tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalRole, ID: r.ID}, ro))
		// A role both attached to and bounded by the policy is listed once.
		r.BoundaryARN = ro.ARN
		w.must(w.tx.Roles().Update(ctx, r))
		r2 := w.role(acct, "R2", "/r/")
		r2.BoundaryARN = ro.ARN
		w.must(w.tx.Roles().Update(ctx, r2))
		rs = append(rs, r2)
		w.user(acct, "unrelated", "/u/")
	})
	ent := func(k store.PrincipalKind, name string) string { return string(k) + ":" + name }
	entNames := func(es []store.PolicyEntity) []string {
		return names(es, func(e store.PolicyEntity) string { return ent(e.Kind, e.Name) })
	}
	view(t, s, func(tx store.Tx) error {
		tests := []struct {
			name string
			o    store.EntityListOptions
			want []string
			more bool
		}{
			{"all", store.EntityListOptions{}, []string{"group:G", "role:R1", "role:R2", "user:Amy", "user:bo", "user:zed"}, false},
			{"permissions", store.EntityListOptions{Usage: store.UsagePermissions}, []string{"group:G", "role:R1", "user:Amy", "user:bo", "user:zed"}, false},
			{"boundary", store.EntityListOptions{Usage: store.UsageBoundary}, []string{"role:R1", "role:R2"}, false},
			{"users", store.EntityListOptions{Kind: store.PrincipalUser}, []string{"user:Amy", "user:bo", "user:zed"}, false},
			{"path", store.EntityListOptions{PathPrefix: "/r/"}, []string{"role:R1", "role:R2"}, false},
			{"first page", store.EntityListOptions{Limit: 2}, []string{"group:G", "role:R1"}, true},
			{"page after role R2", store.EntityListOptions{After: &store.PolicyEntity{Kind: store.PrincipalRole, Name: "r2"}, Limit: 2},
				[]string{"user:Amy", "user:bo"}, true},
		}
		for _, tc := range tests {
			es, more, err := tx.Attachments().Entities(ctx, acct, ro.ARN, tc.o)
			wantErr(t, tc.name, err, nil)
			diff(t, "Entities "+tc.name, tc.want, entNames(es))
			if more != tc.more {
				t.Errorf("Entities %s: more = %v, want %v", tc.name, more, tc.more)
			}
		}
		es, _, err := tx.Attachments().Entities(ctx, acct, ro.ARN, store.EntityListOptions{Kind: store.PrincipalGroup})
		wantErr(t, "Entities", err, nil)
		diff(t, "entity record", []store.PolicyEntity{{Kind: store.PrincipalGroup, ID: gs[0].ID, Name: "G", Path: "/g/"}}, es)
		return nil
	})
}

func testInlinePolicies(t *testing.T, s store.Store) {
	var u store.User
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "u", "/")
	})
	p := store.Principal{Kind: store.PrincipalUser, ID: u.ID}
	update(t, s, func(tx store.Tx) error {
		ip := tx.InlinePolicies()
		wantErr(t, "Put", ip.Put(ctx, p, store.InlinePolicy{Name: "b", Document: doc("1")}), nil)
		wantErr(t, "Put replaces", ip.Put(ctx, p, store.InlinePolicy{Name: "b", Document: doc("2")}), nil)
		wantErr(t, "Put", ip.Put(ctx, p, store.InlinePolicy{Name: "a", Document: doc("a")}), nil)
		wantErr(t, "Put", ip.Put(ctx, p, store.InlinePolicy{Name: "c", Document: doc("c")}), nil)
		wantErr(t, "Put on missing user", ip.Put(ctx, store.Principal{Kind: store.PrincipalUser, ID: "AIDANOPE"},
			store.InlinePolicy{Name: "a", Document: doc("a")}), store.ErrNotFound)
		wantErr(t, "Put on missing group", ip.Put(ctx, store.Principal{Kind: store.PrincipalGroup, ID: u.ID},
			store.InlinePolicy{Name: "a", Document: doc("a")}), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		ip := tx.InlinePolicies()
		got, err := ip.Get(ctx, p, "b")
		wantErr(t, "Get", err, nil)
		diff(t, "Get after replace", store.InlinePolicy{Name: "b", Document: doc("2")}, got)
		_, err = ip.Get(ctx, p, "B")
		wantErr(t, "Get matches names exactly", err, store.ErrNotFound)
		ps, more, err := ip.List(ctx, p, store.ListOptions{Limit: 2})
		wantErr(t, "List", err, nil)
		diff(t, "List page 1", []string{"a", "b"}, names(ps, func(p store.InlinePolicy) string { return p.Name }))
		if !more {
			t.Error("List page 1: more = false")
		}
		ps, _, err = ip.List(ctx, p, store.ListOptions{After: "b"})
		wantErr(t, "List", err, nil)
		diff(t, "List page 2", []store.InlinePolicy{{Name: "c", Document: doc("c")}}, ps)
		n, err := ip.Count(ctx, p)
		wantErr(t, "Count", err, nil)
		diff(t, "Count", 3, n)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Delete", tx.InlinePolicies().Delete(ctx, p, "a"), nil)
		wantErr(t, "Delete again", tx.InlinePolicies().Delete(ctx, p, "a"), store.ErrNotFound)
		return nil
	})
}
