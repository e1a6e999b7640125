package analysis_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// decisionOf maps the engine's decision to the simulator's EvalDecision.
func decisionOf(d policy.Decision) types.PolicyEvaluationDecisionType {
	switch d {
	case policy.Allow:
		return types.PolicyEvaluationDecisionTypeAllowed
	case policy.ExplicitDeny:
		return types.PolicyEvaluationDecisionTypeExplicitDeny
	}
	return types.PolicyEvaluationDecisionTypeImplicitDeny
}

// TestSimulatePrincipalPolicyMatchesAuthorization simulates requests of a user with inline,
// group and managed policies (customer and AWS managed, one of them attached both to the user
// and to its group), a policy variable and a permissions boundary, and checks each decision
// against what the authorizer decides for the same request made by that user, and a few
// against real calls.
func TestSimulatePrincipalPolicyMatchesAuthorization(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	alice := s.NewUser(t, "alice", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListUsers"],"Resource":"*"}]}`)
	aliceID := iamtest.UserID(t, root, "alice")
	devs := seedGroup(t, s, "devs", aliceID)
	putInline(t, s, group(devs), "create-dev", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateUser","Resource":"arn:aws:iam::`+acct+`:user/dev-*"}]}`)
	seedManaged(t, s, "NoAdmins", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"arn:aws:iam::`+acct+`:user/dev-admin*"}]}`,
		group(devs), user(aliceID))
	seedManaged(t, s, "Self", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:UpdateAccessKey","iam:TagUser"],"Resource":"arn:aws:iam::`+acct+`:user/${aws:username}"}]}`,
		user(aliceID))
	attachManaged(t, s, user(aliceID), "arn:aws:iam::aws:policy/IAMReadOnlyAccess")
	boundary := seedManaged(t, s, "Boundary", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:TagUser","Resource":"*"}]}`)
	setBoundary(t, s, aliceID, boundary)

	_, caller, err := s.Node().Authn.Lookup(ctx, alice.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	call := &callctx.Call{Caller: caller, Service: "iam", Region: stacktest.Region}
	userARN := func(name string) string { return "arn:aws:iam::" + acct + ":user/" + name }
	tests := []struct {
		action, resource string
		want             types.PolicyEvaluationDecisionType
	}{
		{"iam:GetUser", userARN("bob"), types.PolicyEvaluationDecisionTypeAllowed},
		{"iam:ListUsers", "*", types.PolicyEvaluationDecisionTypeAllowed},
		{"iam:GetRole", "arn:aws:iam::" + acct + ":role/r", types.PolicyEvaluationDecisionTypeAllowed}, // AWS managed
		{"iam:CreateUser", userARN("dev-1"), types.PolicyEvaluationDecisionTypeAllowed},                // group inline
		{"iam:CreateUser", userARN("dev-admin"), types.PolicyEvaluationDecisionTypeExplicitDeny},       // managed deny
		{"iam:CreateUser", userARN("ops-1"), types.PolicyEvaluationDecisionTypeImplicitDeny},
		{"iam:UpdateAccessKey", userARN("alice"), types.PolicyEvaluationDecisionTypeAllowed}, // ${aws:username}
		{"iam:UpdateAccessKey", userARN("bob"), types.PolicyEvaluationDecisionTypeImplicitDeny},
		{"iam:TagUser", userARN("alice"), types.PolicyEvaluationDecisionTypeExplicitDeny}, // boundary deny
		{"iam:DeleteUser", userARN("bob"), types.PolicyEvaluationDecisionTypeImplicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.action+" "+tc.resource, func(t *testing.T) {
			in := &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(alice.ARN), ActionNames: []string{tc.action}}
			if tc.resource != "*" {
				in.ResourceArns = []string{tc.resource}
			}
			out, err := root.SimulatePrincipalPolicy(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.EvaluationResults) != 1 {
				t.Fatalf("%d results, want 1", len(out.EvaluationResults))
			}
			got := out.EvaluationResults[0].EvalDecision
			d, err := s.Authorizer().Decide(ctx, call, authz.Request{Action: tc.action, Resource: tc.resource})
			if err != nil {
				t.Fatal(err)
			}
			if engine := decisionOf(d.Result.Decision); got != engine || got != tc.want {
				t.Errorf("simulated %s, the authorizer decides %s, want %s", got, engine, tc.want)
			}
		})
	}

	// The same decisions, made for real.
	client := s.IAM(alice)
	if _, err := client.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("dev-1")}); err != nil {
		t.Errorf("CreateUser dev-1, simulated allowed: %v", err)
	}
	iamtest.Refused(t, client.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("dev-admin")}, "AccessDenied", "")
	iamtest.Refused(t, client.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("ops-1")}, "AccessDenied", "")
}

