package e2e

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// notServed is the message of a request signed for a service Gatehouse does not serve.
func notServed(service string) string {
	return `The service "` + service + `" is not served by this endpoint: Gatehouse serves iam, sts, organizations, ` +
		"cloudtrail, access-analyzer and rolesanywhere."
}

// TestJSONServicesCLI: the aws CLI reaches Organizations and CloudTrail (awsJson1_1), Access Analyzer and
// Roles Anywhere (restJson1), gets their answers and validation errors in each protocol's shape, and is
// told clearly when it calls a service Gatehouse does not serve.
func TestJSONServicesCLI(t *testing.T) {
	t.Parallel()
	requireCLI(t)
	s := startServer(t, serverOptions{})
	tests := []struct {
		args    []string
		code    string
		message string // a prefix; "" checks only the code
	}{
		{[]string{"organizations", "describe-organization"}, "AWSOrganizationsNotInUseException",
			"Your account is not a member of an organization."},
		{[]string{"organizations", "describe-account", "--account-id", "123"}, "InvalidInputException",
			"1 validation error detected: Value '123' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern"},
		{[]string{"cloudtrail", "lookup-events", "--max-results", "5"}, "", ""},
		{[]string{"accessanalyzer", "get-analyzer", "--analyzer-name", "nothing"}, "ResourceNotFoundException", "Analyzer not found"},
		{[]string{"accessanalyzer", "get-analyzer", "--analyzer-name", "9bad"}, "ValidationException",
			"1 validation error detected: Value '9bad' at 'analyzerName'"},
		{[]string{"rolesanywhere", "list-trust-anchors"}, "", ""},
		{[]string{"kms", "list-keys"}, "UnknownOperationException", notServed("kms")},
		{[]string{"dynamodb", "list-tables"}, "UnknownOperationException", notServed("dynamodb")},
		{[]string{"s3api", "list-buckets"}, "UnknownOperationException", notServed("s3")},
		{[]string{"ec2", "describe-regions"}, "UnknownOperationException", notServed("ec2")},
		{[]string{"sqs", "list-queues"}, "UnknownOperationException", notServed("sqs")},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			r := s.aws(t, s.root, tc.args...)
			if r.code() != tc.code || !strings.HasPrefix(r.message(), tc.message) {
				t.Errorf("aws %s: %s %q, want %s %q\n%s", strings.Join(tc.args, " "), r.code(), r.message(), tc.code, tc.message, r.stderr)
			}
		})
	}
}

// TestJSONServicesBoto3: the same through boto3, with the modelled members of the errors (Organizations'
// Reason, Access Analyzer's reason and fieldList) as botocore parses them.
func TestJSONServicesBoto3(t *testing.T) {
	t.Parallel()
	requireBoto3(t)
	s := startServer(t, serverOptions{})
	var got struct {
		Steps []struct {
			Step, Code, Reason string
			Status             int
			Fields             []string
		}
	}
	s.boto3(t, s.root, "services.py", &got)
	type step struct {
		Step, Code, Reason string
		Status             int
		Fields             []string
	}
	var steps []step
	for _, st := range got.Steps {
		steps = append(steps, step(st))
	}
	want := []step{
		{Step: "organizations describe_organization", Code: "AWSOrganizationsNotInUseException", Status: 400},
		{Step: "organizations describe_account 123", Code: "InvalidInputException", Reason: "INVALID_PATTERN", Status: 400},
		{Step: "organizations list_accounts", Code: "AWSOrganizationsNotInUseException", Status: 400},
		{Step: "cloudtrail lookup_events", Code: "ok"},
		{Step: "accessanalyzer get_analyzer nothing", Code: "ResourceNotFoundException", Status: 404},
		{Step: "accessanalyzer get_analyzer 9bad", Code: "ValidationException", Reason: "fieldValidationFailed", Status: 400,
			Fields: []string{"analyzerName"}},
		{Step: "rolesanywhere list_profiles", Code: "ok"},
		{Step: "rolesanywhere get_profile zzz…", Code: "ValidationException", Status: 400},
		{Step: "kms list_keys", Code: "UnknownOperationException", Status: 400},
	}
	if diff := cmp.Diff(want, steps, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("boto3 outcomes (-want +got):\n%s", diff)
	}
}
