package analysis_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// benchWorld is a user in 10 groups with 10 customer managed policies each (the issue's
// authorization benchmark), and the caller it authenticates as.
func benchWorld(b *testing.B) (*stacktest.Stack, stacktest.Credentials, *callctx.Call) {
	b.Helper()
	s := stacktest.New(b)
	ctx := b.Context()
	u := s.NewUser(b, "bench")
	_, caller, err := s.Node().Authn.Lookup(ctx, u.AccessKeyID)
	if err != nil {
		b.Fatal(err)
	}
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		for g := 0; g < 10; g++ {
			gid := newID(b, arn.PrefixGroup)
			name := fmt.Sprintf("group-%d", g)
			if err := tx.Groups().Create(ctx, store.Group{AccountID: s.AccountID(), ID: gid, Name: name, Path: "/",
				ARN: "arn:aws:iam::" + s.AccountID() + ":group/" + name}); err != nil {
				return err
			}
			if err := tx.Groups().AddMember(ctx, gid, caller.UserID); err != nil {
				return err
			}
			for p := 0; p < 10; p++ {
				pname := fmt.Sprintf("policy-%d-%d", g, p)
				parn := "arn:aws:iam::" + s.AccountID() + ":policy/" + pname
				doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","s3:Get%d*"],"Resource":"*"},`+
					`{"Effect":"Deny","Action":"iam:Delete*","Resource":"arn:aws:iam::*:user/admin-%d"}]}`, p, g)
				if err := tx.Policies().Create(ctx, store.ManagedPolicy{AccountID: s.AccountID(), ID: newID(b, arn.PrefixManagedPolicy), Name: pname, Path: "/",
					ARN: parn, IsAttachable: true}, doc); err != nil {
					return err
				}
				if err := tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalGroup, ID: gid},
					store.AttachedPolicy{ARN: parn, Name: pname, Path: "/"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s, u, &callctx.Call{Caller: caller, Service: "iam", Region: stacktest.Region}
}

// BenchmarkAuthorizeRecordingAccess: an allowed authorization, which also records the attempt
// for access advisor in memory (the flush is off the request path).
func BenchmarkAuthorizeRecordingAccess(b *testing.B) {
	s, _, call := benchWorld(b)
	ctx := b.Context()
	req := authz.Request{Action: "iam:GetUser", Resource: "arn:aws:iam::" + s.AccountID() + ":user/bench"}
	if err := s.Authorizer().Authorize(ctx, call, req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := s.Authorizer().Authorize(ctx, call, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulatePrincipalPolicy: one SimulatePrincipalPolicy call over HTTP for that user
// (100 managed policies to load and compile), 3 actions × 2 resources.
func BenchmarkSimulatePrincipalPolicy(b *testing.B) {
	s, u, _ := benchWorld(b)
	ctx := b.Context()
	root := s.IAM(s.Root())
	in := &awsiam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(u.ARN),
		ActionNames:  []string{"iam:GetUser", "iam:DeleteUser", "s3:GetObject"},
		ResourceArns: []string{"arn:aws:iam::" + s.AccountID() + ":user/admin-3", "arn:aws:s3:::bucket/key"}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := root.SimulatePrincipalPolicy(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulateCustomPolicySCPs: one SimulateCustomPolicy call over HTTP, 3 actions × 2
// resources against one identity policy, without an SCP chain and with the deepest one the
// model allows (7 levels of 5 SCPs, each with a condition): what OrderedOrganizationPolicyInputList
// costs, the evaluation without SCPs that MissingContextValues needs included.
func BenchmarkSimulateCustomPolicySCPs(b *testing.B) {
	s := stacktest.New(b)
	ctx := b.Context()
	root := s.IAM(s.Root())
	var chain []types.OrderedOrganizationPolicyType
	for level := 0; level < 7; level++ {
		var scps []string
		for i := 0; i < 5; i++ {
			scps = append(scps, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},`+
				`{"Effect":"Deny","Action":"iam:Delete*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"region-%d-%d"}}}]}`, level, i))
		}
		chain = append(chain, types.OrderedOrganizationPolicyType{ServiceControlPolicyInputList: scps})
	}
	for _, bc := range []struct {
		name  string
		chain []types.OrderedOrganizationPolicyType
	}{{"no-scps", nil}, {"7x5-scps", chain}} {
		in := &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`},
			OrderedOrganizationPolicyInputList: bc.chain, ActionNames: []string{"iam:GetUser", "iam:DeleteUser", "s3:GetObject"},
			ResourceArns: []string{"arn:aws:iam::" + s.AccountID() + ":user/admin-3", "arn:aws:s3:::bucket/key"}}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := root.SimulateCustomPolicy(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
