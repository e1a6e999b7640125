package analyzer

import (
	"context"
	"errors"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/policy/analysis"
	"github.com/gatehouse-iam/gatehouse/wire/analyzerwire"
)

// validatePolicy runs the checks of AWS's policy check reference (package policy/analysis).
// The findings are English whatever the locale (the only translation Gatehouse has), and
// are paged by maxResults/nextToken, the token bound to the document and options.
var validatePolicy = &op.Op[*Service, analyzerwire.ValidatePolicyInput, analyzerwire.ValidatePolicyOutput, op.None]{
	Name:   "ValidatePolicy",
	Action: "access-analyzer:ValidatePolicy",
	Handle: func(_ *Service, _ context.Context, r *op.Request[analyzerwire.ValidatePolicyInput, op.None]) (*analyzerwire.ValidatePolicyOutput, error) {
		in := r.In
		opts := analysis.Options{PolicyType: analysis.PolicyType(in.PolicyType)}
		if in.ValidatePolicyResourceType != nil {
			opts.ResourceType = analysis.ResourceType(*in.ValidatePolicyResourceType)
		}
		findings, err := analysis.Validate([]byte(in.PolicyDocument), opts)
		var ie *analysis.InputError
		if errors.As(err, &ie) {
			return nil, errInvalidInput(ie.Field, ie.Message)
		}
		if err != nil {
			return nil, err
		}
		scope := []byte(string(in.PolicyType) + "\x00" + string(opts.ResourceType) + "\x00" + in.PolicyDocument)
		findings, next, err := page(findings, scope, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		out := &analyzerwire.ValidatePolicyOutput{Findings: make([]analyzerwire.ValidatePolicyFinding, len(findings)), NextToken: next}
		for i, f := range findings {
			out.Findings[i] = wireFinding(f)
		}
		return out, nil
	},
}

func wireFinding(f analysis.Finding) analyzerwire.ValidatePolicyFinding {
	w := analyzerwire.ValidatePolicyFinding{FindingDetails: f.FindingDetails,
		FindingType: analyzerwire.ValidatePolicyFindingType(f.FindingType), IssueCode: f.IssueCode,
		LearnMoreLink: f.LearnMoreLink, Locations: make([]analyzerwire.Location, len(f.Locations))}
	for i, l := range f.Locations {
		loc := analyzerwire.Location{Path: make([]analyzerwire.PathElement, len(l.Path)),
			Span: analyzerwire.Span{Start: wirePosition(l.Span.Start), End: wirePosition(l.Span.End)}}
		for j, e := range l.Path {
			loc.Path[j] = wirePathElement(e)
		}
		w.Locations[i] = loc
	}
	return w
}

func wirePosition(p analysis.Position) analyzerwire.Position {
	return analyzerwire.Position{Line: int32(p.Line), Column: int32(p.Column), Offset: int32(p.Offset)}
}

func wirePathElement(e analysis.PathElement) analyzerwire.PathElement {
	switch e.Kind {
	case analysis.PathKey:
		return analyzerwire.PathElement{Key: &e.Name}
	case analysis.PathIndex:
		i := int32(e.Index)
		return analyzerwire.PathElement{Index: &i}
	case analysis.PathSubstring:
		return analyzerwire.PathElement{Substring: &analyzerwire.Substring{Start: int32(e.Start), Length: int32(e.Length)}}
	}
	return analyzerwire.PathElement{Value: &e.Name}
}
