package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// No wait in this package has a fixed limit: a slow, loaded machine makes every step slower,
// never wrong. Waits for a process or a client give up only at hangGuard, shortly before the
// test binary's own -timeout, so that a hung server or client is reported with its output rather
// than as a bare goroutine dump. Without -timeout (-timeout 0) they never give up.
var hangGuard time.Time

// hangMargin is how long before the binary's -timeout the waits give up: time enough to stop the
// server and print what it logged.
const hangMargin = time.Minute

// setHangGuard reads the -test.timeout flag; TestMain calls it once.
func setHangGuard(start time.Time) {
	f := flag.Lookup("test.timeout")
	if f == nil {
		return
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return
	}
	if d, ok := g.Get().(time.Duration); ok && d > 0 {
		hangGuard = start.Add(d - min(hangMargin, d/10))
	}
}

// untilHang is how long a wait may still last: until hangGuard, or for ever.
func untilHang() time.Duration {
	if hangGuard.IsZero() {
		return time.Duration(math.MaxInt64)
	}
	return max(time.Until(hangGuard), time.Second)
}

// hangContext is a context that ends at hangGuard (never, without one).
func hangContext() (context.Context, context.CancelFunc) {
	if hangGuard.IsZero() {
		return context.WithCancel(context.Background())
	}
	return context.WithDeadline(context.Background(), hangGuard)
}

// failureLogLines is how much of the server's log a failed test shows.
const failureLogLines = 40

// Formats from the server contract and AWS's access key format (AKIA + 16 base-32 characters,
// 40-character secret).
const (
	keyIDAlphabet  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	secretLen      = 40
)

var (
	// gatehouseBin is the binary under test, built once by TestMain.
	gatehouseBin string
	// awsBin is the aws CLI; awsMissing says why it cannot be used ("" when it can).
	awsBin     string
	awsMissing string
	// botoMissing says why boto3 cannot be used ("" when it can).
	botoMissing string
)

var (
	listeningRE  = regexp.MustCompile(`(?m)^Gatehouse listening on (https?://\S+)$`)
	createdRE    = regexp.MustCompile(`(?m)^Created account (\d{12}) with a root access key \(the secret is shown only this once\):\n\s+AWS_ACCESS_KEY_ID=(\S+)\n\s+AWS_SECRET_ACCESS_KEY=(\S+)$`)
	createdEnvRE = regexp.MustCompile(`(?m)^Created account (\d{12}); root access key (\S+) from GATEHOUSE_ROOT_ACCESS_KEY_ID$`)
	pointRE      = regexp.MustCompile(`(?m)^Point the aws CLI at it:\n\s+export AWS_ENDPOINT_URL=(\S+) AWS_DEFAULT_REGION=(\S+)\n\s+aws sts get-caller-identity$`)
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	start := time.Now()
	flag.Parse()
	setHangGuard(start)
	if testing.Short() {
		fmt.Println("e2e: skipped in -short mode")
		return 0
	}
	dir, err := os.MkdirTemp("", "gatehouse-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	gatehouseBin = os.Getenv("GATEHOUSE_E2E_BINARY")
	if gatehouseBin == "" {
		gatehouseBin = filepath.Join(dir, "gatehouse")
		build := exec.Command("go", "build", "-o", gatehouseBin, "./cmd/gatehouse")
		build.Dir = ".." // the module root; go test runs in e2e/
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: go build ./cmd/gatehouse: %v\n%s", err, out)
			return 1
		}
	}

	if p, err := exec.LookPath("aws"); err != nil {
		awsMissing = "the aws CLI is not installed (" + err.Error() + ")"
	} else {
		awsBin = p
	}
	if out, err := exec.Command("python3", "-c", "import boto3").CombinedOutput(); err != nil {
		botoMissing = fmt.Sprintf("python3 with boto3 is not available: %v %s", err, bytes.TrimSpace(out))
	}
	return m.Run()
}

func requireCLI(tb testing.TB) {
	tb.Helper()
	if awsMissing != "" {
		tb.Skip(awsMissing)
	}
}

func requireBoto3(tb testing.TB) {
	tb.Helper()
	if botoMissing != "" {
		tb.Skip(botoMissing)
	}
}

// creds is an access key pair.
type creds struct {
	AccessKeyID     string
	SecretAccessKey string
}

