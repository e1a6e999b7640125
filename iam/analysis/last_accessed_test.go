package analysis_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// access is one service's or action's last access as a report gives it.
type access struct {
	Name   string
	When   time.Time
	Entity string
	Region string
	Total  int32
}

func services(out *awsiam.GetServiceLastAccessedDetailsOutput) []access {
	var got []access
	for _, s := range out.ServicesLastAccessed {
		a := access{Name: aws.ToString(s.ServiceNamespace), Entity: aws.ToString(s.LastAuthenticatedEntity),
			Region: aws.ToString(s.LastAuthenticatedRegion), Total: aws.ToInt32(s.TotalAuthenticatedEntities)}
		if s.LastAuthenticated != nil {
			a.When = *s.LastAuthenticated
		}
		got = append(got, a)
	}
	return got
}

func actions(s types.ServiceLastAccessed) []access {
	var got []access
	for _, a := range s.TrackedActionsLastAccessed {
		x := access{Name: aws.ToString(a.ActionName), Entity: aws.ToString(a.LastAccessedEntity), Region: aws.ToString(a.LastAccessedRegion)}
		if a.LastAccessedTime != nil {
			x.When = *a.LastAccessedTime
		}
		got = append(got, x)
	}
	return got
}

// TestServiceLastAccessed: access advisor reports built from real requests (allowed and
// denied) by users, through a group, and by a role session, for a user, a group, a role, a
// customer managed and an AWS managed policy, at service and action level.
func TestServiceLastAccessed(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	clock := stacktest.NewClock(t0)
	// Without an audit trail: the report reads the last-accessed records package usage keeps,
	// stamped by this test's clock (TestServiceLastAccessedFromTrail reads the trail).
	s, root := iamtest.Root(t, stacktest.WithClock(clock), stacktest.WithoutAudit())
	ctx := t.Context()
	acct := s.AccountID()
	lara := s.NewUser(t, "lara", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser","s3:GetObject"],"Resource":"*"}]}`)
	mike := s.NewUser(t, "mike")
	laraID, mikeID := iamtest.UserID(t, root, "lara"), iamtest.UserID(t, root, "mike")
	team := seedGroup(t, s, "team", laraID, mikeID)
	putInline(t, s, group(team), "groups", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListGroups","Resource":"*"}]}`)
	roleID, roleARN := seedRole(t, s, "worker")
	putInline(t, s, role(roleID), "list", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`)
	readers := seedManaged(t, s, "Readers", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*"}]}`,
		user(laraID), role(roleID))

	laraC, mikeC := s.IAM(lara), s.IAM(mike)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	step := func(h int, fn func() error) {
		t.Helper()
		clock.Set(at(h))
		if err := fn(); err != nil {
			t.Fatalf("request at +%dh: %v", h, err)
		}
	}
	step(1, func() error { _, err := laraC.ListUsers(ctx, &awsiam.ListUsersInput{}); return err })
	step(2, func() error {
		_, err := laraC.GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("lara")})
		return err
	})
	step(3, func() error {
		_, err := mikeC.ListGroups(ctx, &awsiam.ListGroupsInput{})
		return notImplementedIsFine(err)
	})
	step(4, func() error {
		_, err := laraC.GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String("worker")})
		return notImplementedIsFine(err)
	})
	step(5, func() error {
		// A session of the role (STS issues them; the authorizer decides their requests alike).
		call := &callctx.Call{Caller: &callctx.Caller{Kind: callctx.KindRoleSession, AccountID: acct,
			ARN: "arn:aws:sts::" + acct + ":assumed-role/worker/job", RoleARN: roleARN, RoleID: roleID, SessionName: "job"},
			Service: "iam", Region: "eu-west-1"}
		return s.Authorizer().Authorize(ctx, call, authz.Request{Action: "iam:ListUsers", Resource: "*"})
	})
	step(6, func() error {
		// Denied attempts count too: "includes all attempts …, not just the successful ones".
		_, err := laraC.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("nope")})
		if stacktest.ErrorCode(err) != "AccessDenied" {
			t.Fatalf("CreateUser by lara: %v, want AccessDenied", err)
		}
		return nil
	})
	clock.Set(at(8))

	generate := func(entity string, level types.AccessAdvisorUsageGranularityType) *awsiam.GetServiceLastAccessedDetailsOutput {
		t.Helper()
		gen := iamtest.Must(t, root.GenerateServiceLastAccessedDetails, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(entity), Granularity: level})
		if id := aws.ToString(gen.JobId); len(id) != 36 {
			t.Fatalf("JobId %q is not 36 characters long", id)
		}
		out := iamtest.Must(t, root.GetServiceLastAccessedDetails, &awsiam.GetServiceLastAccessedDetailsInput{JobId: gen.JobId})
		now := clock.Now().Truncate(time.Second)
		if out.JobStatus != types.JobStatusTypeCompleted || !out.JobCreationDate.Equal(now) || !out.JobCompletionDate.Equal(now) ||
			out.IsTruncated || (level != "" && out.JobType != level) {
			t.Errorf("job: status %s type %s created %v completed %v truncated %v", out.JobStatus, out.JobType, out.JobCreationDate,
				out.JobCompletionDate, out.IsTruncated)
		}
		return out
	}
	laraARN := lara.ARN

	tests := []struct {
		name, arn string
		want      []access
	}{
		{"user", laraARN, []access{{"iam", at(6), laraARN, stacktest.Region, 1}, {"s3", time.Time{}, "", "", 0}}},
		{"group: its members", "arn:aws:iam::" + acct + ":group/team", []access{{"iam", at(6), laraARN, stacktest.Region, 2}}},
		{"role", roleARN, []access{{"iam", at(5), roleARN, "eu-west-1", 1}}},
		{"customer managed policy: whoever has it", readers, []access{{"iam", at(6), laraARN, stacktest.Region, 2}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := generate(tc.arn, "")
			if diff := cmp.Diff(tc.want, services(out)); diff != "" {
				t.Errorf("ServicesLastAccessed (-want +got):\n%s", diff)
			}
			for _, svc := range out.ServicesLastAccessed {
				if svc.TrackedActionsLastAccessed != nil {
					t.Errorf("%s: a SERVICE_LEVEL report has tracked actions", aws.ToString(svc.ServiceNamespace))
				}
				names := map[string]string{"iam": "AWS Identity and Access Management", "s3": "Amazon Simple Storage Service"}
				if ns := aws.ToString(svc.ServiceNamespace); aws.ToString(svc.ServiceName) != names[ns] {
					t.Errorf("%s: ServiceName = %q, want %q (AWS's example)", ns, aws.ToString(svc.ServiceName), names[ns])
				}
			}
		})
	}

	// ACTION_LEVEL: the tracked actions the policies allow, each with its last access.
	out := generate(laraARN, types.AccessAdvisorUsageGranularityTypeActionLevel)
	wantActions := map[string][]access{
		"iam": {{Name: "GetRole", When: at(4), Entity: laraARN, Region: stacktest.Region}, {Name: "GetUser", When: at(2), Entity: laraARN, Region: stacktest.Region},
			{Name: "ListGroups"}, {Name: "ListUsers", When: at(1), Entity: laraARN, Region: stacktest.Region}},
		"s3": {{Name: "GetObject"}},
	}
	for _, svc := range out.ServicesLastAccessed {
		if diff := cmp.Diff(wantActions[aws.ToString(svc.ServiceNamespace)], actions(svc)); diff != "" {
			t.Errorf("%s: TrackedActionsLastAccessed (-want +got):\n%s", aws.ToString(svc.ServiceNamespace), diff)
		}
	}

	// An AWS managed policy no one has: its services, never accessed.
	out = generate("arn:aws:iam::aws:policy/IAMReadOnlyAccess", "")
	if diff := cmp.Diff([]access{{"iam", time.Time{}, "", "", 0}}, services(out)); diff != "" {
		t.Errorf("AWS managed policy (-want +got):\n%s", diff)
	}

	// GetServiceLastAccessedDetailsWithEntities: the entities, most recent first.
	gen, err := root.GenerateServiceLastAccessedDetails(ctx, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(readers)})
	if err != nil {
		t.Fatal(err)
	}
	withEntities := func(ns string, maxItems int32, marker *string) *awsiam.GetServiceLastAccessedDetailsWithEntitiesOutput {
		t.Helper()
		in := &awsiam.GetServiceLastAccessedDetailsWithEntitiesInput{JobId: gen.JobId, ServiceNamespace: aws.String(ns), Marker: marker}
		if maxItems > 0 {
			in.MaxItems = aws.Int32(maxItems)
		}
		out, err := root.GetServiceLastAccessedDetailsWithEntities(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	we := withEntities("iam", 1, nil)
	next := withEntities("iam", 1, we.Marker)
	type entity struct {
		ARN, Name, ID, Path string
		Type                types.PolicyOwnerEntityType
		When                time.Time
	}
	var got []entity
	for _, page := range []*awsiam.GetServiceLastAccessedDetailsWithEntitiesOutput{we, next} {
		for _, d := range page.EntityDetailsList {
			e := entity{aws.ToString(d.EntityInfo.Arn), aws.ToString(d.EntityInfo.Name), aws.ToString(d.EntityInfo.Id),
				aws.ToString(d.EntityInfo.Path), d.EntityInfo.Type, aws.ToTime(d.LastAuthenticated)}
			got = append(got, e)
		}
	}
	want := []entity{{laraARN, "lara", laraID, "/", types.PolicyOwnerEntityTypeUser, at(6)},
		{roleARN, "worker", roleID, "/app/", types.PolicyOwnerEntityTypeRole, at(5)}}
	if diff := cmp.Diff(want, got); diff != "" || !we.IsTruncated || next.IsTruncated || we.JobStatus != types.JobStatusTypeCompleted {
		t.Errorf("EntityDetailsList over two pages (-want +got):\n%s", diff)
	}
	if n := len(withEntities("s3", 0, nil).EntityDetailsList); n != 0 {
		t.Errorf("a service the policy does not allow has %d entities", n)
	}

	// Reports are snapshots: a later access changes new reports only.
	first, err := root.GenerateServiceLastAccessedDetails(ctx, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(laraARN)})
	if err != nil {
		t.Fatal(err)
	}
	step(9, func() error { _, err := laraC.ListUsers(ctx, &awsiam.ListUsersInput{}); return err })
	old := iamtest.Must(t, root.GetServiceLastAccessedDetails, &awsiam.GetServiceLastAccessedDetailsInput{JobId: first.JobId})
	if got := services(old)[0].When; !got.Equal(at(6)) {
		t.Errorf("an earlier report changed: iam last accessed %v, want %v", got, at(6))
	}
	if got := services(generate(laraARN, ""))[0].When; !got.Equal(at(9)) {
		t.Errorf("a new report: iam last accessed %v, want %v", got, at(9))
	}
}

