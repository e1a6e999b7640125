package e2e

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"
)

// IAM's MalformedPolicyDocument messages, as recorded from AWS's CreatePolicy (LocalStack's
// AWS-validated snapshot tests/aws/services/iam/test_iam_policies.snapshot.json, February 2026).
const (
	versionMessage = "Policy document must be version 2012-10-17 or greater."
	legacyMessage  = "The policy failed legacy parsing"
	iamPathMessage = `IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, ` +
		`instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.`
)

// TestPolicyDocumentValidation sends documents through every operation that takes one and
// checks code, HTTP status and message as the SDK sees them: IAM's validator is AWS's, with
// its order of checks, and each operation applies the rules of its kind of policy (only
// managed policies must be version 2012-10-17).
func TestPolicyDocumentValidation(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	root := s.iam(s.root)
	s.createUser(t, "val", "")
	s.putUserPolicy(t, "val", "all", allow("*", "*"))
	user := s.createAccessKey(t, "val")
	if _, err := root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("devs")}); err != nil {
		t.Fatal(err)
	}
	trust := `{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "` + s.account + `"}, "Action": "sts:AssumeRole"}}`
	if _, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatalf("CreateRole with a 2008-10-17 trust policy: %v", err)
	}
	list := func(extra string) string {
		return `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::example_bucket"` + extra + `}`
	}
	v2012 := func(statements string) string { return `{"Version": "2012-10-17", "Statement": [` + statements + `]}` }
	noVersion := `{"Statement": ` + list("") + `}`
	ok := apiError{Code: "ok"}
	malformed := func(msg string) apiError { return apiError{Code: "MalformedPolicyDocument", Status: 400, Message: msg} }
	cases := []struct {
		name string
		call func() error
		want apiError
	}{
		{"CreatePolicy without Version", func() error {
			_, err := root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("a"), PolicyDocument: aws.String(noVersion)})
			return err
		}, malformed(versionMessage)},
		{"PutUserPolicy without Version", func() error {
			_, err := root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("val"), PolicyName: aws.String("nv"), PolicyDocument: aws.String(noVersion)})
			return err
		}, ok},
		{"PutGroupPolicy of an IAM resource of no type", func() error {
			_, err := root.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{GroupName: aws.String("devs"), PolicyName: aws.String("p"),
				PolicyDocument: aws.String(v2012(`{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam:::example_bucket"}`))})
			return err
		}, malformed(iamPathMessage)},
		{"PutRolePolicy with a CIDR with host bits and a key without prefix", func() error {
			_, err := root.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("p"),
				PolicyDocument: aws.String(v2012(list(`, "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}, "StringEquals": {"team": "x"}}`)))})
			return err
		}, ok},
		{"CreatePolicyVersion 2008-10-17", func() error {
			out, err := root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("b"), PolicyDocument: aws.String(v2012(list("")))})
			if err != nil {
				return err
			}
			_, err = root.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: out.Policy.Arn,
				PolicyDocument: aws.String(`{"Version": "2008-10-17", "Statement": ` + list("") + `}`)})
			return err
		}, malformed(versionMessage)},
		{"UpdateAssumeRolePolicy with Effect in the wrong case", func() error {
			_, err := root.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("app"),
				PolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": {"Effect": "allow", "Principal": {"AWS": "` + s.account + `"}, "Action": "sts:AssumeRole"}}`)})
			return err
		}, malformed(legacyMessage)},
		{"GetFederationToken with a region in an S3 bucket ARN", func() error {
			_, err := s.sts(user).GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: aws.String("fed"),
				Policy: aws.String(v2012(`{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:us-east-1::example_bucket"}`))})
			return err
		}, malformed("Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.")},
		{"GetFederationToken with a 2008-10-17 session policy", func() error {
			_, err := s.sts(user).GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: aws.String("fed"),
				Policy: aws.String(`{"Version": "2008-10-17", "Statement": ` + list("") + `}`)})
			return err
		}, ok},
	}
	for _, tc := range cases {
		if diff := cmp.Diff(tc.want, asAPIError(tc.call())); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}

	if botoMissing == "" {
		s.createUser(t, "bo", "")
		var got struct{ Steps []botoStep }
		s.boto3(t, s.root, "policydocs.py", &got)
		want := []botoStep{
			{Step: "create_policy without Version", Code: "MalformedPolicyDocument", Message: versionMessage, Status: 400},
			{Step: "put_user_policy without Version", Code: "ok", Status: 200},
			{Step: "create_policy aLLow and a duplicate Sid", Code: "MalformedPolicyDocument", Message: legacyMessage, Status: 400},
			{Step: "create_policy partition error", Code: "MalformedPolicyDocument", Status: 400,
				Message: `Partition "error" is not valid for resource "arn:error:s3:::example_bucket".`},
			{Step: "create_policy odd but accepted", Code: "ok", Status: 200},
		}
		if diff := cmp.Diff(want, got.Steps); diff != "" {
			t.Errorf("boto3 (-want +got):\n%s", diff)
		}
	}
}
