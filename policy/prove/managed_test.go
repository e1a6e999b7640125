package prove

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/policy"
)

// AWS managed policies of the largest kind: a policy adds nothing to itself; a FAIL between two
// of them names a request the engine confirms.
func TestManagedPolicies(t *testing.T) {
	t.Parallel()
	ro, vo, sa := managedDoc(t, "ReadOnlyAccess"), managedDoc(t, "job-function/ViewOnlyAccess"), managedDoc(t, "SecurityAudit")
	pairs := []struct {
		name     string
		new, old string
		want     Outcome
	}{
		{"ReadOnlyAccess vs itself", ro, ro, Pass},
		{"ViewOnlyAccess vs itself", vo, vo, Pass},
		{"ReadOnlyAccess vs ViewOnlyAccess", ro, vo, Fail},
		{"SecurityAudit vs ViewOnlyAccess", sa, vo, Fail},
		{"ViewOnlyAccess vs a policy allowing everything", vo, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, Pass},
	}
	for _, p := range pairs {
		res, err := CheckNoNewAccess(p.new, p.old, IdentityPolicy)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if res.Result != p.want {
			t.Errorf("%s: %s, want %s", p.name, res.Result, p.want)
			continue
		}
		if res.Result == Fail {
			if !res.Confirmed {
				t.Errorf("%s: FAIL without a confirmed example", p.name)
				continue
			}
			nd, _ := policy.Parse([]byte(p.new), policy.Identity)
			od, _ := policy.Parse([]byte(p.old), policy.Identity)
			if !allows(nd, res.Example) || allows(od, res.Example) {
				t.Errorf("%s: example %s on %s is not new access", p.name, res.Example.Action, res.Example.Resource)
			}
			t.Logf("%s: e.g. %s on %s; reasons %v", p.name, res.Example.Action, res.Example.Resource, res.Reasons)
		}
	}
	big := managedDoc(t, "aws-service-role/AWSSupportServiceRolePolicy")
	res, err := CheckAccessNotGranted(big, Access{Actions: []string{"iam:CreateAccessKey", "s3:GetObject"}}, IdentityPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if res.Result != Pass {
		t.Errorf("AWSSupportServiceRolePolicy (read-only support access) grants iam:CreateAccessKey or s3:GetObject: %+v", res.Reasons)
	}
}
