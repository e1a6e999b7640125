package analysis_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// typedPolicy allows one action per context key type, under a condition on a key of that
// type, so each case below exercises one ContextKeyType.
const typedPolicy = `{"Version":"2012-10-17","Statement":[
{"Effect":"Allow","Action":"test:String","Resource":"*","Condition":{"StringEquals":{"test:team":"blue"}}},
{"Effect":"Allow","Action":"test:StringList","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"team"}}},
{"Effect":"Allow","Action":"test:Numeric","Resource":"*","Condition":{"NumericLessThan":{"test:size":"10"}}},
{"Effect":"Allow","Action":"test:NumericList","Resource":"*","Condition":{"ForAllValues:NumericLessThan":{"test:sizes":"10"}}},
{"Effect":"Allow","Action":"test:Boolean","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
{"Effect":"Allow","Action":"test:BooleanList","Resource":"*","Condition":{"ForAnyValue:Bool":{"test:flags":"true"}}},
{"Effect":"Allow","Action":"test:Ip","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
{"Effect":"Allow","Action":"test:IpList","Resource":"*","Condition":{"ForAnyValue:IpAddress":{"test:ips":"192.168.0.0/16"}}},
{"Effect":"Allow","Action":"test:Binary","Resource":"*","Condition":{"BinaryEquals":{"test:blob":"QmluYXJ5"}}},
{"Effect":"Allow","Action":"test:BinaryList","Resource":"*","Condition":{"ForAnyValue:BinaryEquals":{"test:blobs":"QmluYXJ5"}}},
{"Effect":"Allow","Action":"test:Date","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}},
{"Effect":"Allow","Action":"test:DateList","Resource":"*","Condition":{"ForAnyValue:DateLessThan":{"test:dates":"2020-01-01T00:00:00Z"}}}
]}`

