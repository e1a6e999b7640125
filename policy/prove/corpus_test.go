package prove

import (
	_ "embed"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// testdata/custom-checks.json holds custom-check cases with their proven answers, each citing
// the AWS documentation it rests on (the Access Analyzer API reference and its examples, the
// IAM policy reference pages, the S3 meaning of "public"). One test replays them all.

//go:embed testdata/custom-checks.json
var corpusJSON []byte

type corpusCase struct {
	Name       string          `json:"name"`
	Check      string          `json:"check"`
	PolicyType PolicyType      `json:"policyType"`
	New        json.RawMessage `json:"new"`
	Existing   json.RawMessage `json:"existing"`
	Policy     json.RawMessage `json:"policy"`
	Access     struct {
		Actions   []string `json:"actions"`
		Resources []string `json:"resources"`
	} `json:"access"`
	ResourceType string  `json:"resourceType"`
	Want         Outcome `json:"want"`
	Reasons      []int   `json:"reasons"`
	Source       string  `json:"source"`
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	var cases []corpusCase
	if err := json.Unmarshal(corpusJSON, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 100 {
		t.Fatalf("the corpus has %d cases; it must keep at least 100", len(cases))
	}
	for _, c := range cases {
		if !strings.HasPrefix(c.Source, "https://docs.aws.amazon.com/") {
			t.Errorf("%s: cites no AWS documentation (%q)", c.Name, c.Source)
		}
		var res *Result
		var err error
		switch c.Check {
		case "CheckNoNewAccess":
			res, err = CheckNoNewAccess(string(c.New), string(c.Existing), c.PolicyType)
		case "CheckAccessNotGranted":
			res, err = CheckAccessNotGranted(string(c.Policy), Access{Actions: c.Access.Actions, Resources: c.Access.Resources}, c.PolicyType)
		case "CheckNoPublicAccess":
			res, err = CheckNoPublicAccess(string(c.Policy), c.ResourceType)
		default:
			t.Fatalf("%s: unknown check %q", c.Name, c.Check)
		}
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if res.Result != c.Want {
			t.Errorf("%s (%s): %s, want %s", c.Name, c.Check, res.Result, c.Want)
			continue
		}
		checkReasons(t, c, res)
	}
}

func checkReasons(t *testing.T, c corpusCase, res *Result) {
	t.Helper()
	if res.Result == Pass {
		if len(res.Reasons) != 0 || res.Example != nil {
			t.Errorf("%s: PASS with reasons %v", c.Name, res.Reasons)
		}
		return
	}
	var got []int
	for _, r := range res.Reasons {
		got = append(got, r.StatementIndex)
		ref := "index: "
		if r.StatementID != "" {
			ref = "sid: " + r.StatementID
		}
		if !strings.Contains(r.Description, ref) || !strings.HasSuffix(r.Description, ".") {
			t.Errorf("%s: reason %q does not name its statement as AWS does", c.Name, r.Description)
		}
	}
	if c.Reasons != nil && !slices.Equal(got, c.Reasons) {
		t.Errorf("%s: reasons name statements %v, want %v", c.Name, got, c.Reasons)
	}
	if !res.Confirmed && !strings.Contains(string(c.New)+string(c.Existing)+string(c.Policy), "${") {
		t.Errorf("%s: FAIL without an example the engine confirms", c.Name)
	}
}
