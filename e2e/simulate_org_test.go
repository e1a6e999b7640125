package e2e

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// simulateResults is the part of simulate-principal-policy's and simulate-custom-policy's
// output the simulator tests read.
type simulateResults struct {
	EvaluationResults []struct {
		EvalActionName              string
		EvalDecision                string
		OrganizationsDecisionDetail *struct{ AllowedByOrganizations bool }
	}
}

// decision is one action's result: its EvalDecision, and its AllowedByOrganizations ("none"
// without OrganizationsDecisionDetail).
func (r simulateResults) decision(action string) (string, string) {
	for _, e := range r.EvaluationResults {
		if e.EvalActionName != action {
			continue
		}
		switch {
		case e.OrganizationsDecisionDetail == nil:
			return e.EvalDecision, "none"
		case e.OrganizationsDecisionDetail.AllowedByOrganizations:
			return e.EvalDecision, "true"
		}
		return e.EvalDecision, "false"
	}
	return "missing", "missing"
}

// TestSimulatorOrganizationsCLI: the aws CLI runs the simulator with organization policies.
// The installed botocore (1.43.11) predates the IAM model that has
// OrderedOrganizationPolicyInputList and PolicyExclusionList, so the CLI reads the pinned
// models (wire/models, botocore 1.43.67's IAM model) through AWS_DATA_PATH, as a newer CLI
// carries them. A member account's role is simulated under its OU's SCP (denied, and allowed
// once PolicyExclusionList leaves the SCPs out; implicitly denied without its AWS managed
// policy), and simulate-custom-policy applies an SCP chain given level by level.
func TestSimulatorOrganizationsCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	models, err := filepath.Abs(filepath.Join("..", "wire", "models"))
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--endpoint-url", s.url, "--region", region, "--output", "json"}
	cli := func(c creds, extra []string, cmd ...string) cliResult {
		t.Helper()
		return s.runCLI(t, s.cliEnv(t, c, append(extra, "AWS_DATA_PATH="+models)...), append(append([]string{}, args...), cmd...)...)
	}

	s.aws(t, s.root, "organizations", "create-organization", "--feature-set", "ALL").must(t)
	var roots struct{ Roots []struct{ Id string } }
	s.aws(t, s.root, "organizations", "list-roots").decode(t, &roots)
	root := roots.Roots[0].Id
	var ou struct{ OrganizationalUnit struct{ Id string } }
	s.aws(t, s.root, "organizations", "create-organizational-unit", "--parent-id", root, "--name", "sandbox").decode(t, &ou)
	var created struct{ CreateAccountStatus struct{ AccountId string } }
	s.aws(t, s.root, "organizations", "create-account", "--account-name", "sandbox", "--email", "sim@example.com").decode(t, &created)
	member := created.CreateAccountStatus.AccountId
	s.aws(t, s.root, "organizations", "move-account", "--account-id", member, "--source-parent-id", root,
		"--destination-parent-id", ou.OrganizationalUnit.Id).must(t)
	s.aws(t, s.root, "organizations", "enable-policy-type", "--root-id", root, "--policy-type", "SERVICE_CONTROL_POLICY").must(t)
	var policy struct {
		Policy struct{ PolicySummary struct{ Id string } }
	}
	s.aws(t, s.root, "organizations", "create-policy", "--name", "no-users", "--description", "no IAM users", "--type",
		"SERVICE_CONTROL_POLICY", "--content", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}`).decode(t, &policy)
	s.aws(t, s.root, "organizations", "attach-policy", "--policy-id", policy.Policy.PolicySummary.Id, "--target-id", ou.OrganizationalUnit.Id).must(t)

	s.createUser(t, "platform", "")
	s.putUserPolicy(t, "platform", "all", allow("*", "*"))
	admin := s.createAccessKey(t, "platform")
	var assumed struct {
		Credentials struct{ AccessKeyId, SecretAccessKey, SessionToken string }
	}
	roleARN := "arn:aws:iam::" + member + ":role/OrganizationAccountAccessRole"
	s.aws(t, admin, "sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "sim").decode(t, &assumed)
	c := assumed.Credentials
	s.secrets.add(c.SecretAccessKey)
	session := creds{AccessKeyID: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey}
	token := []string{"AWS_SESSION_TOKEN=" + c.SessionToken}

	for _, tc := range []struct {
		name, exclude                      string
		createUser, byOrg, listUsers, list string
	}{
		{"the OU's SCP denies", "", "explicitDeny", "false", "allowed", "true"},
		{"the SCPs left out", `[{"PolicyType":"scp"}]`, "allowed", "none", "allowed", "none"},
		{"AdministratorAccess left out", `[{"PolicyArn":"arn:aws:iam::aws:policy/Administrator*"}]`, "explicitDeny", "false", "implicitDeny", "true"},
	} {
		cmd := []string{"iam", "simulate-principal-policy", "--policy-source-arn", roleARN, "--action-names", "iam:CreateUser", "iam:ListUsers"}
		if tc.exclude != "" {
			cmd = append(cmd, "--policy-exclusion-list", tc.exclude)
		}
		var out simulateResults
		cli(session, token, cmd...).decode(t, &out)
		d, org := out.decision("iam:CreateUser")
		ld, lorg := out.decision("iam:ListUsers")
		if d != tc.createUser || org != tc.byOrg || ld != tc.listUsers || lorg != tc.list {
			t.Errorf("%s: CreateUser %s (by organizations %s), ListUsers %s (%s); want %s (%s), %s (%s)",
				tc.name, d, org, ld, lorg, tc.createUser, tc.byOrg, tc.listUsers, tc.list)
		}
	}

	full := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	reads := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:List*","Resource":"*"}]}`
	var custom simulateResults
	cli(s.root, nil, "iam", "simulate-custom-policy", "--policy-input-list", full,
		"--ordered-organization-policy-input-list", `[{"ServiceControlPolicyInputList":[`+quote(full)+`]},{"ServiceControlPolicyInputList":[`+quote(reads)+`]}]`,
		"--action-names", "iam:ListUsers", "iam:CreateUser").decode(t, &custom)
	if d, org := custom.decision("iam:ListUsers"); d != "allowed" || org != "true" {
		t.Errorf("simulate-custom-policy ListUsers: %s (by organizations %s)", d, org)
	}
	if d, org := custom.decision("iam:CreateUser"); d != "implicitDeny" || org != "false" {
		t.Errorf("simulate-custom-policy CreateUser: %s (by organizations %s)", d, org)
	}
	r := cli(s.root, nil, "iam", "simulate-custom-policy", "--policy-input-list", full,
		"--ordered-organization-policy-input-list", `[{"ServiceControlPolicyInputList":["{\"Version\":"]}]`, "--action-names", "iam:ListUsers")
	if r.code() != "InvalidInput" {
		t.Errorf("simulate-custom-policy with an SCP that is not JSON: %s", r.outcome())
	}
}

// quote is a JSON string holding s.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
