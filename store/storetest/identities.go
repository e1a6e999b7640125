package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

func testAccounts(t *testing.T, s store.Store) {
	var a1 store.Account
	build(t, s, func(w world) {
		a1 = w.account(acct)
		w.account(acct2)
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Create duplicate", tx.Accounts().Create(ctx, store.Account{ID: acct, Created: t0}), store.ErrAlreadyExists)
		a1.Alias = "my-org"
		wantErr(t, "Update alias", tx.Accounts().Update(ctx, a1), nil)
		wantErr(t, "Update missing", tx.Accounts().Update(ctx, store.Account{ID: "999999999999"}), store.ErrNotFound)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		taken := store.Account{ID: acct2, Alias: "my-org"}
		wantErr(t, "alias taken by another account", tx.Accounts().Update(ctx, taken), store.ErrAlreadyExists)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Accounts().Get(ctx, acct)
		wantErr(t, "Get", err, nil)
		diff(t, "Get", a1, got)
		got, err = tx.Accounts().GetByAlias(ctx, "my-org")
		wantErr(t, "GetByAlias", err, nil)
		diff(t, "GetByAlias", a1, got)
		_, err = tx.Accounts().GetByAlias(ctx, "nobody")
		wantErr(t, "GetByAlias missing", err, store.ErrNotFound)
		_, err = tx.Accounts().Get(ctx, "000000000000")
		wantErr(t, "Get missing", err, store.ErrNotFound)
		as, more, err := tx.Accounts().List(ctx, "", 1)
		wantErr(t, "List", err, nil)
		diff(t, "List page 1", []string{acct}, names(as, func(a store.Account) string { return a.ID }))
		if !more {
			t.Error("List page 1: more = false, want true")
		}
		as, more, err = tx.Accounts().List(ctx, acct, 1)
		wantErr(t, "List", err, nil)
		diff(t, "List page 2", []string{acct2}, names(as, func(a store.Account) string { return a.ID }))
		if more {
			t.Error("List page 2: more = true, want false")
		}
		return nil
	})
	// Deleting an account removes everything in it.
	build(t, s, func(w world) { w.user(acct2, "gone", "/") })
	update(t, s, func(tx store.Tx) error { return tx.Accounts().Delete(ctx, acct2) })
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Users().Get(ctx, acct2, "gone")
		wantErr(t, "user of deleted account", err, store.ErrNotFound)
		return nil
	})
	wantErr(t, "Delete missing", s.Update(ctx, func(tx store.Tx) error { return tx.Accounts().Delete(ctx, acct2) }), store.ErrNotFound)
}

