package console

import (
	"net/http"
	"strings"
	"unicode/utf16"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/policy/analysis"
)

// The policy editor checks a document with Access Analyzer's ValidatePolicy checks
// (policy/analysis) as the signed-in principal, which needs access-analyzer:ValidatePolicy as on
// AWS. The page works without JavaScript (the form posts and the page comes back with the
// findings); the script posts the document as it is typed and replaces the findings with the
// fragment the server renders.

func (c *Console) validateRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/validate", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.render(w, r, http.StatusOK, "validate", &view{Title: "Policy editor", Section: "validate",
			Data: &validation{Document: sampleDocument, PolicyType: string(analysis.IdentityPolicy)}})
	}))
	m.HandleFunc("POST "+Prefix+"/validate", c.signedIn(c.validate))
}

const sampleDocument = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*"
    }
  ]
}`

// validation is the editor's state: the document, its type, the findings and the document cut
// into segments, those under a finding marked.
type validation struct {
	Document   string
	PolicyType string
	Findings   []analysis.Finding
	Segments   []segment
	Checked    bool
}

// segment is a run of the document's text; Level is "" or the type of the most severe finding
// over it, Title those findings' details.
type segment struct {
	Text, Level, Title string
}

func (c *Console) validate(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostForm
	d := &validation{Document: f.Get("PolicyDocument"), PolicyType: f.Get("policyType")}
	if d.PolicyType == "" {
		d.PolicyType = string(analysis.IdentityPolicy)
	}
	if f.Get("policyType") == "trust" {
		d.PolicyType = string(analysis.ResourcePolicy)
	}
	v := &view{Title: "Policy editor", Section: "validate", Data: d}
	call := callctxOf(c, r, s)
	err := c.cfg.Node.Authz.Authorize(r.Context(), call, authz.Request{Action: "access-analyzer:ValidatePolicy", Resource: "*"})
	if err == nil {
		opts := analysis.Options{PolicyType: analysis.PolicyType(d.PolicyType)}
		if f.Get("policyType") == "trust" {
			opts.ResourceType = analysis.IAMAssumeRolePolicyDoc
		}
		d.Findings, err = analysis.Validate([]byte(d.Document), opts)
	}
	if err != nil {
		if e, ok := err.(*analysis.InputError); ok {
			v.Error, v.ErrorCode = e.Message, "ValidationException"
			c.render(w, r, http.StatusBadRequest, "validate", v)
			return
		}
		c.failed(w, r, "validate", v, err)
		return
	}
	d.Checked, d.Segments = true, annotate(d.Document, d.Findings)
	if r.Header.Get("X-Console-Fragment") == "findings" {
		c.fragment(w, r, "validate", "findings", d)
		return
	}
	c.render(w, r, http.StatusOK, "validate", v)
}

// severity orders finding types, most severe last.
var severity = map[analysis.FindingType]int{analysis.Suggestion: 1, analysis.Warning: 2, analysis.SecurityWarning: 3,
	analysis.Error: 4}

// annotate cuts doc into segments at the findings' spans (UTF-16 offsets, as AWS counts).
func annotate(doc string, findings []analysis.Finding) []segment {
	units := utf16.Encode([]rune(doc))
	level := make([]int, len(units)+1)
	owner := make([]int, len(units)+1) // the finding that set the level, +1
	for i, f := range findings {
		for _, loc := range f.Locations {
			start, end := loc.Span.Start.Offset, loc.Span.End.Offset
			if end <= start {
				end = start + 1
			}
			for k := max(start, 0); k < min(end, len(units)); k++ {
				if severity[f.FindingType] > level[k] {
					level[k], owner[k] = severity[f.FindingType], i+1
				}
			}
		}
	}
	var out []segment
	for start := 0; start < len(units); {
		end := start + 1
		for end < len(units) && level[end] == level[start] && owner[end] == owner[start] {
			end++
		}
		seg := segment{Text: string(utf16.Decode(units[start:end]))}
		if o := owner[start]; o > 0 {
			f := findings[o-1]
			seg.Level, seg.Title = strings.ToLower(string(f.FindingType)), f.IssueCode+": "+f.FindingDetails
		}
		out = append(out, seg)
		start = end
	}
	return out
}
