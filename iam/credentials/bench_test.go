package credentials_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// BenchmarkSignIn: a console sign-in, dominated by one argon2id verification with the default
// parameters.
func BenchmarkSignIn(b *testing.B) {
	s := stacktest.New(b)
	ctx := b.Context()
	root := s.IAM(s.Root())
	if _, err := root.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("alice")}); err != nil {
		b.Fatal(err)
	}
	if _, err := root.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String("alice"),
		Password: aws.String(goodPassword)}); err != nil {
		b.Fatal(err)
	}
	f := family(s)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.SignIn(ctx, s.AccountID(), "alice", goodPassword); err != nil {
			b.Fatal(err)
		}
	}
}
