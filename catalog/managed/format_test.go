package managed_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-iam/gatehouse/catalog/internal/pack"
	"github.com/gatehouse-iam/gatehouse/catalog/managed"
	"github.com/google/go-cmp/cmp"
)

// fixture is a policy as the test builder writes it: the default document and, newest first,
// older versions given as their line operations.
type fixture struct {
	arn, id, version string
	created, updated int64
	count            int // retained versions; 0 means 1 + len(older), -1 writes 0
	doc              string
	older            []olderVersion
}

type olderVersion struct {
	id      string
	created int64
	ops     []any // copyOp or []string (an insert)
}

type copyOp struct{ start, n int }

// build writes the two files the way the generator does (see format.go).
func build(t testing.TB, source string, fs []fixture) (policies, history []byte) {
	t.Helper()
	var pw, hw pack.Writer
	pw.Raw([]byte(managed.PoliciesMagic))
	pw.String(source)
	pw.Uvarint(uint64(len(fs)))
	hw.Raw([]byte(managed.HistoryMagic))
	hw.Uvarint(uint64(len(fs)))
	for _, f := range fs {
		count := max(f.count, 0)
		if f.count == 0 {
			count = 1 + len(f.older)
		}
		pw.String(f.arn)
		pw.String(f.id)
		pw.String("")
		pw.String(f.version)
		pw.Varint(f.created)
		pw.Varint(f.updated)
		pw.Bool(true)
		pw.Uvarint(uint64(count))
		pw.String(f.doc)
		hw.Uvarint(uint64(len(f.older)))
		for _, v := range f.older {
			hw.String(v.id)
			hw.Varint(v.created)
			hw.Uvarint(uint64(len(v.ops)))
			for _, o := range v.ops {
				switch o := o.(type) {
				case copyOp:
					hw.Uvarint(managed.OpCopy)
					hw.Uvarint(uint64(o.start))
					hw.Uvarint(uint64(o.n))
				case []string:
					hw.Uvarint(managed.OpInsert)
					hw.Uvarint(uint64(len(o)))
					for _, l := range o {
						hw.String(l)
					}
				}
			}
		}
	}
	return compress(t, pw.Bytes()), compress(t, hw.Bytes())
}

func compress(t testing.TB, raw []byte) []byte {
	t.Helper()
	gz, err := pack.Compress(raw)
	if err != nil {
		t.Fatal(err)
	}
	return gz
}

const (
	docV2 = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}"
	// docV1 differs in its middle line only.
	docV1 = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [{}]\n}"
)

var (
	jan2015 = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	jun2016 = time.Date(2016, 6, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	mar2020 = time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
)

func twoPolicies() []fixture {
	return []fixture{
		{arn: "arn:aws:iam::aws:policy/Alpha", id: "ANPAAAAAAAAAAAAAAAAAA", version: "v2", created: jan2015, updated: mar2020, doc: docV2,
			older: []olderVersion{{id: "v1", created: jun2016, ops: []any{copyOp{0, 2}, []string{`    "Statement": [{}]`}, copyOp{3, 1}}}}},
		{arn: "arn:aws:iam::aws:policy/service-role/Beta", id: "ANPABBBBBBBBBBBBBBBBB", version: "v1", created: jan2015, updated: jan2015, doc: docV2},
	}
}

func TestDecodeFixture(t *testing.T) {
	t.Parallel()
	c, err := managed.Decode(build(t, "fixture@1.0.0", twoPolicies()))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	type view struct {
		Name, Path, ID, Version string
		Created, Updated        time.Time
		Count                   int
	}
	var got []view
	for _, p := range c.All() {
		got = append(got, view{p.Name, p.Path, p.ID, p.DefaultVersionID, p.CreateDate, p.UpdateDate, p.VersionCount})
	}
	want := []view{
		{"Alpha", "/", "ANPAAAAAAAAAAAAAAAAAA", "v2", time.UnixMilli(jan2015).UTC(), time.UnixMilli(mar2020).UTC(), 2},
		{"Beta", "/service-role/", "ANPABBBBBBBBBBBBBBBBB", "v1", time.UnixMilli(jan2015).UTC(), time.UnixMilli(jan2015).UTC(), 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("policies (-want +got):\n%s", diff)
	}
	if c.Source() != "fixture@1.0.0" {
		t.Errorf("Source() = %q", c.Source())
	}
	alpha, _ := c.Lookup("arn:aws:iam::aws:policy/Alpha")
	vs, err := alpha.Versions()
	if err != nil {
		t.Fatal(err)
	}
	wantVersions := []managed.Version{
		{ID: "v2", IsDefault: true, CreateDate: time.UnixMilli(mar2020).UTC()},
		{ID: "v1", CreateDate: time.UnixMilli(jun2016).UTC()},
	}
	if diff := cmp.Diff(wantVersions, vs); diff != "" {
		t.Errorf("Versions (-want +got):\n%s", diff)
	}
	doc, ok, err := alpha.VersionDocument("v1")
	if err != nil || !ok || doc != docV1 {
		t.Errorf("VersionDocument(v1) = %q, %v, %v; want %q", doc, ok, err, docV1)
	}
}

func TestDecodeRejectsCorruptPolicies(t *testing.T) {
	t.Parallel()
	good := twoPolicies()
	tests := []struct {
		name   string
		mutate func([]fixture) []fixture
		reason string
	}{
		{"out of name order", func(f []fixture) []fixture { f[0], f[1] = f[1], f[0]; return f }, "out of name order"},
		{"duplicate", func(f []fixture) []fixture { f[1] = f[0]; return f }, "out of name order"},
		{"foreign ARN", func(f []fixture) []fixture { f[0].arn = "arn:aws:iam::123456789012:policy/Alpha"; return f }, "does not begin with"},
		{"no name", func(f []fixture) []fixture { f[0].arn = "arn:aws:iam::aws:policy/path/"; return f }, "has no policy name"},
		{"no versions", func(f []fixture) []fixture { f[1].count = -1; return f }, "keeps no versions"},
		{"no document", func(f []fixture) []fixture { f[1].doc = ""; return f }, "has no default version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := managed.Decode(build(t, "x@1", tc.mutate(twoPolicies())))
			if err == nil || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("Decode error = %v, want one containing %q", err, tc.reason)
			}
			var fe *pack.FormatError
			if !errors.As(err, &fe) {
				t.Errorf("error %v is not a *pack.FormatError", err)
			}
		})
	}
	if _, err := managed.Decode(build(t, "x@1", good)); err != nil {
		t.Errorf("the unmutated fixture fails: %v", err)
	}
}

