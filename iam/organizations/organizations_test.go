package organizations_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	awsorg "github.com/aws/aws-sdk-go-v2/service/organizations"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestRootAccessFeatures: centralized root access is switched in the management account once
// IAM has trusted access; elsewhere AWS's errors answer.
func TestRootAccessFeatures(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := stacktest.New(t)
	c := s.IAM(s.Root())
	iamtest.Refused(t, c.ListOrganizationsFeatures, &awsiam.ListOrganizationsFeaturesInput{},
		"OrganizationNotFoundException", "The request was rejected because no organization is associated with your account.")
	org := s.Organizations(s.Root())
	created, err := org.CreateOrganization(ctx, &awsorg.CreateOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	iamtest.Refused(t, c.EnableOrganizationsRootSessions, &awsiam.EnableOrganizationsRootSessionsInput{},
		"ServiceAccessNotEnabledException", "")
	iamtest.Must(t, org.EnableAWSServiceAccess, &awsorg.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("iam.amazonaws.com")})
	out, err := c.EnableOrganizationsRootSessions(ctx, &awsiam.EnableOrganizationsRootSessionsInput{})
	if err != nil || aws.ToString(out.OrganizationId) != aws.ToString(created.Organization.Id) ||
		len(out.EnabledFeatures) != 1 || out.EnabledFeatures[0] != types.FeatureTypeRootSessions {
		t.Fatalf("EnableOrganizationsRootSessions: %+v %v", out, err)
	}
	iamtest.Must(t, c.EnableOrganizationsRootCredentialsManagement, &awsiam.EnableOrganizationsRootCredentialsManagementInput{})
	iamtest.Must(t, c.DisableOrganizationsRootSessions, &awsiam.DisableOrganizationsRootSessionsInput{})
	list, err := c.ListOrganizationsFeatures(ctx, &awsiam.ListOrganizationsFeaturesInput{})
	if err != nil || len(list.EnabledFeatures) != 1 || list.EnabledFeatures[0] != types.FeatureTypeRootCredentialsManagement {
		t.Fatalf("ListOrganizationsFeatures: %+v %v", list, err)
	}
	acct := iamtest.Must(t, org.CreateAccount, &awsorg.CreateAccountInput{AccountName: aws.String("m"), Email: aws.String("m@example.com")})
	admin := s.NewUser(t, "admin", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	role, err := s.STS(admin).AssumeRole(ctx, &awssts.AssumeRoleInput{RoleSessionName: aws.String("member"),
		RoleArn: aws.String("arn:aws:iam::" + aws.ToString(acct.CreateAccountStatus.AccountId) + ":role/OrganizationAccountAccessRole")})
	if err != nil {
		t.Fatal(err)
	}
	k := role.Credentials
	inMember := s.IAM(stacktest.Credentials{AccessKeyID: aws.ToString(k.AccessKeyId), SecretAccessKey: aws.ToString(k.SecretAccessKey), SessionToken: aws.ToString(k.SessionToken)})
	iamtest.Refused(t, inMember.EnableOrganizationsRootSessions, &awsiam.EnableOrganizationsRootSessionsInput{},
		"CallerIsNotManagementAccountException", "")
	iamtest.Refused(t, inMember.ListOrganizationsFeatures, &awsiam.ListOrganizationsFeaturesInput{},
		"AccountNotManagementOrDelegatedAdministratorException", "")
}
