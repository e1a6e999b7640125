package org_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

const denyCreateUser = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}`

func createUser(c stacktest.Credentials, s *stacktest.Stack, name string) error {
	_, err := s.IAM(c).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)})
	return err
}

func attach(t *testing.T, c *organizations.Client, policy, target string) {
	t.Helper()
	if _, err := c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(policy), TargetId: aws.String(target)}); err != nil {
		t.Fatal(err)
	}
}

func detach(t *testing.T, c *organizations.Client, policy, target string) {
	t.Helper()
	if _, err := c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(policy), TargetId: aws.String(target)}); err != nil {
		t.Fatal(err)
	}
}

// TestSCPEnforced: an SCP denying iam:CreateUser bites a member account's session at the next
// request, live, and lets go when detached; the management account is exempt; an account
// that leaves is outside every SCP.
func TestSCPEnforced(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	acct := createAccount(t, c, "dev", "dev@example.com")
	admin := assumeAccessRole(t, s, acct)
	if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy}); err != nil {
		t.Fatal(err)
	}
	if err := createUser(admin, s, "before"); err != nil {
		t.Fatalf("with FullAWSAccess only: %v", err)
	}
	deny := createSCP(t, c, "deny-create-user", denyCreateUser)
	attach(t, c, deny, root)
	err := createUser(admin, s, "after")
	stacktest.WantError(t, err, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::%s:user/after with an explicit deny in a service control policy", admin.ARN, acct))
	mgmtAdmin := s.NewUser(t, "mgmt-admin", allowAll)
	if err := createUser(mgmtAdmin, s, "exempt"); err != nil {
		t.Errorf("the management account is exempt from SCPs: %v", err)
	}
	detach(t, c, deny, root)
	if err := createUser(admin, s, "again"); err != nil {
		t.Fatalf("after the SCP is detached: %v", err)
	}
	attach(t, c, deny, acct)
	stacktest.WantError(t, createUser(admin, s, "denied"), "AccessDenied", "")
	if _, err := c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(acct)}); err != nil {
		t.Fatal(err)
	}
	if err := createUser(admin, s, "departed"); err != nil {
		t.Errorf("an account that left the organization is outside its SCPs: %v", err)
	}
}

// TestSCPAllowMissingAtOneLevel: an OU whose only SCP allows a few actions fences the accounts
// beneath it, even though the root and the account allow everything; an allow-list SCP with
// a condition allows only what the condition lets through.
func TestSCPAllowMissingAtOneLevel(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	acct := createAccount(t, c, "dev", "dev@example.com")
	admin := assumeAccessRole(t, s, acct)
	if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy}); err != nil {
		t.Fatal(err)
	}
	ou, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("fenced")})
	if err != nil {
		t.Fatal(err)
	}
	ouID := aws.ToString(ou.OrganizationalUnit.Id)
	allowList := createSCP(t, c, "allow-list", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","sts:*"],"Resource":"*"},
		{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*","Condition":{"StringLike":{"aws:RequestTag/team":"platform"}}}]}`)
	attach(t, c, allowList, ouID)
	detach(t, c, "p-FullAWSAccess", ouID)
	if _, err := c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(ouID)}); err != nil {
		t.Fatal(err)
	}
	err = createUser(admin, s, "untagged")
	stacktest.WantError(t, err, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::%s:user/untagged because no service control policy allows the iam:CreateUser action", admin.ARN, acct))
	_, err = s.IAM(admin).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("tagged"),
		Tags: []iamtypes.Tag{{Key: aws.String("team"), Value: aws.String("platform")}}})
	if err != nil {
		t.Errorf("CreateUser with the tag the allow-list's condition wants: %v", err)
	}
	if _, err := s.IAM(admin).ListUsers(ctx, &iam.ListUsersInput{}); err != nil {
		t.Errorf("ListUsers is on the allow-list: %v", err)
	}
}

// outsider makes a user with every permission in an account outside the organization.
func outsider(t *testing.T, s *stacktest.Stack) stacktest.Credentials {
	t.Helper()
	root := s.NewAccount(t)
	c := s.IAM(root)
	out, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("outsider")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("outsider"), PolicyName: aws.String("all"), PolicyDocument: aws.String(allowAll)}); err != nil {
		t.Fatal(err)
	}
	key, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("outsider")})
	if err != nil {
		t.Fatal(err)
	}
	return stacktest.Credentials{AccessKeyID: aws.ToString(key.AccessKey.AccessKeyId), SecretAccessKey: aws.ToString(key.AccessKey.SecretAccessKey),
		AccountID: root.AccountID, ARN: aws.ToString(out.User.Arn)}
}

// trustingRole creates, in a member account, a role whose trust policy is doc.
func trustingRole(t *testing.T, s *stacktest.Stack, admin stacktest.Credentials, name, doc string) string {
	t.Helper()
	out, err := s.IAM(admin).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(doc)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.Role.Arn)
}

func assume(s *stacktest.Stack, c stacktest.Credentials, role string) error {
	_, err := s.STS(c).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("probe")})
	return err
}

// TestRCPAndPrincipalOrgID: a trust policy with aws:PrincipalOrgID lets the organization in and
// keeps an outside account out; an RCP that refuses principals outside the organization
// overrides a trust policy that lets everyone in.
func TestRCPAndPrincipalOrgID(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	org, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	orgID := aws.ToString(org.Organization.Id)
	acct := createAccount(t, c, "dev", "dev@example.com")
	admin := assumeAccessRole(t, s, acct)
	insider := s.NewUser(t, "insider", allowAll)
	stranger := outsider(t, s)
	inOrg := trustingRole(t, s, admin, "org-only", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"`+orgID+`"}}}]}`)
	if err := assume(s, insider, inOrg); err != nil {
		t.Errorf("a principal of the organization assuming an aws:PrincipalOrgID role: %v", err)
	}
	stacktest.WantError(t, assume(s, stranger, inOrg), "AccessDenied", "")
	open := trustingRole(t, s, admin, "open", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+stranger.ARN+`"},"Action":"sts:AssumeRole"}]}`)
	if err := assume(s, stranger, open); err != nil {
		t.Fatalf("before any RCP: %v", err)
	}
	if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeResourceControlPolicy}); err != nil {
		t.Fatal(err)
	}
	if err := assume(s, stranger, open); err != nil {
		t.Fatalf("with RCPFullAWSAccess only: %v", err)
	}
	rcp, err := c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("org-only"), Description: aws.String(""), Type: types.PolicyTypeResourceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"*",
			"Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"` + orgID + `"}}}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	attach(t, c, aws.ToString(rcp.Policy.PolicySummary.Id), acct)
	err = assume(s, stranger, open)
	stacktest.WantError(t, err, "AccessDenied", fmt.Sprintf("User: %s is not authorized to perform: sts:AssumeRole on resource: %s with an explicit deny in a resource control policy", stranger.ARN, open))
	if err := assume(s, insider, inOrg); err != nil {
		t.Errorf("the RCP lets the organization's principals through: %v", err)
	}
}
