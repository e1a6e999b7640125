package storetest

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// The guarantees a single writer gives for free, proved with writers that really run at once:
// quotas checked by reading (at most 2 access keys, 5 policy versions, 10 attached policies),
// unique names, no lost update of an entity read, changed and written back, nothing attached
// to a policy deleted concurrently, and a change feed that a follower reading during the
// writes never sees out of order or with a hole. Each test mimics what a service does inside
// one Update.

// racers is how many writers each test runs at once.
const racers = 8

// errQuota is what the mimicked services return when a quota is full.
var errQuota = errors.New("quota exceeded")

// race runs fn(i) for i in [0, n) on n goroutines released together and returns the errors.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		wg.Go(func() {
			start.Wait()
			errs[i] = fn(i)
		})
	}
	start.Done()
	wg.Wait()
	return errs
}

// outcomes counts nil errors and errors that are target; anything else fails t.
func outcomes(t *testing.T, errs []error, target error) (ok, refused int) {
	t.Helper()
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, target):
			refused++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	return ok, refused
}

func testConcurrentKeyLimit(t *testing.T, s store.Store) {
	var u store.User
	build(t, s, func(w world) { w.account(acct); u = w.user(acct, "alice", "/") })
	const maxKeys = 2
	errs := race(racers, func(int) error {
		return s.Update(ctx, func(tx store.Tx) error {
			owner, err := tx.Users().Get(ctx, acct, "alice")
			if err != nil {
				return err
			}
			n, err := tx.AccessKeys().CountForUser(ctx, acct, owner.ID)
			if err != nil {
				return err
			}
			if n >= maxKeys {
				return errQuota
			}
			return tx.AccessKeys().Create(ctx, store.AccessKey{ID: id("AKIA"), AccountID: acct, UserID: owner.ID,
				Status: store.StatusActive, SealedSecret: []byte("s"), Created: t0})
		})
	})
	ok, refused := outcomes(t, errs, errQuota)
	diff(t, "keys created, refused", []int{maxKeys, racers - maxKeys}, []int{ok, refused})
	view(t, s, func(tx store.Tx) error {
		n, err := tx.AccessKeys().CountForUser(ctx, acct, u.ID)
		diff(t, "keys stored", maxKeys, n)
		return err
	})
}

func testConcurrentVersionLimit(t *testing.T, s store.Store) {
	var p store.ManagedPolicy
	build(t, s, func(w world) { w.account(acct); p = w.policy(acct, "p", "/", doc("v1")) })
	const maxVersions = 5
	errs := race(racers, func(i int) error {
		return s.Update(ctx, func(tx store.Tx) error {
			cur, err := tx.Policies().GetByARN(ctx, p.ARN)
			if err != nil {
				return err
			}
			vs, err := tx.Policies().Versions(ctx, cur.ID)
			if err != nil {
				return err
			}
			if len(vs) >= maxVersions {
				return errQuota
			}
			_, err = tx.Policies().CreateVersion(ctx, cur.ID, doc(strconv.Itoa(i)), t0, true)
			return err
		})
	})
	ok, refused := outcomes(t, errs, errQuota)
	diff(t, "versions created, refused", []int{maxVersions - 1, racers - maxVersions + 1}, []int{ok, refused})
	view(t, s, func(tx store.Tx) error {
		vs, err := tx.Policies().Versions(ctx, p.ID)
		diff(t, "versions stored", maxVersions, len(vs))
		return err
	})
}

func testConcurrentUniqueNames(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct) })
	errs := race(racers, func(i int) error {
		return s.Update(ctx, func(tx store.Tx) error {
			// Names differ only in case: IAM names are unique without regard to case.
			name := "Bob"
			if i%2 == 1 {
				name = "bob"
			}
			return tx.Users().Create(ctx, store.User{AccountID: acct, ID: id("AIDA"), Name: name, Path: "/",
				ARN: "arn:aws:iam::" + acct + ":user/" + name, Created: t0})
		})
	})
	ok, refused := outcomes(t, errs, store.ErrAlreadyExists)
	diff(t, "users created, refused", []int{1, racers - 1}, []int{ok, refused})
}