func testAccountSettings(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct) })
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Accounts().PasswordPolicy(ctx, acct)
		wantErr(t, "PasswordPolicy before any", err, store.ErrNotFound)
		st, err := tx.Accounts().Settings(ctx, acct)
		wantErr(t, "Settings before any", err, nil)
		diff(t, "Settings before any", store.AccountSettings{}, st)
		_, err = tx.Accounts().Settings(ctx, "000000000000")
		wantErr(t, "Settings of missing account", err, store.ErrNotFound)
		_, err = tx.Accounts().CredentialReport(ctx, acct)
		wantErr(t, "CredentialReport before any", err, store.ErrNotFound)
		return nil
	})
	pp := store.PasswordPolicy{MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true,
		AllowUsersToChangePassword: true, MaxPasswordAge: 90, PasswordReusePrevention: 5, HardExpiry: true}
	st := store.AccountSettings{GlobalEndpointTokenVersion: 2, OutboundWebIdentityFederation: true,
		OutboundWebIdentityIssuer: "https://issuer.example", OrganizationsRootSessions: true}
	report := store.CredentialReport{Generated: at(9), Content: []byte("user,arn\n<root_account>,arn:aws:iam::" + acct + ":root\n")}
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "PutPasswordPolicy", tx.Accounts().PutPasswordPolicy(ctx, acct, store.PasswordPolicy{MinimumPasswordLength: 8}), nil)
		wantErr(t, "PutPasswordPolicy again", tx.Accounts().PutPasswordPolicy(ctx, acct, pp), nil)
		wantErr(t, "PutPasswordPolicy missing account", tx.Accounts().PutPasswordPolicy(ctx, "000000000000", pp), store.ErrNotFound)
		wantErr(t, "PutSettings", tx.Accounts().PutSettings(ctx, acct, st), nil)
		wantErr(t, "PutCredentialReport", tx.Accounts().PutCredentialReport(ctx, acct, report), nil)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Accounts().PasswordPolicy(ctx, acct)
		wantErr(t, "PasswordPolicy", err, nil)
		diff(t, "PasswordPolicy", pp, got)
		gotSt, err := tx.Accounts().Settings(ctx, acct)
		wantErr(t, "Settings", err, nil)
		diff(t, "Settings", st, gotSt)
		gotR, err := tx.Accounts().CredentialReport(ctx, acct)
		wantErr(t, "CredentialReport", err, nil)
		diff(t, "CredentialReport", report, gotR)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "DeletePasswordPolicy", tx.Accounts().DeletePasswordPolicy(ctx, acct), nil)
		wantErr(t, "DeletePasswordPolicy again", tx.Accounts().DeletePasswordPolicy(ctx, acct), store.ErrNotFound)
		return nil
	})

	// Summary counts what is in the account, and nothing of other accounts.
	build(t, s, func(w world) {
		w.account(acct2)
		u := w.user(acct, "u1", "/")
		w.user(acct, "u2", "/")
		w.user(acct2, "other", "/")
		w.group(acct, "g", "/")
		w.role(acct, "r", "/")
		p := w.policy(acct, "p", "/", doc("a"))
		_, err := w.tx.Policies().CreateVersion(ctx, p.ID, doc("b"), at(5), false)
		w.must(err)
		w.key(acct, "")
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: "arn:aws:iam::" + acct + ":mfa/root", AccountID: acct,
			Kind: store.MFAVirtual, Name: "root", Path: "/", RootUser: true, EnableDate: at(1)}))
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: "arn:aws:iam::" + acct + ":mfa/u1", AccountID: acct,
			Kind: store.MFAVirtual, Name: "u1", Path: "/", UserID: u.ID, EnableDate: at(1)}))
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: "arn:aws:iam::" + acct + ":mfa/spare", AccountID: acct,
			Kind: store.MFAVirtual, Name: "spare", Path: "/"}))
		w.must(w.tx.OIDCProviders().Create(ctx, store.OIDCProvider{ARN: "arn:aws:iam::" + acct + ":oidc-provider/x", AccountID: acct,
			URL: "https://x", Created: t0}))
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Accounts().Summary(ctx, acct)
		wantErr(t, "Summary", err, nil)
		want := store.AccountSummary{Users: 2, Groups: 1, Roles: 1, Policies: 1, MFADevices: 3, MFADevicesInUse: 2,
			Providers: 1, PolicyVersionsInUse: 2, AccountAccessKeysPresent: true, AccountMFAEnabled: true}
		diff(t, "Summary", want, got)
		return nil
	})
}

