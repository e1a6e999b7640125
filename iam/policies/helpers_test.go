package policies_test

import (
	"context"
	"crypto/rand"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

var ctx = context.Background()

// ok fails the test at once if the call it is given failed: ok(t)(c.DeletePolicy(…)).
func ok(t *testing.T) func(any, error) {
	return func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// fatalIf fails the test at once on an error.
func fatalIf(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// allow is a one-statement policy allowing actions on every resource.
func allow(actions ...string) string { return stacktest.Policy("Allow", actions) }

// createPolicy creates a customer managed policy and returns its ARN.
func createPolicy(t *testing.T, c *awsiam.Client, name, doc string) string {
	t.Helper()
	ctx := t.Context()
	out, err := c.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String(name), PolicyDocument: aws.String(doc)})
	fatalIf(t, err)
	return aws.ToString(out.Policy.Arn)
}

func createUser(t *testing.T, c *awsiam.Client, name string) *types.User {
	t.Helper()
	ctx := t.Context()
	out, err := c.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String(name)})
	fatalIf(t, err)
	return out.User
}

// seedGroup stores a group directly: the groups family owns CreateGroup.
func seedGroup(t testing.TB, s *stacktest.Stack, name string, members ...string) store.Group {
	t.Helper()
	ctx := t.Context()
	id, err := arn.NewUniqueID(rand.Reader, arn.PrefixGroup)
	fatalIf(t, err)
	g := store.Group{AccountID: s.AccountID(), ID: id, Name: name, Path: "/", ARN: "arn:aws:iam::" + s.AccountID() + ":group/" + name,
		Created: s.Clock().Now().UTC()}
	var userIDs []string
	err = s.Store().View(ctx, func(tx store.Tx) error {
		for _, m := range members {
			u, err := tx.Users().Get(ctx, s.AccountID(), m)
			if err != nil {
				return err
			}
			userIDs = append(userIDs, u.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Store().Update(ctx, func(tx store.Tx) error {
		if err := tx.Groups().Create(ctx, g); err != nil {
			return err
		}
		for _, u := range userIDs {
			if err := tx.Groups().AddMember(ctx, g.ID, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// seedRole stores a role directly (the roles family owns CreateRole); a service-linked one
// when linkedService is set.
func seedRole(t *testing.T, s *stacktest.Stack, name, linkedService string) store.Role {
	t.Helper()
	ctx := t.Context()
	id, err := arn.NewUniqueID(rand.Reader, arn.PrefixRole)
	fatalIf(t, err)
	path := "/"
	if linkedService != "" {
		path = "/aws-service-role/" + linkedService + "/"
	}
	r := store.Role{AccountID: s.AccountID(), ID: id, Name: name, Path: path, ARN: "arn:aws:iam::" + s.AccountID() + ":role" + path + name,
		TrustPolicy:        `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		MaxSessionDuration: 3600, Created: s.Clock().Now().UTC(), ServiceLinked: linkedService != "", LinkedService: linkedService}
	fatalIf(t, s.Store().Update(ctx, func(tx store.Tx) error { return tx.Roles().Create(ctx, r) }))
	return r
}

// tagRole tags a stored role directly.
func tagRole(t *testing.T, s *stacktest.Stack, r store.Role, tags ...store.Tag) {
	t.Helper()
	ctx := t.Context()
	if err := s.Store().Update(ctx, func(tx store.Tx) error {
		return tx.Tags().Put(ctx, store.Resource{Kind: store.KindRole, Key: r.ID}, tags)
	}); err != nil {
		t.Fatal(err)
	}
}

func attachedNames(as []types.AttachedPolicy) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = aws.ToString(a.PolicyName)
	}
	return out
}
