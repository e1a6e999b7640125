package api_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// BenchmarkGetCallerIdentity is a whole request through the SDK, HTTP, SigV4 and the
// authorizer (root), in process.
func BenchmarkGetCallerIdentity(b *testing.B) {
	s := stacktest.New(b)
	c := s.STS(s.Root())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetUser is a user's request evaluated against its policies, plus a store read.
func BenchmarkGetUser(b *testing.B) {
	s := stacktest.New(b)
	user := s.NewUser(b, "alice", stacktest.Policy("Allow", []string{"iam:GetUser"}))
	c := s.IAM(user)
	ctx := context.Background()
	in := &awsiam.GetUserInput{UserName: aws.String("alice")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetUser(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthorize is the authorizer alone, warm, for a user in 10 groups with 10 customer
// managed policies each (100 policies of 5 statements), the allowing statement in the last.
func BenchmarkAuthorize(b *testing.B) {
	s := stacktest.New(b)
	user := s.NewUser(b, "alice")
	ctx := context.Background()
	acct := s.AccountID()
	var userID string
	err := s.Store().View(ctx, func(tx store.Tx) error {
		u, err := tx.Users().Get(ctx, acct, "alice")
		userID = u.ID
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	newID := func(prefix string) string {
		id, err := arn.NewUniqueID(rand.Reader, prefix)
		if err != nil {
			b.Fatal(err)
		}
		return id
	}
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		now := time.Now()
		for g := range 10 {
			gid := newID(arn.PrefixGroup)
			name := fmt.Sprintf("group-%d", g)
			if err := tx.Groups().Create(ctx, store.Group{AccountID: acct, ID: gid, Name: name, Path: "/",
				ARN: "arn:aws:iam::" + acct + ":group/" + name, Created: now}); err != nil {
				return err
			}
			if err := tx.Groups().AddMember(ctx, gid, userID); err != nil {
				return err
			}
			for p := range 10 {
				pname := fmt.Sprintf("policy-%d-%d", g, p)
				parn := "arn:aws:iam::" + acct + ":policy/" + pname
				action := fmt.Sprintf("s3:Get%d%d", g, p)
				if g == 9 && p == 9 {
					action = "iam:GetUser"
				}
				doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
					{"Effect":"Allow","Action":"ec2:Describe%[1]d%[2]d","Resource":"*"},
					{"Effect":"Allow","Action":["sqs:Send%[1]d%[2]d","sns:Publish%[1]d%[2]d"],"Resource":"arn:aws:sqs:*:*:q%[1]d"},
					{"Effect":"Deny","Action":"iam:Delete%[1]d%[2]d","Resource":"*"},
					{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"t%[1]d"}}},
					{"Effect":"Allow","Action":"%[3]s","Resource":"arn:aws:iam::*:user/*"}]}`, g, p, action)
				if err := tx.Policies().Create(ctx, store.ManagedPolicy{AccountID: acct, ID: newID(arn.PrefixManagedPolicy),
					Name: pname, Path: "/", ARN: parn, IsAttachable: true, Created: now, Updated: now}, doc); err != nil {
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
	az := s.Authorizer()
	_, caller, err := s.Node().Authn.Lookup(ctx, user.AccessKeyID)
	if err != nil {
		b.Fatal(err)
	}
	call := &callctx.Call{Caller: caller, Service: "iam", Region: "us-east-1", SourceIP: "192.0.2.1", UserAgent: "bench"}
	req := authz.Request{Action: "iam:GetUser", Resource: user.ARN}
	if err := az.Authorize(ctx, call, req); err != nil {
		b.Fatalf("warm-up: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := az.Authorize(ctx, call, req); err != nil {
			b.Fatal(err)
		}
	}
}
