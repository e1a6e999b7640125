package authz

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/policy"
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
		if err := tx.Groups().Create(ctx, store.Group{AccountID: acct, ID: "AGPAg1", Name: "g1", Path: "/",
			ARN: "arn:aws:iam::" + acct + ":group/g1", Created: now}); err != nil {
			return err
		}
		return tx.Groups().AddMember(ctx, "AGPAg1", "AIDAu1")
	})
	if err != nil {
		t.Fatal(err)
	}
	a := New(st, Options{})
	entry := func(u string) *principalEntry {
		e, err := a.principal(ctx, store.PrincipalUser, "AIDA"+u)
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
	if len(u4.identity.set.Policies()) != 1 || !u4.dependsOn("arn:aws:iam::"+acct+":policy/p9") {
		t.Error("u4: the missing policy p9 must leave u4 with p0 alone and still be depended on")
	}
	change := func(kind store.Kind, key string) {
		a.Invalidate([]store.Change{{AccountID: acct, Kind: kind, Key: key}})
	}
	staleOnes := func() (s []string) {
		for _, u := range []string{"u1", "u2", "u3", "u4"} {
			a.cache.mu.RLock()
			e, _ := a.cache.users.Get("AIDA" + u)
			a.cache.mu.RUnlock()
			if e.stale() {
				s = append(s, u)
			}
		}
		return s
	}
	change(store.KindPolicy, "arn:aws:iam::"+acct+":policy/p9")
	if got := staleOnes(); !slices.Equal(got, []string{"u4"}) {
		t.Errorf("a change of p9 made %v stale, want u4 only", got)
	}
	entry("u4") // loaded again
	change(store.KindGroup, "AGPAg1")
	if got := staleOnes(); !slices.Equal(got, []string{"u1"}) {
		t.Errorf("a change of group g1 made %v stale, want u1 only", got)
	}
	if e := entry("u1"); e.stale() || e == u1 {
		t.Error("u1 must be loaded again after its group changed")
	}
	change(store.KindPolicy, "arn:aws:iam::"+acct+":policy/p1")
	if got := staleOnes(); !slices.Equal(got, []string{"u1", "u2"}) {
		t.Errorf("a change of p1 made %v stale, want u1 and u2", got)
	}
	u1 = entry("u1")
	if u1.stale() || u1.identity == u2.identity || u1.identity.set == u2.identity.set {
		t.Error("u1 must be loaded again with a set built anew, not the stale one u2 still holds")
	}
	for _, u := range []string{"u2", "u3", "u4"} {
		entry(u)
	}
	// Closing or removing an account marks its principals, and no other account's, without a
	// walk over the principals.
	a.Invalidate([]store.Change{{AccountID: "999999999999", Kind: store.KindAccount, Key: "999999999999"}})
	if got := staleOnes(); len(got) != 0 {
		t.Errorf("a change of another account made %v stale", got)
	}
	change(store.KindAccount, acct)
	if got := staleOnes(); !slices.Equal(got, []string{"u1", "u2", "u3", "u4"}) {
		t.Errorf("a change of the account made %v stale, want every user of it", got)
	}
	if e := entry("u3"); e.stale() || e.account.id != acct {
		t.Error("u3 must be loaded again, in a new dependency of its account")
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
		Created: now, BoundaryARN: "arn:aws:iam::" + acct + ":policy/fence"}
	// The entry keeps a user's record field by field (principalEntry.user): a field added to
	// store.User must be added there too.
	if n := reflect.TypeOf(store.User{}).NumField(); n != 8 {
		t.Fatalf("store.User has %d fields; principalEntry.user copies 8", n)
	}
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

// BenchmarkInvalidatePolicy is the cost of applying one change of a managed policy (one that
// ten sets name besides others) with 1,000 and 100,000 principals cached: it walks the shared
// sets, not the principals, so it does not grow with them.
func BenchmarkInvalidatePolicy(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("principals=%d", n), func(b *testing.B) {
			a := New(nil, Options{})
			c := a.cache
			var sets []*policySet
			for i := range 20 {
				ps := &policySet{set: policy.NewSet(), arns: []string{fmt.Sprintf("arn:aws:iam::111122223333:policy/p%d", i)}}
				c.sets[fmt.Sprint(i)] = ps
				sets = append(sets, ps)
			}
			entries := make([]*principalEntry, n)
			for i := range n {
				entries[i] = c.users.Put(fmt.Sprintf("AIDA%016d", i), principalEntry{identity: sets[i%len(sets)], boundary: noBoundary})
			}
			ch := []store.Change{{AccountID: "111122223333", Kind: store.KindPolicy, Key: "arn:aws:iam::111122223333:policy/other"}}
			b.ResetTimer()
			for range b.N {
				a.Invalidate(ch)
			}
			b.StopTimer()
			// The baseline, in the same run: the walk over every principal this replaced.
			start := time.Now()
			for range 20 {
				c.mu.Lock()
				for _, e := range entries {
					if e.dependsOn(ch[0].Key) {
						b.Fatal("no principal depends on it")
					}
				}
				c.mu.Unlock()
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/20, "ns-walk-every-principal")
		})
	}
}

// TestPathName: an entry reads a principal's path and name from its ARN, and keeps them only
// when the ARN does not end with them.
func TestPathName(t *testing.T) {
	for _, tc := range []struct{ arn, path, name string }{
		{"arn:aws:iam::111122223333:user/alice", "/", "alice"},
		{"arn:aws:iam::111122223333:user/division/team/alice", "/division/team/", "alice"},
		{"arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk",
			"/aws-service-role/elasticbeanstalk.amazonaws.com/", "AWSServiceRoleForElasticBeanstalk"},
	} {
		e := &principalEntry{account: &accountDep{id: "111122223333"}, arn: tc.arn}
		r := &rareFields{}
		e.setName(r, tc.path, tc.name)
		e.setRare(r)
		if e.rare != nil {
			t.Errorf("%s: the path and name were kept beside the ARN that ends with them", tc.arn)
		}
		if p, n := e.pathName(); p != tc.path || n != tc.name {
			t.Errorf("%s: path and name %q %q, want %q %q", tc.arn, p, n, tc.path, tc.name)
		}
	}
	// An ARN that does not end with them (written by another tool): they are kept.
	e := &principalEntry{account: &accountDep{id: "111122223333"}, arn: "arn:aws:iam::111122223333:user/x/old"}
	r := &rareFields{}
	e.setName(r, "/y/", "new")
	e.setRare(r)
	if u := e.user("AIDAX"); u.Path != "/y/" || u.Name != "new" || u.ARN != e.arn {
		t.Errorf("user = %+v, want path /y/ and name new beside the ARN", u)
	}
}
