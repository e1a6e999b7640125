package org_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func simulate(t *testing.T, c *iam.Client, source string, actions ...string) map[string]iamtypes.EvaluationResult {
	t.Helper()
	out, err := c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(source), ActionNames: actions})
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]iamtypes.EvaluationResult{}
	for _, r := range out.EvaluationResults {
		res[aws.ToString(r.EvalActionName)] = r
	}
	return res
}

// TestSimulatorWithSCPs: SimulatePrincipalPolicy of a member account's user applies its
// account's SCPs, as authorization does, and says so in OrganizationsDecisionDetail; the
// management account's users are simulated without SCPs, and PolicyExclusionList can leave
// the SCPs out.
func TestSimulatorWithSCPs(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	c, root := newOrg(t, s)
	acct := createAccount(t, c, "dev", "dev@example.com")
	if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy}); err != nil {
		t.Fatal(err)
	}
	admin := assumeAccessRole(t, s, acct)
	memberUser(t, s, admin, "dev", allowAll)
	attach(t, c, createSCP(t, c, "deny-create-user", denyCreateUser), root)
	res := simulate(t, s.IAM(admin), "arn:aws:iam::"+acct+":user/dev", "iam:CreateUser", "iam:ListUsers")
	deny, list := res["iam:CreateUser"], res["iam:ListUsers"]
	if deny.EvalDecision != iamtypes.PolicyEvaluationDecisionTypeExplicitDeny || deny.OrganizationsDecisionDetail == nil || deny.OrganizationsDecisionDetail.AllowedByOrganizations {
		t.Errorf("CreateUser under a denying SCP: %s %+v", deny.EvalDecision, deny.OrganizationsDecisionDetail)
	}
	if list.EvalDecision != iamtypes.PolicyEvaluationDecisionTypeAllowed || list.OrganizationsDecisionDetail == nil || !list.OrganizationsDecisionDetail.AllowedByOrganizations {
		t.Errorf("ListUsers: %s %+v", list.EvalDecision, list.OrganizationsDecisionDetail)
	}

	// PolicyExclusionList: "scp" leaves the SCPs out (no OrganizationsDecisionDetail then);
	// "rcp" is ignored, as the API reference says.
	for _, tc := range []struct {
		exclude iamtypes.PolicyIdentifierPolicyType
		want    iamtypes.PolicyEvaluationDecisionType
		byOrg   bool
	}{
		{iamtypes.PolicyIdentifierPolicyTypeScp, iamtypes.PolicyEvaluationDecisionTypeAllowed, false},
		{iamtypes.PolicyIdentifierPolicyTypeRcp, iamtypes.PolicyEvaluationDecisionTypeExplicitDeny, true},
	} {
		out, err := s.IAM(admin).SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::" + acct + ":user/dev"),
			ActionNames: []string{"iam:CreateUser"}, PolicyExclusionList: []iamtypes.PolicyIdentifier{&iamtypes.PolicyIdentifierMemberPolicyType{Value: tc.exclude}}})
		if err != nil {
			t.Fatal(err)
		}
		if r := out.EvaluationResults[0]; r.EvalDecision != tc.want || (r.OrganizationsDecisionDetail != nil) != tc.byOrg {
			t.Errorf("CreateUser without %s: %s %+v", tc.exclude, r.EvalDecision, r.OrganizationsDecisionDetail)
		}
	}
	mgmt := s.NewUser(t, "mgmt-dev", allowAll)
	res = simulate(t, s.IAM(s.Root()), mgmt.ARN, "iam:CreateUser")
	if r := res["iam:CreateUser"]; r.EvalDecision != iamtypes.PolicyEvaluationDecisionTypeAllowed || r.OrganizationsDecisionDetail != nil {
		t.Errorf("the management account's user: %s %+v", r.EvalDecision, r.OrganizationsDecisionDetail)
	}
}

// TestSimulateCustomChainMatchesOrganization: an organization's SCP chain (root, OU, account)
// given to SimulateCustomPolicy level by level decides as SimulatePrincipalPolicy does with
// the real chain, and as the real requests are decided: an explicit Deny at the root, an
// Allow missing at the OU, and what every level allows.
func TestSimulateCustomChainMatchesOrganization(t *testing.T) {
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
	denyBlocked := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"arn:aws:iam::*:user/blocked-*"}]}`
	allowList := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:List*","iam:Simulate*","iam:CreateUser","sts:*"],"Resource":"*"}]}`
	attach(t, c, createSCP(t, c, "deny-blocked", denyBlocked), root)
	attach(t, c, createSCP(t, c, "allow-list", allowList), ouID)
	detach(t, c, "p-FullAWSAccess", ouID)
	if _, err := c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(ouID)}); err != nil {
		t.Fatal(err)
	}
	chain := []iamtypes.OrderedOrganizationPolicyType{
		{ServiceControlPolicyInputList: []string{allowAll, denyBlocked}}, {ServiceControlPolicyInputList: []string{allowList}},
		{ServiceControlPolicyInputList: []string{allowAll}},
	}
	userARN := func(name string) string { return "arn:aws:iam::" + acct + ":user/" + name }
	member := s.IAM(admin)
	for _, tc := range []struct {
		action, resource string
		want             iamtypes.PolicyEvaluationDecisionType
		call             func() error
	}{
		{"iam:ListUsers", "*", iamtypes.PolicyEvaluationDecisionTypeAllowed, func() error { _, err := member.ListUsers(ctx, &iam.ListUsersInput{}); return err }},
		{"iam:CreateUser", userARN("fine"), iamtypes.PolicyEvaluationDecisionTypeAllowed, func() error { return createUser(admin, s, "fine") }},
		{"iam:CreateUser", userARN("blocked-1"), iamtypes.PolicyEvaluationDecisionTypeExplicitDeny, func() error { return createUser(admin, s, "blocked-1") }},
		{"iam:DeleteUser", userARN("fine"), iamtypes.PolicyEvaluationDecisionTypeImplicitDeny, func() error {
			_, err := member.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("fine")})
			return err
		}},
	} {
		var resources []string
		if tc.resource != "*" {
			resources = []string{tc.resource}
		}
		principal, err := member.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"),
			ActionNames: []string{tc.action}, ResourceArns: resources})
		if err != nil {
			t.Fatal(err)
		}
		custom, err := member.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{PolicyInputList: []string{allowAll},
			OrderedOrganizationPolicyInputList: chain, ActionNames: []string{tc.action}, ResourceArns: resources})
		if err != nil {
			t.Fatal(err)
		}
		p, cu := principal.EvaluationResults[0].EvalDecision, custom.EvaluationResults[0].EvalDecision
		real := tc.call()
		if p != tc.want || cu != tc.want || (real == nil) != (tc.want == iamtypes.PolicyEvaluationDecisionTypeAllowed) {
			t.Errorf("%s on %s: SimulatePrincipalPolicy %s, SimulateCustomPolicy %s, the request %v; want %s", tc.action, tc.resource, p, cu, real, tc.want)
		}
	}
}
