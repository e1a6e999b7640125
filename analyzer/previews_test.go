package analyzer_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func roleConfig(trust string) types.Configuration {
	return &types.ConfigurationMemberIamRole{Value: types.IamRoleConfiguration{TrustPolicy: aws.String(trust)}}
}

// TestAccessPreview previews four trust policies against the ACCOUNT analyzer's findings: the
// cross-account role made private (its finding would resolve), the public role unchanged, the
// account's own role opened to another account and a role not made yet opened to everyone.
func TestAccessPreview(t *testing.T) {
	t.Parallel()
	s, aa, _, an := findingsStack(t)
	ctx := context.Background()
	configs := map[string]types.Configuration{
		roleARN(s, "cross"):  roleConfig(trustDoc(`{"AWS":"` + s.AccountID() + `"}`)),
		roleARN(s, "public"): roleConfig(trustDoc(`{"AWS":"*"}`)),
		roleARN(s, "own"):    roleConfig(trustDoc(`{"AWS":"arn:aws:iam::` + other + `:root"}`)),
		roleARN(s, "future"): roleConfig(trustDoc(`{"AWS":"*"}`)),
	}
	created, err := aa.CreateAccessPreview(ctx, &accessanalyzer.CreateAccessPreviewInput{AnalyzerArn: &an, Configurations: configs})
	if err != nil {
		t.Fatal(err)
	}
	got, err := aa.GetAccessPreview(ctx, &accessanalyzer.GetAccessPreviewInput{AnalyzerArn: &an, AccessPreviewId: created.Id})
	if err != nil || got.AccessPreview.Status != types.AccessPreviewStatusCompleted || len(got.AccessPreview.Configurations) != 4 {
		t.Fatalf("GetAccessPreview: %+v %v", got, err)
	}
	findings, err := aa.ListAccessPreviewFindings(ctx, &accessanalyzer.ListAccessPreviewFindingsInput{AnalyzerArn: &an, AccessPreviewId: created.Id})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		change types.FindingChangeType
		status types.FindingStatus
		public bool
		prior  bool
	}
	byRole := map[string]row{}
	for _, f := range findings.Findings {
		byRole[aws.ToString(f.Resource)] = row{f.ChangeType, f.Status, aws.ToBool(f.IsPublic), f.ExistingFindingId != nil}
	}
	want := map[string]row{
		roleARN(s, "cross"):  {types.FindingChangeTypeChanged, types.FindingStatusResolved, false, true},
		roleARN(s, "public"): {types.FindingChangeTypeUnchanged, types.FindingStatusActive, true, true},
		roleARN(s, "own"):    {types.FindingChangeTypeNew, types.FindingStatusActive, false, false},
		roleARN(s, "future"): {types.FindingChangeTypeNew, types.FindingStatusActive, true, false},
	}
	if len(findings.Findings) != 4 || !mapsEqual(byRole, want) {
		t.Errorf("preview findings %+v, want %+v", byRole, want)
	}
	onlyNew, err := aa.ListAccessPreviewFindings(ctx, &accessanalyzer.ListAccessPreviewFindingsInput{AnalyzerArn: &an, AccessPreviewId: created.Id,
		Filter: map[string]types.Criterion{"changeType": {Eq: []string{"NEW"}}, "isPublic": {Eq: []string{"true"}}}})
	if err != nil || len(onlyNew.Findings) != 1 || aws.ToString(onlyNew.Findings[0].Resource) != roleARN(s, "future") {
		t.Errorf("filtered preview findings %+v %v", onlyNew, err)
	}
	list, err := aa.ListAccessPreviews(ctx, &accessanalyzer.ListAccessPreviewsInput{AnalyzerArn: &an})
	if err != nil || len(list.AccessPreviews) != 1 || aws.ToString(list.AccessPreviews[0].Id) != aws.ToString(created.Id) {
		t.Errorf("ListAccessPreviews %+v %v", list, err)
	}
	// Nothing was deployed: the analyzer's findings are as they were.
	current, err := aa.ListFindingsV2(ctx, &accessanalyzer.ListFindingsV2Input{AnalyzerArn: &an})
	if err != nil || len(current.Findings) != 2 {
		t.Errorf("findings after the preview %+v %v", current, err)
	}
}