func testUsers(t *testing.T, s store.Store) {
	var bob store.User
	build(t, s, func(w world) {
		w.account(acct)
		w.account(acct2)
		bob = w.user(acct, "Bob", "/eng/")
		w.user(acct2, "bob", "/") // same name, other account
	})
	update(t, s, func(tx store.Tx) error {
		dup := bob
		dup.ID, dup.Name = id("AIDA"), "BOB"
		wantErr(t, "Create name differing only in case", tx.Users().Create(ctx, dup), store.ErrAlreadyExists)
		dup.ID, dup.Name = bob.ID, "carol"
		wantErr(t, "Create duplicate ID", tx.Users().Create(ctx, dup), store.ErrAlreadyExists)
		dup.ID, dup.AccountID = id("AIDA"), "000000000000"
		wantErr(t, "Create in missing account", tx.Users().Create(ctx, dup), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		for _, name := range []string{"Bob", "bob", "BOB"} {
			got, err := tx.Users().Get(ctx, acct, name)
			wantErr(t, "Get "+name, err, nil)
			diff(t, "Get "+name, bob, got)
		}
		got, err := tx.Users().GetByID(ctx, bob.ID)
		wantErr(t, "GetByID", err, nil)
		diff(t, "GetByID", bob, got)
		_, err = tx.Users().Get(ctx, acct, "nobody")
		wantErr(t, "Get missing", err, store.ErrNotFound)
		_, err = tx.Users().GetByID(ctx, "AIDANOPE")
		wantErr(t, "GetByID missing", err, store.ErrNotFound)
		return nil
	})

	var alice store.User
	build(t, s, func(w world) { alice = w.user(acct, "alice", "/") })
	renamed := bob
	renamed.Name, renamed.Path, renamed.ARN = "Robert", "/ops/", "arn:aws:iam::"+acct+":user/ops/Robert"
	renamed.BoundaryARN = "arn:aws:iam::aws:policy/PowerUserAccess"
	update(t, s, func(tx store.Tx) error {
		clash := renamed
		clash.Name = "ALICE"
		wantErr(t, "rename onto another user's name", tx.Users().Update(ctx, clash), store.ErrAlreadyExists)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Update", tx.Users().Update(ctx, renamed), nil)
		wantErr(t, "RecordPasswordUse", tx.Users().RecordPasswordUse(ctx, alice.ID, at(60)), nil)
		missing := renamed
		missing.ID = "AIDANOPE"
		wantErr(t, "Update missing", tx.Users().Update(ctx, missing), store.ErrNotFound)
		return nil
	})
	alice.PasswordLastUsed = at(60)
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Users().Get(ctx, acct, "bob")
		wantErr(t, "Get old name", err, store.ErrNotFound)
		got, err := tx.Users().Get(ctx, acct, "robert")
		wantErr(t, "Get new name", err, nil)
		diff(t, "renamed user", renamed, got)
		got, err = tx.Users().GetByID(ctx, alice.ID)
		wantErr(t, "GetByID", err, nil)
		diff(t, "password last used", alice, got)
		us, _, err := tx.Users().List(ctx, acct, store.ListOptions{})
		wantErr(t, "List", err, nil)
		diff(t, "List", []store.User{alice, renamed}, us)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Delete", tx.Users().Delete(ctx, alice.ID), nil)
		wantErr(t, "Delete again", tx.Users().Delete(ctx, alice.ID), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Users().GetByID(ctx, alice.ID)
		wantErr(t, "Get deleted", err, store.ErrNotFound)
		return nil
	})
}

