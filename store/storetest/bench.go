package storetest

import (
	"fmt"
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// BenchOpener returns a new, empty store for one benchmark and registers its Close.
type BenchOpener func(b *testing.B) store.Store

// Sizes of the benchmark worlds, from the performance requirements.
const (
	benchUsers        = 100_000 // "ListUsers pages over 100,000 users"
	benchDetailUsers  = 1_000   // "GetAccountAuthorizationDetails for 1,000 users"
	benchGroups       = 10      // "a user in 10 groups …
	benchGroupPolices = 10      // … with 10 managed policies each"
	benchKeys         = 10_000
	benchPage         = 100 // IAM's default MaxItems
)

// Bench runs the store benchmarks every backend reports. Each operation is one View, as a
// request would do it.
func Bench(b *testing.B, open BenchOpener) {
	b.Run("ListUsersPage", func(b *testing.B) { benchListUsersPage(b, open(b)) })
	b.Run("AccessKeyLookup", func(b *testing.B) { benchAccessKeyLookup(b, open(b)) })
	b.Run("UserAuthzData", func(b *testing.B) { benchUserAuthz(b, open(b)) })
	b.Run("AccountAuthorizationDetails", func(b *testing.B) { benchAccountDetails(b, open(b)) })
}

// userName of the i-th benchmark user: fixed width, so names sort like numbers.
func benchName(i int) string { return fmt.Sprintf("user-%06d", i) }

func benchListUsersPage(b *testing.B, s store.Store) {
	build(b, s, func(w world) {
		w.account(acct)
		for i := range benchUsers {
			w.user(acct, benchName(i), "/")
		}
	})
	for _, pos := range []struct {
		name  string
		after string
	}{{"first", ""}, {"middle", benchName(benchUsers / 2)}, {"near-end", benchName(benchUsers - 2*benchPage)}} {
		b.Run(pos.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				view(b, s, func(tx store.Tx) error {
					us, _, err := tx.Users().List(ctx, acct, store.ListOptions{After: pos.after, Limit: benchPage})
					if err == nil && len(us) != benchPage {
						err = fmt.Errorf("page of %d users", len(us))
					}
					return err
				})
			}
		})
	}
}

func benchAccessKeyLookup(b *testing.B, s store.Store) {
	keys := make([]string, 0, benchKeys)
	build(b, s, func(w world) {
		w.account(acct)
		for i := range benchKeys / 2 {
			u := w.user(acct, benchName(i), "/")
			keys = append(keys, w.key(acct, u.ID).ID, w.key(acct, u.ID).ID)
		}
	})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i = (i + 7919) % len(keys)
		view(b, s, func(tx store.Tx) error {
			k, err := tx.AccessKeys().Get(ctx, keys[i])
			if err == nil && k.UserName == "" {
				err = fmt.Errorf("key %s without its user", k.ID)
			}
			return err
		})
	}
}

func benchUserAuthz(b *testing.B, s store.Store) {
	var u store.User
	build(b, s, func(w world) {
		w.account(acct)
		// Others in the account, so the queries must be selective.
		for i := range 1000 {
			w.user(acct, benchName(i), "/")
		}
		u = w.user(acct, "subject", "/")
		up := store.Principal{Kind: store.PrincipalUser, ID: u.ID}
		w.must(w.tx.InlinePolicies().Put(ctx, up, store.InlinePolicy{Name: "own", Document: doc("own")}))
		for g := range benchGroups {
			grp := w.group(acct, fmt.Sprintf("group-%02d", g), "/")
			w.must(w.tx.Groups().AddMember(ctx, grp.ID, u.ID))
			gp := store.Principal{Kind: store.PrincipalGroup, ID: grp.ID}
			w.must(w.tx.InlinePolicies().Put(ctx, gp, store.InlinePolicy{Name: "inline", Document: doc(grp.Name)}))
			for p := range benchGroupPolices {
				pol := w.policy(acct, fmt.Sprintf("policy-%02d-%02d", g, p), "/", doc(fmt.Sprint(g, p)))
				w.must(w.tx.Attachments().Attach(ctx, gp, attached(pol)))
			}
		}
	})
	b.ReportAllocs()
	for b.Loop() {
		view(b, s, func(tx store.Tx) error {
			a, err := tx.Authz().User(ctx, u.ID)
			if err == nil && len(a.Documents) != benchGroups*benchGroupPolices {
				err = fmt.Errorf("%d documents", len(a.Documents))
			}
			return err
		})
	}
}

func benchAccountDetails(b *testing.B, s store.Store) {
	build(b, s, func(w world) {
		w.account(acct)
		var gs []store.Group
		for g := range 20 {
			gs = append(gs, w.group(acct, fmt.Sprintf("group-%02d", g), "/"))
		}
		pol := w.policy(acct, "shared", "/", doc("shared"))
		for i := range benchDetailUsers {
			u := w.user(acct, benchName(i), "/")
			up := store.Principal{Kind: store.PrincipalUser, ID: u.ID}
			w.must(w.tx.InlinePolicies().Put(ctx, up, store.InlinePolicy{Name: "inline", Document: doc(u.Name)}))
			w.must(w.tx.Attachments().Attach(ctx, up, attached(pol)))
			w.must(w.tx.Attachments().Attach(ctx, up, awsManaged("ReadOnlyAccess")))
			w.must(w.tx.Groups().AddMember(ctx, gs[i%len(gs)].ID, u.ID))
			w.must(w.tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: u.ID}, []store.Tag{{Key: "team", Value: "t"}}))
		}
	})
	b.ReportAllocs()
	for b.Loop() {
		view(b, s, func(tx store.Tx) error {
			ds, _, err := tx.Authz().UserDetails(ctx, acct, store.ListOptions{Limit: store.MaxListLimit})
			if err == nil && len(ds) != benchDetailUsers {
				err = fmt.Errorf("%d users", len(ds))
			}
			return err
		})
	}
}
