package managed_test

import (
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/managed"
)

// BenchmarkFirstUse is what the first Lookup or All pays: decoding policies.bin.gz.
func BenchmarkFirstUse(b *testing.B) {
	p, h := readFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := managed.Decode(p, h); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstHistoryUse is what the first Versions or older VersionDocument pays on top.
func BenchmarkFirstHistoryUse(b *testing.B) {
	p, h := readFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		c, err := managed.Decode(p, h)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.All()[0].Versions(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	c := managed.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.Lookup("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"); !ok {
			b.Fatal("missing")
		}
	}
}

func BenchmarkAll(b *testing.B) {
	c := managed.Default()
	b.ReportAllocs()
	for b.Loop() {
		_ = c.All()
	}
}

// BenchmarkOldestVersionDocument rebuilds the oldest kept version of the most revised policy.
func BenchmarkOldestVersionDocument(b *testing.B) {
	p, ok := managed.Lookup("arn:aws:iam::aws:policy/ReadOnlyAccess")
	if !ok {
		b.Fatal("missing")
	}
	vs, err := p.Versions()
	if err != nil {
		b.Fatal(err)
	}
	oldest := vs[len(vs)-1].ID
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := p.VersionDocument(oldest); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
