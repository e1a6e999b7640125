package node_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/awserr"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/sessiontoken"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const account = "111122223333"

// world is a store seeded with an account, a user with an access key, and an authorizer.
type world struct {
	store   store.Store
	node    *node.Node
	secrets *keyring.Keyring
	userID  string
	keyID   string
	secret  string
}

func newSecrets(t testing.TB) *keyring.Keyring {
	t.Helper()
	k, err := keyring.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	kr, err := keyring.New(nil, k)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

func newID(t *testing.T, prefix string) string {
	t.Helper()
	id, err := arn.NewUniqueID(rand.Reader, prefix)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// seed creates the account, user alice (with the inline policies given) and her key.
func seed(t *testing.T, st store.Store, secrets *keyring.Keyring, policies ...string) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{store: st, secrets: secrets, userID: newID(t, arn.PrefixUser), secret: strings.Repeat("s", 40)}
	var err error
	if w.keyID, err = arn.NewAccessKeyID(rand.Reader, false); err != nil {
		t.Fatal(err)
	}
	sealed, err := secrets.Seal([]byte(w.secret), []byte(w.keyID))
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(ctx, func(tx store.Tx) error {
		if err := tx.Accounts().Create(ctx, store.Account{ID: account, Created: time.Now()}); err != nil {
			return err
		}
		if err := tx.Users().Create(ctx, store.User{AccountID: account, ID: w.userID, Name: "alice", Path: "/",
			ARN: "arn:aws:iam::" + account + ":user/alice", Created: time.Now()}); err != nil {
			return err
		}
		for i, doc := range policies {
			p := store.Principal{Kind: store.PrincipalUser, ID: w.userID}
			if err := tx.InlinePolicies().Put(ctx, p, store.InlinePolicy{Name: string(rune('a' + i)), Document: doc}); err != nil {
				return err
			}
		}
		return tx.AccessKeys().Create(ctx, store.AccessKey{ID: w.keyID, AccountID: account, UserID: w.userID,
			Status: store.StatusActive, SealedSecret: sealed, Created: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.node = node.New(st, node.Options{Secrets: secrets})
	return w
}

func memoryWorld(t *testing.T, policies ...string) *world {
	t.Helper()
	st, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return seed(t, st, newSecrets(t), policies...)
}

func (w *world) call(t *testing.T) *callctx.Call {
	t.Helper()
	_, c, err := w.node.Authn.Lookup(context.Background(), w.keyID)
	if err != nil {
		t.Fatal(err)
	}
	return &callctx.Call{Caller: c, Region: "us-east-1", SourceIP: "192.0.2.10"}
}

func allow(actions string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + actions + `","Resource":"*"}]}`
}

func sessionKeyring(t *testing.T, keys ...keyring.Key) *keyring.Keyring {
	t.Helper()
	k, err := keyring.New(nil, keys[0], keys[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sessionKey(id string, fill byte) keyring.Key {
	return keyring.Key{ID: id, Secret: bytes.Repeat([]byte{fill}, keyring.KeySize)}
}

// userSession is the claims of a GetSessionToken session of the world's user alice.
func (w *world) userSession(issued time.Time) *sessiontoken.Claims {
	return &sessiontoken.Claims{Kind: sessiontoken.UserSession, AccessKeyID: "ASIAQAAAAAAAAAAAAAAA", Secret: strings.Repeat("t", 40),
		Issued: issued, Expires: issued.Add(time.Hour), AccountID: account, ARN: "arn:aws:iam::" + account + ":user/alice",
		UniqueID: w.userID, UserID: w.userID, UserName: "alice", MFA: true, MFATime: issued}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	w := memoryWorld(t)
	secret, c, err := w.node.Authn.Lookup(context.Background(), w.keyID)
	if err != nil {
		t.Fatal(err)
	}
	want := callctx.Caller{Kind: callctx.KindUser, AccountID: account, ARN: "arn:aws:iam::" + account + ":user/alice",
		UniqueID: w.userID, UserID: w.userID, UserName: "alice", AccessKeyID: w.keyID}
	if diff := cmp.Diff(want, *c); diff != "" || string(secret) != w.secret {
		t.Errorf("Lookup (-want +got):\n%s", diff)
	}
	if _, _, err := w.node.Authn.Lookup(context.Background(), "AKIAAAAAAAAAAAAAAAAA"); !errors.Is(err, authn.ErrUnknownKey) {
		t.Errorf("unknown key: %v, want ErrUnknownKey", err)
	}
}

// TestRenamedUser: a key's caller names its user as it is now: after a rename and move, the
// key's next lookup has the new name and ARN (the key cache keeps neither; authz's principal
// cache, which the change feed keeps exact, does).
func TestRenamedUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := memoryWorld(t)
	if _, c, err := w.node.Authn.Lookup(ctx, w.keyID); err != nil || c.UserName != "alice" {
		t.Fatalf("before: %+v, %v", c, err)
	}
	newARN := "arn:aws:iam::" + account + ":user/ops/bob"
	err := w.node.Store.Update(ctx, func(tx store.Tx) error {
		u, err := tx.Users().GetByID(ctx, w.userID)
		if err != nil {
			return err
		}
		u.Name, u.Path, u.ARN = "bob", "/ops/", newARN
		return tx.Users().Update(ctx, u)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, c, err := w.node.Authn.Lookup(ctx, w.keyID)
	if err != nil {
		t.Fatal(err)
	}
	if c.ARN != newARN || c.UserName != "bob" || c.UserID != w.userID || c.AccessKeyID != w.keyID {
		t.Errorf("after the rename: %+v, want bob at %s", c, newARN)
	}
}

// TestOtherProcessWrites: writes made by another process (another store over the same
// database) reach this process's caches when it reads the change feed.
func TestOtherProcessWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	open := func() store.Store {
		st, err := sqlite.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	secrets := newSecrets(t)
	w := seed(t, open(), secrets, allow("iam:GetUser"))
	other := node.New(open(), node.Options{Secrets: secrets}) // the other process
	if err := w.node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	call := w.call(t)
	req := authz.Request{Action: "iam:GetUser", Resource: call.Caller.ARN}
	if err := w.node.Authz.Authorize(ctx, call, req); err != nil {
		t.Fatalf("before: %v", err)
	}

	// The other process removes the policy and deactivates the key.
	err := other.Store.Update(ctx, func(tx store.Tx) error {
		if err := tx.InlinePolicies().Delete(ctx, store.Principal{Kind: store.PrincipalUser, ID: w.userID}, "a"); err != nil {
			return err
		}
		return tx.AccessKeys().UpdateStatus(ctx, w.keyID, store.StatusInactive)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Until this process reads the feed it serves from its caches …
	if _, _, err := w.node.Authn.Lookup(ctx, w.keyID); err != nil {
		t.Errorf("key before catching up: %v (the cache should still hold it)", err)
	}
	// … and afterwards both changes are in force.
	if err := w.node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.node.Authn.Lookup(ctx, w.keyID); !errors.Is(err, authn.ErrUnknownKey) {
		t.Errorf("deactivated key after catching up: %v, want ErrUnknownKey", err)
	}
	if err := w.node.Authz.Authorize(ctx, call, req); !awserr.Is(err, "AccessDenied") {
		t.Errorf("after the policy was removed: %v, want AccessDenied", err)
	}
}

// TestPrunedFeed: when the feed was pruned past this process's revision, it starts over and
// serves fresh data.
func TestPrunedFeed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := memoryWorld(t)
	if err := w.node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.node.Authn.Lookup(ctx, w.keyID); err != nil {
		t.Fatal(err)
	}
	// Written behind the authorizer's back, then pruned from the feed.
	err := w.store.Update(ctx, func(tx store.Tx) error {
		return tx.AccessKeys().UpdateStatus(ctx, w.keyID, store.StatusInactive)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = w.store.Update(ctx, func(tx store.Tx) error {
		rev, err := tx.ChangeFeed().LatestRevision(ctx)
		if err != nil {
			return err
		}
		return tx.ChangeFeed().Prune(ctx, rev)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.node.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.node.Authn.Lookup(ctx, w.keyID); !errors.Is(err, authn.ErrUnknownKey) {
		t.Errorf("after a pruned feed: %v, want ErrUnknownKey", err)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := memoryWorld(t)
	w.node.Usage.RecordKeyUse(w.keyID, "iam", "us-east-1")
	w.node.Usage.RecordKeyUse("AKIAAAAAAAAAAAAAAAAA", "sts", "us-east-1") // a key deleted meanwhile: skipped
	if err := w.node.Usage.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var k store.AccessKey
	err := w.store.View(ctx, func(tx store.Tx) error {
		var err error
		k, err = tx.AccessKeys().Get(ctx, w.keyID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if k.LastUsed.Service != "iam" || k.LastUsed.Region != "us-east-1" || k.LastUsed.When.IsZero() {
		t.Errorf("last use = %+v", k.LastUsed)
	}
}

// TestSessionTokenRotation: another authorizer (another node) opens a session token without
// a database read of it, and after the sealing key is rotated live sessions keep working.
func TestSessionTokenRotation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := seed(t, st, newSecrets(t))
	now := time.Now().UTC().Truncate(time.Second)
	clock := func() time.Time { return now }
	old := sessionKeyring(t, sessionKey("old", 1))
	issuer := node.New(st, node.Options{Secrets: w.secrets, Sessions: old, Now: clock})
	claims := w.userSession(now)
	token, err := issuer.Authn.SealSession(claims)
	if err != nil {
		t.Fatal(err)
	}
	rotated := node.New(st, node.Options{Secrets: w.secrets, Sessions: sessionKeyring(t, sessionKey("new", 2), sessionKey("old", 1)), Now: clock})
	dropped := node.New(st, node.Options{Secrets: w.secrets, Sessions: sessionKeyring(t, sessionKey("new", 2)), Now: clock})
	secret, c, err := rotated.Authn.LookupSession(ctx, claims.AccessKeyID, token)
	if err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	want := callctx.Caller{Kind: callctx.KindUser, AccountID: account, ARN: claims.ARN, UniqueID: w.userID, UserID: w.userID,
		UserName: "alice", AccessKeyID: claims.AccessKeyID, TokenIssued: now, MFA: true, MFATime: now, Temporary: true,
		Issuer: callctx.IssuerSessionToken, Expires: now.Add(time.Hour)}
	if diff := cmp.Diff(want, *c, cmpopts.IgnoreUnexported(callctx.Caller{})); diff != "" || string(secret) != claims.Secret {
		t.Errorf("LookupSession (-want +got):\n%s", diff)
	}
	if _, _, err := dropped.Authn.LookupSession(ctx, claims.AccessKeyID, token); !errors.Is(err, authn.ErrUnknownKey) {
		t.Errorf("with the old key removed: %v, want ErrUnknownKey", err)
	}
	if _, _, err := rotated.Authn.LookupSession(ctx, "ASIAQBBBBBBBBBBBBBBB", token); !errors.Is(err, authn.ErrUnknownKey) {
		t.Errorf("with another key ID: %v, want ErrUnknownKey", err)
	}
	later := node.New(st, node.Options{Secrets: w.secrets, Sessions: old, Now: func() time.Time { return now.Add(time.Hour) }})
	if _, _, err := later.Authn.LookupSession(ctx, claims.AccessKeyID, token); !errors.Is(err, authn.ErrExpiredToken) {
		t.Errorf("at expiry: %v, want ErrExpiredToken", err)
	}
}

// TestLastAccessed: every authorization attempt of a user, allowed or denied, is buffered as
// service-last-accessed data for its service and its action, the latest kept, and written only
// when usage is flushed; the root user is not tracked.
func TestLastAccessed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := memoryWorld(t, allow("iam:Get*"))
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	n := node.New(w.store, node.Options{Secrets: w.secrets, Now: func() time.Time { return now }})
	az := n.Authz
	_, caller, err := n.Authn.Lookup(ctx, w.keyID)
	if err != nil {
		t.Fatal(err)
	}
	call := &callctx.Call{Caller: caller, Region: "eu-west-1"}
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
	root := &callctx.Call{Caller: &callctx.Caller{Kind: callctx.KindRoot, AccountID: account, ARN: arn.Root(account)}, Region: "eu-west-1"}
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
			root, err := tx.LastAccessed().List(ctx, account, arn.Root(account))
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
	if err := n.Usage.Flush(ctx); err != nil {
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

// viewCounter counts read transactions.
type viewCounter struct {
	store.Store
	views int
}

func (v *viewCounter) View(ctx context.Context, fn func(tx store.Tx) error) error {
	v.views++
	return v.Store.View(ctx, fn)
}

// TestFirstUseOneRead: a key's first use reads the key and its user (record, tags, policies)
// in one read transaction (and the account's organization chain, which the account's other
// users share, in another); its next uses and the authorization of its calls read nothing; a
// change to the user is read again, in one transaction.
func TestFirstUseOneRead(t *testing.T) {
	w := memoryWorld(t, allow("iam:GetUser"))
	vc := &viewCounter{Store: w.store}
	w.node = node.New(vc, node.Options{Secrets: w.secrets})
	ctx := context.Background()
	if err := w.node.Sync(ctx); err != nil { // as Run does first
		t.Fatal(err)
	}
	authorize := func() int {
		t.Helper()
		before := vc.views
		call := w.call(t)
		if err := w.node.Authz.Authorize(ctx, call, authz.Request{Action: "iam:GetUser", Resource: call.Caller.ARN}); err != nil {
			t.Fatal(err)
		}
		return vc.views - before
	}
	if n := authorize(); n != 2 {
		t.Errorf("a key's first use and its authorization: %d read transactions, want 2 (the key and its user, the organization)", n)
	}
	if n := authorize(); n != 0 {
		t.Errorf("its second use: %d read transactions, want none", n)
	}
	err := w.node.Store.Update(ctx, func(tx store.Tx) error {
		return tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: w.userID}, []store.Tag{{Key: "team", Value: "a"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := authorize(); n != 1 {
		t.Errorf("after the user's change: %d read transactions, want 1", n)
	}
}
