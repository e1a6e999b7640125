package sqlite

import (
	"context"
	"testing"

	"github.com/gatehouse-iam/gatehouse/store"
	"github.com/gatehouse-iam/gatehouse/store/storetest"
)

func openFile(t *testing.T) store.Store {
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openMemory(t *testing.T) store.Store {
	s, err := OpenMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		open storetest.Opener
	}{
		{"file", openFile},
		{"memory", openMemory},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			storetest.Run(t, tc.open)
		})
	}
}

// BenchmarkStore runs the store benchmarks with the prepared-statement cache (as shipped) and
// without it (every query parsed again), in the same run.
func BenchmarkStore(b *testing.B) {
	for _, cached := range []bool{true, false} {
		b.Run(map[bool]string{true: "stmt-cache", false: "no-stmt-cache"}[cached], func(b *testing.B) {
			d := Dialect()
			d.CacheStatements = cached
			storetest.Bench(b, func(b *testing.B) store.Store {
				s, err := open(context.Background(), b.TempDir(), d)
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { s.Close() })
				return s
			})
		})
	}
}

// TestConformanceGuardedWrites runs the suite with a savepoint around each write, as
// PostgreSQL needs, and without the statement cache, so both paths run on every machine.
func TestConformanceGuardedWrites(t *testing.T) {
	t.Parallel()
	d := Dialect()
	d.Savepoints = true
	d.CacheStatements = false
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := open(context.Background(), t.TempDir(), d)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
