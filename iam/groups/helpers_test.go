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

func add(c *awsiam.Client, group, user string) error {
	_, err := c.AddUserToGroup(ctx, &awsiam.AddUserToGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
	return err
}

func remove(c *awsiam.Client, group, user string) error {
	_, err := c.RemoveUserFromGroup(ctx, &awsiam.RemoveUserFromGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
	return err
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
