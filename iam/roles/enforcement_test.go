package roles_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestRoleABAC: the role's tags (aws:ResourceTag, iam:ResourceTag), the request's tags
// (aws:RequestTag, aws:TagKeys) and the permissions boundary (iam:PermissionsBoundary) are
// condition keys of role calls.
func TestRoleABAC(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	for _, r := range []struct{ name, team string }{{"blue-app", "blue"}, {"red-app", "red"}} {
		iamtest.Must(t, root.CreateRole, &awsiam.CreateRoleInput{RoleName: aws.String(r.name), AssumeRolePolicyDocument: aws.String(ec2Trust),
			Tags: []types.Tag{iamtest.Tag("team", r.team)}})
	}
	boundaryARN := "arn:aws:iam::aws:policy/ReadOnlyAccess"
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:GetRole","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"}}},
		{"Effect":"Allow","Action":"iam:UpdateRoleDescription","Resource":"*","Condition":{"StringEquals":{"iam:ResourceTag/team":"blue"}}},
		{"Effect":"Allow","Action":"iam:CreateRole","Resource":"*","Condition":{
			"StringEquals":{"aws:RequestTag/team":"blue","iam:PermissionsBoundary":"` + boundaryARN + `"},
			"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}},
		{"Effect":"Allow","Action":"iam:TagRole","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"},
			"ForAllValues:StringEquals":{"aws:TagKeys":["owner"]}}}
	]}`
	user := s.NewUser(t, "dev", policy)
	dev := s.IAM(user)
	create := func(boundary *string, tags ...string) func() error {
		return iamtest.Do(dev.CreateRole, &awsiam.CreateRoleInput{RoleName: aws.String("new-app"), AssumeRolePolicyDocument: aws.String(ec2Trust),
			Tags: iamtest.Tags(tags...), PermissionsBoundary: boundary})
	}
	tests := []iamtest.Call{
		{"GetRole of a blue role", iamtest.Do(dev.GetRole, &awsiam.GetRoleInput{RoleName: aws.String("blue-app")}), "", ""},
		{"GetRole of a red role", iamtest.Do(dev.GetRole, &awsiam.GetRoleInput{RoleName: aws.String("red-app")}), "iam:GetRole", "role/red-app"},
		{"UpdateRoleDescription by iam:ResourceTag", iamtest.Do(dev.UpdateRoleDescription, &awsiam.UpdateRoleDescriptionInput{RoleName: aws.String("blue-app"), Description: aws.String("x")}),
			"", ""},
		{"UpdateRoleDescription of a red role", iamtest.Do(dev.UpdateRoleDescription, &awsiam.UpdateRoleDescriptionInput{RoleName: aws.String("red-app"), Description: aws.String("x")}),
			"iam:UpdateRoleDescription", "role/red-app"},
		{"TagRole with an allowed key", iamtest.Do(dev.TagRole, &awsiam.TagRoleInput{RoleName: aws.String("blue-app"), Tags: []types.Tag{iamtest.Tag("owner", "me")}}),
			"", ""},
		{"TagRole retagging team", iamtest.Do(dev.TagRole, &awsiam.TagRoleInput{RoleName: aws.String("blue-app"), Tags: []types.Tag{iamtest.Tag("team", "red")}}),
			"iam:TagRole", "role/blue-app"},
		{"CreateRole without the boundary", create(nil, "team", "blue"), "iam:CreateRole", "role/new-app"},
		{"CreateRole with another team", create(aws.String(boundaryARN), "team", "red"), "iam:CreateRole", "role/new-app"},
		{"CreateRole with an extra tag key", create(aws.String(boundaryARN), "team", "blue", "cost", "1"), "iam:CreateRole", "role/new-app"},
		{"CreateRole with the boundary and tag", create(aws.String(boundaryARN), "team", "blue"), "", ""},
	}
	iamtest.Enforce(t, user.ARN, acct, tests)
}

// TestAddRoleToInstanceProfileNeedsPassRole: putting a role in an instance profile passes the
// role, so AWS requires iam:PassRole on it.
func TestAddRoleToInstanceProfileNeedsPassRole(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	iamtest.MustCreateRole(t, root, "app", ec2Trust)
	mustCreateProfile(t, root, "web")
	user := s.NewUser(t, "ops", stacktest.Policy("Allow", []string{"iam:AddRoleToInstanceProfile"}))
	ops := s.IAM(user)
	stacktest.WantError(t, addRole(ops, "web", "app"), "AccessDenied", iamtest.Denied(user.ARN, "iam:PassRole", "arn:aws:iam::"+acct+":role/app"))
	putUserPolicy(t, root, "ops", "pass", stacktest.Policy("Allow", []string{"iam:PassRole"}, "arn:aws:iam::"+acct+":role/app"))
	if err := addRole(ops, "web", "app"); err != nil {
		t.Fatalf("with iam:PassRole on the role: %v", err)
	}
}

// TestCreateServiceLinkedRoleAWSServiceName: iam:CreateServiceLinkedRole is usually granted
// for named services with the iam:AWSServiceName condition key.
func TestCreateServiceLinkedRoleAWSServiceName(t *testing.T) {
	t.Parallel()
	s, _ := iamtest.Root(t)
	acct := s.AccountID()
	user := s.NewUser(t, "deployer", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole",
		"Resource":"arn:aws:iam::*:role/aws-service-role/*","Condition":{"StringLike":{"iam:AWSServiceName":"rds.amazonaws.com"}}}]}`)
	c := s.IAM(user)
	if _, err := createSLR(c, "rds.amazonaws.com", nil, nil); err != nil {
		t.Fatalf("CreateServiceLinkedRole for the allowed service: %v", err)
	}
	_, err := createSLR(c, "ecs.amazonaws.com", nil, nil)
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreateServiceLinkedRole",
		"arn:aws:iam::"+acct+":role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"))
}

