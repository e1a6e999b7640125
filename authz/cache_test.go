package authz

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

// TestSharedSets checks that principals with the same policies share one compiled, indexed
// set (thousands of users attached to the same few managed policies cost one), and that a
// principal whose policies differ gets its own.
func TestSharedSets(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const acct = "111122223333"
	now := time.Now()
	attach := map[string][]int{"u1": {0, 1}, "u2": {0, 1}, "u3": {0}, "u4": {0, 9}} // p9 does not exist
	err = st.Update(ctx, func(tx store.Tx) error {
		if err := tx.Accounts().Create(ctx, store.Account{ID: acct, Created: now}); err != nil {
			return err
		}
		for i := range 2 {
			doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get%d","Resource":"*"}]}`, i)
			name := fmt.Sprintf("p%d", i)
			if err := tx.Policies().Create(ctx, store.ManagedPolicy{AccountID: acct, ID: fmt.Sprintf("ANPAEXAMPLE%09d", i), Name: name,
				Path: "/", ARN: "arn:aws:iam::" + acct + ":policy/" + name, IsAttachable: true, Created: now, Updated: now}, doc); err != nil {
				return err
			}
		}
		for u, ps := range attach {
			if err := tx.Users().Create(ctx, store.User{AccountID: acct, ID: "AIDA" + u, Name: u, Path: "/",
				ARN: "arn:aws:iam::" + acct + ":user/" + u, Created: now}); err != nil {
				return err
			}
			for _, i := range ps {
				name := fmt.Sprintf("p%d", i)
				if err := tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalUser, ID: "AIDA" + u},
					store.AttachedPolicy{ARN: "arn:aws:iam::" + acct + ":policy/" + name, Name: name, Path: "/"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a := New(st, Options{})
	entry := func(u string) *principalEntry {
		e, err := a.principal(ctx, principalKey{kind: store.PrincipalUser, id: "AIDA" + u})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(e.identity.set.Policies()); got != len(attach[u]) && u != "u4" {
			t.Fatalf("%s: %d policies in its set, want %d", u, got, len(attach[u]))
		}
		return e
	}
	u1, u2, u3, u4 := entry("u1"), entry("u2"), entry("u3"), entry("u4")
	if u1.identity.set != u2.identity.set {
		t.Error("two users with the same attached policies have two compiled sets")
	}
	if u1.identity.set == u3.identity.set {
		t.Error("users with different policies share a set")
	}
	for _, u := range []*principalEntry{u1, u2, u3} {
		if !u.dependsOn("arn:aws:iam::"+acct+":policy/p0") || u.dependsOn("arn:aws:iam::"+acct+":policy/none") {
			t.Error("an entry must depend on its attached policies, and only them")
		}
	}
	if u3.dependsOn("arn:aws:iam::" + acct + ":policy/p1") {
		t.Error("u3 depends on a policy it does not have")
	}
	// A policy attached but missing is in no set; its creation must still drop the entry.
	if u4.identity.set != u3.identity.set || !u4.dependsOn("arn:aws:iam::"+acct+":policy/p9") {
		t.Error("u4: the missing policy p9 must leave u4 with u3's set and still be depended on")
	}
	a.Invalidate([]store.Change{{AccountID: acct, Kind: store.KindPolicy, Key: "arn:aws:iam::" + acct + ":policy/p9"}})
	a.cache.mu.RLock()
	_, kept := a.cache.principals[principalKey{kind: store.PrincipalUser, id: "AIDAu4"}]
	_, keptOther := a.cache.principals[principalKey{kind: store.PrincipalUser, id: "AIDAu3"}]
	a.cache.mu.RUnlock()
	if kept || !keptOther {
		t.Errorf("a change of p9: u4 kept %v (want false), u3 kept %v (want true)", kept, keptOther)
	}
}

// countingStore counts read transactions.
type countingStore struct {
	store.Store
	views int
}

func (c *countingStore) View(ctx context.Context, fn func(tx store.Tx) error) error {
	c.views++
	return c.Store.View(ctx, fn)
}

// TestUserFromCache checks that User reads the database once, then answers from the cache
// until a change of the user drops the entry.
func TestUserFromCache(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const acct = "111122223333"
	now := time.Now().UTC().Truncate(time.Second)
	alice := store.User{AccountID: acct, ID: "AIDAALICE", Name: "alice", Path: "/team/", ARN: "arn:aws:iam::" + acct + ":user/team/alice",
		Created: now}
	err = st.Update(ctx, func(tx store.Tx) error {
		if err := tx.Accounts().Create(ctx, store.Account{ID: acct, Created: now}); err != nil {
			return err
		}
		if err := tx.Users().Create(ctx, alice); err != nil {
			return err
		}
		return tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: alice.ID}, []store.Tag{{Key: "team", Value: "blue"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	cs := &countingStore{Store: st}
	a := New(cs, Options{})
	for range 3 {
		u, tags, err := a.User(ctx, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u != alice || len(tags) != 1 || tags[0] != (store.Tag{Key: "team", Value: "blue"}) {
			t.Fatalf("User = %+v, %v; want %+v with its tag", u, tags, alice)
		}
	}
	if cs.views != 1 {
		t.Fatalf("three lookups of one user read the database %d times, want once", cs.views)
	}
	a.Invalidate([]store.Change{{AccountID: acct, Kind: store.KindUser, Key: alice.ID}})
	if _, _, err := a.User(ctx, alice.ID); err != nil || cs.views != 2 {
		t.Fatalf("after a change of the user: err %v, %d reads; want a second read", err, cs.views)
	}
	if _, _, err := a.User(ctx, "AIDANOBODY"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an unknown user: %v, want store.ErrNotFound", err)
	}
}
