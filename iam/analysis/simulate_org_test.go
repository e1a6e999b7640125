package analysis_test

import (
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
	ctx := t.Context()
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

// TestSimulatePolicyExclusionList: PolicyExclusionList leaves out of SimulatePrincipalPolicy
// the entity's policies it names, by type (inline, aws-managed, user-managed,
// permission-boundary), by managed policy ARN (wildcards in the name) or by inline policy name
// and entity; identifiers that match nothing, and RCPs, change nothing; the request's own
// policies are never left out.
func TestSimulatePolicyExclusionList(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	ivy := s.NewUser(t, "ivy")
	ivyID := iamtest.UserID(t, root, "ivy")
	putInline(t, s, user(ivyID), "update-self", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:UpdateUser","Resource":"*"}]}`)
	ops := seedGroup(t, s, "ops", ivyID)
	putInline(t, s, group(ops), "make-users", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}]}`)
	seedManaged(t, s, "Tagger", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:TagUser","iam:UntagUser","iam:DeleteUser"],"Resource":"*"}]}`, user(ivyID))
	seedManaged(t, s, "NoDelete", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}`, group(ops))
	attachManaged(t, s, user(ivyID), "arn:aws:iam::aws:policy/IAMReadOnlyAccess")
	setBoundary(t, s, ivyID, seedManaged(t, s, "Fence",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:UpdateUser","iam:CreateUser","iam:TagUser","iam:DeleteUser","iam:List*"],"Resource":"*"}]}`))

	const (
		allowed  = types.PolicyEvaluationDecisionTypeAllowed
		implicit = types.PolicyEvaluationDecisionTypeImplicitDeny
		explicit = types.PolicyEvaluationDecisionTypeExplicitDeny
	)
	actions := []string{"iam:UpdateUser", "iam:CreateUser", "iam:TagUser", "iam:ListRoles", "iam:DeleteUser", "iam:UntagUser"}
	baseline := map[string]types.PolicyEvaluationDecisionType{"iam:UpdateUser": allowed, "iam:CreateUser": allowed, "iam:TagUser": allowed,
		"iam:ListRoles": allowed, "iam:DeleteUser": explicit, "iam:UntagUser": implicit}
	ofType := func(pt types.PolicyIdentifierPolicyType) types.PolicyIdentifier {
		return &types.PolicyIdentifierMemberPolicyType{Value: pt}
	}
	byARN := func(a string) types.PolicyIdentifier { return &types.PolicyIdentifierMemberPolicyArn{Value: a} }
	inline := func(kind types.AttachmentType, entity, name string) types.PolicyIdentifier {
		return &types.PolicyIdentifierMemberInlinePolicyIdentifier{Value: types.InlinePolicyIdentifierType{
			AttachmentType: kind, AttachmentName: aws.String(entity), PolicyName: aws.String(name)}}
	}
	tests := []struct {
		name    string
		exclude []types.PolicyIdentifier
		inputs  []string
		changed map[string]types.PolicyEvaluationDecisionType
	}{
		{"nothing left out", nil, nil, nil},
		{"inline policies", []types.PolicyIdentifier{ofType(types.PolicyIdentifierPolicyTypeInline)}, nil,
			map[string]types.PolicyEvaluationDecisionType{"iam:UpdateUser": implicit, "iam:CreateUser": implicit}},
		{"AWS managed policies", []types.PolicyIdentifier{ofType(types.PolicyIdentifierPolicyTypeAwsManaged)}, nil,
			map[string]types.PolicyEvaluationDecisionType{"iam:ListRoles": implicit}},
		{"customer managed policies", []types.PolicyIdentifier{ofType(types.PolicyIdentifierPolicyTypeUserManaged)}, nil,
			map[string]types.PolicyEvaluationDecisionType{"iam:TagUser": implicit, "iam:DeleteUser": implicit}},
		{"the permissions boundary", []types.PolicyIdentifier{ofType(types.PolicyIdentifierPolicyTypePermissionBoundary)}, nil,
			map[string]types.PolicyEvaluationDecisionType{"iam:UntagUser": allowed}},
		{"a group's managed policy by ARN with *", []types.PolicyIdentifier{byARN("arn:aws:iam::" + acct + ":policy/NoDel*")}, nil,
			map[string]types.PolicyEvaluationDecisionType{"iam:DeleteUser": allowed}},
		{"an AWS managed policy by ARN with ?", []types.PolicyIdentifier{byARN("arn:aws:iam::aws:policy/IAMReadOnly?ccess")}, nil,
			map[string]types.PolicyEvaluationDecisionType{"iam:ListRoles": implicit}},
		{"a group's inline policy", []types.PolicyIdentifier{inline(types.AttachmentTypeGroup, "ops", "make-users")}, nil,
			map[string]types.PolicyEvaluationDecisionType{"iam:CreateUser": implicit}},
		{"an inline policy named with the wrong entity", []types.PolicyIdentifier{inline(types.AttachmentTypeUser, "ivy", "make-users")}, nil, nil},
		{"RCPs and a policy that is not attached", []types.PolicyIdentifier{ofType(types.PolicyIdentifierPolicyTypeRcp),
			byARN("arn:aws:iam::" + acct + ":policy/Nothing")}, nil, nil},
		{"the request's own policies stay", []types.PolicyIdentifier{ofType(types.PolicyIdentifierPolicyTypeInline)},
			[]string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:UpdateUser","Resource":"*"}]}`},
			map[string]types.PolicyEvaluationDecisionType{"iam:CreateUser": implicit}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, root.SimulatePrincipalPolicy, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(ivy.ARN),
				ActionNames: actions, PolicyExclusionList: tc.exclude, PolicyInputList: tc.inputs})
			for _, r := range out.EvaluationResults {
				action := aws.ToString(r.EvalActionName)
				want, ok := tc.changed[action]
				if !ok {
					want = baseline[action]
				}
				if r.EvalDecision != want {
					t.Errorf("%s: %s, want %s", action, r.EvalDecision, want)
				}
			}
		})
	}
}

