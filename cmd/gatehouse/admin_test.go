package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/keyring"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

var rotatedRE = regexp.MustCompile(`^Rotated the root access key of account (\d{12}) \(the secret is shown only this once\):\n` +
	`  AWS_ACCESS_KEY_ID=(AKIA\S+)\n  AWS_SECRET_ACCESS_KEY=(\S{40})\nDeleted: (\S+)\n$`)

// firstKey reads the generated root key from a first start's banner.
func firstKey(t *testing.T, s *server) (account, keyID, secret string) {
	t.Helper()
	if len(s.lines) < 4 {
		t.Fatalf("first start printed:\n%s", strings.Join(s.lines, "\n"))
	}
	m := regexp.MustCompile(`^Created account (\d{12}) `).FindStringSubmatch(s.lines[1])
	if m == nil {
		t.Fatalf("no Created account line:\n%s", strings.Join(s.lines, "\n"))
	}
	return m[1], strings.TrimPrefix(s.lines[2], "  AWS_ACCESS_KEY_ID="), strings.TrimPrefix(s.lines[3], "  AWS_SECRET_ACCESS_KEY=")
}

func gatehouse(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cmd := exec.Command(gatehouseBinary(t), args...)
	cmd.Env = os.Environ()
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// TestRotateRootKey: `gatehouse accounts rotate-root-key` replaces the root key of the default
// account while the server runs; the server refuses the old key (as AWS refuses a deleted one,
// InvalidClientTokenId) once the change reaches it, and accepts the new one.
func TestRotateRootKey(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	s := startServer(t, nil, "--data-dir", dir, "--addr", "127.0.0.1:0")
	account, oldID, oldSecret := firstKey(t, s)

	out, stderr, err := gatehouse(t, "accounts", "rotate-root-key", "--data-dir", dir)
	if err != nil {
		t.Fatalf("rotate-root-key: %v\n%s", err, stderr)
	}
	m := rotatedRE.FindStringSubmatch(out)
	if m == nil || m[1] != account || m[4] != oldID || m[2] == oldID {
		t.Fatalf("rotate-root-key printed:\n%s\nwant account %s, a new key and %s deleted", out, account, oldID)
	}
	newID, newSecret := m[2], m[3]

	// The server learns of the change through its change feed: poll, without a time limit of
	// our own, until the old key is refused.
	for {
		status, body := s.getCallerIdentity(t, oldID, oldSecret)
		if status == 403 && strings.Contains(body, "<Code>InvalidClientTokenId</Code>") {
			break
		}
		if status != 200 {
			t.Fatalf("the old key after rotation: %d %s", status, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if status, body := s.getCallerIdentity(t, newID, newSecret); status != 200 || !strings.Contains(body, "<Arn>arn:aws:iam::"+account+":root</Arn>") {
		t.Errorf("the new key: %d %s", status, body)
	}

	if _, stderr, err := gatehouse(t, "accounts", "rotate-root-key", "--data-dir", dir, "--account", "000000000000"); err == nil ||
		!strings.Contains(stderr, "no such account") {
		t.Errorf("rotating an account that does not exist: %v, stderr %q", err, stderr)
	}
	s.stop(t)
	if strings.Contains(s.stderr.String(), newSecret) {
		t.Errorf("the new secret is in the server's log")
	}
}

// TestBackupAndRestore: `gatehouse backup` copies the database while the server runs; a server
// started on a data directory holding only that copy and the master key has every account and
// key. A master key file other users can read draws a warning.
func TestBackupAndRestore(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	s := startServer(t, nil, "--data-dir", dir, "--addr", "127.0.0.1:0")
	account, keyID, secret := firstKey(t, s)
	if strings.Contains(s.stderr.String(), "master key file") {
		t.Errorf("a 0600 key file drew a warning:\n%s", s.stderr.String())
	}
	out, stderr, err := gatehouse(t, "accounts", "create", "--data-dir", dir, "--id", "999988887777")
	if err != nil {
		t.Fatalf("accounts create: %v\n%s", err, stderr)
	}
	second := regexp.MustCompile(`AWS_ACCESS_KEY_ID=(\S+)\n  AWS_SECRET_ACCESS_KEY=(\S+)`).FindStringSubmatch(out)

	backup := filepath.Join(t.TempDir(), "gatehouse-backup.db")
	out, stderr, err = gatehouse(t, "backup", "--data-dir", dir, "--to", backup)
	if err != nil {
		t.Fatalf("backup while serving: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, filepath.Join(dir, keyring.KeyFileName)) {
		t.Errorf("backup does not point at the master key it needs:\n%s", out)
	}
	if _, stderr, err := gatehouse(t, "backup", "--data-dir", dir, "--to", backup); err == nil || !strings.Contains(stderr, "already exists") {
		t.Errorf("a second backup onto the same file: %v, stderr %q; want a refusal", err, stderr)
	}
	// The server keeps serving during and after the backup.
	if status, body := s.getCallerIdentity(t, keyID, secret); status != 200 {
		t.Errorf("after the backup: %d %s", status, body)
	}
	s.stop(t)

	restored := filepath.Join(t.TempDir(), "restored")
	if err := os.MkdirAll(restored, 0o700); err != nil {
		t.Fatal(err)
	}
	copyFile(t, backup, filepath.Join(restored, sqlite.FileName), 0o600)
	copyFile(t, filepath.Join(dir, keyring.KeyFileName), filepath.Join(restored, keyring.KeyFileName), 0o644)
	r := startServer(t, nil, "--data-dir", restored, "--addr", "127.0.0.1:0")
	if len(r.lines) != 4 {
		t.Errorf("the restored server created something:\n%s", strings.Join(r.lines, "\n"))
	}
	if status, body := r.getCallerIdentity(t, keyID, secret); status != 200 || !strings.Contains(body, "<Account>"+account+"</Account>") {
		t.Errorf("the first account's key after restore: %d %s", status, body)
	}
	if status, body := r.getCallerIdentity(t, second[1], second[2]); status != 200 || !strings.Contains(body, "<Account>999988887777</Account>") {
		t.Errorf("the second account's key after restore: %d %s", status, body)
	}
	r.stop(t)
	if log := r.stderr.String(); !strings.Contains(log, "level=WARN") || !strings.Contains(log, "chmod 600 "+filepath.Join(restored, keyring.KeyFileName)) {
		t.Errorf("no warning for a master key file of mode 0644:\n%s", log)
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(to, mode); err != nil {
		t.Fatal(err)
	}
}

// TestReadTimeoutFlag: --read-timeout reaches the server: a client that sends its headers and
// then dribbles a body that never ends is answered RequestTimeout and disconnected. The client
// would dribble for ever, so the test ends only through the server's timeout; it measures
// nothing.
func TestReadTimeoutFlag(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil, "--ephemeral", "--addr", "127.0.0.1:0", "--read-timeout", "300ms")
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.endpoint, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: gatehouse\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nAction=")
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if _, err := conn.Write([]byte("a")); err != nil {
				return
			}
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	close(done)
	if err != nil {
		t.Fatalf("no answer to a slow body: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "<Code>RequestTimeout</Code>") || !resp.Close {
		t.Errorf("slow body: %d close=%v %s, want 400 RequestTimeout and the connection closed", resp.StatusCode, resp.Close, b)
	}
	s.stop(t)
}
