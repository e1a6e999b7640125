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
