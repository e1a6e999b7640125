package pack

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// FormatError says where and why a catalog blob is malformed.
type FormatError struct {
	Offset int
	Reason string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("catalog data: %s at byte %d", e.Reason, e.Offset)
}

// Writer appends the primitives to a growing buffer.
type Writer struct{ b []byte }

// Uvarint appends v as an unsigned varint.
func (w *Writer) Uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

// Varint appends v as a zig-zag signed varint.
func (w *Writer) Varint(v int64) { w.b = binary.AppendVarint(w.b, v) }

// Bool appends one byte, 0 or 1.
func (w *Writer) Bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// String appends the length of s and its bytes.
func (w *Writer) String(s string) {
	w.Uvarint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// Raw appends b as is (a magic header, or another Writer's bytes).
func (w *Writer) Raw(b []byte) { w.b = append(w.b, b...) }

// Bytes returns what has been written.
func (w *Writer) Bytes() []byte { return w.b }

// Table interns strings for a blob: each distinct string is stored once and referred to by its
// index, in first-use order so the output depends only on the order of Ref calls.
type Table struct {
	index map[string]uint64
	list  []string
}

// Ref returns the index of s, adding it on first use.
func (t *Table) Ref(s string) uint64 {
	if i, ok := t.index[s]; ok {
		return i
	}
	if t.index == nil {
		t.index = make(map[string]uint64)
	}
	i := uint64(len(t.list))
	t.index[s] = i
	t.list = append(t.list, s)
	return i
}

// WriteTo appends the table: a count, then each string.
func (t *Table) WriteTo(w *Writer) {
	w.Uvarint(uint64(len(t.list)))
	for _, s := range t.list {
		w.String(s)
	}
}

// Reader decodes the primitives from a string without copying. The first error sticks: later
// reads return zero values, so a decoder checks Err once per record rather than per field.
type Reader struct {
	s   string
	off int
	err error
}

// NewReader reads s from the start.
func NewReader(s string) *Reader { return &Reader{s: s} }

// Err returns the first error met, or nil.
func (r *Reader) Err() error { return r.err }

// Fail records a decoder-level error at the current offset (the first one sticks).
func (r *Reader) Fail(format string, args ...any) {
	if r.err == nil {
		r.err = &FormatError{Offset: r.off, Reason: fmt.Sprintf(format, args...)}
	}
}

// Remaining is the number of unread bytes.
func (r *Reader) Remaining() int { return len(r.s) - r.off }

// Magic consumes m, failing if the input does not start with it.
func (r *Reader) Magic(m string) {
	if r.err != nil {
		return
	}
	if !strings.HasPrefix(r.s[r.off:], m) {
		r.Fail("bad magic, want %q", m)
		return
	}
	r.off += len(m)
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	var shift uint
	for i := 0; ; i++ {
		if r.off >= len(r.s) {
			r.Fail("truncated varint")
			return 0
		}
		c := r.s[r.off]
		r.off++
		if i == binary.MaxVarintLen64-1 && c > 1 {
			r.Fail("varint overflows 64 bits")
			return 0
		}
		if c < 0x80 {
			return v | uint64(c)<<shift
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
	}
}

// Varint reads a zig-zag signed varint.
func (r *Reader) Varint() int64 {
	u := r.Uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// Count reads an element count and checks it is plausible: each element takes at least
// minBytes of the remaining input, so a corrupt count cannot make the caller allocate more
// than the input could describe.
func (r *Reader) Count(minBytes int) int {
	v := r.Uvarint()
	if r.err != nil {
		return 0
	}
	if minBytes < 1 {
		minBytes = 1
	}
	if v > uint64(r.Remaining()/minBytes) {
		r.Fail("count %d exceeds remaining input", v)
		return 0
	}
	return int(v)
}

// Int reads a varint that must not exceed max (a line number, a version count).
func (r *Reader) Int(max int) int {
	v := r.Uvarint()
	if r.err != nil {
		return 0
	}
	if v > uint64(max) {
		r.Fail("value %d exceeds %d", v, max)
		return 0
	}
	return int(v)
}

// Index reads a varint that must be below n (an index into a table of n entries).
func (r *Reader) Index(n int) int {
	v := r.Uvarint()
	if r.err != nil {
		return 0
	}
	if v >= uint64(n) {
		r.Fail("index %d out of range [0,%d)", v, n)
		return 0
	}
	return int(v)
}

// Bool reads one byte that must be 0 or 1.
func (r *Reader) Bool() bool {
	if r.err != nil {
		return false
	}
	if r.off >= len(r.s) {
		r.Fail("truncated bool")
		return false
	}
	c := r.s[r.off]
	r.off++
	if c > 1 {
		r.Fail("bool byte %d", c)
		return false
	}
	return c == 1
}

// String reads a length-prefixed string as a substring of the input.
func (r *Reader) String() string {
	n := r.Uvarint()
	if r.err != nil {
		return ""
	}
	if n > uint64(r.Remaining()) {
		r.Fail("string length %d exceeds remaining input", n)
		return ""
	}
	s := r.s[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

// Table reads a string table written by Table.WriteTo.
func (r *Reader) Table() []string {
	n := r.Count(1)
	t := make([]string, n)
	for i := range t {
		t[i] = r.String()
	}
	if r.err != nil {
		return nil
	}
	return t
}

// Ref reads an index into t and returns the string there.
func (r *Reader) Ref(t []string) string {
	i := r.Index(len(t))
	if r.err != nil {
		return ""
	}
	return t[i]
}

// End fails unless every byte has been consumed, and returns the first error.
func (r *Reader) End() error {
	if r.err == nil && r.off != len(r.s) {
		r.Fail("%d trailing bytes", len(r.s)-r.off)
	}
	return r.err
}

// Compress gzips raw at the best compression with an empty header (no name, zero time), so
// the same input always gives the same bytes for a given Go release.
func Compress(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("pack: compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pack: compress: %w", err)
	}
	return buf.Bytes(), nil
}

// Decompress gunzips gz into one string, refusing more than limit bytes of output. The gzip
// trailer's size field sizes the buffer up front, so a well-formed blob costs one allocation.
func Decompress(gz []byte, limit int) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", fmt.Errorf("pack: decompress: %w", err)
	}
	var sb strings.Builder
	if len(gz) >= 4 {
		hint := int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
		if hint > 0 && hint <= limit {
			sb.Grow(hint)
		}
	}
	n, err := io.Copy(&sb, io.LimitReader(zr, int64(limit)+1))
	if err != nil {
		return "", fmt.Errorf("pack: decompress: %w", err)
	}
	if n > int64(limit) {
		return "", &FormatError{Offset: limit, Reason: fmt.Sprintf("decompressed data exceeds %d bytes", limit)}
	}
	if err := zr.Close(); err != nil {
		return "", fmt.Errorf("pack: decompress: %w", err)
	}
	return sb.String(), nil
}
