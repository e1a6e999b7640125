package users_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func mustCreateUser(t *testing.T, c *awsiam.Client, name string) *types.User {
	t.Helper()
	out, err := c.CreateUser(context.Background(), &awsiam.CreateUserInput{UserName: aws.String(name)})
	if err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
	return out.User
}

// rootIAM starts a stack and returns it with an IAM client of its root user.
func rootIAM(t *testing.T, opts ...stacktest.Option) (*stacktest.Stack, *awsiam.Client) {
	t.Helper()
	s := stacktest.New(t, opts...)
	return s, s.IAM(s.Root())
}

const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
