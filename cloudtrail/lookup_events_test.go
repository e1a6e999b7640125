package cloudtrail_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

func lookup(t *testing.T, c *awscloudtrail.Client, key cttypes.LookupAttributeKey, value string) []cttypes.Event {
	t.Helper()
	in := &awscloudtrail.LookupEventsInput{}
	if key != "" {
		in.LookupAttributes = []cttypes.LookupAttribute{{AttributeKey: key, AttributeValue: aws.String(value)}}
	}
	var all []cttypes.Event
	p := awscloudtrail.NewLookupEventsPaginator(c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("LookupEvents %s=%s: %v", key, value, err)
		}
		all = append(all, out.Events...)
	}
	return all
}

// names are the events' names but LookupEvents (the lookups of the test are recorded too).
func names(evs []cttypes.Event) []string {
	var out []string
	for _, e := range evs {
		if n := aws.ToString(e.EventName); n != "LookupEvents" {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestLookupEvents: the SDK reads back the account's events by every lookup attribute, in pages,
// within a time window; the modelled errors; authorization by cloudtrail:LookupEvents; no event
// of another account.
func TestLookupEvents(t *testing.T) {
	s := stacktest.New(t)
	ctx := context.Background()
	root := s.IAM(s.Root())
	bob := s.NewUser(t, "bob", stacktest.Policy("Allow", []string{"cloudtrail:LookupEvents", "iam:GetUser"}, "*"))
	if _, err := root.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("auditor"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + s.AccountID() + `"},"Action":"sts:AssumeRole"}]}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IAM(bob).GetUser(ctx, &awsiam.GetUserInput{}); err != nil {
		t.Fatal(err)
	}
	other := s.NewAccount(t)
	if _, err := s.IAM(other).CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("elsewhere")}); err != nil {
		t.Fatal(err)
	}
	s.Node().Trail.Flush(ctx)
	ct := s.CloudTrail(bob)

	all := lookup(t, ct, "", "")
	if got := names(all); !slices.Contains(got, "CreateRole") || !slices.Contains(got, "CreateUser") || !slices.Contains(got, "GetUser") {
		t.Errorf("events = %v", got)
	}
	for _, e := range all {
		var rec map[string]any
		if err := json.Unmarshal([]byte(aws.ToString(e.CloudTrailEvent)), &rec); err != nil {
			t.Fatalf("CloudTrailEvent: %v", err)
		}
		if rec["recipientAccountId"] != s.AccountID() || rec["eventID"] != aws.ToString(e.EventId) {
			t.Errorf("event %s of another account or with another ID: %v", aws.ToString(e.EventId), rec)
		}
	}
	byAttr := []struct {
		key   cttypes.LookupAttributeKey
		value string
		want  []string
	}{
		{cttypes.LookupAttributeKeyEventName, "CreateRole", []string{"CreateRole"}},
		{cttypes.LookupAttributeKeyUsername, "bob", []string{"GetUser"}},
		{cttypes.LookupAttributeKeyAccessKeyId, bob.AccessKeyID, []string{"GetUser"}},
		{cttypes.LookupAttributeKeyResourceType, "AWS::IAM::Role", []string{"CreateRole"}},
		{cttypes.LookupAttributeKeyResourceName, "auditor", []string{"CreateRole"}},
		{cttypes.LookupAttributeKeyEventSource, "sts.amazonaws.com", nil},
		{cttypes.LookupAttributeKeyEventId, aws.ToString(all[0].EventId), []string{aws.ToString(all[0].EventName)}},
	}
	for _, tc := range byAttr {
		if got := names(lookup(t, ct, tc.key, tc.value)); !slices.Equal(got, tc.want) {
			t.Errorf("LookupEvents %s=%s: %v, want %v", tc.key, tc.value, got, tc.want)
		}
	}
	for _, e := range lookup(t, ct, cttypes.LookupAttributeKeyReadOnly, "false") {
		if aws.ToString(e.ReadOnly) != "false" {
			t.Errorf("ReadOnly=false returned %s (%s)", aws.ToString(e.EventName), aws.ToString(e.ReadOnly))
		}
	}

	var paged []string
	p := awscloudtrail.NewLookupEventsPaginator(ct, &awscloudtrail.LookupEventsInput{MaxResults: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, e := range out.Events {
			paged = append(paged, aws.ToString(e.EventId))
		}
	}
	if n := len(slices.Compact(slices.Sorted(slices.Values(paged)))); n != len(paged) || pages < 2 {
		t.Errorf("pages of 2: %d events (%d distinct) in %d pages", len(paged), n, pages)
	}

	future := time.Now().Add(time.Hour)
	out, err := ct.LookupEvents(ctx, &awscloudtrail.LookupEventsInput{StartTime: aws.Time(future)})
	if err != nil || len(out.Events) != 0 {
		t.Errorf("a window in the future: %v, %d events", err, len(out.Events))
	}
	_, err = ct.LookupEvents(ctx, &awscloudtrail.LookupEventsInput{StartTime: aws.Time(future), EndTime: aws.Time(future.Add(-2 * time.Hour))})
	stacktest.WantError(t, err, "InvalidTimeRangeException", "")
	_, err = ct.LookupEvents(ctx, &awscloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
		{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("GetUser")},
		{AttributeKey: cttypes.LookupAttributeKeyUsername, AttributeValue: aws.String("bob")}}})
	stacktest.WantError(t, err, "InvalidLookupAttributesException", "")
	first, err := ct.LookupEvents(ctx, &awscloudtrail.LookupEventsInput{MaxResults: aws.Int32(1)})
	if err != nil || first.NextToken == nil {
		t.Fatalf("first page: %v", err)
	}
	_, err = ct.LookupEvents(ctx, &awscloudtrail.LookupEventsInput{NextToken: first.NextToken, LookupAttributes: []cttypes.LookupAttribute{
		{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("GetUser")}}})
	stacktest.WantError(t, err, "InvalidNextTokenException", "")

	carol := s.NewUser(t, "carol")
	_, err = s.CloudTrail(carol).LookupEvents(ctx, &awscloudtrail.LookupEventsInput{})
	stacktest.WantError(t, err, "AccessDeniedException", "User: "+carol.ARN+
		" is not authorized to perform: cloudtrail:LookupEvents on resource: * because no identity-based policy allows the cloudtrail:LookupEvents action")
}

// TestLookupEventsMaxResults: a MaxResults outside 1..50 is InvalidMaxResultsException, HTTP
// 400, the error LookupEvents' reference lists for "the limit specified is not valid" (not the
// generic ValidationException); a request with another violation as well is still a
// ValidationException.
func TestLookupEventsMaxResults(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	ct := s.CloudTrail(s.Root())
	ctx := context.Background()
	for _, n := range []int32{0, 51} {
		_, err := ct.LookupEvents(ctx, &awscloudtrail.LookupEventsInput{MaxResults: aws.Int32(n)})
		var typed *cttypes.InvalidMaxResultsException
		var re *awshttp.ResponseError
		if !errors.As(err, &typed) || !errors.As(err, &re) || re.HTTPStatusCode() != 400 {
			t.Fatalf("MaxResults %d: %v, want InvalidMaxResultsException with HTTP 400", n, err)
		}
		stacktest.WantError(t, err, "InvalidMaxResultsException", fmt.Sprintf("1 validation error detected: Value '%d' at 'maxResults' "+
			"failed to satisfy constraint: Member must have value between 1 and 50", n))
	}
	_, err := ct.LookupEvents(ctx, &awscloudtrail.LookupEventsInput{MaxResults: aws.Int32(51), EventCategory: "bogus"})
	stacktest.WantError(t, err, "ValidationException", "")
	for _, n := range []int32{1, 50} {
		if _, err := ct.LookupEvents(ctx, &awscloudtrail.LookupEventsInput{MaxResults: aws.Int32(n)}); err != nil {
			t.Errorf("MaxResults %d: %v", n, err)
		}
	}
}