// TestMoreRoleCallsAuthorization: instance profiles are authorized on their own ARN with
// their tags, a role's boundary is iam:PermissionsBoundary in calls on the role, and
// service-linked role deletion is authorized on the role, its task through the ARN the task ID
// names.
func TestMoreRoleCallsAuthorization(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	iamtest.Must(t, root.CreateInstanceProfile, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("blue"),
		Tags: []types.Tag{iamtest.Tag("team", "blue")}})
	mustCreateProfile(t, root, "plain")
	boundaryARN := "arn:aws:iam::aws:policy/ReadOnlyAccess"
	iamtest.Must(t, root.CreateRole, &awsiam.CreateRoleInput{RoleName: aws.String("bounded"), AssumeRolePolicyDocument: aws.String(ec2Trust),
		PermissionsBoundary: aws.String(boundaryARN)})
	iamtest.MustCreateRole(t, root, "unbounded", ec2Trust)
	if _, err := createSLR(root, "ecs.amazonaws.com", nil, nil); err != nil {
		t.Fatal(err)
	}
	out := iamtest.Must(t, root.DeleteServiceLinkedRole, &awsiam.DeleteServiceLinkedRoleInput{RoleName: aws.String("AWSServiceRoleForECS")})
	task := out.DeletionTaskId
	if _, err := createSLR(root, "rds.amazonaws.com", nil, nil); err != nil {
		t.Fatal(err)
	}
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["iam:GetInstanceProfile","iam:TagInstanceProfile"],"Resource":"*",
			"Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"}}},
		{"Effect":"Allow","Action":"iam:ListInstanceProfiles","Resource":"arn:aws:iam::` + acct + `:instance-profile/"},
		{"Effect":"Allow","Action":"iam:UpdateRole","Resource":"*",
			"Condition":{"StringEquals":{"iam:PermissionsBoundary":"` + boundaryARN + `"}}},
		{"Effect":"Allow","Action":"iam:GetServiceLinkedRoleDeletionStatus","Resource":"arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/*"}
	]}`
	user := s.NewUser(t, "ops", policy)
	ops := s.IAM(user)
	tests := []iamtest.Call{
		{"GetInstanceProfile tagged blue", iamtest.Do(ops.GetInstanceProfile, &awsiam.GetInstanceProfileInput{InstanceProfileName: aws.String("blue")}),
			"", ""},
		{"GetInstanceProfile untagged", iamtest.Do(ops.GetInstanceProfile, &awsiam.GetInstanceProfileInput{InstanceProfileName: aws.String("plain")}),
			"iam:GetInstanceProfile", "instance-profile/plain"},
		{"TagInstanceProfile tagged blue", iamtest.Do(ops.TagInstanceProfile, &awsiam.TagInstanceProfileInput{InstanceProfileName: aws.String("blue"), Tags: []types.Tag{iamtest.Tag("x", "y")}}),
			"", ""},
		{"ListInstanceProfiles", iamtest.Do(ops.ListInstanceProfiles, &awsiam.ListInstanceProfilesInput{}), "", ""},
		{"ListInstanceProfilesForRole", iamtest.Do(ops.ListInstanceProfilesForRole, &awsiam.ListInstanceProfilesForRoleInput{RoleName: aws.String("bounded")}),
			"iam:ListInstanceProfilesForRole", "role/bounded"},
		{"DeleteInstanceProfile", iamtest.Do(ops.DeleteInstanceProfile, &awsiam.DeleteInstanceProfileInput{InstanceProfileName: aws.String("blue")}),
			"iam:DeleteInstanceProfile", "instance-profile/blue"},
		{"UpdateRole of a role with the boundary", iamtest.Do(ops.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String("bounded"), Description: aws.String("x")}),
			"", ""},
		{"UpdateRole of a role without it", iamtest.Do(ops.UpdateRole, &awsiam.UpdateRoleInput{RoleName: aws.String("unbounded"), Description: aws.String("x")}),
			"iam:UpdateRole", "role/unbounded"},
		{"GetServiceLinkedRoleDeletionStatus", iamtest.Do(ops.GetServiceLinkedRoleDeletionStatus, &awsiam.GetServiceLinkedRoleDeletionStatusInput{DeletionTaskId: task}),
			"", ""},
		{"DeleteServiceLinkedRole", iamtest.Do(ops.DeleteServiceLinkedRole, &awsiam.DeleteServiceLinkedRoleInput{RoleName: aws.String("AWSServiceRoleForRDS")}),
			"iam:DeleteServiceLinkedRole", "role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS"},
	}
	iamtest.Enforce(t, user.ARN, acct, tests)
}
