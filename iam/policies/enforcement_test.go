package policies_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// TestChangesApplyToTheNextRequest: versions, attachments, inline group policies and
// boundaries reach the authorizer through the store's change feed before the call that made
// them answers, so the affected user's very next request is decided by them.
func TestChangesApplyToTheNextRequest(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	user := s.NewUser(t, "alice")
	alice := s.IAM(user)
	canList := iamtest.Do(alice.ListUsers, &awsiam.ListUsersInput{})
	policyARN := createPolicy(t, root, "Listing", allow("iam:ListUsers"))
	stacktest.WantError(t, canList(), "AccessDenied", "")

	ok(t)(root.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(policyARN)}))
	fatalIf(t, canList())

	// A new default version takes the permission away; rolling back restores it.
	ok(t)(root.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(policyARN),
		PolicyDocument: aws.String(allow("iam:ListGroups")), SetAsDefault: true}))
	stacktest.WantError(t, canList(), "AccessDenied", "")
	ok(t)(root.SetDefaultPolicyVersion(ctx, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v1")}))
	fatalIf(t, canList())
	// A version that is not the default changes nothing.
	ok(t)(root.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(policyARN),
		PolicyDocument: aws.String(stackDeny("iam:ListUsers"))}))
	fatalIf(t, canList())

	// A boundary caps the user at once; removing it lifts the cap.
	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"),
		PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/AWSDenyAll")}))
	stacktest.WantError(t, canList(), "AccessDenied", "")
	ok(t)(root.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("alice")}))
	fatalIf(t, canList())

	ok(t)(root.DetachUserPolicy(ctx, &awsiam.DetachUserPolicyInput{UserName: aws.String("alice"), PolicyArn: aws.String(policyARN)}))
	stacktest.WantError(t, canList(), "AccessDenied", "")

	// Through a group: attached and inline policies, and an explicit deny.
	seedGroup(t, s, "devs", "alice")
	ok(t)(root.AttachGroupPolicy(ctx, &awsiam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String(policyARN)}))
	fatalIf(t, canList())
	ok(t)(root.PutGroupPolicy(ctx, &awsiam.PutGroupPolicyInput{GroupName: aws.String("devs"), PolicyName: aws.String("no"),
		PolicyDocument: aws.String(stackDeny("iam:ListUsers"))}))
	stacktest.WantError(t, canList(), "AccessDenied", "User: "+user.ARN+" is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::"+
		s.AccountID()+":user/ with an explicit deny in an identity-based policy")
	ok(t)(root.DeleteGroupPolicy(ctx, &awsiam.DeleteGroupPolicyInput{GroupName: aws.String("devs"), PolicyName: aws.String("no")}))
	fatalIf(t, canList())
	ok(t)(root.DetachGroupPolicy(ctx, &awsiam.DetachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String(policyARN)}))
	stacktest.WantError(t, canList(), "AccessDenied", "")
}

func stackDeny(actions ...string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":` + jsonList(actions) + `,"Resource":"*"}]}`
}

func jsonList(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += ","
		}
		out += `"` + s + `"`
	}
	return out + "]"
}

// TestAuthorizationConditions: the condition keys policy operations carry (iam:PolicyARN, the
// role's iam:ResourceTag) and resources a policy scopes (a group, AWS managed policies) decide
// them; the plain denials of every operation are the iam package's TestAuthorization.
func TestAuthorizationConditions(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	createUser(t, root, "bob")
	seedGroup(t, s, "devs")
	seedRole(t, s, "ci", "")
	tagRole(t, s, seedRole(t, s, "blue-app", ""), store.Tag{Key: "team", Value: "blue"})
	tagRole(t, s, seedRole(t, s, "red-app", ""), store.Tag{Key: "team", Value: "red"})
	policyARN := createPolicy(t, root, "P", readDoc)
	acct := s.AccountID()
	user := s.NewUser(t, "alice", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["iam:AttachUserPolicy","iam:AttachRolePolicy"],"Resource":"*",
			"Condition":{"ArnEquals":{"iam:PolicyARN":"arn:aws:iam::aws:policy/ReadOnlyAccess"}}},
		{"Effect":"Allow","Action":["iam:PutGroupPolicy","iam:ListAttachedGroupPolicies"],"Resource":"arn:aws:iam::`+acct+`:group/devs"},
		{"Effect":"Allow","Action":"iam:GetPolicy","Resource":"arn:aws:iam::aws:policy/*"},
		{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"*","Condition":{"StringEquals":{"iam:ResourceTag/team":"blue"}}}]}`)
	alice := s.IAM(user)
	readOnly, admin := aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess"), aws.String("arn:aws:iam::aws:policy/AdministratorAccess")
	inline := func(role string) *awsiam.PutRolePolicyInput {
		return &awsiam.PutRolePolicyInput{RoleName: aws.String(role), PolicyName: aws.String("p"), PolicyDocument: aws.String(readDoc)}
	}
	iamtest.Enforce(t, user.ARN, acct, []iamtest.Call{
		{"AttachUserPolicy of the policy allowed", iamtest.Do(alice.AttachUserPolicy, &awsiam.AttachUserPolicyInput{UserName: aws.String("bob"), PolicyArn: readOnly}), "", ""},
		{"AttachUserPolicy of another", iamtest.Do(alice.AttachUserPolicy, &awsiam.AttachUserPolicyInput{UserName: aws.String("bob"), PolicyArn: admin}),
			"iam:AttachUserPolicy", "user/bob"},
		{"AttachRolePolicy of the policy allowed", iamtest.Do(alice.AttachRolePolicy, &awsiam.AttachRolePolicyInput{RoleName: aws.String("ci"), PolicyArn: readOnly}), "", ""},
		{"PutGroupPolicy on the group allowed", iamtest.Do(alice.PutGroupPolicy, &awsiam.PutGroupPolicyInput{GroupName: aws.String("devs"), PolicyName: aws.String("p"),
			PolicyDocument: aws.String(readDoc)}), "", ""},
		{"ListAttachedGroupPolicies of the group allowed", iamtest.Do(alice.ListAttachedGroupPolicies, &awsiam.ListAttachedGroupPoliciesInput{GroupName: aws.String("devs")}), "", ""},
		{"PutGroupPolicy on a group that does not exist", iamtest.Do(alice.PutGroupPolicy, &awsiam.PutGroupPolicyInput{GroupName: aws.String("ghosts"),
			PolicyName: aws.String("p"), PolicyDocument: aws.String(readDoc)}), "iam:PutGroupPolicy", "group/ghosts"},
		{"PutRolePolicy on a blue role", iamtest.Do(alice.PutRolePolicy, inline("blue-app")), "", ""},
		{"PutRolePolicy on a red role", iamtest.Do(alice.PutRolePolicy, inline("red-app")), "iam:PutRolePolicy", "role/red-app"},
		{"GetPolicy of an AWS managed policy", iamtest.Do(alice.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: readOnly}), "", ""},
		{"GetPolicy of a customer managed policy", iamtest.Do(alice.GetPolicy, &awsiam.GetPolicyInput{PolicyArn: aws.String(policyARN)}),
			"iam:GetPolicy", "policy/P"},
	})
}
