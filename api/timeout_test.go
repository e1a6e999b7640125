package api

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestSlowBodyIsCutOff is a slowloris client: it sends its headers, then a body that never ends,
// one byte at a time. The server's read timeout (which `gatehouse serve` sets from
// --read-timeout) must end the request with S3's RequestTimeout error — 400, "Your socket
// connection to the server was not read from or written to within the timeout period" (Amazon
// S3 API Reference, "Error responses", RequestTimeout) — and close the connection. Nothing here
// measures time: the client would dribble for ever, so the only way the test ends is the server
// giving up on it.
func TestSlowBodyIsCutOff(t *testing.T) {
	t.Parallel()
	h, _, _ := testHandler(t, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ReadTimeout = 200 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: gatehouse.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\nAction=",
		MaxBodyBytes)
	stop := make(chan struct{})
	dribbled := make(chan struct{})
	go func() {
		defer close(dribbled)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if _, err := conn.Write([]byte("a")); err != nil {
				return // the server closed the connection
			}
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	close(stop)
	<-dribbled
	if err != nil {
		t.Fatalf("reading the answer to a slow body: %v", err)
	}
	defer resp.Body.Close()
	var doc struct {
		Code    string `xml:"Error>Code"`
		Message string `xml:"Error>Message"`
	}
	b, _ := io.ReadAll(resp.Body)
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("answer %d %q: %v", resp.StatusCode, b, err)
	}
	want := "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed."
	if resp.StatusCode != http.StatusBadRequest || doc.Code != "RequestTimeout" || doc.Message != want {
		t.Errorf("slow body: %d %s %q, want 400 RequestTimeout %q", resp.StatusCode, doc.Code, doc.Message, want)
	}
	if !resp.Close {
		t.Errorf("the answer to a slow body keeps the connection open (no Connection: close)")
	}
}