// TestSimulateContextEntries gives the simulated requests context values of every
// ContextKeyType, in and out of the conditions' ranges, and checks what is reported missing.
func TestSimulateContextEntries(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := t.Context()
	allowed, implicit := types.PolicyEvaluationDecisionTypeAllowed, types.PolicyEvaluationDecisionTypeImplicitDeny
	tests := []struct {
		action, key string
		typ         types.ContextKeyTypeEnum
		values      []string
		want        types.PolicyEvaluationDecisionType
	}{
		{"test:String", "test:team", types.ContextKeyTypeEnumString, []string{"blue"}, allowed},
		{"test:String", "TEST:Team", types.ContextKeyTypeEnumString, []string{"red"}, implicit},
		{"test:StringList", "aws:TagKeys", types.ContextKeyTypeEnumStringList, []string{"owner", "team"}, allowed},
		{"test:StringList", "aws:TagKeys", types.ContextKeyTypeEnumStringList, []string{"owner"}, implicit},
		{"test:Numeric", "test:size", types.ContextKeyTypeEnumNumeric, []string{"9.5"}, allowed},
		{"test:Numeric", "test:size", types.ContextKeyTypeEnumNumeric, []string{"10"}, implicit},
		{"test:NumericList", "test:sizes", types.ContextKeyTypeEnumNumericList, []string{"1", "2"}, allowed},
		{"test:NumericList", "test:sizes", types.ContextKeyTypeEnumNumericList, []string{"1", "20"}, implicit},
		{"test:Boolean", "aws:SecureTransport", types.ContextKeyTypeEnumBoolean, []string{"true"}, allowed},
		{"test:Boolean", "aws:SecureTransport", types.ContextKeyTypeEnumBoolean, []string{"false"}, implicit},
		{"test:BooleanList", "test:flags", types.ContextKeyTypeEnumBooleanList, []string{"false", "true"}, allowed},
		{"test:BooleanList", "test:flags", types.ContextKeyTypeEnumBooleanList, []string{"false"}, implicit},
		{"test:Ip", "aws:SourceIp", types.ContextKeyTypeEnumIp, []string{"10.1.2.3"}, allowed},
		{"test:Ip", "aws:SourceIp", types.ContextKeyTypeEnumIp, []string{"11.1.2.3"}, implicit},
		{"test:IpList", "test:ips", types.ContextKeyTypeEnumIpList, []string{"10.0.0.1", "192.168.4.4"}, allowed},
		{"test:IpList", "test:ips", types.ContextKeyTypeEnumIpList, []string{"10.0.0.1"}, implicit},
		{"test:Binary", "test:blob", types.ContextKeyTypeEnumBinary, []string{"QmluYXJ5"}, allowed},
		{"test:Binary", "test:blob", types.ContextKeyTypeEnumBinary, []string{"T3RoZXI="}, implicit},
		{"test:BinaryList", "test:blobs", types.ContextKeyTypeEnumBinaryList, []string{"T3RoZXI=", "QmluYXJ5"}, allowed},
		{"test:BinaryList", "test:blobs", types.ContextKeyTypeEnumBinaryList, []string{"T3RoZXI="}, implicit},
		{"test:Date", "aws:CurrentTime", types.ContextKeyTypeEnumDate, []string{"2024-05-01T12:00:00Z"}, allowed},
		{"test:Date", "aws:CurrentTime", types.ContextKeyTypeEnumDate, []string{"2019-05-01"}, implicit},
		{"test:DateList", "test:dates", types.ContextKeyTypeEnumDateList, []string{"2024-01-01T00:00:00Z", "1514764800"}, allowed},
		{"test:DateList", "test:dates", types.ContextKeyTypeEnumDateList, []string{"2024-01-01T00:00:00Z"}, implicit},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %v", tc.typ, tc.values), func(t *testing.T) {
			out := iamtest.Must(t, root.SimulateCustomPolicy, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{typedPolicy},
				ActionNames: []string{tc.action}, ContextEntries: []types.ContextEntry{{ContextKeyName: aws.String(tc.key),
					ContextKeyType: tc.typ, ContextKeyValues: tc.values}}})
			r := out.EvaluationResults[0]
			if r.EvalDecision != tc.want {
				t.Errorf("EvalDecision = %s, want %s", r.EvalDecision, tc.want)
			}
			if len(r.MissingContextValues) != 0 {
				t.Errorf("MissingContextValues = %v, want none", r.MissingContextValues)
			}
		})
	}

	// Without a value, the key is reported missing and the condition does not hold.
	out, err := root.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{typedPolicy},
		ActionNames: []string{"test:Ip", "test:Date", "test:Other"}})
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, r := range out.EvaluationResults {
		if r.EvalDecision != implicit {
			t.Errorf("%s without context: %s, want implicitDeny", aws.ToString(r.EvalActionName), r.EvalDecision)
		}
		got = append(got, r.MissingContextValues)
	}
	if diff := cmp.Diff([][]string{{"aws:SourceIp"}, {"aws:CurrentTime"}, {}}, got); diff != "" {
		t.Errorf("MissingContextValues (-want +got):\n%s", diff)
	}

	// Values must be of their type, and single-valued types take one value.
	bad := []types.ContextEntry{
		{ContextKeyName: aws.String("test:size"), ContextKeyType: types.ContextKeyTypeEnumNumeric, ContextKeyValues: []string{"ten"}},
		{ContextKeyName: aws.String("test:flag"), ContextKeyType: types.ContextKeyTypeEnumBoolean, ContextKeyValues: []string{"yes"}},
		{ContextKeyName: aws.String("aws:SourceIp"), ContextKeyType: types.ContextKeyTypeEnumIpList, ContextKeyValues: []string{"10.0.0.1", "not-ip"}},
		{ContextKeyName: aws.String("test:blob"), ContextKeyType: types.ContextKeyTypeEnumBinary, ContextKeyValues: []string{"***"}},
		{ContextKeyName: aws.String("aws:CurrentTime"), ContextKeyType: types.ContextKeyTypeEnumDate, ContextKeyValues: []string{"yesterday"}},
		{ContextKeyName: aws.String("test:team"), ContextKeyType: types.ContextKeyTypeEnumString, ContextKeyValues: []string{"a", "b"}},
		{ContextKeyName: aws.String("test:team"), ContextKeyType: types.ContextKeyTypeEnumString},
		{ContextKeyType: types.ContextKeyTypeEnumString, ContextKeyValues: []string{"a"}},
	}
	for _, e := range bad {
		_, err := root.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{typedPolicy},
			ActionNames: []string{"test:String"}, ContextEntries: []types.ContextEntry{e}})
		stacktest.WantError(t, err, "InvalidInput", "")
	}
}