// testUserDependentsAndCascade: the store offers the counts DeleteUser's DeleteConflict rule
// needs, and a deleted user takes everything it owns along.
func testUserDependentsAndCascade(t *testing.T, s store.Store) {
	var u, bare store.User
	var k store.AccessKey
	var g store.Group
	serial := "arn:aws:iam::" + acct + ":mfa/dev"
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "full", "/")
		bare = w.user(acct, "bare", "/")
		k = w.key(acct, u.ID)
		w.key(acct, u.ID)
		g = w.group(acct, "g", "/")
		w.must(w.tx.Groups().AddMember(ctx, g.ID, u.ID))
		p := store.Principal{Kind: store.PrincipalUser, ID: u.ID}
		w.must(w.tx.InlinePolicies().Put(ctx, p, store.InlinePolicy{Name: "inline", Document: doc("i")}))
		w.must(w.tx.Attachments().Attach(ctx, p, awsManaged("ReadOnlyAccess")))
		w.must(w.tx.LoginProfiles().Create(ctx, store.LoginProfile{UserID: u.ID, PasswordHash: []byte("h"), Created: t0}))
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: serial, AccountID: acct, Kind: store.MFAVirtual,
			Name: "dev", Path: "/", UserID: u.ID, EnableDate: t0}))
		w.must(w.tx.SigningCertificates().Create(ctx, store.SigningCertificate{ID: "CERT1", AccountID: acct, UserID: u.ID,
			Body: "pem", Status: store.StatusActive, Uploaded: t0}))
		w.must(w.tx.SSHPublicKeys().Create(ctx, store.SSHPublicKey{ID: id("APKA"), UserID: u.ID, Body: "ssh-rsa AAA",
			Fingerprint: "fp", Status: store.StatusActive, Uploaded: t0}))
		w.must(w.tx.ServiceCredentials().Create(ctx, store.ServiceCredential{ID: id("ACCA"), AccountID: acct, UserID: u.ID,
			ServiceName: "codecommit.amazonaws.com", ServiceUserName: "full-at-1", Status: store.StatusActive, Created: t0}))
		w.must(w.tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: u.ID}, []store.Tag{{Key: "team", Value: "a"}}))
	})
	view(t, s, func(tx store.Tx) error {
		tests := []struct {
			name string
			user store.User
			want store.UserDependents
		}{
			{"everything", u, store.UserDependents{AccessKeys: 2, InlinePolicies: 1, AttachedPolicies: 1, Groups: 1,
				LoginProfile: true, MFADevices: 1, SigningCertificates: 1, SSHPublicKeys: 1, ServiceCredentials: 1}},
			{"nothing", bare, store.UserDependents{}},
		}
		for _, tc := range tests {
			got, err := tx.Users().Dependents(ctx, tc.user.ID)
			wantErr(t, tc.name, err, nil)
			diff(t, "Dependents "+tc.name, tc.want, got)
			if got.Any() != (tc.want != store.UserDependents{}) {
				t.Errorf("Dependents %s: Any() = %v", tc.name, got.Any())
			}
		}
		_, err := tx.Users().Dependents(ctx, "AIDANOPE")
		wantErr(t, "Dependents of missing user", err, store.ErrNotFound)
		return nil
	})
	update(t, s, func(tx store.Tx) error { return tx.Users().Delete(ctx, u.ID) })
	var recreated store.User
	build(t, s, func(w world) { recreated = w.user(acct, "full", "/") })
	view(t, s, func(tx store.Tx) error {
		_, err := tx.AccessKeys().Get(ctx, k.ID)
		wantErr(t, "key of deleted user", err, store.ErrNotFound)
		members, _, err := tx.Groups().Members(ctx, g.ID, store.ListOptions{})
		wantErr(t, "Members", err, nil)
		diff(t, "members after delete", []store.User(nil), members)
		d, err := tx.MFADevices().Get(ctx, serial)
		wantErr(t, "MFA device outlives its user", err, nil)
		if d.UserID != "" {
			t.Errorf("MFA device still assigned to %q", d.UserID)
		}
		_, err = tx.LoginProfiles().Get(ctx, u.ID)
		wantErr(t, "login profile of deleted user", err, store.ErrNotFound)
		usage, err := tx.Attachments().Usage(ctx, acct, awsManaged("ReadOnlyAccess").ARN)
		wantErr(t, "Usage", err, nil)
		diff(t, "attachments of deleted user", store.PolicyUsage{}, usage)
		tags, err := tx.Tags().List(ctx, store.Resource{Kind: store.KindUser, Key: recreated.ID})
		wantErr(t, "tags of recreated user", err, nil)
		diff(t, "tags of recreated user", []store.Tag(nil), tags)
		deps, err := tx.Users().Dependents(ctx, recreated.ID)
		wantErr(t, "Dependents of recreated user", err, nil)
		diff(t, "Dependents of recreated user", store.UserDependents{}, deps)
		return nil
	})
}

