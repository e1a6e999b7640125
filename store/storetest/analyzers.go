package storetest

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
)

// testAnalyzers: Access Analyzer's records — analyzers unique per account, rules and findings
// per analyzer (case-sensitive names), bodies and times kept, deleting an analyzer takes its
// rules and findings, deleting the account takes everything, no change feed entries.
func testAnalyzers(t *testing.T, s store.Store) {
	build(t, s, func(w world) { w.account(acct); w.account(acct2) })
	an := store.AnalyzerRecord{AccountID: acct, Analyzer: "main", Created: t0, Updated: t0, Body: []byte(`{"type":"ACCOUNT"}`)}
	rule := store.AnalyzerRecord{AccountID: acct, Analyzer: "main", Name: "rule", Created: at(1), Updated: at(1), Body: []byte(`{}`)}
	finding := store.AnalyzerRecord{AccountID: acct, Analyzer: "main", Name: "f-1", Resource: "arn:aws:iam::" + acct + ":role/r",
		Created: at(2), Updated: at(2), Body: []byte(`{"status":"ACTIVE"}`)}
	preview := store.AnalyzerRecord{AccountID: acct, Analyzer: "main", Name: "p-1", Created: at(2), Updated: at(2), Body: []byte(`{}`)}
	job := store.AnalyzerRecord{AccountID: acct, Name: "job-1", Resource: "arn:aws:iam::" + acct + ":role/r", Created: at(2),
		Updated: at(2), Body: []byte(`{"status":"SUCCEEDED"}`)}
	before := latest(t, s)
	update(t, s, func(tx store.Tx) error {
		a := tx.Analyzers()
		wantErr(t, "Create analyzer", a.Create(ctx, store.AnalyzerItself, an), nil)
		wantErr(t, "Create analyzer twice", a.Create(ctx, store.AnalyzerItself, an), store.ErrAlreadyExists)
		other := an
		other.Analyzer = "Main"
		wantErr(t, "Create analyzer differing in case", a.Create(ctx, store.AnalyzerItself, other), nil)
		wantErr(t, "Create rule", a.Create(ctx, store.AnalyzerRule, rule), nil)
		wantErr(t, "Create rule twice", a.Create(ctx, store.AnalyzerRule, rule), store.ErrAlreadyExists)
		wantErr(t, "Create finding", a.Create(ctx, store.AnalyzerFinding, finding), nil)
		wantErr(t, "Create preview", a.Create(ctx, store.AnalyzerPreview, preview), nil)
		wantErr(t, "Create policy generation (no analyzer)", a.Create(ctx, store.AnalyzerPolicyGeneration, job), nil)
		wantErr(t, "Create policy generation twice", a.Create(ctx, store.AnalyzerPolicyGeneration, job), store.ErrAlreadyExists)
		orphan := rule
		orphan.Analyzer = "none"
		wantErr(t, "Create rule of a missing analyzer", a.Create(ctx, store.AnalyzerRule, orphan), store.ErrNotFound)
		elsewhere := rule
		elsewhere.AccountID = acct2
		wantErr(t, "Create rule of another account's analyzer", a.Create(ctx, store.AnalyzerRule, elsewhere), store.ErrNotFound)
		finding.Body, finding.Updated = []byte(`{"status":"ARCHIVED"}`), at(3)
		wantErr(t, "Update finding", a.Update(ctx, store.AnalyzerFinding, finding), nil)
		missing := finding
		missing.Name = "f-2"
		wantErr(t, "Update a missing finding", a.Update(ctx, store.AnalyzerFinding, missing), store.ErrNotFound)
		return nil
	})
	if got := latest(t, s); got != before {
		t.Errorf("analyzer records moved the change feed from %d to %d", before, got)
	}
	wantAnalyzerReads(t, s, an, rule, finding)
	update(t, s, func(tx store.Tx) error {
		a := tx.Analyzers()
		wantErr(t, "Delete rule", a.Delete(ctx, store.AnalyzerRule, acct, "main", "rule"), nil)
		wantErr(t, "Delete rule again", a.Delete(ctx, store.AnalyzerRule, acct, "main", "rule"), store.ErrNotFound)
		wantErr(t, "Delete analyzer", a.Delete(ctx, store.AnalyzerItself, acct, "main", ""), nil)
		wantErr(t, "Delete analyzer again", a.Delete(ctx, store.AnalyzerItself, acct, "main", ""), store.ErrNotFound)
		_, err := a.Get(ctx, store.AnalyzerFinding, acct, "main", "f-1")
		wantErr(t, "finding of a deleted analyzer", err, store.ErrNotFound)
		_, err = a.Get(ctx, store.AnalyzerPreview, acct, "main", "p-1")
		wantErr(t, "preview of a deleted analyzer", err, store.ErrNotFound)
		jobs, err := a.List(ctx, store.AnalyzerPolicyGeneration, acct, "")
		wantErr(t, "List policy generations", err, nil)
		diff(t, "policy generations after the analyzer is deleted", []store.AnalyzerRecord{job}, jobs)
		return nil
	})
	update(t, s, func(tx store.Tx) error { return tx.Accounts().Delete(ctx, acct) })
	view(t, s, func(tx store.Tx) error {
		all, err := tx.Analyzers().List(ctx, store.AnalyzerItself, acct, "")
		wantErr(t, "List after the account is deleted", err, nil)
		diff(t, "analyzers of a deleted account", []store.AnalyzerRecord(nil), all)
		jobs, err := tx.Analyzers().List(ctx, store.AnalyzerPolicyGeneration, acct, "")
		wantErr(t, "List policy generations after the account is deleted", err, nil)
		diff(t, "policy generations of a deleted account", []store.AnalyzerRecord(nil), jobs)
		return nil
	})
}

// wantAnalyzerReads: a finding, the account's analyzers (case-sensitive names in order) and an
// analyzer's rules read back; another account's analyzer not found; a View refusing writes.
func wantAnalyzerReads(t *testing.T, s store.Store, an, rule, finding store.AnalyzerRecord) {
	t.Helper()
	view(t, s, func(tx store.Tx) error {
		a := tx.Analyzers()
		got, err := a.Get(ctx, store.AnalyzerFinding, acct, "main", "f-1")
		wantErr(t, "Get finding", err, nil)
		diff(t, "finding", finding, got)
		all, err := a.List(ctx, store.AnalyzerItself, acct, "")
		wantErr(t, "List analyzers", err, nil)
		if len(all) != 2 || all[0].Analyzer != "Main" || all[1].Analyzer != "main" {
			t.Errorf("analyzers %+v, want Main, main", all)
		}
		rules, err := a.List(ctx, store.AnalyzerRule, acct, "main")
		wantErr(t, "List rules", err, nil)
		diff(t, "rules", []store.AnalyzerRecord{rule}, rules)
		_, err = a.Get(ctx, store.AnalyzerItself, acct2, "main", "")
		wantErr(t, "Get from another account", err, store.ErrNotFound)
		wantErr(t, "Create in a View", a.Create(ctx, store.AnalyzerItself, an), store.ErrReadOnly)
		return nil
	})
}
