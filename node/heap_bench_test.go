package node_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/authz"
	"github.com/gatehouse-iam/gatehouse/callctx"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

// BenchmarkHeapPerUser measures what a warm user costs a node in live heap: N users (default
// 20,000; GATEHOUSE_HEAP_USERS sets it), each with an access key and the same ten attached
// customer managed policies, written straight into a SQLite database; then every user's key is
// looked up and one call of each authorized, as a user's first request does, and the live heap
// (after a collection) is compared with the node's before the warm-up. It reports bytes of
// heap per warm user, the figure a million-user node multiplies (docs/benchmarks.md);
// GATEHOUSE_HEAP_PROFILE=file writes the warm node's heap profile. Run
//
//	GATEHOUSE_HEAP_USERS=100000 go test ./node -run '^$' -bench HeapPerUser -benchtime 1x
func BenchmarkHeapPerUser(b *testing.B) {
	n := 20_000
	if v := os.Getenv("GATEHOUSE_HEAP_USERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	st, secrets, keys := loadedStore(b, n)
	for range b.N {
		nd := node.New(st, node.Options{Secrets: secrets})
		before := liveHeap()
		for _, k := range keys {
			_, c, err := nd.Authn.Lookup(ctx, k)
			if err != nil {
				b.Fatal(err)
			}
			call := &callctx.Call{Caller: c, Region: "us-east-1", SourceIP: "192.0.2.10"}
			if err := nd.Authz.Authorize(ctx, call, authz.Request{Action: "iam:GetUser", Resource: c.ARN}); err != nil {
				b.Fatal(err)
			}
		}
		// Access advisor's pending records are written out every few seconds by a running
		// node: they are not what a user costs.
		if err := nd.Usage.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		after := liveHeap()
		if path := os.Getenv("GATEHOUSE_HEAP_PROFILE"); path != "" {
			writeHeapProfile(b, path)
		}
		runtime.KeepAlive(nd)
		b.ReportMetric(float64(after-before)/float64(n), "B-heap/user")
		b.ReportMetric(float64(after-before)/(1<<20), "MiB-heap-warm")
	}
}

// writeHeapProfile writes the live heap's profile to path (what the warm node holds, by where
// it was allocated; -memprofilerate 512 makes it fine-grained).
func writeHeapProfile(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// loadedStore opens a SQLite store in a temporary directory (closed when b ends) with the
// account and n users, each with an access key (heapBulkLoad), and returns it with the keyring
// that sealed the keys and the keys' IDs.
func loadedStore(b *testing.B, n int) (store.Store, *keyring.Keyring, []string) {
	ctx := context.Background()
	dir := b.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	secrets := newSecrets(b)
	if err := st.Update(ctx, func(tx store.Tx) error {
		return tx.Accounts().Create(ctx, store.Account{ID: account, Created: time.Now()})
	}); err != nil {
		b.Fatal(err)
	}
	return st, secrets, heapBulkLoad(b, filepath.Join(dir, "gatehouse.db"), secrets, n)
}

// heapBulkLoad writes ten policies and n users with a key each (all ten attached) into the
// database at path in one transaction, and returns the keys' IDs.
func heapBulkLoad(b *testing.B, path string, secrets *keyring.Keyring, n int) []string {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	now := time.Now().UnixNano()
	var arns []string
	for i := range 10 {
		name := fmt.Sprintf("p%d", i)
		arns = append(arns, "arn:aws:iam::"+account+":policy/"+name)
		id := heapID(b, arn.PrefixManagedPolicy)
		if _, err := tx.Exec(`INSERT INTO policies (id, account_id, name, name_fold, path, arn, description, default_version,
			next_version, is_attachable, created, updated) VALUES (?, ?, ?, ?, '/', ?, '', 1, 2, TRUE, ?, ?)`,
			id, account, name, name, arns[i], now, now); err != nil {
			b.Fatal(err)
		}
		doc := allow(fmt.Sprintf("s3:Get%d", i))
		if i == 9 {
			doc = allow("iam:GetUser")
		}
		if _, err := tx.Exec(`INSERT INTO policy_versions (policy_id, version, document, created) VALUES (?, 1, ?, ?)`,
			id, doc, now); err != nil {
			b.Fatal(err)
		}
	}
	keys := make([]string, n)
	for u := range n {
		name, id := fmt.Sprintf("u%07d", u), heapID(b, arn.PrefixUser)
		keyID, err := arn.NewAccessKeyID(rand.Reader, false)
		if err != nil {
			b.Fatal(err)
		}
		secret := make([]byte, 20)
		rand.Read(secret)
		sealed, err := secrets.Seal([]byte(hex.EncodeToString(secret)), []byte(keyID))
		if err != nil {
			b.Fatal(err)
		}
		keys[u] = keyID
		exec(b, tx, `INSERT INTO users (id, account_id, name, name_fold, path, arn, created, boundary_arn)
			VALUES (?, ?, ?, ?, '/', ?, ?, '')`, id, account, name, name, "arn:aws:iam::"+account+":user/"+name, now)
		exec(b, tx, `INSERT INTO access_keys (id, account_id, user_id, status, sealed_secret, created) VALUES (?, ?, ?, ?, ?, ?)`,
			keyID, account, id, store.StatusActive, sealed, now)
		for p, pa := range arns {
			exec(b, tx, `INSERT INTO policy_attachments (account_id, principal_kind, principal_id, policy_arn, policy_name,
				policy_path) VALUES (?, 'user', ?, ?, ?, '/')`, account, id, pa, fmt.Sprintf("p%d", p))
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return keys
}

func exec(b *testing.B, tx *sql.Tx, query string, args ...any) {
	if _, err := tx.Exec(query, args...); err != nil {
		b.Fatal(err)
	}
}

func heapID(b *testing.B, prefix string) string {
	id, err := arn.NewUniqueID(rand.Reader, prefix)
	if err != nil {
		b.Fatal(err)
	}
	return id
}

// BenchmarkFirstRequest is a user's first request as the node serves it, without the HTTP
// layer: its key looked up (read from the store, its secret opened) and one call authorized
// (its record, tags and policies read, its compiled set found), then the usage it noted
// flushed, as a running node does every second; cpu-ns/op is the process's CPU time per op. Each op is another user's first request, over
// 10,000 users loaded beforehand (b.N beyond that start over with a new node). What a warm-up
// of a million users costs per user; GATEHOUSE_CPU_PROFILE=file writes the ops' CPU profile.
//
//	go test ./node -run '^$' -bench FirstRequest -benchtime 10000x -benchmem
func BenchmarkFirstRequest(b *testing.B) {
	const users = 10_000
	ctx := context.Background()
	st, secrets, keys := loadedStore(b, users)
	if path := os.Getenv("GATEHOUSE_CPU_PROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU(b)
	var nd *node.Node
	for i := range b.N {
		if i%users == 0 {
			nd = node.New(st, node.Options{Secrets: secrets})
		}
		_, c, err := nd.Authn.Lookup(ctx, keys[i%users])
		if err != nil {
			b.Fatal(err)
		}
		call := &callctx.Call{Caller: c, Region: "us-east-1", SourceIP: "192.0.2.10"}
		if err := nd.Authz.Authorize(ctx, call, authz.Request{Action: "iam:GetUser", Resource: c.ARN}); err != nil {
			b.Fatal(err)
		}
		if i%1000 == 999 {
			if err := nd.Usage.Flush(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((processCPU(b)-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// processCPU is the CPU time (user and system) this process has used: on a shared machine,
// what an op costs is steadier in CPU time than in wall time.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
