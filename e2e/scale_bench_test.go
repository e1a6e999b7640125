package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/sigv4"
)

// BenchmarkScale measures one node holding many users, each with an access key and ten attached
// customer managed policies, in a SQLite data directory built by a bulk loader, at each size of
// GATEHOUSE_SCALE_USERS (a comma-separated list; 1000,100000 by default), one after the other in
// the same run and by the same procedure:
//
//   - s-start: process start to the first answered, authorized GetUser;
//   - MiB-RSS-start, MiB-RSS-warm, MiB-RSS-drained: the RSS then, after every user has made one
//     request (every key and every user's compiled policies in memory; s-warm-up is how long
//     that took, 16 clients), and once the node has stored what those requests noted;
//   - s-drain: from the end of the warm-up until the audit trail's writer and the usage
//     tracker (keys' last use, access advisor) have stored everything (their gauges on
//     /metrics at 0 and the count of stored events still), so no background writer runs
//     while latency is measured;
//   - µs-OP-p50, µs-OP-p99: the latency distribution of GATEHOUSE_SCALE_REQUESTS (20,000 by
//     default) requests, made by 4 clients on keep-alive connections, of GetUser by random warm
//     users (their own record), ListUsers' first page of 100 as root, GetCallerIdentity by
//     random warm users (authentication only) and ListRoles by random warm users, which their
//     policies do not allow (authorization only: the decision over ten policies, an
//     AccessDenied, no store read); µs-OP-server-CPU/op is the server process's CPU time per
//     request over the run (less noisy than latency on a shared machine) and GCs-OP the Go
//     collector's cycles during it;
//   - load-at-start, load-at-end: the machine's load average (one minute) when the server
//     started and after the latency runs.
//
// Every figure is a custom metric of one run: run it with -benchtime 1x (a larger b.N only
// repeats GetUser). GATEHOUSE_SCALE_CACHE=DIR keeps each size's loaded data directory in DIR
// and reuses it (a million users take tens of minutes to load). The node runs with the Go
// heap's soft limit GOMEMLIMIT when it is set (docs/operations.md):
//
//	GOMEMLIMIT=800MiB GATEHOUSE_SCALE_CACHE=/var/tmp/gatehouse-scale GATEHOUSE_SCALE_USERS=1000,100000,1000000 \
//	  go test ./e2e -run '^$' -bench Scale -benchtime 1x -timeout 3h
func BenchmarkScale(b *testing.B) {
	sizes := envInts(b, "GATEHOUSE_SCALE_USERS", []int{1000, 100_000})
	requests := envInts(b, "GATEHOUSE_SCALE_REQUESTS", []int{20_000})[0]
	for _, size := range sizes {
		b.Run(fmt.Sprintf("users=%d", size), func(b *testing.B) { benchScale(b, size, requests) })
	}
}

// envInts reads a comma-separated list of positive numbers, or returns def.
func envInts(b *testing.B, name string, def []int) []int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	var out []int
	for f := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("%s=%q: want positive numbers separated by commas", name, v)
		}
		out = append(out, n)
	}
	return out
}

// scaleClients is how many clients make the latency runs' requests at once.
const scaleClients = 4