// randomCreds makes a root key in the format GATEHOUSE_ROOT_* accepts.
func randomCreds() creds {
	return creds{
		AccessKeyID:     "AKIA" + randomString(keyIDAlphabet, 16),
		SecretAccessKey: randomString(secretAlphabet, secretLen),
	}
}

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		v, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err)
		}
		b[i] = alphabet[v.Int64()]
	}
	return string(b)
}

// secretSet collects every secret a test saw, so the server's logs can be searched for them.
// Restarts of one data directory share a set.
type secretSet struct {
	mu      sync.Mutex
	secrets map[string]bool
}

func newSecretSet() *secretSet { return &secretSet{secrets: map[string]bool{}} }

func (s *secretSet) add(secret string) {
	if secret == "" {
		return
	}
	s.mu.Lock()
	s.secrets[secret] = true
	s.mu.Unlock()
}

func (s *secretSet) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.secrets))
	for k := range s.secrets {
		out = append(out, k)
	}
	return out
}

// redact hides every known secret so failure logs never print one.
func (s *secretSet) redact(text string) string {
	for _, secret := range s.list() {
		text = strings.ReplaceAll(text, secret, "<secret>")
	}
	return text
}

// logBuffer is a concurrency-safe output sink that wakes waiters on every write.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newLogBuffer() *logBuffer { return &logBuffer{changed: make(chan struct{})} }

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	close(b.changed)
	b.changed = make(chan struct{})
	return len(p), nil
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until ok accepts the buffer's content, the process exits, or hangGuard passes.
func (b *logBuffer) waitFor(ok func(string) bool, exited <-chan struct{}) (string, bool) {
	deadline := time.NewTimer(untilHang())
	defer deadline.Stop()
	for {
		b.mu.Lock()
		text, changed := b.buf.String(), b.changed
		b.mu.Unlock()
		if ok(text) {
			return text, true
		}
		select {
		case <-changed:
		case <-exited:
			// Output may still be flushing after exit; one last look.
			text = b.String()
			return text, ok(text)
		case <-deadline.C:
			return text, false
		}
	}
}

// serverOptions choose how startServer runs the binary.
type serverOptions struct {
	// dataDir, when set, replaces --ephemeral with --data-dir.
	dataDir string
	// accountID sets GATEHOUSE_ACCOUNT_ID.
	accountID string
	// root is passed as GATEHOUSE_ROOT_*; random when empty. With noRootEnv nothing is passed and
	// root (if set) is what the test already knows from an earlier start.
	root      creds
	noRootEnv bool
	// tlsCert and tlsKey are PEM files; caPool trusts tlsCert.
	tlsCert, tlsKey string
	caFile          string
	caPool          *x509.CertPool
	// secrets is shared with earlier starts on the same data directory.
	secrets *secretSet
	// env is appended to the server's environment.
	env []string
	// databaseURL, when set, runs the node on PostgreSQL (--database-url) with masterKey as
	// GATEHOUSE_MASTER_KEY, instead of --ephemeral or --data-dir.
	databaseURL, masterKey string
}

// server is one running gatehouse process.
type server struct {
	tb      testing.TB
	opts    serverOptions
	url     string // from the first stdout line
	root    creds
	account string
	secrets *secretSet

	cmd      *exec.Cmd
	started  time.Time
	stdout   *logBuffer
	stderr   *logBuffer
	exited   chan struct{}
	exitErr  error
	stopOnce sync.Once
	http     *http.Client
	cliHome  string // HOME of the aws CLI and boto3: empty, so no user config leaks in
	audit    string // the audit export (--audit-export): every event, one JSON line each
}

// baseEnv is this process's environment without anything that would steer the server or a client
// (AWS_*, GATEHOUSE_*), so every run starts from the same state.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "GATEHOUSE_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// startServer starts the binary and waits until /healthz answers and the start-up banner is out.
// The cleanup launch registers stops it with SIGTERM, requires exit status 0, and searches its
// output for leaked secrets.
func startServer(tb testing.TB, opts serverOptions) *server {
	tb.Helper()
	s := launch(tb, opts)
	s.waitHealthy()
	s.readBanner()
	return s
}