func testAccessKeys(t *testing.T, s store.Store) {
	var u store.User
	var k1, k2, root store.AccessKey
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "Keyholder", "/")
		k1 = w.key(acct, u.ID)
		k2 = w.key(acct, u.ID)
		root = w.key(acct, "")
	})
	k1.UserName, k2.UserName = "Keyholder", "Keyholder"
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Create duplicate ID", tx.AccessKeys().Create(ctx, k1), store.ErrAlreadyExists)
		orphan := store.AccessKey{ID: id("AKIA"), AccountID: acct, UserID: "AIDANOPE", Status: store.StatusActive,
			SealedSecret: []byte("x"), Created: t0}
		wantErr(t, "Create for missing user", tx.AccessKeys().Create(ctx, orphan), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		for _, want := range []store.AccessKey{k1, root} {
			got, err := tx.AccessKeys().Get(ctx, want.ID)
			wantErr(t, "Get", err, nil)
			diff(t, "Get", want, got)
		}
		_, err := tx.AccessKeys().Get(ctx, "AKIANOPE")
		wantErr(t, "Get missing", err, store.ErrNotFound)
		ks, more, err := tx.AccessKeys().ListForUser(ctx, acct, u.ID, store.ListOptions{Limit: 1})
		wantErr(t, "ListForUser", err, nil)
		diff(t, "ListForUser page 1", []store.AccessKey{k1}, ks)
		if !more {
			t.Error("ListForUser page 1: more = false")
		}
		ks, _, err = tx.AccessKeys().ListForUser(ctx, acct, u.ID, store.ListOptions{After: k1.ID})
		wantErr(t, "ListForUser", err, nil)
		diff(t, "ListForUser page 2", []store.AccessKey{k2}, ks)
		ks, _, err = tx.AccessKeys().ListForUser(ctx, acct, "", store.ListOptions{})
		wantErr(t, "ListForUser root", err, nil)
		diff(t, "root keys", []store.AccessKey{root}, ks)
		n, err := tx.AccessKeys().CountForUser(ctx, acct, u.ID)
		wantErr(t, "CountForUser", err, nil)
		diff(t, "CountForUser", 2, n)
		return nil
	})

	before := latest(t, s)
	use := store.AccessKeyUse{When: at(100), Service: "s3", Region: "eu-west-1"}
	update(t, s, func(tx store.Tx) error { return tx.AccessKeys().RecordUse(ctx, k1.ID, use) })
	if got := latest(t, s); got != before {
		t.Errorf("RecordUse moved the change feed from %d to %d; usage is not a change", before, got)
	}
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "UpdateStatus", tx.AccessKeys().UpdateStatus(ctx, k1.ID, store.StatusInactive), nil)
		wantErr(t, "UpdateStatus missing", tx.AccessKeys().UpdateStatus(ctx, "AKIANOPE", store.StatusInactive), store.ErrNotFound)
		wantErr(t, "RecordUse missing", tx.AccessKeys().RecordUse(ctx, "AKIANOPE", use), store.ErrNotFound)
		wantErr(t, "Delete", tx.AccessKeys().Delete(ctx, k2.ID), nil)
		wantErr(t, "Delete again", tx.AccessKeys().Delete(ctx, k2.ID), store.ErrNotFound)
		return nil
	})
	k1.Status, k1.LastUsed = store.StatusInactive, use
	view(t, s, func(tx store.Tx) error {
		got, err := tx.AccessKeys().Get(ctx, k1.ID)
		wantErr(t, "Get", err, nil)
		diff(t, "after UpdateStatus and RecordUse", k1, got)
		n, err := tx.AccessKeys().CountForUser(ctx, acct, u.ID)
		wantErr(t, "CountForUser", err, nil)
		diff(t, "CountForUser after Delete", 1, n)
		return nil
	})
}

