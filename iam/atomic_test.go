package iam

import (
	"context"
	"errors"
	"testing"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

var errInjected = errors.New("injected failure")

// failingStore fails every Tags().Put inside Update, after the operation's earlier writes.
type failingStore struct{ store.Store }

func (f failingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return f.Store.Update(ctx, func(tx store.Tx) error { return fn(failingTx{tx}) })
}

type failingTx struct{ store.Tx }

func (t failingTx) Tags() store.Tags { return failingTags{t.Tx.Tags()} }

type failingTags struct{ store.Tags }

func (failingTags) Put(context.Context, store.Resource, []store.Tag) error { return errInjected }

// TestFailedRequestChangesNothing: a write that fails after an earlier write of the same
// request (CreateUser stores the user, then its tags) leaves no trace.
func TestFailedRequestChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	raw, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	key, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	secrets, err := keyring.New(nil, key)
	if err != nil {
		t.Fatal(err)
	}
	n := node.New(failingStore{raw}, node.Options{Secrets: secrets})
	svc := New(Config{Node: n, Secrets: secrets})
	acct, _, err := svc.CreateAccount(ctx, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	revision := func() int64 {
		var rev int64
		if err := raw.View(ctx, func(tx store.Tx) error {
			rev, err = tx.ChangeFeed().LatestRevision(ctx)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return rev
	}
	before := revision()
	call := &callctx.Call{Caller: &callctx.Caller{Kind: callctx.KindRoot, AccountID: acct.ID, ARN: arn.Root(acct.ID), UniqueID: acct.ID}}
	_, err = svc.CreateUser(callctx.With(ctx, call), &iamwire.CreateUserInput{UserName: "alice",
		Tags: []iamwire.Tag{{Key: "team", Value: "blue"}}})
	if !errors.Is(err, errInjected) {
		t.Fatalf("CreateUser = %v, want the injected failure", err)
	}
	err = raw.View(ctx, func(tx store.Tx) error {
		_, err := tx.Users().Get(ctx, acct.ID, "alice")
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("user after the failed CreateUser: %v, want not found", err)
	}
	if after := revision(); after != before {
		t.Errorf("change feed moved from %d to %d for a failed request", before, after)
	}
}
