package policies_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestPolicyTagsAtCreation: CreatePolicy and GetPolicy answer the tags the policy was created
// with, in order (the tagging operations' cases are iam's TestTagging).
func TestPolicyTagsAtCreation(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	out, err := root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("Tagged"), PolicyDocument: aws.String(readDoc),
		Tags: iamtest.Tags("somekey", "somevalue", "other", "x")})
	fatalIf(t, err)
	if diff := cmp.Diff(iamtest.Tags("somekey", "somevalue", "other", "x"), out.Policy.Tags, cmpopts.IgnoreUnexported(types.Tag{})); diff != "" {
		t.Errorf("CreatePolicy tags (-want +got):\n%s", diff)
	}
	got, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: out.Policy.Arn})
	fatalIf(t, err)
	if diff := cmp.Diff(iamtest.Tags("somekey", "somevalue", "other", "x"), got.Policy.Tags, cmpopts.IgnoreUnexported(types.Tag{})); diff != "" {
		t.Errorf("GetPolicy tags (-want +got):\n%s", diff)
	}
}

// TestPolicyTagABAC: aws:ResourceTag on a policy and aws:RequestTag/aws:TagKeys on tagging decide.
func TestPolicyTagABAC(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	blue := createPolicy(t, root, "Blue", readDoc)
	red := createPolicy(t, root, "Red", readDoc)
	ok(t)(root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(blue), Tags: []types.Tag{iamtest.Tag("team", "blue")}}))
	ok(t)(root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{iamtest.Tag("team", "red")}}))
	doc := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["iam:GetPolicy","iam:CreatePolicyVersion"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"}}},
		{"Effect":"Allow","Action":"iam:TagPolicy","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/env":"dev"},"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}}]}`
	user := s.NewUser(t, "alice", doc)
	alice := s.IAM(user)

	ok(t)(alice.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(blue)}))
	ok(t)(alice.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(blue), PolicyDocument: aws.String(readDoc)}))
	_, err := alice.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(red)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:GetPolicy", red))
	_, err = alice.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(red), PolicyDocument: aws.String(readDoc)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreatePolicyVersion", red))

	ok(t)(alice.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{iamtest.Tag("env", "dev")}}))
	_, err = alice.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{iamtest.Tag("env", "prod")}})
	stacktest.WantError(t, err, "AccessDenied", "")
	_, err = alice.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{iamtest.Tag("env", "dev"), iamtest.Tag("team", "blue")}})
	stacktest.WantError(t, err, "AccessDenied", "")
	// An unauthorized caller learns nothing about a missing policy.
	missing := "arn:aws:iam::" + s.AccountID() + ":policy/Missing"
	_, err = alice.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(missing), PolicyDocument: aws.String(readDoc)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreatePolicyVersion", missing))
}
