package users_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestInlinePolicyBoundaryKey: PutUserPolicy and DeleteUserPolicy carry iam:PermissionsBoundary
// (the target user's boundary), as the Service Authorization Reference lists, so a delegated
// administrator can be limited to the users that carry a given boundary.
func TestInlinePolicyBoundaryKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, root := iamtest.Root(t)
	boundary := iamtest.Must(t, root.CreatePolicy, &awsiam.CreatePolicyInput{PolicyName: aws.String("Boundary"), PolicyDocument: aws.String(iamtest.AllowAll)})
	boundaryARN := aws.ToString(boundary.Policy.Arn)
	iamtest.Must(t, root.CreateUser, &awsiam.CreateUserInput{UserName: aws.String("bounded"), PermissionsBoundary: aws.String(boundaryARN)})
	iamtest.MustCreateUser(t, root, "free")
	admin := s.IAM(s.NewUser(t, "delegate", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Action":["iam:PutUserPolicy","iam:DeleteUserPolicy"],"Resource":"*",
		"Condition":{"StringEquals":{"iam:PermissionsBoundary":"`+boundaryARN+`"}}}]}`))

	for _, user := range []string{"bounded", "free"} {
		_, putErr := admin.PutUserPolicy(ctx, &awsiam.PutUserPolicyInput{UserName: aws.String(user), PolicyName: aws.String("p"), PolicyDocument: aws.String(iamtest.AllowAll)})
		if user == "bounded" && putErr != nil {
			t.Errorf("PutUserPolicy on a user with the boundary: %v", putErr)
		}
		if user == "free" {
			stacktest.WantError(t, putErr, "AccessDenied", "")
			continue
		}
		if _, err := admin.DeleteUserPolicy(ctx, &awsiam.DeleteUserPolicyInput{UserName: aws.String(user), PolicyName: aws.String("p")}); err != nil {
			t.Errorf("DeleteUserPolicy on a user with the boundary: %v", err)
		}
	}
}
