package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAccessAnalyzerCLI: the aws CLI validates a policy (the PassRole finding points at the action,
// offset 64) and runs a custom check against the
// server binary, and gets Access Analyzer's findings and verdict.
func TestAccessAnalyzerCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`
	var validated struct {
		Findings []struct {
			IssueCode, FindingType string
			Locations              []struct {
				Span struct {
					Start struct{ Line, Column, Offset int }
				}
			}
		}
	}
	s.aws(t, s.root, "accessanalyzer", "validate-policy", "--policy-type", "IDENTITY_POLICY",
		"--policy-document", doc).decode(t, &validated)
	if len(validated.Findings) != 1 || validated.Findings[0].IssueCode != "PASS_ROLE_WITH_STAR_IN_RESOURCE" ||
		validated.Findings[0].FindingType != "SECURITY_WARNING" || validated.Findings[0].Locations[0].Span.Start.Offset != 64 {
		t.Errorf("validate-policy: %+v", validated)
	}
	narrower := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/app-*"}]}`
	var checked struct{ Result, Message string }
	s.aws(t, s.root, "accessanalyzer", "check-no-new-access", "--policy-type", "IDENTITY_POLICY",
		"--new-policy-document", doc, "--existing-policy-document", narrower).decode(t, &checked)
	if checked.Result != "FAIL" || checked.Message != "The modified permissions grant new access compared to your existing policy." {
		t.Errorf("check-no-new-access: %+v", checked)
	}
}

// TestAccessAnalyzerCLIPreviewsAndGeneration: through the aws CLI against the server binary, an
// access preview of a role's trust policy opened to another account shows the NEW public-free
// cross-account finding; a policy generated for a user lists the action it called; an unused
// access analyzer lists no finding for entities made today (they have not existed for its
// tracking period).
func TestAccessAnalyzerCLIPreviewsAndGeneration(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	var who struct{ Account string }
	s.aws(t, s.root, "sts", "get-caller-identity").decode(t, &who)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + who.Account + `:root"},"Action":"sts:AssumeRole"}]}`
	s.aws(t, s.root, "iam", "create-role", "--role-name", "app", "--assume-role-policy-document", trust).must(t)
	var an struct{ Arn string }
	s.aws(t, s.root, "accessanalyzer", "create-analyzer", "--analyzer-name", "ext", "--type", "ACCOUNT").decode(t, &an)
	role := "arn:aws:iam::" + who.Account + ":role/app"
	opened := strings.ReplaceAll(trust, who.Account+":root", "111122223333:root")
	configs, _ := json.Marshal(map[string]any{role: map[string]any{"iamRole": map[string]string{"trustPolicy": opened}}})
	var preview struct{ Id string }
	s.aws(t, s.root, "accessanalyzer", "create-access-preview", "--analyzer-arn", an.Arn, "--configurations", string(configs)).decode(t, &preview)
	var found struct {
		Findings []struct {
			ChangeType, Status string
			IsPublic           bool
			Principal          map[string]string
		}
	}
	s.aws(t, s.root, "accessanalyzer", "list-access-preview-findings", "--analyzer-arn", an.Arn, "--access-preview-id", preview.Id).decode(t, &found)
	if len(found.Findings) != 1 || found.Findings[0].ChangeType != "NEW" || found.Findings[0].IsPublic ||
		found.Findings[0].Principal["AWS"] != "arn:aws:iam::111122223333:root" {
		t.Errorf("list-access-preview-findings: %+v", found)
	}
	var analyzed struct{ Resource struct{ ResourceArn string } }
	s.aws(t, s.root, "accessanalyzer", "get-analyzed-resource", "--analyzer-arn", an.Arn, "--resource-arn", role).decode(t, &analyzed)
	if analyzed.Resource.ResourceArn != role {
		t.Errorf("get-analyzed-resource: %+v", analyzed)
	}

	s.createUser(t, "dev", "")
	s.putUserPolicy(t, "dev", "read", allow("iam:ListUsers", "*"))
	dev := s.createAccessKey(t, "dev")
	s.aws(t, dev, "iam", "list-users").must(t)
	var job struct{ JobId string }
	s.aws(t, s.root, "accessanalyzer", "start-policy-generation", "--policy-generation-details",
		"principalArn=arn:aws:iam::"+who.Account+":user/dev").decode(t, &job)
	var generated struct {
		JobDetails            struct{ Status string }
		GeneratedPolicyResult struct{ GeneratedPolicies []struct{ Policy string } }
	}
	s.aws(t, s.root, "accessanalyzer", "get-generated-policy", "--job-id", job.JobId).decode(t, &generated)
	if generated.JobDetails.Status != "SUCCEEDED" || len(generated.GeneratedPolicyResult.GeneratedPolicies) != 1 ||
		!strings.Contains(generated.GeneratedPolicyResult.GeneratedPolicies[0].Policy, `"iam:ListUsers"`) {
		t.Errorf("get-generated-policy: %+v", generated)
	}
	var jobs struct{ PolicyGenerations []struct{ JobId string } }
	s.aws(t, s.root, "accessanalyzer", "list-policy-generations").decode(t, &jobs)
	if len(jobs.PolicyGenerations) != 1 || jobs.PolicyGenerations[0].JobId != job.JobId {
		t.Errorf("list-policy-generations: %+v", jobs)
	}
	s.aws(t, s.root, "accessanalyzer", "cancel-policy-generation", "--job-id", job.JobId).must(t)

	var unused struct{ Arn string }
	s.aws(t, s.root, "accessanalyzer", "create-analyzer", "--analyzer-name", "unused", "--type", "ACCOUNT_UNUSED_ACCESS",
		"--configuration", `{"unusedAccess":{"unusedAccessAge":30}}`).decode(t, &unused)
	var v2 struct{ Findings []any }
	s.aws(t, s.root, "accessanalyzer", "list-findings-v2", "--analyzer-arn", unused.Arn).decode(t, &v2)
	if len(v2.Findings) != 0 {
		t.Errorf("unused access findings for entities made today: %+v", v2)
	}
	if r := s.aws(t, s.root, "accessanalyzer", "get-finding-recommendation", "--analyzer-arn", unused.Arn, "--id", "none"); r.code() != "ResourceNotFoundException" {
		t.Errorf("get-finding-recommendation of no finding: %s", r.outcome())
	}
}
