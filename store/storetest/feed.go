package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/store"
)

// pageAll reads every user of acct in pages of size n, each page in its own View.
func pageAll(t *testing.T, s store.Store, o store.ListOptions) []string {
	t.Helper()
	var got []string
	for pages := 0; ; pages++ {
		var us []store.User
		var more bool
		view(t, s, func(tx store.Tx) (err error) {
			us, more, err = tx.Users().List(ctx, acct, o)
			return err
		})
		if len(us) > o.Limit {
			t.Fatalf("page of %d users, limit %d", len(us), o.Limit)
		}
		got = append(got, names(us, userName)...)
		if !more {
			return got
		}
		if len(us) == 0 {
			t.Fatal("an empty page says more exist")
		}
		o.After = us[len(us)-1].Name
		if pages > 10000 {
			t.Fatal("paging does not end")
		}
	}
}

func testPagination(t *testing.T, s store.Store) {
	var all, eng []string
	build(t, s, func(w world) {
		w.account(acct)
		w.account(acct2)
		for i := range 23 {
			name := fmt.Sprintf("user%02d", i)
			if i%3 == 0 {
				name = strings.ToUpper(name) // mixed case must not change the order
			}
			path := "/"
			if i%2 == 0 {
				path = "/eng/team/"
				eng = append(eng, name)
			}
			w.user(acct, name, path)
			all = append(all, name)
		}
		w.user(acct, "zz-prefix", "/engineering/")
		all = append(all, "zz-prefix")
		w.user(acct2, "other-account", "/")
	})
	tests := []struct {
		name   string
		prefix string
		want   []string
	}{
		{"all", "", all},
		{"root path", "/", all},
		{"path prefix", "/eng/", eng},
		{"partial path prefix", "/eng", append(slices.Clone(eng), "zz-prefix")},
		{"no match", "/nope/", nil},
	}
	for _, tc := range tests {
		for _, n := range []int{1, 2, 7, 24, 1000} {
			t.Run(fmt.Sprintf("%s/limit %d", tc.name, n), func(t *testing.T) {
				diff(t, "pages", tc.want, pageAll(t, s, store.ListOptions{PathPrefix: tc.prefix, Limit: n}))
			})
		}
	}
	view(t, s, func(tx store.Tx) error {
		us, more, err := tx.Users().List(ctx, acct, store.ListOptions{Limit: 0})
		wantErr(t, "List without a limit", err, nil)
		if len(us) != len(all) || more {
			t.Errorf("List without a limit: %d users, more = %v; want %d, false", len(us), more, len(all))
		}
		us, _, err = tx.Users().List(ctx, acct, store.ListOptions{After: "USER21"})
		wantErr(t, "List after", err, nil)
		diff(t, "List after a name in another case", []string{"user22", "zz-prefix"}, names(us, userName))
		return nil
	})
}

// testPaginationConcurrent: pages taken while other users are being created never repeat an
// item and never skip one that existed before paging began.
func testPaginationConcurrent(t *testing.T, s store.Store) {
	var before []string
	build(t, s, func(w world) {
		w.account(acct)
		for i := range 120 {
			name := fmt.Sprintf("u%03d", i*2)
			w.user(acct, name, "/")
			before = append(before, name)
		}
	})
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	wg.Go(func() {
		for i := range 120 {
			name := fmt.Sprintf("u%03d", 239-i*2) // odd names, from the end backwards
			if err := s.Update(ctx, func(tx store.Tx) error {
				return tx.Users().Create(ctx, store.User{AccountID: acct, ID: id("AIDA"), Name: name, Path: "/", ARN: "arn:" + name, Created: t0})
			}); err != nil {
				errc <- err
				return
			}
		}
	})
	got := pageAll(t, s, store.ListOptions{Limit: 7})
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		t.Fatalf("concurrent insert: %v", err)
	}
	if !slices.IsSorted(got) {
		t.Errorf("pages out of order: %v", got)
	}
	if c := slices.Compact(slices.Clone(got)); len(c) != len(got) {
		t.Errorf("pages repeat items: %d items, %d distinct", len(got), len(c))
	}
	for _, name := range before {
		if !slices.Contains(got, name) {
			t.Errorf("paging skipped %s, which existed before paging began", name)
		}
	}
}

var errBoom = errors.New("boom")

