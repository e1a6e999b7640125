package policies_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
)

func tag(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }

func tagPairs(ts []types.Tag) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = aws.ToString(t.Key) + "=" + aws.ToString(t.Value)
	}
	return out
}

func listPolicyTags(t *testing.T, c *awsiam.Client, policyARN string, pageSize int32) []string {
	t.Helper()
	var all []string
	var marker *string
	for {
		out, err := c.ListPolicyTags(ctx, &awsiam.ListPolicyTagsInput{PolicyArn: aws.String(policyARN), Marker: marker, MaxItems: aws.Int32(pageSize)})
		fatalIf(t, err)
		all = append(all, tagPairs(out.Tags)...)
		if !out.IsTruncated {
			return all
		}
		marker = out.Marker
	}
}

func TestPolicyTags(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	out, err := root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("Tagged"), PolicyDocument: aws.String(readDoc),
		Tags: []types.Tag{tag("somekey", "somevalue"), tag("other", "x")}})
	fatalIf(t, err)
	policyARN := aws.ToString(out.Policy.Arn)
	if diff := cmp.Diff([]string{"somekey=somevalue", "other=x"}, tagPairs(out.Policy.Tags)); diff != "" {
		t.Errorf("CreatePolicy tags (-want +got):\n%s", diff)
	}

	ok(t)(root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(policyARN), Tags: []types.Tag{tag("third", "3"), tag("somekey", "new")}}))
	if diff := cmp.Diff([]string{"somekey=new", "other=x", "third=3"}, listPolicyTags(t, root, policyARN, 1)); diff != "" {
		t.Errorf("ListPolicyTags in pages of 1 (-want +got):\n%s", diff)
	}
	got, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	fatalIf(t, err)
	if diff := cmp.Diff([]string{"somekey=new", "other=x", "third=3"}, tagPairs(got.Policy.Tags)); diff != "" {
		t.Errorf("GetPolicy tags (-want +got):\n%s", diff)
	}

	ok(t)(root.UntagPolicy(ctx, &awsiam.UntagPolicyInput{PolicyArn: aws.String(policyARN), TagKeys: []string{"other", "absent"}}))
	if diff := cmp.Diff([]string{"somekey=new", "third=3"}, listPolicyTags(t, root, policyARN, 100)); diff != "" {
		t.Errorf("after UntagPolicy (-want +got):\n%s", diff)
	}

	var many []types.Tag
	for i := range 49 {
		many = append(many, tag(fmt.Sprintf("k%02d", i), "v"))
	}
	_, err = root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(policyARN), Tags: many})
	stacktest.WantError(t, err, "LimitExceeded", "Cannot exceed quota for TagsPerPolicy: 50")
	if n := len(listPolicyTags(t, root, policyARN, 100)); n != 2 {
		t.Errorf("a refused TagPolicy changed the tags: %d now", n)
	}
	_, err = root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(policyARN), Tags: []types.Tag{tag("a", "1"), tag("a", "2")}})
	stacktest.WantError(t, err, "InvalidInput", "Duplicate tag keys found.")

	missing := "arn:aws:iam::" + accountOf(policyARN) + ":policy/NotAPolicy"
	_, err = root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(missing), Tags: []types.Tag{tag("a", "1")}})
	stacktest.WantError(t, err, "NoSuchEntity", "Policy "+missing+" was not found.")
	_, err = root.UntagPolicy(ctx, &awsiam.UntagPolicyInput{PolicyArn: aws.String(missing), TagKeys: []string{"a"}})
	stacktest.WantError(t, err, "NoSuchEntity", "Policy "+missing+" was not found.")
	_, err = root.ListPolicyTags(ctx, &awsiam.ListPolicyTagsInput{PolicyArn: aws.String(missing)})
	stacktest.WantError(t, err, "NoSuchEntity", "Policy "+missing+" was not found.")
}

// TestPolicyTagABAC: aws:ResourceTag on a policy and aws:RequestTag/aws:TagKeys on tagging decide.
func TestPolicyTagABAC(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	blue := createPolicy(t, root, "Blue", readDoc)
	red := createPolicy(t, root, "Red", readDoc)
	ok(t)(root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(blue), Tags: []types.Tag{tag("team", "blue")}}))
	ok(t)(root.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{tag("team", "red")}}))
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

	ok(t)(alice.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{tag("env", "dev")}}))
	_, err = alice.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{tag("env", "prod")}})
	stacktest.WantError(t, err, "AccessDenied", "")
	_, err = alice.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(red), Tags: []types.Tag{tag("env", "dev"), tag("team", "blue")}})
	stacktest.WantError(t, err, "AccessDenied", "")
	// An unauthorized caller learns nothing about a missing policy.
	missing := "arn:aws:iam::" + s.AccountID() + ":policy/Missing"
	_, err = alice.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(missing), PolicyDocument: aws.String(readDoc)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreatePolicyVersion", missing))
}