// TestSimulatePrincipalKeys: the simulator fills in the keys AWS derives from a user caller,
// and a context entry overrides them.
func TestSimulatePrincipalKeys(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	self := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::` + s.AccountID() +
		`:user/${aws:username}","Condition":{"StringEquals":{"aws:PrincipalType":"User"}}}]}`
	erin := s.NewUser(t, "erin", self)
	tests := []struct {
		name     string
		entries  []types.ContextEntry
		resource string
		want     types.PolicyEvaluationDecisionType
	}{
		{"own user", nil, "arn:aws:iam::" + s.AccountID() + ":user/erin", types.PolicyEvaluationDecisionTypeAllowed},
		{"another user", nil, "arn:aws:iam::" + s.AccountID() + ":user/frank", types.PolicyEvaluationDecisionTypeImplicitDeny},
		{"username given", []types.ContextEntry{{ContextKeyName: aws.String("aws:username"), ContextKeyValues: []string{"frank"}}},
			"arn:aws:iam::" + s.AccountID() + ":user/frank", types.PolicyEvaluationDecisionTypeAllowed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, root.SimulatePrincipalPolicy, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(erin.ARN),
				ActionNames: []string{"iam:GetUser"}, ResourceArns: []string{tc.resource}, ContextEntries: tc.entries})
			r := out.EvaluationResults[0]
			if r.EvalDecision != tc.want || len(r.MissingContextValues) != 0 {
				t.Errorf("EvalDecision = %s (missing %v), want %s", r.EvalDecision, r.MissingContextValues, tc.want)
			}
		})
	}
}

// TestSimulatePagination pages through action × resource results, action by action.
func TestSimulatePagination(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := t.Context()
	actions := []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}
	resources := []string{"arn:aws:s3:::a/1", "arn:aws:s3:::b/2"}
	in := &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll}, ActionNames: actions, ResourceArns: resources,
		MaxItems: aws.Int32(4)}
	var got []string
	var pages int
	for {
		out, err := root.SimulateCustomPolicy(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range out.EvaluationResults {
			got = append(got, aws.ToString(r.EvalActionName)+" "+aws.ToString(r.EvalResourceName))
		}
		if !out.IsTruncated {
			if out.Marker != nil {
				t.Errorf("last page has Marker %q", aws.ToString(out.Marker))
			}
			break
		}
		in.Marker = out.Marker
	}
	var want []string
	for _, a := range actions {
		for _, r := range resources {
			want = append(want, a+" "+r)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" || pages != 2 {
		t.Errorf("%d pages, results (-want +got):\n%s", pages, diff)
	}

	// The SDK's paginator walks the same pages.
	p := awsiam.NewSimulateCustomPolicyPaginator(root, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll},
		ActionNames: actions, ResourceArns: resources, MaxItems: aws.Int32(5)})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.EvaluationResults)
	}
	if n != len(want) {
		t.Errorf("paginator saw %d results, want %d", n, len(want))
	}

	for _, m := range []string{"garbage!", "MTA", "MA"} { // not base64; past the end; zero
		_, err := root.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll},
			ActionNames: actions, Marker: aws.String(m)})
		stacktest.WantError(t, err, "ValidationError", "Invalid Marker.")
	}
}

