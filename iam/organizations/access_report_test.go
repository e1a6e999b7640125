package organizations_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	awsorg "github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// report generates a report and reads it back.
func report(t *testing.T, c *awsiam.Client, path string, policyID *string, get func(*awsiam.GetOrganizationsAccessReportInput)) *awsiam.GetOrganizationsAccessReportOutput {
	t.Helper()
	ctx := t.Context()
	gen, err := c.GenerateOrganizationsAccessReport(ctx, &awsiam.GenerateOrganizationsAccessReportInput{EntityPath: aws.String(path), OrganizationsPolicyId: policyID})
	if err != nil {
		t.Fatal(err)
	}
	in := &awsiam.GetOrganizationsAccessReportInput{JobId: gen.JobId}
	if get != nil {
		get(in)
	}
	out, err := c.GetOrganizationsAccessReport(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func failed(t *testing.T, out *awsiam.GetOrganizationsAccessReportOutput, code string) {
	t.Helper()
	if out.JobStatus != types.JobStatusTypeFailed || out.ErrorDetails == nil || aws.ToString(out.ErrorDetails.Code) != code {
		t.Errorf("report %+v (%+v), want FAILED with %s", out, out.ErrorDetails, code)
	}
}

// TestOrganizationsAccessReport: the services the SCPs allow an OU's accounts, each with its
// last access by the accounts' roles; one SCP's report; the management account's whole
// catalogue; and the preconditions AWS documents failing the job.
func TestOrganizationsAccessReport(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := stacktest.New(t)
	c := s.IAM(s.Root())
	org := s.Organizations(s.Root())
	o, err := org.CreateOrganization(ctx, &awsorg.CreateOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	orgID := aws.ToString(o.Organization.Id)
	roots, _ := org.ListRoots(ctx, &awsorg.ListRootsInput{})
	root := aws.ToString(roots.Roots[0].Id)
	failed(t, report(t, c, orgID+"/"+root+"/", nil, nil), "PolicyTypeNotEnabled")
	ou, err := org.CreateOrganizationalUnit(ctx, &awsorg.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("apps")})
	if err != nil {
		t.Fatal(err)
	}
	ouID := aws.ToString(ou.OrganizationalUnit.Id)
	st, err := org.CreateAccount(ctx, &awsorg.CreateAccountInput{AccountName: aws.String("app"), Email: aws.String("app@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	acct := aws.ToString(st.CreateAccountStatus.AccountId)
	if _, err := org.MoveAccount(ctx, &awsorg.MoveAccountInput{AccountId: aws.String(acct), SourceParentId: aws.String(root), DestinationParentId: aws.String(ouID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := org.EnablePolicyType(ctx, &awsorg.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: orgtypes.PolicyTypeServiceControlPolicy}); err != nil {
		t.Fatal(err)
	}
	scp, err := org.CreatePolicy(ctx, &awsorg.CreatePolicyInput{Name: aws.String("iam-sts"), Description: aws.String("d"), Type: orgtypes.PolicyTypeServiceControlPolicy,
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","sts:*"],"Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	scpID := scp.Policy.PolicySummary.Id
	if _, err := org.AttachPolicy(ctx, &awsorg.AttachPolicyInput{PolicyId: scpID, TargetId: aws.String(ouID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := org.DetachPolicy(ctx, &awsorg.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(ouID)}); err != nil {
		t.Fatal(err)
	}

	// The member's administrator lists users: an access to IAM by its role.
	admin := s.NewUser(t, "admin", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	assumed, err := s.STS(admin).AssumeRole(ctx, &awssts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("admin")})
	if err != nil {
		t.Fatal(err)
	}
	member := stacktest.Credentials{AccessKeyID: aws.ToString(assumed.Credentials.AccessKeyId), SecretAccessKey: aws.ToString(assumed.Credentials.SecretAccessKey),
		SessionToken: aws.ToString(assumed.Credentials.SessionToken), AccountID: acct}
	if _, err := s.IAM(member).ListUsers(ctx, &awsiam.ListUsersInput{}); err != nil {
		t.Fatal(err)
	}

	ouPath := orgID + "/" + root + "/" + ouID + "/"
	out := report(t, c, ouPath, nil, nil)
	if out.JobStatus != types.JobStatusTypeCompleted || aws.ToInt32(out.NumberOfServicesAccessible) != 1 || aws.ToInt32(out.NumberOfServicesNotAccessed) != 1 ||
		len(out.AccessDetails) != 2 {
		t.Fatalf("OU report %+v", out)
	}
	iamDetail, stsDetail := out.AccessDetails[0], out.AccessDetails[1]
	if aws.ToString(iamDetail.ServiceNamespace) != "iam" || aws.ToString(iamDetail.ServiceName) != "AWS Identity and Access Management" ||
		iamDetail.LastAuthenticatedTime == nil || aws.ToInt32(iamDetail.TotalAuthenticatedEntities) != 1 ||
		aws.ToString(iamDetail.EntityPath) != orgID+"/"+root+"/"+ouID+"/"+acct {
		t.Errorf("iam's detail %+v", iamDetail)
	}
	if aws.ToString(stsDetail.ServiceNamespace) != "sts" || stsDetail.LastAuthenticatedTime != nil {
		t.Errorf("sts's detail %+v", stsDetail)
	}
	// By one SCP, from the root: the same two services, the same access.
	byPolicy := report(t, c, orgID+"/"+root, scpID, func(in *awsiam.GetOrganizationsAccessReportInput) {
		in.SortKey = types.SortKeyTypeLastAuthenticatedTimeDescending
	})
	if len(byPolicy.AccessDetails) != 2 || aws.ToString(byPolicy.AccessDetails[0].ServiceNamespace) != "iam" || byPolicy.AccessDetails[0].LastAuthenticatedTime == nil {
		t.Errorf("policy report %+v", byPolicy.AccessDetails)
	}
	// The management account: every service, none accessed by it through a role or user.
	mgmt := report(t, c, orgID+"/"+root+"/"+s.AccountID(), nil, func(in *awsiam.GetOrganizationsAccessReportInput) { in.MaxItems = aws.Int32(10) })
	if !mgmt.IsTruncated || len(mgmt.AccessDetails) != 10 || aws.ToInt32(mgmt.NumberOfServicesAccessible)+aws.ToInt32(mgmt.NumberOfServicesNotAccessed) < 100 {
		t.Errorf("management account report: %d details, truncated %v, %d+%d services", len(mgmt.AccessDetails), mgmt.IsTruncated,
			aws.ToInt32(mgmt.NumberOfServicesAccessible), aws.ToInt32(mgmt.NumberOfServicesNotAccessed))
	}

	failed(t, report(t, c, orgID+"/"+root+"/ou-nope-12345678/", nil, nil), "EntityNotFound")
	failed(t, report(t, c, strings.Replace(ouPath, orgID, "o-0000000000", 1), nil, nil), "EntityNotFound")
	failed(t, report(t, s.IAM(member), ouPath, nil, nil), "CallerIsNotManagementAccount")
	iamtest.Refused(t, c.GetOrganizationsAccessReport, &awsiam.GetOrganizationsAccessReportInput{JobId: aws.String("00000000-0000-4000-8000-000000000000")},
		"NoSuchEntity", "The job with ID 00000000-0000-4000-8000-000000000000 cannot be found.")
}
