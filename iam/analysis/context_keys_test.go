package analysis_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/google/go-cmp/cmp"
)

// TestGetContextKeysForCustomPolicy replays what AWS answers (AWS CLI reference examples and
// responses recorded from AWS): keys in document order with their spelling, variables of
// Resource and condition values under 2012-10-17 (defaults and ${*} included), each key once
// per document but again for another document.
func TestGetContextKeysForCustomPolicy(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	ctx := t.Context()
	tests := []struct {
		name string
		docs []string
		want []string
	}{
		{"AWS CLI example", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}`},
			[]string{"aws:username", "aws:CurrentTime"}},
		{"duplicates within a document once, across documents again", []string{
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/Team":"a"},"StringLike":{"aws:PrincipalTag/Team":"b*"}}},
			 {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/Team":"a"}}}}`},
			[]string{"aws:PrincipalTag/Team", "aws:SecureTransport", "aws:PrincipalTag/Team"}},
		{"variables with defaults and literals", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/dept, 'none'}/${*}","Condition":{"StringEquals":{"s3:prefix":"${aws:userid}/"}}}}`},
			[]string{"aws:PrincipalTag/dept", "*", "s3:prefix", "aws:userid"}},
		{"no variables under 2008-10-17", []string{`{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`},
			[]string{"aws:SourceIp"}},
		{"incomplete statements are read", []string{`{"Version":"2012-10-17","Statement":{"Action":"s3:*","Condition":{"StringEquals":{"s3:x-amz-acl":"private"}}}}`},
			[]string{"s3:x-amz-acl"}},
		{"resource policies are read", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}}`},
			[]string{"aws:PrincipalOrgID"}},
		{"no keys", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, root.GetContextKeysForCustomPolicy, &awsiam.GetContextKeysForCustomPolicyInput{PolicyInputList: tc.docs})
			if diff := cmp.Diff(tc.want, out.ContextKeyNames); diff != "" {
				t.Errorf("ContextKeyNames (-want +got):\n%s", diff)
			}
		})
	}
	for _, doc := range []string{
		`{"Version":"2012-10-17","Statement":`, // not JSON
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Extra":1}}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}}`,
	} {
		_, err := root.GetContextKeysForCustomPolicy(ctx, &awsiam.GetContextKeysForCustomPolicyInput{PolicyInputList: []string{doc}})
		stacktest.WantError(t, err, "InvalidInput", "")
	}
}

// TestGetContextKeysForPrincipalPolicy: a user's keys come from its inline and managed
// policies, its groups' (a policy attached to both once), and its boundary (observed from
// AWS), then PolicyInputList; the entity is found by name whatever the ARN's path.
func TestGetContextKeysForPrincipalPolicy(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	doc := func(key string) string {
		return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"` + key + `":"x"}}}}`
	}
	ivy := s.NewUser(t, "ivy", doc("aws:PrincipalTag/UserInline"))
	ivyID := iamtest.UserID(t, root, "ivy")
	g := seedGroup(t, s, "context-group", ivyID)
	putInline(t, s, group(g), "inline", doc("aws:PrincipalTag/GroupInline"))
	seedManaged(t, s, "Shared", doc("aws:PrincipalTag/Managed"), user(ivyID), group(g))
	setBoundary(t, s, ivyID, seedManaged(t, s, "Bound", doc("aws:PrincipalTag/BoundaryOnly")))
	roleID, roleARN := seedRole(t, s, "ctx")
	putInline(t, s, role(roleID), "r", doc("aws:SourceVpc"))

	tests := []struct {
		name, source string
		extra        []string
		want         []string
	}{
		{"user", ivy.ARN, nil, []string{"aws:PrincipalTag/UserInline", "aws:PrincipalTag/Managed", "aws:PrincipalTag/GroupInline", "aws:PrincipalTag/BoundaryOnly"}},
		{"user under another path", "arn:aws:iam::" + acct + ":user/elsewhere/ivy", nil,
			[]string{"aws:PrincipalTag/UserInline", "aws:PrincipalTag/Managed", "aws:PrincipalTag/GroupInline", "aws:PrincipalTag/BoundaryOnly"}},
		{"user and an input document", ivy.ARN, []string{doc("aws:PrincipalTag/UserInline")},
			[]string{"aws:PrincipalTag/UserInline", "aws:PrincipalTag/Managed", "aws:PrincipalTag/GroupInline", "aws:PrincipalTag/BoundaryOnly", "aws:PrincipalTag/UserInline"}},
		{"group", "arn:aws:iam::" + acct + ":group/context-group", nil, []string{"aws:PrincipalTag/GroupInline", "aws:PrincipalTag/Managed"}},
		{"role", roleARN, nil, []string{"aws:SourceVpc"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := iamtest.Must(t, root.GetContextKeysForPrincipalPolicy, &awsiam.GetContextKeysForPrincipalPolicyInput{
				PolicySourceArn: aws.String(tc.source), PolicyInputList: tc.extra})
			if diff := cmp.Diff(tc.want, out.ContextKeyNames); diff != "" {
				t.Errorf("ContextKeyNames (-want +got):\n%s", diff)
			}
		})
	}

	_, err := root.GetContextKeysForPrincipalPolicy(ctx, &awsiam.GetContextKeysForPrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::" + acct + ":user/missing")})
	stacktest.WantError(t, err, "NoSuchEntity", "The user with name missing cannot be found.")
	for _, a := range []string{"this-is-not-an-iam-source-arn", "arn:aws:iam::" + acct + ":root", "arn:aws:iam:us-east-1:" + acct + ":user/ivy",
		"arn:aws:iam::" + acct + ":policy/Shared"} {
		_, err = root.GetContextKeysForPrincipalPolicy(ctx, &awsiam.GetContextKeysForPrincipalPolicyInput{PolicySourceArn: aws.String(a)})
		stacktest.WantError(t, err, "InvalidInput", "")
	}
	_, err = root.GetContextKeysForPrincipalPolicy(ctx, &awsiam.GetContextKeysForPrincipalPolicyInput{PolicySourceArn: aws.String(ivy.ARN),
		PolicyInputList: []string{"{"}})
	stacktest.WantError(t, err, "InvalidInput", "")

}
