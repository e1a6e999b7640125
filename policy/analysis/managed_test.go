package analysis_test

import (
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/gatehouse-iam/gatehouse/policy/analysis"
)

// TestManagedPoliciesTheReferenceNames checks the AWS managed policies the check reference
// names under a check ("AWS managed policies with this …"): validated as identity
// policies, each gets a finding of that check. (The reference also names
// AWSGlueConsoleSageMakerNotebookFullAccess for WILDCARD_WITHOUT_LIKE_OPERATOR and
// MISSING_QUALIFIER, and AWSServiceRoleForAmazonEKSNodegroup for
// PASS_ROLE_WITH_STAR_IN_RESOURCE; AWS has since fixed both policies — ForAllValues:StringLike
// on aws:TagKeys, iam:PassedToService on the PassRole statements — and the current versions
// rightly get neither finding.)
func TestManagedPoliciesTheReferenceNames(t *testing.T) {
	t.Parallel()
	named := map[string][]string{
		"CREATE_SLR_WITH_STAR_IN_RESOURCE":            {"PowerUserAccess", "AWSOrganizationsServiceTrustPolicy"},
		"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE": {"AdministratorAccess", "IAMFullAccess"},
		"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA":   {"ReadOnlyAccess", "AWSSupportServiceRolePolicy"},
		"PASS_ROLE_WITH_STAR_IN_RESOURCE":             {"AdministratorAccess-Amplify"},
		"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE":  {"AdministratorAccess", "IAMFullAccess"},
	}
	byName := map[string]*managed.Policy{}
	for _, p := range managed.All() {
		byName[p.Name] = p
	}
	for code, names := range named {
		for _, name := range names {
			p, ok := byName[name]
			if !ok {
				t.Errorf("managed policy %s is not in the catalog", name)
				continue
			}
			findings, err := analysis.Validate([]byte(p.Document), analysis.Options{PolicyType: analysis.IdentityPolicy})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			found := false
			for _, f := range findings {
				got = append(got, f.IssueCode)
				found = found || f.IssueCode == code
			}
			if !found {
				t.Errorf("%s: no %s finding; got %s", name, code, strings.Join(got, ", "))
			}
		}
	}
}

// TestEveryManagedPolicy validates every AWS managed policy: 1,594 real documents of every
// shape, which must never fail the validator or yield a finding without a location.
func TestEveryManagedPolicy(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("short")
	}
	for _, p := range managed.All() {
		findings, err := analysis.Validate([]byte(p.Document), analysis.Options{PolicyType: analysis.IdentityPolicy})
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		for _, f := range findings {
			if f.IssueCode == "JSON_SYNTAX_ERROR" || len(f.Locations) == 0 {
				t.Errorf("%s: %+v", p.Name, f)
			}
		}
	}
}
