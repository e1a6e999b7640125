package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/sigv4"
	"github.com/gatehouse-iam/gatehouse/store"
	_ "github.com/gatehouse-iam/gatehouse/store/sqlite" // the "sqlite" database/sql driver
)

// scalePolicies is how many managed policies each bulk-loaded user has attached, all ten the
// same documents (users of one organization share a few managed policies).
const scalePolicies = 10

// BenchmarkScale measures one node holding many users, each with an access key and ten attached
// customer managed policies, in a SQLite data directory built by a bulk loader: the start-up
// time of the real binary on it (process start to the first answered, authorized GetUser), its
// RSS after start and after every user has made one request (every key and every user's
// compiled policies then in memory), the time that warm-up took, the mean latency of 2,000 warm
// GetUsers by users picked at random (one client, keep-alive), and the median latency of
// ListUsers' first page of 100. Every figure is a custom metric of one run: run it with
// -benchtime 1x (a larger b.N only repeats the setup). It runs 1,000 users and
// GATEHOUSE_SCALE_USERS users (100,000 by default; 1000000 for the figure takes the
// better part of an hour on a shared 2-core machine under load, most of it warming the caches).
// The node runs with the Go heap's soft limit GOMEMLIMIT when it is set (docs/operations.md):
//
//	GOMEMLIMIT=800MiB GATEHOUSE_SCALE_USERS=1000000 go test ./e2e -run '^$' -bench Scale -benchtime 1x -timeout 3h
func BenchmarkScale(b *testing.B) {
	n := 100_000
	if v := os.Getenv("GATEHOUSE_SCALE_USERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("GATEHOUSE_SCALE_USERS=%q: want a positive number", v)
		}
	}
	for _, size := range []int{1000, n} {
		b.Run(fmt.Sprintf("users=%d", size), func(b *testing.B) { benchScale(b, size) })
	}
}

// scaleUser is a bulk-loaded user's name and key.
type scaleUser struct {
	name string
	key  creds
}