// TestSimulatePolicyExclusionListErrors: an identifier that is not a managed policy's ARN, or
// has wildcards where none are allowed, is InvalidInput; the model's own constraints (the
// entity name's pattern, which has no wildcard characters) are checked on the wire.
func TestSimulatePolicyExclusionListErrors(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	jo := s.NewUser(t, "jo")
	for _, tc := range []struct {
		id   types.PolicyIdentifier
		code string
	}{
		{&types.PolicyIdentifierMemberPolicyArn{Value: "arn:aws:iam::*:policy/NoDelete"}, "InvalidInput"},
		{&types.PolicyIdentifierMemberPolicyArn{Value: "arn:aws:iam::" + acct + ":policy/*No*"}, "InvalidInput"},
		{&types.PolicyIdentifierMemberPolicyArn{Value: "arn:aws:iam::" + acct + ":role/NoDelete"}, "InvalidInput"},
		{&types.PolicyIdentifierMemberPolicyArn{Value: "arn:aws:s3:::bucket/policy/NoDelete"}, "InvalidInput"},
		{&types.PolicyIdentifierMemberPolicyArn{Value: "arn:aws:iam:us-east-1:" + acct + ":policy/NoDelete"}, "InvalidInput"},
		{&types.PolicyIdentifierMemberPolicyArn{Value: "this-is-not-an-arn-at-all"}, "InvalidInput"},
		// The model's AttachmentName pattern, [\w+=,.@-]+, leaves out the wildcards its
		// documentation allows (docs/aws-deviations.md).
		{&types.PolicyIdentifierMemberInlinePolicyIdentifier{Value: types.InlinePolicyIdentifierType{
			AttachmentType: types.AttachmentTypeGroup, AttachmentName: aws.String("o*"), PolicyName: aws.String("p")}}, "ValidationError"},
	} {
		_, err := root.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(jo.ARN),
			ActionNames: []string{"iam:GetUser"}, PolicyExclusionList: []types.PolicyIdentifier{tc.id}})
		if got := stacktest.ErrorCode(err); got != tc.code {
			t.Errorf("%+v: %v, want %s", tc.id, err, tc.code)
		}
	}
}
