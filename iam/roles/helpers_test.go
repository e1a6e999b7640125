package roles_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

var ctx = context.Background()

// rootIAM starts a stack and returns it with an IAM client of its root user.
func rootIAM(t *testing.T, opts ...stacktest.Option) (*stacktest.Stack, *awsiam.Client) {
	t.Helper()
	s := stacktest.New(t, opts...)
	return s, s.IAM(s.Root())
}

// ec2Trust is the trust policy of a role EC2 instances assume.
const ec2Trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// trustOf is a trust policy letting principal (an AWS principal entry) assume the role.
func trustOf(principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":"sts:AssumeRole"}]}`
}

func mustCreateRole(t *testing.T, c *awsiam.Client, name, trust string) *types.Role {
	t.Helper()
	out, err := c.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatalf("CreateRole %s: %v", name, err)
	}
	return out.Role
}

func mustGetRole(t *testing.T, c *awsiam.Client, name string) *types.Role {
	t.Helper()
	out, err := c.GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		t.Fatalf("GetRole %s: %v", name, err)
	}
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

// seedRoles stores n roles named prefix0001… in one transaction, for quotas and paging.
func seedRoles(t testing.TB, s *stacktest.Stack, prefix string, n int) {
	t.Helper()
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for i := range n {
			id, err := arn.NewUniqueID(rand.Reader, arn.PrefixRole)
			if err != nil {
				return err
			}
			name := fmt.Sprintf("%s%04d", prefix, i)
			if err := tx.Roles().Create(ctx, store.Role{AccountID: s.AccountID(), ID: id, Name: name, Path: "/seeded/",
				ARN: "arn:aws:iam::" + s.AccountID() + ":role/seeded/" + name, TrustPolicy: ec2Trust,
				MaxSessionDuration: 3600, Created: time.Now().UTC()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// denied is AWS's implicit-deny message.
func denied(caller, action, resource string) string {
	return "User: " + caller + " is not authorized to perform: " + action + " on resource: " + resource +
		" because no identity-based policy allows the " + action + " action"
}

// putUserPolicy gives a user an inline policy.
func putUserPolicy(t *testing.T, c *awsiam.Client, user, name, doc string) {
	t.Helper()
	if _, err := c.PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: aws.String(user), PolicyName: aws.String(name),
		PolicyDocument: aws.String(doc)}); err != nil {
		t.Fatal(err)
	}
}

// seedProfiles stores n instance profiles in one transaction, for quotas.
func seedProfiles(s *stacktest.Stack, n int) error {
	return s.Store().Update(ctx, func(tx store.Tx) error {
		for i := range n {
			id, err := arn.NewUniqueID(rand.Reader, arn.PrefixInstanceProfile)
			if err != nil {
				return err
			}
			name := fmt.Sprintf("seeded%04d", i)
			if err := tx.InstanceProfiles().Create(ctx, store.InstanceProfile{AccountID: s.AccountID(), ID: id, Name: name,
				Path: "/", ARN: "arn:aws:iam::" + s.AccountID() + ":instance-profile/" + name, Created: time.Now().UTC()}); err != nil {
				return err
			}
		}
		return nil
	})
}
