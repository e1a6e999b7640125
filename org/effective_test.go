package org_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func tagPolicy(t *testing.T, c *organizations.Client, name, content, target string) string {
	t.Helper()
	p, err := c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String(name), Description: aws.String(name),
		Type: types.PolicyTypeTagPolicy, Content: aws.String(content)})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(p.Policy.PolicySummary.Id)
	attach(t, c, id, target)
	return id
}

func sameJSON(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("%v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestEffectivePolicy: a tag policy at the root, one on an OU and one on the account merge
// with the inheritance operators; the member account sees its own; a child overriding a
// locked setting is an invalid effective policy with its validation error.
func TestEffectivePolicy(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	acct := createAccount(t, c, "app", "app@example.com")
	ou, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("workloads")})
	if err != nil {
		t.Fatal(err)
	}
	ouID := aws.ToString(ou.OrganizationalUnit.Id)
	if _, err := c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(ouID)}); err != nil {
		t.Fatal(err)
	}
	describe := func(c *organizations.Client, target *string) (*organizations.DescribeEffectivePolicyOutput, error) {
		return c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeTagPolicy, TargetId: target})
	}
	_, err = describe(c, aws.String(acct))
	stacktest.WantError(t, err, "EffectivePolicyNotFoundException", "")
	if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeTagPolicy}); err != nil {
		t.Fatal(err)
	}
	_, err = describe(c, aws.String(acct))
	stacktest.WantError(t, err, "EffectivePolicyNotFoundException", "")

	rootPolicy := tagPolicy(t, c, "root", `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100","200"]},
		"enforced_for":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":["secretsmanager:*"]}}}}`, root)
	tagPolicy(t, c, "ou", `{"tags":{"costcenter":{"tag_value":{"@@append":["300"]}}}}`, ouID)
	tagPolicy(t, c, "acct", `{"tags":{"costcenter":{"tag_value":{"@@remove":["100"]}}}}`, acct)
	want := `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["200","300"],"enforced_for":["secretsmanager:*"]}}}`
	out, err := describe(c, aws.String(acct))
	if err != nil {
		t.Fatal(err)
	}
	e := out.EffectivePolicy
	sameJSON(t, aws.ToString(e.PolicyContent), want)
	if aws.ToString(e.TargetId) != acct || e.PolicyType != types.EffectivePolicyTypeTagPolicy || e.LastUpdatedTimestamp == nil {
		t.Errorf("effective policy %+v", e)
	}
	// The management account inherits the root's policy only.
	mine, err := describe(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, aws.ToString(mine.EffectivePolicy.PolicyContent), `{"tags":{"costcenter":{"tag_key":"CostCenter","tag_value":["100","200"],"enforced_for":["secretsmanager:*"]}}}`)
	_, err = describe(c, aws.String("999999999999"))
	stacktest.WantError(t, err, "TargetNotFoundException", "")

	member := s.Organizations(assumeAccessRole(t, s, acct))
	own, err := describe(member, nil)
	if err != nil {
		t.Fatalf("a member account's own effective policy: %v", err)
	}
	sameJSON(t, aws.ToString(own.EffectivePolicy.PolicyContent), want)
	_, err = describe(member, aws.String(s.AccountID()))
	stacktest.WantError(t, err, "AccessDeniedException", "")
	_, err = member.ListAccountsWithInvalidEffectivePolicy(ctx, &organizations.ListAccountsWithInvalidEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeTagPolicy})
	stacktest.WantError(t, err, "AccessDeniedException", "")

	listInvalid := func() []types.Account {
		t.Helper()
		out, err := c.ListAccountsWithInvalidEffectivePolicy(ctx, &organizations.ListAccountsWithInvalidEffectivePolicyInput{PolicyType: types.EffectivePolicyTypeTagPolicy})
		if err != nil || out.PolicyType != types.EffectivePolicyTypeTagPolicy {
			t.Fatalf("ListAccountsWithInvalidEffectivePolicy: %+v %v", out, err)
		}
		return out.Accounts
	}
	if got := listInvalid(); len(got) != 0 {
		t.Errorf("invalid accounts before a violation: %+v", got)
	}
	// The OU's policy overrides the locked enforced_for: ignored, and reported.
	violator := tagPolicy(t, c, "violator", `{"tags":{"costcenter":{"enforced_for":{"@@assign":["ec2:instance"]}}}}`, ouID)
	again, err := describe(c, aws.String(acct))
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, aws.ToString(again.EffectivePolicy.PolicyContent), want)
	if got := listInvalid(); len(got) != 1 || aws.ToString(got[0].Id) != acct {
		t.Fatalf("invalid accounts: %+v", got)
	}
	errs, err := c.ListEffectivePolicyValidationErrors(ctx, &organizations.ListEffectivePolicyValidationErrorsInput{AccountId: aws.String(acct), PolicyType: types.EffectivePolicyTypeTagPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(errs.AccountId) != acct || aws.ToString(errs.Path) == "" || errs.EvaluationTimestamp == nil || len(errs.EffectivePolicyValidationErrors) != 1 {
		t.Fatalf("ListEffectivePolicyValidationErrors: %+v", errs)
	}
	v := errs.EffectivePolicyValidationErrors[0]
	if aws.ToString(v.PathToError) != "tags.costcenter.enforced_for" || !reflect.DeepEqual(v.ContributingPolicies, []string{rootPolicy, violator}) {
		t.Errorf("validation error %+v", v)
	}
	_, err = c.ListEffectivePolicyValidationErrors(ctx, &organizations.ListEffectivePolicyValidationErrorsInput{AccountId: aws.String("999999999999"), PolicyType: types.EffectivePolicyTypeTagPolicy})
	stacktest.WantError(t, err, "AccountNotFoundException", "")
	_, err = c.ListEffectivePolicyValidationErrors(ctx, &organizations.ListEffectivePolicyValidationErrorsInput{AccountId: aws.String(acct), PolicyType: types.EffectivePolicyTypeBackupPolicy})
	stacktest.WantError(t, err, "EffectivePolicyNotFoundException", "")
	// SCPs have no effective policy: the type is not one of EffectivePolicyType.
	_, err = c.DescribeEffectivePolicy(ctx, &organizations.DescribeEffectivePolicyInput{PolicyType: types.EffectivePolicyType("SERVICE_CONTROL_POLICY")})
	stacktest.WantError(t, err, "InvalidInputException", "1 validation error detected: Value 'SERVICE_CONTROL_POLICY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, CHATBOT_POLICY, DECLARATIVE_POLICY_EC2, SECURITYHUB_POLICY, INSPECTOR_POLICY, UPGRADE_ROLLOUT_POLICY, BEDROCK_POLICY, S3_POLICY, NETWORK_SECURITY_DIRECTOR_POLICY]")
}
