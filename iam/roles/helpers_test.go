package roles_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

var ctx = context.Background()

// ec2Trust is the trust policy of a role EC2 instances assume.
const ec2Trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// trustOf is a trust policy letting principal (an AWS principal entry) assume the role.
func trustOf(principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":"sts:AssumeRole"}]}`
}

func mustGetRole(t *testing.T, c *awsiam.Client, name string) *types.Role {
	t.Helper()
	out := iamtest.Must(t, c.GetRole, &awsiam.GetRoleInput{RoleName: aws.String(name)})
	return out.Role
}

// decoded is a role's trust policy as IAM returns it, URL-decoded as botocore does.
func decoded(t *testing.T, r *types.Role) string {
	t.Helper()
	doc, err := url.QueryUnescape(aws.ToString(r.AssumeRolePolicyDocument))
	if err != nil {
		t.Fatalf("trust policy %q is not URL-encoded: %v", aws.ToString(r.AssumeRolePolicyDocument), err)
	}
	return doc
}

// roleRecord reads a role from the store.
func roleRecord(t *testing.T, s *stacktest.Stack, name string) store.Role {
	t.Helper()
	ctx := t.Context()
	var r store.Role
	err := s.Store().View(ctx, func(tx store.Tx) (err error) {
		r, err = tx.Roles().Get(ctx, s.AccountID(), name)
		return err
	})
	if err != nil {
		t.Fatalf("role %s: %v", name, err)
	}
	return r
}

// seedRoles stores n roles named prefix0000… (iamtest.Seed), for quotas and paging.
func seedRoles(t testing.TB, s *stacktest.Stack, prefix string, n int) {
	t.Helper()
	ctx := t.Context()
	iamtest.Seed(t, s, n, arn.PrefixRole, prefix, func(tx store.Tx, id, name string) error {
		return tx.Roles().Create(ctx, store.Role{AccountID: s.AccountID(), ID: id, Name: name, Path: "/seeded/",
			ARN: "arn:aws:iam::" + s.AccountID() + ":role/seeded/" + name, TrustPolicy: ec2Trust,
			MaxSessionDuration: 3600, Created: time.Now().UTC()})
	})
}

// putUserPolicy gives a user an inline policy.
func putUserPolicy(t *testing.T, c *awsiam.Client, user, name, doc string) {
	t.Helper()
	iamtest.Must(t, c.PutUserPolicy, &awsiam.PutUserPolicyInput{UserName: aws.String(user), PolicyName: aws.String(name),
		PolicyDocument: aws.String(doc)})
}

// seedProfiles stores n instance profiles (iamtest.Seed), for quotas.
func seedProfiles(t testing.TB, s *stacktest.Stack, n int) {
	t.Helper()
	ctx := t.Context()
	iamtest.Seed(t, s, n, arn.PrefixInstanceProfile, "seeded", func(tx store.Tx, id, name string) error {
		return tx.InstanceProfiles().Create(ctx, store.InstanceProfile{AccountID: s.AccountID(), ID: id, Name: name,
			Path: "/", ARN: "arn:aws:iam::" + s.AccountID() + ":instance-profile/" + name, Created: time.Now().UTC()})
	})
}
