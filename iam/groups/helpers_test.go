package groups_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

var ctx = context.Background()

func rootIAM(t *testing.T, opts ...stacktest.Option) (*stacktest.Stack, *awsiam.Client) {
	t.Helper()
	s := stacktest.New(t, opts...)
	return s, s.IAM(s.Root())
}

func mustCreateGroup(t *testing.T, c *awsiam.Client, name, path string) {
	t.Helper()
	in := &awsiam.CreateGroupInput{GroupName: aws.String(name)}
	if path != "" {
		in.Path = aws.String(path)
	}
	if _, err := c.CreateGroup(ctx, in); err != nil {
		t.Fatalf("CreateGroup %s: %v", name, err)
	}
}

func mustCreateUser(t *testing.T, c *awsiam.Client, name string) {
	t.Helper()
	if _, err := c.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String(name)}); err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
}

func add(c *awsiam.Client, group, user string) error {
	_, err := c.AddUserToGroup(ctx, &awsiam.AddUserToGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
	return err
}

func remove(c *awsiam.Client, group, user string) error {
	_, err := c.RemoveUserFromGroup(ctx, &awsiam.RemoveUserFromGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
	return err
}

// denied is AWS's implicit-deny message.
func denied(caller, action, resource string) string {
	return "User: " + caller + " is not authorized to perform: " + action + " on resource: " + resource +
		" because no identity-based policy allows the " + action + " action"
}

// seedGroups stores n groups named prefix0000… in one transaction, for quotas.
func seedGroups(t *testing.T, s *stacktest.Stack, prefix string, n int) []store.Group {
	t.Helper()
	var gs []store.Group
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for i := range n {
			id, err := arn.NewUniqueID(rand.Reader, arn.PrefixGroup)
			if err != nil {
				return err
			}
			name := fmt.Sprintf("%s%04d", prefix, i)
			g := store.Group{AccountID: s.AccountID(), ID: id, Name: name, Path: "/",
				ARN: "arn:aws:iam::" + s.AccountID() + ":group/" + name, Created: time.Now().UTC()}
			if err := tx.Groups().Create(ctx, g); err != nil {
				return err
			}
			gs = append(gs, g)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// groupRecord reads a group from the store.
func groupRecord(t *testing.T, s *stacktest.Stack, name string) store.Group {
	t.Helper()
	var g store.Group
	if err := s.Store().View(ctx, func(tx store.Tx) (err error) {
		g, err = tx.Groups().Get(ctx, s.AccountID(), name)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return g
}
