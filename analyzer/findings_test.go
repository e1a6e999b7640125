package analyzer_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

const other = "111122223333"

func trustDoc(principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"}]}`
}

// findingsStack has roles trusting another account, everyone, the account itself and a
// service, and an ACCOUNT analyzer.
func findingsStack(t *testing.T) (*stacktest.Stack, *accessanalyzer.Client, *awsiam.Client, string) {
	t.Helper()
	s := stacktest.New(t)
	iam := s.IAM(s.Root())
	ctx := context.Background()
	for name, principal := range map[string]string{
		"cross":   `{"AWS":"arn:aws:iam::` + other + `:root"}`,
		"public":  `{"AWS":"*"}`,
		"pinned":  `{"AWS":"*"},"Condition":{"StringEquals":{"aws:PrincipalAccount":"` + s.AccountID() + `"}}`,
		"own":     `{"AWS":"arn:aws:iam::` + s.AccountID() + `:root"}`,
		"service": `{"Service":"lambda.amazonaws.com"}`,
	} {
		if _, err := iam.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustDoc(principal))}); err != nil {
			t.Fatalf("CreateRole %s: %v", name, err)
		}
	}
	aa := s.AccessAnalyzer(s.Root())
	out, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("ext"), Type: types.TypeAccount})
	if err != nil {
		t.Fatal(err)
	}
	return s, aa, iam, aws.ToString(out.Arn)
}

func roleARN(s *stacktest.Stack, name string) string {
	return "arn:aws:iam::" + s.AccountID() + ":role/" + name
}

func TestExternalAccessFindings(t *testing.T) {
	t.Parallel()
	s, aa, iam, an := findingsStack(t)
	ctx := context.Background()
	list, err := aa.ListFindings(ctx, &accessanalyzer.ListFindingsInput{AnalyzerArn: &an,
		Sort: &types.SortCriteria{AttributeName: aws.String("resource"), OrderBy: types.OrderByAsc}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Findings) != 2 {
		t.Fatalf("findings %+v, want the cross-account and public roles", list.Findings)
	}
	cross, public := list.Findings[0], list.Findings[1]
	if aws.ToString(cross.Resource) != roleARN(s, "cross") || cross.Principal["AWS"] != "arn:aws:iam::"+other+":root" ||
		aws.ToBool(cross.IsPublic) || cross.Status != types.FindingStatusActive || cross.ResourceType != types.ResourceTypeAwsIamRole ||
		len(cross.Action) != 1 || cross.Action[0] != "sts:AssumeRole" || aws.ToString(cross.ResourceOwnerAccount) != s.AccountID() {
		t.Errorf("cross-account finding %+v", cross)
	}
	if aws.ToString(public.Resource) != roleARN(s, "public") || !aws.ToBool(public.IsPublic) || public.Principal["AWS"] != "*" {
		t.Errorf("public finding %+v", public)
	}
	got, err := aa.GetFinding(ctx, &accessanalyzer.GetFindingInput{AnalyzerArn: &an, Id: cross.Id})
	if err != nil || aws.ToString(got.Finding.Resource) != roleARN(s, "cross") {
		t.Errorf("GetFinding: %+v %v", got, err)
	}
	v2, err := aa.GetFindingV2(ctx, &accessanalyzer.GetFindingV2Input{AnalyzerArn: &an, Id: public.Id})
	if err != nil || len(v2.FindingDetails) != 1 || v2.FindingType != types.FindingTypeExternalAccess {
		t.Fatalf("GetFindingV2: %+v %v", v2, err)
	}
	if d, ok := v2.FindingDetails[0].(*types.FindingDetailsMemberExternalAccessDetails); !ok || !aws.ToBool(d.Value.IsPublic) {
		t.Errorf("details %#v", v2.FindingDetails[0])
	}

	// Archive one by hand, the other with a filter on status; statistics follow.
	if _, err := aa.UpdateFindings(ctx, &accessanalyzer.UpdateFindingsInput{AnalyzerArn: &an, Ids: []string{aws.ToString(cross.Id)},
		Status: types.FindingStatusUpdateArchived}); err != nil {
		t.Fatal(err)
	}
	active, err := aa.ListFindingsV2(ctx, &accessanalyzer.ListFindingsV2Input{AnalyzerArn: &an,
		Filter: map[string]types.Criterion{"status": {Eq: []string{"ACTIVE"}}}})
	if err != nil || len(active.Findings) != 1 || aws.ToString(active.Findings[0].Id) != aws.ToString(public.Id) {
		t.Errorf("active findings: %+v %v", active, err)
	}
	stats := statistics(t, aa, an)
	if aws.ToInt32(stats.TotalActiveFindings) != 1 || aws.ToInt32(stats.TotalArchivedFindings) != 1 ||
		aws.ToInt32(stats.ResourceTypeStatistics["AWS::IAM::Role"].TotalActivePublic) != 1 {
		t.Errorf("statistics %+v", stats)
	}

	// The public role's trust policy changes to the account itself: its finding resolves.
	if _, err := iam.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("public"),
		PolicyDocument: aws.String(trustDoc(`{"AWS":"` + s.AccountID() + `"}`))}); err != nil {
		t.Fatal(err)
	}
	after, err := aa.GetFinding(ctx, &accessanalyzer.GetFindingInput{AnalyzerArn: &an, Id: public.Id})
	if err != nil || after.Finding.Status != types.FindingStatusResolved {
		t.Errorf("finding after the access went away: %+v %v", after, err)
	}
	stats = statistics(t, aa, an)
	if aws.ToInt32(stats.TotalActiveFindings) != 0 || aws.ToInt32(stats.TotalResolvedFindings) != 1 {
		t.Errorf("statistics after resolving %+v", stats)
	}
	if _, err := aa.StartResourceScan(ctx, &accessanalyzer.StartResourceScanInput{AnalyzerArn: &an, ResourceArn: aws.String(roleARN(s, "cross"))}); err != nil {
		t.Errorf("StartResourceScan: %v", err)
	}
	a, err := aa.GetAnalyzer(ctx, &accessanalyzer.GetAnalyzerInput{AnalyzerName: aws.String("ext")})
	if err != nil || aws.ToString(a.Analyzer.LastResourceAnalyzed) != roleARN(s, "cross") {
		t.Errorf("last resource analyzed: %+v %v", a, err)
	}
}

