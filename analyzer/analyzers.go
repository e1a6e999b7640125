package analyzer

import (
	"context"
	"errors"
	"slices"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Analyzers: CreateAnalyzer, GetAnalyzer, ListAnalyzers, UpdateAnalyzer, DeleteAnalyzer.
// An analyzer is ACTIVE as soon as it is created (AWS passes through CREATING while it
// scans; Gatehouse's scan is part of the request). One analyzer per type per account, as
// AWS's quota allows.

// defaultUnusedAccessAge is the unusedAccessAge of an unused access analyzer created
// without one (Access Analyzer User Guide: 90 days by default, 1 to 365).
const defaultUnusedAccessAge = 90

var createAnalyzer = &op.Op[*Service, analyzerwire.CreateAnalyzerInput, analyzerwire.CreateAnalyzerOutput, op.None]{
	Name:   "CreateAnalyzer",
	Action: "access-analyzer:CreateAnalyzer",
	Resolve: op.At[*Service](func(call *callctx.Call, in *analyzerwire.CreateAnalyzerInput) string {
		return analyzerARN(call, in.AnalyzerName)
	}),
	Keys: []op.KeySource[analyzerwire.CreateAnalyzerInput]{op.RequestTagMap(func(in *analyzerwire.CreateAnalyzerInput) map[string]string { return in.Tags })},
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.CreateAnalyzerInput, op.None]) (*analyzerwire.CreateAnalyzerOutput, error) {
		in := r.In
		a := &analyzer{Name: in.AnalyzerName, Created: s.now(), analyzerBody: analyzerBody{ARN: r.Target.ARN, Type: in.Type,
			Status: analyzerwire.AnalyzerStatusActive, Tags: in.Tags}}
		if err := s.configure(a, in.Configuration); err != nil {
			return nil, err
		}
		if err := checkTags(in.Tags); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(tx store.Tx) error {
			if err := checkOrganization(ctx, tx, r.Account(), a.Type); err != nil {
				return err
			}
			if err := s.checkQuota(ctx, tx, r.Account(), a); err != nil {
				return err
			}
			rec, err := a.record(r.Account(), a.Created)
			if err != nil {
				return err
			}
			if err := tx.Analyzers().Create(ctx, store.AnalyzerItself, rec); errors.Is(err, store.ErrAlreadyExists) {
				return errAnalyzerExists(a.Name)
			} else if err != nil {
				return err
			}
			for _, rule := range in.ArchiveRules {
				if err := createRule(ctx, tx, r.Account(), a.Name, rule.RuleName, rule.Filter, a.Created); err != nil {
					return err
				}
			}
			return s.refresh(ctx, tx, r.Call, a)
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.CreateAnalyzerOutput{Arn: &a.ARN}, nil
	},
}

// configure checks and sets an analyzer's configuration: unusedAccess only for unused access
// analyzers (with the default age), internalAccess only for internal access analyzers.
func (s *Service) configure(a *analyzer, c *analyzerwire.AnalyzerConfiguration) error {
	if c != nil && c.UnusedAccess != nil && !a.unused() || c != nil && c.InternalAccess != nil && a.unused() ||
		c != nil && c.InternalAccess != nil && a.external() {
		return errInvalidInput("configuration", "The configuration does not match the analyzer type "+string(a.Type)+".")
	}
	if !a.unused() {
		a.Configuration = c
		return nil
	}
	cfg := &analyzerwire.UnusedAccessConfiguration{UnusedAccessAge: new(int32(defaultUnusedAccessAge))}
	if c != nil && c.UnusedAccess != nil {
		cfg.AnalysisRule = c.UnusedAccess.AnalysisRule
		if age := c.UnusedAccess.UnusedAccessAge; age != nil {
			if *age < 1 || *age > 365 {
				return errInvalidInput("configuration.unusedAccess.unusedAccessAge", "unusedAccessAge must be between 1 and 365 days.")
			}
			cfg.UnusedAccessAge = age
		}
	}
	a.Configuration = &analyzerwire.AnalyzerConfiguration{UnusedAccess: cfg}
	return nil
}

// checkQuota refuses a second analyzer of the same type in the account.
func (s *Service) checkQuota(ctx context.Context, tx store.Tx, account string, a *analyzer) error {
	all, err := listAnalyzers(ctx, tx, account)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(all, func(b *analyzer) bool { return b.Type == a.Type && b.Name != a.Name }) {
		return errAnalyzerQuota(a.Name)
	}
	return nil
}

