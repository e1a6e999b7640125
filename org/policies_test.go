package org_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

const denyS3 = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`

func createSCP(t *testing.T, c *organizations.Client, name, doc string) string {
	t.Helper()
	p, err := c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String(name), Description: aws.String("d"),
		Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(doc)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(p.Policy.PolicySummary.Id)
}

func TestPoliciesAndAttachments(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	acct := createAccount(t, c, "dev", "dev@example.com")
	id := createSCP(t, c, "deny-s3", denyS3)
	_, err := c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("bad"), Description: aws.String(""),
		Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(`{"Statement":[{"Effect":"Maybe"}]}`)})
	stacktest.WantError(t, err, "MalformedPolicyDocumentException", "")
	_, err = c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("deny-s3"), Description: aws.String(""),
		Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(denyS3)})
	stacktest.WantError(t, err, "DuplicatePolicyException", "")
	if _, err := c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("tags"), Description: aws.String(""),
		Type: types.PolicyTypeTagPolicy, Content: aws.String(`{"tags":{"team":{"tag_key":{"@@assign":"Team"}}}}`)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(acct)})
	stacktest.WantError(t, err, "PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.")
	en, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})
	if err != nil || len(en.Root.PolicyTypes) != 1 || en.Root.PolicyTypes[0].Status != types.PolicyTypeStatusEnabled {
		t.Fatalf("EnablePolicyType: %+v %v", en, err)
	}
	_, err = c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy})
	stacktest.WantError(t, err, "PolicyTypeAlreadyEnabledException", "")
	targets, err := c.ListTargetsForPolicy(ctx, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String("p-FullAWSAccess")})
	if err != nil || len(targets.Targets) != 3 { // the root and both accounts
		t.Fatalf("FullAWSAccess targets: %+v %v", targets, err)
	}
	ou, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("eng")})
	if err != nil {
		t.Fatal(err)
	}
	onOU := policiesOf(t, c, aws.ToString(ou.OrganizationalUnit.Id))
	if len(onOU) != 1 || onOU[0] != "p-FullAWSAccess" {
		t.Errorf("a new OU's SCPs %v, want FullAWSAccess", onOU)
	}
	attachDetach(t, c, id, acct)
}

func policiesOf(t *testing.T, c *organizations.Client, target string) []string {
	t.Helper()
	out, err := c.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: types.PolicyTypeServiceControlPolicy})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range out.Policies {
		ids = append(ids, aws.ToString(p.Id))
	}
	return ids
}

func attachDetach(t *testing.T, c *organizations.Client, id, acct string) {
	t.Helper()
	if _, err := c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(acct)}); err != nil {
		t.Fatal(err)
	}
	_, err := c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(acct)})
	stacktest.WantError(t, err, "DuplicatePolicyAttachmentException", "")
	_, err = c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String("999999999999")})
	stacktest.WantError(t, err, "TargetNotFoundException", "")
	_, err = c.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: aws.String(id)})
	stacktest.WantError(t, err, "PolicyInUseException", "")
	_, err = c.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String("p-FullAWSAccess"), Name: aws.String("x")})
	wantReason(t, err, "IMMUTABLE_POLICY", func(e *types.InvalidInputException) string { return string(e.Reason) })
	if _, err := c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(acct)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(id), TargetId: aws.String(acct)})
	wantReason(t, err, "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", func(e *types.ConstraintViolationException) string { return string(e.Reason) })
	_, err = c.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(acct)})
	stacktest.WantError(t, err, "PolicyNotAttachedException", "")
	for i := range 4 {
		extra := createSCP(t, c, "extra"+string(rune('a'+i)), denyS3)
		if _, err := c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(extra), TargetId: aws.String(acct)}); err != nil {
			t.Fatal(err)
		}
	}
	sixth := createSCP(t, c, "sixth", denyS3)
	_, err = c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(sixth), TargetId: aws.String(acct)})
	wantReason(t, err, "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", func(e *types.ConstraintViolationException) string { return string(e.Reason) })
	upd, err := c.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String(id), Description: aws.String("new")})
	if err != nil || aws.ToString(upd.Policy.PolicySummary.Description) != "new" || aws.ToString(upd.Policy.Content) != denyS3 {
		t.Fatalf("UpdatePolicy: %+v %v", upd, err)
	}
}

func TestTagsAndMembers(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	if _, err := c.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(root),
		Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("team"), Value: aws.String("a")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(ctx, &organizations.UntagResourceInput{ResourceId: aws.String(root), TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(root)})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "env" {
		t.Fatalf("ListTagsForResource: %+v %v", tags, err)
	}
	_, err = c.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String("ou-zzzz-zzzzzzzz")})
	stacktest.WantError(t, err, "TargetNotFoundException", "")
	acct := createAccount(t, c, "dev", "dev@example.com")
	admin := assumeAccessRole(t, s, acct)
	member := s.Organizations(admin)
	if d, err := member.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}); err != nil || aws.ToString(d.Organization.MasterAccountId) != s.AccountID() {
		t.Fatalf("DescribeOrganization from a member: %+v %v", d, err)
	}
	_, err = member.ListAccounts(ctx, &organizations.ListAccountsInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "You don't have permissions to access this resource.")
	if _, err := member.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = member.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	stacktest.WantError(t, err, "AWSOrganizationsNotInUseException", "")
}
