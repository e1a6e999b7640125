package users_test

import (
	"context"
	"testing"

	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
)

// TestGetUserAsRootOmitsNameAndPath: GetUser without a UserName, called with the root user's
// credentials, describes the root user by its account ID and ARN and carries no UserName and no
// Path, as AWS answers (GetUser, https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html:
// "If you do not specify a user name, IAM determines the user name implicitly based on the AWS
// access key ID used to sign the request"; the root user has none).
func TestGetUserAsRootOmitsNameAndPath(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	out, err := root.GetUser(context.Background(), &awsiam.GetUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	u := out.User
	if u.UserName != nil || u.Path != nil {
		t.Errorf("GetUser as root: UserName %v, Path %v; want neither", u.UserName, u.Path)
	}
	if got, want := *u.UserId, s.AccountID(); got != want {
		t.Errorf("GetUser as root: UserId %s, want the account ID %s", got, want)
	}
	if got, want := *u.Arn, "arn:aws:iam::"+s.AccountID()+":root"; got != want {
		t.Errorf("GetUser as root: Arn %s, want %s", got, want)
	}
}
