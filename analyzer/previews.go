package analyzer

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// Access previews (CreateAccessPreview, GetAccessPreview, ListAccessPreviews,
// ListAccessPreviewFindings): the external access findings an external access analyzer would
// have if proposed resource policies were in force, each compared with the analyzer's
// current findings: NEW (no current finding for that access), UNCHANGED (the same access,
// keeping its status), CHANGED (the same principal with other actions or conditions, or
// access that would go away: status RESOLVED). New access an archive rule matches is
// ARCHIVED, as it would be. Gatehouse holds one resource type a preview can propose a policy
// for, IAM roles' trust policies; the preview is computed within CreateAccessPreview, so it is
// COMPLETED (or FAILED with INVALID_CONFIGURATION for a trust policy that does not parse)
// when its ID is returned, and kept as a snapshot.

// preview is an access preview as stored (store.AnalyzerPreview Body).
type preview struct {
	ID             string
	AnalyzerARN    string
	ClientToken    string `json:",omitempty"`
	Configurations map[string]analyzerwire.Configuration
	CreatedAt      time.Time
	Status         analyzerwire.AccessPreviewStatus
	Reason         analyzerwire.AccessPreviewStatusReasonCode `json:",omitempty"`
	Findings       []previewFinding
}

// previewFinding is one finding of a preview: the finding as it would be, and how it
// compares with the current one.
type previewFinding struct {
	finding
	PreviewID      string
	ChangeType     analyzerwire.FindingChangeType
	ExistingStatus string `json:",omitempty"`
	Existing       bool
}

func (p *preview) summary() analyzerwire.AccessPreviewSummary {
	s := analyzerwire.AccessPreviewSummary{Id: p.ID, AnalyzerArn: p.AnalyzerARN, CreatedAt: p.CreatedAt, Status: p.Status}
	if p.Reason != "" {
		s.StatusReason = &analyzerwire.AccessPreviewStatusReason{Code: p.Reason}
	}
	return s
}

func (pf *previewFinding) wire() analyzerwire.AccessPreviewFinding {
	w := analyzerwire.AccessPreviewFinding{Id: pf.PreviewID, Principal: pf.Principal, Action: pf.Action, Condition: pf.Condition,
		Resource: &pf.Resource, IsPublic: new(pf.IsPublic), ResourceType: analyzerwire.ResourceType(pf.ResourceType),
		CreatedAt: pf.CreatedAt, ChangeType: pf.ChangeType, Status: analyzerwire.FindingStatus(pf.Status),
		ResourceOwnerAccount: pf.ResourceOwnerAccount}
	if pf.Existing {
		w.ExistingFindingId = &pf.ID
		w.ExistingFindingStatus = new(analyzerwire.FindingStatus(pf.ExistingStatus))
	}
	if w.Condition == nil {
		w.Condition = map[string]string{}
	}
	return w
}

// previewKeys are the filter keys of ListAccessPreviewFindings beyond the findings' own.
var previewKeys = []string{"changeType", "existingFindingId", "existingFindingStatus"}

func (pf *previewFinding) fields() map[string][]string {
	m := pf.finding.fields()
	m["changeType"] = []string{string(pf.ChangeType)}
	if pf.Existing {
		m["existingFindingId"], m["existingFindingStatus"] = []string{pf.ID}, []string{pf.ExistingStatus}
	}
	return m
}

var createAccessPreview = &op.Op[*Service, analyzerwire.CreateAccessPreviewInput, analyzerwire.CreateAccessPreviewOutput, *analyzer]{
	Name:    "CreateAccessPreview",
	Action:  "access-analyzer:CreateAccessPreview",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.CreateAccessPreviewInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.CreateAccessPreviewInput, *analyzer]) (*analyzerwire.CreateAccessPreviewOutput, error) {
		a := r.Entity()
		if !a.external() {
			return nil, errInvalidInput("analyzerArn", "Access previews are available for external access analyzers only.")
		}
		if err := checkConfigurations(r.Call, r.In.Configurations); err != nil {
			return nil, err
		}
		p := &preview{ID: newID(), AnalyzerARN: a.ARN, ClientToken: deref(r.In.ClientToken), Configurations: r.In.Configurations,
			CreatedAt: s.now(), Status: analyzerwire.AccessPreviewStatusCompleted, Findings: []previewFinding{}}
		err := s.update(ctx, func(tx store.Tx) error {
			if err := s.sync(ctx, tx, r.Call, a); err != nil {
				return err
			}
			if prior, err := previewByToken(ctx, tx, r.Account(), a.Name, p.ClientToken); prior != nil || err != nil {
				p = prior
				return err
			}
			current, err := loadFindings(ctx, tx, r.Account(), a.Name)
			if err != nil {
				return err
			}
			rules, err := loadRules(ctx, tx, r.Account(), a.Name)
			if err != nil {
				return err
			}
			z, err := zoneOf(ctx, tx, r.Account(), a.Type)
			if err != nil {
				return err
			}
			p.compute(r.Account(), a.Name, z, current, rules)
			body, err := json.Marshal(p)
			if err != nil {
				return err
			}
			return tx.Analyzers().Create(ctx, store.AnalyzerPreview, store.AnalyzerRecord{AccountID: r.Account(), Analyzer: a.Name,
				Name: p.ID, Created: p.CreatedAt, Updated: p.CreatedAt, Body: body})
		})
		if err != nil {
			return nil, err
		}
		return &analyzerwire.CreateAccessPreviewOutput{Id: p.ID}, nil
	},
}

