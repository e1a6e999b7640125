package stacktest_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

func TestStack(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	s := stacktest.New(t, stacktest.WithClock(stacktest.NewClock(start)), stacktest.WithAccountID("123456789012"))
	ctx := context.Background()
	if s.AccountID() != "123456789012" || s.Root().ARN != "arn:aws:iam::123456789012:root" {
		t.Fatalf("account %s, root %s", s.AccountID(), s.Root().ARN)
	}

	// The clock drives the services' times.
	s.Clock().Advance(time.Hour)
	user := s.NewUser(t, "alice", stacktest.Policy("Allow", []string{"iam:GetUser"}))
	got, err := s.IAM(user).GetUser(ctx, &awsiam.GetUserInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToTime(got.User.CreateDate).Equal(start.Add(time.Hour)) {
		t.Errorf("CreateDate %v, want the stack clock's %v", aws.ToTime(got.User.CreateDate), start.Add(time.Hour))
	}

	// Another account sees nothing of the first.
	other := s.NewAccount(t)
	if other.AccountID == s.AccountID() {
		t.Fatal("NewAccount returned the same account")
	}
	_, err = s.IAM(other).GetUser(ctx, &awsiam.GetUserInput{UserName: aws.String("alice")})
	if stacktest.ErrorCode(err) != "NoSuchEntity" {
		t.Errorf("alice seen from another account: %v, want NoSuchEntity", err)
	}

	// Store reads what the API wrote.
	err = s.Store().View(ctx, func(tx store.Tx) error {
		_, err := tx.Users().Get(ctx, s.AccountID(), "alice")
		return err
	})
	if err != nil {
		t.Errorf("reading alice from the store: %v", err)
	}

	// Raw requests, signed and unsigned.
	params := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}
	root := s.Root()
	if r := s.RawRequest(t, "sts", &root, params); r.Status != 200 {
		t.Errorf("signed raw request: %d %s", r.Status, r.Body)
	}
	if r := s.RawRequest(t, "sts", nil, params); r.Status != 403 {
		t.Errorf("unsigned raw request: %d %s", r.Status, r.Body)
	}
}