func TestAccessPreviewErrors(t *testing.T) {
	t.Parallel()
	s, aa, _, an := findingsStack(t)
	ctx := context.Background()
	bad, err := aa.CreateAccessPreview(ctx, &accessanalyzer.CreateAccessPreviewInput{AnalyzerArn: &an,
		Configurations: map[string]types.Configuration{roleARN(s, "cross"): roleConfig(`{"Statement":[{"Effect":"Allow"}]}`)}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := aa.GetAccessPreview(ctx, &accessanalyzer.GetAccessPreviewInput{AnalyzerArn: &an, AccessPreviewId: bad.Id})
	if err != nil || got.AccessPreview.Status != types.AccessPreviewStatusFailed ||
		got.AccessPreview.StatusReason.Code != types.AccessPreviewStatusReasonCodeInvalidConfiguration {
		t.Errorf("preview of a bad trust policy: %+v %v", got, err)
	}
	_, err = aa.CreateAccessPreview(ctx, &accessanalyzer.CreateAccessPreviewInput{AnalyzerArn: &an,
		Configurations: map[string]types.Configuration{"arn:aws:s3:::bucket": &types.ConfigurationMemberS3Bucket{Value: types.S3BucketConfiguration{}}}})
	stacktest.WantError(t, err, "ValidationException", "")
	_, err = aa.CreateAccessPreview(ctx, &accessanalyzer.CreateAccessPreviewInput{AnalyzerArn: &an,
		Configurations: map[string]types.Configuration{"arn:aws:iam::" + other + ":role/x": roleConfig(trustDoc(`{"AWS":"*"}`))}})
	stacktest.WantError(t, err, "ValidationException", "")
	_, err = aa.GetAccessPreview(ctx, &accessanalyzer.GetAccessPreviewInput{AnalyzerArn: &an, AccessPreviewId: aws.String("00000000-0000-4000-8000-000000000000")})
	stacktest.WantError(t, err, "ResourceNotFoundException", "")
	_, err = aa.ListAccessPreviews(ctx, &accessanalyzer.ListAccessPreviewsInput{AnalyzerArn: aws.String(an + "x")})
	stacktest.WantError(t, err, "ResourceNotFoundException", "")
}

func TestAnalyzedResources(t *testing.T) {
	t.Parallel()
	s, aa, _, an := findingsStack(t)
	ctx := context.Background()
	list, err := aa.ListAnalyzedResources(ctx, &accessanalyzer.ListAnalyzedResourcesInput{AnalyzerArn: &an, MaxResults: aws.Int32(3)})
	if err != nil || len(list.AnalyzedResources) != 3 || list.NextToken == nil {
		t.Fatalf("first page %+v %v", list, err)
	}
	rest, err := aa.ListAnalyzedResources(ctx, &accessanalyzer.ListAnalyzedResourcesInput{AnalyzerArn: &an, NextToken: list.NextToken})
	if err != nil || len(rest.AnalyzedResources) != 2 || rest.NextToken != nil {
		t.Errorf("second page %+v %v", rest, err)
	}
	none, err := aa.ListAnalyzedResources(ctx, &accessanalyzer.ListAnalyzedResourcesInput{AnalyzerArn: &an, ResourceType: types.ResourceTypeAwsS3Bucket})
	if err != nil || len(none.AnalyzedResources) != 0 {
		t.Errorf("S3 buckets %+v %v", none, err)
	}
	pub, err := aa.GetAnalyzedResource(ctx, &accessanalyzer.GetAnalyzedResourceInput{AnalyzerArn: &an, ResourceArn: aws.String(roleARN(s, "public"))})
	if err != nil || !aws.ToBool(pub.Resource.IsPublic) || len(pub.Resource.Actions) != 1 || pub.Resource.Actions[0] != "sts:AssumeRole" ||
		pub.Resource.Status != types.FindingStatusActive {
		t.Errorf("public role %+v %v", pub, err)
	}
	own, err := aa.GetAnalyzedResource(ctx, &accessanalyzer.GetAnalyzedResourceInput{AnalyzerArn: &an, ResourceArn: aws.String(roleARN(s, "own"))})
	if err != nil || aws.ToBool(own.Resource.IsPublic) || len(own.Resource.Actions) != 0 || own.Resource.Status != "" {
		t.Errorf("own role %+v %v", own, err)
	}
	_, err = aa.GetAnalyzedResource(ctx, &accessanalyzer.GetAnalyzedResourceInput{AnalyzerArn: &an, ResourceArn: aws.String(roleARN(s, "nobody"))})
	stacktest.WantError(t, err, "ResourceNotFoundException", "")
}

func TestServiceLinkedAnalyzers(t *testing.T) {
	t.Parallel()
	_, aa, _, _ := findingsStack(t)
	ctx := context.Background()
	_, err := aa.CreateServiceLinkedAnalyzer(ctx, &accessanalyzer.CreateServiceLinkedAnalyzerInput{Type: types.TypeAccountUnusedAccess})
	stacktest.WantError(t, err, "AccessDeniedException", "Service-linked analyzers can only be created by AWS services.")
	_, err = aa.DeleteServiceLinkedAnalyzer(ctx, &accessanalyzer.DeleteServiceLinkedAnalyzerInput{AnalyzerName: aws.String("ext")})
	stacktest.WantError(t, err, "ValidationException", "")
	_, err = aa.DeleteServiceLinkedAnalyzer(ctx, &accessanalyzer.DeleteServiceLinkedAnalyzerInput{AnalyzerName: aws.String("_AccessAnalyzerForSecurityHub-1")})
	stacktest.WantError(t, err, "ResourceNotFoundException", "")
	if _, err := aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("ext")}); err != nil {
		t.Errorf("the customer's analyzer after DeleteServiceLinkedAnalyzer refused: %v", err)
	}
}
