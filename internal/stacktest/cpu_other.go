//go:build !unix

package stacktest

import (
	"testing"
	"time"
)

// ProcessCPU is not measured here: it reads 0.
func ProcessCPU(testing.TB) time.Duration { return 0 }
