package analyzer

import (
	"context"
	"errors"
	"slices"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// The findings operations: ListFindings, ListFindingsV2, GetFinding, GetFindingV2,
// UpdateFindings, GetFindingsStatistics, StartResourceScan. Each reads the analyzer's findings
// up to date (scan.go) first. AWS authorizes them on the analyzer.

func listPage[T any](s *Service, ctx context.Context, r *op.Request[analyzerwire.ListFindingsInput, *analyzer], conv func(*finding) T) ([]T, *string, error) {
	fs, err := s.currentFindings(ctx, r.Call, r.Entity())
	if err != nil {
		return nil, nil, err
	}
	fs, scope, err := selectFindings(fs, r.In.Filter, r.In.Sort)
	if err != nil {
		return nil, nil, err
	}
	out := make([]T, len(fs))
	for i, f := range fs {
		out[i] = conv(f)
	}
	return page(out, append([]byte(r.Entity().ARN+"\x00"), scope...), r.In.NextToken, r.In.MaxResults)
}

var listFindings = &op.Op[*Service, analyzerwire.ListFindingsInput, analyzerwire.ListFindingsOutput, *analyzer]{
	Name:    "ListFindings",
	Action:  "access-analyzer:ListFindings",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.ListFindingsInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ListFindingsInput, *analyzer]) (*analyzerwire.ListFindingsOutput, error) {
		if err := externalOnly(r.Entity(), "ListFindings", "ListFindingsV2"); err != nil {
			return nil, err
		}
		out, next, err := listPage(s, ctx, r, (*finding).summary)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ListFindingsOutput{Findings: nonNil(out), NextToken: next}, nil
	},
}

var listFindingsV2 = &op.Op[*Service, analyzerwire.ListFindingsV2Input, analyzerwire.ListFindingsV2Output, *analyzer]{
	Name:    "ListFindingsV2",
	Action:  "access-analyzer:ListFindings",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.ListFindingsV2Input) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ListFindingsV2Input, *analyzer]) (*analyzerwire.ListFindingsV2Output, error) {
		in := analyzerwire.ListFindingsInput{AnalyzerArn: r.In.AnalyzerArn, Filter: r.In.Filter, Sort: r.In.Sort,
			NextToken: r.In.NextToken, MaxResults: r.In.MaxResults}
		r1 := &op.Request[analyzerwire.ListFindingsInput, *analyzer]{Call: r.Call, In: &in, Target: r.Target}
		out, next, err := listPage(s, ctx, r1, (*finding).summaryV2)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ListFindingsV2Output{Findings: nonNil(out), NextToken: next}, nil
	},
}

// oneFinding reads a finding of the analyzer, up to date.
func (s *Service) oneFinding(ctx context.Context, r *op.Request[analyzerwire.GetFindingInput, *analyzer]) (*finding, error) {
	fs, err := s.currentFindings(ctx, r.Call, r.Entity())
	if err != nil {
		return nil, err
	}
	f := findByID(fs, r.In.Id)
	if f == nil {
		return nil, errFindingNotFound(r.In.Id)
	}
	return f, nil
}

var getFinding = &op.Op[*Service, analyzerwire.GetFindingInput, analyzerwire.GetFindingOutput, *analyzer]{
	Name:    "GetFinding",
	Action:  "access-analyzer:GetFinding",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.GetFindingInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GetFindingInput, *analyzer]) (*analyzerwire.GetFindingOutput, error) {
		if err := externalOnly(r.Entity(), "GetFinding", "GetFindingV2"); err != nil {
			return nil, err
		}
		f, err := s.oneFinding(ctx, r)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.GetFindingOutput{Finding: f.wire()}, nil
	},
}

var getFindingV2 = &op.Op[*Service, analyzerwire.GetFindingV2Input, analyzerwire.GetFindingV2Output, *analyzer]{
	Name:    "GetFindingV2",
	Action:  "access-analyzer:GetFinding",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.GetFindingV2Input) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GetFindingV2Input, *analyzer]) (*analyzerwire.GetFindingV2Output, error) {
		in := analyzerwire.GetFindingInput{AnalyzerArn: r.In.AnalyzerArn, Id: r.In.Id}
		f, err := s.oneFinding(ctx, &op.Request[analyzerwire.GetFindingInput, *analyzer]{Call: r.Call, In: &in, Target: r.Target})
		if err != nil {
			return nil, err
		}
		details, next, err := page(f.details(), []byte(f.ID), r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		v := f.summaryV2()
		return &analyzerwire.GetFindingV2Output{AnalyzedAt: v.AnalyzedAt, CreatedAt: v.CreatedAt, Id: v.Id, NextToken: next,
			Resource: v.Resource, ResourceType: v.ResourceType, ResourceOwnerAccount: v.ResourceOwnerAccount, Status: v.Status,
			UpdatedAt: v.UpdatedAt, FindingDetails: details, FindingType: v.FindingType}, nil
	},
}

