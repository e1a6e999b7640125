package e2e

import (
	"testing"
)

// TestOrganizationsInviteCLI: with the aws CLI against the server binary, the management
// account invites a standalone account (made by `gatehouse accounts create` while the server
// runs); that account's root finds the invitation and accepts it; it is then a member under
// an SCP that refuses it iam:CreateUser; removed, it is standalone again, outside every SCP.
func TestOrganizationsInviteCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	dir := t.TempDir()
	s := startServer(t, serverOptions{dataDir: dir})
	out, errOut, err := accountsCreate(t, s.secrets, "--data-dir", dir)
	m := createdRE.FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("gatehouse accounts create: %v\n%s", err, s.secrets.redact(errOut))
	}
	guestID, guest := m[1], creds{AccessKeyID: m[2], SecretAccessKey: m[3]}

	s.aws(t, s.root, "organizations", "create-organization", "--feature-set", "ALL").must(t)
	var roots struct{ Roots []struct{ Id string } }
	s.aws(t, s.root, "organizations", "list-roots").decode(t, &roots)
	s.aws(t, s.root, "organizations", "enable-policy-type", "--root-id", roots.Roots[0].Id, "--policy-type", "SERVICE_CONTROL_POLICY").must(t)
	type handshake struct{ Id, State, Action string }
	var invited struct{ Handshake handshake }
	s.aws(t, s.root, "organizations", "invite-account-to-organization", "--target", "Id="+guestID+",Type=ACCOUNT",
		"--notes", "join us").decode(t, &invited)
	if invited.Handshake.State != "OPEN" || invited.Handshake.Action != "INVITE" {
		t.Fatalf("invite-account-to-organization: %+v", invited)
	}
	var mine struct{ Handshakes []handshake }
	s.aws(t, guest, "organizations", "list-handshakes-for-account").decode(t, &mine)
	if len(mine.Handshakes) != 1 || mine.Handshakes[0].Id != invited.Handshake.Id {
		t.Fatalf("list-handshakes-for-account as the invited account: %+v", mine)
	}
	var accepted struct{ Handshake handshake }
	s.aws(t, guest, "organizations", "accept-handshake", "--handshake-id", invited.Handshake.Id).decode(t, &accepted)
	if accepted.Handshake.State != "ACCEPTED" {
		t.Fatalf("accept-handshake: %+v", accepted)
	}
	var described struct {
		Account struct{ JoinedMethod, Status string }
	}
	s.aws(t, s.root, "organizations", "describe-account", "--account-id", guestID).decode(t, &described)
	if described.Account.JoinedMethod != "INVITED" || described.Account.Status != "ACTIVE" {
		t.Errorf("describe-account of the invited member: %+v", described)
	}

	s.aws(t, guest, "iam", "create-user", "--user-name", "before").must(t)
	var policy struct {
		Policy struct{ PolicySummary struct{ Id string } }
	}
	s.aws(t, s.root, "organizations", "create-policy", "--name", "no-users", "--description", "no IAM users", "--type",
		"SERVICE_CONTROL_POLICY", "--content", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}`).decode(t, &policy)
	s.aws(t, s.root, "organizations", "attach-policy", "--policy-id", policy.Policy.PolicySummary.Id, "--target-id", guestID).must(t)
	r := s.aws(t, guest, "iam", "create-user", "--user-name", "fenced")
	if r.code() != "AccessDenied" {
		t.Fatalf("create-user in the invited member under the SCP: %s", r.outcome())
	}
	wantSuffix(t, r.message(), "user/fenced with an explicit deny in a service control policy")

	s.aws(t, s.root, "organizations", "remove-account-from-organization", "--account-id", guestID).must(t)
	s.aws(t, guest, "iam", "create-user", "--user-name", "standalone").must(t)
	if r := s.aws(t, guest, "organizations", "describe-organization"); r.code() != "AWSOrganizationsNotInUseException" {
		t.Errorf("describe-organization as the departed account: %s", r.outcome())
	}
}
