package analyzer

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// What the findings operations share: reading an analyzer's findings up to date, filtering,
// sorting and the wire shapes.

// currentFindings syncs the analyzer's findings and returns them, in one transaction; fresh
// ones (an unused access analyzer's between scans) are read in a read transaction, with
// nothing flushed or rescanned.
func (s *Service) currentFindings(ctx context.Context, call *callctx.Call, a *analyzer) ([]*finding, error) {
	var fs []*finding
	var err error
	if s.fresh(a) {
		err = s.store.View(ctx, func(tx store.Tx) (err error) {
			fs, err = loadFindings(ctx, tx, call.Account(), a.Name)
			return err
		})
	} else {
		err = s.update(ctx, func(tx store.Tx) error {
			if err := s.refresh(ctx, tx, call, a); err != nil {
				return err
			}
			if err := saveAnalyzer(ctx, tx, call.Account(), a, s.now()); err != nil {
				return err
			}
			var err error
			fs, err = loadFindings(ctx, tx, call.Account(), a.Name)
			return err
		})
	}
	// A scan analyzed every finding whose access remains, and rewrote only those that changed:
	// the others were analyzed by that scan too (now, for an external access analyzer).
	analyzed := s.now()
	if a.unused() {
		analyzed = a.ScannedAt
	}
	for _, f := range fs {
		if f.Status != statusResolved {
			f.AnalyzedAt = analyzed
		}
	}
	return fs, err
}

// sortKeys are the attributes a ListFindings sort may name, with how they compare.
var sortKeys = map[string]func(a, b *finding) int{
	"id":           func(a, b *finding) int { return strings.Compare(a.ID, b.ID) },
	"resource":     func(a, b *finding) int { return strings.Compare(a.Resource, b.Resource) },
	"resourceType": func(a, b *finding) int { return strings.Compare(a.ResourceType, b.ResourceType) },
	"status":       func(a, b *finding) int { return strings.Compare(a.Status, b.Status) },
	"findingType":  func(a, b *finding) int { return strings.Compare(a.FindingType, b.FindingType) },
	"createdAt":    func(a, b *finding) int { return a.CreatedAt.Compare(b.CreatedAt) },
	"updatedAt":    func(a, b *finding) int { return a.UpdatedAt.Compare(b.UpdatedAt) },
	"analyzedAt":   func(a, b *finding) int { return a.AnalyzedAt.Compare(b.AnalyzedAt) },
	"resourceOwnerAccount": func(a, b *finding) int {
		return strings.Compare(a.ResourceOwnerAccount, b.ResourceOwnerAccount)
	},
}

// selectFindings filters and sorts fs (by ID when no sort is given; ties by ID) and returns
// the scope a page token is bound to.
func selectFindings(fs []*finding, wf map[string]analyzerwire.Criterion, sc *analyzerwire.SortCriteria) ([]*finding, []byte, error) {
	filter, err := filterOf(wf)
	if err != nil {
		return nil, nil, err
	}
	by, desc := sortKeys["id"], false
	if sc != nil && sc.AttributeName != nil {
		if by = sortKeys[*sc.AttributeName]; by == nil {
			return nil, nil, errInvalidInput("sort.attributeName", "Invalid sort attribute: "+*sc.AttributeName)
		}
	}
	if sc != nil && sc.OrderBy != nil {
		desc = *sc.OrderBy == analyzerwire.OrderByDesc
	}
	out := fs[:0:0]
	for _, f := range fs {
		if f.matches(filter) {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b *finding) int {
		c := cmp.Or(by(a, b), strings.Compare(a.ID, b.ID))
		if desc {
			return -c
		}
		return c
	})
	var scope strings.Builder
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range filter {
			if !yield(k) {
				return
			}
		}
	}) {
		c := filter[k]
		scope.WriteString(k + "\x00" + strings.Join(c.Eq, "\x01") + "\x00" + strings.Join(c.Neq, "\x01") + "\x00" + strings.Join(c.Contains, "\x01"))
	}
	if sc != nil && sc.AttributeName != nil {
		scope.WriteString("\x02" + *sc.AttributeName)
	}
	if desc {
		scope.WriteString("\x02desc")
	}
	return out, []byte(scope.String()), nil
}

func (f *finding) summary() analyzerwire.FindingSummary {
	return analyzerwire.FindingSummary(*f.wire())
}

func (f *finding) wire() *analyzerwire.Finding {
	w := &analyzerwire.Finding{Id: f.ID, Principal: f.Principal, Action: f.Action, Resource: &f.Resource,
		IsPublic: new(f.IsPublic), ResourceType: analyzerwire.ResourceType(f.ResourceType), Condition: f.Condition,
		CreatedAt: f.CreatedAt, AnalyzedAt: f.AnalyzedAt, UpdatedAt: f.UpdatedAt, Status: analyzerwire.FindingStatus(f.Status),
		ResourceOwnerAccount: f.ResourceOwnerAccount}
	if w.Condition == nil {
		w.Condition = map[string]string{}
	}
	return w
}

