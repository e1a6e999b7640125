package org_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// memberUser creates, with a member account's administrator, a user of that account with
// one inline policy.
func memberUser(t *testing.T, s *stacktest.Stack, admin stacktest.Credentials, name, doc string) stacktest.Credentials {
	t.Helper()
	c := s.IAM(admin)
	u, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String("p"), PolicyDocument: aws.String(doc)}); err != nil {
		t.Fatal(err)
	}
	k, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return stacktest.Credentials{AccessKeyID: aws.ToString(k.AccessKey.AccessKeyId), SecretAccessKey: aws.ToString(k.AccessKey.SecretAccessKey),
		AccountID: admin.AccountID, ARN: aws.ToString(u.User.Arn)}
}

func wantConstraint(t *testing.T, err error, reason types.ConstraintViolationExceptionReason) {
	t.Helper()
	wantReason(t, err, string(reason), func(e *types.ConstraintViolationException) string { return string(e.Reason) })
}

func wantInvalid(t *testing.T, err error, reason types.InvalidInputExceptionReason) {
	t.Helper()
	wantReason(t, err, string(reason), func(e *types.InvalidInputException) string { return string(e.Reason) })
}

const configPrincipal = "config.amazonaws.com"

func register(c *organizations.Client, account, principal string) error {
	_, err := c.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{
		AccountId: aws.String(account), ServicePrincipal: aws.String(principal)})
	return err
}

// TestDelegatedAdministrators: registration's rules and errors, the lists, and the read-only
// access a registration gives a member account (and takes away when deregistered).
func TestDelegatedAdministrators(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, _ := newOrg(t, s)
	acct := createAccount(t, c, "sec", "sec@example.com")
	other := createAccount(t, c, "other", "other@example.com")
	wantConstraint(t, register(c, acct, configPrincipal), types.ConstraintViolationExceptionReasonServiceAccessNotEnabled)
	if _, err := c.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(configPrincipal)}); err != nil {
		t.Fatal(err)
	}
	wantConstraint(t, register(c, s.AccountID(), configPrincipal), types.ConstraintViolationExceptionReasonCannotRegisterMasterAsDelegatedAdministrator)
	stacktest.WantError(t, register(c, "111111111111", configPrincipal), "AccountNotFoundException", "You specified an account that doesn't exist.")
	wantInvalid(t, register(c, acct, "nonsense"), types.InvalidInputExceptionReasonUnrecognizedServicePrincipal)
	if err := register(c, acct, configPrincipal); err != nil {
		t.Fatal(err)
	}
	stacktest.WantError(t, register(c, acct, configPrincipal), "AccountAlreadyRegisteredException",
		"The specified account is already a delegated administrator for this Amazon Web Services service.")

	admins, err := c.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{})
	if err != nil || len(admins.DelegatedAdministrators) != 1 {
		t.Fatalf("ListDelegatedAdministrators: %+v %v", admins, err)
	}
	d := admins.DelegatedAdministrators[0]
	if aws.ToString(d.Id) != acct || aws.ToString(d.Name) != "sec" || aws.ToString(d.Email) != "sec@example.com" ||
		d.Status != types.AccountStatusActive || d.DelegationEnabledDate == nil || time.Since(*d.DelegationEnabledDate) > time.Hour {
		t.Errorf("delegated administrator %+v", d)
	}
	none, err := c.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String("guardduty.amazonaws.com")})
	if err != nil || len(none.DelegatedAdministrators) != 0 {
		t.Errorf("ListDelegatedAdministrators for another service: %+v %v", none, err)
	}
	svcs, err := c.ListDelegatedServicesForAccount(ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(acct)})
	if err != nil || len(svcs.DelegatedServices) != 1 || aws.ToString(svcs.DelegatedServices[0].ServicePrincipal) != configPrincipal {
		t.Fatalf("ListDelegatedServicesForAccount: %+v %v", svcs, err)
	}
	_, err = c.ListDelegatedServicesForAccount(ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(other)})
	stacktest.WantError(t, err, "AccountNotRegisteredException", "The specified account is not a delegated administrator for this Amazon Web Services service.")
	_, err = c.ListDelegatedServicesForAccount(ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String("222222222222")})
	stacktest.WantError(t, err, "AccountNotFoundException", "")

	// The registered account reads the organization; it does not change it. Another member
	// reads nothing.
	sec := s.Organizations(assumeAccessRole(t, s, acct))
	if out, err := sec.ListAccounts(ctx, &organizations.ListAccountsInput{}); err != nil || len(out.Accounts) != 3 {
		t.Fatalf("a delegated administrator's ListAccounts: %+v %v", out, err)
	}
	if _, err := sec.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{}); err != nil {
		t.Errorf("a delegated administrator's ListDelegatedAdministrators: %v", err)
	}
	// ListHandshakesForOrganization: "called only from the organization's management account or
	// by a member account that is a delegated administrator" (Organizations API reference).
	if _, err := sec.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{}); err != nil {
		t.Errorf("a delegated administrator's ListHandshakesForOrganization: %v", err)
	}
	_, err = sec.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("x"), Description: aws.String("x"),
		Type: types.PolicyTypeTagPolicy, Content: aws.String(`{"tags":{}}`)})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	err = register(sec, other, configPrincipal)
	stacktest.WantError(t, err, "AccessDeniedException", "")
	outsider := s.Organizations(assumeAccessRole(t, s, other))
	_, err = outsider.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "You don't have permissions to access this resource.")
	_, err = outsider.ListHandshakesForOrganization(ctx, &organizations.ListHandshakesForOrganizationInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "You don't have permissions to access this resource.")
	if _, err := outsider.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}); err != nil {
		t.Errorf("every member describes its organization: %v", err)
	}

	deregister := func(account string) error {
		_, err := c.DeregisterDelegatedAdministrator(ctx, &organizations.DeregisterDelegatedAdministratorInput{
			AccountId: aws.String(account), ServicePrincipal: aws.String(configPrincipal)})
		return err
	}
	_, err = c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(acct)})
	wantConstraint(t, err, types.ConstraintViolationExceptionReasonCannotRemoveDelegatedAdministratorFromOrg)
	stacktest.WantError(t, deregister(other), "AccountNotRegisteredException", "")
	stacktest.WantError(t, deregister("333333333333"), "AccountNotFoundException", "")
	if err := deregister(acct); err != nil {
		t.Fatal(err)
	}
	_, err = sec.ListAccounts(ctx, &organizations.ListAccountsInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "You don't have permissions to access this resource.")
	if _, err := c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(acct)}); err != nil {
		t.Errorf("removing a deregistered account: %v", err)
	}
}

