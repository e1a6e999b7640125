package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

func testServerCertificates(t *testing.T, s store.Store) {
	cert := func(name, path string) store.ServerCertificate {
		return store.ServerCertificate{AccountID: acct, ID: id("ASCA"), Name: name, Path: path,
			ARN: "arn:aws:iam::" + acct + ":server-certificate" + path + name, Body: "body-" + name, Chain: "chain",
			SealedPrivateKey: []byte("sealed-" + name), Expiration: at(86400 * 365), Uploaded: t0}
	}
	web, api := cert("Web", "/cloudfront/"), cert("api", "/")
	build(t, s, func(w world) {
		w.account(acct)
		w.must(w.tx.ServerCertificates().Create(ctx, web))
		w.must(w.tx.ServerCertificates().Create(ctx, api))
	})
	update(t, s, func(tx store.Tx) error {
		dup := cert("WEB", "/")
		wantErr(t, "Create name differing only in case", tx.ServerCertificates().Create(ctx, dup), store.ErrAlreadyExists)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.ServerCertificates().Get(ctx, acct, "web")
		wantErr(t, "Get", err, nil)
		diff(t, "Get", web, got)
		cs, _, err := tx.ServerCertificates().List(ctx, acct, store.ListOptions{PathPrefix: "/cloudfront/"})
		wantErr(t, "List", err, nil)
		diff(t, "List by path", []store.ServerCertificate{web}, cs)
		return nil
	})
	renamed := api
	renamed.Name, renamed.Path, renamed.ARN = "api-v2", "/v2/", "arn:aws:iam::"+acct+":server-certificate/v2/api-v2"
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "Update", tx.ServerCertificates().Update(ctx, renamed), nil)
		wantErr(t, "Delete", tx.ServerCertificates().Delete(ctx, web.ID), nil)
		wantErr(t, "Delete again", tx.ServerCertificates().Delete(ctx, web.ID), store.ErrNotFound)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		cs, _, err := tx.ServerCertificates().List(ctx, acct, store.ListOptions{})
		wantErr(t, "List", err, nil)
		diff(t, "List after rename and delete", []store.ServerCertificate{renamed}, cs)
		return nil
	})
}

func testFederationProviders(t *testing.T, s store.Store) {
	oidc := store.OIDCProvider{ARN: "arn:aws:iam::" + acct + ":oidc-provider/token.actions.githubusercontent.com", AccountID: acct,
		URL: "https://token.actions.githubusercontent.com", ClientIDs: []string{"sts.amazonaws.com"},
		Thumbprints: []string{"6938fd4d98bab03faadb97b34396831e3780aea1"}, Created: t0}
	saml := store.SAMLProvider{ARN: "arn:aws:iam::" + acct + ":saml-provider/Okta", AccountID: acct, Name: "Okta",
		UUID: "a1b2c3", MetadataDocument: "<EntityDescriptor/>", ValidUntil: at(1000), Created: t0,
		AssertionEncryptionMode: "Allowed", PrivateKeys: []store.SAMLPrivateKey{{KeyID: "k1", Timestamp: t0, Sealed: []byte("pk")}}}
	build(t, s, func(w world) {
		w.account(acct)
		w.must(w.tx.OIDCProviders().Create(ctx, oidc))
		w.must(w.tx.SAMLProviders().Create(ctx, saml))
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "OIDC Create duplicate", tx.OIDCProviders().Create(ctx, oidc), store.ErrAlreadyExists)
		wantErr(t, "SAML Create duplicate", tx.SAMLProviders().Create(ctx, saml), store.ErrAlreadyExists)
		oidc.ClientIDs = append(oidc.ClientIDs, "other-client")
		oidc.Thumbprints = nil
		wantErr(t, "OIDC Update", tx.OIDCProviders().Update(ctx, oidc), nil)
		saml.MetadataDocument, saml.AssertionEncryptionMode, saml.PrivateKeys = "<EntityDescriptor v2/>", "Required", nil
		wantErr(t, "SAML Update", tx.SAMLProviders().Update(ctx, saml), nil)
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		got, err := tx.OIDCProviders().Get(ctx, oidc.ARN)
		wantErr(t, "OIDC Get", err, nil)
		diff(t, "OIDC Get", oidc, got)
		os, err := tx.OIDCProviders().List(ctx, acct)
		wantErr(t, "OIDC List", err, nil)
		diff(t, "OIDC List", []store.OIDCProvider{oidc}, os)
		gotS, err := tx.SAMLProviders().Get(ctx, saml.ARN)
		wantErr(t, "SAML Get", err, nil)
		diff(t, "SAML Get", saml, gotS)
		ss, err := tx.SAMLProviders().List(ctx, acct)
		wantErr(t, "SAML List", err, nil)
		diff(t, "SAML List", []store.SAMLProvider{saml}, ss)
		return nil
	})
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "OIDC Delete", tx.OIDCProviders().Delete(ctx, oidc.ARN), nil)
		wantErr(t, "OIDC Delete again", tx.OIDCProviders().Delete(ctx, oidc.ARN), store.ErrNotFound)
		wantErr(t, "SAML Delete", tx.SAMLProviders().Delete(ctx, saml.ARN), nil)
		_, err := tx.SAMLProviders().Get(ctx, saml.ARN)
		wantErr(t, "SAML Get deleted", err, store.ErrNotFound)
		return nil
	})
}

