package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const exampleRequest = `{
  "principal": {"arn": "arn:aws:iam::111122223333:user/alice", "type": "user", "tags": {"team": "blue"}},
  "action": "s3:GetObject",
  "resource": "arn:aws:s3:::reports/blue/q3.csv",
  "context": {"aws:SourceIp": "203.0.113.7"},
  "policies": {
    "identity": [{"Version": "2012-10-17", "Statement": [
      {"Sid": "TeamFolder", "Effect": "Allow", "Action": "s3:GetObject",
       "Resource": "arn:aws:s3:::reports/${aws:PrincipalTag/team}/*"},
      {"Sid": "OfficeOnly", "Effect": "Deny", "Action": "*", "Resource": "*",
       "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "Bool": {"aws:ViaAWSService": "false"}}}]}]
  }
}`

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCmd(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestPolicyEvaluate(t *testing.T) {
	t.Parallel()
	want := map[string]any{
		"decision": "Allow",
		"matchedStatements": []any{
			map[string]any{"policyType": "identity", "policyIndex": 0.0, "statementIndex": 0.0, "sid": "TeamFolder", "effect": "Allow"},
		},
		"missingContextKeys": []any{"aws:ViaAWSService"},
	}
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
	}{
		{"file", []string{"policy", "evaluate", writeTemp(t, exampleRequest)}, ""},
		{"stdin", []string{"policy", "evaluate", "-"}, exampleRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCmd(tc.stdin, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %s", code, stderr)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, stdout)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(stdout, "{\n  \"decision\"") {
				t.Errorf("output is not indented:\n%s", stdout)
			}
		})
	}
}

func TestPolicyEvaluateDenyExitsZero(t *testing.T) {
	t.Parallel()
	req := strings.Replace(exampleRequest, "203.0.113.7", "198.51.100.1", 1)
	req = strings.Replace(req, `"context": {`, `"context": {"aws:ViaAWSService": "false", `, 1)
	code, stdout, stderr := runCmd(req, "policy", "evaluate", "-")
	if code != 0 || !strings.Contains(stdout, `"decision": "ExplicitDeny"`) {
		t.Errorf("exit %d, stdout %s, stderr %s; want exit 0 and ExplicitDeny", code, stdout, stderr)
	}
}

func TestPolicyEvaluateErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		stdin  string
		stderr string
	}{
		{"malformed request", []string{"policy", "evaluate", "-"}, `{"principal": `, "malformed request file"},
		{"invalid policy", []string{"policy", "evaluate", "-"},
			strings.Replace(exampleRequest, `"Effect": "Allow"`, `"Effect": "allow"`, 1), "policies.identity[0]: invalid identity policy: 8:39: Statement[0].Effect: The policy failed legacy parsing"},
		{"missing file", []string{"policy", "evaluate", filepath.Join(t.TempDir(), "nope.json")}, "", "no such file"},
		{"no file argument", []string{"policy", "evaluate"}, "", "need at least one FILE"},
		{"unknown subcommand", []string{"policy", "simulate"}, "", `unknown subcommand "simulate"`},
		{"no subcommand", []string{"policy"}, "", "usage:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCmd(tc.stdin, tc.args...)
			if code != 2 || stdout != "" || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and stderr containing %q", code, stdout, stderr, tc.stderr)
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	bad := `{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}`
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string
	}{
		{"valid identity policy", []string{"policy", "validate", "-"},
			`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`, 0, ""},
		{"every problem, one per line", []string{"policy", "validate", "-"}, bad, 1,
			"2:16: Statement[0]: Policy statement must contain resources.\n" +
				"2:36: Statement[0].Principal: Policy document should not specify a principal.\n"},
		{"kind flag", []string{"policy", "validate", "--kind", "resource", "-"}, bad, 1,
			"2:16: Statement[0]: Policy statement must contain resources.\n"},
		{"trust policy from file", []string{"policy", "validate", "--kind=role-trust", writeTemp(t,
			`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}`)}, "", 0, ""},
		{"warnings do not fail", []string{"policy", "validate", "-"},
			`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:TagKeys": "a"}}}}`, 0,
			"1:123: warning: Statement.Condition.StringEquals.aws:TagKeys: aws:TagKeys is multi-valued; without ForAllValues or ForAnyValue this condition is always false\n"},
		{"syntax error", []string{"policy", "validate", "-"}, "{\n  \"Version\": \"2012-10-17\",\n}", 1,
			"3:1: Syntax errors in policy. (unexpected character '}', expecting a string key)\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCmd(tc.stdin, tc.args...)
			if code != tc.code || stdout != tc.stdout {
				t.Errorf("exit %d, stdout:\n%s\nstderr: %s\nwant exit %d, stdout:\n%s", code, stdout, stderr, tc.code, tc.stdout)
			}
		})
	}
}

func TestPolicyValidateUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"policy", "validate"},
		{"policy", "validate", "--kind", "kms", "-"},
		{"policy", "validate", "--bogus", "-"},
		{"policy", "validate", "a.json", "b.json"},
	} {
		if code, _, _ := runCmd("{}", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
