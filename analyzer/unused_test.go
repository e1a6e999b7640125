package analyzer_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

const workerPolicy = `{"Version":"2012-10-17","Statement":[
 {"Sid":"Read","Effect":"Allow","Action":["iam:ListUsers","iam:GetUser"],"Resource":"*"},
 {"Sid":"Objects","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"},
 {"Sid":"NoDelete","Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}`

// unusedStack seeds, 100 days back (what no API can backdate): a role never used ("idle"), a
// role with workerPolicy that the test then uses through STS ("worker"), a service-linked
// role, and a user ("old") with a password and an access key never used; then makes an
// ACCOUNT_UNUSED_ACCESS analyzer with the default 90-day tracking period.
func unusedStack(t *testing.T) (*stacktest.Stack, *accessanalyzer.Client, string) {
	s, aa, an, _ := unusedWorld(t)
	return s, aa, an
}

// unusedWorld is unusedStack, with the worker role's session.
func unusedWorld(t *testing.T) (*stacktest.Stack, *accessanalyzer.Client, string, stacktest.Credentials) {
	t.Helper()
	s := stacktest.New(t)
	ctx := context.Background()
	acct, then := s.AccountID(), s.Clock().Now().Add(-100*24*time.Hour)
	trust := trustDoc(`{"AWS":"arn:aws:iam::` + acct + `:root"}`)
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for i, name := range []string{"idle", "worker", "AWSServiceRoleForSupport"} {
			r := store.Role{AccountID: acct, ID: "AROAUNUSEDTEST00000" + string(rune('A'+i)), Name: name, Path: "/", ARN: roleARN(s, name),
				TrustPolicy: trust, MaxSessionDuration: 3600, Created: then, ServiceLinked: i == 2, LinkedService: "support.amazonaws.com"}
			if !r.ServiceLinked {
				r.LinkedService = ""
			}
			if err := tx.Roles().Create(ctx, r); err != nil {
				return err
			}
		}
		if err := tx.InlinePolicies().Put(ctx, store.Principal{Kind: store.PrincipalRole, ID: "AROAUNUSEDTEST00000B"},
			store.InlinePolicy{Name: "work", Document: workerPolicy}); err != nil {
			return err
		}
		u := store.User{AccountID: acct, ID: "AIDAUNUSEDTEST00000A", Name: "old", Path: "/", ARN: "arn:aws:iam::" + acct + ":user/old", Created: then}
		if err := tx.Users().Create(ctx, u); err != nil {
			return err
		}
		if err := tx.LoginProfiles().Create(ctx, store.LoginProfile{UserID: u.ID, PasswordHash: []byte("x"), Created: then, PasswordChanged: then}); err != nil {
			return err
		}
		return tx.AccessKeys().Create(ctx, store.AccessKey{ID: "AKIAUNUSEDTEST00000A", AccountID: acct, UserID: u.ID, Status: "Active",
			SealedSecret: []byte("sealed"), Created: then})
	})
	if err != nil {
		t.Fatal(err)
	}
	// The worker role is used now: assumed, then calling iam:ListUsers.
	caller := s.NewUser(t, "caller", stacktest.Policy("Allow", []string{"sts:AssumeRole"}, roleARN(s, "worker")))
	out, err := s.STS(caller).AssumeRole(ctx, &awssts.AssumeRoleInput{RoleArn: aws.String(roleARN(s, "worker")), RoleSessionName: aws.String("worker")})
	if err != nil {
		t.Fatal(err)
	}
	session := stacktest.Credentials{AccessKeyID: aws.ToString(out.Credentials.AccessKeyId), SecretAccessKey: aws.ToString(out.Credentials.SecretAccessKey),
		SessionToken: aws.ToString(out.Credentials.SessionToken)}
	if _, err := s.IAM(session).ListUsers(ctx, &awsiam.ListUsersInput{}); err != nil {
		t.Fatal(err)
	}
	aa := s.AccessAnalyzer(s.Root())
	created, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("unused"), Type: types.TypeAccountUnusedAccess})
	if err != nil {
		t.Fatal(err)
	}
	return s, aa, aws.ToString(created.Arn), session
}

