package storetest

import (
	"slices"
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testPoliciesByID: ListByID pages through an account's policies in ID order with List's
// filters, and never shows another account's.
func testPoliciesByID(t *testing.T, s store.Store) {
	var ps []store.ManagedPolicy
	var bounded store.User
	build(t, s, func(w world) {
		w.account(acct)
		w.account(acct2)
		for _, n := range []string{"Zeta", "Alpha", "Mid", "Beta"} {
			ps = append(ps, w.policy(acct, n, "/", doc(n)))
		}
		ps = append(ps, w.policy(acct, "Pathed", "/team/", doc("p")))
		w.policy(acct2, "Elsewhere", "/", doc("e"))
		u := w.user(acct, "u", "/")
		w.must(w.tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalUser, ID: u.ID}, attached(ps[1])))
		bounded = w.user(acct, "bounded", "/")
		bounded.BoundaryARN = ps[2].ARN
		w.must(w.tx.Users().Update(ctx, bounded))
	})
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	slices.Sort(ids)
	policyID := func(p store.ManagedPolicy) string { return p.ID }

	view(t, s, func(tx store.Tx) error {
		var got []string
		o := store.PolicyListOptions{ListOptions: store.ListOptions{Limit: 2}}
		for range len(ps) {
			page, more, err := tx.Policies().ListByID(ctx, acct, o)
			wantErr(t, "ListByID", err, nil)
			got = append(got, names(page, policyID)...)
			if !more {
				break
			}
			o.After = page[len(page)-1].ID
		}
		diff(t, "ListByID pages", ids, got)

		tests := []struct {
			name string
			o    store.PolicyListOptions
			want []string
		}{
			{"path", store.PolicyListOptions{ListOptions: store.ListOptions{PathPrefix: "/team/"}}, []string{ps[4].ID}},
			{"only attached as permissions", store.PolicyListOptions{OnlyAttached: true, Usage: store.UsagePermissions}, []string{ps[1].ID}},
			{"only attached as boundary", store.PolicyListOptions{OnlyAttached: true, Usage: store.UsageBoundary}, []string{ps[2].ID}},
			{"only attached", store.PolicyListOptions{OnlyAttached: true}, sorted(ps[1].ID, ps[2].ID)},
			{"after the last", store.PolicyListOptions{ListOptions: store.ListOptions{After: ids[len(ids)-1]}}, nil},
		}
		for _, tc := range tests {
			page, _, err := tx.Policies().ListByID(ctx, acct, tc.o)
			wantErr(t, tc.name, err, nil)
			diff(t, "ListByID "+tc.name, tc.want, names(page, policyID))
		}
		all, _, err := tx.Policies().ListByID(ctx, acct, store.PolicyListOptions{})
		wantErr(t, "ListByID", err, nil)
		usage := map[string]store.PolicyUsage{}
		for _, p := range all {
			usage[p.Name] = p.Usage
		}
		diff(t, "ListByID usage", map[string]store.PolicyUsage{"Zeta": {}, "Alpha": {Attachments: 1},
			"Mid": {Boundaries: 1}, "Beta": {}, "Pathed": {}}, usage)
		return nil
	})
}

func sorted(s ...string) []string {
	slices.Sort(s)
	return s
}
