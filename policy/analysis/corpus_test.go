package analysis_test

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/policy/analysis"
)

// The corpus states what ValidatePolicy answers for a policy, independently of the code:
// every expected finding was derived from AWS's "IAM policy validation check reference"
// (the section each case cites in "doc") or, for the cases under "aws-response", copied from
// responses the real service returned. Locations are written as the text they cover, so a
// case reads as the policy does; the test turns them into AWS's line/column/offset
// positions with its own counting.

//go:embed testdata/corpus/*.json
var corpusFiles embed.FS

// minCorpusCases is the floor the Access Analyzer issue sets for the corpus.
const minCorpusCases = 150

type corpusCase struct {
	Name string `json:"name"`
	// Doc is the anchor of the reference section the case rests on (after
	// "access-analyzer-reference-policy-checks-"), or "aws-response: <where it was
	// recorded>" for a response of the real service.
	Doc          string          `json:"doc"`
	PolicyType   string          `json:"policyType"`
	ResourceType string          `json:"resourceType"`
	Policy       json.RawMessage `json:"policy"`     // formatted with two-space indentation
	PolicyText   *string         `json:"policyText"` // used byte for byte
	Findings     []corpusFinding `json:"findings"`
}

type corpusFinding struct {
	IssueCode      string           `json:"issueCode"`
	FindingType    string           `json:"findingType"`
	FindingDetails *string          `json:"findingDetails"`
	Locations      []corpusLocation `json:"locations"`
}

type corpusLocation struct {
	// Path is AWS's list of path elements, or the same written as a string: elements
	// separated by " / ", each "[n]" (index), "key(k)" (key), "sub(start,length)"
	// (substring) or a plain name (value).
	Path json.RawMessage `json:"path"`
	// At is the text the span covers ("$root" for the whole document, "$end" for its end);
	// Nth picks the occurrence (1 when 0); Point makes the span empty at the occurrence's
	// start; Block extends it from the occurrence's start (an opening bracket) to the
	// bracket that closes it.
	At    string         `json:"at"`
	Nth   int            `json:"nth"`
	Point bool           `json:"point"`
	Block bool           `json:"block"`
	Span  *analysis.Span `json:"span"` // explicit, instead of At
}

type fileCase struct {
	file string
	corpusCase
}