func listAnalyzers(ctx context.Context, tx store.Tx, account string) ([]*analyzer, error) {
	recs, err := tx.Analyzers().List(ctx, store.AnalyzerItself, account, "")
	if err != nil {
		return nil, err
	}
	out := make([]*analyzer, 0, len(recs))
	for _, r := range recs {
		a, err := analyzerOf(r)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

var getAnalyzer = &op.Op[*Service, analyzerwire.GetAnalyzerInput, analyzerwire.GetAnalyzerOutput, *analyzer]{
	Name:    "GetAnalyzer",
	Action:  "access-analyzer:GetAnalyzer",
	Resolve: findAnalyzer(func(in *analyzerwire.GetAnalyzerInput) string { return in.AnalyzerName }),
	Handle: func(_ *Service, _ context.Context, r *op.Request[analyzerwire.GetAnalyzerInput, *analyzer]) (*analyzerwire.GetAnalyzerOutput, error) {
		return &analyzerwire.GetAnalyzerOutput{Analyzer: r.Entity().summary()}, nil
	},
}

var listAnalyzersOp = &op.Op[*Service, analyzerwire.ListAnalyzersInput, analyzerwire.ListAnalyzersOutput, op.None]{
	Name:   "ListAnalyzers",
	Action: "access-analyzer:ListAnalyzers",
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ListAnalyzersInput, op.None]) (*analyzerwire.ListAnalyzersOutput, error) {
		var all []*analyzer
		err := s.store.View(ctx, func(tx store.Tx) (err error) {
			all, err = listAnalyzers(ctx, tx, r.Account())
			return err
		})
		if err != nil {
			return nil, err
		}
		var out []analyzerwire.AnalyzerSummary
		for _, a := range all {
			if r.In.Type == nil || *r.In.Type == a.Type {
				out = append(out, a.summary())
			}
		}
		scope := []byte("analyzers\x00" + r.Account())
		if r.In.Type != nil {
			scope = append(scope, *r.In.Type...)
		}
		out, next, err := page(out, scope, r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ListAnalyzersOutput{Analyzers: nonNil(out), NextToken: next}, nil
	},
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

var updateAnalyzer = &op.Op[*Service, analyzerwire.UpdateAnalyzerInput, analyzerwire.UpdateAnalyzerOutput, *analyzer]{
	Name:    "UpdateAnalyzer",
	Action:  "access-analyzer:UpdateAnalyzer",
	Resolve: findAnalyzer(func(in *analyzerwire.UpdateAnalyzerInput) string { return in.AnalyzerName }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.UpdateAnalyzerInput, *analyzer]) (*analyzerwire.UpdateAnalyzerOutput, error) {
		a := r.Entity()
		if err := s.configure(a, r.In.Configuration); err != nil {
			return nil, err
		}
		err := s.update(ctx, func(tx store.Tx) error {
			if err := saveAnalyzer(ctx, tx, r.Account(), a, s.now()); errors.Is(err, store.ErrNotFound) {
				return errAnalyzerNotFound(a.Name)
			} else if err != nil {
				return err
			}
			return s.refresh(ctx, tx, r.Call, a)
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.UpdateAnalyzerOutput{Configuration: a.Configuration}, nil
	},
}

var deleteAnalyzer = &op.Op[*Service, analyzerwire.DeleteAnalyzerInput, analyzerwire.DeleteAnalyzerOutput, *analyzer]{
	Name:    "DeleteAnalyzer",
	Action:  "access-analyzer:DeleteAnalyzer",
	Resolve: findAnalyzer(func(in *analyzerwire.DeleteAnalyzerInput) string { return in.AnalyzerName }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.DeleteAnalyzerInput, *analyzer]) (*analyzerwire.DeleteAnalyzerOutput, error) {
		if err := s.removeAnalyzer(ctx, r.Account(), r.In.AnalyzerName); err != nil {
			return nil, err
		}
		return &analyzerwire.DeleteAnalyzerOutput{}, nil
	},
}

// removeAnalyzer deletes an analyzer with its rules, findings and previews.
func (s *Service) removeAnalyzer(ctx context.Context, account, name string) error {
	err := s.store.Update(ctx, func(tx store.Tx) error {
		return tx.Analyzers().Delete(ctx, store.AnalyzerItself, account, name, "")
	})
	if errors.Is(err, store.ErrNotFound) {
		return errAnalyzerNotFound(name)
	}
	return err
}