// checkConfigurations accepts IAM role configurations for roles of the caller's account.
func checkConfigurations(call *callctx.Call, cs map[string]analyzerwire.Configuration) error {
	if len(cs) == 0 {
		return errInvalidInput("configurations", "Specify at least one resource configuration.")
	}
	prefix := "arn:" + partition(call) + ":iam::" + call.Account() + ":role/"
	for res, c := range cs {
		if c.IamRole == nil {
			return errInvalidInput("configurations", "Gatehouse previews access for IAM roles only; "+res+" is configured as "+
				c.UnionMember()+".")
		}
		if !strings.HasPrefix(res, prefix) || len(res) == len(prefix) {
			return errInvalidInput("configurations", "The resource ARN "+res+" is not an IAM role of account "+call.Account()+".")
		}
	}
	return nil
}

// compute fills the preview's findings: the proposed trust policies' external access
// against the analyzer's current findings of the same roles.
func (p *preview) compute(account, analyzerName string, z *zone, current []*finding, rules []*rule) {
	for _, res := range slices.Sorted(maps.Keys(p.Configurations)) {
		proposed := map[string]*finding{}
		if tp := p.Configurations[res].IamRole.TrustPolicy; tp != nil {
			if _, err := policy.Parse([]byte(*tp), policy.RoleTrust); err != nil {
				p.Status, p.Reason, p.Findings = analyzerwire.AccessPreviewStatusFailed,
					analyzerwire.AccessPreviewStatusReasonCodeInvalidConfiguration, []previewFinding{}
				return
			}
			for _, f := range roleFindings(store.Role{AccountID: account, ARN: res, TrustPolicy: *tp}, analyzerName, z) {
				proposed[f.ID] = f
			}
		}
		for _, old := range current {
			if old.Resource != res || old.Status == statusResolved {
				continue
			}
			pf := previewFinding{finding: *old, ChangeType: analyzerwire.FindingChangeTypeChanged, ExistingStatus: old.Status, Existing: true}
			if f, ok := proposed[old.ID]; !ok {
				pf.Status = statusResolved
			} else if sameAccess(f, old) {
				pf.ChangeType = analyzerwire.FindingChangeTypeUnchanged
			} else {
				pf.Principal, pf.Action, pf.Condition, pf.IsPublic = f.Principal, f.Action, f.Condition, f.IsPublic
			}
			delete(proposed, old.ID)
			p.add(pf)
		}
		for _, id := range slices.Sorted(maps.Keys(proposed)) {
			f := proposed[id]
			f.Status = statusActive
			archiveIfMatched(f, rules)
			p.add(previewFinding{finding: *f, ChangeType: analyzerwire.FindingChangeTypeNew})
		}
	}
}

func (p *preview) add(pf previewFinding) {
	pf.PreviewID, pf.CreatedAt = findingID(p.ID, pf.ID), p.CreatedAt
	p.Findings = append(p.Findings, pf)
}

func sameAccess(a, b *finding) bool {
	return slices.Equal(a.Action, b.Action) && maps.Equal(a.Condition, b.Condition) && a.IsPublic == b.IsPublic
}