func loadCorpus(t testing.TB) []fileCase {
	t.Helper()
	entries, err := corpusFiles.ReadDir("testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	var out []fileCase
	names := map[string]bool{}
	for _, e := range entries {
		data, err := corpusFiles.ReadFile(path.Join("testdata/corpus", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var cases []corpusCase
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cases); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		file := strings.TrimSuffix(e.Name(), ".json")
		for _, c := range cases {
			if names[file+"/"+c.Name] {
				t.Errorf("%s: duplicate case name %q", file, c.Name)
			}
			names[file+"/"+c.Name] = true
			out = append(out, fileCase{file, c})
		}
	}
	return out
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	cases := loadCorpus(t)
	if len(cases) < minCorpusCases {
		t.Errorf("corpus has %d cases, want at least %d", len(cases), minCorpusCases)
	}
	for _, c := range cases {
		t.Run(c.file+"/"+c.Name, func(t *testing.T) {
			t.Parallel()
			checkDoc(t, c.Doc)
			text := c.text(t)
			got, err := analysis.Validate(text, analysis.Options{PolicyType: analysis.PolicyType(c.PolicyType),
				ResourceType: analysis.ResourceType(c.ResourceType)})
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			want := c.expected(t, text, got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s\npolicy:\n%s\nrule: %s", diff, text, c.Doc)
			}
		})
	}
}

// TestCorpusCoverage reports the checks no corpus case exercises.
func TestCorpusCoverage(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, c := range loadCorpus(t) {
		for _, f := range c.Findings {
			seen[f.IssueCode] = true
		}
	}
	var missing []string
	for _, ch := range analysis.Checks() {
		if !seen[ch.IssueCode] {
			missing = append(missing, ch.IssueCode)
		}
	}
	sort.Strings(missing)
	t.Logf("%d of %d checks have corpus cases; without: %v", len(analysis.Checks())-len(missing), len(analysis.Checks()), missing)
}

func checkDoc(t *testing.T, doc string) {
	t.Helper()
	if strings.HasPrefix(doc, "aws-response: ") {
		return
	}
	for _, ch := range analysis.Checks() {
		if ch.Anchor == doc {
			return
		}
	}
	t.Errorf("doc %q is neither a section of the check reference nor a recorded AWS response", doc)
}

func (c *corpusCase) text(t testing.TB) []byte {
	t.Helper()
	if c.PolicyText != nil {
		return []byte(*c.PolicyText)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, c.Policy, "", "  "); err != nil {
		t.Fatalf("policy: %v", err)
	}
	return b.Bytes()
}

// expected builds the wanted findings; learnMoreLink is the check's, and findingDetails is
// compared only where the case gives it.
func (c *corpusCase) expected(t *testing.T, text []byte, got []analysis.Finding) []analysis.Finding {
	t.Helper()
	out := []analysis.Finding{}
	for i, f := range c.Findings {
		ch, ok := analysis.LookupCheck(f.IssueCode)
		if !ok {
			t.Fatalf("unknown issue code %q", f.IssueCode)
		}
		w := analysis.Finding{IssueCode: f.IssueCode, FindingType: analysis.FindingType(f.FindingType),
			LearnMoreLink: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-" + ch.Anchor,
			Locations:     []analysis.Location{}}
		switch {
		case f.FindingDetails != nil:
			w.FindingDetails = *f.FindingDetails
		case i < len(got):
			w.FindingDetails = got[i].FindingDetails
		}
		for _, l := range f.Locations {
			w.Locations = append(w.Locations, analysis.Location{Path: l.path(t), Span: l.span(t, text)})
		}
		out = append(out, w)
	}
	return out
}

func (l corpusLocation) path(t *testing.T) []analysis.PathElement {
	t.Helper()
	out := []analysis.PathElement{}
	if len(l.Path) == 0 {
		return out
	}
	var s string
	if err := json.Unmarshal(l.Path, &s); err != nil {
		if err := json.Unmarshal(l.Path, &out); err != nil {
			t.Fatalf("path %s: %v", l.Path, err)
		}
		return out
	}
	if s == "" {
		return out
	}
	for _, e := range strings.Split(s, " / ") {
		var n, m int
		switch {
		case strings.HasPrefix(e, "[") && strings.HasSuffix(e, "]"):
			if _, err := fmt.Sscanf(e, "[%d]", &n); err != nil {
				t.Fatalf("path element %q: %v", e, err)
			}
			out = append(out, analysis.PathElement{Kind: analysis.PathIndex, Index: n})
		case strings.HasPrefix(e, "key(") && strings.HasSuffix(e, ")"):
			out = append(out, analysis.PathElement{Kind: analysis.PathKey, Name: e[4 : len(e)-1]})
		case strings.HasPrefix(e, "sub("):
			if _, err := fmt.Sscanf(e, "sub(%d,%d)", &n, &m); err != nil {
				t.Fatalf("path element %q: %v", e, err)
			}
			out = append(out, analysis.PathElement{Kind: analysis.PathSubstring, Start: n, Length: m})
		default:
			out = append(out, analysis.PathElement{Kind: analysis.PathValue, Name: e})
		}
	}
	return out
}

func (l corpusLocation) span(t *testing.T, text []byte) analysis.Span {
	t.Helper()
	if l.Span != nil {
		return *l.Span
	}
	s := string(text)
	start, end := 0, 0
	switch l.At {
	case "$root":
		start, end = strings.Index(s, "{"), strings.LastIndex(s, "}")+1
	case "$end":
		start, end = len(s), len(s)
	default:
		n, from := max(l.Nth, 1), 0
		for k := 0; k < n; k++ {
			i := strings.Index(s[from:], l.At)
			if i < 0 {
				t.Fatalf("location text %q (occurrence %d) is not in the policy", l.At, n)
			}
			start = from + i
			from = start + 1
		}
		end = start + len(l.At)
		if l.Block {
			end = closing(s, start)
		}
	}
	if l.Point {
		end = start
	}
	return analysis.Span{Start: position(s, start), End: position(s, end)}
}

// closing returns the offset just past the bracket that closes the one at s[start],
// skipping brackets inside strings.
func closing(s string, start int) int {
	depth, inString := 0, false
	for i := start; i < len(s); i++ {
		switch c := s[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// position counts a byte offset as AWS does: line from 1, column and offset from 0, both in
// UTF-16 code units. Corpus policies use LF line breaks only.
func position(s string, off int) analysis.Position {
	before := s[:off]
	line := strings.Count(before, "\n") + 1
	lineStart := strings.LastIndex(before, "\n") + 1
	units := func(x string) int { return len(utf16.Encode([]rune(x))) }
	return analysis.Position{Line: line, Column: units(before[lineStart:]), Offset: units(before)}
}

func (f corpusFinding) String() string { return fmt.Sprintf("%s %s", f.IssueCode, f.FindingType) }