// notImplementedIsFine accepts answers of operations other families are still building: the
// request was still authorized (and recorded) before the operation ran.
func notImplementedIsFine(err error) error {
	switch stacktest.ErrorCode(err) {
	case "NotImplemented", "NoSuchEntity":
		return nil
	}
	return err
}

// TestServiceLastAccessedPagesAndErrors: ServicesLastAccessed pages by namespace; missing
// entities and jobs are NoSuchEntity, bad ARNs InvalidInput; callers need permission.
func TestServiceLastAccessedPagesAndErrors(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	nina := s.NewUser(t, "nina", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","iam:GetUser","sts:GetCallerIdentity"],"Resource":"*"}]}`)
	gen := iamtest.Must(t, root.GenerateServiceLastAccessedDetails, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(nina.ARN)})
	var got []string
	in := &awsiam.GetServiceLastAccessedDetailsInput{JobId: gen.JobId, MaxItems: aws.Int32(2)}
	for pages := 1; ; pages++ {
		out, err := root.GetServiceLastAccessedDetails(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, svc := range out.ServicesLastAccessed {
			got = append(got, aws.ToString(svc.ServiceNamespace))
		}
		if !out.IsTruncated {
			if pages != 2 {
				t.Errorf("%d pages, want 2", pages)
			}
			break
		}
		in.Marker = out.Marker
	}
	if diff := cmp.Diff([]string{"iam", "s3", "sts"}, got); diff != "" {
		t.Errorf("services over pages (-want +got):\n%s", diff)
	}

	for _, tc := range []struct{ arn, code, message string }{
		{"arn:aws:iam::" + acct + ":user/ghost", "NoSuchEntity", "The user with name ghost cannot be found."},
		{"arn:aws:iam::" + acct + ":group/ghosts", "NoSuchEntity", "The group with name ghosts cannot be found."},
		{"arn:aws:iam::" + acct + ":policy/Ghost", "NoSuchEntity", "Policy arn:aws:iam::" + acct + ":policy/Ghost does not exist or is not attachable."},
		{"arn:aws:iam::aws:policy/NoSuchManagedPolicy", "NoSuchEntity", ""},
		{"arn:aws:iam::" + acct + ":mfa/device", "InvalidInput", ""},
		{"arn:aws:s3:::bucket-name-long", "InvalidInput", ""},
	} {
		iamtest.Refused(t, root.GenerateServiceLastAccessedDetails, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(tc.arn)}, tc.code, tc.message)
	}
	missing := "01234567-89ab-4cde-8f01-23456789abcd"
	iamtest.Refused(t, root.GetServiceLastAccessedDetails, &awsiam.GetServiceLastAccessedDetailsInput{JobId: aws.String(missing)},
		"NoSuchEntity", "")
	_, err := root.GetServiceLastAccessedDetailsWithEntities(ctx, &awsiam.GetServiceLastAccessedDetailsWithEntitiesInput{JobId: aws.String(missing),
		ServiceNamespace: aws.String("iam")})
	stacktest.WantError(t, err, "NoSuchEntity", "")
	// Another account cannot read the job.
	other := s.IAM(s.NewAccount(t))
	iamtest.Refused(t, other.GetServiceLastAccessedDetails, &awsiam.GetServiceLastAccessedDetailsInput{JobId: gen.JobId},
		"NoSuchEntity", "")
	iamtest.Refused(t, root.GetServiceLastAccessedDetails, &awsiam.GetServiceLastAccessedDetailsInput{JobId: gen.JobId, Marker: aws.String("%%%")},
		"ValidationError", "Invalid Marker.")

	// Authorization: Generate on the entity's ARN, the Get operations on "*".
	client := s.IAM(nina)
	iamtest.Refused(t, client.GenerateServiceLastAccessedDetails, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(nina.ARN)},
		"AccessDenied", iamtest.Denied(nina.ARN, "iam:GenerateServiceLastAccessedDetails", nina.ARN))
	iamtest.Refused(t, client.GetServiceLastAccessedDetails, &awsiam.GetServiceLastAccessedDetailsInput{JobId: gen.JobId},
		"AccessDenied", iamtest.Denied(nina.ARN, "iam:GetServiceLastAccessedDetails", "*"))
	_, err = client.GetServiceLastAccessedDetailsWithEntities(ctx, &awsiam.GetServiceLastAccessedDetailsWithEntitiesInput{JobId: gen.JobId,
		ServiceNamespace: aws.String("iam")})
	stacktest.WantError(t, err, "AccessDenied", iamtest.Denied(nina.ARN, "iam:GetServiceLastAccessedDetailsWithEntities", "*"))
	putInline(t, s, user(iamtest.UserID(t, root, "nina")), "advisor", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:GenerateServiceLastAccessedDetails","Resource":"`+nina.ARN+`"},
		{"Effect":"Allow","Action":["iam:GetServiceLastAccessedDetails","iam:GetServiceLastAccessedDetailsWithEntities"],"Resource":"*"}]}`)
	own := iamtest.Must(t, client.GenerateServiceLastAccessedDetails, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(nina.ARN)})
	out, err := client.GetServiceLastAccessedDetails(ctx, &awsiam.GetServiceLastAccessedDetailsInput{JobId: own.JobId})
	if err != nil {
		t.Fatalf("allowed Get: %v", err)
	}
	if n := len(out.ServicesLastAccessed); n != 3 {
		t.Errorf("%d services, want 3", n)
	}
	we := iamtest.Must(t, client.GetServiceLastAccessedDetailsWithEntities, &awsiam.GetServiceLastAccessedDetailsWithEntitiesInput{JobId: own.JobId,
		ServiceNamespace: aws.String("iam")})
	// nina's own earlier requests to IAM were recorded, denied ones included.
	if len(we.EntityDetailsList) != 1 || we.EntityDetailsList[0].LastAuthenticated == nil {
		t.Errorf("EntityDetailsList = %+v, want nina with a last access", we.EntityDetailsList)
	}
}

// TestServiceLastAccessedRoleSession: requests made with credentials from sts:AssumeRole are
// recorded for the role.
func TestServiceLastAccessedRoleSession(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	roleID, roleARN := seedRole(t, s, "deployer")
	putInline(t, s, role(roleID), "list", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`)
	rita := s.NewUser(t, "rita", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"`+roleARN+`"}]}`)
	out := iamtest.Must(t, s.STS(rita).AssumeRole, &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("deploy")})
	session := stacktest.Credentials{AccessKeyID: aws.ToString(out.Credentials.AccessKeyId),
		SecretAccessKey: aws.ToString(out.Credentials.SecretAccessKey), SessionToken: aws.ToString(out.Credentials.SessionToken)}
	iamtest.Must(t, s.IAM(session).ListUsers, &awsiam.ListUsersInput{})
	gen := iamtest.Must(t, root.GenerateServiceLastAccessedDetails, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(roleARN)})
	rep := iamtest.Must(t, root.GetServiceLastAccessedDetails, &awsiam.GetServiceLastAccessedDetailsInput{JobId: gen.JobId})
	got := services(rep)
	if len(got) != 1 || got[0].Name != "iam" || got[0].Entity != roleARN || got[0].When.IsZero() || got[0].Total != 1 {
		t.Errorf("role report: %+v, want iam last accessed by %s", got, roleARN)
	}
}

// TestServiceLastAccessedFromTrail: access advisor reads the audit trail. A user's last IAM
// call is reported at the time CloudTrail's LookupEvents gives its event, with its region; an
// attempt only the trail holds (recorded by another node, whose usage records were never
// written) is reported with its region; an access older than the trail's retention comes from
// the last-accessed records usage keeps.
func TestServiceLastAccessedFromTrail(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := t.Context()
	acct := s.AccountID()
	lara := s.NewUser(t, "lara", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser","s3:GetObject"],"Resource":"*"}]}`)
	if _, err := s.IAM(lara).ListUsers(ctx, &awsiam.ListUsersInput{}); err != nil {
		t.Fatal(err)
	}
	now := s.Clock().Now()
	elsewhere := now.Add(-time.Hour).Truncate(time.Second)
	old := now.Add(-200 * 24 * time.Hour).Truncate(time.Second)
	record, _ := json.Marshal(map[string]any{
		"eventVersion": "1.11", "eventTime": elsewhere.Format(time.RFC3339), "eventSource": "s3.amazonaws.com", "eventName": "GetObject",
		"awsRegion": "ap-south-1", "recipientAccountId": acct,
		"userIdentity":        map[string]any{"type": "IAMUser", "arn": lara.ARN, "accountId": acct, "userName": "lara"},
		"additionalEventData": map[string]any{"decisions": []map[string]string{{"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "decision": "Allow"}}},
	})
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		if err := tx.Events().Put(ctx, store.Event{ID: "0e5c1a6e-8a0b-4a8e-9d55-3f2b1c0d9e7a", Time: elsewhere, AccountID: acct, Name: "GetObject",
			Source: "s3.amazonaws.com", ReadOnly: true, Username: "lara", Record: record}); err != nil {
			return err
		}
		return tx.LastAccessed().Record(ctx, store.AccessRecord{AccountID: acct, EntityARN: lara.ARN, Namespace: "iam", Action: "GetUser",
			When: old, AuthenticatedEntity: lara.ARN, Region: "eu-west-1"})
	})
	if err != nil {
		t.Fatal(err)
	}

	s.Node().Trail.Flush(ctx) // the trail stores records asynchronously
	events, err := s.CloudTrail(s.Root()).LookupEvents(ctx, &awscloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
		{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("ListUsers")}}})
	if err != nil || len(events.Events) != 1 {
		t.Fatalf("LookupEvents ListUsers: %+v %v", events, err)
	}
	listed := aws.ToTime(events.Events[0].EventTime)

	gen, err := root.GenerateServiceLastAccessedDetails(ctx, &awsiam.GenerateServiceLastAccessedDetailsInput{Arn: aws.String(lara.ARN),
		Granularity: types.AccessAdvisorUsageGranularityTypeActionLevel})
	if err != nil {
		t.Fatal(err)
	}
	out, err := root.GetServiceLastAccessedDetails(ctx, &awsiam.GetServiceLastAccessedDetailsInput{JobId: gen.JobId})
	if err != nil {
		t.Fatal(err)
	}
	near := func(got, want time.Time) bool { return got.Sub(want).Abs() < time.Second }
	for _, svc := range out.ServicesLastAccessed {
		got := services(&awsiam.GetServiceLastAccessedDetailsOutput{ServicesLastAccessed: []types.ServiceLastAccessed{svc}})[0]
		acts := map[string]access{}
		for _, a := range actions(svc) {
			acts[a.Name] = a
		}
		switch got.Name {
		case "iam":
			if !near(got.When, listed) || got.Region != stacktest.Region || got.Entity != lara.ARN || got.Total != 1 {
				t.Errorf("iam: %+v, want last accessed at the ListUsers event's time %v in %s", got, listed, stacktest.Region)
			}
			if !near(acts["ListUsers"].When, listed) || !acts["GetUser"].When.Equal(old) || acts["GetUser"].Region != "eu-west-1" {
				t.Errorf("iam actions: %+v (GetUser from the record kept beyond the trail's retention, at %v)", acts, old)
			}
		case "s3":
			if !got.When.Equal(elsewhere) || got.Region != "ap-south-1" || !acts["GetObject"].When.Equal(elsewhere) {
				t.Errorf("s3: %+v, actions %+v, want the trail's event at %v in ap-south-1", got, acts, elsewhere)
			}
		default:
			t.Errorf("unexpected service %+v", got)
		}
	}
	if len(out.ServicesLastAccessed) != 2 {
		t.Errorf("services %+v", out.ServicesLastAccessed)
	}
}
