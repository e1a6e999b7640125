package memlimit

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]int64{
		"800MiB": 800 << 20, "2GiB": 2 << 30, "1048576": 1 << 20, "512 KiB": 512 << 10, "64B": 64, "1TiB": 1 << 40,
		"": Off, "off": Off,
	} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "-1MiB", "800MB", "lots", "9999999TiB", "1.5GiB"} {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", in, got)
		}
	}
}

// TestGuard drives the guard through a live heap that grows past nine tenths of the limit and
// shrinks back under eight tenths, and checks what it sets the runtime's limit to.
func TestGuard(t *testing.T) {
	const limit = 1000 << 20
	var live, current int64
	var logs bytes.Buffer
	g := guard{limit: limit, log: slog.New(slog.NewTextHandler(&logs, nil)),
		set:  func(v int64) int64 { prev := current; current = v; return prev },
		live: func() int64 { return live }}
	g.set(limit)
	steps := []struct {
		liveMiB int64
		want    int64
	}{
		{500, limit},
		{899, limit}, // under nine tenths: the limit holds
		{901, Off},   // a collection would free under a tenth: lifted
		{950, Off},
		{850, Off},   // between the lines: stays lifted
		{799, limit}, // under eight tenths: restored
		{850, limit},
	}
	for _, s := range steps {
		live = s.liveMiB << 20
		g.check()
		if current != s.want {
			t.Fatalf("live heap %d MiB: limit %d, want %d", s.liveMiB, current, s.want)
		}
	}
	if out := logs.String(); !strings.Contains(out, "memory limit lifted") || !strings.Contains(out, "memory limit restored") {
		t.Errorf("the guard did not log the lift and the restore:\n%s", out)
	}
}
