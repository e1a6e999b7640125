//go:build unix

package stacktest

import (
	"syscall"
	"testing"
	"time"
)

// ProcessCPU is the CPU time this process has used, user and system: benchmarks report it per
// operation, which a shared, loaded machine disturbs far less than wall-clock time.
func ProcessCPU(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
