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

// BenchmarkUnusedAccessFindings is one ListFindingsV2 of an unused access analyzer over an
// account of 100 roles, 100 days old and used today (so their permissions are analyzed), each
// with AdministratorAccess (every action of every service granted: the most expensive policy to
// expand) and ReadOnlyAccess: the request re-derives every finding (scan.go), so this is the
// cost of reading findings.
func BenchmarkUnusedAccessFindings(b *testing.B) {
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
	for b.Loop() {
		list, err := aa.ListFindingsV2(ctx, &accessanalyzer.ListFindingsV2Input{AnalyzerArn: out.Arn})
		if err != nil || len(list.Findings) != 100 {
			b.Fatalf("ListFindingsV2: %d findings, %v", len(list.Findings), err)
		}
	}
}