func testGroups(t *testing.T, s store.Store) {
	var admins, devs, other store.Group
	var ann, bob, stranger store.User
	build(t, s, func(w world) {
		w.account(acct)
		w.account(acct2)
		admins = w.group(acct, "Admins", "/")
		devs = w.group(acct, "devs", "/eng/")
		other = w.group(acct2, "x", "/")
		ann = w.user(acct, "ann", "/")
		bob = w.user(acct, "Bob", "/")
		stranger = w.user(acct2, "stranger", "/")
	})
	update(t, s, func(tx store.Tx) error {
		g := tx.Groups()
		dup := admins
		dup.ID, dup.Name = id("AGPA"), "ADMINS"
		wantErr(t, "Create name differing only in case", g.Create(ctx, dup), store.ErrAlreadyExists)
		wantErr(t, "AddMember", g.AddMember(ctx, admins.ID, bob.ID), nil)
		wantErr(t, "AddMember again is idempotent", g.AddMember(ctx, admins.ID, bob.ID), nil)
		wantErr(t, "AddMember", g.AddMember(ctx, admins.ID, ann.ID), nil)
		wantErr(t, "AddMember", g.AddMember(ctx, devs.ID, bob.ID), nil)
		wantErr(t, "AddMember missing user", g.AddMember(ctx, admins.ID, "AIDANOPE"), store.ErrNotFound)
		wantErr(t, "AddMember missing group", g.AddMember(ctx, "AGPANOPE", bob.ID), store.ErrNotFound)
		wantErr(t, "AddMember across accounts", g.AddMember(ctx, other.ID, bob.ID), store.ErrNotFound)
		wantErr(t, "AddMember across accounts", g.AddMember(ctx, admins.ID, stranger.ID), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		g := tx.Groups()
		got, err := g.Get(ctx, acct, "admins")
		wantErr(t, "Get ignoring case", err, nil)
		diff(t, "Get", admins, got)
		got, err = g.GetByID(ctx, devs.ID)
		wantErr(t, "GetByID", err, nil)
		diff(t, "GetByID", devs, got)
		members, _, err := g.Members(ctx, admins.ID, store.ListOptions{})
		wantErr(t, "Members", err, nil)
		diff(t, "Members", []string{"ann", "Bob"}, names(members, userName))
		members, more, err := g.Members(ctx, admins.ID, store.ListOptions{After: "ANN", Limit: 1})
		wantErr(t, "Members after", err, nil)
		diff(t, "Members after ann", []string{"Bob"}, names(members, userName))
		if more {
			t.Error("Members page 2: more = true")
		}
		gs, _, err := g.ForUser(ctx, bob.ID, store.ListOptions{})
		wantErr(t, "ForUser", err, nil)
		diff(t, "ForUser", []string{"Admins", "devs"}, names(gs, groupName))
		n, err := g.CountForUser(ctx, bob.ID)
		wantErr(t, "CountForUser", err, nil)
		diff(t, "CountForUser", 2, n)
		gs, _, err = g.List(ctx, acct, store.ListOptions{PathPrefix: "/eng/"})
		wantErr(t, "List by path", err, nil)
		diff(t, "List /eng/", []string{"devs"}, names(gs, groupName))
		return nil
	})
	groupChangesAndDelete(t, s, admins, devs, ann, bob)
}

func groupChangesAndDelete(t *testing.T, s store.Store, admins, devs store.Group, ann, bob store.User) {
	update(t, s, func(tx store.Tx) error {
		g := tx.Groups()
		wantErr(t, "RemoveMember", g.RemoveMember(ctx, admins.ID, ann.ID), nil)
		wantErr(t, "RemoveMember not a member", g.RemoveMember(ctx, admins.ID, ann.ID), store.ErrNotFound)
		w := world{t: t, tx: tx}
		w.must(tx.InlinePolicies().Put(ctx, store.Principal{Kind: store.PrincipalGroup, ID: admins.ID},
			store.InlinePolicy{Name: "p", Document: doc("g")}))
		w.must(tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalGroup, ID: admins.ID}, awsManaged("AdministratorAccess")))
		renamed := devs
		renamed.Name, renamed.Path = "Developers", "/"
		wantErr(t, "Update", g.Update(ctx, renamed), nil)
		clash := devs
		clash.Name = "admins"
		wantErr(t, "rename onto another group", g.Update(ctx, clash), store.ErrAlreadyExists)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		d, err := tx.Groups().Dependents(ctx, admins.ID)
		wantErr(t, "Dependents", err, nil)
		diff(t, "Dependents", store.GroupDependents{Members: 1, InlinePolicies: 1, AttachedPolicies: 1}, d)
		_, err = tx.Groups().Get(ctx, acct, "developers")
		wantErr(t, "Get renamed", err, nil)
		return nil
	})
	update(t, s, func(tx store.Tx) error { return tx.Groups().Delete(ctx, admins.ID) })
	view(t, s, func(tx store.Tx) error {
		gs, _, err := tx.Groups().ForUser(ctx, bob.ID, store.ListOptions{})
		wantErr(t, "ForUser", err, nil)
		diff(t, "ForUser after group delete", []string{"Developers"}, names(gs, groupName))
		usage, err := tx.Attachments().Usage(ctx, acct, awsManaged("AdministratorAccess").ARN)
		wantErr(t, "Usage", err, nil)
		diff(t, "attachments of deleted group", store.PolicyUsage{}, usage)
		return nil
	})
	wantErr(t, "Delete missing", s.Update(ctx, func(tx store.Tx) error { return tx.Groups().Delete(ctx, admins.ID) }), store.ErrNotFound)
}

