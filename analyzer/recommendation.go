package analyzer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/identity"
	"github.com/gatehouse-iam/gatehouse/lastaccess"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Recommendations for unused permissions findings (GenerateFindingRecommendation,
// GetFindingRecommendation): for each permissions policy of the user or role that allows
// something unused, a CREATE_POLICY step with the policy narrowed to the actions the entity
// used within the tracking period (its Allow statements keep their resources and conditions
// and list those actions; statements left with none are dropped; Deny statements stay), then a
// DETACH_POLICY step for the policy itself. A policy that allows nothing used has the
// DETACH_POLICY step only. Generating is part of the request, so the recommendation is
// SUCCEEDED when GenerateFindingRecommendation returns; it is a snapshot kept with the finding.

// recommendation is a finding's recommendation as stored with it.
type recommendation struct {
	StartedAt, CompletedAt time.Time
	Status                 analyzerwire.Status
	Steps                  []analyzerwire.RecommendedStep
	Error                  *analyzerwire.RecommendationError `json:",omitempty"`
}

var generateFindingRecommendation = &op.Op[*Service, analyzerwire.GenerateFindingRecommendationInput, analyzerwire.GenerateFindingRecommendationOutput, *analyzer]{
	Name:    "GenerateFindingRecommendation",
	Action:  "access-analyzer:GenerateFindingRecommendation",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.GenerateFindingRecommendationInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GenerateFindingRecommendationInput, *analyzer]) (*analyzerwire.GenerateFindingRecommendationOutput, error) {
		a := r.Entity()
		err := s.update(ctx, func(tx store.Tx) error {
			if err := s.sync(ctx, tx, r.Call, a); err != nil {
				return err
			}
			fs, err := loadFindings(ctx, tx, r.Account(), a.Name)
			if err != nil {
				return err
			}
			f := findByID(fs, r.In.Id)
			if f == nil || f.FindingType != findingUnusedPermission || f.Status == statusResolved {
				// The model lists no ResourceNotFoundException for this operation: AWS answers a
				// finding it cannot recommend for as a field validation failure of id.
				return errInvalidInput("id", "Recommendations are generated for active or archived unused permission findings only.")
			}
			rec := recommendation{StartedAt: s.now(), Status: analyzerwire.StatusSucceeded}
			data, err := lastaccess.Read(ctx, lastaccess.InTx(s.accesses, tx), r.Account(), s.now())
			if err != nil {
				return err
			}
			rec.Steps, err = recommend(ctx, tx, data, f.Resource, unusedCutoff(a, s.now()))
			if err != nil {
				return err
			}
			rec.CompletedAt = s.now()
			f.Recommendation = &rec
			return putFinding(ctx, tx, r.Account(), a.Name, f, false)
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.GenerateFindingRecommendationOutput{}, nil
	},
}

var getFindingRecommendation = &op.Op[*Service, analyzerwire.GetFindingRecommendationInput, analyzerwire.GetFindingRecommendationOutput, *analyzer]{
	Name:    "GetFindingRecommendation",
	Action:  "access-analyzer:GetFindingRecommendation",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.GetFindingRecommendationInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GetFindingRecommendationInput, *analyzer]) (*analyzerwire.GetFindingRecommendationOutput, error) {
		var f *finding
		err := s.store.View(ctx, func(tx store.Tx) error {
			fs, err := loadFindings(ctx, tx, r.Account(), r.Entity().Name)
			f = findByID(fs, r.In.Id)
			return err
		})
		if err != nil {
			return nil, err
		}
		if f == nil || f.Recommendation == nil {
			return nil, analyzerwire.ErrResourceNotFoundExceptionWith(analyzerwire.ResourceNotFoundExceptionFields{ResourceId: r.In.Id,
				ResourceType: "FindingRecommendation"}, "Finding recommendation not found")
		}
		rec := f.Recommendation
		steps, next, err := page(nonNil(rec.Steps), []byte("recommendation\x00"+f.ID), r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.GetFindingRecommendationOutput{StartedAt: rec.StartedAt, CompletedAt: &rec.CompletedAt, NextToken: next,
			Error: rec.Error, ResourceArn: f.Resource, RecommendedSteps: steps,
			RecommendationType: analyzerwire.RecommendationTypeUnusedPermissionRecommendation, Status: rec.Status}, nil
	},
}

