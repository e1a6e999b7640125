package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestOrganizationsTransferCLI: with the aws CLI against the server binary, organization A's
// management account invites organization B's (an account made by `gatehouse accounts
// create`, which creates its own organization) to transfer B's billing to A; B finds the
// TRANSFER_RESPONSIBILITY handshake and accepts it; A lists the transfer as inbound and B as
// outbound, each under its own ARN; B cannot delete its organization while it is in effect;
// A withdraws it at the end of the start's month and both see it WITHDRAWN.
func TestOrganizationsTransferCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	dir := t.TempDir()
	s := startServer(t, serverOptions{dataDir: dir})
	out, errOut, err := accountsCreate(t, s.secrets, "--data-dir", dir)
	m := createdRE.FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("gatehouse accounts create: %v\n%s", err, s.secrets.redact(errOut))
	}
	bID, b := m[1], creds{AccessKeyID: m[2], SecretAccessKey: m[3]}
	type org struct {
		Organization struct{ Id, MasterAccountId string }
	}
	var aOrg, bOrg org
	s.aws(t, s.root, "organizations", "create-organization", "--feature-set", "ALL").decode(t, &aOrg)
	s.aws(t, b, "organizations", "create-organization", "--feature-set", "ALL").decode(t, &bOrg)

	now := time.Now().UTC()
	start := time.Date(now.Year(), now.Month()+2, 1, 0, 0, 0, 0, time.UTC)
	type handshake struct {
		Id, State, Action string
		Resources         []struct{ Type, Value string }
	}
	var invited struct{ Handshake handshake }
	s.aws(t, s.root, "organizations", "invite-organization-to-transfer-responsibility", "--type", "BILLING",
		"--target", "Id="+bID+",Type=ACCOUNT", "--start-timestamp", start.Format(time.RFC3339), "--source-name", "central billing",
		"--tags", "Key=cost,Value=central").decode(t, &invited)
	h := invited.Handshake
	var rt string
	for _, r := range h.Resources {
		if r.Type == "RESPONSIBILITY_TRANSFER" {
			rt = r.Value
		}
	}
	if h.State != "OPEN" || h.Action != "TRANSFER_RESPONSIBILITY" || !strings.HasPrefix(rt, "rt-") {
		t.Fatalf("invite-organization-to-transfer-responsibility: %+v", invited)
	}
	var mine struct{ Handshakes []handshake }
	s.aws(t, b, "organizations", "list-handshakes-for-account").decode(t, &mine)
	if len(mine.Handshakes) != 1 || mine.Handshakes[0].Id != h.Id {
		t.Fatalf("list-handshakes-for-account as B: %+v", mine)
	}
	var accepted struct{ Handshake handshake }
	s.aws(t, b, "organizations", "accept-handshake", "--handshake-id", h.Id).decode(t, &accepted)
	if accepted.Handshake.State != "ACCEPTED" {
		t.Fatalf("accept-handshake: %+v", accepted)
	}

	aID := aOrg.Organization.MasterAccountId
	wantListed(t, s, s.root, "list-inbound-responsibility-transfers", rt,
		fmt.Sprintf("arn:aws:organizations::%s:transfer/%s/billing/inbound/%s", aID, aOrg.Organization.Id, rt), "ACCEPTED")
	wantListed(t, s, b, "list-outbound-responsibility-transfers", rt,
		fmt.Sprintf("arn:aws:organizations::%s:transfer/%s/billing/outbound/%s", bID, bOrg.Organization.Id, rt), "ACCEPTED")
	if r := s.aws(t, b, "organizations", "delete-organization"); r.code() != "ConstraintViolationException" {
		t.Fatalf("delete-organization with a transfer in effect: %s", r.outcome())
	}

	end := start.AddDate(0, 1, 0).Add(-time.Second)
	var ended struct {
		ResponsibilityTransfer struct {
			Status       string
			EndTimestamp float64 // the CLI prints epoch seconds
		}
	}
	s.aws(t, s.root, "organizations", "terminate-responsibility-transfer", "--id", rt, "--end-timestamp", end.Format(time.RFC3339)).decode(t, &ended)
	if e := ended.ResponsibilityTransfer; e.Status != "WITHDRAWN" || e.EndTimestamp < float64(end.Unix()) || e.EndTimestamp >= float64(end.Unix()+1) {
		t.Fatalf("terminate-responsibility-transfer: %+v", ended)
	}
	var described struct {
		ResponsibilityTransfer struct {
			Status string
			Source struct{ ManagementAccountId string }
			Target struct{ ManagementAccountId string }
		}
	}
	s.aws(t, b, "organizations", "describe-responsibility-transfer", "--id", rt).decode(t, &described)
	d := described.ResponsibilityTransfer
	if d.Status != "WITHDRAWN" || d.Source.ManagementAccountId != bID || d.Target.ManagementAccountId != aID {
		t.Fatalf("describe-responsibility-transfer as B: %+v", described)
	}
}

// wantListed runs a transfer listing as c and wants exactly the transfer id, with its ARN and
// status.
func wantListed(t *testing.T, s *server, c creds, list, id, arn, status string) {
	t.Helper()
	var got struct {
		ResponsibilityTransfers []struct{ Id, Arn, Status, Type string }
	}
	s.aws(t, c, "organizations", list, "--type", "BILLING").decode(t, &got)
	if l := got.ResponsibilityTransfers; len(l) != 1 || l[0].Id != id || l[0].Arn != arn || l[0].Status != status || l[0].Type != "BILLING" {
		t.Fatalf("%s: %+v, want %s %s %s", list, got, id, arn, status)
	}
}