func testRollback(t *testing.T, s store.Store) {
	var u store.User
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "keep", "/")
	})
	rev := latest(t, s)
	tests := []struct {
		name string
		fail func(w world) error
		want error
	}{
		{"closure error", func(w world) error { return errBoom }, errBoom},
		{"store error", func(w world) error {
			return w.tx.Users().Create(ctx, store.User{AccountID: acct, ID: id("AIDA"), Name: "RENAMED", Path: "/", ARN: "a", Created: t0})
		}, store.ErrAlreadyExists},
	}
	for _, tc := range tests {
		err := s.Update(ctx, func(tx store.Tx) error {
			w := world{t: t, tx: tx}
			w.user(acct, "ghost", "/")
			w.key(acct, u.ID)
			w.must(tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: u.ID}, []store.Tag{{Key: "k", Value: "v"}}))
			renamed := u
			renamed.Name = "renamed"
			w.must(tx.Users().Update(ctx, renamed))
			w.must(tx.Accounts().PutPasswordPolicy(ctx, acct, store.PasswordPolicy{MinimumPasswordLength: 20}))
			return tc.fail(w)
		})
		wantErr(t, tc.name, err, tc.want)
		view(t, s, func(tx store.Tx) error {
			_, err := tx.Users().Get(ctx, acct, "ghost")
			wantErr(t, tc.name+": created user", err, store.ErrNotFound)
			got, err := tx.Users().GetByID(ctx, u.ID)
			wantErr(t, tc.name+": GetByID", err, nil)
			diff(t, tc.name+": updated user", u, got)
			n, err := tx.AccessKeys().CountForUser(ctx, acct, u.ID)
			wantErr(t, tc.name+": CountForUser", err, nil)
			diff(t, tc.name+": keys", 0, n)
			n, err = tx.Tags().Count(ctx, store.Resource{Kind: store.KindUser, Key: u.ID})
			wantErr(t, tc.name+": tags Count", err, nil)
			diff(t, tc.name+": tags", 0, n)
			_, err = tx.Accounts().PasswordPolicy(ctx, acct)
			wantErr(t, tc.name+": password policy", err, store.ErrNotFound)
			return nil
		})
		if got := latest(t, s); got != rev {
			t.Errorf("%s: revision moved from %d to %d", tc.name, rev, got)
		}
	}
	// A failed call leaves the transaction usable: the closure may handle the error and go on.
	update(t, s, func(tx store.Tx) error {
		err := tx.Users().Create(ctx, store.User{AccountID: acct, ID: id("AIDA"), Name: "Keep", Path: "/", ARN: "a", Created: t0})
		wantErr(t, "duplicate", err, store.ErrAlreadyExists)
		world{t: t, tx: tx}.user(acct, "after-error", "/")
		return nil
	})
	view(t, s, func(tx store.Tx) error {
		_, err := tx.Users().Get(ctx, acct, "after-error")
		wantErr(t, "write after a handled error", err, nil)
		return nil
	})
}

func testReadOnlyView(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct) })
	err := s.View(ctx, func(tx store.Tx) error {
		return tx.Users().Create(ctx, store.User{AccountID: acct, ID: id("AIDA"), Name: "x", Path: "/", ARN: "a", Created: t0})
	})
	wantErr(t, "write in View", err, store.ErrReadOnly)
	err = s.View(ctx, func(tx store.Tx) error { return tx.ChangeFeed().Prune(ctx, 1) })
	wantErr(t, "Prune in View", err, store.ErrReadOnly)
	err = s.View(ctx, func(tx store.Tx) error { return errBoom })
	wantErr(t, "View returns the closure's error", err, errBoom)
}

func changesSince(t *testing.T, s store.Store, rev int64, n int) ([]store.Change, bool) {
	t.Helper()
	var cs []store.Change
	var more bool
	view(t, s, func(tx store.Tx) (err error) {
		cs, more, err = tx.ChangeFeed().ChangesSince(ctx, rev, n)
		return err
	})
	return cs, more
}