func (f *finding) summaryV2() analyzerwire.FindingSummaryV2 {
	return analyzerwire.FindingSummaryV2{AnalyzedAt: f.AnalyzedAt, CreatedAt: f.CreatedAt, Id: f.ID, Resource: &f.Resource,
		ResourceType: analyzerwire.ResourceType(f.ResourceType), ResourceOwnerAccount: f.ResourceOwnerAccount,
		Status: analyzerwire.FindingStatus(f.Status), UpdatedAt: f.UpdatedAt, FindingType: new(analyzerwire.FindingType(f.FindingType))}
}

func (f *finding) details() []analyzerwire.FindingDetails {
	if f.FindingType != findingExternal {
		return nonNil(f.unusedDetails())
	}
	w := f.wire()
	return []analyzerwire.FindingDetails{{ExternalAccessDetails: &analyzerwire.ExternalAccessDetails{Action: w.Action,
		Condition: w.Condition, IsPublic: w.IsPublic, Principal: w.Principal}}}
}

func errFindingNotFound(id string) error {
	return analyzerwire.ErrResourceNotFoundExceptionWith(analyzerwire.ResourceNotFoundExceptionFields{ResourceId: id,
		ResourceType: "Finding"}, "Finding not found")
}

func findByID(fs []*finding, id string) *finding {
	for _, f := range fs {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// statistics counts an external access analyzer's findings by status, and its ACTIVE ones
// per resource type as public or cross-account.
func statistics(fs []*finding) analyzerwire.FindingsStatistics {
	var active, archived, resolved int32
	types := map[string]analyzerwire.ResourceTypeDetails{}
	for _, f := range fs {
		switch f.Status {
		case statusActive:
			active++
			d := types[f.ResourceType]
			if d.TotalActivePublic == nil {
				d = analyzerwire.ResourceTypeDetails{TotalActivePublic: new(int32(0)), TotalActiveCrossAccount: new(int32(0)),
					TotalActiveErrors: new(int32(0))}
			}
			if f.IsPublic {
				*d.TotalActivePublic++
			} else {
				*d.TotalActiveCrossAccount++
			}
			types[f.ResourceType] = d
		case statusArchived:
			archived++
		case statusResolved:
			resolved++
		}
	}
	return analyzerwire.FindingsStatistics{ExternalAccessFindingsStatistics: &analyzerwire.ExternalAccessFindingsStatistics{
		ResourceTypeStatistics: types, TotalActiveFindings: &active, TotalArchivedFindings: &archived, TotalResolvedFindings: &resolved}}
}

// unusedStatistics counts an unused access analyzer's findings by status, its ACTIVE ones by
// finding type, and the ten accounts with the most ACTIVE ones (an organization analyzer's).
func unusedStatistics(fs []*finding) analyzerwire.FindingsStatistics {
	var active, archived, resolved int32
	byType := map[string]int32{}
	byAccount := map[string]map[string]int32{}
	for _, f := range fs {
		switch f.Status {
		case statusActive:
			active++
			byType[f.FindingType]++
			if byAccount[f.ResourceOwnerAccount] == nil {
				byAccount[f.ResourceOwnerAccount] = map[string]int32{}
			}
			byAccount[f.ResourceOwnerAccount][f.FindingType]++
		case statusArchived:
			archived++
		case statusResolved:
			resolved++
		}
	}
	types := []analyzerwire.UnusedAccessTypeStatistics{}
	for _, t := range slices.Sorted(maps.Keys(byType)) {
		types = append(types, analyzerwire.UnusedAccessTypeStatistics{UnusedAccessType: new(t), Total: new(byType[t])})
	}
	top := []analyzerwire.FindingAggregationAccountDetails{}
	for account, details := range byAccount {
		var n int32
		for _, c := range details {
			n += c
		}
		top = append(top, analyzerwire.FindingAggregationAccountDetails{Account: new(account), NumberOfActiveFindings: new(n), Details: details})
	}
	slices.SortFunc(top, func(a, b analyzerwire.FindingAggregationAccountDetails) int {
		return cmp.Or(cmp.Compare(*b.NumberOfActiveFindings, *a.NumberOfActiveFindings), strings.Compare(*a.Account, *b.Account))
	})
	top = top[:min(len(top), 10)]
	return analyzerwire.FindingsStatistics{UnusedAccessFindingsStatistics: &analyzerwire.UnusedAccessFindingsStatistics{
		UnusedAccessTypeStatistics: types, TopAccounts: top, TotalActiveFindings: &active, TotalArchivedFindings: &archived,
		TotalResolvedFindings: &resolved}}
}
