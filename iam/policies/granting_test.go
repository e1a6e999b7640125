package policies_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
)

func TestListPoliciesGrantingServiceAccess(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	alice := createUser(t, root, "alice")
	seedGroup(t, s, "devs", "alice")
	seedRole(t, s, "ci", "")
	s3Read := createPolicy(t, root, "S3Read", allow("s3:GetObject"))
	ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(s3Read)}))
	ok(t)(root.AttachGroupPolicy(ctx, &awsiam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String(s3Read)}))
	ok(t)(root.AttachGroupPolicy(ctx, &awsiam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String("arn:aws:iam::aws:policy/IAMReadOnlyAccess")}))
	ok(t)(root.PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("ec2"), PolicyDocument: aws.String(allow("ec2:Describe*"))}))
	ok(t)(root.PutGroupPolicy(ctx, &awsiam.PutGroupPolicyInput{GroupName: aws.String("devs"), PolicyName: aws.String("everything-but-s3"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}`)}))
	ok(t)(root.PutGroupPolicy(ctx, &awsiam.PutGroupPolicyInput{GroupName: aws.String("devs"), PolicyName: aws.String("deny-iam"),
		PolicyDocument: aws.String(stackDeny("iam:*"))}))
	ok(t)(root.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: aws.String("ci"), PolicyName: aws.String("all"), PolicyDocument: aws.String(iamtest.AllowAll)}))
	// A boundary is not a permissions policy and is not listed.
	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/AmazonS3FullAccess")}))

	granting := func(identity string, namespaces ...string) map[string][]string {
		t.Helper()
		out, err := root.ListPoliciesGrantingServiceAccess(ctx, &awsiam.ListPoliciesGrantingServiceAccessInput{Arn: aws.String(identity), ServiceNamespaces: namespaces})
		fatalIf(t, err)
		if out.IsTruncated {
			t.Error("IsTruncated")
		}
		got := map[string][]string{}
		for i, e := range out.PoliciesGrantingServiceAccess {
			if aws.ToString(e.ServiceNamespace) != namespaces[i] {
				t.Errorf("entry %d is for %s, want %s", i, aws.ToString(e.ServiceNamespace), namespaces[i])
			}
			got[namespaces[i]] = []string{}
			for _, p := range e.Policies {
				d := string(p.PolicyType) + ":" + aws.ToString(p.PolicyName)
				if p.PolicyType == "INLINE" {
					d += "@" + string(p.EntityType) + "/" + aws.ToString(p.EntityName)
				} else if aws.ToString(p.PolicyArn) == "" {
					t.Errorf("managed policy %s without ARN", aws.ToString(p.PolicyName))
				}
				got[namespaces[i]] = append(got[namespaces[i]], d)
			}
			slices.Sort(got[namespaces[i]])
		}
		return got
	}
	tests := []struct {
		name     string
		identity string
		ns       []string
		want     map[string][]string
	}{
		{"user with its groups", aws.ToString(alice.Arn), []string{"s3", "ec2", "iam", "sqs"}, map[string][]string{
			"s3":  {"MANAGED:S3Read"},
			"ec2": {"INLINE:ec2@USER/alice", "INLINE:everything-but-s3@GROUP/devs"},
			"iam": {"INLINE:everything-but-s3@GROUP/devs", "MANAGED:IAMReadOnlyAccess"},
			"sqs": {"INLINE:everything-but-s3@GROUP/devs"},
		}},
		{"group alone", "arn:aws:iam::" + acct + ":group/devs", []string{"s3", "ec2"}, map[string][]string{
			"s3": {"MANAGED:S3Read"}, "ec2": {"INLINE:everything-but-s3@GROUP/devs"},
		}},
		{"role", "arn:aws:iam::" + acct + ":role/ci", []string{"dynamodb"}, map[string][]string{"dynamodb": {"INLINE:all@ROLE/ci"}}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, granting(tc.identity, tc.ns...)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}

	_, err := root.ListPoliciesGrantingServiceAccess(ctx, &awsiam.ListPoliciesGrantingServiceAccessInput{
		Arn: aws.String("arn:aws:iam::" + acct + ":user/ghost"), ServiceNamespaces: []string{"s3"}})
	stacktest.WantError(t, err, "NoSuchEntity", "The user with name ghost cannot be found.")
	_, err = root.ListPoliciesGrantingServiceAccess(ctx, &awsiam.ListPoliciesGrantingServiceAccessInput{
		Arn: aws.String(aws.ToString(alice.Arn)), ServiceNamespaces: []string{"nosuchservice"}})
	stacktest.WantError(t, err, "InvalidInput", "")
	_, err = root.ListPoliciesGrantingServiceAccess(ctx, &awsiam.ListPoliciesGrantingServiceAccessInput{
		Arn: aws.String("arn:aws:s3:::bucket-with-a-long-name"), ServiceNamespaces: []string{"s3"}})
	stacktest.WantError(t, err, "InvalidInput", "")
}
