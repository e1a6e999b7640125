package metrics_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/metrics"
)

func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url + metrics.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", resp.StatusCode, b)
	}
	return string(b)
}

// TestMetrics: /metrics on the API's listener counts requests by service, operation and outcome,
// decisions, authentication failures (by reason), and labels an unknown operation "unknown".
func TestMetrics(t *testing.T) {
	s := stacktest.New(t)
	ctx := context.Background()
	alice := s.NewUser(t, "alice", stacktest.Policy("Allow", []string{"iam:GetUser"}, "*"))
	if _, err := s.IAM(alice).GetUser(ctx, &awsiam.GetUserInput{}); err != nil {
		t.Fatal(err)
	}
	_, err := s.IAM(alice).ListUsers(ctx, &awsiam.ListUsersInput{})
	stacktest.WantError(t, err, "AccessDenied", "")
	bad := alice
	bad.SecretAccessKey = "wrong" + bad.SecretAccessKey[5:]
	_, err = s.IAM(bad).GetUser(ctx, &awsiam.GetUserInput{})
	stacktest.WantError(t, err, "SignatureDoesNotMatch", "")
	_, err = s.IAM(stacktest.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "x"}).GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("x")})
	stacktest.WantError(t, err, "InvalidClientTokenId", "")
	s.RawRequest(t, "iam", &alice, map[string][]string{"Action": {"NoSuchAction" + strings.Repeat("x", 30)}, "Version": {"2010-05-08"}})

	body := scrape(t, s.URL)
	for _, want := range []string{
		`gatehouse_requests_total{code="OK",operation="GetUser",service="iam"} 1`,
		`gatehouse_requests_total{code="AccessDenied",operation="ListUsers",service="iam"} 1`,
		`gatehouse_requests_total{code="OK",operation="CreateUser",service="iam"} 1`,
		`operation="unknown",service="iam"} 1`,
		`gatehouse_authz_decisions_total{decision="ImplicitDeny"} 1`,
		`gatehouse_auth_failures_total{reason="SignatureDoesNotMatch"} 1`,
		`gatehouse_auth_failures_total{reason="InvalidClientTokenId"} 1`,
		`gatehouse_request_duration_seconds_bucket{operation="GetUser",service="iam",le=`,
		`gatehouse_audit_events_dropped_total 0`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "NoSuchAction") {
		t.Error("/metrics holds a label taken from the client")
	}
}
