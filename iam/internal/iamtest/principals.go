package iamtest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
)

// UserID is the unique ID (AIDA…) of the user named, as GetUser answers it.
func UserID(t testing.TB, c *awsiam.Client, name string) string {
	t.Helper()
	return aws.ToString(Must(t, c.GetUser, &awsiam.GetUserInput{UserName: aws.String(name)}).User.UserId)
}
