package policies_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
)

// TestDetailsShowEffectiveTrustPolicy: GetAccountAuthorizationDetails shows a role's trust
// policy as GetRole does — a user named in it and deleted since appears as the unique ID it
// had, in the role's own details and in the roles of its instance profiles.
func TestDetailsShowEffectiveTrustPolicy(t *testing.T) {
	t.Parallel()
	_, root := iamtest.Root(t)
	user, err := root.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("bob")})
	fatalIf(t, err)
	bobARN, bobID := aws.ToString(user.User.Arn), aws.ToString(user.User.UserId)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + bobARN + `"},"Action":"sts:AssumeRole"}]}`
	_, err = root.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("shared"), AssumeRolePolicyDocument: aws.String(trust)})
	fatalIf(t, err)
	_, err = root.CreateInstanceProfile(ctx, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("ip")})
	fatalIf(t, err)
	_, err = root.AddRoleToInstanceProfile(ctx, &awsiam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("ip"), RoleName: aws.String("shared")})
	fatalIf(t, err)
	_, err = root.DeleteUser(ctx, &awsiam.DeleteUserInput{UserName: aws.String("bob")})
	fatalIf(t, err)

	out, err := root.GetAccountAuthorizationDetails(ctx, &awsiam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeRole}})
	fatalIf(t, err)
	if len(out.RoleDetailList) != 1 || len(out.RoleDetailList[0].InstanceProfileList) != 1 {
		t.Fatalf("role details = %+v, want the one role in its one instance profile", out.RoleDetailList)
	}
	d := out.RoleDetailList[0]
	for where, doc := range map[string]*string{"role": d.AssumeRolePolicyDocument,
		"instance profile role": d.InstanceProfileList[0].Roles[0].AssumeRolePolicyDocument} {
		text, err := url.QueryUnescape(aws.ToString(doc))
		fatalIf(t, err)
		if strings.Contains(text, bobARN) || !strings.Contains(text, `"`+bobID+`"`) {
			t.Errorf("%s trust policy = %s, want the deleted user's ID %s in place of its ARN", where, text, bobID)
		}
	}
}
