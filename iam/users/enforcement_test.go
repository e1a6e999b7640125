package users_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// The plain denials of every operation are the iam package's TestAuthorization; these tests
// are about how policies combine: explicit denies, boundaries, groups and policy variables.

// explicitDeny is the reason of AWS's AccessDenied message for a deny in an inline policy.
const explicitDeny = "with an explicit deny in an identity-based policy"

func TestExplicitDenyBeatsAllow(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	user := s.NewUser(t, "alice", iamtest.AllowAll, stacktest.Policy("Deny", []string{"iam:CreateUser"}))
	alice := s.IAM(user)
	acct := s.AccountID()
	createBob := iamtest.Do(alice.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("bob")})
	listUsers := iamtest.Do(alice.ListUsers, &awsiam.ListUsersInput{})

	stacktest.WantError(t, createBob(), "AccessDenied", iamtest.DeniedBecause(user.ARN, "iam:CreateUser", "arn:aws:iam::"+acct+":user/bob", explicitDeny))
	if err := listUsers(); err != nil {
		t.Errorf("ListUsers, allowed and not denied: %v", err)
	}

	// A deny in a managed policy names the policy; deleting the inline deny takes it away at once.
	iamtest.Must(t, root.DeleteUserPolicy, &awsiam.DeleteUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("policy-2")})
	policyARN := attachNewPolicy(t, root, "NoListing", stacktest.Policy("Deny", []string{"iam:List*"}), "alice")
	stacktest.WantError(t, listUsers(), "AccessDenied", iamtest.DeniedBecause(user.ARN, "iam:ListUsers", "arn:aws:iam::"+acct+":user/",
		explicitDeny+": "+policyARN))
	if err := createBob(); err != nil {
		t.Errorf("CreateUser once the inline deny is gone: %v", err)
	}
}

func TestPermissionsBoundary(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	user := s.NewUser(t, "alice", iamtest.AllowAll)
	alice := s.IAM(user)
	boundary := "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
	iamtest.Must(t, root.PutUserPermissionsBoundary, &awsiam.PutUserPermissionsBoundaryInput{UserName: aws.String("alice"),
		PermissionsBoundary: aws.String(boundary)})
	if _, err := alice.ListUsers(t.Context(), &awsiam.ListUsersInput{}); err != nil {
		t.Errorf("ListUsers, allowed by identity and boundary: %v", err)
	}
	_, err := alice.CreateUser(t.Context(), &awsiam.CreateUserInput{UserName: aws.String("bob")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.DeniedBecause(user.ARN, "iam:CreateUser", "arn:aws:iam::"+s.AccountID()+":user/bob",
		"because no permissions boundary allows the iam:CreateUser action"))
	got := iamtest.Must(t, root.GetUser, &awsiam.GetUserInput{UserName: aws.String("alice")})
	if got.User.PermissionsBoundary == nil || aws.ToString(got.User.PermissionsBoundary.PermissionsBoundaryArn) != boundary {
		t.Errorf("GetUser boundary = %+v", got.User.PermissionsBoundary)
	}
}

func TestPolicyVariablesAndTags(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	// Alice may tag only users whose team tag matches hers, and only with her team.
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:TagUser","Resource":"*",
		"Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}","aws:RequestTag/team":"${aws:PrincipalTag/team}"}}}]}`
	user := s.NewUser(t, "alice", doc)
	tagUser := func(c *awsiam.Client, name, team string) func() error {
		return iamtest.Do(c.TagUser, &awsiam.TagUserInput{UserName: aws.String(name), Tags: []types.Tag{iamtest.Tag("team", team)}})
	}
	for name, team := range map[string]string{"alice": "blue", "bob": "blue", "carol": "red"} {
		if name != "alice" {
			iamtest.MustCreateUser(t, root, name)
		}
		if err := tagUser(root, name, team)(); err != nil {
			t.Fatal(err)
		}
	}
	alice := s.IAM(user)
	iamtest.Enforce(t, user.ARN, s.AccountID(), []iamtest.Call{
		{"a user of her team, with her team", tagUser(alice, "bob", "blue"), "", ""},
		{"a user of another team", tagUser(alice, "carol", "blue"), "iam:TagUser", "user/carol"},
		{"with another team", tagUser(alice, "bob", "red"), "iam:TagUser", "user/bob"},
	})
}

// attachNewPolicy creates a customer managed policy and attaches it to the user, returning
// its ARN.
func attachNewPolicy(t *testing.T, root *awsiam.Client, name, doc, user string) string {
	t.Helper()
	policyARN := iamtest.Must(t, root.CreatePolicy, &awsiam.CreatePolicyInput{PolicyName: aws.String(name), PolicyDocument: aws.String(doc)}).Policy.Arn
	iamtest.Must(t, root.AttachUserPolicy, &awsiam.AttachUserPolicyInput{UserName: aws.String(user), PolicyArn: policyARN})
	return aws.ToString(policyARN)
}
