package users_test

import (
	"context"
	"crypto/rand"
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

// seedManagedPolicy stores a customer managed policy and attaches it to p.
func seedManagedPolicy(t *testing.T, s *stacktest.Stack, name, doc string, p store.Principal) string {
	t.Helper()
	ctx := context.Background()
	id, err := arn.NewUniqueID(rand.Reader, arn.PrefixManagedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	policyARN := "arn:aws:iam::" + s.AccountID() + ":policy/" + name
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		now := time.Now().UTC()
		if err := tx.Policies().Create(ctx, store.ManagedPolicy{AccountID: s.AccountID(), ID: id, Name: name, Path: "/",
			ARN: policyARN, IsAttachable: true, Created: now, Updated: now}, doc); err != nil {
			return err
		}
		return tx.Attachments().Attach(ctx, p, store.AttachedPolicy{ARN: policyARN, Name: name, Path: "/"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return policyARN
}

func TestExplicitDenyBeatsAllow(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	user := s.NewUser(t, "alice", iamtest.AllowAll, stacktest.Policy("Deny", []string{"iam:CreateUser"}))
	alice := s.IAM(user)
	target := "arn:aws:iam::" + s.AccountID() + ":user/bob"

	_, err := alice.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("bob")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.DeniedBecause(user.ARN, "iam:CreateUser", target, "with an explicit deny in an identity-based policy"))
	if _, err := alice.ListUsers(ctx, &awsiam.ListUsersInput{}); err != nil {
		t.Errorf("ListUsers, allowed and not denied: %v", err)
	}

	// A deny in a managed policy names the policy.
	iamtest.Must(t, root.DeleteUserPolicy, &awsiam.DeleteUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("policy-2")})
	policyARN := seedManagedPolicy(t, s, "NoListing", stacktest.Policy("Deny", []string{"iam:List*"}),
		store.Principal{Kind: store.PrincipalUser, ID: iamtest.UserID(t, root, "alice")})
	_, err = alice.ListUsers(ctx, &awsiam.ListUsersInput{})
	stacktest.WantError(t, err, "AccessDenied", iamtest.DeniedBecause(user.ARN, "iam:ListUsers", "arn:aws:iam::"+s.AccountID()+":user/",
		"with an explicit deny in an identity-based policy: "+policyARN))
	if _, err := alice.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("bob")}); err != nil {
		t.Errorf("CreateUser once the inline deny is gone: %v", err)
	}
}

func TestPermissionsBoundary(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	user := s.NewUser(t, "alice", iamtest.AllowAll)
	alice := s.IAM(user)
	// No API sets a user's boundary yet (PutUserPermissionsBoundary comes later): set it in the store.
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		u, err := tx.Users().Get(ctx, s.AccountID(), "alice")
		if err != nil {
			return err
		}
		u.BoundaryARN = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
		return tx.Users().Update(ctx, u)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.ListUsers(ctx, &awsiam.ListUsersInput{}); err != nil {
		t.Errorf("ListUsers, allowed by identity and boundary: %v", err)
	}
	_, err = alice.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("bob")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.DeniedBecause(user.ARN, "iam:CreateUser", "arn:aws:iam::"+s.AccountID()+":user/bob",
		"because no permissions boundary allows the iam:CreateUser action"))
	got := iamtest.Must(t, root.GetUser, &awsiam.GetUserInput{UserName: aws.String("alice")})
	if got.User.PermissionsBoundary == nil || aws.ToString(got.User.PermissionsBoundary.PermissionsBoundaryArn) != "arn:aws:iam::aws:policy/IAMReadOnlyAccess" {
		t.Errorf("GetUser boundary = %+v", got.User.PermissionsBoundary)
	}
}

func TestGroupPolicies(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	user := s.NewUser(t, "alice")
	alice := s.IAM(user)
	_, err := alice.ListUsers(ctx, &awsiam.ListUsersInput{})
	stacktest.WantError(t, err, "AccessDenied", "")

	gid, err := arn.NewUniqueID(rand.Reader, arn.PrefixGroup)
	if err != nil {
		t.Fatal(err)
	}
	g := store.Principal{Kind: store.PrincipalGroup, ID: gid}
	aliceID := iamtest.UserID(t, root, "alice") // read before Update: the in-memory store has one connection
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		if err := tx.Groups().Create(ctx, store.Group{AccountID: s.AccountID(), ID: gid, Name: "readers", Path: "/",
			ARN: "arn:aws:iam::" + s.AccountID() + ":group/readers", Created: time.Now()}); err != nil {
			return err
		}
		return tx.Groups().AddMember(ctx, gid, aliceID)
	})
	if err != nil {
		t.Fatal(err)
	}
	seedManagedPolicy(t, s, "Readers", stacktest.Policy("Allow", []string{"iam:List*"}), g)
	if _, err := alice.ListUsers(ctx, &awsiam.ListUsersInput{}); err != nil {
		t.Errorf("ListUsers allowed through a group's managed policy: %v", err)
	}
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		return tx.InlinePolicies().Put(ctx, g, store.InlinePolicy{Name: "no", Document: stacktest.Policy("Deny", []string{"iam:ListUsers"})})
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = alice.ListUsers(ctx, &awsiam.ListUsersInput{})
	stacktest.WantError(t, err, "AccessDenied", iamtest.DeniedBecause(user.ARN, "iam:ListUsers", "arn:aws:iam::"+s.AccountID()+":user/",
		"with an explicit deny in an identity-based policy"))
}

func TestPolicyVariablesAndTags(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
	// Alice may tag only users whose team tag matches hers, and only with her team.
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:TagUser","Resource":"*",
		"Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}","aws:RequestTag/team":"${aws:PrincipalTag/team}"}}}]}`
	user := s.NewUser(t, "alice", doc)
	tagUser := func(c *awsiam.Client, name, team string) error {
		_, err := c.TagUser(ctx, &awsiam.TagUserInput{UserName: aws.String(name), Tags: []types.Tag{iamtest.Tag("team", team)}})
		return err
	}
	for name, team := range map[string]string{"alice": "blue", "bob": "blue", "carol": "red"} {
		if name != "alice" {
			iamtest.MustCreateUser(t, root, name)
		}
		if err := tagUser(root, name, team); err != nil {
			t.Fatal(err)
		}
	}
	alice := s.IAM(user)
	if err := tagUser(alice, "bob", "blue"); err != nil {
		t.Errorf("tagging a user of her team with her team: %v", err)
	}
	stacktest.WantError(t, tagUser(alice, "carol", "blue"), "AccessDenied", "")
	stacktest.WantError(t, tagUser(alice, "bob", "red"), "AccessDenied", "")
}