var updateFindings = &op.Op[*Service, analyzerwire.UpdateFindingsInput, analyzerwire.UpdateFindingsOutput, *analyzer]{
	Name:    "UpdateFindings",
	Action:  "access-analyzer:UpdateFindings",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.UpdateFindingsInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.UpdateFindingsInput, *analyzer]) (*analyzerwire.UpdateFindingsOutput, error) {
		if (len(r.In.Ids) == 0) == (r.In.ResourceArn == nil) {
			return nil, errInvalidInput("ids", "Specify either ids or resourceArn.")
		}
		err := s.update(ctx, func(tx store.Tx) error {
			a := r.Entity()
			if err := s.sync(ctx, tx, r.Call, a); err != nil {
				return err
			}
			fs, err := loadFindings(ctx, tx, r.Account(), a.Name)
			if err != nil {
				return err
			}
			return s.setStatus(ctx, tx, r, fs)
		})
		if errors.Is(err, store.ErrNotFound) {
			return nil, errAnalyzerNotFound(r.Entity().Name)
		}
		if err != nil {
			return nil, err
		}
		return &analyzerwire.UpdateFindingsOutput{}, nil
	},
}

// setStatus archives or unarchives the findings UpdateFindings names: by ID (each must
// exist) or every finding of a resource. RESOLVED findings keep their status.
func (s *Service) setStatus(ctx context.Context, tx store.Tx, r *op.Request[analyzerwire.UpdateFindingsInput, *analyzer], fs []*finding) error {
	for _, id := range r.In.Ids {
		if findByID(fs, id) == nil {
			return errFindingNotFound(id)
		}
	}
	for _, f := range fs {
		named := slices.Contains(r.In.Ids, f.ID) || r.In.ResourceArn != nil && *r.In.ResourceArn == f.Resource
		if !named || f.Status == statusResolved || f.Status == string(r.In.Status) {
			continue
		}
		f.Status, f.UpdatedAt = string(r.In.Status), s.now()
		if err := putFinding(ctx, tx, r.Account(), r.Entity().Name, f, false); err != nil {
			return err
		}
	}
	return nil
}

var getFindingsStatistics = &op.Op[*Service, analyzerwire.GetFindingsStatisticsInput, analyzerwire.GetFindingsStatisticsOutput, *analyzer]{
	Name:    "GetFindingsStatistics",
	Action:  "access-analyzer:GetFindingsStatistics",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.GetFindingsStatisticsInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GetFindingsStatisticsInput, *analyzer]) (*analyzerwire.GetFindingsStatisticsOutput, error) {
		fs, err := s.currentFindings(ctx, r.Call, r.Entity())
		if err != nil {
			return nil, err
		}
		now := s.now()
		stats := []analyzerwire.FindingsStatistics{}
		switch a := r.Entity(); {
		case a.external():
			stats = append(stats, statistics(fs))
		case a.unused():
			stats = append(stats, unusedStatistics(fs))
		}
		return &analyzerwire.GetFindingsStatisticsOutput{FindingsStatistics: stats, LastUpdatedAt: &now}, nil
	},
}

// startResourceScan analyzes the account again; the resource must be one the analyzer
// analyzes (a role of the account).
var startResourceScan = &op.Op[*Service, analyzerwire.StartResourceScanInput, analyzerwire.StartResourceScanOutput, *analyzer]{
	Name:    "StartResourceScan",
	Action:  "access-analyzer:StartResourceScan",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.StartResourceScanInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.StartResourceScanInput, *analyzer]) (*analyzerwire.StartResourceScanOutput, error) {
		err := s.update(ctx, func(tx store.Tx) error {
			if _, err := roleOfARN(ctx, tx, r.Call, r.Entity(), r.In.ResourceArn); err != nil {
				return err
			}
			a := r.Entity()
			if err := s.refresh(ctx, tx, r.Call, a); err != nil {
				return err
			}
			a.LastResourceAnalyzed, a.LastResourceAnalyzedAt = r.In.ResourceArn, s.now()
			return saveAnalyzer(ctx, tx, r.Account(), a, s.now())
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.StartResourceScanOutput{}, nil
	},
}

// externalOnly refuses the first version of a findings operation on an analyzer other than an
// external access one: "ListFindings is supported only for external access analyzers. You must
// use ListFindingsV2 for internal and unused access analyzers" (Access Analyzer API Reference).
func externalOnly(a *analyzer, op, v2 string) error {
	if a.external() {
		return nil
	}
	return errInvalidInput("analyzerArn", op+" is supported only for external access analyzers; use "+v2+".")
}
