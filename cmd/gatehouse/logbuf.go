package main

import (
	"bufio"
	"context"
	"github.com/gatehouse-iam/gatehouse/api"
	"io"
	"log/slog"
	"sync"
	"time"
)

const (
	// logFlushInterval is how long a request's log line may wait in memory. A process killed
	// with SIGKILL loses at most this much of its log; warnings and errors are written at once.
	logFlushInterval = 100 * time.Millisecond
	// logBufferSize is the buffer; a full one is written out without waiting for the tick.
	logBufferSize = 64 << 10
)

// logWriter buffers log output: a write(2) per request line cost a tenth of the server's
// throughput under load. It is flushed every logFlushInterval, when full, after each record of
// level Warn or above (flushingHandler), and by Close.
type logWriter struct {
	mu     sync.Mutex
	w      *bufio.Writer
	closed bool // after Close every write goes out at once
	stop   chan struct{}
	done   chan struct{}
}

func newLogWriter(w io.Writer, interval time.Duration) *logWriter {
	l := &logWriter{w: bufio.NewWriterSize(w, logBufferSize), stop: make(chan struct{}), done: make(chan struct{})}
	go l.run(interval)
	return l
}

func (l *logWriter) run(interval time.Duration) {
	defer close(l.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			l.Flush()
		case <-l.stop:
			return
		}
	}
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.w.Write(p)
	if l.closed && err == nil {
		err = l.w.Flush()
	}
	return n, err
}

// Flush writes out what is buffered.
func (l *logWriter) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.w.Flush()
}

// Close stops the flusher and flushes; a line written later (a straggling goroutine's) goes
// out at once.
func (l *logWriter) Close() {
	close(l.stop)
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	l.w.Flush()
}

// flushingHandler writes records of level Warn and above out at once.
type flushingHandler struct {
	slog.Handler
	w *logWriter
}

func (h flushingHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.w.Flush()
	}
	return err
}

func (h flushingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return flushingHandler{h.Handler.WithAttrs(as), h.w}
}

func (h flushingHandler) WithGroup(name string) slog.Handler {
	return flushingHandler{h.Handler.WithGroup(name), h.w}
}

// newServeLogger is serve's logger: text (or, with asJSON, JSON) lines on w, buffered, each line
// logged during a request with its request ID, and the function that flushes and stops the buffer
// (call it before exiting).
func newServeLogger(w io.Writer, level slog.Leveler, asJSON bool) (*slog.Logger, func()) {
	log, stop := newBufferedLogger(w, level, logFlushInterval, asJSON)
	return slog.New(requestIDHandler{log.Handler()}), stop
}

func newBufferedLogger(w io.Writer, level slog.Leveler, interval time.Duration, asJSON bool) (*slog.Logger, func()) {
	lw := newLogWriter(w, interval)
	var h slog.Handler = slog.NewTextHandler(lw, &slog.HandlerOptions{Level: level})
	if asJSON {
		h = slog.NewJSONHandler(lw, &slog.HandlerOptions{Level: level})
	}
	return slog.New(flushingHandler{h, lw}), lw.Close
}

// requestIDHandler adds the request ID to every line logged with a request's context that does not
// name it already.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := api.RequestID(ctx); id != "" {
		named := false
		r.Attrs(func(a slog.Attr) bool { named = a.Key == "request_id"; return !named })
		if !named {
			r.AddAttrs(slog.String("request_id", id))
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