func statistics(t *testing.T, aa *accessanalyzer.Client, an string) types.ExternalAccessFindingsStatistics {
	t.Helper()
	out, err := aa.GetFindingsStatistics(context.Background(), &accessanalyzer.GetFindingsStatisticsInput{AnalyzerArn: &an})
	if err != nil || len(out.FindingsStatistics) != 1 {
		t.Fatalf("GetFindingsStatistics: %+v %v", out, err)
	}
	ext, ok := out.FindingsStatistics[0].(*types.FindingsStatisticsMemberExternalAccessFindingsStatistics)
	if !ok {
		t.Fatalf("statistics %#v", out.FindingsStatistics[0])
	}
	return ext.Value
}

func TestArchiveRules(t *testing.T) {
	t.Parallel()
	s, aa, iam, an := findingsStack(t)
	ctx := context.Background()
	// A rule archives the existing finding it matches when it is created.
	_, err := aa.CreateArchiveRule(ctx, &accessanalyzer.CreateArchiveRuleInput{AnalyzerName: aws.String("ext"), RuleName: aws.String("trusted"),
		Filter: map[string]types.Criterion{"principal.AWS": {Contains: []string{other}}}})
	if err != nil {
		t.Fatal(err)
	}
	byResource := func() map[string]types.FindingStatus {
		out, err := aa.ListFindings(ctx, &accessanalyzer.ListFindingsInput{AnalyzerArn: &an})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]types.FindingStatus{}
		for _, f := range out.Findings {
			m[aws.ToString(f.Resource)] = f.Status
		}
		return m
	}
	if got := byResource(); got[roleARN(s, "cross")] != types.FindingStatusArchived || got[roleARN(s, "public")] != types.FindingStatusActive {
		t.Errorf("after CreateArchiveRule: %v", got)
	}
	// New findings it matches are archived as they appear.
	if _, err := iam.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("cross2"),
		AssumeRolePolicyDocument: aws.String(trustDoc(`{"AWS":"` + other + `"}`))}); err != nil {
		t.Fatal(err)
	}
	if got := byResource(); got[roleARN(s, "cross2")] != types.FindingStatusArchived {
		t.Errorf("new matching finding: %v", got)
	}
	// Unarchived by hand, then applied again.
	if _, err := aa.UpdateFindings(ctx, &accessanalyzer.UpdateFindingsInput{AnalyzerArn: &an, ResourceArn: aws.String(roleARN(s, "cross2")),
		Status: types.FindingStatusUpdateActive}); err != nil {
		t.Fatal(err)
	}
	if got := byResource(); got[roleARN(s, "cross2")] != types.FindingStatusActive {
		t.Errorf("unarchived: %v", got)
	}
	if _, err := aa.ApplyArchiveRule(ctx, &accessanalyzer.ApplyArchiveRuleInput{AnalyzerArn: &an, RuleName: aws.String("trusted")}); err != nil {
		t.Fatal(err)
	}
	if got := byResource(); got[roleARN(s, "cross2")] != types.FindingStatusArchived {
		t.Errorf("after ApplyArchiveRule: %v", got)
	}
	// Get, list, update, delete.
	_, err = aa.UpdateArchiveRule(ctx, &accessanalyzer.UpdateArchiveRuleInput{AnalyzerName: aws.String("ext"), RuleName: aws.String("trusted"),
		Filter: map[string]types.Criterion{"isPublic": {Eq: []string{"true"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := byResource(); got[roleARN(s, "public")] != types.FindingStatusArchived {
		t.Errorf("after UpdateArchiveRule: %v", got)
	}
	rule, err := aa.GetArchiveRule(ctx, &accessanalyzer.GetArchiveRuleInput{AnalyzerName: aws.String("ext"), RuleName: aws.String("trusted")})
	if err != nil || len(rule.ArchiveRule.Filter) != 1 || rule.ArchiveRule.Filter["isPublic"].Eq[0] != "true" {
		t.Errorf("GetArchiveRule: %+v %v", rule, err)
	}
	rules, err := aa.ListArchiveRules(ctx, &accessanalyzer.ListArchiveRulesInput{AnalyzerName: aws.String("ext")})
	if err != nil || len(rules.ArchiveRules) != 1 {
		t.Errorf("ListArchiveRules: %+v %v", rules, err)
	}
	archiveRuleErrors(t, aa, an)
}

// archiveRuleErrors: the errors of the archive rule operations, with the rule "trusted" of
// analyzer "ext" existing.
func archiveRuleErrors(t *testing.T, aa *accessanalyzer.Client, an string) {
	ctx := context.Background()
	_, err := aa.CreateArchiveRule(ctx, &accessanalyzer.CreateArchiveRuleInput{AnalyzerName: aws.String("ext"), RuleName: aws.String("trusted"),
		Filter: map[string]types.Criterion{"isPublic": {Eq: []string{"false"}}}})
	wantErr(t, err, "ConflictException", http.StatusConflict)
	_, err = aa.CreateArchiveRule(ctx, &accessanalyzer.CreateArchiveRuleInput{AnalyzerName: aws.String("ext"), RuleName: aws.String("bad"),
		Filter: map[string]types.Criterion{"colour": {Eq: []string{"red"}}}})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
	_, err = aa.CreateArchiveRule(ctx, &accessanalyzer.CreateArchiveRuleInput{AnalyzerName: aws.String("none"), RuleName: aws.String("r"),
		Filter: map[string]types.Criterion{"isPublic": {Eq: []string{"false"}}}})
	wantErr(t, err, "ResourceNotFoundException", http.StatusNotFound)
	if _, err := aa.DeleteArchiveRule(ctx, &accessanalyzer.DeleteArchiveRuleInput{AnalyzerName: aws.String("ext"), RuleName: aws.String("trusted")}); err != nil {
		t.Fatal(err)
	}
	_, err = aa.GetArchiveRule(ctx, &accessanalyzer.GetArchiveRuleInput{AnalyzerName: aws.String("ext"), RuleName: aws.String("trusted")})
	wantErr(t, err, "ResourceNotFoundException", http.StatusNotFound)
	_, err = aa.ApplyArchiveRule(ctx, &accessanalyzer.ApplyArchiveRuleInput{AnalyzerArn: &an, RuleName: aws.String("trusted")})
	wantErr(t, err, "ResourceNotFoundException", http.StatusNotFound)
	_, err = aa.GetFinding(ctx, &accessanalyzer.GetFindingInput{AnalyzerArn: &an, Id: aws.String("00000000-0000-0000-0000-000000000000")})
	wantErr(t, err, "ResourceNotFoundException", http.StatusNotFound)
	_, err = aa.UpdateFindings(ctx, &accessanalyzer.UpdateFindingsInput{AnalyzerArn: &an, Status: types.FindingStatusUpdateArchived})
	wantErr(t, err, "ValidationException", http.StatusBadRequest)
}