func testTags(t *testing.T, s store.Store) {
	var resources []store.Resource
	build(t, s, func(w world) {
		w.account(acct)
		u := w.user(acct, "u", "/")
		r := w.role(acct, "r", "/")
		p := w.policy(acct, "p", "/", doc("p"))
		ip := store.InstanceProfile{AccountID: acct, ID: id("AIPA"), Name: "ip", Path: "/", ARN: "arn:ip", Created: t0}
		w.must(w.tx.InstanceProfiles().Create(ctx, ip))
		sc := store.ServerCertificate{AccountID: acct, ID: id("ASCA"), Name: "sc", Path: "/", ARN: "arn:sc", Body: "b",
			SealedPrivateKey: []byte("k"), Uploaded: t0}
		w.must(w.tx.ServerCertificates().Create(ctx, sc))
		w.must(w.tx.OIDCProviders().Create(ctx, store.OIDCProvider{ARN: "arn:oidc", AccountID: acct, URL: "https://o", Created: t0}))
		w.must(w.tx.SAMLProviders().Create(ctx, store.SAMLProvider{ARN: "arn:saml", AccountID: acct, Name: "s", Created: t0}))
		w.must(w.tx.MFADevices().Create(ctx, store.MFADevice{SerialNumber: "arn:mfa", AccountID: acct, Kind: store.MFAVirtual}))
		resources = []store.Resource{
			{Kind: store.KindUser, Key: u.ID}, {Kind: store.KindRole, Key: r.ID}, {Kind: store.KindPolicy, Key: p.ARN},
			{Kind: store.KindInstanceProfile, Key: ip.ID}, {Kind: store.KindServerCertificate, Key: sc.ID},
			{Kind: store.KindOIDCProvider, Key: "arn:oidc"}, {Kind: store.KindSAMLProvider, Key: "arn:saml"},
			{Kind: store.KindMFADevice, Key: "arn:mfa"},
		}
	})
	for _, r := range resources {
		t.Run(string(r.Kind), func(t *testing.T) {
			update(t, s, func(tx store.Tx) error {
				tg := tx.Tags()
				wantErr(t, "Put", tg.Put(ctx, r, []store.Tag{{Key: "Env", Value: "prod"}, {Key: "team", Value: "a"}}), nil)
				wantErr(t, "Put", tg.Put(ctx, r, []store.Tag{{Key: "cost", Value: "1"}, {Key: "ENV", Value: "dev"}}), nil)
				wantErr(t, "Remove", tg.Remove(ctx, r, []string{"TEAM", "absent"}), nil)
				return nil
			})
			view(t, s, func(tx store.Tx) error {
				got, err := tx.Tags().List(ctx, r)
				wantErr(t, "List", err, nil)
				diff(t, "tags: a replaced key keeps its place", []store.Tag{{Key: "ENV", Value: "dev"}, {Key: "cost", Value: "1"}}, got)
				n, err := tx.Tags().Count(ctx, r)
				wantErr(t, "Count", err, nil)
				diff(t, "Count", 2, n)
				return nil
			})
		})
	}
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Tags().List(ctx, store.Resource{Kind: store.KindUser, Key: "AIDANOPE"})
		wantErr(t, "List of missing resource", err, store.ErrNotFound)
		if _, err := tx.Tags().List(ctx, store.Resource{Kind: store.KindAccessKey, Key: "x"}); err == nil {
			t.Error("List of an untaggable kind succeeded")
		}
		return nil
	})
	// Tags go with their resource.
	update(t, s, func(tx store.Tx) error { return tx.Policies().Delete(ctx, mustPolicyID(t, tx)) })
	view(t, s, func(tx store.Tx) error {
		var n int
		for _, r := range resources[:2] {
			c, err := tx.Tags().Count(ctx, r)
			wantErr(t, "Count", err, nil)
			n += c
		}
		diff(t, "tags of the others survive", 4, n)
		return nil
	})
}