// TestSimulateMatchedStatements checks what the simulator says about the statements that
// decided: SourcePolicyId and SourcePolicyType as AWS answers them, and each statement's
// position, explicit denies first.
func TestSimulateMatchedStatements(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	acct := s.AccountID()
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"ReadAll\",\n      \"Effect\": \"Allow\",\n" +
		"      \"Action\": \"iam:Get*\",\n      \"Resource\": \"*\"\n    },\n    {\n      \"Sid\": \"NoUsers\",\n      \"Effect\": \"Deny\",\n" +
		"      \"Action\": \"iam:GetUser\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
	carol := s.NewUser(t, "carol")
	carolID := iamtest.UserID(t, root, "carol")
	putInline(t, s, user(carolID), "reader", doc)
	ops := seedGroup(t, s, "ops", carolID)
	putInline(t, s, group(ops), "groupread", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetGroup","Resource":"*"}}`)
	attachManaged(t, s, group(ops), "arn:aws:iam::aws:policy/IAMReadOnlyAccess")
	roleID, roleARN := seedRole(t, s, "builder")
	putInline(t, s, role(roleID), "build", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*"}]}`)

	stmt := func(id, typ string, l1, c1, l2, c2 int32) types.Statement {
		return types.Statement{SourcePolicyId: aws.String(id), SourcePolicyType: types.PolicySourceType(typ),
			StartPosition: &types.Position{Line: l1, Column: c1}, EndPosition: &types.Position{Line: l2, Column: c2}}
	}
	const iamPolicy = "IAM Policy"
	tests := []struct {
		name, source, action string
		want                 []types.Statement
		decision             types.PolicyEvaluationDecisionType
	}{
		{"explicit deny first, then the allows", carol.ARN, "iam:GetUser", []types.Statement{
			stmt("user_carol_reader", iamPolicy, 9, 6, 15, 6),
			stmt("user_carol_reader", iamPolicy, 3, 17, 9, 6),
			stmt("IAMReadOnlyAccess", iamPolicy, 3, 19, 15, 10),
		}, types.PolicyEvaluationDecisionTypeExplicitDeny},
		{"group inline policy, single statement object", carol.ARN, "iam:GetGroup", []types.Statement{
			stmt("user_carol_reader", iamPolicy, 3, 17, 9, 6),
			stmt("group_ops_groupread", iamPolicy, 1, 38, 1, 94),
			stmt("IAMReadOnlyAccess", iamPolicy, 3, 19, 15, 10),
		}, types.PolicyEvaluationDecisionTypeAllowed},
		{"group source", "arn:aws:iam::" + acct + ":group/ops", "iam:GetGroup", []types.Statement{
			stmt("group_ops_groupread", iamPolicy, 1, 38, 1, 94),
			stmt("IAMReadOnlyAccess", iamPolicy, 3, 19, 15, 10),
		}, types.PolicyEvaluationDecisionTypeAllowed},
		{"role source", roleARN, "iam:GetRole", []types.Statement{
			stmt("role_builder_build", iamPolicy, 1, 38, 1, 94),
		}, types.PolicyEvaluationDecisionTypeAllowed},
		{"no statement applies", roleARN, "iam:GetUser", []types.Statement{}, types.PolicyEvaluationDecisionTypeImplicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, root.SimulatePrincipalPolicy, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(tc.source),
				ActionNames: []string{tc.action}})
			r := out.EvaluationResults[0]
			if r.EvalDecision != tc.decision {
				t.Errorf("EvalDecision = %s, want %s", r.EvalDecision, tc.decision)
			}
			if diff := cmp.Diff(tc.want, r.MatchedStatements, cmp.AllowUnexported(types.Statement{}, types.Position{})); diff != "" {
				t.Errorf("MatchedStatements (-want +got):\n%s", diff)
			}
			if aws.ToString(r.EvalResourceName) != "*" || r.MissingContextValues == nil || r.ResourceSpecificResults != nil ||
				r.EvalDecisionDetails != nil || r.PermissionsBoundaryDecisionDetail != nil {
				t.Errorf("a request without resources: EvalResourceName %q, MissingContextValues %v, ResourceSpecificResults %v, EvalDecisionDetails %v",
					aws.ToString(r.EvalResourceName), r.MissingContextValues, r.ResourceSpecificResults, r.EvalDecisionDetails)
			}
		})
	}
}

