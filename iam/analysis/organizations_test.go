package analysis_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

const noOrganization = "The request was rejected because no organization is associated with your account."

// TestOrganizationsFeatures: outside any organization the root-access features answer
// OrganizationNotFoundException, once the caller is authorized.
func TestOrganizationsFeatures(t *testing.T) {
	t.Parallel()
	s, root := rootIAM(t)
	ctx := context.Background()
	oscar := s.NewUser(t, "oscar")
	client := s.IAM(oscar)
	ops := []struct {
		action string
		call   func(*awsiam.Client) error
	}{
		{"iam:EnableOrganizationsRootCredentialsManagement", func(c *awsiam.Client) error {
			_, err := c.EnableOrganizationsRootCredentialsManagement(ctx, &awsiam.EnableOrganizationsRootCredentialsManagementInput{})
			return err
		}},
		{"iam:DisableOrganizationsRootCredentialsManagement", func(c *awsiam.Client) error {
			_, err := c.DisableOrganizationsRootCredentialsManagement(ctx, &awsiam.DisableOrganizationsRootCredentialsManagementInput{})
			return err
		}},
		{"iam:EnableOrganizationsRootSessions", func(c *awsiam.Client) error {
			_, err := c.EnableOrganizationsRootSessions(ctx, &awsiam.EnableOrganizationsRootSessionsInput{})
			return err
		}},
		{"iam:DisableOrganizationsRootSessions", func(c *awsiam.Client) error {
			_, err := c.DisableOrganizationsRootSessions(ctx, &awsiam.DisableOrganizationsRootSessionsInput{})
			return err
		}},
		{"iam:ListOrganizationsFeatures", func(c *awsiam.Client) error {
			_, err := c.ListOrganizationsFeatures(ctx, &awsiam.ListOrganizationsFeaturesInput{})
			return err
		}},
	}
	for _, op := range ops {
		t.Run(op.action, func(t *testing.T) {
			stacktest.WantError(t, op.call(root), "OrganizationNotFoundException", noOrganization)
			stacktest.WantError(t, op.call(client), "AccessDenied", denied(oscar.ARN, op.action, "*"))
		})
	}
	putInline(t, s, user(userID(t, root, "oscar")), "orgs", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*Organizations*","Resource":"*"}]}`)
	for _, op := range ops {
		stacktest.WantError(t, op.call(client), "OrganizationNotFoundException", noOrganization)
	}
}

// TestOrganizationsAccessReport: the job of an Organizations access report is accepted and
// fails for want of an organization, saying so in ErrorDetails.
func TestOrganizationsAccessReport(t *testing.T) {
	t.Parallel()
	s, root := rootIAM(t)
	ctx := context.Background()
	const path = "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111"
	gen, err := root.GenerateOrganizationsAccessReport(ctx, &awsiam.GenerateOrganizationsAccessReportInput{EntityPath: aws.String(path),
		OrganizationsPolicyId: aws.String("p-12345678")})
	if err != nil {
		t.Fatal(err)
	}
	if len(aws.ToString(gen.JobId)) != 36 {
		t.Fatalf("JobId %q", aws.ToString(gen.JobId))
	}
	out, err := root.GetOrganizationsAccessReport(ctx, &awsiam.GetOrganizationsAccessReportInput{JobId: gen.JobId,
		SortKey: types.SortKeyTypeServiceNamespaceAscending})
	if err != nil {
		t.Fatal(err)
	}
	if out.JobStatus != types.JobStatusTypeFailed || out.JobCompletionDate == nil || out.JobCreationDate == nil ||
		out.ErrorDetails == nil || aws.ToString(out.ErrorDetails.Code) != "OrganizationNotFoundException" ||
		aws.ToString(out.ErrorDetails.Message) != noOrganization || len(out.AccessDetails) != 0 {
		t.Errorf("report: %+v, error details %+v", out, out.ErrorDetails)
	}
	_, err = root.GetOrganizationsAccessReport(ctx, &awsiam.GetOrganizationsAccessReportInput{JobId: aws.String("01234567-89ab-4cde-8f01-23456789abcd")})
	stacktest.WantError(t, err, "NoSuchEntity", "")
	// A service last accessed job is not an Organizations report, nor the other way round.
	_, err = root.GetServiceLastAccessedDetails(ctx, &awsiam.GetServiceLastAccessedDetailsInput{JobId: gen.JobId})
	stacktest.WantError(t, err, "NoSuchEntity", "")

	// Authorization: Generate on the access-report resource, with iam:OrganizationsPolicyId.
	pat := s.NewUser(t, "pat")
	client := s.IAM(pat)
	resource := "arn:aws:iam::" + s.AccountID() + ":access-report/" + path
	_, err = client.GenerateOrganizationsAccessReport(ctx, &awsiam.GenerateOrganizationsAccessReportInput{EntityPath: aws.String(path)})
	stacktest.WantError(t, err, "AccessDenied", denied(pat.ARN, "iam:GenerateOrganizationsAccessReport", resource))
	_, err = client.GetOrganizationsAccessReport(ctx, &awsiam.GetOrganizationsAccessReportInput{JobId: gen.JobId})
	stacktest.WantError(t, err, "AccessDenied", denied(pat.ARN, "iam:GetOrganizationsAccessReport", "*"))
	putInline(t, s, user(userID(t, root, "pat")), "reports", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:GenerateOrganizationsAccessReport","Resource":"arn:aws:iam::*:access-report/o-a1b2c3d4e5/*",
		 "Condition":{"StringEquals":{"iam:OrganizationsPolicyId":"p-12345678"}}},
		{"Effect":"Allow","Action":"iam:GetOrganizationsAccessReport","Resource":"*"}]}`)
	_, err = client.GenerateOrganizationsAccessReport(ctx, &awsiam.GenerateOrganizationsAccessReportInput{EntityPath: aws.String(path)})
	stacktest.WantError(t, err, "AccessDenied", "")
	own, err := client.GenerateOrganizationsAccessReport(ctx, &awsiam.GenerateOrganizationsAccessReportInput{EntityPath: aws.String(path),
		OrganizationsPolicyId: aws.String("p-12345678")})
	if err != nil {
		t.Fatalf("allowed with the policy ID: %v", err)
	}
	if _, err := client.GetOrganizationsAccessReport(ctx, &awsiam.GetOrganizationsAccessReportInput{JobId: own.JobId}); err != nil {
		t.Fatalf("allowed Get: %v", err)
	}
}
