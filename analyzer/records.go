package analyzer

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// analyzerBody is what the store keeps of an analyzer beyond its name (store.AnalyzerRecord
// Body, JSON): the wire summary without its name, ARN and creation time.
type analyzerBody struct {
	ARN                    string
	Type                   analyzerwire.Type
	Status                 analyzerwire.AnalyzerStatus
	Tags                   map[string]string                   `json:",omitempty"`
	Configuration          *analyzerwire.AnalyzerConfiguration `json:",omitempty"`
	ManagedBy              string                              `json:",omitempty"`
	LastResourceAnalyzed   string                              `json:",omitempty"`
	LastResourceAnalyzedAt time.Time
	// ScannedAt is when an unused access analyzer last scanned the zone (refresh): its findings
	// are stored as of then and read as they are until the next scan (fresh).
	ScannedAt time.Time `json:",omitzero"`
}

// analyzer is an analyzer as the operations see it.
type analyzer struct {
	Name    string
	Created time.Time
	analyzerBody
}

func (a *analyzer) summary() analyzerwire.AnalyzerSummary {
	s := analyzerwire.AnalyzerSummary{Arn: a.ARN, Name: a.Name, Type: a.Type, CreatedAt: a.Created, Status: a.Status,
		Tags: a.Tags, Configuration: a.Configuration}
	if s.Tags == nil {
		s.Tags = map[string]string{}
	}
	if a.ManagedBy != "" {
		s.ManagedBy = &a.ManagedBy
	}
	if a.LastResourceAnalyzed != "" {
		s.LastResourceAnalyzed, s.LastResourceAnalyzedAt = &a.LastResourceAnalyzed, &a.LastResourceAnalyzedAt
	}
	return s
}

func (a *analyzer) record(account string, now time.Time) (store.AnalyzerRecord, error) {
	body, err := json.Marshal(a.analyzerBody)
	return store.AnalyzerRecord{AccountID: account, Analyzer: a.Name, Created: a.Created, Updated: now, Body: body}, err
}

func analyzerOf(r store.AnalyzerRecord) (*analyzer, error) {
	a := &analyzer{Name: r.Analyzer, Created: r.Created}
	return a, json.Unmarshal(r.Body, &a.analyzerBody)
}

// external reports whether the analyzer finds external access (ACCOUNT or ORGANIZATION).
func (a *analyzer) external() bool {
	return a.Type == analyzerwire.TypeAccount || a.Type == analyzerwire.TypeOrganization
}

// unused reports whether the analyzer finds unused access.
func (a *analyzer) unused() bool {
	return a.Type == analyzerwire.TypeAccountUnusedAccess || a.Type == analyzerwire.TypeOrganizationUnusedAccess
}

// partition is the caller's partition, read from its ARN ("aws" when it has none).
func partition(call *callctx.Call) string {
	if p := strings.SplitN(call.Caller.ARN, ":", 3); len(p) == 3 && p[1] != "" {
		return p[1]
	}
	return "aws"
}

func analyzerARN(call *callctx.Call, name string) string {
	return "arn:" + partition(call) + ":access-analyzer:" + call.Region + ":" + call.Account() + ":analyzer/" + name
}

func ruleARN(call *callctx.Call, analyzer, rule string) string {
	return analyzerARN(call, analyzer) + "/archive-rule/" + rule
}

func errAnalyzerNotFound(name string) error {
	return analyzerwire.ErrResourceNotFoundExceptionWith(analyzerwire.ResourceNotFoundExceptionFields{ResourceId: name,
		ResourceType: "Analyzer"}, "Analyzer not found")
}

// loadAnalyzer reads an analyzer of the account; a missing one is (nil, nil).
func loadAnalyzer(ctx context.Context, tx store.Tx, account, name string) (*analyzer, error) {
	r, err := tx.Analyzers().Get(ctx, store.AnalyzerItself, account, name, "")
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return analyzerOf(r)
}

// saveAnalyzer rewrites an existing analyzer.
func saveAnalyzer(ctx context.Context, tx store.Tx, account string, a *analyzer, now time.Time) error {
	r, err := a.record(account, now)
	if err != nil {
		return err
	}
	return tx.Analyzers().Update(ctx, store.AnalyzerItself, r)
}

// findAnalyzer reads the analyzer named by name(in) for authorization: the target is its ARN
// with its tags as aws:ResourceTag keys; missing, ResourceNotFoundException after
// authorization.
func findAnalyzer[In any](name func(*In) string) op.Resolver[*Service, In, *analyzer] {
	return op.Resolver[*Service, In, *analyzer]{Keys: []string{op.ResourceTag},
		Find: func(s *Service, ctx context.Context, call *callctx.Call, in *In) (op.Target[*analyzer], error) {
			return s.analyzerTarget(ctx, call, name(in))
		}}
}

func (s *Service) analyzerTarget(ctx context.Context, call *callctx.Call, name string) (op.Target[*analyzer], error) {
	var a *analyzer
	err := s.store.View(ctx, func(tx store.Tx) (err error) {
		a, err = loadAnalyzer(ctx, tx, call.Account(), name)
		return err
	})
	t := op.Target[*analyzer]{ARN: analyzerARN(call, name), Entity: a}
	if err != nil {
		return t, err
	}
	if a == nil {
		t.Missing = errAnalyzerNotFound(name)
		return t, nil
	}
	t.ARN = a.ARN
	t.Keys = tagKeys(a.Tags)
	return t, nil
}

func tagKeys(tags map[string]string) []authz.Key {
	keys := make([]authz.Key, 0, len(tags))
	for k, v := range tags {
		keys = append(keys, authz.StringKey("aws:ResourceTag/"+k, v))
	}
	return keys
}

// analyzerNameOfARN is the name in an analyzer ARN of the caller's account and region, ""
// when the ARN names something else.
func analyzerNameOfARN(call *callctx.Call, arn string) string {
	prefix := analyzerARN(call, "")
	if !strings.HasPrefix(arn, prefix) || strings.Contains(arn[len(prefix):], "/") {
		return ""
	}
	return arn[len(prefix):]
}

// findAnalyzerByARN is findAnalyzer for operations that name the analyzer by ARN: an ARN
// of another account or Region, or not an analyzer's, is not found.
func findAnalyzerByARN[In any](arnOf func(*In) string) op.Resolver[*Service, In, *analyzer] {
	return op.Resolver[*Service, In, *analyzer]{Keys: []string{op.ResourceTag},
		Find: func(s *Service, ctx context.Context, call *callctx.Call, in *In) (op.Target[*analyzer], error) {
			name := analyzerNameOfARN(call, arnOf(in))
			if name == "" {
				return op.Target[*analyzer]{ARN: arnOf(in), Missing: errAnalyzerNotFound(arnOf(in))}, nil
			}
			return s.analyzerTarget(ctx, call, name)
		}}
}
