package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

func testUserAuthz(t *testing.T, s store.Store) {
	var u, lone store.User
	var g1, g2 store.Group
	var own, shared, bound store.ManagedPolicy
	var v2 store.PolicyVersion
	ro := awsManaged("ReadOnlyAccess")
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "worker", "/")
		lone = w.user(acct, "lone", "/")
		g1 = w.group(acct, "A-team", "/")
		g2 = w.group(acct, "b-team", "/")
		empty := w.group(acct, "not-a-member", "/")
		own = w.policy(acct, "Own", "/", doc("own"))
		shared = w.policy(acct, "Shared", "/", doc("shared-v1"))
		bound = w.policy(acct, "Bound", "/", doc("bound"))
		w.policy(acct, "Unrelated", "/", doc("unrelated"))
		var err error
		v2, err = w.tx.Policies().CreateVersion(ctx, shared.ID, doc("shared-v2"), at(20), true)
		w.must(err)
		_, err = w.tx.Policies().CreateVersion(ctx, own.ID, doc("own-v2"), at(21), false)
		w.must(err)
		up := store.Principal{Kind: store.PrincipalUser, ID: u.ID}
		w.must(w.tx.InlinePolicies().Put(ctx, up, store.InlinePolicy{Name: "mine", Document: doc("mine")}))
		w.must(w.tx.Attachments().Attach(ctx, up, attached(own)))
		w.must(w.tx.Attachments().Attach(ctx, up, ro))
		for _, g := range []store.Group{g1, g2} {
			w.must(w.tx.Groups().AddMember(ctx, g.ID, u.ID))
			gp := store.Principal{Kind: store.PrincipalGroup, ID: g.ID}
			w.must(w.tx.InlinePolicies().Put(ctx, gp, store.InlinePolicy{Name: "g", Document: doc(g.Name)}))
			w.must(w.tx.Attachments().Attach(ctx, gp, attached(shared)))
		}
		w.must(w.tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalGroup, ID: empty.ID}, attached(bound)))
		u.BoundaryARN = bound.ARN
		w.must(w.tx.Users().Update(ctx, u))
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Authz().User(ctx, u.ID)
		wantErr(t, "User", err, nil)
		want := store.UserAuthz{
			User:     u,
			Inline:   []store.InlinePolicy{{Name: "mine", Document: doc("mine")}},
			Attached: []string{own.ARN, ro.ARN},
			Groups: []store.GroupAuthz{
				{Group: g1, Inline: []store.InlinePolicy{{Name: "g", Document: doc("A-team")}}, Attached: []string{shared.ARN}},
				{Group: g2, Inline: []store.InlinePolicy{{Name: "g", Document: doc("b-team")}}, Attached: []string{shared.ARN}},
			},
			Documents: map[string]store.PolicyVersion{
				own.ARN:    {VersionID: "v1", Document: doc("own"), IsDefault: true, Created: own.Created},
				shared.ARN: v2,
				bound.ARN:  {VersionID: "v1", Document: doc("bound"), IsDefault: true, Created: bound.Created},
			},
		}
		diff(t, "User", want, got)
		got, err = tx.Authz().User(ctx, lone.ID)
		wantErr(t, "User", err, nil)
		diff(t, "User with nothing", store.UserAuthz{User: lone, Documents: map[string]store.PolicyVersion{}}, got)
		_, err = tx.Authz().User(ctx, "AIDANOPE")
		wantErr(t, "User missing", err, store.ErrNotFound)
		return nil
	})
}

func testRoleAuthz(t *testing.T, s store.Store) {
	var r store.Role
	var p store.ManagedPolicy
	ro := awsManaged("ReadOnlyAccess")
	build(t, s, func(w world) {
		w.account(acct)
		r = w.role(acct, "app", "/")
		p = w.policy(acct, "AppPolicy", "/", doc("app"))
		rp := store.Principal{Kind: store.PrincipalRole, ID: r.ID}
		w.must(w.tx.InlinePolicies().Put(ctx, rp, store.InlinePolicy{Name: "b", Document: doc("b")}))
		w.must(w.tx.InlinePolicies().Put(ctx, rp, store.InlinePolicy{Name: "a", Document: doc("a")}))
		w.must(w.tx.Attachments().Attach(ctx, rp, attached(p)))
		w.must(w.tx.Attachments().Attach(ctx, rp, ro))
		r.BoundaryARN = "arn:aws:iam::aws:policy/PowerUserAccess"
		w.must(w.tx.Roles().Update(ctx, r))
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Authz().Role(ctx, r.ID)
		wantErr(t, "Role", err, nil)
		want := store.RoleAuthz{
			Role:      r,
			Inline:    []store.InlinePolicy{{Name: "a", Document: doc("a")}, {Name: "b", Document: doc("b")}},
			Attached:  []string{p.ARN, ro.ARN},
			Documents: map[string]store.PolicyVersion{p.ARN: {VersionID: "v1", Document: doc("app"), IsDefault: true, Created: p.Created}},
		}
		diff(t, "Role", want, got)
		_, err = tx.Authz().Role(ctx, "AROANOPE")
		wantErr(t, "Role missing", err, store.ErrNotFound)
		return nil
	})
}

