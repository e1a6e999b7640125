package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// TestAuditCrash: a server killed with SIGKILL in the middle of writes, and restarted on its data
// directory, has an event for every change that committed: each user that exists has its
// CreateUser event, acknowledged or not (the event is written in the same transaction as the
// user).
func TestAuditCrash(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{dataDir: t.TempDir()})
	const writers, perWriter, killAfter = 4, 60, 40
	var mu sync.Mutex
	acked := map[string]bool{}
	killed := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			client := s.iam(s.root)
			for i := range perWriter {
				name := fmt.Sprintf("crash-%d-%d", w, i)
				if _, err := client.CreateUser(context.Background(), &iam.CreateUserInput{UserName: aws.String(name)}); err != nil {
					return // the server is gone
				}
				mu.Lock()
				acked[name] = true
				if len(acked) == killAfter {
					close(killed)
				}
				mu.Unlock()
			}
		})
	}
	<-killed
	s.abort() // SIGKILL, writers still running
	wg.Wait()
	next := s.restart(t)

	ctx := context.Background()
	var users []string
	p := iam.NewListUsersPaginator(next.iam(next.root), &iam.ListUsersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.Users {
			users = append(users, deref(u.UserName))
		}
	}
	evented := map[string]bool{}
	ct := cloudtrail.NewFromConfig(next.sdkConfig(next.root))
	ep := cloudtrail.NewLookupEventsPaginator(ct, &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{
		{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("CreateUser")}}})
	for ep.HasMorePages() {
		page, err := ep.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			var rec struct {
				ErrorCode         string
				RequestParameters struct{ UserName string }
			}
			if err := json.Unmarshal([]byte(deref(e.CloudTrailEvent)), &rec); err != nil {
				t.Fatal(err)
			}
			if rec.ErrorCode == "" {
				evented[rec.RequestParameters.UserName] = true
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for name := range acked {
		if !slices.Contains(users, name) {
			t.Errorf("acknowledged user %s is gone after the crash", name)
		}
	}
	for _, name := range users {
		if !evented[name] {
			t.Errorf("user %s committed without its CreateUser event", name)
		}
	}
	t.Logf("%d users acknowledged before SIGKILL, %d committed, %d with events", len(acked), len(users), len(evented))
}
