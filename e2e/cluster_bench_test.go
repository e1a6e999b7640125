package e2e

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/internal/pgtest"
	"github.com/gatehouse-iam/gatehouse/keyring"
)

// pgNodes starts n nodes on a new database of the test server (GATEHOUSE_TEST_DATABASE_URL).
func pgNodes(b *testing.B, n int) []*server {
	u := pgtest.Database(b)
	k, err := keyring.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	opts := serverOptions{databaseURL: u, masterKey: keyring.FormatKeys(k), root: randomCreds(), secrets: newSecretSet()}
	var nodes []*server
	for range n {
		nodes = append(nodes, startServer(b, opts))
	}
	return nodes
}

// writeClients makes one client per writer, spread over the nodes round robin, each with a user
// of its own to write to (so writes go to different aggregates, as different tenants' do).
func writeClients(b *testing.B, nodes []*server, n int) []benchClient {
	clients := make([]benchClient, n)
	for i := range clients {
		node := nodes[i%len(nodes)]
		clients[i] = benchClient{iam: node.iam(node.root), user: fmt.Sprintf("writer-%02d", i)}
		nodes[0].createUser(b, clients[i].user, "")
	}
	return clients
}

// BenchmarkWrites measures IAM writes per second through the whole stack at 16 clients: on
// SQLite (one node, the embedded default) and on PostgreSQL (two nodes sharing a database),
// in the same run. PutUserPolicy writes to each client's own user (writes to different
// aggregates run in parallel); CreateUser checks the account's user quota, so creations in
// one account take turns by design.
func BenchmarkWrites(b *testing.B) {
	backends := []struct {
		name  string
		nodes func(b *testing.B) []*server
	}{
		{"sqlite", func(b *testing.B) []*server { return []*server{startServer(b, serverOptions{dataDir: b.TempDir()})} }},
		{"postgres-2-nodes", func(b *testing.B) []*server { return pgNodes(b, 2) }},
	}
	ops := []struct {
		name string
		call func(context.Context, benchClient, int) error
	}{
		{"PutUserPolicy", func(ctx context.Context, c benchClient, i int) error {
			_, err := c.iam.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String(c.user),
				PolicyName: aws.String("p"), PolicyDocument: aws.String(allow("s3:GetObject", fmt.Sprintf("arn:aws:s3:::b/%d", i)))})
			return err
		}},
		{"CreateUser", func(ctx context.Context, c benchClient, i int) error {
			_, err := c.iam.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(fmt.Sprintf("%s-%d", c.user, i))})
			return err
		}},
	}
	var seq atomic.Int64 // numbers every call, so names never repeat across runs of a sub-benchmark
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			nodes := be.nodes(b)
			clients := writeClients(b, nodes, 16)
			for _, op := range ops {
				b.Run(op.name+"/clients=16", func(b *testing.B) {
					runConcurrent(b, clients, func(ctx context.Context, c benchClient) error {
						return op.call(ctx, c, int(seq.Add(1)))
					})
				})
			}
		})
	}
}

// BenchmarkPropagation measures, on two nodes sharing a PostgreSQL database, how long after a
// write is acknowledged by node 0 it is enforced by node 1: each iteration grants (puts an inline
// policy allowing iam:ListUsers) or revokes (deletes it) on node 0, then polls alice's ListUsers
// on node 1 until the answer changes. p50/p99 are of those delays.
func BenchmarkPropagation(b *testing.B) {
	nodes := pgNodes(b, 2)
	a, other := nodes[0], nodes[1]
	ctx := context.Background()
	a.createUser(b, "alice", "")
	alice := a.createAccessKey(b, "alice")
	root, probe := a.iam(a.root), other.iam(alice)
	allowed := func() bool {
		_, err := probe.ListUsers(ctx, &iam.ListUsersInput{})
		return err == nil
	}
	allowed() // warm node 1's caches for alice
	lags := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		grant := i%2 == 0
		var err error
		if grant {
			_, err = root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("alice"),
				PolicyName: aws.String("list"), PolicyDocument: aws.String(allow("iam:ListUsers", "*"))})
		} else {
			_, err = root.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String("alice"), PolicyName: aws.String("list")})
		}
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		for allowed() != grant {
		}
		lags = append(lags, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lags)
	b.ReportMetric(percentile(lags, 50)/1e3, "p50-ms")
	b.ReportMetric(percentile(lags, 99)/1e3, "p99-ms")
	b.ReportMetric(float64(lags[len(lags)-1].Microseconds())/1e3, "max-ms")
}