// unusedCutoff is the start of an unused access analyzer's tracking period at now.
func unusedCutoff(a *analyzer, now time.Time) time.Time {
	age := defaultUnusedAccessAge
	if c := a.Configuration; c != nil && c.UnusedAccess != nil && c.UnusedAccess.UnusedAccessAge != nil {
		age = int(*c.UnusedAccess.UnusedAccessAge)
	}
	return now.Add(-time.Duration(age) * 24 * time.Hour)
}

// recommend builds the recommended steps for the user or role entityARN.
func recommend(ctx context.Context, tx store.Tx, data *lastaccess.Data, entityARN string, cutoff time.Time) ([]analyzerwire.RecommendedStep, error) {
	a, err := arn.Parse(entityARN)
	if err != nil {
		return nil, err
	}
	p, err := identity.FindByARN(ctx, tx, a)
	if errors.Is(err, store.ErrNotFound) {
		return []analyzerwire.RecommendedStep{}, nil
	}
	if err != nil {
		return nil, err
	}
	pols, err := identity.Policies(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	u, err := readUse(ctx, tx, data, p.Account, p.ARN)
	if err != nil {
		return nil, err
	}
	steps := []analyzerwire.RecommendedStep{}
	for _, pol := range pols {
		narrowed, changed, err := narrow(pol.Document, u, cutoff)
		if err != nil || !changed {
			continue // a document that does not parse is left for the user to read
		}
		id := pol.ARN
		if id == "" {
			id = pol.Name
		}
		updated := timeOrNil(pol.Updated)
		if narrowed != "" {
			steps = append(steps, analyzerwire.RecommendedStep{UnusedPermissionsRecommendedStep: &analyzerwire.UnusedPermissionsRecommendedStep{
				RecommendedAction: analyzerwire.RecommendedRemediationActionCreatePolicy, RecommendedPolicy: &narrowed,
				ExistingPolicyId: &id, PolicyUpdatedAt: updated}})
		}
		steps = append(steps, analyzerwire.RecommendedStep{UnusedPermissionsRecommendedStep: &analyzerwire.UnusedPermissionsRecommendedStep{
			RecommendedAction: analyzerwire.RecommendedRemediationActionDetachPolicy, ExistingPolicyId: &id, PolicyUpdatedAt: updated}})
	}
	return steps, nil
}

// narrow returns doc with each Allow statement's actions cut to those used since cutoff, and
// whether that changed anything; "" when no Allow statement is left.
func narrow(doc string, u use, cutoff time.Time) (string, bool, error) {
	parsed, err := policy.Parse([]byte(doc), policy.Identity)
	if err != nil {
		return "", false, err
	}
	var raw struct {
		Version   string          `json:"Version,omitempty"`
		ID        string          `json:"Id,omitempty"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return "", false, err
	}
	var stmts []map[string]any
	if err := json.Unmarshal(raw.Statement, &stmts); err != nil {
		var one map[string]any
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			return "", false, err
		}
		stmts = []map[string]any{one}
	}
	if len(stmts) != len(parsed.Statements) {
		return "", false, errors.New("statement count mismatch")
	}
	var kept []map[string]any
	changed, allows := false, 0
	for i, st := range stmts {
		acts := identity.StatementActions(&parsed.Statements[i])
		if parsed.Statements[i].Effect != policy.EffectAllow {
			kept = append(kept, st)
			continue
		}
		var usedActs []string
		for _, a := range acts {
			if name := a.String(); u.used(a.Service, a.Name, cutoff) && !slices.Contains(usedActs, name) {
				usedActs = append(usedActs, name)
			}
		}
		if len(usedActs) == len(acts) { // all used, or no action the catalog knows: kept as written
			kept, allows = append(kept, st), allows+1
			continue
		}
		changed = true
		if len(usedActs) == 0 {
			continue
		}
		slices.Sort(usedActs)
		delete(st, "NotAction")
		st["Action"] = usedActs
		kept, allows = append(kept, st), allows+1
	}
	if !changed {
		return doc, false, nil
	}
	if allows == 0 {
		return "", true, nil
	}
	out := struct {
		Version   string           `json:"Version,omitempty"`
		ID        string           `json:"Id,omitempty"`
		Statement []map[string]any `json:"Statement"`
	}{raw.Version, raw.ID, kept}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return "", false, err
	}
	return string(bytes.TrimSpace(b.Bytes())), true, nil
}