// feedWorld makes three revisions of writes after r0 (a user; a key, a group and a
// membership; a policy, an attachment and the user's deletion) and returns the changes the
// feed must list for them.
func feedWorld(t *testing.T, s store.Store) (r1, r2, r3 int64, want []store.Change) {
	var u store.User
	var k store.AccessKey
	var g store.Group
	var p store.ManagedPolicy
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "u", "/")
	})
	r1 = latest(t, s)
	update(t, s, func(tx store.Tx) error { return nil })
	wantErr(t, "failed Update", s.Update(ctx, func(tx store.Tx) error {
		world{t: t, tx: tx}.user(acct, "ghost", "/")
		return errBoom
	}), errBoom)
	if got := latest(t, s); got != r1 {
		t.Errorf("revision after an empty and a failed Update = %d, want %d", got, r1)
	}
	build(t, s, func(w world) {
		k = w.key(acct, u.ID)
		g = w.group(acct, "g", "/")
		w.must(w.tx.Groups().AddMember(ctx, g.ID, u.ID))
		w.must(w.tx.Groups().AddMember(ctx, g.ID, u.ID)) // no change: already a member
	})
	r2 = latest(t, s)
	build(t, s, func(w world) {
		p = w.policy(acct, "p", "/", doc("1"))
		w.must(w.tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalGroup, ID: g.ID}, attached(p)))
		w.must(w.tx.Users().Delete(ctx, u.ID))
	})
	r3 = latest(t, s)
	want = []store.Change{
		{Revision: r1, AccountID: acct, Kind: store.KindAccount, Key: acct},
		{Revision: r1, AccountID: acct, Kind: store.KindUser, Key: u.ID},
		{Revision: r2, AccountID: acct, Kind: store.KindAccessKey, Key: k.ID},
		{Revision: r2, AccountID: acct, Kind: store.KindGroup, Key: g.ID},
		{Revision: r2, AccountID: acct, Kind: store.KindUser, Key: u.ID},
		{Revision: r3, AccountID: acct, Kind: store.KindPolicy, Key: p.ARN},
		{Revision: r3, AccountID: acct, Kind: store.KindGroup, Key: g.ID},
		{Revision: r3, AccountID: acct, Kind: store.KindAccessKey, Key: k.ID},
		{Revision: r3, AccountID: acct, Kind: store.KindUser, Key: u.ID},
	}
	return r1, r2, r3, want
}

// sortChanges orders changes by revision, then kind and key: within a revision the order is
// not part of the contract.
func sortChanges(cs []store.Change) {
	slices.SortStableFunc(cs, func(a, b store.Change) int {
		if a.Revision != b.Revision {
			return int(a.Revision - b.Revision)
		}
		return strings.Compare(string(a.Kind)+a.Key, string(b.Kind)+b.Key)
	})
}

// withoutWritten checks that every change carries the time it was written (within the test's
// run) and returns the changes without it, to compare.
func withoutWritten(t *testing.T, cs []store.Change, since time.Time) []store.Change {
	t.Helper()
	out := slices.Clone(cs)
	for i := range out {
		if w := out[i].Written; w.Before(since.Add(-time.Minute)) || w.After(time.Now().Add(time.Minute)) {
			t.Errorf("change %+v: Written %v, not about now", out[i], w)
		}
		out[i].Written = time.Time{}
	}
	return out
}

func testChangeFeed(t *testing.T, s store.Store) {
	start := time.Now()
	r0 := latest(t, s)
	r1, r2, r3, want := feedWorld(t, s)
	if !(r0 < r1 && r1 < r2 && r2 < r3) {
		t.Fatalf("revisions %d, %d, %d, %d do not increase", r0, r1, r2, r3)
	}
	cs, more := changesSince(t, s, r0, 100)
	if more {
		t.Error("ChangesSince: more = true")
	}
	cs = withoutWritten(t, cs, start)
	sortChanges(want)
	sortChanges(cs)
	diff(t, "ChangesSince", want, cs)
	cs, _ = changesSince(t, s, r2, 100)
	for _, c := range cs {
		if c.Revision <= r2 {
			t.Errorf("ChangesSince(%d) returned %+v", r2, c)
		}
	}
	var head store.Change
	view(t, s, func(tx store.Tx) (err error) { head, err = tx.ChangeFeed().Head(ctx); return err })
	if head.Revision != r3 || head.Written.Before(start) {
		t.Errorf("Head = %+v, want revision %d written after %v", head, r3, start)
	}
}

