package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/api"
	"github.com/gatehouse-iam/gatehouse/node"
	"github.com/gatehouse-iam/gatehouse/store/sqlite"
)

// lockedBuffer is a bytes.Buffer safe to read while the logger's flusher writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestServeLoggerBuffers checks that request lines are held briefly and then written by the
// flusher, that a warning goes out at once with what preceded it, and that nothing is left in
// the buffer after the flush at exit.
func TestServeLoggerBuffers(t *testing.T) {
	var held lockedBuffer
	log, flush := newBufferedLogger(&held, slog.LevelInfo, time.Hour, false)
	log.Info("request", "n", 0)
	if held.String() != "" {
		t.Fatalf("an info line was written synchronously: %q", held.String())
	}
	log.With("component", "x").Warn("trouble")
	if got := held.String(); !strings.Contains(got, "n=0") || !strings.Contains(got, "component=x") {
		t.Fatalf("a warning did not flush at once: %q", got)
	}
	log.Info("request", "n", -1)
	flush()
	if !strings.Contains(held.String(), "n=-1") {
		t.Fatalf("the final flush lost a line: %q", held.String())
	}

	var out lockedBuffer
	log, flush = newServeLogger(&out, slog.LevelInfo, false)
	log.Info("request", "n", 1)
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(out.String(), "n=1") {
		if time.Now().After(deadline) {
			t.Fatal("the flusher never wrote the buffered line")
		}
		time.Sleep(10 * time.Millisecond)
	}
	log.Info("request", "n", 3)
	flush()
	if !strings.Contains(out.String(), "n=3") {
		t.Fatalf("the final flush lost a line: %q", out.String())
	}
	log.Info("late", "n", 4)
	if !strings.Contains(out.String(), "n=4") {
		t.Fatalf("a line logged after the flush at exit was held: %q", out.String())
	}
}

// TestServeLoggerJSON: with --log-format json every line is a JSON object, and a line logged with
// a request's context carries its request ID.
func TestServeLoggerJSON(t *testing.T) {
	var out lockedBuffer
	log, flush := newServeLogger(&out, slog.LevelInfo, true)
	req := httptest.NewRequest(http.MethodPost, "/", nil)
	st, err := sqlite.OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := api.New(api.Config{Node: node.New(st, node.Options{}), Logger: log})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	flush()
	var line struct {
		Msg       string `json:"msg"`
		RequestID string `json:"request_id"`
	}
	first, _, _ := strings.Cut(out.String(), "\n")
	if err := json.Unmarshal([]byte(first), &line); err != nil || line.Msg != "request" || line.RequestID != rec.Header().Get("x-amzn-RequestId") {
		t.Errorf("log line %q: %v, %+v", first, err, line)
	}
}
