package analysis_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// SCPs of the cases below: AWS's FullAWSAccess, an allow-list of IAM reads, a deny of user
// creation, and an allow of everything only in one region (an SCP condition key).
const (
	scpFullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	scpIAMReads   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}`
	scpNoNewUsers = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}`
	scpOneRegion  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",` +
		`"Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}`
	// identityIAM allows all of IAM and denies deleting users; it asks for aws:username in
	// its condition so that a missing identity key can be told from a missing SCP key.
	identityIAM = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},` +
		`{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"},` +
		`{"Effect":"Allow","Action":"iam:TagUser","Resource":"*","Condition":{"StringEquals":{"test:team":"blue"}}}]}`
)

// levels builds OrderedOrganizationPolicyInputList: one element per level, root first.
func levels(scps ...[]string) []types.OrderedOrganizationPolicyType {
	out := make([]types.OrderedOrganizationPolicyType, len(scps))
	for i, l := range scps {
		out[i] = types.OrderedOrganizationPolicyType{ServiceControlPolicyInputList: l}
	}
	return out
}

// TestSimulateCustomPolicyWithSCPs: the SCPs of OrderedOrganizationPolicyInputList fence the
// simulated caller as an organization's chain does: an Allow is needed at every level (root,
// OU, account), any Deny denies. OrganizationsDecisionDetail says whether they allowed;
// MatchedStatements and MissingContextValues never come from SCPs; a request the SCPs refuse
// lists only the denies of the other policies and, for a named resource, no
// EvalDecisionDetails.
func TestSimulateCustomPolicyWithSCPs(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	chain := levels([]string{scpFullAccess}, []string{scpFullAccess, scpNoNewUsers}, []string{scpIAMReads})
	tests := []struct {
		name      string
		chain     []types.OrderedOrganizationPolicyType
		action    string
		want      types.PolicyEvaluationDecisionType
		byOrg     *bool // nil: no OrganizationsDecisionDetail
		statement []string
	}{
		{"allowed at every level", chain, "iam:GetUser", types.PolicyEvaluationDecisionTypeAllowed, aws.Bool(true), []string{"PolicyInputList.1"}},
		{"no Allow at the account level", chain, "iam:UpdateUser", types.PolicyEvaluationDecisionTypeImplicitDeny, aws.Bool(false), nil},
		{"a Deny at the OU level", chain, "iam:CreateUser", types.PolicyEvaluationDecisionTypeExplicitDeny, aws.Bool(false), nil},
		{"an identity Deny under refusing SCPs", chain, "iam:DeleteUser", types.PolicyEvaluationDecisionTypeExplicitDeny, aws.Bool(false), []string{"PolicyInputList.1"}},
		{"an identity Deny under allowing SCPs", levels([]string{scpFullAccess}), "iam:DeleteUser", types.PolicyEvaluationDecisionTypeExplicitDeny, aws.Bool(true), []string{"PolicyInputList.1", "PolicyInputList.1"}},
		{"a level without SCPs", levels([]string{scpFullAccess}, []string{}), "iam:GetUser", types.PolicyEvaluationDecisionTypeImplicitDeny, aws.Bool(false), nil},
		{"the identity policies alone", nil, "iam:CreateUser", types.PolicyEvaluationDecisionTypeAllowed, nil, []string{"PolicyInputList.1"}},
		{"the SCPs allow, the identity policies do not", levels([]string{scpFullAccess}), "s3:GetObject", types.PolicyEvaluationDecisionTypeImplicitDeny, aws.Bool(true), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, root.SimulateCustomPolicy, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{identityIAM},
				OrderedOrganizationPolicyInputList: tc.chain, ActionNames: []string{tc.action}})
			r := out.EvaluationResults[0]
			if r.EvalDecision != tc.want {
				t.Errorf("EvalDecision %s, want %s", r.EvalDecision, tc.want)
			}
			switch {
			case tc.byOrg == nil && r.OrganizationsDecisionDetail != nil:
				t.Errorf("OrganizationsDecisionDetail %+v, want none", *r.OrganizationsDecisionDetail)
			case tc.byOrg != nil && (r.OrganizationsDecisionDetail == nil || r.OrganizationsDecisionDetail.AllowedByOrganizations != *tc.byOrg):
				t.Errorf("OrganizationsDecisionDetail %+v, want AllowedByOrganizations %v", r.OrganizationsDecisionDetail, *tc.byOrg)
			}
			var ids []string
			for _, st := range r.MatchedStatements {
				ids = append(ids, aws.ToString(st.SourcePolicyId))
			}
			if strings.Join(ids, ",") != strings.Join(tc.statement, ",") {
				t.Errorf("MatchedStatements from %v, want %v", ids, tc.statement)
			}
		})
	}

	// An SCP's condition key decides but is never reported missing; the identity policy's is.
	oneRegion := levels([]string{scpFullAccess}, []string{scpOneRegion})
	out := iamtest.Must(t, root.SimulateCustomPolicy, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{identityIAM},
		OrderedOrganizationPolicyInputList: oneRegion, ActionNames: []string{"iam:GetUser", "iam:TagUser"}})
	for _, r := range out.EvaluationResults {
		want := []string(nil)
		if aws.ToString(r.EvalActionName) == "iam:TagUser" {
			want = []string{"test:team"}
		}
		if r.EvalDecision != types.PolicyEvaluationDecisionTypeImplicitDeny || strings.Join(r.MissingContextValues, ",") != strings.Join(want, ",") {
			t.Errorf("%s outside the region: %s, missing %v, want implicitDeny, missing %v", aws.ToString(r.EvalActionName), r.EvalDecision, r.MissingContextValues, want)
		}
	}
	out = iamtest.Must(t, root.SimulateCustomPolicy, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{identityIAM},
		OrderedOrganizationPolicyInputList: oneRegion, ActionNames: []string{"iam:GetUser"},
		ContextEntries: []types.ContextEntry{{ContextKeyName: aws.String("aws:RequestedRegion"), ContextKeyType: types.ContextKeyTypeEnumString,
			ContextKeyValues: []string{"eu-west-1"}}}})
	if r := out.EvaluationResults[0]; r.EvalDecision != types.PolicyEvaluationDecisionTypeAllowed || !r.OrganizationsDecisionDetail.AllowedByOrganizations {
		t.Errorf("GetUser in the region: %s %+v", r.EvalDecision, r.OrganizationsDecisionDetail)
	}
}