// TestSimulateErrors covers the simulator's documented errors: NoSuchEntity for a missing
// entity, InvalidInput for what the request gets wrong.
func TestSimulateErrors(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	gina := s.NewUser(t, "gina")
	tests := []struct {
		name    string
		in      *awsiam.SimulatePrincipalPolicyInput
		code    string
		message string
	}{
		{"missing user", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::" + acct + ":user/ghost")},
			"NoSuchEntity", "The user with name ghost cannot be found."},
		{"missing group", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::" + acct + ":group/ghosts")},
			"NoSuchEntity", "The group with name ghosts cannot be found."},
		{"missing role", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::" + acct + ":role/x/ghost")},
			"NoSuchEntity", "The role with name ghost cannot be found."},
		{"policy ARN", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::aws:policy/AdministratorAccess")},
			"InvalidInput", ""},
		{"root ARN", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::" + acct + ":root")}, "InvalidInput", ""},
		{"regional ARN", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam:us-east-1:" + acct + ":user/a")},
			"InvalidInput", ""},
		{"not an ARN", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("this-is-not-an-iam-source-arn")}, "InvalidInput", ""},
		{"another account's user", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::111122223333:user/a")},
			"AccessDenied", ""},
		{"bad input policy", &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(gina.ARN), PolicyInputList: []string{`{"Statement":`}},
			"InvalidInput", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.ActionNames = []string{"iam:GetUser"}
			_, err := root.SimulatePrincipalPolicy(ctx, in)
			stacktest.WantError(t, err, tc.code, tc.message)
		})
	}
	customBad := []*awsiam.SimulateCustomPolicyInput{
		{PolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`}},
		{PolicyInputList: []string{iamtest.AllowAll}, PermissionsBoundaryPolicyInputList: []string{`not json`}},
		{PolicyInputList: []string{iamtest.AllowAll}, ResourcePolicy: aws.String(iamtest.AllowAll), CallerArn: aws.String(gina.ARN)}, // no Principal
		{PolicyInputList: []string{iamtest.AllowAll}, ResourceOwner: aws.String("someone")},
		{PolicyInputList: []string{iamtest.AllowAll}, ResourceHandlingOption: aws.String("EC2-Mainframe")},
	}
	for i, in := range customBad {
		in.ActionNames = []string{"s3:GetObject"}
		_, err := root.SimulateCustomPolicy(ctx, in)
		if stacktest.ErrorCode(err) != "InvalidInput" {
			t.Errorf("case %d: %v, want InvalidInput", i, err)
		}
	}
	out, err := root.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll},
		ActionNames: []string{"ec2:RunInstances"}, ResourceHandlingOption: aws.String("EC2-VPC-EBS"), ResourceOwner: aws.String(acct)})
	if err != nil || out.EvaluationResults[0].EvalDecision != types.PolicyEvaluationDecisionTypeAllowed {
		t.Errorf("an EC2 scenario and an account ID as ResourceOwner: %v", err)
	}
}

// TestSimulateAuthorization: the simulator discloses an entity's permissions only to callers
// allowed iam:SimulatePrincipalPolicy on that entity; SimulateCustomPolicy is authorized on "*".
func TestSimulateAuthorization(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	target := s.NewUser(t, "target", iamtest.AllowAll)
	hank := s.NewUser(t, "hank")
	client := s.IAM(hank)
	_, err := client.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(target.ARN),
		ActionNames: []string{"s3:GetObject"}})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(hank.ARN, "iam:SimulatePrincipalPolicy", target.ARN))
	// Without permission, a missing entity is AccessDenied too, on its path-less ARN.
	_, err = client.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::" + acct + ":user/x/ghost"),
		ActionNames: []string{"s3:GetObject"}})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(hank.ARN, "iam:SimulatePrincipalPolicy", "arn:aws:iam::"+acct+":user/ghost"))
	_, err = client.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll},
		ActionNames: []string{"s3:GetObject"}})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(hank.ARN, "iam:SimulateCustomPolicy", "*"))

	putInline(t, s, user(iamtest.UserID(t, root, "hank")), "simulate", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:SimulatePrincipalPolicy","Resource":"`+target.ARN+`"},
		{"Effect":"Allow","Action":"iam:SimulateCustomPolicy","Resource":"*"}]}`)
	out, err := client.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(target.ARN),
		ActionNames: []string{"s3:GetObject"}})
	if err != nil || out.EvaluationResults[0].EvalDecision != types.PolicyEvaluationDecisionTypeAllowed {
		t.Fatalf("allowed SimulatePrincipalPolicy: %v", err)
	}
	iamtest.Must(t, client.SimulateCustomPolicy, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll},
		ActionNames: []string{"s3:GetObject"}})
	_, err = client.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(hank.ARN),
		ActionNames: []string{"s3:GetObject"}})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(hank.ARN, "iam:SimulatePrincipalPolicy", hank.ARN))
}

// TestSimulateAllResources: a resource of "*", named or not, has neither EvalDecisionDetails
// nor ResourceSpecificResults, while a named ARN in the same account has both (empty details).
func TestSimulateAllResources(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	for _, tc := range []struct {
		resources []string
		named     bool
	}{{nil, false}, {[]string{"*"}, false}, {[]string{"arn:aws:s3:::b/k"}, true}} {
		out := iamtest.Must(t, root.SimulateCustomPolicy, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{iamtest.AllowAll},
			ActionNames: []string{"s3:GetObject"}, ResourceArns: tc.resources})
		r := out.EvaluationResults[0]
		if got := r.EvalDecisionDetails != nil && len(r.ResourceSpecificResults) == 1; got != tc.named || len(r.EvalDecisionDetails) != 0 {
			t.Errorf("resources %v: EvalDecisionDetails %v, ResourceSpecificResults %v", tc.resources, r.EvalDecisionDetails, r.ResourceSpecificResults)
		}
	}
}