// TestSimulateResourcePolicy covers resource-based policies within the caller's account and
// across accounts, with EvalDecisionDetails and ResourceSpecificResults as AWS answers them.
func TestSimulateResourcePolicy(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	other := s.NewAccount(t).AccountID
	aliceARN := "arn:aws:iam::" + acct + ":user/alice"
	identity := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::bkt/*"}]}`
	resource := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + aliceARN + `"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::bkt/*"},` +
		`{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::bkt/*"}]}`
	const key = "arn:aws:s3:::bkt/key"
	type details = map[string]types.PolicyEvaluationDecisionType
	allowed, implicit, explicit := types.PolicyEvaluationDecisionTypeAllowed, types.PolicyEvaluationDecisionTypeImplicitDeny,
		types.PolicyEvaluationDecisionTypeExplicitDeny
	tests := []struct {
		name, owner string
		actions     []string
		want        []types.PolicyEvaluationDecisionType
		details     []details
		firstType   []string // SourcePolicyType of the first matched statement, "" for none
	}{
		{"same account", "", []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"},
			[]types.PolicyEvaluationDecisionType{allowed, allowed, explicit, implicit},
			[]details{{}, {}, {}, {}},
			[]string{"IAM Policy", "Resource Policy", "Resource Policy", ""}},
		{"resource in another account", other, []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"},
			[]types.PolicyEvaluationDecisionType{implicit, implicit, explicit},
			[]details{
				{"IAM Policy": allowed, "Resource Policy": implicit},
				{"IAM Policy": implicit, "Resource Policy": allowed},
				{"IAM Policy": allowed, "Resource Policy": explicit},
			},
			[]string{"IAM Policy", "Resource Policy", "Resource Policy"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{identity}, ResourcePolicy: aws.String(resource),
				CallerArn: aws.String(aliceARN), ActionNames: tc.actions, ResourceArns: []string{key}}
			if tc.owner != "" {
				in.ResourceOwner = aws.String("arn:aws:iam::" + tc.owner + ":root")
			}
			out, err := root.SimulateCustomPolicy(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.EvaluationResults) != len(tc.actions) {
				t.Fatalf("%d results, want %d", len(out.EvaluationResults), len(tc.actions))
			}
			for i, r := range out.EvaluationResults {
				if aws.ToString(r.EvalActionName) != tc.actions[i] || aws.ToString(r.EvalResourceName) != key || r.EvalDecision != tc.want[i] {
					t.Errorf("result %d: %s on %s: %s, want %s on %s: %s", i, aws.ToString(r.EvalActionName),
						aws.ToString(r.EvalResourceName), r.EvalDecision, tc.actions[i], key, tc.want[i])
				}
				if diff := cmp.Diff(tc.details[i], r.EvalDecisionDetails); diff != "" {
					t.Errorf("%s: EvalDecisionDetails (-want +got):\n%s", tc.actions[i], diff)
				}
				first := ""
				if len(r.MatchedStatements) > 0 {
					first = string(r.MatchedStatements[0].SourcePolicyType)
				}
				if first != tc.firstType[i] {
					t.Errorf("%s: first matched statement from %q, want %q", tc.actions[i], first, tc.firstType[i])
				}
				if len(r.ResourceSpecificResults) != 1 || aws.ToString(r.ResourceSpecificResults[0].EvalResourceName) != key ||
					r.ResourceSpecificResults[0].EvalResourceDecision != r.EvalDecision {
					t.Errorf("%s: ResourceSpecificResults %+v", tc.actions[i], r.ResourceSpecificResults)
				}
			}
		})
	}

	// A resource policy needs an IAM user as the caller.
	_, err := root.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{identity},
		ResourcePolicy: aws.String(resource), ActionNames: []string{"s3:GetObject"}})
	stacktest.WantError(t, err, "InvalidInput", "Invalid caller - Caller must be an IAM user in this context.")
	_, roleARN := seedRole(t, s, "reader")
	_, err = root.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(roleARN),
		ResourcePolicy: aws.String(resource), ActionNames: []string{"s3:PutObject"}, ResourceArns: []string{key}})
	stacktest.WantError(t, err, "InvalidInput", "Invalid caller - Caller must be an IAM user in this context.")
	out, err := root.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(roleARN),
		ResourcePolicy: aws.String(resource), CallerArn: aws.String(aliceARN), ActionNames: []string{"s3:PutObject"},
		ResourceArns: []string{key}})
	if err != nil {
		t.Fatal(err)
	}
	if d := out.EvaluationResults[0].EvalDecision; d != allowed {
		t.Errorf("a role's policies simulated for a caller the resource policy names: %s, want allowed", d)
	}
	for _, caller := range []string{roleARN, "arn:aws:sts::" + acct + ":assumed-role/reader/s", "nonsense"} {
		_, err = root.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{identity},
			CallerArn: aws.String(caller), ActionNames: []string{"s3:GetObject"}})
		stacktest.WantError(t, err, "InvalidInput", "")
	}
}

// TestSimulateBoundaries: the entity's permissions boundary caps its policies and the
// PermissionsBoundaryPolicyInputList replaces it; PermissionsBoundaryDecisionDetail says
// whether the boundary allows.
func TestSimulateBoundaries(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	dan := s.NewUser(t, "dan", iamtest.AllowAll)
	danID := iamtest.UserID(t, root, "dan")
	setBoundary(t, s, danID, seedManaged(t, s, "ReadOnly", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}`))
	writeOnly := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Create*","Resource":"*"}]}`
	tests := []struct {
		name     string
		boundary []string
		action   string
		want     types.PolicyEvaluationDecisionType
		allowed  bool
		firstID  string
	}{
		{"stored boundary allows", nil, "iam:GetUser", types.PolicyEvaluationDecisionTypeAllowed, true, "user_dan_policy-1"},
		{"stored boundary caps", nil, "iam:CreateUser", types.PolicyEvaluationDecisionTypeImplicitDeny, false, "user_dan_policy-1"},
		{"input boundary replaces it", []string{writeOnly}, "iam:CreateUser", types.PolicyEvaluationDecisionTypeAllowed, true, "user_dan_policy-1"},
		{"input boundary caps", []string{writeOnly}, "iam:GetUser", types.PolicyEvaluationDecisionTypeImplicitDeny, false, "user_dan_policy-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, root.SimulatePrincipalPolicy, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(dan.ARN),
				ActionNames: []string{tc.action}, PermissionsBoundaryPolicyInputList: tc.boundary})
			r := out.EvaluationResults[0]
			if r.EvalDecision != tc.want {
				t.Errorf("EvalDecision = %s, want %s", r.EvalDecision, tc.want)
			}
			if r.PermissionsBoundaryDecisionDetail == nil || r.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary != tc.allowed {
				t.Errorf("PermissionsBoundaryDecisionDetail = %+v, want AllowedByPermissionsBoundary %v", r.PermissionsBoundaryDecisionDetail, tc.allowed)
			}
			if len(r.MatchedStatements) == 0 || aws.ToString(r.MatchedStatements[0].SourcePolicyId) != tc.firstID {
				t.Errorf("MatchedStatements = %+v, want %s first", r.MatchedStatements, tc.firstID)
			}
		})
	}
	out, err := root.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(dan.ARN),
		ActionNames: []string{"iam:GetUser"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids, typs []string
	for _, m := range out.EvaluationResults[0].MatchedStatements {
		ids, typs = append(ids, aws.ToString(m.SourcePolicyId)), append(typs, string(m.SourcePolicyType))
	}
	if diff := cmp.Diff([]string{"user_dan_policy-1", "ReadOnly"}, ids); diff != "" {
		t.Errorf("SourcePolicyId (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"IAM Policy", "Permissions Boundary Policy"}, typs); diff != "" {
		t.Errorf("SourcePolicyType (-want +got):\n%s", diff)
	}
	_, err = root.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(dan.ARN),
		ActionNames: []string{"iam:GetUser"}, PermissionsBoundaryPolicyInputList: []string{writeOnly, writeOnly}})
	stacktest.WantError(t, err, "InvalidInput", "")
}
