package sqlstore

import (
	"context"
	"fmt"

	"github.com/gatehouse-iam/gatehouse/store"
)

// Access Analyzer's records (migration 0006): one table, analyzer_records, keyed by account,
// analyzer, part and name, bodies opaque.

type analyzers struct{ t *tx }

const analyzerCols = `account_id, analyzer, name, resource, created, updated, body`

func analyzerWhat(part store.AnalyzerPart, analyzer, name string) string {
	switch part {
	case store.AnalyzerRule:
		return fmt.Sprintf("archive rule %q of analyzer %q", name, analyzer)
	case store.AnalyzerFinding:
		return fmt.Sprintf("finding %q of analyzer %q", name, analyzer)
	case store.AnalyzerPreview:
		return fmt.Sprintf("access preview %q of analyzer %q", name, analyzer)
	case store.AnalyzerPolicyGeneration:
		return fmt.Sprintf("policy generation %q", name)
	}
	return fmt.Sprintf("analyzer %q", analyzer)
}

func scanAnalyzerRecord(r rowScanner) (store.AnalyzerRecord, error) {
	var a store.AnalyzerRecord
	err := r.Scan(&a.AccountID, &a.Analyzer, &a.Name, &a.Resource, nt{&a.Created}, nt{&a.Updated}, &a.Body)
	return a, err
}

func (s analyzers) Create(ctx context.Context, part store.AnalyzerPart, r store.AnalyzerRecord) error {
	what := analyzerWhat(part, r.Analyzer, r.Name)
	switch part {
	case store.AnalyzerItself:
		r.Name = ""
	case store.AnalyzerPolicyGeneration:
		r.Analyzer = ""
	default:
		if _, err := s.Get(ctx, store.AnalyzerItself, r.AccountID, r.Analyzer, ""); err != nil {
			return err
		}
	}
	if r.Body == nil {
		r.Body = []byte{}
	}
	_, err := s.t.exec(ctx, what, `INSERT INTO analyzer_records (part, `+analyzerCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		int(part), r.AccountID, r.Analyzer, r.Name, r.Resource, tsNN(r.Created), tsNN(r.Updated), r.Body)
	return err
}

func (s analyzers) Get(ctx context.Context, part store.AnalyzerPart, accountID, analyzer, name string) (store.AnalyzerRecord, error) {
	a, err := scanAnalyzerRecord(s.t.queryRow(ctx, `SELECT `+analyzerCols+` FROM analyzer_records
		WHERE account_id = $1 AND analyzer = $2 AND part = $3 AND name = $4`+s.t.forUpdate(), accountID, analyzer, int(part), name))
	if err != nil {
		return a, s.t.mapErr(analyzerWhat(part, analyzer, name), err)
	}
	return a, nil
}

func (s analyzers) Update(ctx context.Context, part store.AnalyzerPart, r store.AnalyzerRecord) error {
	if part == store.AnalyzerItself {
		r.Name = ""
	}
	if r.Body == nil {
		r.Body = []byte{}
	}
	return s.t.execOne(ctx, analyzerWhat(part, r.Analyzer, r.Name), `UPDATE analyzer_records SET resource = $5, updated = $6, body = $7
		WHERE account_id = $1 AND analyzer = $2 AND part = $3 AND name = $4`,
		r.AccountID, r.Analyzer, int(part), r.Name, r.Resource, tsNN(r.Updated), r.Body)
}

func (s analyzers) Delete(ctx context.Context, part store.AnalyzerPart, accountID, analyzer, name string) error {
	what := analyzerWhat(part, analyzer, name)
	if part == store.AnalyzerItself {
		if err := s.t.execOne(ctx, what, `DELETE FROM analyzer_records WHERE account_id = $1 AND analyzer = $2 AND part = 0`,
			accountID, analyzer); err != nil {
			return err
		}
		_, err := s.t.exec(ctx, what, `DELETE FROM analyzer_records WHERE account_id = $1 AND analyzer = $2`, accountID, analyzer)
		return err
	}
	return s.t.execOne(ctx, what, `DELETE FROM analyzer_records WHERE account_id = $1 AND analyzer = $2 AND part = $3 AND name = $4`,
		accountID, analyzer, int(part), name)
}

func (s analyzers) List(ctx context.Context, part store.AnalyzerPart, accountID, analyzer string) ([]store.AnalyzerRecord, error) {
	q := newQB(`SELECT `+analyzerCols+` FROM analyzer_records WHERE account_id = $1 AND part = $2`, accountID, int(part))
	if part == store.AnalyzerItself {
		q.add(" ORDER BY analyzer")
	} else {
		q.add(" AND analyzer = ? ORDER BY name", analyzer)
	}
	return list(ctx, s.t, analyzerWhat(part, analyzer, "")+" records", q, scanAnalyzerRecord)
}
