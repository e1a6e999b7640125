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

// TestAuthorization: every operation is authorized against the resource and condition keys the
// Service Authorization Reference gives it, and denied with AWS's message.
func TestAuthorization(t *testing.T) {
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
	arn := func(kind, name string) string { return "arn:aws:iam::" + acct + ":" + kind + "/" + name }

	ok(t)(alice.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("bob"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}))
	_, err := alice.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("bob"), PolicyArn: aws.String("arn:aws:iam::aws:policy/AdministratorAccess")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:AttachUserPolicy", arn("user", "bob")))
	ok(t)(alice.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String("ci"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}))
	_, err = alice.AttachGroupPolicy(ctx, &awsiam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:AttachGroupPolicy", arn("group", "devs")))
	ok(t)(alice.PutGroupPolicy(ctx, &awsiam.PutGroupPolicyInput{GroupName: aws.String("devs"), PolicyName: aws.String("p"), PolicyDocument: aws.String(readDoc)}))
	ok(t)(alice.ListAttachedGroupPolicies(ctx, &awsiam.ListAttachedGroupPoliciesInput{GroupName: aws.String("devs")}))
	// A missing entity is not revealed to a caller who may not act on it.
	_, err = alice.PutGroupPolicy(ctx, &awsiam.PutGroupPolicyInput{GroupName: aws.String("ghosts"), PolicyName: aws.String("p"), PolicyDocument: aws.String(readDoc)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:PutGroupPolicy", arn("group", "ghosts")))
	_, err = alice.DetachRolePolicy(ctx, &awsiam.DetachRolePolicyInput{RoleName: aws.String("ci"), PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:DetachRolePolicy", arn("role", "ci")))

	// ABAC on the role's tags.
	ok(t)(alice.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: aws.String("blue-app"), PolicyName: aws.String("p"), PolicyDocument: aws.String(readDoc)}))
	_, err = alice.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: aws.String("red-app"), PolicyName: aws.String("p"), PolicyDocument: aws.String(readDoc)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:PutRolePolicy", arn("role", "red-app")))

	ok(t)(alice.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}))
	_, err = alice.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:GetPolicy", policyARN))
	_, err = alice.ListPolicies(ctx, &awsiam.ListPoliciesInput{})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:ListPolicies", "*"))
	_, err = alice.GetAccountAuthorizationDetails(ctx, &awsiam.GetAccountAuthorizationDetailsInput{})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:GetAccountAuthorizationDetails", "*"))
	_, err = alice.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("Mine"), Path: aws.String("/x/"), PolicyDocument: aws.String(readDoc)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:CreatePolicy", "arn:aws:iam::"+acct+":policy/x/Mine"))
	_, err = alice.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("bob"), PermissionsBoundary: aws.String(policyARN)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(user.ARN, "iam:PutUserPermissionsBoundary", arn("user", "bob")))
}