// delegation lets the member account ma read accounts and policies and manage tag policies.
func delegation(ma string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + ma + `:root"},
		"Action":["organizations:ListAccounts","organizations:DescribePolicy","organizations:ListPolicies","organizations:CreatePolicy"],"Resource":"*"}]}`
}

// TestResourcePolicy: PutResourcePolicy, DescribeResourcePolicy, DeleteResourcePolicy and
// their errors, and the delegation policy enforced: a member account's caller needs both it
// and its own identity policy.
func TestResourcePolicy(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, _ := newOrg(t, s)
	acct := createAccount(t, c, "policies", "policies@example.com")
	other := createAccount(t, c, "other", "other@example.com")
	_, err := c.DescribeResourcePolicy(ctx, &organizations.DescribeResourcePolicyInput{})
	stacktest.WantError(t, err, "ResourcePolicyNotFoundException", "We can't find a resource policy request with the parameter that you specified.")
	_, err = c.DeleteResourcePolicy(ctx, &organizations.DeleteResourcePolicyInput{})
	stacktest.WantError(t, err, "ResourcePolicyNotFoundException", "")
	put := func(c *organizations.Client, doc string) (*organizations.PutResourcePolicyOutput, error) {
		return c.PutResourcePolicy(ctx, &organizations.PutResourcePolicyInput{Content: aws.String(doc)})
	}
	_, err = put(c, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+acct+`"},"Action":"organizations:*","Resource":"*"}]}`)
	wantInvalid(t, err, types.InvalidInputExceptionReasonUnsupportedActionInResourcePolicy)
	_, err = put(c, `{"Version":`)
	wantInvalid(t, err, types.InvalidInputExceptionReasonInvalidResourcePolicyJson)

	created, err := put(c, delegation(acct))
	if err != nil {
		t.Fatal(err)
	}
	sum := created.ResourcePolicy.ResourcePolicySummary
	if id := aws.ToString(sum.Id); !strings.HasPrefix(id, "rp-") ||
		!strings.HasPrefix(aws.ToString(sum.Arn), "arn:aws:organizations::"+s.AccountID()+":resourcepolicy/o-") || !strings.HasSuffix(aws.ToString(sum.Arn), "/"+id) {
		t.Errorf("resource policy summary %+v", sum)
	}
	again, err := put(c, delegation(acct))
	if err != nil || aws.ToString(again.ResourcePolicy.ResourcePolicySummary.Id) != aws.ToString(sum.Id) {
		t.Errorf("PutResourcePolicy again: %+v %v", again, err)
	}
	rpID := sum.Id
	if _, err := c.TagResource(ctx, &organizations.TagResourceInput{ResourceId: rpID, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("platform")}}}); err != nil {
		t.Fatalf("tagging the resource policy: %v", err)
	}
	if tags, err := c.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: rpID}); err != nil ||
		len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != "platform" {
		t.Errorf("the resource policy's tags: %+v %v", tags, err)
	}
	d, err := c.DescribeResourcePolicy(ctx, &organizations.DescribeResourcePolicyInput{})
	if err != nil || aws.ToString(d.ResourcePolicy.Content) != delegation(acct) {
		t.Fatalf("DescribeResourcePolicy: %+v %v", d, err)
	}

	admin := assumeAccessRole(t, s, acct)
	member := s.Organizations(admin)
	if out, err := member.ListAccounts(ctx, &organizations.ListAccountsInput{}); err != nil || len(out.Accounts) != 3 {
		t.Fatalf("a delegated ListAccounts: %+v %v", out, err)
	}
	if _, err := member.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("tags"), Description: aws.String("d"),
		Type: types.PolicyTypeTagPolicy, Content: aws.String(`{"tags":{"team":{"tag_key":{"@@assign":"Team"}}}}`)}); err != nil {
		t.Errorf("a delegated CreatePolicy: %v", err)
	}
	_, err = member.ListRoots(ctx, &organizations.ListRootsInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = member.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("x@example.com")})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = put(member, delegation(acct))
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = member.DescribeResourcePolicy(ctx, &organizations.DescribeResourcePolicyInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "")

	// The member's own identity policy must allow the action too.
	reader := s.Organizations(memberUser(t, s, admin, "roots-only", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"organizations:ListRoots","Resource":"*"}]}`))
	_, err = reader.ListAccounts(ctx, &organizations.ListAccountsInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	// Another member is not in the policy.
	_, err = s.Organizations(assumeAccessRole(t, s, other)).ListAccounts(ctx, &organizations.ListAccountsInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "")

	if _, err := c.DeleteResourcePolicy(ctx, &organizations.DeleteResourcePolicyInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = member.ListAccounts(ctx, &organizations.ListAccountsInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "You don't have permissions to access this resource.")
}
