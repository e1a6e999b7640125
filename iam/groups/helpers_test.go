package groups_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func add(c *awsiam.Client, group, user string) error {
	_, err := c.AddUserToGroup(context.Background(), &awsiam.AddUserToGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
	return err
}

func remove(c *awsiam.Client, group, user string) error {
	_, err := c.RemoveUserFromGroup(context.Background(), &awsiam.RemoveUserFromGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
	return err
}

// seedGroups stores n groups named prefix0000… (iamtest.Seed), for quotas.
func seedGroups(t *testing.T, s *stacktest.Stack, prefix string, n int) []store.Group {
	t.Helper()
	ctx := t.Context()
	var gs []store.Group
	iamtest.Seed(t, s, n, arn.PrefixGroup, prefix, func(tx store.Tx, id, name string) error {
		g := store.Group{AccountID: s.AccountID(), ID: id, Name: name, Path: "/",
			ARN: "arn:aws:iam::" + s.AccountID() + ":group/" + name, Created: time.Now().UTC()}
		err := tx.Groups().Create(ctx, g)
		gs = append(gs, g)
		return err
	})
	return gs
}

// groupRecord reads a group from the store.
func groupRecord(t *testing.T, s *stacktest.Stack, name string) store.Group {
	t.Helper()
	ctx := t.Context()
	var g store.Group
	if err := s.Store().View(ctx, func(tx store.Tx) (err error) {
		g, err = tx.Groups().Get(ctx, s.AccountID(), name)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return g
}