func benchScale(b *testing.B, n, requests int) {
	fx := scaleData(b, n)
	s := launch(b, serverOptions{dataDir: fx.dataDir, masterKey: fx.MasterKey, root: fx.Root, noRootEnv: true,
		secrets: newSecretSet(), env: []string{"GATEHOUSE_LOG_LEVEL=warn"}})
	signer := &replaySigner{host: strings.TrimPrefix(s.url, "http://")}
	loadStart := loadAverage(b)
	startup := awaitServing(b, s, signer.getUser(b, fx.users[0]))
	rssStart := processRSS(b, s.cmd.Process.Pid)

	warmStart := time.Now()
	warmUp(b, signer, fx.users)
	warm := time.Since(warmStart)
	rssWarm := processRSS(b, s.cmd.Process.Pid)
	drain := awaitDrained(b, s)
	rssDrained := processRSS(b, s.cmd.Process.Pid)
	b.Logf("%d users: warm-up %s, drained %s after it", n, warm.Round(time.Millisecond), drain.Round(time.Millisecond))

	ops := scaleOps(b, signer, fx)
	runs := make([]scaleRun, len(ops))
	for i, op := range ops {
		runs[i] = measure(b, s, op, requests)
	}
	loadEnd := loadAverage(b)
	conn := dialReplay(b, signer.host)
	probe := signer.getUser(b, fx.users[0])
	b.ResetTimer()
	for range b.N {
		if err := conn.do(probe, http.StatusOK); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	for i, op := range ops { // after ResetTimer, which drops metrics reported before it
		r := runs[i]
		b.ReportMetric(percentile(r.latencies, 50), "µs-"+op.name+"-p50")
		b.ReportMetric(percentile(r.latencies, 99), "µs-"+op.name+"-p99")
		b.ReportMetric(r.cpu.Seconds()*1e6/float64(requests), "µs-"+op.name+"-server-CPU/op")
		b.ReportMetric(r.gcs, "GCs-"+op.name)
	}
	b.ReportMetric(startup.Seconds(), "s-start")
	b.ReportMetric(float64(rssStart)/(1<<20), "MiB-RSS-start")
	b.ReportMetric(float64(rssWarm)/(1<<20), "MiB-RSS-warm")
	b.ReportMetric(float64(rssDrained)/(1<<20), "MiB-RSS-drained")
	b.ReportMetric(warm.Seconds(), "s-warm-up")
	b.ReportMetric(drain.Seconds(), "s-drain")
	b.ReportMetric(loadStart, "load-at-start")
	b.ReportMetric(loadEnd, "load-at-end")
}

// loadAverage is the machine's load average over the last minute (Linux), what the figures
// of a shared machine must be read with.
func loadAverage(b *testing.B) float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	one, _, _ := strings.Cut(string(data), " ")
	v, err := strconv.ParseFloat(one, 64)
	if err != nil {
		b.Fatalf("/proc/loadavg: %q", data)
	}
	return v
}

// awaitServing sends probe until it is answered 200, and returns the time since the process started.
func awaitServing(b *testing.B, s *server, probe []byte) time.Duration {
	for {
		if st, err := roundTrip(s.url, probe); err == nil && st == http.StatusOK {
			return time.Since(s.started)
		}
		select {
		case <-s.exited:
			b.Fatalf("gatehouse exited during start-up: %v", s.exitErr)
		default:
		}
		time.Sleep(time.Millisecond)
	}
}

// scaleOp is one kind of request of the latency runs: signed requests to replay and the status
// each must get.
type scaleOp struct {
	name   string
	reqs   [][]byte
	status int
}

// scaleOps signs the latency runs' requests: 1,000 of each (random warm users'), reused in turn.
func scaleOps(b *testing.B, signer *replaySigner, fx *scaleFixture) []scaleOp {
	const distinct = 1000
	ops := []scaleOp{{name: "GetUser", status: http.StatusOK}, {name: "ListUsers", status: http.StatusOK},
		{name: "GetCallerIdentity", status: http.StatusOK}, {name: "ListRoles-denied", status: http.StatusForbidden}}
	for range distinct {
		u := fx.users[mrand.IntN(len(fx.users))]
		ops[0].reqs = append(ops[0].reqs, signer.getUser(b, u))
		ops[1].reqs = append(ops[1].reqs, signer.sign(b, fx.Root, "iam", url.Values{"Action": {"ListUsers"},
			"MaxItems": {"100"}, "Version": {"2010-05-08"}}))
		ops[2].reqs = append(ops[2].reqs, signer.sign(b, u.key, "sts", url.Values{"Action": {"GetCallerIdentity"},
			"Version": {"2011-06-15"}}))
		ops[3].reqs = append(ops[3].reqs, signer.sign(b, u.key, "iam", url.Values{"Action": {"ListRoles"},
			"Version": {"2010-05-08"}}))
	}
	return ops
}

