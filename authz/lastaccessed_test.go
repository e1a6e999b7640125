package authz_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/store"
)

// TestLastAccessed: every authorization attempt of a user, allowed or denied, is buffered as
// service-last-accessed data for its service and its action, the latest kept, and written only
// when usage is flushed; the root user is not tracked.
func TestLastAccessed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := memoryWorld(t, allow("iam:Get*"))
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	az := authz.New(w.store, authz.Options{Secrets: w.secrets, Now: func() time.Time { return now }})
	_, caller, err := az.Lookup(ctx, w.keyID)
	if err != nil {
		t.Fatal(err)
	}
	call := &authz.Call{Caller: caller, Region: "eu-west-1"}
	attempt := func(action string) {
		t.Helper()
		_, err := az.Decide(ctx, call, authz.Request{Action: action, Resource: "*"})
		if err != nil {
			t.Fatal(err)
		}
	}
	attempt("iam:GetUser")
	now = now.Add(time.Hour)
	attempt("iam:CreateUser") // denied, still an attempt
	attempt("sts:GetCallerIdentity")
	root := &authz.Call{Caller: &authz.Caller{Kind: authz.KindRoot, AccountID: account, ARN: authz.RootARN(account)}, Region: "eu-west-1"}
	if err := az.Authorize(ctx, root, authz.Request{Action: "s3:ListBucket", Resource: "*"}); err != nil {
		t.Fatal(err)
	}

	list := func() []store.AccessRecord {
		t.Helper()
		var recs []store.AccessRecord
		err := w.store.View(ctx, func(tx store.Tx) error {
			var err error
			if recs, err = tx.LastAccessed().List(ctx, account, "arn:aws:iam::"+account+":user/alice"); err != nil {
				return err
			}
			root, err := tx.LastAccessed().List(ctx, account, authz.RootARN(account))
			recs = append(recs, root...)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	if recs := list(); len(recs) != 0 {
		t.Fatalf("records written before a flush: %v", recs)
	}
	if err := az.FlushUsage(ctx); err != nil {
		t.Fatal(err)
	}
	alice := "arn:aws:iam::" + account + ":user/alice"
	rec := func(ns, action string, when time.Time) store.AccessRecord {
		return store.AccessRecord{AccountID: account, EntityARN: alice, Namespace: ns, Action: action, When: when,
			AuthenticatedEntity: alice, Region: "eu-west-1"}
	}
	t0, t1 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC)
	want := []store.AccessRecord{rec("iam", "", t1), rec("iam", "CreateUser", t1), rec("iam", "GetUser", t0),
		rec("sts", "", t1), rec("sts", "GetCallerIdentity", t1)}
	if diff := cmp.Diff(want, list()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}
