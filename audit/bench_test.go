package audit_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/stacktest"
)

// BenchmarkGetUserAudit is a user's GetUser through the SDK, HTTP, SigV4, the authorizer and the
// store, 16 clients at once, with the audit trail on (every call recorded, stored in batches) and
// off. The trail's cost is the difference (docs/benchmarks.md). Besides time per call it reports
// CPU-µs/op, the process's CPU time (client, server and the trail's writer) per call: on a shared,
// loaded machine wall-clock time swings several-fold between runs, CPU time far less.
func BenchmarkGetUserAudit(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts []stacktest.Option
	}{{"audit=off", []stacktest.Option{stacktest.WithoutAudit()}}, {"audit=on", nil}} {
		b.Run(tc.name, func(b *testing.B) {
			s := stacktest.New(b, tc.opts...)
			user := s.NewUser(b, "alice", stacktest.Policy("Allow", []string{"iam:GetUser"}))
			c := s.IAM(user)
			in := &awsiam.GetUserInput{UserName: aws.String("alice")}
			b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := stacktest.ProcessCPU(b)
			b.RunParallel(func(pb *testing.PB) {
				ctx := context.Background()
				for pb.Next() {
					if _, err := c.GetUser(ctx, in); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			if tr := s.Node().Trail; tr != nil {
				tr.Flush(context.Background()) // every call's record stored: its CPU counted
			}
			b.ReportMetric(float64((stacktest.ProcessCPU(b)-cpu0).Microseconds())/float64(b.N), "CPU-µs/op")
		})
	}
}
