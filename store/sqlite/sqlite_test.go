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

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store {
		s, err := Open(context.Background(), b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	})
}

// TestConformanceGuardedWrites runs the suite with the two dialect features PostgreSQL needs
// (a write lock taken first and a savepoint around each write), which SQLite also supports,
// so that code is exercised before a PostgreSQL harness exists.
func TestConformanceGuardedWrites(t *testing.T) {
	t.Parallel()
	d := Dialect()
	d.Savepoints = true
	d.WriteLock = `UPDATE store_state SET revision = revision WHERE id = 1`
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := open(context.Background(), t.TempDir(), d)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
