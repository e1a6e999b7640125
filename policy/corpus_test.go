package policy_test

import (
	"bytes"
	"embed"
	"encoding/json"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gatehouse-iam/gatehouse/policy/policyfile"
)

// The corpus is an independent statement of AWS's evaluation behaviour: every
// expected answer was derived from the AWS documentation and
// evaluation-semantics.md, never from the engine. Each case names the
// documentation section it rests on, so a failure points at the rule.

//go:embed testdata/corpus/*.json
var corpusFiles embed.FS

// minCorpusCases is the floor set by the policy-engine issue for the corpus size.
const minCorpusCases = 250

// corpusCase is one entry of a testdata/corpus/*.json file.
type corpusCase struct {
	Name    string          `json:"name"`
	Doc     string          `json:"doc"`
	Request json.RawMessage `json:"request"` // passed to policyfile.Evaluate byte for byte
	Expect  corpusExpect    `json:"expect"`
}

// corpusExpect holds either an evaluation result or, for documents AWS would
// reject, a substring of the error.
type corpusExpect struct {
	Decision          string                        `json:"decision"`
	MatchedStatements []policyfile.MatchedStatement `json:"matchedStatements"`
	// MissingContextKeys is compared (case-insensitively, as a set) only when
	// the case gives it, so it is a pointer: absent and [] mean different things.
	MissingContextKeys *[]string `json:"missingContextKeys"`
	Error              string    `json:"error"`
}

// outcome is the part of policyfile.Output compared exactly.
type outcome struct {
	Decision          string
	MatchedStatements []policyfile.MatchedStatement
}

type fileCase struct {
	file string // file name without .json
	corpusCase
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
			got, err := policyfile.Evaluate(c.Request)
			if c.Expect.Error != "" {
				if err == nil {
					t.Fatalf("Evaluate() = %+v, want an error containing %q\nrule: %s", got, c.Expect.Error, c.Doc)
				}
				if !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.Expect.Error)) {
					t.Fatalf("Evaluate() error = %q, want it to contain %q\nrule: %s", err, c.Expect.Error, c.Doc)
				}
				return
			}
			if err != nil {
				t.Fatalf("Evaluate() error = %v\nrule: %s", err, c.Doc)
			}
			want := outcome{Decision: c.Expect.Decision, MatchedStatements: c.Expect.MatchedStatements}
			have := outcome{Decision: got.Decision, MatchedStatements: got.MatchedStatements}
			if diff := cmp.Diff(want, have, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Evaluate() mismatch (-want +got):\n%s\nrule: %s", diff, c.Doc)
			}
			if c.Expect.MissingContextKeys != nil {
				wantKeys, gotKeys := foldedSet(*c.Expect.MissingContextKeys), foldedSet(got.MissingContextKeys)
				if diff := cmp.Diff(wantKeys, gotKeys, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("missingContextKeys mismatch (-want +got):\n%s\nrule: %s", diff, c.Doc)
				}
			}
		})
	}
}

// loadCorpus reads every corpus file and checks the corpus's own invariants:
// unique names, a cited rule for every case, and exactly one kind of expectation.
func loadCorpus(t *testing.T) []fileCase {
	t.Helper()
	names, err := corpusFiles.ReadDir("testdata/corpus")
	if err != nil {
		t.Fatalf("reading corpus directory: %v", err)
	}
	var all []fileCase
	seen := map[string]string{}
	for _, entry := range names {
		file := strings.TrimSuffix(entry.Name(), ".json")
		data, err := corpusFiles.ReadFile(path.Join("testdata/corpus", entry.Name()))
		if err != nil {
			t.Fatalf("reading %s: %v", entry.Name(), err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var cases []corpusCase
		if err := dec.Decode(&cases); err != nil {
			t.Fatalf("decoding %s: %v", entry.Name(), err)
		}
		for i, c := range cases {
			switch {
			case c.Name == "":
				t.Errorf("%s: case %d has no name", entry.Name(), i)
			case seen[c.Name] != "":
				t.Errorf("%s: case name %q already used in %s", entry.Name(), c.Name, seen[c.Name])
			}
			seen[c.Name] = entry.Name()
			if !citesRule(c.Doc) {
				t.Errorf("%s/%s: doc %q cites no AWS page or spec section", file, c.Name, c.Doc)
			}
			if len(c.Request) == 0 {
				t.Errorf("%s/%s: no request", file, c.Name)
			}
			if (c.Expect.Error == "") == (c.Expect.Decision == "") {
				t.Errorf("%s/%s: expect needs exactly one of decision and error", file, c.Name)
			}
			if d := c.Expect.Decision; d != "" && !slices.Contains([]string{"Allow", "ExplicitDeny", "ImplicitDeny"}, d) {
				t.Errorf("%s/%s: unknown decision %q", file, c.Name, d)
			}
			all = append(all, fileCase{file: file, corpusCase: c})
		}
	}
	return all
}

// citesRule reports whether a doc string names an AWS documentation page or a
// section of the evaluation specification.
func citesRule(doc string) bool {
	return strings.Contains(doc, "https://docs.aws.amazon.com/") || strings.Contains(doc, "evaluation-semantics.md")
}

// foldedSet lower-cases, sorts and de-duplicates keys: context key names are
// case-insensitive, and the order of missing keys is not part of the contract
// this corpus checks.
func foldedSet(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, strings.ToLower(k))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
