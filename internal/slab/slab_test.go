package slab

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

type entry struct {
	name string
	n    int
}

// TestTable: values are found by their keys, short and long; a slot a reader holds keeps its
// value through the key's replacement, deletion, the table's compaction and Clear.
func TestTable(t *testing.T) {
	var tb Table[entry]
	if _, ok := tb.Get("AIDAEXAMPLE"); ok {
		t.Fatal("the zero table has a value")
	}
	long := strings.Repeat("k", maxShort+1)
	held := tb.Put("AIDAEXAMPLE", entry{name: "alice", n: 1})
	tb.Put(long, entry{name: "long", n: 2})
	tb.Put("", entry{name: "empty", n: 3})
	for k, want := range map[string]entry{"AIDAEXAMPLE": {"alice", 1}, long: {"long", 2}, "": {"empty", 3}} {
		if got, ok := tb.Get(k); !ok || *got != want {
			t.Errorf("Get(%q) = %v, %v; want %v", k, got, ok, want)
		}
	}
	if _, ok := tb.Get("AIDAEXAMPLf"); ok {
		t.Error("a key never put is found")
	}
	if _, ok := tb.Get(long[:maxShort]); ok {
		t.Error("a long key's prefix is found")
	}
	tb.Put("AIDAEXAMPLE", entry{name: "alice2", n: 4})
	if got, _ := tb.Get("AIDAEXAMPLE"); got.name != "alice2" || held.name != "alice" {
		t.Errorf("after a replacement: Get = %v, the held slot %v; want alice2 and alice", got, held)
	}
	tb.Delete("AIDAEXAMPLE")
	tb.Delete(long)
	if _, ok := tb.Get("AIDAEXAMPLE"); ok || tb.Len() != 1 {
		t.Errorf("after two deletions: found %v, Len %d; want not found and 1", ok, tb.Len())
	}
	tb.Clear()
	if _, ok := tb.Get(""); ok || tb.Len() != 0 || tb.Slots() != 0 || held.name != "alice" {
		t.Errorf("after Clear: Len %d, Slots %d, the held slot %v", tb.Len(), tb.Slots(), held)
	}
}

// TestCompaction: replacing values over and over keeps the slots within twice the values and a
// chunk, every key still finds its latest value, and a slot held from before is intact.
func TestCompaction(t *testing.T) {
	var tb Table[entry]
	const keys = 3000
	held := tb.Put("key0", entry{name: "first"})
	for round := range 10 {
		for i := range keys {
			tb.Put(fmt.Sprintf("key%d", i), entry{name: fmt.Sprintf("key%d", i), n: round})
		}
	}
	if tb.Len() != keys || tb.Slots() > 2*keys+chunkSize {
		t.Errorf("Len %d, Slots %d; want %d and at most %d", tb.Len(), tb.Slots(), keys, 2*keys+chunkSize)
	}
	for i := range keys {
		k := fmt.Sprintf("key%d", i)
		if got, ok := tb.Get(k); !ok || got.name != k || got.n != 9 {
			t.Fatalf("Get(%q) = %v, %v after compactions", k, got, ok)
		}
	}
	if held.name != "first" {
		t.Errorf("a held slot became %v", held)
	}
}

// BenchmarkGC is one garbage collection's time with a cache of 1,000 or 1,000,000 entries
// holding pointers (a name each), kept in a Table against kept as a map of strings to pointers
// (map-of-pointers, the baseline), in the same run: the cost every collection pays for a
// million-user node's caches.
//
//	go test ./internal/slab -run '^$' -bench GC -benchtime 10x
func BenchmarkGC(b *testing.B) {
	for _, n := range []int{1000, 1_000_000} {
		b.Run(fmt.Sprintf("entries=%d/map-of-pointers", n), func(b *testing.B) {
			m := make(map[string]*entry, n)
			for i := range n {
				k := fmt.Sprintf("AIDA%017d", i)
				m[k] = &entry{name: "arn:aws:iam::123456789012:user/" + k}
			}
			benchGC(b)
			runtime.KeepAlive(m)
		})
		b.Run(fmt.Sprintf("entries=%d/table", n), func(b *testing.B) {
			var tb Table[entry]
			for i := range n {
				k := fmt.Sprintf("AIDA%017d", i)
				tb.Put(k, entry{name: "arn:aws:iam::123456789012:user/" + k})
			}
			benchGC(b)
			runtime.KeepAlive(&tb)
		})
	}
}

func benchGC(b *testing.B) {
	runtime.GC()
	b.ResetTimer()
	for range b.N {
		runtime.GC()
	}
}

// BenchmarkGet is a lookup of a random key with 1,000 and 1,000,000 entries (what a warm
// request's key and principal lookups cost as a node's users grow): memory latency, not work,
// grows with the table.
//
//	go test ./internal/slab -run '^$' -bench Get
func BenchmarkGet(b *testing.B) {
	for _, n := range []int{1000, 1_000_000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			var tb Table[entry]
			keys := make([]string, n)
			for i := range n {
				keys[i] = fmt.Sprintf("AIDA%017d", i)
				tb.Put(keys[i], entry{n: i})
			}
			order := rand.Perm(n)
			b.ResetTimer()
			for i := range b.N {
				k := keys[order[i%n]]
				if e, ok := tb.Get(k); !ok || e.n != order[i%n] {
					b.Fatal("not found")
				}
			}
		})
	}
}
