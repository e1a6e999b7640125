package sts_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// BenchmarkAssumeRole is AssumeRole end to end: the SDK signing, HTTP in process, SigV4,
// the trust policy and the caller's policies evaluated, a key pair minted and a token sealed.
func BenchmarkAssumeRole(b *testing.B) {
	s := stacktest.New(b)
	alice := s.NewUser(b, "alice", allowAssume)
	role, _ := newRole(b, s, roleSpec{name: "Bench", trust: trust(s.AccountID(), assume, nil)})
	client := s.STS(alice)
	in := &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("bench")}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.AssumeRole(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssumeRoleWithSessionPolicy adds an inline session policy and session tags, whose
// validation and packing (PackedPolicySize) AssumeRole then also does.
func BenchmarkAssumeRoleWithSessionPolicy(b *testing.B) {
	s := stacktest.New(b)
	both := []string{"sts:AssumeRole", "sts:TagSession"}
	alice := s.NewUser(b, "alice", doc(stmt("Allow", both, "*")))
	role, _ := newRole(b, s, roleSpec{name: "Bench", trust: trust(s.AccountID(), both, nil)})
	client := s.STS(alice)
	in := &awssts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("bench"),
		Policy: aws.String(doc(stmt("Allow", []string{"s3:GetObject", "s3:ListBucket"}, "arn:aws:s3:::bucket/*"))),
		Tags:   tags("project", "unicorn", "team", "blue")}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.AssumeRole(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