func testRoles(t *testing.T, s store.Store) {
	var r, slr store.Role
	build(t, s, func(w world) {
		w.account(acct)
		r = w.role(acct, "Deployer", "/ci/")
		slr = store.Role{AccountID: acct, ID: id("AROA"), Name: "AWSServiceRoleForSupport", Path: "/aws-service-role/support.amazonaws.com/",
			ARN:         "arn:aws:iam::" + acct + ":role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport",
			TrustPolicy: "{}", MaxSessionDuration: 3600, Created: at(7), ServiceLinked: true, LinkedService: "support.amazonaws.com"}
		w.must(w.tx.Roles().Create(ctx, slr))
	})
	update(t, s, func(tx store.Tx) error {
		dup := r
		dup.ID, dup.Name = id("AROA"), "DEPLOYER"
		wantErr(t, "Create name differing only in case", tx.Roles().Create(ctx, dup), store.ErrAlreadyExists)
		r.Description, r.MaxSessionDuration, r.TrustPolicy = "deploys", 43200, `{"Statement":[]}`
		r.BoundaryARN = "arn:aws:iam::" + acct + ":policy/Boundary"
		wantErr(t, "Update", tx.Roles().Update(ctx, r), nil)
		wantErr(t, "RecordUse", tx.Roles().RecordUse(ctx, r.ID, store.RoleUse{When: at(30), Region: "us-east-2"}), nil)
		wantErr(t, "RecordUse missing", tx.Roles().RecordUse(ctx, "AROANOPE", store.RoleUse{When: at(30)}), store.ErrNotFound)
		p := store.Principal{Kind: store.PrincipalRole, ID: r.ID}
		wantErr(t, "Put inline", tx.InlinePolicies().Put(ctx, p, store.InlinePolicy{Name: "x", Document: doc("r")}), nil)
		wantErr(t, "Attach", tx.Attachments().Attach(ctx, p, awsManaged("ReadOnlyAccess")), nil)
		return nil
	})
	r.LastUsed = store.RoleUse{When: at(30), Region: "us-east-2"}
	view(t, s, func(tx store.Tx) error {
		got, err := tx.Roles().Get(ctx, acct, "deployer")
		wantErr(t, "Get", err, nil)
		diff(t, "Get", r, got)
		got, err = tx.Roles().GetByID(ctx, slr.ID)
		wantErr(t, "GetByID", err, nil)
		diff(t, "service-linked role", slr, got)
		rs, _, err := tx.Roles().List(ctx, acct, store.ListOptions{PathPrefix: "/aws-service-role/"})
		wantErr(t, "List", err, nil)
		diff(t, "List service roles", []store.Role{slr}, rs)
		d, err := tx.Roles().Dependents(ctx, r.ID)
		wantErr(t, "Dependents", err, nil)
		diff(t, "Dependents", store.RoleDependents{InlinePolicies: 1, AttachedPolicies: 1}, d)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Delete", tx.Roles().Delete(ctx, r.ID), nil)
		wantErr(t, "Delete again", tx.Roles().Delete(ctx, r.ID), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Roles().Get(ctx, acct, "Deployer")
		wantErr(t, "Get deleted", err, store.ErrNotFound)
		n, err := tx.InlinePolicies().Count(ctx, store.Principal{Kind: store.PrincipalRole, ID: r.ID})
		wantErr(t, "Count", err, nil)
		diff(t, "inline policies of deleted role", 0, n)
		return nil
	})
}

func testInstanceProfiles(t *testing.T, s store.Store) {
	var web, batch store.InstanceProfile
	var r store.Role
	build(t, s, func(w world) {
		w.account(acct)
		r = w.role(acct, "ec2", "/")
		web = store.InstanceProfile{AccountID: acct, ID: id("AIPA"), Name: "Web", Path: "/", ARN: "arn:aws:iam::" + acct + ":instance-profile/Web", Created: t0}
		batch = store.InstanceProfile{AccountID: acct, ID: id("AIPA"), Name: "batch", Path: "/jobs/", ARN: "arn:aws:iam::" + acct + ":instance-profile/jobs/batch", Created: t0}
		w.must(w.tx.InstanceProfiles().Create(ctx, web))
		w.must(w.tx.InstanceProfiles().Create(ctx, batch))
	})
	update(t, s, func(tx store.Tx) error {
		ip := tx.InstanceProfiles()
		dup := web
		dup.ID, dup.Name = id("AIPA"), "WEB"
		wantErr(t, "Create name differing only in case", ip.Create(ctx, dup), store.ErrAlreadyExists)
		wantErr(t, "AddRole", ip.AddRole(ctx, web.ID, r.ID), nil)
		wantErr(t, "AddRole again", ip.AddRole(ctx, web.ID, r.ID), store.ErrAlreadyExists)
		wantErr(t, "AddRole missing role", ip.AddRole(ctx, web.ID, "AROANOPE"), store.ErrNotFound)
		return nil
	})
	web.Roles = []store.Role{r}
	view(t, s, func(tx store.Tx) error {
		ip := tx.InstanceProfiles()
		got, err := ip.Get(ctx, acct, "web")
		wantErr(t, "Get", err, nil)
		diff(t, "Get", web, got)
		got, err = ip.GetByID(ctx, batch.ID)
		wantErr(t, "GetByID", err, nil)
		diff(t, "GetByID", batch, got)
		ps, _, err := ip.List(ctx, acct, store.ListOptions{})
		wantErr(t, "List", err, nil)
		diff(t, "List", []store.InstanceProfile{batch, web}, ps)
		ps, _, err = ip.ForRole(ctx, r.ID, store.ListOptions{})
		wantErr(t, "ForRole", err, nil)
		diff(t, "ForRole", []store.InstanceProfile{web}, ps)
		d, err := tx.Roles().Dependents(ctx, r.ID)
		wantErr(t, "role Dependents", err, nil)
		diff(t, "role Dependents", store.RoleDependents{InstanceProfiles: 1}, d)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		ip := tx.InstanceProfiles()
		wantErr(t, "RemoveRole", ip.RemoveRole(ctx, web.ID, r.ID), nil)
		wantErr(t, "RemoveRole again", ip.RemoveRole(ctx, web.ID, r.ID), store.ErrNotFound)
		wantErr(t, "Delete", ip.Delete(ctx, batch.ID), nil)
		wantErr(t, "Delete again", ip.Delete(ctx, batch.ID), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.InstanceProfiles().Get(ctx, acct, "Web")
		wantErr(t, "Get", err, nil)
		diff(t, "roles after RemoveRole", []store.Role(nil), got.Roles)
		_, err = tx.InstanceProfiles().Get(ctx, acct, "batch")
		wantErr(t, "Get deleted", err, store.ErrNotFound)
		return nil
	})
}

func testSLRDeletions(t *testing.T, s store.Store) {
	d := store.SLRDeletion{ID: "task/aws-service-role/x/AWSServiceRoleForX/1", AccountID: acct, RoleName: "AWSServiceRoleForX",
		RoleARN: "arn:aws:iam::" + acct + ":role/aws-service-role/x/AWSServiceRoleForX", Status: store.DeletionInProgress, Created: t0}
	build(t, s, func(w world) {
		w.account(acct)
		w.must(w.tx.ServiceLinkedRoleDeletions().Create(ctx, d))
	})
	d.Status, d.Reason = store.DeletionFailed, "in use"
	d.RoleUsage = []store.RoleUsage{{Region: "us-east-1", Resources: []string{"arn:aws:x:us-east-1:" + acct + ":thing/1"}}}
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Create duplicate", tx.ServiceLinkedRoleDeletions().Create(ctx, d), store.ErrAlreadyExists)
		return nil
	})
	update(t, s, func(tx store.Tx) error { return tx.ServiceLinkedRoleDeletions().Update(ctx, d) })
	view(t, s, func(tx store.Tx) error {
		got, err := tx.ServiceLinkedRoleDeletions().Get(ctx, acct, d.ID)
		wantErr(t, "Get", err, nil)
		diff(t, "Get", d, got)
		_, err = tx.ServiceLinkedRoleDeletions().Get(ctx, acct2, d.ID)
		wantErr(t, "Get from another account", err, store.ErrNotFound)
		return nil
	})
}
