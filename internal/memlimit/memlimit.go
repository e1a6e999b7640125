// Package memlimit bounds the Go heap's headroom with the runtime's soft memory limit, without
// letting that limit make the collector run without end.
//
// With the default GOGC=100 the heap grows to about twice what is live before the collector
// runs: a node whose caches hold 500 MiB may take 1 GiB. A soft limit (GOMEMLIMIT, or
// debug.SetMemoryLimit) makes the collector run earlier instead. But a limit at or under the live
// heap makes it run again and again (the runtime caps that at about half the CPU, which is still
// half the machine gone): Guard watches the live heap and lifts the limit while the live heap
// is close to it, restoring it when the heap shrinks again.
package memlimit

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// Off is the runtime's "no limit".
const Off = math.MaxInt64

const (
	// lift is the share of the limit (in 1/10) the live heap may reach before the limit is
	// lifted: past it a collection frees less than a tenth of the limit, and they follow each
	// other.
	lift = 9
	// restore is the share under which a lifted limit is set again (in 1/10), below lift so
	// that a heap hovering near the line does not flip the limit at every check.
	restore = 8
	// every is how often Guard reads the live heap.
	every = time.Second
)

// Parse reads a size as GOMEMLIMIT spells it: a number of bytes with an optional unit B, KiB,
// MiB, GiB or TiB ("800MiB"); "off" or "" is no limit (Off).
func Parse(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "off" {
		return Off, nil
	}
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
	num, shift := s, uint(0)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			num, shift = rest, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n <= 0 || n > Off>>shift {
		return 0, fmt.Errorf("memory limit %q: want a positive size such as 800MiB or 2GiB, or off", s)
	}
	return n << shift, nil
}

// Guard keeps the soft memory limit in effect (limit, or the one the runtime took from GOMEMLIMIT
// when limit is Off) safe until ctx is done: every second it reads the live heap, lifts the limit
// (and logs why) when the live heap passes nine tenths of it, and sets it again once the live heap
// is under eight tenths. Without a limit it returns at once.
func Guard(ctx context.Context, limit int64, log *slog.Logger) {
	if limit == Off {
		limit = debug.SetMemoryLimit(-1) // what GOMEMLIMIT set, if anything
	}
	if limit == Off {
		return
	}
	g := guard{limit: limit, log: log, set: debug.SetMemoryLimit, live: liveHeap}
	g.set(limit)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			g.check()
		}
	}
}

// guard is Guard's state, with the runtime's calls as fields so that a test can drive it.
type guard struct {
	limit  int64
	lifted bool
	log    *slog.Logger
	set    func(int64) int64
	live   func() int64
}

// check lifts or restores the limit by the live heap.
func (g *guard) check() {
	live := g.live()
	switch {
	case !g.lifted && live > g.limit/10*lift:
		g.lifted = true
		g.set(Off)
		g.log.Warn("memory limit lifted: the live heap is close to it, and collecting more often would not free memory; "+
			"the heap may now grow to twice what is live (raise memory_limit or give the node more memory)",
			"live_heap_mib", live>>20, "memory_limit_mib", g.limit>>20)
	case g.lifted && live < g.limit/10*restore:
		g.lifted = false
		g.set(g.limit)
		g.log.Info("memory limit restored", "live_heap_mib", live>>20, "memory_limit_mib", g.limit>>20)
	}
}

// liveHeap is the heap the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}
