package policyfile

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/policy"
)

func intp(i int) *int { return &i }

func TestEvaluate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  string
		want Output
	}{
		{
			name: "allow with reasons",
			req: `{"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "type": "user", "tags": {"team": "blue"}},
			  "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/blue/key",
			  "context": {"aws:SourceIp": "203.0.113.7", "aws:TagKeys": ["a", "b"]},
			  "policies": {"identity": [{"Version": "2012-10-17", "Statement": [
			      {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*"},
			      {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}],
			    "scps": [[{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}]]}}`,
			want: Output{Decision: "Allow", MatchedStatements: []MatchedStatement{
				{PolicyType: "identity", PolicyIndex: 0, StatementIndex: 0, Sid: "Read", Effect: "Allow"},
				{PolicyType: "scp", Level: intp(0), PolicyIndex: 0, StatementIndex: 0, Effect: "Allow"},
			}, MissingContextKeys: []string{"aws:SecureTransport"}},
		},
		{
			name: "document given as a string",
			req: `{"principal": {"type": "root", "account": "111122223333"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k",
			  "policies": {"resource": ["{\"Statement\": {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}"]}}`,
			want: Output{Decision: "ExplicitDeny", MatchedStatements: []MatchedStatement{
				{PolicyType: "resource", Effect: "Deny"}}, MissingContextKeys: []string{}},
		},
		{
			name: "resource account from the resource ARN makes it cross-account",
			req: `{"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "type": "user"}, "action": "sqs:SendMessage",
			  "resource": "arn:aws:sqs:us-east-1:444455556666:q",
			  "policies": {"identity": [{"Statement": {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}}]}}`,
			want: Output{Decision: "ImplicitDeny", MatchedStatements: []MatchedStatement{
				{PolicyType: "identity", Effect: "Allow"}}, MissingContextKeys: []string{}},
		},
		{
			name: "resource account defaults to the principal's",
			req: `{"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "type": "user"}, "action": "s3:GetObject",
			  "resource": "arn:aws:s3:::b/k", "policies": {"resource": [{"Statement": {"Effect": "Allow",
			  "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:*", "Resource": "*"}}]}}`,
			want: Output{Decision: "Allow", MatchedStatements: []MatchedStatement{
				{PolicyType: "resource", Effect: "Allow"}}, MissingContextKeys: []string{}},
		},
		{
			name: "role trust",
			req: `{"principal": {"arn": "arn:aws:sts::111122223333:assumed-role/ci/run", "type": "role-session", "roleArn": "arn:aws:iam::111122223333:role/ci"},
			  "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/deploy", "resourceKind": "role-trust",
			  "policies": {"resource": [{"Id": "Trust1", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "sts:AssumeRole",
			    "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci"}}}}]}}`,
			want: Output{Decision: "Allow", MatchedStatements: []MatchedStatement{
				{PolicyType: "resource", PolicyID: "Trust1", Effect: "Allow"}}, MissingContextKeys: []string{}},
		},
		{
			name: "explicit context overrides derived keys",
			req: `{"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "type": "user"}, "action": "s3:GetObject", "resource": "*",
			  "context": {"AWS:Username": "bob", "s3:max-keys": 10, "aws:SecureTransport": true},
			  "policies": {"identity": [{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
			    "StringEquals": {"aws:username": "bob"}, "NumericLessThan": {"s3:max-keys": 11}, "Bool": {"aws:SecureTransport": true}}}}]}}`,
			want: Output{Decision: "Allow", MatchedStatements: []MatchedStatement{
				{PolicyType: "identity", Effect: "Allow"}}, MissingContextKeys: []string{}},
		},
		{
			name: "empty lists are no policies",
			req: `{"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "type": "user"}, "action": "s3:GetObject", "resource": "*",
			  "policies": {"identity": [{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}], "boundary": [], "session": null, "scps": null, "rcps": []}}`,
			want: Output{Decision: "Allow", MatchedStatements: []MatchedStatement{
				{PolicyType: "identity", Effect: "Allow"}}, MissingContextKeys: []string{}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Evaluate([]byte(tc.req))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&tc.want, got); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOutputJSON(t *testing.T) {
	t.Parallel()
	got, err := Evaluate([]byte(`{"principal": {"type": "anonymous"}, "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"decision":"ImplicitDeny","matchedStatements":[],"missingContextKeys":[]}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	b, _ = json.Marshal(MatchedStatement{PolicyType: "rcp", Level: intp(0), Effect: "Deny"})
	if want := `{"policyType":"rcp","level":0,"policyIndex":0,"statementIndex":0,"effect":"Deny"}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

func TestEvaluateErrors(t *testing.T) {
	t.Parallel()
	const user = `"principal": {"arn": "arn:aws:iam::111122223333:user/alice", "type": "user"}, "action": "s3:GetObject", "resource": "*"`
	tests := []struct {
		name, req, want string
		policyErr       bool
	}{
		{"not JSON", `{`, "malformed request file", false},
		{"unknown field", `{` + user + `, "contxt": {}}`, `unknown field "contxt"`, false},
		{"unknown principal field", `{"principal": {"type": "user", "arn": "arn:aws:iam::1:user/a", "name": "a"}, "action": "a:b", "resource": "*"}`, `unknown field "name"`, false},
		{"unknown policies field", `{` + user + `, "policies": {"identities": []}}`, `unknown field "identities"`, false},
		{"trailing data", `{` + user + `} {}`, "unexpected data", false},
		{"bad principal type", `{"principal": {"type": "robot"}, "action": "a:b", "resource": "*"}`, `principal.type "robot"`, false},
		{"user without ARN", `{"principal": {"type": "user"}, "action": "a:b", "resource": "*"}`, "principal.arn is required", false},
		{"root without account", `{"principal": {"type": "root"}, "action": "a:b", "resource": "*"}`, "needs principal.account", false},
		{"no action", `{"principal": {"type": "anonymous"}, "resource": "*"}`, "action is required", false},
		{"no resource", `{"principal": {"type": "anonymous"}, "action": "a:b"}`, "resource is required", false},
		{"bad resource kind", `{` + user + `, "resourceKind": "bucket"}`, `resourceKind "bucket"`, false},
		{"null context value", `{` + user + `, "context": {"k:k": null}}`, `context key "k:k"`, false},
		{"object context value", `{` + user + `, "context": {"k:k": [{}]}}`, `context key "k:k"`, false},
		{"context key twice", `{` + user + `, "context": {"aws:SourceIp": "1.1.1.1", "AWS:SOURCEIP": "2.2.2.2"}}`, "given twice", false},
		{"policy not an object", `{` + user + `, "policies": {"identity": [42]}}`, "policies.identity[0]", false},
		{"invalid identity policy", `{` + user + `, "policies": {"identity": [{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}]}}`,
			"policies.identity[0]: invalid identity policy: 1:183: Statement.Principal: Policy document should not specify a principal.", true},
		{"invalid SCP names level", `{` + user + `, "policies": {"scps": [[{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}], [{"Statement": []}]]}}`,
			"policies.scps[1][0]: invalid scp policy", true},
		{"resource read as trust policy", `{` + user + `, "resourceKind": "role-trust", "policies": {"resource": [{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}}]}}`,
			"Has prohibited field Resource", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Evaluate([]byte(tc.req))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Evaluate error = %v, want one containing %q", err, tc.want)
			}
			var pe *PolicyError
			if errors.As(err, &pe) != tc.policyErr {
				t.Errorf("error %T: is PolicyError = %v, want %v", err, !tc.policyErr, tc.policyErr)
			}
			var ve *policy.ValidationError
			if tc.policyErr && !errors.As(err, &ve) {
				t.Error("a policy error does not unwrap to *policy.ValidationError")
			}
		})
	}
}

func TestLoadDerivesPrincipal(t *testing.T) {
	t.Parallel()
	req, _, err := Load([]byte(`{"principal": {"type": "root", "account": "111122223333"}, "action": "s3:ListAllMyBuckets", "resource": "*"}`))
	if err != nil {
		t.Fatal(err)
	}
	if req.Principal.ARN != "arn:aws:iam::111122223333:root" || req.ResourceAccount != "111122223333" {
		t.Errorf("root principal = %+v, resource account %q", req.Principal, req.ResourceAccount)
	}
	if v, _, ok := req.Context.Lookup("aws:PrincipalType"); !ok || v[0] != "Account" {
		t.Errorf("aws:PrincipalType = %v, %v; want Account", v, ok)
	}
	req, _, err = Load([]byte(`{"principal": {"type": "user", "arn": "arn:aws:iam::111122223333:user/u"}, "action": "a:b", "resource": "*"}`))
	if err != nil {
		t.Fatal(err)
	}
	if req.Principal.Account != "111122223333" {
		t.Errorf("account not taken from the ARN: %+v", req.Principal)
	}
}

func TestPolicyErrorPositionsInFile(t *testing.T) {
	t.Parallel()
	req := `{"principal": {"type": "anonymous"}, "action": "s3:GetObject", "resource": "*",
  "policies": {
    "identity": [],
    "scps": [[{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}],
             [{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}},
              {"Statement": {"Effect": "Allow", "Action": "s3", "Resource": "*"}}]]}}`
	_, err := Evaluate([]byte(req))
	var pe *PolicyError
	if !errors.As(err, &pe) {
		t.Fatalf("error = %v, want a *PolicyError", err)
	}
	want := policy.Pos{Line: 6, Col: 59, Offset: strings.Index(req, `"s3"`)}
	if pe.Where != "policies.scps[1][1]" || len(pe.Problems) != 1 || pe.Problems[0].Pos != want {
		t.Errorf("error %s at %+v, want policies.scps[1][1] at %+v", pe.Where, pe.Problems, want)
	}
	if got := pe.Err.Problems[0].Pos; got.Line != 1 || got.Col != 45 {
		t.Errorf("document-relative position = %v, want 1:45", got)
	}
}

func TestPolicyErrorInStringDocument(t *testing.T) {
	t.Parallel()
	_, err := Evaluate([]byte(`{"principal": {"type": "anonymous"}, "action": "s3:GetObject", "resource": "*",
  "policies": {"resource": ["{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}"]}}`))
	if err == nil || !strings.Contains(err.Error(), "policies.resource[0]: invalid resource policy: 1:15: Statement: Missing required field Principal") {
		t.Errorf("error = %v, want the position within the string's document", err)
	}
}