func TestDecodeRejectsBadInput(t *testing.T) {
	t.Parallel()
	p, h := build(t, "x@1", twoPolicies())
	tests := []struct {
		name     string
		policies []byte
	}{
		{"not gzip", []byte("policies")},
		{"empty", nil},
		{"bad magic", compress(t, []byte("gatehouse/other/v1\n"))},
		{"truncated record", compress(t, append([]byte(managed.PoliciesMagic), 0x01, 'x', 0x05))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := managed.Decode(tc.policies, h); err == nil {
				t.Errorf("Decode succeeded, want an error")
			}
		})
	}
	if _, err := managed.Decode(p, h); err != nil {
		t.Errorf("the good fixture fails: %v", err)
	}
}

// TestCorruptHistory checks a bad history file surfaces as an error from the calls that need
// it, and not at all from the ones that do not.
func TestCorruptHistory(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		older  []olderVersion
		count  int
		reason string
	}{
		{"copy beyond the newer version", []olderVersion{{id: "v1", ops: []any{copyOp{2, 9}}}}, 0, "beyond"},
		{"count disagrees", []olderVersion{{id: "v1", ops: []any{copyOp{0, 1}}}}, 3, "older versions, want 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs := []fixture{{arn: "arn:aws:iam::aws:policy/Alpha", id: "ANPAAAAAAAAAAAAAAAAAA", version: "v2", doc: docV2, older: tc.older, count: tc.count}}
			c, err := managed.Decode(build(t, "x@1", fs))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			p := c.All()[0]
			if doc, ok, err := p.VersionDocument("v2"); err != nil || !ok || doc != docV2 {
				t.Errorf("default version needs no history, got %v, %v", ok, err)
			}
			_, _, err = p.VersionDocument("v1")
			if err == nil || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("VersionDocument(v1) error = %v, want %q", err, tc.reason)
			}
		})
	}
}

// FuzzDecode feeds arbitrary (uncompressed) files to the decoder: it must return an error or
// a catalog whose every version can be asked for, never panic.
func FuzzDecode(f *testing.F) {
	p, h := build(f, "x@1", twoPolicies())
	praw, err := pack.Decompress(p, 1<<20)
	if err != nil {
		f.Fatal(err)
	}
	hraw, err := pack.Decompress(h, 1<<20)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(praw), []byte(hraw))
	f.Add([]byte(managed.PoliciesMagic), []byte(managed.HistoryMagic))
	f.Fuzz(func(t *testing.T, policies, history []byte) {
		c, err := managed.DecodeRaw(string(policies), string(history))
		if err != nil {
			return
		}
		for _, p := range c.All() {
			vs, err := p.Versions()
			if err != nil {
				return
			}
			for _, v := range vs {
				_, _, _ = p.VersionDocument(v.ID)
			}
		}
	})
}
