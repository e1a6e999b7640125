package analysis_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// TestServiceLastAccessedFromTrail: access advisor reads the audit trail. A user's last IAM
// call is reported at the time CloudTrail's LookupEvents gives its event, with its region; an
// attempt only the trail holds (recorded by another node, whose usage records were never
// written) is reported with its region; an access older than the trail's retention comes from
// the last-accessed records usage keeps.
func TestServiceLastAccessedFromTrail(t *testing.T) {
	t.Parallel()
	s, root := iamtest.Root(t)
	ctx := context.Background()
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
