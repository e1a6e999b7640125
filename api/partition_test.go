package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/sigv4"
)

// TestOtherPartitionsRefused: Gatehouse's accounts are in the aws partition, and "Partitions have
// independent instances of AWS Identity and Access Management (IAM) … You cannot use IAM
// credentials from one partition to interact with resources in a different partition" (AWS Fault
// Isolation Boundaries whitepaper, "Partitions"): a commercial-partition key presented in China,
// GovCloud or an isolated region is a key that partition's IAM does not have, which STS answers
// InvalidClientTokenId, "The security token included in the request is invalid." A request signed
// with valid credentials for another partition's region is refused the same way; regions of the
// aws partition, and names of no known partition, are accepted as before.
func TestOtherPartitionsRefused(t *testing.T) {
	t.Parallel()
	s := stacktest.New(t)
	root := s.Root()
	ctx := context.Background()
	for _, region := range []string{"cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1", "us-iso-east-1",
		"us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1", "aws-cn-global", "aws-us-gov-global"} {
		// The real SDK, configured for the region, as a user of that partition would be.
		_, err := s.STS(root).GetCallerIdentity(ctx, nil, func(o *sts.Options) { o.Region = region })
		stacktest.WantError(t, err, "InvalidClientTokenId", "The security token included in the request is invalid.")

		r := signedFor(t, s, root, region)
		if r.Status != http.StatusForbidden || !bytes.Contains(r.Body, []byte("<Code>InvalidClientTokenId</Code>")) {
			t.Errorf("signed for %s: %d %s, want 403 InvalidClientTokenId", region, r.Status, r.Body)
		}
	}
	for _, region := range []string{"us-east-1", "eu-central-2", "ap-southeast-7", "mx-central-1", "aws-global", "local-test-1"} {
		if r := signedFor(t, s, root, region); r.Status != http.StatusOK {
			t.Errorf("signed for %s: %d %s, want 200", region, r.Status, r.Body)
		}
	}
}

// signedFor sends GetCallerIdentity signed with c for region.
func signedFor(t *testing.T, s *stacktest.Stack, c stacktest.Credentials, region string) *stacktest.Response {
	t.Helper()
	body := []byte(url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}.Encode())
	req, err := http.NewRequest(http.MethodPost, s.URL+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := sigv4.Sign(req, body, sigv4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}, region, "sts", time.Now()); err != nil {
		t.Fatal(err)
	}
	return s.Do(t, req)
}
