package analysis_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/policy/analysis"
)

// TestFindingWireShape checks the JSON of a finding against the ValidatePolicyFinding shape
// of the accessanalyzer model: member names, the PathElement union, Position members.
func TestFindingWireShape(t *testing.T) {
	t.Parallel()
	got, err := analysis.Validate([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"s3:${x}","Resource":"*"}]}`),
		analysis.Options{PolicyType: analysis.IdentityPolicy})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"findingDetails":"Add a value to the empty string in the Sid element.","findingType":"SUGGESTION","issueCode":"EMPTY_SID_VALUE",` +
		`"learnMoreLink":"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-empty-sid-value",` +
		`"locations":[{"path":[{"value":"Statement"},{"index":0},{"value":"Sid"}],"span":{"end":{"column":46,"line":1,"offset":46},"start":{"column":44,"line":1,"offset":44}}}]},` +
		`{"findingDetails":"Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${x} from this element.","findingType":"ERROR","issueCode":"VARIABLE_UNSUPPORTED_IN_ELEMENT",` +
		`"learnMoreLink":"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-variable-unsupported-in-element",` +
		`"locations":[{"path":[{"value":"Statement"},{"index":0},{"value":"Action"},{"substring":{"start":3,"length":4}}],"span":{"end":{"column":81,"line":1,"offset":81},"start":{"column":77,"line":1,"offset":77}}}]}]`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
	var back []analysis.Finding
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, back); diff != "" {
		t.Errorf("round trip (-before +after):\n%s", diff)
	}
}

// TestCheckTable checks the table against the reference's conventions: issue codes in
// upper snake case, one section anchor each, the anchor's prefix naming the finding type.
func TestCheckTable(t *testing.T) {
	t.Parallel()
	code := regexp.MustCompile(`^[A-Z0-9]+(_[A-Z0-9]+)*$`)
	prefix := map[analysis.FindingType]string{analysis.Error: "error-", analysis.SecurityWarning: "security-warning-",
		analysis.Warning: "general-warning-", analysis.Suggestion: "suggestion-"}
	anchors := map[string]string{}
	checks := analysis.Checks()
	if len(checks) < 150 {
		t.Errorf("%d checks, the reference documents more than 150", len(checks))
	}
	for _, c := range checks {
		if !code.MatchString(c.IssueCode) {
			t.Errorf("issue code %q", c.IssueCode)
		}
		if !strings.HasPrefix(c.Anchor, prefix[c.Type]) {
			t.Errorf("%s: anchor %q does not start with %q", c.IssueCode, c.Anchor, prefix[c.Type])
		}
		if other, dup := anchors[c.Anchor]; dup {
			t.Errorf("%s and %s share the anchor %q", c.IssueCode, other, c.Anchor)
		}
		anchors[c.Anchor] = c.IssueCode
		if c.Details == "" {
			t.Errorf("%s has no details", c.IssueCode)
		}
	}
}

func TestBlocking(t *testing.T) {
	t.Parallel()
	for typ, want := range map[analysis.FindingType]bool{analysis.Error: true, analysis.SecurityWarning: true,
		analysis.Warning: false, analysis.Suggestion: false} {
		if typ.Blocking() != want {
			t.Errorf("%s.Blocking() = %v", typ, !want)
		}
	}
}
