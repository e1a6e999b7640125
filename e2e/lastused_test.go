package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/google/go-cmp/cmp"
)

// notUsed is GetAccessKeyLastUsed's "N/A" answer for a key never used (IAM API Reference,
// AccessKeyLastUsed).
const notUsed = "N/A"

type lastUsed struct {
	User    string
	Service string
	Region  string
	HasDate bool
}

func (s *server) lastUsed(tb testing.TB, keyID string) (lastUsed, *time.Time) {
	tb.Helper()
	out, err := s.iam(s.root).GetAccessKeyLastUsed(context.Background(), &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(keyID)})
	if err != nil {
		tb.Fatalf("GetAccessKeyLastUsed %s: %v", keyID, err)
	}
	got := lastUsed{User: deref(out.UserName)}
	var date *time.Time
	if u := out.AccessKeyLastUsed; u != nil {
		got.Service, got.Region, got.HasDate, date = deref(u.ServiceName), deref(u.Region), u.LastUsedDate != nil, u.LastUsedDate
	}
	return got, date
}

// waitLastUsed polls until the key's last use names service. AWS itself records last use
// asynchronously; Gatehouse may too, so the test polls instead of asserting at once, for as long
// as the test may run (a loaded machine may flush late, never wrongly).
func (s *server) waitLastUsed(tb testing.TB, keyID, service string) (lastUsed, *time.Time) {
	tb.Helper()
	deadline := time.Now().Add(untilHang())
	for {
		got, date := s.lastUsed(tb, keyID)
		if got.Service == service || time.Now().After(deadline) {
			return got, date
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestAccessKeyLastUsed(t *testing.T) {
	t.Parallel()
	s := startServer(t, serverOptions{})
	ctx := context.Background()
	s.createUser(t, "peggy", "")
	key := s.createAccessKey(t, "peggy")
	before := time.Now().Add(-time.Minute)

	got, _ := s.lastUsed(t, key.AccessKeyID)
	if diff := cmp.Diff(lastUsed{User: "peggy", Service: notUsed, Region: notUsed}, got); diff != "" {
		t.Errorf("a key never used (-want +got):\n%s", diff)
	}

	if _, err := s.sts(key).GetCallerIdentity(ctx, nil); err != nil {
		t.Fatalf("GetCallerIdentity with peggy's key: %v", err)
	}
	got, date := s.waitLastUsed(t, key.AccessKeyID, "sts")
	if diff := cmp.Diff(lastUsed{User: "peggy", Service: "sts", Region: region, HasDate: true}, got); diff != "" {
		t.Errorf("after an STS call (-want +got):\n%s", diff)
	}
	if date != nil && (date.Before(before) || date.After(time.Now().Add(time.Minute))) {
		t.Errorf("LastUsedDate %v is not around now", date)
	}

	s.putUserPolicy(t, "peggy", "list", allow("iam:ListUsers", "*"))
	if _, err := s.iam(key).ListUsers(ctx, &iam.ListUsersInput{}); err != nil {
		t.Fatalf("ListUsers with peggy's key: %v", err)
	}
	got, _ = s.waitLastUsed(t, key.AccessKeyID, "iam")
	if diff := cmp.Diff(lastUsed{User: "peggy", Service: "iam", Region: region, HasDate: true}, got); diff != "" {
		t.Errorf("after an IAM call (-want +got):\n%s", diff)
	}

	// The CLI shows the same record.
	if awsMissing == "" {
		var out struct {
			UserName          string
			AccessKeyLastUsed struct{ ServiceName, Region, LastUsedDate string }
		}
		s.aws(t, s.root, "iam", "get-access-key-last-used", "--access-key-id", key.AccessKeyID).decode(t, &out)
		if out.UserName != "peggy" || out.AccessKeyLastUsed.ServiceName != "iam" || out.AccessKeyLastUsed.Region != region || out.AccessKeyLastUsed.LastUsedDate == "" {
			t.Errorf("aws iam get-access-key-last-used = %+v, want peggy, iam, %s and a date", out, region)
		}
	}
}
