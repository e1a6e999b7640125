package account_test

import (
	"fmt"
	"testing"
	"time"

	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/iam/internal/iamtest"
	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// BenchmarkGenerateCredentialReport: a new report for an account of 1,000 users, each with a
// password and an access key. The clock moves four hours per iteration so every call
// regenerates.
func BenchmarkGenerateCredentialReport(b *testing.B) {
	clock := stacktest.NewClock(iamtest.Created)
	s := stacktest.New(b, stacktest.WithClock(clock))
	root := s.IAM(s.Root())
	ctx := b.Context()
	acct := s.AccountID()
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for i := range 1000 {
			name := fmt.Sprintf("user-%04d", i)
			u := store.User{AccountID: acct, ID: fmt.Sprintf("AIDABENCH%012d", i), Name: name, Path: "/",
				ARN: "arn:aws:iam::" + acct + ":user/" + name, Created: iamtest.Created}
			if err := tx.Users().Create(ctx, u); err != nil {
				return err
			}
			if err := tx.LoginProfiles().Create(ctx, store.LoginProfile{UserID: u.ID, PasswordHash: []byte("hash"),
				Created: iamtest.Created, PasswordChanged: iamtest.Created}); err != nil {
				return err
			}
			if err := tx.AccessKeys().Create(ctx, store.AccessKey{ID: fmt.Sprintf("AKIABENCH%011d", i), AccountID: acct,
				UserID: u.ID, Status: store.StatusActive, SealedSecret: []byte("x"), Created: iamtest.Created}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		clock.Advance(4 * time.Hour)
		if _, err := root.GenerateCredentialReport(ctx, &awsiam.GenerateCredentialReportInput{}); err != nil {
			b.Fatal(err)
		}
	}
}