func loadPreviews(ctx context.Context, tx store.Tx, account, analyzerName string) ([]*preview, error) {
	recs, err := tx.Analyzers().List(ctx, store.AnalyzerPreview, account, analyzerName)
	if err != nil {
		return nil, err
	}
	out := make([]*preview, 0, len(recs))
	for _, rec := range recs {
		p := &preview{}
		if err := json.Unmarshal(rec.Body, p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b *preview) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

func previewByToken(ctx context.Context, tx store.Tx, account, analyzerName, token string) (*preview, error) {
	if token == "" {
		return nil, nil
	}
	ps, err := loadPreviews(ctx, tx, account, analyzerName)
	for _, p := range ps {
		if p.ClientToken == token {
			return p, nil
		}
	}
	return nil, err
}

// loadPreview reads one preview of the analyzer; missing, ResourceNotFoundException.
func (s *Service) loadPreview(ctx context.Context, account string, a *analyzer, id string) (*preview, error) {
	var rec store.AnalyzerRecord
	err := s.store.View(ctx, func(tx store.Tx) (err error) {
		rec, err = tx.Analyzers().Get(ctx, store.AnalyzerPreview, account, a.Name, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, analyzerwire.ErrResourceNotFoundExceptionWith(analyzerwire.ResourceNotFoundExceptionFields{ResourceId: id,
			ResourceType: "AccessPreview"}, "Access preview not found")
	}
	if err != nil {
		return nil, err
	}
	p := &preview{}
	return p, json.Unmarshal(rec.Body, p)
}

var getAccessPreview = &op.Op[*Service, analyzerwire.GetAccessPreviewInput, analyzerwire.GetAccessPreviewOutput, *analyzer]{
	Name:    "GetAccessPreview",
	Action:  "access-analyzer:GetAccessPreview",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.GetAccessPreviewInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.GetAccessPreviewInput, *analyzer]) (*analyzerwire.GetAccessPreviewOutput, error) {
		p, err := s.loadPreview(ctx, r.Account(), r.Entity(), r.In.AccessPreviewId)
		if err != nil {
			return nil, err
		}
		sum := p.summary()
		return &analyzerwire.GetAccessPreviewOutput{AccessPreview: analyzerwire.AccessPreview{Id: sum.Id, AnalyzerArn: sum.AnalyzerArn,
			Configurations: p.Configurations, CreatedAt: sum.CreatedAt, Status: sum.Status, StatusReason: sum.StatusReason}}, nil
	},
}

var listAccessPreviews = &op.Op[*Service, analyzerwire.ListAccessPreviewsInput, analyzerwire.ListAccessPreviewsOutput, *analyzer]{
	Name:    "ListAccessPreviews",
	Action:  "access-analyzer:ListAccessPreviews",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.ListAccessPreviewsInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ListAccessPreviewsInput, *analyzer]) (*analyzerwire.ListAccessPreviewsOutput, error) {
		var ps []*preview
		err := s.store.View(ctx, func(tx store.Tx) (err error) {
			ps, err = loadPreviews(ctx, tx, r.Account(), r.Entity().Name)
			return err
		})
		if err != nil {
			return nil, err
		}
		out := make([]analyzerwire.AccessPreviewSummary, len(ps))
		for i, p := range ps {
			out[i] = p.summary()
		}
		out, next, err := page(out, []byte("previews\x00"+r.Entity().ARN), r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ListAccessPreviewsOutput{AccessPreviews: nonNil(out), NextToken: next}, nil
	},
}

var listAccessPreviewFindings = &op.Op[*Service, analyzerwire.ListAccessPreviewFindingsInput, analyzerwire.ListAccessPreviewFindingsOutput, *analyzer]{
	Name:    "ListAccessPreviewFindings",
	Action:  "access-analyzer:ListAccessPreviewFindings",
	Resolve: findAnalyzerByARN(func(in *analyzerwire.ListAccessPreviewFindingsInput) string { return in.AnalyzerArn }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[analyzerwire.ListAccessPreviewFindingsInput, *analyzer]) (*analyzerwire.ListAccessPreviewFindingsOutput, error) {
		p, err := s.loadPreview(ctx, r.Account(), r.Entity(), r.In.AccessPreviewId)
		if err != nil {
			return nil, err
		}
		filter := map[string]criterion{}
		own := map[string]criterion{}
		for k, c := range r.In.Filter {
			if slices.Contains(previewKeys, k) {
				own[k] = criterion(c)
			} else {
				filter[k] = criterion(c)
			}
		}
		if err := checkFilter(filter); err != nil {
			return nil, err
		}
		maps.Copy(filter, own)
		out := []analyzerwire.AccessPreviewFinding{}
		var scope strings.Builder
		scope.WriteString("preview\x00" + p.ID)
		for _, k := range slices.Sorted(maps.Keys(filter)) {
			c := filter[k]
			scope.WriteString("\x00" + k + "\x01" + strings.Join(c.Eq, "\x02") + "\x01" + strings.Join(c.Neq, "\x02") + "\x01" + strings.Join(c.Contains, "\x02"))
		}
		for i := range p.Findings {
			if matchFields(p.Findings[i].fields(), filter) {
				out = append(out, p.Findings[i].wire())
			}
		}
		out, next, err := page(out, []byte(scope.String()), r.In.NextToken, r.In.MaxResults)
		if err != nil {
			return nil, err
		}
		return &analyzerwire.ListAccessPreviewFindingsOutput{Findings: nonNil(out), NextToken: next}, nil
	},
}
