package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gatehouse-iam/gatehouse/sigv4"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// gatehouseBinary builds the command once per test run.
func gatehouseBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gatehouse-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "gatehouse")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building gatehouse: %v", buildErr)
	}
	return binPath
}

// server is a running `gatehouse serve` process.
type server struct {
	cmd      *exec.Cmd
	endpoint string
	lines    []string // what it printed on stdout before serving
	stderr   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`^Gatehouse listening on (http://127\.0\.0\.1:\d+)$`)

// startServer runs `gatehouse serve args…` with env and reads its stdout up to the last line
// of the "Point the aws CLI" block.
func startServer(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(gatehouseBinary(t), append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, stderr: &syncBuffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		s.lines = append(s.lines, sc.Text())
		if sc.Text() == "  aws sts get-caller-identity" {
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	if len(s.lines) == 0 {
		t.Fatalf("no output; stderr:\n%s", s.stderr.String())
	}
	m := listening.FindStringSubmatch(s.lines[0])
	if m == nil {
		t.Fatalf("first line %q is not the listening line; stderr:\n%s", s.lines[0], s.stderr.String())
	}
	s.endpoint = m[1]
	return s
}

// stop sends SIGTERM and expects a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v; stderr:\n%s", err, s.stderr.String())
	}
}

// callerARN calls STS GetCallerIdentity with the key and returns the raw response.
func (s *server) getCallerIdentity(t *testing.T, keyID, secret string) (int, string) {
	t.Helper()
	body := []byte(url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}.Encode())
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, s.endpoint+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := sigv4.Sign(req, body, sigv4.Credentials{AccessKeyID: keyID, SecretAccessKey: secret}, "us-east-1", "sts", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func pointLines(endpoint string) []string {
	return []string{"Point the aws CLI at it:", "  export AWS_ENDPOINT_URL=" + endpoint + " AWS_DEFAULT_REGION=us-east-1",
		"  aws sts get-caller-identity"}
}

func TestServeEphemeral(t *testing.T) {
	t.Parallel()
	s := startServer(t, []string{envRootKeyID + "=" + testKeyID, envRootSecret + "=" + testSecret, envName("account_id") + "=123456789012"},
		"--ephemeral", "--addr", "127.0.0.1:0")
	want := append([]string{"Gatehouse listening on " + s.endpoint,
		"Created account 123456789012; root access key " + testKeyID + " from " + envRootKeyID}, pointLines(s.endpoint)...)
	if diff := cmp.Diff(want, s.lines); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	resp, err := http.Get(s.endpoint + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(b) != "ok" {
		t.Errorf("/healthz = %d %q", resp.StatusCode, b)
	}
	status, body := s.getCallerIdentity(t, testKeyID, testSecret)
	if status != http.StatusOK || !strings.Contains(body, "<Arn>arn:aws:iam::123456789012:root</Arn>") {
		t.Errorf("GetCallerIdentity = %d %s", status, body)
	}
	s.stop(t)
	if strings.Contains(s.stderr.String(), testSecret) {
		t.Errorf("the secret appears on stderr")
	}
}

func TestServeDataDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	first := startServer(t, nil, "--data-dir", dir, "--addr", "127.0.0.1:0")
	if len(first.lines) != 7 {
		t.Fatalf("first start printed %d lines, want 7:\n%s", len(first.lines), strings.Join(first.lines, "\n"))
	}
	created := regexp.MustCompile(`^Created account (\d{12}) with a root access key \(the secret is shown only this once\):$`).FindStringSubmatch(first.lines[1])
	keyID := strings.TrimPrefix(first.lines[2], "  AWS_ACCESS_KEY_ID=")
	secret := strings.TrimPrefix(first.lines[3], "  AWS_SECRET_ACCESS_KEY=")
	if created == nil || !strings.HasPrefix(keyID, "AKIA") || len(secret) != 40 {
		t.Fatalf("created block:\n%s", strings.Join(first.lines[1:4], "\n"))
	}
	if diff := cmp.Diff(pointLines(first.endpoint), first.lines[4:]); diff != "" {
		t.Errorf("point lines (-want +got):\n%s", diff)
	}
	if strings.Contains(first.stderr.String(), secret) {
		t.Errorf("the generated secret is logged")
	}
	first.stop(t)

	// A second start creates nothing and the key still works: the database and the master
	// key file persisted.
	second := startServer(t, nil, "--data-dir", dir, "--addr", "127.0.0.1:0")
	want := append([]string{"Gatehouse listening on " + second.endpoint}, pointLines(second.endpoint)...)
	if diff := cmp.Diff(want, second.lines); diff != "" {
		t.Errorf("second start (-want +got):\n%s", diff)
	}
	status, body := second.getCallerIdentity(t, keyID, secret)
	if status != http.StatusOK || !strings.Contains(body, "<Account>"+created[1]+"</Account>") {
		t.Errorf("GetCallerIdentity after restart = %d %s", status, body)
	}
	second.stop(t)

	// GATEHOUSE_ROOT_* on a later start adds that key to the default account, once.
	env := []string{envRootKeyID + "=" + testKeyID, envRootSecret + "=" + testSecret}
	for range 2 {
		third := startServer(t, env, "--data-dir", dir, "--addr", "127.0.0.1:0")
		if len(third.lines) != 4 {
			t.Errorf("start with GATEHOUSE_ROOT_* on an existing data directory printed:\n%s", strings.Join(third.lines, "\n"))
		}
		status, body := third.getCallerIdentity(t, testKeyID, testSecret)
		if status != http.StatusOK || !strings.Contains(body, "<Arn>arn:aws:iam::"+created[1]+":root</Arn>") {
			t.Errorf("GetCallerIdentity with the added key = %d %s", status, body)
		}
		third.stop(t)
	}

	// gatehouse accounts create / list on the same data directory.
	out, err := exec.Command(gatehouseBinary(t), "accounts", "create", "--data-dir", dir, "--id", "999988887777").Output()
	if err != nil {
		t.Fatalf("accounts create: %v", err)
	}
	if !strings.HasPrefix(string(out), "Created account 999988887777 with a root access key") {
		t.Errorf("accounts create printed %q", out)
	}
	out, err = exec.Command(gatehouseBinary(t), "accounts", "list", "--data-dir", dir).Output()
	if err != nil {
		t.Fatalf("accounts list: %v", err)
	}
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		ids = append(ids, strings.Fields(l)[0])
	}
	if diff := cmp.Diff([]string{created[1], "999988887777"}, ids); diff != "" {
		t.Errorf("accounts list (-want +got):\n%s", diff)
	}
}
