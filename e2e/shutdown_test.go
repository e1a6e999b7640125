package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// heldRequest is a signed request whose headers were sent with "Expect: 100-continue" and whose
// body is held back. The server's "100 Continue" proves it has read the headers and is inside a
// handler waiting for the body: the request is in flight, deterministically, for as long as the
// test likes.
type heldRequest struct {
	name string
	conn net.Conn
	br   *bufio.Reader
	req  *http.Request
	body []byte
}

func (s *server) holdRequest(tb testing.TB, c creds, service string, form url.Values) *heldRequest {
	tb.Helper()
	body := []byte(form.Encode())
	req, err := http.NewRequest(http.MethodPost, s.url+"/", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey},
		req, sha256Hex(string(body)), service, region, time.Now()); err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Expect", "100-continue") // after signing: SigV4 never signs Expect

	conn, err := net.Dial("tcp", req.URL.Host)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	var head bytes.Buffer
	fmt.Fprintf(&head, "POST / HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", req.Host, len(body))
	if err := req.Header.Write(&head); err != nil {
		tb.Fatal(err)
	}
	head.WriteString("\r\n")
	if _, err := conn.Write(head.Bytes()); err != nil {
		tb.Fatal(err)
	}
	h := &heldRequest{name: form.Get("Action"), conn: conn, br: bufio.NewReader(conn), req: req, body: body}
	_ = conn.SetReadDeadline(time.Now().Add(untilHang()))
	resp, err := http.ReadResponse(h.br, req)
	if err != nil {
		tb.Fatalf("%s: waiting for 100 Continue: %v", h.name, err)
	}
	if resp.StatusCode != http.StatusContinue {
		b, _ := io.ReadAll(resp.Body)
		tb.Fatalf("%s: the server answered %d before reading the body, want 100 Continue:\n%s", h.name, resp.StatusCode, b)
	}
	return h
}

// finish sends the body and reads the final answer.
func (h *heldRequest) finish(tb testing.TB) (int, string) {
	tb.Helper()
	if _, err := h.conn.Write(h.body); err != nil {
		tb.Errorf("%s: sending the body during shutdown: %v", h.name, err)
		return 0, ""
	}
	_ = h.conn.SetReadDeadline(time.Now().Add(untilHang()))
	resp, err := http.ReadResponse(h.br, h.req)
	if err != nil {
		tb.Errorf("%s: reading the answer during shutdown: %v", h.name, err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Errorf("%s: reading the answer's body during shutdown: %v", h.name, err)
	}
	return resp.StatusCode, string(b)
}

// TestSIGTERMDrainsInFlight holds two requests (a read and a write) inside the server, sends
// SIGTERM, waits until the server stops accepting connections, then lets the requests finish:
// both must be answered in full, the write must be durable, and the exit status must be 0.
// Meanwhile SDK clients keep calling; none may see a server error.
func TestSIGTERMDrainsInFlight(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// The held requests wait between their headers and their bodies for as long as this test
	// takes to see the server stop accepting connections: neither the read timeout nor the
	// drain timeout may cut them off first, however slow the machine.
	s := startServer(t, serverOptions{dataDir: dir, env: []string{"GATEHOUSE_READ_TIMEOUT=24h", "GATEHOUSE_DRAIN_TIMEOUT=24h"}})

	read := s.holdRequest(t, s.root, "sts", url.Values{"Action": {"GetCallerIdentity"}, "Version": {stsVersion}})
	write := s.holdRequest(t, s.root, "iam", url.Values{"Action": {"CreateUser"}, "Version": {iamVersion}, "UserName": {"in-flight"}})

	// Background load: every answer is a success, a transport error once the listener has closed,
	// or a 503; any other server error while draining is a bug.
	var wg sync.WaitGroup
	var mu sync.Mutex
	var serverErrors []string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range 4 {
		client := s.sts(s.root)
		wg.Go(func() {
			for ctx.Err() == nil {
				_, err := client.GetCallerIdentity(ctx, nil)
				if err == nil {
					continue
				}
				// 503 is AWS's "try again" and fine for a request that arrives while draining.
				if e := asAPIError(err); e.Status >= 500 && e.Status != 503 {
					mu.Lock()
					serverErrors = append(serverErrors, fmt.Sprintf("%+v", e))
					mu.Unlock()
				}
				if e := asAPIError(err); e.Status == 0 {
					return // the listener is gone
				}
			}
		})
	}

	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Shutdown has begun once new connections are refused.
	host := strings.TrimPrefix(s.url, "http://")
	deadline := time.Now().Add(untilHang())
	for {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			break
		}
		conn.Close()
		select {
		case <-s.exited:
			t.Fatalf("gatehouse exited (%v) with two requests in flight", s.exitErr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("gatehouse still accepted connections after SIGTERM when the test's deadline came")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case <-s.exited:
		t.Fatalf("gatehouse exited (%v) with two requests in flight", s.exitErr)
	default:
	}

	status, body := read.finish(t)
	if status != 200 || !strings.Contains(body, "<Arn>arn:aws:iam::"+s.account+":root</Arn>") {
		t.Errorf("GetCallerIdentity in flight at SIGTERM: %d\n%s\nwant 200 with root's ARN", status, body)
	}
	status, body = write.finish(t)
	if status != 200 || !strings.Contains(body, "<UserName>in-flight</UserName>") {
		t.Errorf("CreateUser in flight at SIGTERM: %d\n%s\nwant 200 with the new user", status, body)
	}
	cancel()
	wg.Wait()
	s.awaitExit()
	if len(serverErrors) > 0 {
		t.Errorf("clients saw server errors while gatehouse drained: %v", serverErrors)
	}

	// The write that was in flight is durable.
	next := s.restart(t)
	_, err := next.iam(next.root).GetUser(context.Background(), &iam.GetUserInput{UserName: aws.String("in-flight")})
	if err != nil {
		t.Errorf("GetUser in-flight after the restart: %v", err)
	}
}