func benchScale(b *testing.B, n int) {
	dir := b.TempDir()
	mk, err := keyring.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	opts := serverOptions{dataDir: dir, masterKey: keyring.FormatKeys(mk), root: randomCreds(), secrets: newSecretSet(),
		env: []string{"GATEHOUSE_LOG_LEVEL=warn"}}
	first := startServer(b, opts) // creates the account and its root key
	account := first.account
	first.stop()

	loadStart := time.Now()
	users := bulkLoad(b, dir, opts.masterKey, account, n)
	b.Logf("%d users loaded in %s", n, time.Since(loadStart).Round(time.Millisecond))

	opts.noRootEnv = true
	s := launch(b, opts)
	signer := &replaySigner{host: strings.TrimPrefix(s.url, "http://")}
	probe := signer.getUser(b, users[0])
	for {
		if st, err := roundTrip(s.url, probe); err == nil && st == http.StatusOK {
			break
		}
		select {
		case <-s.exited:
			b.Fatalf("gatehouse exited during start-up: %v", s.exitErr)
		default:
		}
		time.Sleep(time.Millisecond)
	}
	startup := time.Since(s.started)
	rssStart := processRSS(b, s.cmd.Process.Pid)

	warmStart := time.Now()
	warmUp(b, signer, users)
	warm := time.Since(warmStart)
	rssWarm := processRSS(b, s.cmd.Process.Pid)
	list := listUsersLatency(b, s)

	reqs := make([][]byte, 1000)
	for i := range reqs {
		reqs[i] = signer.getUser(b, users[mrand.IntN(len(users))])
	}
	conn := dialReplay(b, signer.host)
	const latencyRuns = 2000
	t0 := time.Now()
	for i := range latencyRuns {
		if err := conn.do(reqs[i%len(reqs)]); err != nil {
			b.Fatal(err)
		}
	}
	getUser := time.Since(t0) / latencyRuns
	b.ResetTimer()
	for i := range b.N {
		if err := conn.do(reqs[i%len(reqs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(getUser.Nanoseconds())/1e3, "µs-GetUser")
	b.ReportMetric(startup.Seconds(), "s-start")
	b.ReportMetric(float64(rssStart)/(1<<20), "MiB-RSS-start")
	b.ReportMetric(float64(rssWarm)/(1<<20), "MiB-RSS-warm")
	b.ReportMetric(warm.Seconds(), "s-warm-up")
	b.ReportMetric(float64(list.Microseconds())/1e3, "ms-ListUsers")
}

// bulkLoad writes n users named u0000000…, each with an access key and the ten policies
// attached, straight into the database in a few large transactions (the store's own API
// records a change per write and costs a millisecond a user: minutes for a million).
func bulkLoad(b *testing.B, dir, masterKey, account string, n int) []scaleUser {
	keys, err := keyring.Load(masterKey, dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	secrets, err := keys.Keyring(keyring.SecretAccessKeys)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "gatehouse.db")+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=cache_size(-262144)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	now := time.Now().UnixNano()
	policyARNs := make([]string, scalePolicies)
	err = inTx(ctx, db, func(tx *sql.Tx) error {
		for i := range scalePolicies {
			id, name := mustID(b, arn.PrefixManagedPolicy), fmt.Sprintf("scale-%d", i)
			policyARNs[i] = "arn:aws:iam::" + account + ":policy/" + name
			if _, err := tx.Exec(`INSERT INTO policies (id, account_id, name, name_fold, path, arn, description, default_version,
				next_version, is_attachable, created, updated) VALUES (?, ?, ?, ?, '/', ?, '', 1, 2, TRUE, ?, ?)`,
				id, account, name, name, policyARNs[i], now, now); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO policy_versions (policy_id, version, document, created) VALUES (?, 1, ?, ?)`,
				id, scaleDocument(i), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	users := make([]scaleUser, n)
	const batch = 20_000
	for lo := 0; lo < n; lo += batch {
		err := inTx(ctx, db, func(tx *sql.Tx) error {
			return loadUsers(b, tx, secrets, account, policyARNs, users[lo:min(lo+batch, n)], lo, now)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return users
}

// loadUsers inserts users (their rows, keys and attachments) with multi-row INSERTs of
// rowsPerInsert users each: one statement per table per hundred users instead of one per row,
// which is most of the loader's time for a million users (twelve million rows).
func loadUsers(b *testing.B, tx *sql.Tx, secrets *keyring.Keyring, account string, policyARNs []string, users []scaleUser, first int, now int64) error {
	const rowsPerInsert = 100
	for lo := 0; lo < len(users); lo += rowsPerInsert {
		chunk := users[lo:min(lo+rowsPerInsert, len(users))]
		var userRows, keyRows, attachRows []any
		for i := range chunk {
			name := fmt.Sprintf("u%07d", first+lo+i)
			id := mustID(b, arn.PrefixUser)
			keyID, err := arn.NewAccessKeyID(rand.Reader, false)
			if err != nil {
				return err
			}
			secret := randomString(secretAlphabet, secretLen)
			sealed, err := secrets.Seal([]byte(secret), []byte(keyID))
			if err != nil {
				return err
			}
			chunk[i] = scaleUser{name: name, key: creds{AccessKeyID: keyID, SecretAccessKey: secret}}
			userRows = append(userRows, id, account, name, name, "arn:aws:iam::"+account+":user/"+name, now)
			keyRows = append(keyRows, keyID, account, id, store.StatusActive, sealed, now)
			for p, pa := range policyARNs {
				attachRows = append(attachRows, account, id, pa, fmt.Sprintf("scale-%d", p))
			}
		}
		for _, ins := range []struct {
			head, row string
			args      []any
		}{
			{`INSERT INTO users (id, account_id, name, name_fold, path, arn, created, boundary_arn) VALUES `,
				`(?, ?, ?, ?, '/', ?, ?, '')`, userRows},
			{`INSERT INTO access_keys (id, account_id, user_id, status, sealed_secret, created) VALUES `,
				`(?, ?, ?, ?, ?, ?)`, keyRows},
			{`INSERT INTO policy_attachments (account_id, principal_kind, principal_id, policy_arn, policy_name, policy_path) VALUES `,
				`(?, 'user', ?, ?, ?, '/')`, attachRows},
		} {
			rows := len(ins.args) / strings.Count(ins.row, "?")
			if _, err := tx.Exec(ins.head+strings.Repeat(ins.row+", ", rows-1)+ins.row, ins.args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// scaleDocument is the i-th shared policy; the last allows iam:GetUser on every user.
func scaleDocument(i int) string {
	action := fmt.Sprintf("s3:Get%d", i)
	if i == scalePolicies-1 {
		action = "iam:GetUser"
	}
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ec2:Describe%[1]d","Resource":"*"},
		{"Effect":"Deny","Action":"iam:Delete%[1]d","Resource":"*"},
		{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"t%[1]d"}}},
		{"Effect":"Allow","Action":"%[2]s","Resource":"arn:aws:iam::*:user/*"}]}`, i, action)
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func mustID(b *testing.B, prefix string) string {
	id, err := arn.NewUniqueID(rand.Reader, prefix)
	if err != nil {
		b.Fatal(err)
	}
	return id
}

// replaySigner makes the wire form of signed requests to one server.
type replaySigner struct{ host string }

// getUser is a GetUser of the user by itself, signed now.
func (r *replaySigner) getUser(b *testing.B, u scaleUser) []byte {
	body := []byte(url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}}.Encode())
	req, err := http.NewRequest(http.MethodPost, "http://"+r.host+"/", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("User-Agent", "scale/1")
	err = sigv4.Sign(req, body, sigv4.Credentials{AccessKeyID: u.key.AccessKeyID, SecretAccessKey: u.key.SecretAccessKey},
		region, "iam", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := req.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// roundTrip sends one raw request on a new connection and returns the status.
func roundTrip(base string, raw []byte) (int, error) {
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if _, err := c.Write(raw); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// replayConn is a keep-alive connection that sends raw requests and requires 200s.
type replayConn struct {
	c net.Conn
	r *bufio.Reader
}

func dialReplay(b *testing.B, host string) *replayConn {
	c, err := net.Dial("tcp", host)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return &replayConn{c: c, r: bufio.NewReader(c)}
}

func (rc *replayConn) do(raw []byte) error {
	if _, err := rc.c.Write(raw); err != nil {
		return err
	}
	resp, err := http.ReadResponse(rc.r, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, body.String())
	}
	return nil
}

// warmUp has every user make one GetUser, over 16 connections.
func warmUp(b *testing.B, signer *replaySigner, users []scaleUser) {
	const clients = 16
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := range clients {
		conn := dialReplay(b, signer.host)
		wg.Go(func() {
			for i := c; i < len(users); i += clients {
				if err := conn.do(signer.getUser(b, users[i])); err != nil {
					errs <- fmt.Errorf("user %s: %w", users[i].name, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// listUsersLatency is the median time of ListUsers' first page of 100, as root through the SDK.
func listUsersLatency(b *testing.B, s *server) time.Duration {
	c := s.iam(s.root)
	var times []time.Duration
	for range 21 {
		t0 := time.Now()
		out, err := c.ListUsers(context.Background(), &iam.ListUsersInput{MaxItems: aws.Int32(100)})
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		if len(out.Users) != 100 && !(len(out.Users) < 100 && !out.IsTruncated) {
			b.Fatalf("ListUsers answered %d users", len(out.Users))
		}
	}
	return median(times)
}

func median(ds []time.Duration) time.Duration {
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

// processRSS is the resident set size of a process, from /proc (Linux).
func processRSS(b *testing.B, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatal("no VmRSS in /proc/PID/status")
	return 0
}
