package e2e

import (
	"testing"
)

// TestOrganizationsBoto3: a platform team's day through boto3 against the server binary —
// organization, OU, member account, SCPs and RCPs on — and each rule biting and not biting:
// the member's administrator fenced by an SCP on its OU, the management account exempt, a
// trust policy with aws:PrincipalOrgID letting an insider in and an outsider out, an RCP
// refusing an outside principal its trust policy names, and a departed account outside the
// SCPs.
func TestOrganizationsBoto3(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	s.createUser(t, "platform", "")
	s.putUserPolicy(t, "platform", "all", allow("*", "*"))
	admin := s.createAccessKey(t, "platform")
	var got struct {
		Org, Member string
		Steps       []struct{ Step, Code, Message string }
	}
	s.boto3(t, admin, "organizations.py", &got)
	want := map[string]string{
		"member-create-user-before":     "ok",
		"member-create-user-fenced":     "AccessDenied",
		"management-create-user-exempt": "ok",
		"insider-assume-org-only":       "ok",
		"outsider-assume-org-only":      "AccessDenied",
		"partner-assume-before-rcp":     "ok",
		"partner-assume-after-rcp":      "AccessDenied",
		"departed-create-user":          "ok",
	}
	for _, st := range got.Steps {
		if want[st.Step] != st.Code {
			t.Errorf("%s: %s %s, want %s", st.Step, st.Code, st.Message, want[st.Step])
		}
		delete(want, st.Step)
		switch st.Step {
		case "member-create-user-fenced":
			wantSuffix(t, st.Message, "user/fenced with an explicit deny in a service control policy")
		case "partner-assume-after-rcp":
			wantSuffix(t, st.Message, "role/partner with an explicit deny in a resource control policy")
		}
	}
	for step := range want {
		t.Errorf("step %s missing", step)
	}
}

func wantSuffix(t *testing.T, message, suffix string) {
	t.Helper()
	if len(message) < len(suffix) || message[len(message)-len(suffix):] != suffix {
		t.Errorf("message %q, want it to end in %q", message, suffix)
	}
}

// TestOrganizationsCLI: the aws CLI against the server binary builds an organization (OU,
// account, SCPs on, a deny on the OU), sees AWS's errors (a missing target, the last SCP of an
// account), and a session of the member's OrganizationAccountAccessRole is refused what the
// SCP denies.
func TestOrganizationsCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	var org struct {
		Organization struct{ Id, MasterAccountId string }
	}
	s.aws(t, s.root, "organizations", "create-organization", "--feature-set", "ALL").decode(t, &org)
	if org.Organization.MasterAccountId != s.account {
		t.Errorf("create-organization: %+v", org)
	}
	var roots struct{ Roots []struct{ Id string } }
	s.aws(t, s.root, "organizations", "list-roots").decode(t, &roots)
	root := roots.Roots[0].Id
	var ou struct{ OrganizationalUnit struct{ Id string } }
	s.aws(t, s.root, "organizations", "create-organizational-unit", "--parent-id", root, "--name", "sandbox").decode(t, &ou)
	var created struct {
		CreateAccountStatus struct{ Id, State, AccountId string }
	}
	s.aws(t, s.root, "organizations", "create-account", "--account-name", "sandbox", "--email", "sandbox@example.com").decode(t, &created)
	member := created.CreateAccountStatus.AccountId
	if created.CreateAccountStatus.State != "SUCCEEDED" || len(member) != 12 {
		t.Fatalf("create-account: %+v", created)
	}
	s.aws(t, s.root, "organizations", "move-account", "--account-id", member, "--source-parent-id", root,
		"--destination-parent-id", ou.OrganizationalUnit.Id).must(t)
	s.aws(t, s.root, "organizations", "enable-policy-type", "--root-id", root, "--policy-type", "SERVICE_CONTROL_POLICY").must(t)
	var policy struct {
		Policy struct{ PolicySummary struct{ Id string } }
	}
	s.aws(t, s.root, "organizations", "create-policy", "--name", "no-users", "--description", "no IAM users", "--type",
		"SERVICE_CONTROL_POLICY", "--content", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}`).decode(t, &policy)
	id := policy.Policy.PolicySummary.Id
	s.aws(t, s.root, "organizations", "attach-policy", "--policy-id", id, "--target-id", ou.OrganizationalUnit.Id).must(t)
	if r := s.aws(t, s.root, "organizations", "attach-policy", "--policy-id", id, "--target-id", "ou-none-00000000"); r.code() != "TargetNotFoundException" {
		t.Errorf("attach-policy to a missing OU: %s", r.outcome())
	}
	if r := s.aws(t, s.root, "organizations", "detach-policy", "--policy-id", "p-FullAWSAccess", "--target-id", member); r.code() != "ConstraintViolationException" {
		t.Errorf("detach-policy of an account's last SCP: %s", r.outcome())
	}
	var listed struct{ Policies []struct{ Id string } }
	s.aws(t, s.root, "organizations", "list-policies-for-target", "--target-id", ou.OrganizationalUnit.Id, "--filter", "SERVICE_CONTROL_POLICY").decode(t, &listed)
	if len(listed.Policies) != 2 {
		t.Errorf("list-policies-for-target of the OU: %+v, want FullAWSAccess and no-users", listed)
	}

	s.createUser(t, "platform", "")
	s.putUserPolicy(t, "platform", "all", allow("*", "*"))
	admin := s.createAccessKey(t, "platform")
	var assumed struct {
		Credentials struct{ AccessKeyId, SecretAccessKey, SessionToken string }
	}
	s.aws(t, admin, "sts", "assume-role", "--role-arn", "arn:aws:iam::"+member+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli").decode(t, &assumed)
	c := assumed.Credentials
	s.secrets.add(c.SecretAccessKey)
	env := s.cliEnv(t, creds{AccessKeyID: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey}, "AWS_SESSION_TOKEN="+c.SessionToken)
	args := []string{"--endpoint-url", s.url, "--region", region, "--output", "json"}
	s.runCLI(t, env, append(args, "iam", "list-roles")...).must(t)
	r := s.runCLI(t, env, append(args, "iam", "create-user", "--user-name", "blocked")...)
	if r.code() != "AccessDenied" {
		t.Fatalf("create-user in the fenced account: %s", r.outcome())
	}
	wantSuffix(t, r.message(), "user/blocked with an explicit deny in a service control policy")
}
