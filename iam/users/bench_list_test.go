package users_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// benchUsers is how many users BenchmarkListUsersPage pages through (issue 4: "ListUsers
// pages over 100,000 users").
const benchUsers = 100_000

// BenchmarkListUsersPage lists one page of 100 users through the whole stack (SDK, HTTP,
// SigV4, authorization, store) at the start of 100,000 users and near their end. Keyset
// pagination makes both cost the same: a page's cost does not grow with its position.
func BenchmarkListUsersPage(b *testing.B) {
	ctx := b.Context()
	s := stacktest.New(b)
	acct := s.AccountID()
	created := time.Now().UTC().Truncate(time.Second)
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for i := range benchUsers {
			name := fmt.Sprintf("user%06d", i)
			u := store.User{AccountID: acct, ID: fmt.Sprintf("AIDABENCH%012d", i), Name: name, Path: "/",
				ARN: "arn:aws:iam::" + acct + ":user/" + name, Created: created}
			if err := tx.Users().Create(ctx, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	root := benchClient(s)

	// The marker of the last page of 100, found by paging through everything once.
	var marker *string
	for {
		out, err := root.ListUsers(ctx, &awsiam.ListUsersInput{MaxItems: aws.Int32(1000), Marker: marker})
		if err != nil {
			b.Fatal(err)
		}
		if !out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	out, err := root.ListUsers(ctx, &awsiam.ListUsersInput{MaxItems: aws.Int32(900), Marker: marker})
	if err != nil {
		b.Fatal(err)
	}
	nearEnd := out.Marker

	for _, bc := range []struct {
		name   string
		marker *string
		first  string
	}{
		{"first", nil, "user000000"},
		{"near-end", nearEnd, fmt.Sprintf("user%06d", benchUsers-100)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := root.ListUsers(ctx, &awsiam.ListUsersInput{Marker: bc.marker})
				if err != nil {
					b.Fatal(err)
				}
				if len(out.Users) != 100 || aws.ToString(out.Users[0].UserName) != bc.first {
					b.Fatalf("page of %d users, want 100 from %s", len(out.Users), bc.first)
				}
			}
		})
	}
}

// benchClient is the stack's root IAM client, its request bodies buffered by the transport.
// In process, the server answers before the HTTP transport has finished with the SDK's
// request body stream, which the SDK then closes; now and then that fails the transport's
// write and closes the connection under the response being read ("use of closed network
// connection"). A benchmark's thousands of requests meet it; buffering the body avoids it.
func benchClient(s *stacktest.Stack) *awsiam.Client {
	root := s.Root()
	return awsiam.NewFromConfig(aws.Config{
		Region:       stacktest.Region,
		BaseEndpoint: aws.String(s.URL),
		Credentials:  credentials.NewStaticCredentialsProvider(root.AccessKeyID, root.SecretAccessKey, ""),
		HTTPClient:   &http.Client{Transport: bufferedBodies{http.DefaultTransport}},
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	})
}

type bufferedBodies struct{ next http.RoundTripper }

func (t bufferedBodies) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	return t.next.RoundTrip(r)
}
