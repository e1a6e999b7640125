package e2e

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// benchClient is one simulated client: its own SDK clients over its own keep-alive connection.
type benchClient struct {
	iam *iam.Client
	sts *sts.Client
	// user is the client's own user, for write benchmarks.
	user string
}

// BenchmarkWholeStack measures calls through the whole HTTP stack of the out-of-process binary on
// loopback — SigV4 verification, routing, authorization, the store, the XML encoder — with
// aws-sdk-go-v2 clients. b.N requests are split across the clients; latencies are per request.
// GetUser is called by an IAM user whose inline policy allows iam:GetUser on itself through a
// policy variable, so authorization evaluates a real policy.
func BenchmarkWholeStack(b *testing.B) {
	s := startServer(b, serverOptions{})
	s.createUser(b, "bench", "")
	key := s.createAccessKey(b, "bench")
	s.putUserPolicy(b, "bench", "self", allow("iam:GetUser", "arn:aws:iam::*:user/${aws:username}"))

	ops := []struct {
		name string
		call func(context.Context, benchClient) error
	}{
		{"GetCallerIdentity", func(ctx context.Context, c benchClient) error {
			_, err := c.sts.GetCallerIdentity(ctx, nil)
			return err
		}},
		{"GetUser", func(ctx context.Context, c benchClient) error {
			_, err := c.iam.GetUser(ctx, &iam.GetUserInput{})
			return err
		}},
	}
	for _, op := range ops {
		for _, n := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/clients=%d", op.name, n), func(b *testing.B) {
				clients := make([]benchClient, n)
				for i := range clients {
					clients[i] = benchClient{iam: s.iam(key), sts: s.sts(key)}
					if err := op.call(context.Background(), clients[i]); err != nil {
						b.Fatalf("warm-up %s: %v", op.name, err)
					}
				}
				runConcurrent(b, clients, op.call)
			})
		}
	}
}

// runConcurrent splits b.N calls across the clients and reports throughput and latency
// percentiles.
func runConcurrent(b *testing.B, clients []benchClient, call func(context.Context, benchClient) error) {
	ctx := context.Background()
	latencies := make([][]time.Duration, len(clients))
	errs := make([]error, len(clients))
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := range clients {
		count := b.N / len(clients)
		if i < b.N%len(clients) {
			count++
		}
		wg.Go(func() {
			lat := make([]time.Duration, 0, count)
			for range count {
				t0 := time.Now()
				err := call(ctx, clients[i])
				lat = append(lat, time.Since(t0))
				if err != nil && errs[i] == nil {
					errs[i] = err
				}
			}
			latencies[i] = lat
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	for _, err := range errs {
		if err != nil {
			b.Fatalf("a call failed: %v", err)
		}
	}
	all := slices.Concat(latencies...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(percentile(all, 50), "p50-µs")
	b.ReportMetric(percentile(all, 99), "p99-µs")
}

// percentile is the nearest-rank percentile of sorted latencies, in microseconds.
func percentile(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	i = max(1, min(i, len(sorted)))
	return float64(sorted[i-1].Nanoseconds()) / 1e3
}

// BenchmarkStartup measures, over b.N fresh processes, the time from process start to the first
// 200 from /healthz (ns/op) and to the first answered GetCallerIdentity (ms-to-first-request).
// Each start is ephemeral with root credentials from the environment, as in a CI job.
func BenchmarkStartup(b *testing.B) {
	var toFirstRequest time.Duration
	b.ResetTimer()
	for range b.N {
		s := launch(b, serverOptions{})
		for !s.healthy() {
			time.Sleep(500 * time.Microsecond)
			select {
			case <-s.exited:
				b.Fatalf("gatehouse exited during start-up: %v", s.exitErr)
			default:
			}
		}
		b.StopTimer()
		if _, err := s.sts(s.root).GetCallerIdentity(context.Background(), nil); err != nil {
			b.Fatalf("first GetCallerIdentity: %v", err)
		}
		toFirstRequest += time.Since(s.started)
		s.stop()
		b.StartTimer()
	}
	b.ReportMetric(float64(toFirstRequest.Microseconds())/1e3/float64(b.N), "ms-to-first-request")
}