func testChangeFeedPrune(t *testing.T, s store.Store) {
	r0 := latest(t, s)
	r1, r2, r3, _ := feedWorld(t, s)
	var before int64
	view(t, s, func(tx store.Tx) (err error) {
		before, err = tx.ChangeFeed().RevisionBefore(ctx, time.Now().Add(time.Hour))
		return err
	})
	diff(t, "RevisionBefore a time after every write", r3, before)
	view(t, s, func(tx store.Tx) (err error) {
		before, err = tx.ChangeFeed().RevisionBefore(ctx, time.Now().Add(-time.Hour))
		return err
	})
	if before > r0 {
		t.Errorf("RevisionBefore a time before every write = %d, want at most %d", before, r0)
	}
	update(t, s, func(tx store.Tx) error { return tx.ChangeFeed().Prune(ctx, r2) })
	wantErr(t, "ChangesSince before the pruned revision", s.View(ctx, func(tx store.Tx) error {
		_, _, err := tx.ChangeFeed().ChangesSince(ctx, r1, 100)
		return err
	}), store.ErrConflict)
	cs, _ := changesSince(t, s, r2, 100)
	diff(t, "ChangesSince the pruned revision", 4, len(cs))
	if got := latest(t, s); got != r3 {
		t.Errorf("Prune moved the revision to %d, want %d", got, r3)
	}
	update(t, s, func(tx store.Tx) error { return tx.ChangeFeed().Prune(ctx, r3+100) })
	var head store.Change
	view(t, s, func(tx store.Tx) (err error) { head, err = tx.ChangeFeed().Head(ctx); return err })
	diff(t, "Head of an emptied feed", store.Change{Revision: r3}, head)
}

func testChangeFeedPaging(t *testing.T, s store.Store) {
	r0 := latest(t, s)
	var revs []int64
	for i, n := range []int{3, 1, 4} {
		build(t, s, func(w world) {
			if i == 0 {
				w.account(acct)
				n--
			}
			for range n {
				w.user(acct, id("u"), "/")
			}
		})
		revs = append(revs, latest(t, s))
	}
	revsOf := func(cs []store.Change) []int64 { return slices.Compact(names64(cs)) }
	tests := []struct {
		name     string
		since    int64
		limit    int
		wantRevs []int64
		wantLen  int
		more     bool
	}{
		{"a revision larger than the page comes whole", r0, 2, revs[:1], 3, true},
		{"a page never ends inside a revision", revs[0], 2, revs[1:2], 1, true},
		{"last revision", revs[1], 2, revs[2:], 4, false},
		{"everything", r0, 100, revs, 8, false},
		{"nothing new", revs[2], 10, nil, 0, false},
	}
	for _, tc := range tests {
		cs, more := changesSince(t, s, tc.since, tc.limit)
		diff(t, tc.name+": revisions", tc.wantRevs, revsOf(cs))
		diff(t, tc.name+": changes", tc.wantLen, len(cs))
		if more != tc.more {
			t.Errorf("%s: more = %v, want %v", tc.name, more, tc.more)
		}
	}
}

func names64(cs []store.Change) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.Revision
	}
	return out
}

// testConcurrentWriters: writers under concurrent load are serialized: no lost update, no
// busy error, one revision each.
func testConcurrentWriters(t *testing.T, s store.Store) {
	const writers, writes = 8, 50
	build(t, s, func(w world) {
		a := w.account(acct)
		a.Name = "0"
		w.must(w.tx.Accounts().Update(ctx, a))
	})
	r0 := latest(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for g := range writers {
		wg.Go(func() {
			for i := range writes {
				err := s.Update(ctx, func(tx store.Tx) error {
					a, err := tx.Accounts().Get(ctx, acct)
					if err != nil {
						return err
					}
					n, err := strconv.Atoi(a.Name)
					if err != nil {
						return err
					}
					a.Name = strconv.Itoa(n + 1)
					if err := tx.Accounts().Update(ctx, a); err != nil {
						return err
					}
					name := fmt.Sprintf("w%d-%d", g, i)
					return tx.Users().Create(ctx, store.User{AccountID: acct, ID: id("AIDA"), Name: name, Path: "/", ARN: name, Created: t0})
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Update: %v", err)
	}
	view(t, s, func(tx store.Tx) error {
		a, err := tx.Accounts().Get(ctx, acct)
		wantErr(t, "Get", err, nil)
		diff(t, "counter after concurrent increments", strconv.Itoa(writers*writes), a.Name)
		sum, err := tx.Accounts().Summary(ctx, acct)
		wantErr(t, "Summary", err, nil)
		diff(t, "users created", writers*writes, sum.Users)
		return nil
	})
	diff(t, "revisions taken", r0+writers*writes, latest(t, s))
}
