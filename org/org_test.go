package org_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

var ctx = context.Background()

// newOrg creates an organization managed by the stack's account and returns its client and
// root ID.
func newOrg(t *testing.T, s *stacktest.Stack) (*organizations.Client, string) {
	t.Helper()
	c := s.Organizations(s.Root())
	created, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetAll})
	if err != nil {
		t.Fatal(err)
	}
	o := created.Organization
	if !strings.HasPrefix(aws.ToString(o.Id), "o-") || aws.ToString(o.MasterAccountId) != s.AccountID() ||
		aws.ToString(o.Arn) != "arn:aws:organizations::"+s.AccountID()+":organization/"+aws.ToString(o.Id) {
		t.Fatalf("organization %+v", o)
	}
	roots, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil || len(roots.Roots) != 1 || !strings.HasPrefix(aws.ToString(roots.Roots[0].Id), "r-") {
		t.Fatalf("ListRoots: %+v %v", roots, err)
	}
	return c, aws.ToString(roots.Roots[0].Id)
}

func wantReason[E interface{ error }](t *testing.T, err error, reason string, get func(E) string) {
	t.Helper()
	var e E
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want %T", err, e)
	}
	if got := get(e); got != reason {
		t.Errorf("reason %s, want %s", got, reason)
	}
}

func TestOrganizationLifecycle(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c := s.Organizations(s.Root())
	_, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	stacktest.WantError(t, err, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
	c, _ = newOrg(t, s)
	_, err = c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{})
	stacktest.WantError(t, err, "AlreadyInOrganizationException", "")
	d, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil || d.Organization.FeatureSet != types.OrganizationFeatureSetAll {
		t.Fatalf("DescribeOrganization: %+v %v", d, err)
	}
	acct := createAccount(t, c, "dev", "dev@example.com")
	_, err = c.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{})
	stacktest.WantError(t, err, "OrganizationNotEmptyException", "")
	_, err = c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(s.AccountID())})
	stacktest.WantError(t, err, "MasterCannotLeaveOrganizationException", "")
	if _, err := c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(acct)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(acct)})
	stacktest.WantError(t, err, "AccountNotFoundException", "You specified an account that doesn't exist.")
	if _, err := c.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = c.ListRoots(ctx, &organizations.ListRootsInput{})
	stacktest.WantError(t, err, "AWSOrganizationsNotInUseException", "")
}

// createAccount creates a member account and returns its ID.
func createAccount(t *testing.T, c *organizations.Client, name, email string) string {
	t.Helper()
	out, err := c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(email)})
	if err != nil {
		t.Fatal(err)
	}
	st := out.CreateAccountStatus
	if st.State != types.CreateAccountStateSucceeded || len(aws.ToString(st.AccountId)) != 12 || !strings.HasPrefix(aws.ToString(st.Id), "car-") {
		t.Fatalf("CreateAccount status %+v", st)
	}
	again, err := c.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: st.Id})
	if err != nil || aws.ToString(again.CreateAccountStatus.AccountId) != aws.ToString(st.AccountId) {
		t.Fatalf("DescribeCreateAccountStatus: %+v %v", again, err)
	}
	return aws.ToString(st.AccountId)
}

func TestAccountsAndUnits(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	acct := createAccount(t, c, "dev", "dev@example.com")
	dup, err := c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("x"), Email: aws.String("DEV@example.com")})
	if err != nil || dup.CreateAccountStatus.State != types.CreateAccountStateFailed ||
		dup.CreateAccountStatus.FailureReason != types.CreateAccountFailureReasonEmailAlreadyExists {
		t.Fatalf("CreateAccount with a taken email: %+v %v", dup, err)
	}
	failed, err := c.ListCreateAccountStatus(ctx, &organizations.ListCreateAccountStatusInput{States: []types.CreateAccountState{types.CreateAccountStateFailed}})
	if err != nil || len(failed.CreateAccountStatuses) != 1 {
		t.Fatalf("ListCreateAccountStatus FAILED: %+v %v", failed, err)
	}
	parent := root
	var ous []string
	for i := range 5 {
		ou, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String("level" + string(rune('1'+i)))})
		if err != nil {
			t.Fatal(err)
		}
		parent = aws.ToString(ou.OrganizationalUnit.Id)
		ous = append(ous, parent)
	}
	_, err = c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String("too-deep")})
	wantReason(t, err, "OU_DEPTH_LIMIT_EXCEEDED", func(e *types.ConstraintViolationException) string { return string(e.Reason) })
	_, err = c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("LEVEL1")})
	stacktest.WantError(t, err, "DuplicateOrganizationalUnitException", "")
	_, err = c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String("ou-zzzz-zzzzzzzz"), Name: aws.String("x")})
	stacktest.WantError(t, err, "ParentNotFoundException", "")
	moveAndList(t, c, s.AccountID(), acct, root, ous)
}

func moveAndList(t *testing.T, c *organizations.Client, mgmt, acct, root string, ous []string) {
	t.Helper()
	if _, err := c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(ous[2])}); err != nil {
		t.Fatal(err)
	}
	_, err := c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(ous[2]), DestinationParentId: aws.String(ous[2])})
	stacktest.WantError(t, err, "DuplicateAccountException", "")
	d, err := c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(acct)})
	if err != nil || aws.ToString(d.Account.Email) != "dev@example.com" || d.Account.JoinedMethod != types.AccountJoinedMethodCreated ||
		d.Account.Status != types.AccountStatusActive {
		t.Fatalf("DescribeAccount: %+v %v", d, err)
	}
	parents, err := c.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(acct)})
	if err != nil || len(parents.Parents) != 1 || aws.ToString(parents.Parents[0].Id) != ous[2] || parents.Parents[0].Type != types.ParentTypeOrganizationalUnit {
		t.Fatalf("ListParents: %+v %v", parents, err)
	}
	kids, err := c.ListChildren(ctx, &organizations.ListChildrenInput{ParentId: aws.String(ous[2]), ChildType: types.ChildTypeAccount})
	if err != nil || len(kids.Children) != 1 || aws.ToString(kids.Children[0].Id) != acct {
		t.Fatalf("ListChildren: %+v %v", kids, err)
	}
	_, err = c.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(ous[2])})
	stacktest.WantError(t, err, "OrganizationalUnitNotEmptyException", "")
	var all []string
	p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page.Accounts {
			all = append(all, aws.ToString(a.Id))
		}
	}
	if len(all) != 2 || !(all[0] == mgmt || all[1] == mgmt) {
		t.Errorf("ListAccounts pages: %v", all)
	}
	ou, err := c.UpdateOrganizationalUnit(ctx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(ous[4]), Name: aws.String("renamed")})
	if err != nil || aws.ToString(ou.OrganizationalUnit.Name) != "renamed" || !strings.HasSuffix(aws.ToString(ou.OrganizationalUnit.Path), ous[4]+"/") {
		t.Fatalf("UpdateOrganizationalUnit: %+v %v", ou, err)
	}
	if _, err := c.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(ous[4])}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(ous[4])})
	stacktest.WantError(t, err, "OrganizationalUnitNotFoundException", "")
}