// TestSimulateCustomPolicySCPsCrossAccount: on a named resource of another account, the
// per-side EvalDecisionDetails are answered while the SCPs allow, and not at all once they
// refuse ("If an Organizations SCP included in the evaluation denies access, the simulation
// ends").
func TestSimulateCustomPolicySCPsCrossAccount(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	gina := s.NewUser(t, "gina")
	bucketPolicy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + gina.ARN + `"},"Action":"s3:*","Resource":"*"}]}`
	for _, tc := range []struct {
		scp     string
		want    types.PolicyEvaluationDecisionType
		details bool
	}{
		{scpFullAccess, types.PolicyEvaluationDecisionTypeAllowed, true},
		{scpIAMReads, types.PolicyEvaluationDecisionTypeImplicitDeny, false},
	} {
		out := iamtest.Must(t, root.SimulateCustomPolicy, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll},
			OrderedOrganizationPolicyInputList: levels([]string{tc.scp}), ActionNames: []string{"s3:GetObject"},
			ResourceArns: []string{"arn:aws:s3:::other/k"}, ResourceOwner: aws.String("111122223333"), ResourcePolicy: aws.String(bucketPolicy),
			CallerArn: aws.String(gina.ARN)})
		r := out.EvaluationResults[0]
		if r.EvalDecision != tc.want || (len(r.EvalDecisionDetails) > 0) != tc.details || (len(r.ResourceSpecificResults[0].EvalDecisionDetails) > 0) != tc.details {
			t.Errorf("SCP %s: %s, EvalDecisionDetails %v, per resource %v", tc.scp, r.EvalDecision, r.EvalDecisionDetails, r.ResourceSpecificResults[0].EvalDecisionDetails)
		}
	}
}

// TestSimulateCustomPolicySCPErrors: an SCP that is not JSON or breaks the SCP grammar is
// InvalidInput naming its place in the list; more than seven levels fail the model's
// constraint.
func TestSimulateCustomPolicySCPErrors(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		chain   []types.OrderedOrganizationPolicyType
		code    string
		message string
	}{
		{"not JSON", levels([]string{scpFullAccess}, []string{scpFullAccess, `{"Version":`}), "InvalidInput",
			"Invalid policy in OrderedOrganizationPolicyInputList.2.ServiceControlPolicyInputList.2: "},
		{"no Effect", levels([]string{`{"Version":"2012-10-17","Statement":[{"Action":"*","Resource":"*"}]}`}), "InvalidInput",
			"Invalid policy in OrderedOrganizationPolicyInputList.1.ServiceControlPolicyInputList.1: Missing required field Effect"},
		{"a Principal in an SCP", levels([]string{`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`}),
			"InvalidInput", "Invalid policy in OrderedOrganizationPolicyInputList.1.ServiceControlPolicyInputList.1: "},
		{"eight levels", levels([]string{scpFullAccess}, []string{}, []string{}, []string{}, []string{}, []string{}, []string{}, []string{scpFullAccess}), "ValidationError",
			"1 validation error detected: Value at 'orderedOrganizationPolicyInputList' failed to satisfy constraint: Member must have length less than or equal to 7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := root.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll},
				OrderedOrganizationPolicyInputList: tc.chain, ActionNames: []string{"iam:GetUser"}})
			stacktest.WantError(t, err, tc.code, "")
			if msg := stacktest.ErrorMessage(err); !strings.HasPrefix(msg, tc.message) {
				t.Errorf("message %q, want it to start with %q", msg, tc.message)
			}
		})
	}
}