func testConcurrentNoLostUpdate(t *testing.T, s store.Store) {
	var u store.User
	build(t, s, func(w world) { w.account(acct); u = w.user(acct, "carol", "/") })
	res := store.Resource{Kind: store.KindUser, Key: u.ID}
	const rounds = 5
	errs := race(racers, func(int) error {
		for range rounds {
			err := s.Update(ctx, func(tx store.Tx) error {
				// Read-modify-write of one entity's state: a tag used as a counter.
				tags, err := tx.Tags().List(ctx, res)
				if err != nil {
					return err
				}
				n := 0
				for _, tg := range tags {
					if tg.Key == "count" {
						n, _ = strconv.Atoi(tg.Value)
					}
				}
				return tx.Tags().Put(ctx, res, []store.Tag{{Key: "count", Value: strconv.Itoa(n + 1)}})
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	outcomes(t, errs, nil)
	view(t, s, func(tx store.Tx) error {
		tags, err := tx.Tags().List(ctx, res)
		diff(t, "counter", []store.Tag{{Key: "count", Value: strconv.Itoa(racers * rounds)}}, tags)
		return err
	})
}

func testConcurrentAttachLimit(t *testing.T, s store.Store) {
	var u store.User
	var ps []store.ManagedPolicy
	build(t, s, func(w world) {
		w.account(acct)
		u = w.user(acct, "dave", "/")
		for i := range 2 * racers {
			ps = append(ps, w.policy(acct, fmt.Sprintf("p%02d", i), "/", doc(strconv.Itoa(i))))
		}
	})
	const maxAttached = 10
	up := store.Principal{Kind: store.PrincipalUser, ID: u.ID}
	errs := race(2*racers, func(i int) error {
		return s.Update(ctx, func(tx store.Tx) error {
			if _, err := tx.Users().GetByID(ctx, u.ID); err != nil {
				return err
			}
			n, err := tx.Attachments().Count(ctx, up)
			if err != nil {
				return err
			}
			if n >= maxAttached {
				return errQuota
			}
			return tx.Attachments().Attach(ctx, up, attached(ps[i]))
		})
	})
	ok, _ := outcomes(t, errs, errQuota)
	diff(t, "policies attached", maxAttached, ok)
	view(t, s, func(tx store.Tx) error {
		n, err := tx.Attachments().Count(ctx, up)
		diff(t, "attachments stored", maxAttached, n)
		return err
	})
}

func testConcurrentDeleteAttach(t *testing.T, s store.Store) {
	var us []store.User
	var p store.ManagedPolicy
	build(t, s, func(w world) {
		w.account(acct)
		p = w.policy(acct, "doomed", "/", doc("d"))
		for i := range racers {
			us = append(us, w.user(acct, fmt.Sprintf("u%d", i), "/"))
		}
	})
	errInUse := errors.New("policy in use")
	errs := race(racers+1, func(i int) error {
		return s.Update(ctx, func(tx store.Tx) error {
			cur, err := tx.Policies().GetByARN(ctx, p.ARN)
			if err != nil {
				return err
			}
			if i == racers { // DeletePolicy: refused while attached
				d, err := tx.Policies().Dependents(ctx, cur.ID)
				if err != nil {
					return err
				}
				if d.Usage.Attachments > 0 {
					return errInUse
				}
				return tx.Policies().Delete(ctx, cur.ID)
			}
			return tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalUser, ID: us[i].ID}, attached(cur))
		})
	})
	deleted := errs[racers] == nil
	attachedOK := 0
	for _, err := range errs[:racers] {
		if err == nil {
			attachedOK++
		} else if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Attach: %v", err)
		}
	}
	if deleted && attachedOK > 0 {
		t.Errorf("the policy was deleted and %d attachments to it succeeded", attachedOK)
	}
	if !deleted && !errors.Is(errs[racers], errInUse) {
		t.Errorf("Delete: %v", errs[racers])
	}
	view(t, s, func(tx store.Tx) error {
		u, err := tx.Attachments().Usage(ctx, acct, p.ARN)
		diff(t, "attachments stored", attachedOK, u.Attachments)
		return err
	})
}

// testConcurrentFeed: while writers commit, a follower reads the feed page after page from
// where it stopped; when the writers are done and it has caught up, it has seen every write
// exactly once, in increasing revisions.
func testConcurrentFeed(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct) })
	r0 := latest(t, s)
	const writes = 20
	done := make(chan struct{})
	seen := map[string]int{}
	var followErr error
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		rev, finished := r0, false
		for {
			select {
			case <-done:
				finished = true
			default:
			}
			var cs []store.Change
			followErr = s.View(ctx, func(tx store.Tx) (err error) {
				cs, _, err = tx.ChangeFeed().ChangesSince(ctx, rev, 7)
				return err
			})
			if followErr != nil {
				return
			}
			for _, c := range cs {
				if c.Revision < rev {
					followErr = fmt.Errorf("revision %d after %d", c.Revision, rev)
					return
				}
				rev = c.Revision
				seen[c.Key]++
			}
			if finished && len(cs) == 0 {
				return
			}
		}
	}()
	errs := race(racers, func(g int) error {
		for i := range writes {
			err := s.Update(ctx, func(tx store.Tx) error {
				name := fmt.Sprintf("f%d-%d", g, i)
				return tx.Users().Create(ctx, store.User{AccountID: acct, ID: "AIDA" + name, Name: name, Path: "/", ARN: name, Created: t0})
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	close(done)
	<-followed
	outcomes(t, errs, nil)
	if followErr != nil {
		t.Fatalf("follower: %v", followErr)
	}
	for g := range racers {
		for i := range writes {
			if k := fmt.Sprintf("AIDAf%d-%d", g, i); seen[k] != 1 {
				t.Errorf("follower saw the creation of %s %d times", k, seen[k])
			}
		}
	}
}