// launch starts the process, registers its stop as a cleanup, and reads the listening address,
// without waiting for readiness.
func launch(tb testing.TB, opts serverOptions) *server {
	tb.Helper()
	s := spawn(tb, opts)
	s.awaitListening()
	return s
}

// spawn starts the process and registers its stop as a cleanup, without waiting for anything:
// several spawned nodes start at the same time.
func spawn(tb testing.TB, opts serverOptions) *server {
	tb.Helper()
	if opts.secrets == nil {
		opts.secrets = newSecretSet()
	}
	root := opts.root
	if root.AccessKeyID == "" && !opts.noRootEnv {
		root = randomCreds()
	}
	opts.secrets.add(root.SecretAccessKey)

	args := []string{"serve", "--addr", "127.0.0.1:0"}
	switch {
	case opts.databaseURL != "":
		args = append(args, "--database-url", opts.databaseURL)
	case opts.dataDir != "":
		args = append(args, "--data-dir", opts.dataDir)
	default:
		args = append(args, "--ephemeral")
	}
	if opts.tlsCert != "" {
		args = append(args, "--tls-cert", opts.tlsCert, "--tls-key", opts.tlsKey)
	}
	// Every server of the suite exports its audit trail, which the leak check searches for every
	// secret the test handled.
	auditFile := filepath.Join(tb.TempDir(), "audit.jsonl")
	args = append(args, "--audit-export", auditFile)
	env := baseEnv()
	if !opts.noRootEnv {
		env = append(env, "GATEHOUSE_ROOT_ACCESS_KEY_ID="+root.AccessKeyID, "GATEHOUSE_ROOT_SECRET_ACCESS_KEY="+root.SecretAccessKey)
	}
	if opts.accountID != "" {
		env = append(env, "GATEHOUSE_ACCOUNT_ID="+opts.accountID)
	}
	if opts.masterKey != "" {
		env = append(env, "GATEHOUSE_MASTER_KEY="+opts.masterKey)
	}
	env = append(env, opts.env...)

	s := &server{
		tb:      tb,
		opts:    opts,
		root:    root,
		account: opts.accountID,
		secrets: opts.secrets,
		stdout:  newLogBuffer(),
		stderr:  newLogBuffer(),
		exited:  make(chan struct{}),
		cliHome: tb.TempDir(),
		audit:   auditFile,
	}
	s.http = &http.Client{
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: opts.caPool}},
	}
	s.cmd = exec.Command(gatehouseBin, args...)
	s.cmd.Env = env
	s.cmd.Stdout = s.stdout
	s.cmd.Stderr = s.stderr
	setDeathSignal(s.cmd)
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		tb.Fatalf("start gatehouse: %v", err)
	}
	go func() {
		s.exitErr = s.cmd.Wait()
		close(s.exited)
	}()
	tb.Cleanup(func() { s.stop() })
	return s
}

// awaitListening waits for the "Gatehouse listening on URL" line and learns the URL.
func (s *server) awaitListening() {
	tb := s.tb
	tb.Helper()
	out, ok := s.stdout.waitFor(listeningRE.MatchString, s.exited)
	if !ok {
		s.abort()
		tb.Fatalf("no %q line on stdout; stdout:\n%s\nstderr:\n%s",
			"Gatehouse listening on URL", s.secrets.redact(out), s.secrets.redact(s.stderr.String()))
	}
	if first, _, _ := strings.Cut(out, "\n"); !listeningRE.MatchString(first) {
		tb.Errorf("first stdout line = %q, want %q", first, "Gatehouse listening on http://HOST:PORT")
	}
	s.url = listeningRE.FindStringSubmatch(out)[1]
}

