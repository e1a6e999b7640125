package org_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// benchGuardrails are four SCPs of the kinds organizations attach (besides FullAWSAccess): a
// region fence, protection of a role, a service deny-list and a tag rule.
var benchGuardrails = []string{
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:DeleteRole","iam:PutRolePolicy","iam:AttachRolePolicy"],"Resource":"arn:aws:iam::*:role/OrganizationAccountAccessRole"}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["ec2:*","rds:*","redshift:*","sagemaker:*"],"Resource":"*"}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*","Condition":{"Null":{"aws:RequestTag/team":"true"}}}]}`,
}

const benchIdentity = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}`

// benchUser creates, with c, a user allowed benchIdentity and returns its call and the
// request it makes.
func benchUser(b *testing.B, s *stacktest.Stack, c stacktest.Credentials, account string) (*callctx.Call, authz.Request) {
	b.Helper()
	out, err := s.IAM(c).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bob"),
		Tags: []iamtypes.Tag{{Key: aws.String("team"), Value: aws.String("bench")}}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.IAM(c).PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("bob"), PolicyName: aws.String("read"), PolicyDocument: aws.String(benchIdentity)}); err != nil {
		b.Fatal(err)
	}
	u := out.User
	call := &callctx.Call{Region: "us-east-1", Caller: &callctx.Caller{Kind: callctx.KindUser, AccountID: account, ARN: aws.ToString(u.Arn),
		UniqueID: aws.ToString(u.UserId), UserID: aws.ToString(u.UserId), UserName: "bob"}}
	return call, authz.Request{Action: "iam:GetUser", Resource: aws.ToString(u.Arn)}
}

// benchOrg builds an organization with a member account three OUs deep and five SCPs on each
// level (FullAWSAccess and benchGuardrails on the root, each OU and the account), and returns
// the administrator of the member account.
func benchOrg(b *testing.B, s *stacktest.Stack) (stacktest.Credentials, string) {
	c := s.Organizations(s.Root())
	if _, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{}); err != nil {
		b.Fatal(err)
	}
	roots, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		b.Fatal(err)
	}
	root := aws.ToString(roots.Roots[0].Id)
	if _, err := c.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: types.PolicyTypeServiceControlPolicy}); err != nil {
		b.Fatal(err)
	}
	created, err := c.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("deep"), Email: aws.String("deep@example.com")})
	if err != nil {
		b.Fatal(err)
	}
	acct := aws.ToString(created.CreateAccountStatus.AccountId)
	levels, parent := []string{root}, root
	for i := range 3 {
		ou, err := c.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String(fmt.Sprint("level", i))})
		if err != nil {
			b.Fatal(err)
		}
		parent = aws.ToString(ou.OrganizationalUnit.Id)
		levels = append(levels, parent)
	}
	if _, err := c.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(parent)}); err != nil {
		b.Fatal(err)
	}
	for i, target := range append(levels, acct) {
		for j, doc := range benchGuardrails {
			p, err := c.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String(fmt.Sprint("guard", i, j)), Description: aws.String(""),
				Type: types.PolicyTypeServiceControlPolicy, Content: aws.String(doc)})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: p.Policy.PolicySummary.Id, TargetId: aws.String(target)}); err != nil {
				b.Fatal(err)
			}
		}
	}
	admin := s.NewUser(b, "admin", allowAll)
	return assumeAs(b, s, admin, acct), acct
}

// BenchmarkAuthorizeInOrganization is one authorization (iam:GetUser, allowed) of a user in a
// member account three OUs deep with five SCPs per level, against the same request in an
// account outside any organization. The bound: at most 2× the latter.
func BenchmarkAuthorizeInOrganization(b *testing.B) {
	b.Run("NoOrganization", func(b *testing.B) {
		s := stacktest.New(b)
		call, req := benchUser(b, s, s.Root(), s.AccountID())
		benchAuthorize(b, s, call, req)
	})
	b.Run("ThreeOUsFiveSCPsPerLevel", func(b *testing.B) {
		s := stacktest.New(b)
		admin, acct := benchOrg(b, s)
		call, req := benchUser(b, s, admin, acct)
		benchAuthorize(b, s, call, req)
	})
}

func benchAuthorize(b *testing.B, s *stacktest.Stack, call *callctx.Call, req authz.Request) {
	a := s.Authorizer()
	if err := a.Authorize(ctx, call, req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Authorize(ctx, call, req); err != nil {
			b.Fatal(err)
		}
	}
}
