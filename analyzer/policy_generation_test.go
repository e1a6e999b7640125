package analyzer_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// TestPolicyGeneration: the worker role listed users and read one; the generated policy
// allows exactly those actions, with the user ARN format as the placeholder resource of
// iam:GetUser; a principal that does not exist fails its job.
func TestPolicyGeneration(t *testing.T) {
	t.Parallel()
	s, aa, _, session := unusedWorld(t)
	ctx := context.Background()
	if _, err := s.IAM(session).GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("old")}); err != nil {
		t.Fatal(err)
	}
	worker := roleARN(s, "worker")
	start := time.Now().Add(-time.Hour)
	job, err := aa.StartPolicyGeneration(ctx, &accessanalyzer.StartPolicyGenerationInput{
		PolicyGenerationDetails: &types.PolicyGenerationDetails{PrincipalArn: aws.String(worker)},
		CloudTrailDetails: &types.CloudTrailDetails{AccessRole: aws.String(roleARN(s, "idle")), StartTime: &start,
			Trails: []types.Trail{{CloudTrailArn: aws.String("arn:aws:cloudtrail:us-east-1:" + s.AccountID() + ":trail/main"), AllRegions: aws.Bool(true)}}},
		ClientToken: aws.String("token-1")})
	if err != nil {
		t.Fatal(err)
	}
	again, err := aa.StartPolicyGeneration(ctx, &accessanalyzer.StartPolicyGenerationInput{
		PolicyGenerationDetails: &types.PolicyGenerationDetails{PrincipalArn: aws.String(worker)}, ClientToken: aws.String("token-1")})
	if err != nil || aws.ToString(again.JobId) != aws.ToString(job.JobId) {
		t.Errorf("the same client token started %v (%v), want job %s", again, err, aws.ToString(job.JobId))
	}

	plain, err := aa.GetGeneratedPolicy(ctx, &accessanalyzer.GetGeneratedPolicyInput{JobId: job.JobId})
	if err != nil {
		t.Fatal(err)
	}
	if plain.JobDetails.Status != types.JobStatusSucceeded || len(plain.GeneratedPolicyResult.GeneratedPolicies) != 1 ||
		aws.ToString(plain.GeneratedPolicyResult.Properties.PrincipalArn) != worker ||
		len(plain.GeneratedPolicyResult.Properties.CloudTrailProperties.TrailProperties) != 1 {
		t.Fatalf("generated %+v", plain)
	}
	doc := statementsOf(t, aws.ToString(plain.GeneratedPolicyResult.GeneratedPolicies[0].Policy))
	if len(doc) != 1 || !slices.Equal(doc[0].Action, []string{"iam:GetUser", "iam:ListUsers"}) || doc[0].Resource != "*" {
		t.Errorf("generated policy %s", aws.ToString(plain.GeneratedPolicyResult.GeneratedPolicies[0].Policy))
	}
	placed, err := aa.GetGeneratedPolicy(ctx, &accessanalyzer.GetGeneratedPolicyInput{JobId: job.JobId, IncludeResourcePlaceholders: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	text := aws.ToString(placed.GeneratedPolicyResult.GeneratedPolicies[0].Policy)
	if !strings.Contains(text, `"arn:aws:iam::`+s.AccountID()+`:user/${UserNameWithPath}"`) || len(statementsOf(t, text)) != 2 {
		t.Errorf("with placeholders %s", text)
	}

	missing, err := aa.StartPolicyGeneration(ctx, &accessanalyzer.StartPolicyGenerationInput{
		PolicyGenerationDetails: &types.PolicyGenerationDetails{PrincipalArn: aws.String(roleARN(s, "nobody"))}})
	if err != nil {
		t.Fatal(err)
	}
	failed, err := aa.GetGeneratedPolicy(ctx, &accessanalyzer.GetGeneratedPolicyInput{JobId: missing.JobId})
	if err != nil || failed.JobDetails.Status != types.JobStatusFailed || failed.JobDetails.JobError.Code != types.JobErrorCodeResourceNotFoundError {
		t.Errorf("job for a missing role: %+v %v", failed, err)
	}
	list, err := aa.ListPolicyGenerations(ctx, &accessanalyzer.ListPolicyGenerationsInput{PrincipalArn: aws.String(worker)})
	if err != nil || len(list.PolicyGenerations) != 1 || aws.ToString(list.PolicyGenerations[0].JobId) != aws.ToString(job.JobId) {
		t.Errorf("ListPolicyGenerations: %+v %v", list, err)
	}
	if _, err := aa.CancelPolicyGeneration(ctx, &accessanalyzer.CancelPolicyGenerationInput{JobId: job.JobId}); err != nil {
		t.Errorf("CancelPolicyGeneration: %v", err)
	}
	_, err = aa.GetGeneratedPolicy(ctx, &accessanalyzer.GetGeneratedPolicyInput{JobId: aws.String("00000000-0000-4000-8000-000000000000")})
	stacktest.WantError(t, err, "ValidationException", "")
	later := time.Now().Add(time.Hour)
	_, err = aa.StartPolicyGeneration(ctx, &accessanalyzer.StartPolicyGenerationInput{
		PolicyGenerationDetails: &types.PolicyGenerationDetails{PrincipalArn: aws.String(worker)},
		CloudTrailDetails: &types.CloudTrailDetails{AccessRole: aws.String(roleARN(s, "idle")), StartTime: &later,
			Trails: []types.Trail{{CloudTrailArn: aws.String("arn:aws:cloudtrail:us-east-1:" + s.AccountID() + ":trail/main")}}}})
	stacktest.WantError(t, err, "ValidationException", "")
}

type statement struct {
	Effect   string
	Action   []string
	Resource any
}

func statementsOf(t *testing.T, text string) []statement {
	t.Helper()
	var doc struct{ Statement []statement }
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("policy %q: %v", text, err)
	}
	return doc.Statement
}