func testAccountDetails(t *testing.T, s store.Store) {
	var a, b store.User
	var g store.Group
	var r store.Role
	var ip store.InstanceProfile
	var p store.ManagedPolicy
	var v2 store.PolicyVersion
	ro := awsManaged("ReadOnlyAccess")
	build(t, s, func(w world) {
		w.account(acct)
		a = w.user(acct, "a", "/")
		b = w.user(acct, "B", "/")
		g = w.group(acct, "g", "/")
		r = w.role(acct, "r", "/")
		p = w.policy(acct, "p", "/", doc("p1"))
		var err error
		v2, err = w.tx.Policies().CreateVersion(ctx, p.ID, doc("p2"), at(30), false)
		w.must(err)
		ip = store.InstanceProfile{AccountID: acct, ID: id("AIPA"), Name: "ip", Path: "/", ARN: "arn:ip", Created: t0}
		w.must(w.tx.InstanceProfiles().Create(ctx, ip))
		w.must(w.tx.InstanceProfiles().AddRole(ctx, ip.ID, r.ID))
		w.must(w.tx.Groups().AddMember(ctx, g.ID, a.ID))
		for _, pr := range []store.Principal{{Kind: store.PrincipalUser, ID: a.ID}, {Kind: store.PrincipalGroup, ID: g.ID}, {Kind: store.PrincipalRole, ID: r.ID}} {
			w.must(w.tx.InlinePolicies().Put(ctx, pr, store.InlinePolicy{Name: "in", Document: doc(string(pr.Kind))}))
			w.must(w.tx.Attachments().Attach(ctx, pr, ro))
		}
		w.must(w.tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalUser, ID: a.ID}, attached(p)))
		w.must(w.tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: a.ID}, []store.Tag{{Key: "k", Value: "v"}}))
		w.must(w.tx.Tags().Put(ctx, store.Resource{Kind: store.KindRole, Key: r.ID}, []store.Tag{{Key: "rk", Value: "rv"}}))
	})
	ip.Roles = []store.Role{r}
	p.Usage = store.PolicyUsage{Attachments: 1}
	view(t, s, func(tx store.Tx) error {
		us, more, err := tx.Authz().UserDetails(ctx, acct, store.ListOptions{Limit: 1})
		wantErr(t, "UserDetails", err, nil)
		diff(t, "UserDetails page 1", []store.UserDetail{{
			User: a, Inline: []store.InlinePolicy{{Name: "in", Document: doc("user")}}, Groups: []string{"g"},
			Attached: []store.AttachedPolicy{attached(p), ro}, Tags: []store.Tag{{Key: "k", Value: "v"}},
		}}, us)
		if !more {
			t.Error("UserDetails page 1: more = false")
		}
		us, _, err = tx.Authz().UserDetails(ctx, acct, store.ListOptions{After: "a"})
		wantErr(t, "UserDetails", err, nil)
		diff(t, "UserDetails page 2", []store.UserDetail{{User: b}}, us)
		gs, _, err := tx.Authz().GroupDetails(ctx, acct, store.ListOptions{})
		wantErr(t, "GroupDetails", err, nil)
		diff(t, "GroupDetails", []store.GroupDetail{{Group: g, Inline: []store.InlinePolicy{{Name: "in", Document: doc("group")}},
			Attached: []store.AttachedPolicy{ro}}}, gs)
		rs, _, err := tx.Authz().RoleDetails(ctx, acct, store.ListOptions{})
		wantErr(t, "RoleDetails", err, nil)
		diff(t, "RoleDetails", []store.RoleDetail{{Role: r, Inline: []store.InlinePolicy{{Name: "in", Document: doc("role")}},
			Attached: []store.AttachedPolicy{ro}, InstanceProfiles: []store.InstanceProfile{ip}, Tags: []store.Tag{{Key: "rk", Value: "rv"}}}}, rs)
		ps, _, err := tx.Authz().PolicyDetails(ctx, acct, store.PolicyListOptions{})
		wantErr(t, "PolicyDetails", err, nil)
		diff(t, "PolicyDetails", []store.PolicyDetail{{Policy: p, Versions: []store.PolicyVersion{v2,
			{VersionID: "v1", Document: doc("p1"), IsDefault: true, Created: p.Created}}}}, ps)
		return nil
	})
}
