package org_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestCloseAccount: the management account closes a member (not itself, not twice); the
// member shows SUSPENDED / CLOSED, its live session and its role stop working at the next
// request, and the other members are untouched.
func TestCloseAccount(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, _ := newOrg(t, s)
	acct, other := createAccount(t, c, "closing", "closing@example.com"), createAccount(t, c, "staying", "staying@example.com")
	admin := assumeAccessRole(t, s, acct)
	stays := assumeAs(t, s, s.NewUser(t, "admin-staying", allowAll), other)
	_, err := c.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(s.AccountID())})
	wantReason(t, err, "CANNOT_CLOSE_MANAGEMENT_ACCOUNT", func(e *types.ConstraintViolationException) string { return string(e.Reason) })
	_, err = c.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String("123456789012")})
	stacktest.WantError(t, err, "AccountNotFoundException", "You specified an account that doesn't exist.")
	_, err = s.Organizations(admin).CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(other)})
	stacktest.WantError(t, err, "AccessDeniedException", "")
	if err := createUser(admin, s, "open"); err != nil {
		t.Fatalf("before closing: %v", err)
	}

	if _, err := c.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(acct)}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(acct)})
	if err != nil || d.Account.Status != types.AccountStatusSuspended || d.Account.State != types.AccountStateClosed {
		t.Fatalf("DescribeAccount of a closed account: %+v %v", d, err)
	}
	_, err = c.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(acct)})
	stacktest.WantError(t, err, "AccountAlreadyClosedException", "You attempted to close an account that is already closed.")
	err = createUser(admin, s, "closed")
	stacktest.WantError(t, err, "InvalidClientTokenId", "The security token included in the request is invalid.")
	_, err = s.STS(s.NewUser(t, "late-admin", allowAll)).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("late")})
	stacktest.WantError(t, err, "InvalidClientTokenId", "")
	if err := createUser(stays, s, "still-open"); err != nil {
		t.Fatalf("another member after one closed: %v", err)
	}
}

// TestGovCloudAndConsolidatedBilling: CreateGovCloudAccount answers as AWS does for a
// management account without a paired GovCloud account; an organization of consolidated
// billing only closes no account.
func TestGovCloudAndConsolidatedBilling(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c := s.Organizations(s.Root())
	in := &organizations.CreateGovCloudAccountInput{AccountName: aws.String("gov"), Email: aws.String("gov@example.com")}
	_, err := c.CreateGovCloudAccount(ctx, in)
	stacktest.WantError(t, err, "AWSOrganizationsNotInUseException", "")
	if _, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling}); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateGovCloudAccount(ctx, in)
	wantReason(t, err, "MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED", func(e *types.ConstraintViolationException) string { return string(e.Reason) })
	acct := createAccount(t, c, "billing", "billing@example.com")
	_, err = c.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(acct)})
	wantReason(t, err, "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE", func(e *types.ConstraintViolationException) string { return string(e.Reason) })
}

// TestRemoveClosedAccount: a closed member cannot be removed from the organization (AWS keeps
// it there, SUSPENDED, until it drops out 90 days after closure: AWS Knowledge Center "Why do
// accounts in my organization show as suspended in the AWS Organizations console?"; a removed
// account must be able to operate standalone: Organizations User Guide, "Removing a member
// account"). It stays listed and closed, so its credentials stay refused; an open member next
// to it is still removed.
func TestRemoveClosedAccount(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, _ := newOrg(t, s)
	closed, open := createAccount(t, c, "closed", "closed@example.com"), createAccount(t, c, "open", "open@example.com")
	admin := assumeAccessRole(t, s, closed)
	if _, err := c.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(closed)}); err != nil {
		t.Fatal(err)
	}
	_, err := c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(closed)})
	wantReason(t, err, "ACCOUNT_CANNOT_LEAVE_ORGANIZATION", func(e *types.ConstraintViolationException) string { return string(e.Reason) })
	d, err := c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(closed)})
	if err != nil || d.Account.Status != types.AccountStatusSuspended || d.Account.State != types.AccountStateClosed {
		t.Fatalf("DescribeAccount after the refused removal: %+v %v", d, err)
	}
	err = createUser(admin, s, "after-remove")
	stacktest.WantError(t, err, "InvalidClientTokenId", "The security token included in the request is invalid.")
	if _, err := c.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(open)}); err != nil {
		t.Fatalf("removing an open member: %v", err)
	}
	_, err = c.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(open)})
	stacktest.WantError(t, err, "AccountNotFoundException", "")
}
