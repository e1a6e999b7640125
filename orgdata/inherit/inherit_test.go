package inherit

import (
	"encoding/json"
	"reflect"
	"testing"
)

func effective(t *testing.T, levels ...[]Policy) (any, []Problem) {
	t.Helper()
	doc, problems, err := Effective(levels)
	if err != nil {
		t.Fatal(err)
	}
	if doc == "" {
		return nil, problems
	}
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	return v, problems
}

func want(t *testing.T, got any, doc string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(doc), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, w) {
		g, _ := json.Marshal(got)
		t.Errorf("effective policy %s, want %s", g, doc)
	}
}

// The tag policy of the root assigns a key and values; the OU appends a value and the account
// removes one: the effective policy is the values without the operators.
func TestAssignAppendRemove(t *testing.T) {
	root := []Policy{{ID: "p-root", Content: `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100","200"]}}}}`}}
	ou := []Policy{{ID: "p-ou", Content: `{"tags":{"costcenter":{"tag_value":{"@@append":["300"]}}}}`}}
	acct := []Policy{{ID: "p-acct", Content: `{"tags":{"costcenter":{"tag_value":{"@@remove":["100"]}},"project":{"tag_key":{"@@assign":"Project"}}}}`}}
	got, problems := effective(t, root, ou, acct)
	want(t, got, `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["200","300"]},"project":{"tag_key":"Project"}}}`)
	if len(problems) != 0 {
		t.Errorf("problems %+v", problems)
	}
	// A child's @@assign overwrites what it inherits.
	got, _ = effective(t, root, []Policy{{ID: "p-ou", Content: `{"tags":{"costcenter":{"tag_value":{"@@assign":["999"]}}}}`}})
	want(t, got, `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["999"]}}}`)
}

// @@operators_allowed_for_child_policies: ["@@none"] locks a setting and everything under it
// for the levels below (not for the policy's own level), and a lower level cannot widen it.
func TestChildControl(t *testing.T) {
	root := []Policy{{ID: "p-root", Content: `{"tags":{"costcenter":{"@@operators_allowed_for_child_policies":["@@none"],
		"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100"]}}}}`}}
	ou := []Policy{{ID: "p-ou", Content: `{"tags":{"costcenter":{"@@operators_allowed_for_child_policies":["@@all"],"tag_value":{"@@append":["300"]}},
		"other":{"tag_key":{"@@assign":"Other"}}}}`}}
	acct := []Policy{{ID: "p-acct", Content: `{"tags":{"costcenter":{"tag_key":{"@@assign":"Changed"}}}}`}}
	got, problems := effective(t, root, ou, acct)
	want(t, got, `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["100"]},"other":{"tag_key":"Other"}}}`)
	if len(problems) != 2 || problems[0].Code != "OPERATOR_NOT_ALLOWED" || problems[0].Path != "tags.costcenter.tag_value" ||
		!reflect.DeepEqual(problems[0].Policies, []string{"p-root", "p-ou"}) {
		t.Errorf("problems %+v", problems)
	}
	// Only @@append allowed: the child appends, its @@assign is ignored.
	root = []Policy{{ID: "p-root", Content: `{"regions":{"@@operators_allowed_for_child_policies":["@@append"],"@@assign":["us-east-1"]}}`}}
	got, problems = effective(t, root, []Policy{{ID: "a", Content: `{"regions":{"@@append":["eu-west-1"]}}`}, {ID: "b", Content: `{"regions":{"@@assign":["ap-south-1"]}}`}})
	want(t, got, `{"regions":["us-east-1","eu-west-1"]}`)
	if len(problems) != 1 || problems[0].Policies[len(problems[0].Policies)-1] != "b" {
		t.Errorf("problems %+v", problems)
	}
}

// @@append on a single value is a validation problem; no policy at all is no effective policy.
func TestProblemsAndNone(t *testing.T) {
	got, problems := effective(t, []Policy{{ID: "p1", Content: `{"opt_out_policy":{"@@assign":"optOut"}}`}},
		[]Policy{{ID: "p2", Content: `{"opt_out_policy":{"@@append":["optIn"]}}`}})
	want(t, got, `{"opt_out_policy":"optOut"}`)
	if len(problems) != 1 || problems[0].Code != "NOT_MULTI_VALUED" {
		t.Errorf("problems %+v", problems)
	}
	if got, _ := effective(t, nil, nil); got != nil {
		t.Errorf("no policies: %v", got)
	}
	if _, _, err := Effective([][]Policy{{{ID: "bad", Content: "{"}}}); err == nil {
		t.Error("a policy that is not JSON merged")
	}
}
