package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Opener returns a new, empty store for one test; it registers the store's Close with
// t.Cleanup.
type Opener func(t *testing.T) store.Store

// Run runs the conformance suite against the backend open returns.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Accounts", testAccounts},
		{"AccountSettings", testAccountSettings},
		{"RootPasswords", testRootPasswords},
		{"Users", testUsers},
		{"UserDependentsAndCascade", testUserDependentsAndCascade},
		{"AccessKeys", testAccessKeys},
		{"Groups", testGroups},
		{"Roles", testRoles},
		{"InstanceProfiles", testInstanceProfiles},
		{"ServiceLinkedRoleDeletions", testSLRDeletions},
		{"TrustPrincipals", testTrustPrincipals},
		{"PolicyVersions", testPolicyVersions},
		{"PoliciesByID", testPoliciesByID},
		{"Attachments", testAttachments},
		{"PolicyEntities", testPolicyEntities},
		{"InlinePolicies", testInlinePolicies},
		{"LoginProfiles", testLoginProfiles},
		{"UserCredentials", testUserCredentials},
		{"MFADevices", testMFADevices},
		{"MFADrift", testMFADrift},
		{"SSHPublicKeys", testSSHPublicKeys},
		{"SigningCertificates", testSigningCertificates},
		{"ServiceCredentials", testServiceCredentials},
		{"ServerCertificates", testServerCertificates},
		{"FederationProviders", testFederationProviders},
		{"Tags", testTags},
		{"LastAccessed", testLastAccessed},
		{"JobResults", testJobResults},
		{"Analyzers", testAnalyzers},
		{"Organizations", testOrganizations},
		{"OrgAddressed", testOrgAddressed},
		{"OutboundIssuers", testOutboundIssuers},
		{"RolesAnywhere", testRolesAnywhere},
		{"Events", testEvents},
		{"EventBatch", testEventBatch},
		{"ConsoleSessions", testConsoleSessions},
		{"PendingEvent", testPendingEvent},
		{"Pagination", testPagination},
		{"PaginationUnderConcurrentInserts", testPaginationConcurrent},
		{"Rollback", testRollback},
		{"ReadOnlyView", testReadOnlyView},
		{"ChangeFeed", testChangeFeed},
		{"ChangeFeedPrune", testChangeFeedPrune},
		{"ChangeFeedPaging", testChangeFeedPaging},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ConcurrentKeyLimit", testConcurrentKeyLimit},
		{"ConcurrentVersionLimit", testConcurrentVersionLimit},
		{"ConcurrentUniqueNames", testConcurrentUniqueNames},
		{"ConcurrentNoLostUpdate", testConcurrentNoLostUpdate},
		{"ConcurrentAttachLimit", testConcurrentAttachLimit},
		{"ConcurrentDeleteAttach", testConcurrentDeleteAttach},
		{"ConcurrentFeed", testConcurrentFeed},
		{"UserAuthz", testUserAuthz},
		{"RoleAuthz", testRoleAuthz},
		{"AccountDetails", testAccountDetails},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

// t0 is the fixtures' clock: nanoseconds included, so backends must keep them.
var t0 = time.Date(2024, 5, 1, 12, 0, 0, 123456789, time.UTC)

// at returns t0 plus n seconds.
func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }

const (
	acct  = "111122223333"
	acct2 = "444455556666"
)

var ctx = context.Background()

func update(t testing.TB, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Update(ctx, fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func view(t testing.TB, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.View(ctx, fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// wantErr fails unless err is target (nil meaning success).
func wantErr(t testing.TB, what string, err, target error) {
	t.Helper()
	if target == nil {
		if err != nil {
			t.Errorf("%s: %v, want success", what, err)
		}
		return
	}
	if !errors.Is(err, target) {
		t.Errorf("%s: %v, want %v", what, err, target)
	}
}

// diff reports a go-cmp difference; unexported fields are never compared.
func diff(t testing.TB, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, append(opts, cmpopts.EquateEmpty())...); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

// seq hands out unique IDs for fixtures.
var seq atomic.Int64

func id(prefix string) string { return fmt.Sprintf("%s%016d", prefix, seq.Add(1)) }

// world builds fixtures inside one transaction.
type world struct {
	t  testing.TB
	tx store.Tx
}

func (w world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w world) account(a string) store.Account {
	w.t.Helper()
	r := store.Account{ID: a, Name: "acct " + a, Email: a + "@example.com", Created: t0}
	w.must(w.tx.Accounts().Create(ctx, r))
	return r
}

func (w world) user(a, name, path string) store.User {
	w.t.Helper()
	u := store.User{AccountID: a, ID: id("AIDA"), Name: name, Path: path,
		ARN: "arn:aws:iam::" + a + ":user" + path + name, Created: at(1)}
	w.must(w.tx.Users().Create(ctx, u))
	return u
}

func (w world) group(a, name, path string) store.Group {
	w.t.Helper()
	g := store.Group{AccountID: a, ID: id("AGPA"), Name: name, Path: path,
		ARN: "arn:aws:iam::" + a + ":group" + path + name, Created: at(2)}
	w.must(w.tx.Groups().Create(ctx, g))
	return g
}

func (w world) role(a, name, path string) store.Role {
	w.t.Helper()
	r := store.Role{AccountID: a, ID: id("AROA"), Name: name, Path: path,
		ARN: "arn:aws:iam::" + a + ":role" + path + name, TrustPolicy: `{"Version":"2012-10-17","Statement":[]}`,
		MaxSessionDuration: 3600, Created: at(3)}
	w.must(w.tx.Roles().Create(ctx, r))
	return r
}

func (w world) policy(a, name, path, doc string) store.ManagedPolicy {
	w.t.Helper()
	p := store.ManagedPolicy{AccountID: a, ID: id("ANPA"), Name: name, Path: path,
		ARN: "arn:aws:iam::" + a + ":policy" + path + name, IsAttachable: true, Created: at(4), Updated: at(4)}
	w.must(w.tx.Policies().Create(ctx, p, doc))
	p.DefaultVersionID = "v1"
	return p
}

func (w world) key(a, userID string) store.AccessKey {
	w.t.Helper()
	k := store.AccessKey{ID: id("AKIA"), AccountID: a, UserID: userID, Status: store.StatusActive,
		SealedSecret: []byte("sealed:" + userID), Created: at(5)}
	w.must(w.tx.AccessKeys().Create(ctx, k))
	return k
}

// attached is the AttachedPolicy of a customer managed policy.
func attached(p store.ManagedPolicy) store.AttachedPolicy {
	return store.AttachedPolicy{ARN: p.ARN, Name: p.Name, Path: p.Path}
}

// awsManaged is the AttachedPolicy of an AWS managed policy, which the store does not hold.
func awsManaged(name string) store.AttachedPolicy {
	return store.AttachedPolicy{ARN: "arn:aws:iam::aws:policy/" + name, Name: name, Path: "/"}
}

func doc(sid string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"` + sid + `","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
}

// build runs fn in one Update with a world.
func build(t testing.TB, s store.Store, fn func(w world)) {
	t.Helper()
	update(t, s, func(tx store.Tx) error {
		fn(world{t: t, tx: tx})
		return nil
	})
}

func latest(t testing.TB, s store.Store) int64 {
	t.Helper()
	var rev int64
	view(t, s, func(tx store.Tx) (err error) {
		rev, err = tx.ChangeFeed().LatestRevision(ctx)
		return err
	})
	return rev
}

func names[T any](items []T, name func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = name(it)
	}
	return out
}

func userName(u store.User) string   { return u.Name }
func groupName(g store.Group) string { return g.Name }