// waitHealthy polls GET /healthz until it answers 200 "ok".
func (s *server) waitHealthy() {
	s.tb.Helper()
	deadline := time.Now().Add(untilHang())
	for {
		if s.healthy() {
			return
		}
		select {
		case <-s.exited:
			s.abort()
			s.tb.Fatalf("gatehouse exited before /healthz answered: %v; stderr:\n%s", s.exitErr, s.secrets.redact(s.stderr.String()))
		default:
		}
		if time.Now().After(deadline) {
			s.abort()
			s.tb.Fatalf("/healthz did not answer 200 before the test's deadline; stderr:\n%s", s.secrets.redact(s.stderr.String()))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (s *server) healthy() bool {
	resp, err := s.http.Get(s.url + "/healthz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode == http.StatusOK && strings.TrimSpace(string(body)) == "ok"
}

// readBanner waits for the start-up banner and learns the account and, on a first start without
// GATEHOUSE_ROOT_*, the generated root key. A missing banner is reported by the tests that check
// it; here it only costs the wait.
func (s *server) readBanner() {
	s.tb.Helper()
	out, _ := s.stdout.waitFor(pointRE.MatchString, s.exited)
	if m := createdRE.FindStringSubmatch(out); m != nil {
		s.account = m[1]
		s.root = creds{AccessKeyID: m[2], SecretAccessKey: m[3]}
		s.secrets.add(m[3])
	} else if m := createdEnvRE.FindStringSubmatch(out); m != nil {
		s.account = m[1]
	}
	if s.account == "" && s.root.AccessKeyID != "" {
		id, err := s.sts(s.root).GetCallerIdentity(context.Background(), nil)
		if err != nil {
			s.tb.Fatalf("learning the account: GetCallerIdentity as root: %v", err)
		}
		s.account = deref(id.Account)
	}
}

// stop sends SIGTERM and requires a clean exit (waiting as long as the test may); then it searches the logs for
// every secret the test saw. It runs once; later calls are no-ops.
func (s *server) stop() { s.finish(true) }

// awaitExit is stop for a test that sent the signal itself.
func (s *server) awaitExit() { s.finish(false) }

func (s *server) finish(signal bool) {
	s.stopOnce.Do(func() {
		tb := s.tb
		if signal {
			select {
			case <-s.exited:
				tb.Errorf("gatehouse exited before the test stopped it: %v", s.exitErr)
			default:
				if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
					tb.Errorf("SIGTERM: %v", err)
				}
			}
		}
		select {
		case <-s.exited:
			if s.exitErr != nil {
				tb.Errorf("gatehouse after SIGTERM: %v, want exit status 0", s.exitErr)
			}
		case <-time.After(untilHang()):
			s.kill()
			tb.Errorf("gatehouse had not exited after SIGTERM when the test's deadline came")
		}
		s.checkNoLeaks()
		if tb.Failed() {
			tb.Logf("gatehouse stdout:\n%s", s.secrets.redact(s.stdout.String()))
			tb.Logf("gatehouse stderr (last %d lines):\n%s", failureLogLines, s.secrets.redact(lastLines(s.stderr.String(), failureLogLines)))
		}
	})
}

// checkNoLeaks requires that no secret appears in the logs or the audit trail, and none but the
// generated root secret (printed once by design) on stdout.
func (s *server) checkNoLeaks() {
	stderr, stdout := s.stderr.String(), s.stdout.String()
	trail, _ := os.ReadFile(s.audit)
	for _, secret := range s.secrets.list() {
		if bytes.Contains(trail, []byte(secret)) {
			s.tb.Errorf("a secret (…%s) appears in gatehouse's audit trail", secret[len(secret)-4:])
		}
	}
	printed := ""
	if m := createdRE.FindStringSubmatch(stdout); m != nil {
		printed = m[3]
	}
	for _, secret := range s.secrets.list() {
		if strings.Contains(stderr, secret) {
			s.tb.Errorf("a secret access key (…%s) appears in gatehouse's stderr", secret[len(secret)-4:])
		}
		if secret != printed && strings.Contains(stdout, secret) {
			s.tb.Errorf("a secret access key (…%s) appears in gatehouse's stdout", secret[len(secret)-4:])
		}
	}
}

// kill ends the process without ceremony, for a server that already failed the test.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// abort is kill for a server that failed to start: the failure message says what happened, so
// the cleanup only checks for leaks.
func (s *server) abort() {
	s.kill()
	s.stopOnce.Do(s.checkNoLeaks)
}

// restart stops the server and starts another on the same data directory, with the same root
// key known to the test and no GATEHOUSE_ROOT_* in the environment.
func (s *server) restart(tb testing.TB) *server {
	tb.Helper()
	s.stop()
	opts := s.opts
	opts.noRootEnv = true
	opts.root = s.root
	opts.accountID = ""
	next := startServer(tb, opts)
	if next.account == "" {
		next.account = s.account
	}
	return next
}

// deref returns the string a pointer points at, or "".
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// lastLines is the last n lines of text.
func lastLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
