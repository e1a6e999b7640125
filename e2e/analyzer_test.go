package e2e

import (
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
