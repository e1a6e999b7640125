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
	"github.com/gatehouse-iam/gatehouse/store"
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
	// From the audit trail: each action with the resource it was authorized on.
	doc := statementsOf(t, aws.ToString(plain.GeneratedPolicyResult.GeneratedPolicies[0].Policy))
	user := "arn:aws:iam::" + s.AccountID() + ":user/"
	if len(doc) != 2 || !slices.Equal(doc[0].Action, []string{"iam:GetUser"}) || doc[0].Resource != user+"old" ||
		!slices.Equal(doc[1].Action, []string{"iam:ListUsers"}) || doc[1].Resource != user {
		t.Errorf("generated policy %s", aws.ToString(plain.GeneratedPolicyResult.GeneratedPolicies[0].Policy))
	}

	testPassRoleGenerated(t, s, aa)

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

// testPassRoleGenerated: a user that put a role in an instance profile passed the role; its
// generated policy allows iam:PassRole on that role. Without the audit trail's resources
// (last-accessed data), placeholders give the ARN format.
func testPassRoleGenerated(t *testing.T, s *stacktest.Stack, aa *accessanalyzer.Client) {
	t.Helper()
	ctx := context.Background()
	deployer := s.NewUser(t, "deployer", stacktest.Policy("Allow", []string{"iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:PassRole"}, "*"))
	c := s.IAM(deployer)
	if _, err := c.CreateInstanceProfile(ctx, &awsiam.CreateInstanceProfileInput{InstanceProfileName: aws.String("web")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddRoleToInstanceProfile(ctx, &awsiam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("web"), RoleName: aws.String("worker")}); err != nil {
		t.Fatal(err)
	}
	job, err := aa.StartPolicyGeneration(ctx, &accessanalyzer.StartPolicyGenerationInput{
		PolicyGenerationDetails: &types.PolicyGenerationDetails{PrincipalArn: aws.String(deployer.ARN)}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := aa.GetGeneratedPolicy(ctx, &accessanalyzer.GetGeneratedPolicyInput{JobId: job.JobId})
	if err != nil {
		t.Fatal(err)
	}
	text := aws.ToString(out.GeneratedPolicyResult.GeneratedPolicies[0].Policy)
	found := false
	for _, st := range statementsOf(t, text) {
		found = found || slices.Contains(st.Action, "iam:PassRole") && st.Resource == roleARN(s, "worker")
	}
	if !found {
		t.Errorf("no iam:PassRole on the worker role in %s", text)
	}
	if !strings.Contains(renderWithPlaceholders(t, s), `"arn:aws:iam::`+s.AccountID()+`:user/${UserNameWithPath}"`) {
		t.Errorf("placeholders missing")
	}
}

// renderWithPlaceholders generates a policy for the idle role from last-accessed data seeded
// in the store (the audit trail holds no call of it), with resource placeholders.
func renderWithPlaceholders(t *testing.T, s *stacktest.Stack) string {
	t.Helper()
	ctx := context.Background()
	idle := roleARN(s, "idle")
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for _, act := range []string{"", "GetUser"} {
			if err := tx.LastAccessed().Record(ctx, store.AccessRecord{AccountID: s.AccountID(), EntityARN: idle, Namespace: "iam",
				Action: act, When: s.Clock().Now(), AuthenticatedEntity: idle, Region: "us-east-1"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	aa := s.AccessAnalyzer(s.Root())
	job, err := aa.StartPolicyGeneration(ctx, &accessanalyzer.StartPolicyGenerationInput{
		PolicyGenerationDetails: &types.PolicyGenerationDetails{PrincipalArn: aws.String(idle)}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := aa.GetGeneratedPolicy(ctx, &accessanalyzer.GetGeneratedPolicyInput{JobId: job.JobId, IncludeResourcePlaceholders: aws.Bool(true)})
	if err != nil || len(out.GeneratedPolicyResult.GeneratedPolicies) != 1 {
		t.Fatalf("generated for the idle role: %+v %v", out, err)
	}
	return aws.ToString(out.GeneratedPolicyResult.GeneratedPolicies[0].Policy)
}
