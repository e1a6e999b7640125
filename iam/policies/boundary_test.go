package policies_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func TestPermissionsBoundaries(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	createUser(t, root, "alice")
	r := seedRole(t, s, "ci", "")
	boundary := createPolicy(t, root, "Boundary", readDoc)

	ok(t)(root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String(boundary)}))
	u, err := root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	fatalIf(t, err)
	if u.User.PermissionsBoundary == nil || aws.ToString(u.User.PermissionsBoundary.PermissionsBoundaryArn) != boundary ||
		u.User.PermissionsBoundary.PermissionsBoundaryType != "PermissionsBoundaryPolicy" {
		t.Errorf("GetUser boundary = %+v", u.User.PermissionsBoundary)
	}
	p, err := root.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(boundary)})
	fatalIf(t, err)
	if n := aws.ToInt32(p.Policy.PermissionsBoundaryUsageCount); n != 1 {
		t.Errorf("PermissionsBoundaryUsageCount = %d, want 1", n)
	}
	ok(t)(root.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("alice")}))
	ok(t)(root.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("alice")}))
	u, err = root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	fatalIf(t, err)
	if u.User.PermissionsBoundary != nil {
		t.Errorf("boundary after DeleteUserPermissionsBoundary = %+v", u.User.PermissionsBoundary)
	}

	const awsBoundary = "arn:aws:iam::aws:policy/PowerUserAccess"
	ok(t)(root.PutRolePermissionsBoundary(ctx, &awsiam.PutRolePermissionsBoundaryInput{RoleName: aws.String("CI"), PermissionsBoundary: aws.String(awsBoundary)}))
	if got := roleBoundary(t, s, r.ID); got != awsBoundary {
		t.Errorf("role boundary = %q, want %q", got, awsBoundary)
	}
	ok(t)(root.DeleteRolePermissionsBoundary(ctx, &awsiam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String("ci")}))
	if got := roleBoundary(t, s, r.ID); got != "" {
		t.Errorf("role boundary after delete = %q", got)
	}

	missing := "arn:aws:iam::" + s.AccountID() + ":policy/Missing"
	_, err = root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String(missing)})
	stacktest.WantError(t, err, "NoSuchEntity", "Scope ARN: "+missing+" does not exist or is not attachable.")
	_, err = root.PutRolePermissionsBoundary(ctx, &awsiam.PutRolePermissionsBoundaryInput{RoleName: aws.String("ci"), PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/Nope")})
	stacktest.WantError(t, err, "NoSuchEntity", "Scope ARN: arn:aws:iam::aws:policy/Nope does not exist or is not attachable.")
	bad := "arn:aws:s3:::not-a-policy-but-long"
	_, err = root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"), PermissionsBoundary: aws.String(bad)})
	stacktest.WantError(t, err, "InvalidInput", "ARN "+bad+" is not valid.")
	_, err = root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"),
		PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy")})
	stacktest.WantError(t, err, "PolicyNotAttachable", "")
	_, err = root.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("ghost"), PermissionsBoundary: aws.String(boundary)})
	stacktest.WantError(t, err, "NoSuchEntity", "The user with name ghost cannot be found.")
	_, err = root.DeleteRolePermissionsBoundary(ctx, &awsiam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String("ghost")})
	stacktest.WantError(t, err, "NoSuchEntity", "The role with name ghost cannot be found.")
	u, err = root.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	fatalIf(t, err)
	if u.User.PermissionsBoundary != nil {
		t.Errorf("refused boundaries changed the user: %+v", u.User.PermissionsBoundary)
	}
}

func roleBoundary(t *testing.T, s *stacktest.Stack, id string) string {
	t.Helper()
	var b string
	fatalIf(t, s.Store().View(ctx, func(tx store.Tx) error {
		r, err := tx.Roles().GetByID(ctx, id)
		b = r.BoundaryARN
		return err
	}))
	return b
}