func TestUnusedAccessFindings(t *testing.T) {
	t.Parallel()
	s, aa, an := unusedStack(t)
	ctx := context.Background()
	list, err := aa.ListFindingsV2(ctx, &accessanalyzer.ListFindingsV2Input{AnalyzerArn: &an,
		Sort: &types.SortCriteria{AttributeName: aws.String("findingType"), OrderBy: types.OrderByAsc}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[types.FindingType]string{}
	for _, f := range list.Findings {
		got[f.FindingType] = aws.ToString(f.Resource)
	}
	userARN := "arn:aws:iam::" + s.AccountID() + ":user/old"
	want := map[types.FindingType]string{types.FindingTypeUnusedIamRole: roleARN(s, "idle"), types.FindingTypeUnusedIamUserAccessKey: userARN,
		types.FindingTypeUnusedIamUserPassword: userARN, types.FindingTypeUnusedPermission: roleARN(s, "worker")}
	if len(list.Findings) != 4 || !mapsEqual(got, want) {
		t.Fatalf("findings %v, want %v (the service-linked role, the caller made today and the used role are not unused)", got, want)
	}
	perm := findingOfType(t, list.Findings, types.FindingTypeUnusedPermission)
	v2, err := aa.GetFindingV2(ctx, &accessanalyzer.GetFindingV2Input{AnalyzerArn: &an, Id: perm.Id})
	if err != nil {
		t.Fatal(err)
	}
	byService := map[string][]string{}
	for _, d := range v2.FindingDetails {
		p, ok := d.(*types.FindingDetailsMemberUnusedPermissionDetails)
		if !ok {
			t.Fatalf("detail %#v", d)
		}
		acts := []string{}
		for _, a := range p.Value.Actions {
			acts = append(acts, aws.ToString(a.Action))
		}
		byService[aws.ToString(p.Value.ServiceNamespace)] = acts
	}
	// s3 is unused as a whole; of iam, GetUser is unused (ListUsers was called).
	if len(byService) != 2 || len(byService["s3"]) != 0 || !slices.Equal(byService["iam"], []string{"iam:GetUser"}) {
		t.Errorf("unused permissions %v", byService)
	}
	key := findingOfType(t, list.Findings, types.FindingTypeUnusedIamUserAccessKey)
	kv2, err := aa.GetFindingV2(ctx, &accessanalyzer.GetFindingV2Input{AnalyzerArn: &an, Id: key.Id})
	if d, ok := kv2.FindingDetails[0].(*types.FindingDetailsMemberUnusedIamUserAccessKeyDetails); err != nil || !ok ||
		aws.ToString(d.Value.AccessKeyId) != "AKIAUNUSEDTEST00000A" || d.Value.LastAccessed != nil {
		t.Errorf("access key finding %+v %v", kv2, err)
	}
	_, err = aa.ListFindings(ctx, &accessanalyzer.ListFindingsInput{AnalyzerArn: &an})
	stacktest.WantError(t, err, "ValidationException", "")
	_, err = aa.GetFinding(ctx, &accessanalyzer.GetFindingInput{AnalyzerArn: &an, Id: key.Id})
	stacktest.WantError(t, err, "ValidationException", "")
	stats, err := aa.GetFindingsStatistics(ctx, &accessanalyzer.GetFindingsStatisticsInput{AnalyzerArn: &an})
	if err != nil {
		t.Fatal(err)
	}
	u, ok := stats.FindingsStatistics[0].(*types.FindingsStatisticsMemberUnusedAccessFindingsStatistics)
	if !ok || aws.ToInt32(u.Value.TotalActiveFindings) != 4 || len(u.Value.UnusedAccessTypeStatistics) != 4 {
		t.Errorf("statistics %#v", stats.FindingsStatistics)
	}
}

// TestUnusedAccessAgeAndExclusions: a tracking period longer than the entities' life analyzes
// nothing; an exclusion by tag leaves the tagged role out; the idle role's finding resolves
// once the role is used.
func TestUnusedAccessAgeAndExclusions(t *testing.T) {
	t.Parallel()
	s, aa, an := unusedStack(t)
	ctx := context.Background()
	if _, err := aa.UpdateAnalyzer(ctx, &accessanalyzer.UpdateAnalyzerInput{AnalyzerName: aws.String("unused"),
		Configuration: &types.AnalyzerConfigurationMemberUnusedAccess{Value: types.UnusedAccessConfiguration{UnusedAccessAge: aws.Int32(120)}}}); err != nil {
		t.Fatal(err)
	}
	if fs := activeFindings(t, aa, an); len(fs) != 0 {
		t.Errorf("with a 120-day period, entities 100 days old are not analyzed; findings %v", fs)
	}
	if _, err := s.IAM(s.Root()).TagRole(ctx, &awsiam.TagRoleInput{RoleName: aws.String("idle"), Tags: []iamtypes.Tag{{Key: aws.String("keep"), Value: aws.String("yes")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := aa.UpdateAnalyzer(ctx, &accessanalyzer.UpdateAnalyzerInput{AnalyzerName: aws.String("unused"),
		Configuration: &types.AnalyzerConfigurationMemberUnusedAccess{Value: types.UnusedAccessConfiguration{UnusedAccessAge: aws.Int32(30),
			AnalysisRule: &types.AnalysisRule{Exclusions: []types.AnalysisRuleCriteria{{ResourceTags: []map[string]string{{"keep": "yes"}}}}}}}}); err != nil {
		t.Fatal(err)
	}
	fs := activeFindings(t, aa, an)
	if slices.Contains(fs, string(types.FindingTypeUnusedIamRole)+" "+roleARN(s, "idle")) || len(fs) != 3 {
		t.Errorf("findings with the idle role excluded: %v", fs)
	}
}

func activeFindings(t *testing.T, aa *accessanalyzer.Client, an string) []string {
	t.Helper()
	list, err := aa.ListFindingsV2(context.Background(), &accessanalyzer.ListFindingsV2Input{AnalyzerArn: &an,
		Filter: map[string]types.Criterion{"status": {Eq: []string{"ACTIVE"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range list.Findings {
		out = append(out, string(f.FindingType)+" "+aws.ToString(f.Resource))
	}
	return out
}

func findingOfType(t *testing.T, fs []types.FindingSummaryV2, typ types.FindingType) types.FindingSummaryV2 {
	t.Helper()
	for _, f := range fs {
		if f.FindingType == typ {
			return f
		}
	}
	t.Fatalf("no %s finding", typ)
	return types.FindingSummaryV2{}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestFindingRecommendation: the worker role's recommendation narrows its policy to what it
// used (iam:ListUsers), keeps the Deny, drops the unused s3 statement, and detaches the original.
func TestFindingRecommendation(t *testing.T) {
	t.Parallel()
	_, aa, an := unusedStack(t)
	ctx := context.Background()
	list, err := aa.ListFindingsV2(ctx, &accessanalyzer.ListFindingsV2Input{AnalyzerArn: &an})
	if err != nil {
		t.Fatal(err)
	}
	perm := findingOfType(t, list.Findings, types.FindingTypeUnusedPermission)
	_, err = aa.GetFindingRecommendation(ctx, &accessanalyzer.GetFindingRecommendationInput{AnalyzerArn: &an, Id: perm.Id})
	stacktest.WantError(t, err, "ResourceNotFoundException", "")
	role := findingOfType(t, list.Findings, types.FindingTypeUnusedIamRole)
	_, err = aa.GenerateFindingRecommendation(ctx, &accessanalyzer.GenerateFindingRecommendationInput{AnalyzerArn: &an, Id: role.Id})
	stacktest.WantError(t, err, "ValidationException", "")
	if _, err := aa.GenerateFindingRecommendation(ctx, &accessanalyzer.GenerateFindingRecommendationInput{AnalyzerArn: &an, Id: perm.Id}); err != nil {
		t.Fatal(err)
	}
	rec, err := aa.GetFindingRecommendation(ctx, &accessanalyzer.GetFindingRecommendationInput{AnalyzerArn: &an, Id: perm.Id})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != types.StatusSucceeded || rec.RecommendationType != types.RecommendationTypeUnusedPermissionRecommendation ||
		len(rec.RecommendedSteps) != 2 {
		t.Fatalf("recommendation %+v", rec)
	}
	create := rec.RecommendedSteps[0].(*types.RecommendedStepMemberUnusedPermissionsRecommendedStep).Value
	detach := rec.RecommendedSteps[1].(*types.RecommendedStepMemberUnusedPermissionsRecommendedStep).Value
	if create.RecommendedAction != types.RecommendedRemediationActionCreatePolicy || aws.ToString(create.ExistingPolicyId) != "work" ||
		detach.RecommendedAction != types.RecommendedRemediationActionDetachPolicy || aws.ToString(detach.ExistingPolicyId) != "work" {
		t.Errorf("steps %+v %+v", create, detach)
	}
	var doc struct {
		Statement []struct {
			Sid    string
			Effect string
			Action any
		}
	}
	if err := json.Unmarshal([]byte(aws.ToString(create.RecommendedPolicy)), &doc); err != nil {
		t.Fatalf("recommended policy %q: %v", aws.ToString(create.RecommendedPolicy), err)
	}
	if len(doc.Statement) != 2 || doc.Statement[0].Sid != "Read" || !slices.Equal(toStrings(doc.Statement[0].Action), []string{"iam:ListUsers"}) ||
		doc.Statement[1].Effect != "Deny" {
		t.Errorf("recommended policy %s", aws.ToString(create.RecommendedPolicy))
	}
}

func toStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// TestUnusedAccessScans: an unused access analyzer's findings are stored at analysis time and
// read as they are: using the idle role changes nothing until StartResourceScan, which resolves
// its finding (an ARCHIVED finding whose access remains unused stays ARCHIVED); a policy change
// reaches the findings at the daily scan, made by the first findings request a day later.
func TestUnusedAccessScans(t *testing.T) {
	t.Parallel()
	s, aa, an := unusedStack(t)
	ctx := context.Background()
	idle := string(types.FindingTypeUnusedIamRole) + " " + roleARN(s, "idle")
	perm := string(types.FindingTypeUnusedPermission) + " " + roleARN(s, "worker")
	list, err := aa.ListFindingsV2(ctx, &accessanalyzer.ListFindingsV2Input{AnalyzerArn: &an})
	if err != nil {
		t.Fatal(err)
	}
	password := findingOfType(t, list.Findings, types.FindingTypeUnusedIamUserPassword)
	if _, err := aa.UpdateFindings(ctx, &accessanalyzer.UpdateFindingsInput{AnalyzerArn: &an, Ids: []string{aws.ToString(password.Id)},
		Status: types.FindingStatusUpdateArchived}); err != nil {
		t.Fatal(err)
	}

	caller := s.NewUser(t, "idler", stacktest.Policy("Allow", []string{"sts:AssumeRole"}, roleARN(s, "idle")))
	if _, err := s.STS(caller).AssumeRole(ctx, &awssts.AssumeRoleInput{RoleArn: aws.String(roleARN(s, "idle")), RoleSessionName: aws.String("idler")}); err != nil {
		t.Fatal(err)
	}
	if fs := activeFindings(t, aa, an); !slices.Contains(fs, idle) || len(fs) != 3 {
		t.Fatalf("before a scan the stored findings stand: %v", fs)
	}
	if _, err := aa.StartResourceScan(ctx, &accessanalyzer.StartResourceScanInput{AnalyzerArn: &an, ResourceArn: aws.String(roleARN(s, "idle"))}); err != nil {
		t.Fatal(err)
	}
	fs := activeFindings(t, aa, an)
	if slices.Contains(fs, idle) || !slices.Contains(fs, perm) || len(fs) != 2 {
		t.Fatalf("after the scan the used role's finding is resolved: %v", fs)
	}
	statuses := findingStatuses(t, aa, an)
	if statuses[idle] != types.FindingStatusResolved || statuses[string(types.FindingTypeUnusedIamUserPassword)+" arn:aws:iam::"+s.AccountID()+":user/old"] != types.FindingStatusArchived {
		t.Errorf("statuses after the scan: %v", statuses)
	}

	if _, err := s.IAM(s.Root()).DeleteRolePolicy(ctx, &awsiam.DeleteRolePolicyInput{RoleName: aws.String("worker"), PolicyName: aws.String("work")}); err != nil {
		t.Fatal(err)
	}
	if fs := activeFindings(t, aa, an); !slices.Contains(fs, perm) {
		t.Errorf("within a day of the scan the worker's permissions finding stands: %v", fs)
	}
	s.Clock().Advance(rescanAfter)
	if fs := activeFindings(t, aa, an); slices.Contains(fs, perm) || len(fs) != 1 {
		t.Errorf("a day later the request rescans: the worker has no permissions left: %v", fs)
	}
}

// rescanAfter is a little more than the day an unused access analyzer's scan stands.
const rescanAfter = 24*time.Hour + time.Minute

func findingStatuses(t *testing.T, aa *accessanalyzer.Client, an string) map[string]types.FindingStatus {
	t.Helper()
	list, err := aa.ListFindingsV2(context.Background(), &accessanalyzer.ListFindingsV2Input{AnalyzerArn: &an})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]types.FindingStatus{}
	for _, f := range list.Findings {
		out[string(f.FindingType)+" "+aws.ToString(f.Resource)] = f.Status
	}
	return out
}
