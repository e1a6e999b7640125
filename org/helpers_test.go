package org_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// assumeAccessRole assumes a member account's OrganizationAccountAccessRole as an
// administrator of the management account (AWS lets no root user assume a role).
func assumeAccessRole(t *testing.T, s *stacktest.Stack, account string) stacktest.Credentials {
	t.Helper()
	return assumeAs(t, s, s.NewUser(t, "admin-"+account, allowAll), account)
}

// assumeAs assumes a member account's OrganizationAccountAccessRole as admin.
func assumeAs(t testing.TB, s *stacktest.Stack, admin stacktest.Credentials, account string) stacktest.Credentials {
	t.Helper()
	out, err := s.STS(admin).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("admin")})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	return stacktest.Credentials{AccessKeyID: aws.ToString(c.AccessKeyId), SecretAccessKey: aws.ToString(c.SecretAccessKey),
		SessionToken: aws.ToString(c.SessionToken), AccountID: account, ARN: aws.ToString(out.AssumedRoleUser.Arn)}
}