// TestDelegatedAdministrator is the IAM User Guide's pattern: an administrator may create
// users and manage their permissions only with a given boundary, may not remove or change the
// boundary, and so cannot grant more than the boundary allows, to others or to itself.
func TestDelegatedAdministrator(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	boundary := createPolicy(t, root, "DeveloperBoundary", allow("iam:ListUsers", "iam:GetUser", "s3:*"))
	other := createPolicy(t, root, "OtherBoundary", iamtest.AllowAll)
	createUser(t, root, "victim")
	adminPolicy := strings.NewReplacer("BOUNDARY", boundary).Replace(`{"Version":"2012-10-17","Statement":[
		{"Sid":"CreateOrChangeOnlyWithBoundary","Effect":"Allow","Action":["iam:CreateUser","iam:PutUserPermissionsBoundary",
			"iam:AttachUserPolicy","iam:DetachUserPolicy"],"Resource":"*",
			"Condition":{"StringEquals":{"iam:PermissionsBoundary":"BOUNDARY"}}},
		{"Sid":"Keys","Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"},
		{"Sid":"NoBoundaryRemoval","Effect":"Deny","Action":"iam:DeleteUserPermissionsBoundary","Resource":"*"},
		{"Sid":"NoBoundaryEdit","Effect":"Deny","Action":["iam:CreatePolicyVersion","iam:DeletePolicy","iam:DeletePolicyVersion",
			"iam:SetDefaultPolicyVersion"],"Resource":"BOUNDARY"}]}`)
	adminKey := s.NewUser(t, "admin", adminPolicy)
	admin := s.IAM(adminKey)
	acct := s.AccountID()
	userARN := func(n string) string { return "arn:aws:iam::" + acct + ":user/" + n }
	const adminAccess = "arn:aws:iam::aws:policy/AdministratorAccess"

	_, err := admin.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("dev")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(adminKey.ARN, "iam:CreateUser", userARN("dev")))
	_, err = admin.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("dev"), PermissionsBoundary: aws.String(other)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(adminKey.ARN, "iam:CreateUser", userARN("dev")))
	ok(t)(admin.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("dev"), PermissionsBoundary: aws.String(boundary)}))
	ok(t)(admin.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("dev"), PolicyArn: aws.String(adminAccess)}))

	// No escalation: the boundary stays, and nothing without it can be given more.
	_, err = admin.DeleteUserPermissionsBoundary(ctx, &awsiam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("dev")})
	stacktest.WantError(t, err, "AccessDenied", "User: "+adminKey.ARN+" is not authorized to perform: iam:DeleteUserPermissionsBoundary on resource: "+
		userARN("dev")+" with an explicit deny in an identity-based policy")
	_, err = admin.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("dev"), PermissionsBoundary: aws.String(other)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(adminKey.ARN, "iam:PutUserPermissionsBoundary", userARN("dev")))
	_, err = admin.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("victim"), PolicyArn: aws.String(adminAccess)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(adminKey.ARN, "iam:AttachUserPolicy", userARN("victim")))
	_, err = admin.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("admin"), PolicyArn: aws.String(adminAccess)})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(adminKey.ARN, "iam:AttachUserPolicy", userARN("admin")))
	_, err = admin.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(boundary), PolicyDocument: aws.String(iamtest.AllowAll), SetAsDefault: true})
	stacktest.WantError(t, err, "AccessDenied", "")
	// Giving its own user a boundary would let it manage itself: that only caps it further.
	ok(t)(admin.PutUserPermissionsBoundary(ctx, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("victim"), PermissionsBoundary: aws.String(boundary)}))

	// The user it made is capped by the boundary, AdministratorAccess notwithstanding.
	devOut, err := admin.CreateAccessKey(ctx, &awsiam.CreateAccessKeyInput{UserName: aws.String("dev")})
	fatalIf(t, err)
	dev := s.IAM(stacktest.Credentials{AccessKeyID: aws.ToString(devOut.AccessKey.AccessKeyId),
		SecretAccessKey: aws.ToString(devOut.AccessKey.SecretAccessKey), AccountID: acct, ARN: userARN("dev")})
	ok(t)(dev.ListUsers(ctx, &awsiam.ListUsersInput{}))
	_, err = dev.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("dev2")})
	stacktest.WantError(t, err, "AccessDenied", "User: "+userARN("dev")+" is not authorized to perform: iam:CreateUser on resource: "+userARN("dev2")+
		" because no permissions boundary allows the iam:CreateUser action")
	_, err = dev.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("dev"), PolicyArn: aws.String(adminAccess)})
	stacktest.WantError(t, err, "AccessDenied", "")

	ok(t)(admin.DetachUserPolicy(ctx, &awsiam.DetachUserPolicyInput{UserName: aws.String("dev"), PolicyArn: aws.String(adminAccess)}))
	_, err = dev.ListUsers(ctx, &awsiam.ListUsersInput{})
	stacktest.WantError(t, err, "AccessDenied", "")
}
