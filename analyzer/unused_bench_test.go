package analyzer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
	"github.com/gatehouse-iam/gatehouse/store"
)

// unusedBenchAccount seeds an account of 100 roles, 100 days old and used today (so their
// permissions are analyzed), each with AdministratorAccess (every action of every service
// granted: the most expensive policy to expand) and ReadOnlyAccess, and makes an unused access
// analyzer over it.
func unusedBenchAccount(b *testing.B) (*stacktest.Stack, *accessanalyzer.Client, *string) {
	s := stacktest.New(b)
	ctx := context.Background()
	then := s.Clock().Now().Add(-100 * 24 * time.Hour)
	err := s.Store().Update(ctx, func(tx store.Tx) error {
		for i := range 100 {
			name := fmt.Sprintf("r%03d", i)
			r := store.Role{AccountID: s.AccountID(), ID: fmt.Sprintf("AROABENCHUNUSED%05d", i), Name: name, Path: "/",
				ARN: roleARN(s, name), TrustPolicy: trustDoc(`{"Service":"ec2.amazonaws.com"}`), MaxSessionDuration: 3600, Created: then}
			if err := tx.Roles().Create(ctx, r); err != nil {
				return err
			}
			if err := tx.Roles().RecordUse(ctx, r.ID, store.RoleUse{When: s.Clock().Now(), Region: "us-east-1"}); err != nil {
				return err
			}
			for _, p := range []string{"AdministratorAccess", "ReadOnlyAccess"} {
				if err := tx.Attachments().Attach(ctx, store.Principal{Kind: store.PrincipalRole, ID: r.ID},
					store.AttachedPolicy{ARN: "arn:aws:iam::aws:policy/" + p, Name: p, Path: "/"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	aa := s.AccessAnalyzer(s.Root())
	out, err := aa.CreateAnalyzer(ctx, &accessanalyzer.CreateAnalyzerInput{AnalyzerName: aws.String("unused"), Type: types.TypeAccountUnusedAccess})
	if err != nil {
		b.Fatal(err)
	}
	return s, aa, out.Arn
}

// BenchmarkUnusedAccessFindings is one ListFindingsV2 of the unused access analyzer of
// unusedBenchAccount: the findings are stored at analysis time, so this is a store read of 100
// findings (it was a rescan of the account per request before).
func BenchmarkUnusedAccessFindings(b *testing.B) {
	_, aa, an := unusedBenchAccount(b)
	ctx := context.Background()
	for b.Loop() {
		list, err := aa.ListFindingsV2(ctx, &accessanalyzer.ListFindingsV2Input{AnalyzerArn: an})
		if err != nil || len(list.Findings) != 100 {
			b.Fatalf("ListFindingsV2: %d findings, %v", len(list.Findings), err)
		}
	}
}

// BenchmarkUnusedAccessScan is one StartResourceScan of the same analyzer: the analysis itself,
// which creation, updates and the daily rescan pay.
func BenchmarkUnusedAccessScan(b *testing.B) {
	s, aa, an := unusedBenchAccount(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := aa.StartResourceScan(ctx, &accessanalyzer.StartResourceScanInput{AnalyzerArn: an, ResourceArn: aws.String(roleARN(s, "r000"))}); err != nil {
			b.Fatal(err)
		}
	}
}
