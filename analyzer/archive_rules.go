package analyzer

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Archive rules: CreateArchiveRule, GetArchiveRule, ListArchiveRules, UpdateArchiveRule,
// DeleteArchiveRule, ApplyArchiveRule. A rule archives the ACTIVE findings its filter
// matches: new findings as they appear, and existing ones when the rule is created or
// updated (AWS: "applied to existing findings and new findings") or applied again with
// ApplyArchiveRule.

// rule is an archive rule as the store keeps it.
type rule struct {
	Name             string               `json:"-"`
	Filter           map[string]criterion `json:"filter"`
	Created, Updated time.Time            `json:"-"`
}

func (r *rule) summary() analyzerwire.ArchiveRuleSummary {
	s := analyzerwire.ArchiveRuleSummary{RuleName: r.Name, Filter: map[string]analyzerwire.Criterion{}, CreatedAt: r.Created, UpdatedAt: r.Updated}
	for k, c := range r.Filter {
		s.Filter[k] = analyzerwire.Criterion(c)
	}
	return s
}

func filterOf(f map[string]analyzerwire.Criterion) (map[string]criterion, error) {
	out := make(map[string]criterion, len(f))
	for k, c := range f {
		out[k] = criterion(c)
	}
	return out, checkFilter(out)
}

func loadRules(ctx context.Context, tx store.Tx, account, analyzer string) ([]*rule, error) {
	recs, err := tx.Analyzers().List(ctx, store.AnalyzerRule, account, analyzer)
	if err != nil {
		return nil, err
	}
	out := make([]*rule, 0, len(recs))
	for _, rec := range recs {
		r := &rule{Name: rec.Name, Created: rec.Created, Updated: rec.Updated}
		if err := json.Unmarshal(rec.Body, r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// createRule stores a new rule of the analyzer (and archives nothing: the caller applies).
func createRule(ctx context.Context, tx store.Tx, account, analyzer, name string, f map[string]analyzerwire.Criterion, now time.Time) error {
	filter, err := filterOf(f)
	if err != nil {
		return err
	}
	body, err := json.Marshal(&rule{Filter: filter})
	if err != nil {
		return err
	}
	err = tx.Analyzers().Create(ctx, store.AnalyzerRule, store.AnalyzerRecord{AccountID: account, Analyzer: analyzer, Name: name,
		Created: now, Updated: now, Body: body})
	if errors.Is(err, store.ErrAlreadyExists) {
		return analyzerwire.ErrConflictExceptionWith(analyzerwire.ConflictExceptionFields{ResourceId: name, ResourceType: "ArchiveRule"},
			"An archive rule with name %s already exists", name)
	}
	if errors.Is(err, store.ErrNotFound) {
		return errAnalyzerNotFound(analyzer)
	}
	return err
}

func errRuleNotFound(name string) error {
	return analyzerwire.ErrResourceNotFoundExceptionWith(analyzerwire.ResourceNotFoundExceptionFields{ResourceId: name,
		ResourceType: "ArchiveRule"}, "Archive rule not found")
}

// applyRule refreshes the analyzer's findings and archives the ACTIVE ones the rule matches.
func (s *Service) applyRule(ctx context.Context, tx store.Tx, call *callctx.Call, analyzerName, ruleName string) error {
	a, err := loadAnalyzer(ctx, tx, call.Account(), analyzerName)
	if err != nil {
		return err
	}
	if a == nil {
		return errAnalyzerNotFound(analyzerName)
	}
	if err := s.sync(ctx, tx, call, a); err != nil {
		return err
	}
	rules, err := loadRules(ctx, tx, call.Account(), analyzerName)
	if err != nil {
		return err
	}
	var r *rule
	for _, x := range rules {
		if x.Name == ruleName {
			r = x
		}
	}
	if r == nil {
		return errRuleNotFound(ruleName)
	}
	fs, err := loadFindings(ctx, tx, call.Account(), analyzerName)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if f.Status == statusActive && f.matches(r.Filter) {
			f.Status, f.UpdatedAt = statusArchived, s.now()
			if err := putFinding(ctx, tx, call.Account(), analyzerName, f, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// ruleTarget resolves an archive rule's ARN for authorization (the rule itself is read in
// the handler's transaction).
func ruleTarget[In any](names func(*In) (string, string)) op.Resolver[*Service, In, op.None] {
	return op.At[*Service](func(call *callctx.Call, in *In) string {
		a, r := names(in)
		return ruleARN(call, a, r)
	})
}

var createArchiveRule = &op.Op[*Service, analyzerwire.CreateArchiveRuleInput, analyzerwire.CreateArchiveRuleOutput, op.None]{
	Name:   "CreateArchiveRule",
	Action: "access-analyzer:CreateArchiveRule",
	Resolve: ruleTarget(func(in *analyzerwire.CreateArchiveRuleInput) (string, string) {
		return in.AnalyzerName, in.RuleName
	}),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.CreateArchiveRuleInput, op.None]) (*analyzerwire.CreateArchiveRuleOutput, error) {
		err := s.update(ctx, func(tx store.Tx) error {
			if err := createRule(ctx, tx, r.Account(), r.In.AnalyzerName, r.In.RuleName, r.In.Filter, s.now()); err != nil {
				return err
			}
			return s.applyRule(ctx, tx, r.Call, r.In.AnalyzerName, r.In.RuleName)
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.CreateArchiveRuleOutput{}, nil
	},
}

var updateArchiveRule = &op.Op[*Service, analyzerwire.UpdateArchiveRuleInput, analyzerwire.UpdateArchiveRuleOutput, op.None]{
	Name:   "UpdateArchiveRule",
	Action: "access-analyzer:UpdateArchiveRule",
	Resolve: ruleTarget(func(in *analyzerwire.UpdateArchiveRuleInput) (string, string) {
		return in.AnalyzerName, in.RuleName
	}),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.UpdateArchiveRuleInput, op.None]) (*analyzerwire.UpdateArchiveRuleOutput, error) {
		filter, err := filterOf(r.In.Filter)
		if err != nil {
			return nil, err
		}
		err = s.update(ctx, func(tx store.Tx) error {
			rec, err := tx.Analyzers().Get(ctx, store.AnalyzerRule, r.Account(), r.In.AnalyzerName, r.In.RuleName)
			if errors.Is(err, store.ErrNotFound) {
				return errRuleNotFound(r.In.RuleName)
			} else if err != nil {
				return err
			}
			if rec.Body, err = json.Marshal(&rule{Filter: filter}); err != nil {
				return err
			}
			rec.Updated = s.now()
			if err := tx.Analyzers().Update(ctx, store.AnalyzerRule, rec); err != nil {
				return err
			}
			return s.applyRule(ctx, tx, r.Call, r.In.AnalyzerName, r.In.RuleName)
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.UpdateArchiveRuleOutput{}, nil
	},
}

var getArchiveRule = &op.Op[*Service, analyzerwire.GetArchiveRuleInput, analyzerwire.GetArchiveRuleOutput, op.None]{
	Name:   "GetArchiveRule",
	Action: "access-analyzer:GetArchiveRule",
	Resolve: ruleTarget(func(in *analyzerwire.GetArchiveRuleInput) (string, string) {
		return in.AnalyzerName, in.RuleName
	}),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GetArchiveRuleInput, op.None]) (*analyzerwire.GetArchiveRuleOutput, error) {
		var found *rule
		err := s.store.View(ctx, func(tx store.Tx) error {
			rules, err := loadRules(ctx, tx, r.Account(), r.In.AnalyzerName)
			for _, x := range rules {
				if x.Name == r.In.RuleName {
					found = x
				}
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		if found == nil {
			return nil, errRuleNotFound(r.In.RuleName)
		}
		return &analyzerwire.GetArchiveRuleOutput{ArchiveRule: found.summary()}, nil
	},
}

var listArchiveRules = &op.Op[*Service, analyzerwire.ListArchiveRulesInput, analyzerwire.ListArchiveRulesOutput, *analyzer]{
	Name:    "ListArchiveRules",
	Action:  "access-analyzer:ListArchiveRules",
	Resolve: findAnalyzer(func(in *analyzerwire.ListArchiveRulesInput) string { return in.AnalyzerName }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ListArchiveRulesInput, *analyzer]) (*analyzerwire.ListArchiveRulesOutput, error) {
		var rules []*rule
		err := s.store.View(ctx, func(tx store.Tx) (err error) {
			rules, err = loadRules(ctx, tx, r.Account(), r.In.AnalyzerName)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := make([]analyzerwire.ArchiveRuleSummary, len(rules))
		for i, x := range rules {
			out[i] = x.summary()
		}
		out, next, err := page(out, []byte("rules\x00"+r.Account()+"\x00"+r.In.AnalyzerName), r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ListArchiveRulesOutput{ArchiveRules: nonNil(out), NextToken: next}, nil
	},
}

var deleteArchiveRule = &op.Op[*Service, analyzerwire.DeleteArchiveRuleInput, analyzerwire.DeleteArchiveRuleOutput, op.None]{
	Name:   "DeleteArchiveRule",
	Action: "access-analyzer:DeleteArchiveRule",
	Resolve: ruleTarget(func(in *analyzerwire.DeleteArchiveRuleInput) (string, string) {
		return in.AnalyzerName, in.RuleName
	}),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.DeleteArchiveRuleInput, op.None]) (*analyzerwire.DeleteArchiveRuleOutput, error) {
		err := s.update(ctx, func(tx store.Tx) error {
			return tx.Analyzers().Delete(ctx, store.AnalyzerRule, r.Account(), r.In.AnalyzerName, r.In.RuleName)
		})
		if errors.Is(err, store.ErrNotFound) {
			return nil, errRuleNotFound(r.In.RuleName)
		}
		if err != nil {
			return nil, err
		}
		return &analyzerwire.DeleteArchiveRuleOutput{}, nil
	},
}

var applyArchiveRule = &op.Op[*Service, analyzerwire.ApplyArchiveRuleInput, analyzerwire.ApplyArchiveRuleOutput, *analyzer]{
	Name:    "ApplyArchiveRule",
	Action:  "access-analyzer:ApplyArchiveRule",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.ApplyArchiveRuleInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ApplyArchiveRuleInput, *analyzer]) (*analyzerwire.ApplyArchiveRuleOutput, error) {
		err := s.update(ctx, func(tx store.Tx) error {
			return s.applyRule(ctx, tx, r.Call, r.Entity().Name, r.In.RuleName)
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ApplyArchiveRuleOutput{}, nil
	},
}
