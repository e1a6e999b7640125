package main

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
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
	log, flush := newBufferedLogger(&held, slog.LevelInfo, time.Hour)
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
	log, flush = newServeLogger(&out, slog.LevelInfo)
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