func mustPolicyID(t *testing.T, tx store.Tx) string {
	t.Helper()
	p, err := tx.Policies().Get(ctx, acct, "p")
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func testLastAccessed(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct) })
	user := "arn:aws:iam::" + acct + ":user/u"
	rec := func(ns, action string, when int, region string) store.AccessRecord {
		return store.AccessRecord{AccountID: acct, EntityARN: user, Namespace: ns, Action: action, When: at(when),
			AuthenticatedEntity: user, Region: region}
	}
	before := latest(t, s)
	update(t, s, func(tx store.Tx) error {
		la := tx.LastAccessed()
		for _, r := range []store.AccessRecord{rec("s3", "", 10, "us-east-1"), rec("s3", "", 5, "eu-west-1"),
			rec("s3", "GetObject", 10, "us-east-1"), rec("iam", "", 20, "us-east-1"), rec("iam", "", 30, "eu-west-1")} {
			wantErr(t, "Record", la.Record(ctx, r), nil)
		}
		return nil
	})
	if got := latest(t, s); got != before {
		t.Errorf("access records moved the change feed from %d to %d", before, got)
	}
	view(t, s, func(tx store.Tx) error {
		got, err := tx.LastAccessed().List(ctx, acct, user)
		wantErr(t, "List", err, nil)
		diff(t, "List keeps the latest", []store.AccessRecord{rec("iam", "", 30, "eu-west-1"), rec("s3", "", 10, "us-east-1"),
			rec("s3", "GetObject", 10, "us-east-1")}, got)
		return nil
	})
	job := store.ReportJob{ID: "job-1", AccountID: acct, Kind: "service-last-accessed", EntityARN: user,
		Granularity: "SERVICE_LEVEL", Status: "IN_PROGRESS", Created: t0}
	update(t, s, func(tx store.Tx) error {
		wantErr(t, "CreateJob", tx.LastAccessed().CreateJob(ctx, job), nil)
		wantErr(t, "CreateJob duplicate", tx.LastAccessed().CreateJob(ctx, job), store.ErrAlreadyExists)
		return nil
	})
	job.Status, job.Completed = "COMPLETED", at(3)
	update(t, s, func(tx store.Tx) error { return tx.LastAccessed().UpdateJob(ctx, job) })
	view(t, s, func(tx store.Tx) error {
		got, err := tx.LastAccessed().GetJob(ctx, acct, job.ID)
		wantErr(t, "GetJob", err, nil)
		diff(t, "GetJob", job, got)
		_, err = tx.LastAccessed().GetJob(ctx, acct, "nope")
		wantErr(t, "GetJob missing", err, store.ErrNotFound)
		return nil
	})
}
