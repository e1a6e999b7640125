package pack

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	var tab Table
	var w Writer
	w.Raw([]byte("MAGIC"))
	w.Uvarint(0)
	w.Uvarint(math.MaxUint64)
	w.Varint(-1_423_000_000_000)
	w.Varint(math.MaxInt64)
	w.Bool(true)
	w.Bool(false)
	w.String("")
	w.String("héllo")
	w.Uvarint(tab.Ref("b"))
	w.Uvarint(tab.Ref("a"))
	w.Uvarint(tab.Ref("b"))
	var body Writer
	tab.WriteTo(&body)
	body.Raw(w.Bytes())

	r := NewReader(string(body.Bytes()))
	table := r.Table()
	r.Magic("MAGIC")
	type got struct {
		U0, UMax uint64
		VNeg     int64
		VMax     int64
		T, F     bool
		Empty    string
		Hello    string
		Refs     []string
	}
	g := got{
		U0: r.Uvarint(), UMax: r.Uvarint(), VNeg: r.Varint(), VMax: r.Varint(),
		T: r.Bool(), F: r.Bool(), Empty: r.String(), Hello: r.String(),
		Refs: []string{r.Ref(table), r.Ref(table), r.Ref(table)},
	}
	if err := r.End(); err != nil {
		t.Fatalf("End: %v", err)
	}
	want := got{UMax: math.MaxUint64, VNeg: -1_423_000_000_000, VMax: math.MaxInt64, T: true, Hello: "héllo", Refs: []string{"b", "a", "b"}}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b", "a"}, table); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestReaderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		input  string
		read   func(r *Reader)
		reason string
	}{
		{"truncated varint", "\x80", func(r *Reader) { r.Uvarint() }, "truncated varint"},
		{"varint overflow", strings.Repeat("\xff", 9) + "\x02", func(r *Reader) { r.Uvarint() }, "varint overflows 64 bits"},
		{"string longer than input", "\x05ab", func(r *Reader) { _ = r.String() }, "string length 5 exceeds remaining input"},
		{"count beyond input", "\x09abc", func(r *Reader) { r.Count(1) }, "count 9 exceeds remaining input"},
		{"count of wide elements", "\x02abc", func(r *Reader) { r.Count(2) }, "count 2 exceeds remaining input"},
		{"index out of range", "\x03", func(r *Reader) { r.Index(3) }, "index 3 out of range [0,3)"},
		{"bad bool", "\x02", func(r *Reader) { r.Bool() }, "bool byte 2"},
		{"bad magic", "NOPE", func(r *Reader) { r.Magic("GOOD") }, `bad magic, want "GOOD"`},
		{"trailing bytes", "\x01\x00", func(r *Reader) { r.Uvarint() }, "1 trailing bytes"},
		{"first error sticks", "\x80", func(r *Reader) { r.Uvarint(); r.Fail("later") }, "truncated varint"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := NewReader(tc.input)
			tc.read(r)
			err := r.End()
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("End() = %v, want a *FormatError", err)
			}
			if fe.Reason != tc.reason {
				t.Errorf("reason = %q, want %q", fe.Reason, tc.reason)
			}
		})
	}
}

func TestCompressIsDeterministicAndReversible(t *testing.T) {
	t.Parallel()
	raw := bytes.Repeat([]byte(`{"Version":"2012-10-17","Statement":[]}`+"\n"), 500)
	a, err := Compress(raw)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compress(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("two compressions of the same input differ")
	}
	got, err := Decompress(a, len(raw))
	if err != nil {
		t.Fatalf("Decompress: %v", err)
	}
	if got != string(raw) {
		t.Errorf("round trip changed the data")
	}
}

func TestDecompressLimits(t *testing.T) {
	t.Parallel()
	raw := bytes.Repeat([]byte("x"), 1000)
	gz, err := Compress(raw)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		input []byte
		limit int
	}{
		{"over the limit", gz, 999},
		{"not gzip", []byte("plain text"), 1 << 20},
		{"truncated stream", gz[:len(gz)-6], 1 << 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Decompress(tc.input, tc.limit); err == nil {
				t.Errorf("Decompress succeeded, want an error")
			}
		})
	}
}