// scaleRun is what one latency run measured: every request's latency (sorted), the server's
// CPU time (user and system, from /metrics' process_cpu_seconds_total: 10 ms resolution) and
// the Go collector's cycles meanwhile.
type scaleRun struct {
	latencies []time.Duration
	cpu       time.Duration
	gcs       float64
}

// measure makes one latency run of op.
func measure(b *testing.B, s *server, op scaleOp, total int) scaleRun {
	before := scrapeMetrics(b, s.url)
	lat := latencies(b, strings.TrimPrefix(s.url, "http://"), op.reqs, op.status, total)
	after := scrapeMetrics(b, s.url)
	cpu := after["process_cpu_seconds_total"] - before["process_cpu_seconds_total"]
	return scaleRun{latencies: lat, cpu: time.Duration(cpu * float64(time.Second)),
		gcs: after["go_gc_duration_seconds_count"] - before["go_gc_duration_seconds_count"]}
}

// latencies makes total requests from reqs (in turn) over scaleClients keep-alive connections,
// each client one request at a time, and returns every request's latency, sorted.
func latencies(b *testing.B, host string, reqs [][]byte, status, total int) []time.Duration {
	per := make([][]time.Duration, scaleClients)
	errs := make(chan error, scaleClients)
	var wg sync.WaitGroup
	for c := range scaleClients {
		conn := dialReplay(b, host)
		wg.Go(func() {
			for i := c; i < total; i += scaleClients {
				t0 := time.Now()
				if err := conn.do(reqs[i%len(reqs)], status); err != nil {
					errs <- err
					return
				}
				per[c] = append(per[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	all := slices.Concat(per...)
	slices.Sort(all)
	return all
}

// awaitDrained waits until the node has stored every audit event and usage record its requests
// made (the gauges gatehouse_audit_queue_length and gatehouse_usage_unstored_records at 0, and
// gatehouse_audit_events_written_total unchanged across two scrapes), and returns how long that took.
func awaitDrained(b *testing.B, s *server) time.Duration {
	t0 := time.Now()
	last := -1.0
	for {
		m := scrapeMetrics(b, s.url)
		written := m["gatehouse_audit_events_written_total"]
		if m["gatehouse_audit_queue_length"] == 0 && m["gatehouse_usage_unstored_records"] == 0 && written == last {
			return time.Since(t0)
		}
		last = written
		time.Sleep(250 * time.Millisecond)
	}
}

// scrapeMetrics reads the node's unlabelled metrics.
func scrapeMetrics(b *testing.B, base string) map[string]float64 {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET /metrics: %d %v", resp.StatusCode, err)
	}
	out := map[string]float64{}
	for line := range strings.SplitSeq(string(body), "\n") {
		name, value, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			out[name] = v
		}
	}
	for _, want := range []string{"gatehouse_audit_queue_length", "gatehouse_usage_unstored_records",
		"gatehouse_audit_events_written_total", "process_cpu_seconds_total", "go_gc_duration_seconds_count"} {
		if _, ok := out[want]; !ok {
			b.Fatalf("/metrics has no %s", want)
		}
	}
	return out
}

// replaySigner makes the wire form of signed requests to one server.
type replaySigner struct{ host string }

// getUser is a GetUser of the user by itself, signed now.
func (r *replaySigner) getUser(b *testing.B, u scaleUser) []byte {
	return r.sign(b, u.key, "iam", url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}})
}

// sign is a POST of the query-protocol form, signed now by c for service.
func (r *replaySigner) sign(b *testing.B, c creds, service string, form url.Values) []byte {
	body := []byte(form.Encode())
	req, err := http.NewRequest(http.MethodPost, "http://"+r.host+"/", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("User-Agent", "scale/1")
	err = sigv4.Sign(req, body, sigv4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey},
		region, service, time.Now())
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

// replayConn is a keep-alive connection that sends raw requests.
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

// do sends raw and requires the answer's status to be status.
func (rc *replayConn) do(raw []byte, status int) error {
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
	if resp.StatusCode != status {
		return fmt.Errorf("status %d, want %d: %s", resp.StatusCode, status, body.String())
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
				if err := conn.do(signer.getUser(b, users[i]), http.StatusOK); err != nil {
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
