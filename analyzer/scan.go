package analyzer

import (
	"bytes"
	"context"
	"maps"
	"time"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/store"
)

// rescanEvery is how long an unused access analyzer's scan stands: AWS "re-evaluates all active
// findings every 24 hours" (Security Hub User Guide, "Understanding unused access findings in
// Security Hub"), and an analyzer reports access unused "since the analyzer's last scan" (API
// reference, UnusedAccessConfiguration).
const rescanEvery = 24 * time.Hour

// fresh reports whether the analyzer's stored findings are read as they are: an unused access
// analyzer's, until a day after its last scan. Scanning reads every user's and role's policies
// and use (1.7 s for 100 roles with AdministratorAccess, BenchmarkUnusedAccessFindings), so it
// happens at analysis time: when the analyzer is created or updated, on StartResourceScan, and
// on the first findings request a day after the last scan (the periodic scan, made by whichever
// node is asked first, so no node needs a timer). External access analyzers' scans read only
// trust policies and run on every request (refresh), which keeps a policy change visible at once.
func (s *Service) fresh(a *analyzer) bool {
	return a.unused() && !a.ScannedAt.IsZero() && s.now().Sub(a.ScannedAt) < rescanEvery
}

// sync is refresh unless the analyzer's stored findings are fresh.
func (s *Service) sync(ctx context.Context, tx store.Tx, call *callctx.Call, a *analyzer) error {
	if s.fresh(a) {
		return nil
	}
	return s.refresh(ctx, tx, call, a)
}

// refresh brings an analyzer's findings up to date with the account as it is now, inside
// the caller's write transaction: new access becomes an ACTIVE finding (ARCHIVED at once if
// an archive rule matches it), access that went away RESOLVED, access that came back ACTIVE
// again; ARCHIVED findings whose access remains stay ARCHIVED. Every operation that reads
// findings syncs first, so what a caller reads reflects the policies committed before its
// request (an unused access analyzer's: the use and policies as of its last scan).
func (s *Service) refresh(ctx context.Context, tx store.Tx, call *callctx.Call, a *analyzer) error {
	var current map[string]*finding
	z, err := zoneOf(ctx, tx, call.Account(), a.Type)
	if err != nil {
		return err
	}
	switch {
	case a.external():
		current, err = externalFindings(ctx, tx, z, a.Name)
	case a.unused():
		current, err = unusedFindings(ctx, tx, s.accesses, z, a, s.now())
	default:
		// Internal access analyzers find nothing: Gatehouse holds none of the resource types
		// they analyze.
		return nil
	}
	if err != nil {
		return err
	}
	rules, err := loadRules(ctx, tx, call.Account(), a.Name)
	if err != nil {
		return err
	}
	stored, err := loadFindings(ctx, tx, call.Account(), a.Name)
	if err != nil {
		return err
	}
	now := s.now()
	for _, old := range stored {
		cur, ok := current[old.ID]
		delete(current, old.ID)
		next := *old
		switch {
		case !ok && old.Status != statusResolved:
			next.Status, next.UpdatedAt = statusResolved, now
		case ok && old.Status != statusResolved && sameAccess(cur, old) && maps.Equal(cur.Principal, old.Principal) &&
			bytes.Equal(cur.Unused, old.Unused):
			continue // unchanged: not rewritten (currentFindings shows it analyzed now)
		case ok:
			next.Principal, next.Action, next.Condition, next.IsPublic, next.Unused = cur.Principal, cur.Action, cur.Condition, cur.IsPublic, cur.Unused
			next.AnalyzedAt = now
			if old.Status == statusResolved {
				next.Status, next.UpdatedAt = statusActive, now
				archiveIfMatched(&next, rules)
			}
		default:
			continue
		}
		if err := putFinding(ctx, tx, call.Account(), a.Name, &next, false); err != nil {
			return err
		}
	}
	for _, f := range current {
		f.Status, f.CreatedAt, f.AnalyzedAt, f.UpdatedAt = statusActive, now, now, now
		archiveIfMatched(f, rules)
		if err := putFinding(ctx, tx, call.Account(), a.Name, f, true); err != nil {
			return err
		}
		a.LastResourceAnalyzed, a.LastResourceAnalyzedAt = f.Resource, now
	}
	if a.unused() {
		a.ScannedAt = now
		return saveAnalyzer(ctx, tx, call.Account(), a, now)
	}
	return nil
}

func archiveIfMatched(f *finding, rules []*rule) {
	for _, r := range rules {
		if f.Status == statusActive && f.matches(r.Filter) {
			f.Status = statusArchived
		}
	}
}

func loadFindings(ctx context.Context, tx store.Tx, account, analyzer string) ([]*finding, error) {
	recs, err := tx.Analyzers().List(ctx, store.AnalyzerFinding, account, analyzer)
	if err != nil {
		return nil, err
	}
	out := make([]*finding, 0, len(recs))
	for _, r := range recs {
		f, err := findingOf(r)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func putFinding(ctx context.Context, tx store.Tx, account, analyzer string, f *finding, create bool) error {
	rec, err := f.record(account, analyzer)
	if err != nil {
		return err
	}
	if create {
		return tx.Analyzers().Create(ctx, store.AnalyzerFinding, rec)
	}
	return tx.Analyzers().Update(ctx, store.AnalyzerFinding, rec)
}
