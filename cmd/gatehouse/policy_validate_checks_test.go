package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const passRolePolicy = `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["iam:PassRole", "s3:GetObjekt"], "Resource": "*"}]}`

func TestPolicyValidateChecksText(t *testing.T) {
	t.Parallel()
	path := writeTemp(t, passRolePolicy)
	code, out, errOut := runCmd("", "policy", "validate", "--checks", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a security warning and an error); stderr: %s", code, errOut)
	}
	want := path + ":2:34: SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE: Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement. [Statement[0].Action[0]]\n" +
		path + ":2:50: ERROR INVALID_ACTION: The action s3:GetObjekt does not exist. Did you mean s3:GetObject? [Statement[0].Action[1]]\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// TestPolicyValidateChecksJSON checks the --output json shape: AWS's ValidatePolicy
// response, which a caller of the real service can read with the same code.
func TestPolicyValidateChecksJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCmd(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}`,
		"policy", "validate", "--checks", "--kind", "role-trust", "--output", "json", "-")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", code, errOut)
	}
	var resp struct {
		Findings []struct {
			IssueCode   string `json:"issueCode"`
			FindingType string `json:"findingType"`
			Locations   []struct {
				Path []map[string]any `json:"path"`
				Span struct {
					Start struct{ Line, Column, Offset int } `json:"start"`
				} `json:"span"`
			} `json:"locations"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(resp.Findings) != 1 || resp.Findings[0].IssueCode != "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE" {
		t.Fatalf("findings = %+v", resp.Findings)
	}
	loc := resp.Findings[0].Locations[0]
	if diff := cmp.Diff([]map[string]any{{"value": "Statement"}, {"index": 0.0}, {"key": "Resource"}}, loc.Path); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}
	if loc.Span.Start.Line != 1 || loc.Span.Start.Column != 125 || loc.Span.Start.Offset != 125 {
		t.Errorf("span start = %+v, want line 1, column and offset 125", loc.Span.Start)
	}
}

func TestPolicyValidateChecksExitStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, policy string
		args         []string
		want         int
	}{
		{"clean", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`, nil, 0},
		{"warning only", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`, nil, 0},
		{"error", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}`, nil, 1},
		{"scp by AWS name", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*Role","Resource":"*"}]}`, []string{"--policy-type", "SERVICE_CONTROL_POLICY"}, 1},
		{"unknown kind", `{}`, []string{"--kind", "bucket"}, 2},
		{"resource type for an identity policy", `{}`, []string{"--resource-type", "AWS::S3::Bucket"}, 2},
		{"bad output", `{}`, []string{"--output", "yaml"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{"policy", "validate", "--checks"}, tc.args...), "-")
			code, out, errOut := runCmd(tc.policy, args...)
			if code != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, out, errOut)
			}
			if tc.want == 2 && !strings.Contains(errOut, "--checks") {
				t.Errorf("a usage error should print the usage; stderr: %s", errOut)
			}
		})
	}
}
