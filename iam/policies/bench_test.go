package policies_test

import (
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

const (
	benchUsers        = 1000
	benchDetailGroups = 20
	benchGroups       = 10 // a user's groups in BenchmarkAuthorizeGroups
	benchGroupManaged = 10 // managed policies per group: the default quota
)

// BenchmarkGetAccountAuthorizationDetails lists an account of 1,000 users, each with an inline
// and two attached policies and in two of 20 groups that have their own inline and attached
// policies, through the HTTP stack with the SDK's paginator (100 entries a page). ns/op is
// the whole listing; ns/page one page.
func BenchmarkGetAccountAuthorizationDetails(b *testing.B) {
	ctx := b.Context()
	s := stacktest.New(b)
	root := s.IAM(s.Root())
	acct := s.AccountID()
	now := time.Now().UTC().Truncate(time.Second)
	newID := func(prefix string) string {
		id, err := arn.NewUniqueID(rand.Reader, prefix)
		if err != nil {
			b.Fatal(err)
		}
		return id
	}
	doc := func(sid string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"` + sid + `","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/` + sid + `/*"}]}`
	}
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		shared := store.ManagedPolicy{AccountID: acct, ID: newID(arn.PrefixManagedPolicy), Name: "Shared", Path: "/",
			ARN: "arn:aws:iam::" + acct + ":policy/Shared", IsAttachable: true, Created: now, Updated: now}
		if err := tx.Policies().Create(ctx, shared, doc("shared")); err != nil {
			return err
		}
		sharedAtt := store.AttachedPolicy{ARN: shared.ARN, Name: shared.Name, Path: "/"}
		awsAtt := store.AttachedPolicy{ARN: "arn:aws:iam::aws:policy/IAMReadOnlyAccess", Name: "IAMReadOnlyAccess", Path: "/"}
		groups := make([]string, benchDetailGroups)
		for g := range groups {
			name := fmt.Sprintf("group-%02d", g)
			groups[g] = newID(arn.PrefixGroup)
			if err := tx.Groups().Create(ctx, store.Group{AccountID: acct, ID: groups[g], Name: name, Path: "/",
				ARN: "arn:aws:iam::" + acct + ":group/" + name, Created: now}); err != nil {
				return err
			}
			gp := store.Principal{Kind: store.PrincipalGroup, ID: groups[g]}
			if err := tx.InlinePolicies().Put(ctx, gp, store.InlinePolicy{Name: "group-inline", Document: doc(name)}); err != nil {
				return err
			}
			for _, a := range []store.AttachedPolicy{sharedAtt, awsAtt} {
				if err := tx.Attachments().Attach(ctx, gp, a); err != nil {
					return err
				}
			}
		}
		for i := range benchUsers {
			name := fmt.Sprintf("user-%04d", i)
			u := store.User{AccountID: acct, ID: newID(arn.PrefixUser), Name: name, Path: "/",
				ARN: "arn:aws:iam::" + acct + ":user/" + name, Created: now}
			if err := tx.Users().Create(ctx, u); err != nil {
				return err
			}
			up := store.Principal{Kind: store.PrincipalUser, ID: u.ID}
			if err := tx.InlinePolicies().Put(ctx, up, store.InlinePolicy{Name: "inline", Document: doc(name)}); err != nil {
				return err
			}
			for _, a := range []store.AttachedPolicy{sharedAtt, awsAtt} {
				if err := tx.Attachments().Attach(ctx, up, a); err != nil {
					return err
				}
			}
			for _, g := range []string{groups[i%benchDetailGroups], groups[(i+1)%benchDetailGroups]} {
				if err := tx.Groups().AddMember(ctx, g, u.ID); err != nil {
					return err
				}
			}
			if err := tx.Tags().Put(ctx, store.Resource{Kind: store.KindUser, Key: u.ID}, []store.Tag{{Key: "team", Value: "t"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	pages := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		users := 0
		p := awsiam.NewGetAccountAuthorizationDetailsPaginator(root, &awsiam.GetAccountAuthorizationDetailsInput{})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				b.Fatal(err)
			}
			users += len(out.UserDetailList)
			pages++
		}
		if users != benchUsers {
			b.Fatalf("listed %d users", users)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(pages), "ns/page")
}

// BenchmarkAuthorizeGroups authorizes a call by a user in 10 groups with 10 customer managed
// policies each (attached through the API): the decision alone (authz), and a whole GetUser
// call through the HTTP stack with the SDK (http). The allowing statement is in the last
// policy of the last group.
func BenchmarkAuthorizeGroups(b *testing.B) {
	ctx := b.Context()
	s := stacktest.New(b)
	root := s.IAM(s.Root())
	user := s.NewUser(b, "alice")
	for g := range benchGroups {
		group := fmt.Sprintf("group-%02d", g)
		seedGroup(b, s, group, "alice")
		for p := range benchGroupManaged {
			action := fmt.Sprintf("s3:GetObjectVersion%02d%02d", g, p)
			if g == benchGroups-1 && p == benchGroupManaged-1 {
				action = "iam:GetUser"
			}
			out, err := root.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String(fmt.Sprintf("p-%02d-%02d", g, p)),
				PolicyDocument: aws.String(stacktest.Policy("Allow", []string{action}))})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := root.AttachGroupPolicy(ctx, &awsiam.AttachGroupPolicyInput{GroupName: aws.String(group), PolicyArn: out.Policy.Arn}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("authz", func(b *testing.B) {
		_, caller, err := s.Node().Authn.Lookup(ctx, user.AccessKeyID)
		if err != nil {
			b.Fatal(err)
		}
		call := &callctx.Call{Caller: caller, Service: "iam", Region: stacktest.Region}
		req := authz.Request{Action: "iam:GetUser", Resource: user.ARN}
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Authorizer().Authorize(ctx, call, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("http", func(b *testing.B) {
		alice := s.IAM(user)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := alice.GetUser(ctx, &awsiam.GetUserInput{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
