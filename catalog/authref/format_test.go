package authref_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/catalog/internal/pack"
	"github.com/google/go-cmp/cmp"
)

// tiny describes a one-service catalog for the builder below.
type tiny struct {
	keyType   string
	access    string
	actions   []string // full names, in file order
	types     []string // resource type names, in file order
	typeIndex int      // the resource type the first action uses
}

func goodTiny() tiny {
	return tiny{keyType: "String", access: "Write", actions: []string{"svc:Alpha", "svc:beta"}, types: []string{"a", "b"}}
}

// build writes a catalog in the layout format.go documents: one global key, and one service
// "svc" with one condition key, the resource types and the actions.
func (c tiny) build(t testing.TB) []byte {
	t.Helper()
	var tab pack.Table
	var body pack.Writer
	ref := func(s string) { body.Uvarint(tab.Ref(s)) }
	names := 0
	list := func(ss ...string) {
		body.Uvarint(uint64(len(ss)))
		for _, s := range ss {
			ref(s)
		}
		names += len(ss)
	}
	body.Uvarint(1)
	for _, s := range []string{"aws:SourceIp", "IPAddress", "network", ""} {
		ref(s)
	}
	ref("svc")
	ref("Some Service")
	body.Bool(false)
	body.Uvarint(1)
	for _, s := range []string{"svc:Mode", c.keyType, "the mode"} {
		ref(s)
	}
	body.Uvarint(uint64(len(c.types)))
	for _, rt := range c.types {
		ref(rt)
		ref("arn:${Partition}:svc:${Region}:${Account}:" + rt + "/${Id}")
		list("svc:Mode")
	}
	body.Uvarint(uint64(len(c.actions)))
	resources := 0
	for i, a := range c.actions {
		ref(a)
		ref("does " + a)
		ref(c.access)
		if i == 0 {
			body.Uvarint(1)
			body.Uvarint(uint64(c.typeIndex))
			body.Bool(true)
			list()
			list()
			resources++
		} else {
			body.Uvarint(0)
		}
		list("svc:Mode")
		list()
	}
	var w pack.Writer
	w.Raw([]byte(authref.Magic))
	w.String("fixture@1")
	tab.WriteTo(&w)
	for _, n := range []int{1, len(c.actions), len(c.types), 2, resources, names} {
		w.Uvarint(uint64(n))
	}
	w.Raw(body.Bytes())
	gz, err := pack.Compress(w.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return gz
}

func TestDecodeTiny(t *testing.T) {
	t.Parallel()
	c, err := authref.Decode(goodTiny().build(t))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	a, ok := c.Action("SVC:ALPHA")
	if !ok {
		t.Fatal("svc:Alpha missing")
	}
	got := view(a)
	want := actionView{
		Name: "svc:Alpha", AccessLevel: authref.AccessWrite, ConditionKeys: []string{"svc:Mode"},
		Resources: []resourceView{{"a", "arn:${Partition}:svc:${Region}:${Account}:a/${Id}", true}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("svc:Alpha (-want +got):\n%s", diff)
	}
	if typ, ok := c.ConditionKeyType("svc:mode"); !ok || typ != authref.TypeString {
		t.Errorf("ConditionKeyType(svc:mode) = %q, %v", typ, ok)
	}
	if name, ok := c.MatchResourceType("svc", "arn:aws:svc:us-east-1:123456789012:b/x"); !ok || name != "b" {
		t.Errorf("MatchResourceType = %q, %v; want b", name, ok)
	}
	if c.Source() != "fixture@1" {
		t.Errorf("Source() = %q", c.Source())
	}
}

func TestDecodeRejectsCorruption(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*tiny)
		reason string
	}{
		{"unknown key type", func(c *tiny) { c.keyType = "Strung" }, `unknown type "Strung"`},
		{"unknown access level", func(c *tiny) { c.access = "Delete" }, `unknown access level "Delete"`},
		{"action of another service", func(c *tiny) { c.actions[0] = "other:Alpha" }, "is not in service"},
		{"actions out of order", func(c *tiny) { c.actions[0], c.actions[1] = c.actions[1], c.actions[0] }, "out of order"},
		{"resource types out of order", func(c *tiny) { c.types[0], c.types[1] = c.types[1], c.types[0] }, "out of order"},
		{"resource type index out of range", func(c *tiny) { c.typeIndex = 2 }, "out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := goodTiny()
			tc.mutate(&c)
			_, err := authref.Decode(c.build(t))
			var fe *pack.FormatError
			if !errors.As(err, &fe) || !strings.Contains(fe.Reason, tc.reason) {
				t.Errorf("Decode error = %v, want a *pack.FormatError about %q", err, tc.reason)
			}
		})
	}
}

// TestDecodeRejectsTruncation cuts the embedded reference at many points: each cut must fail
// cleanly.
func TestDecodeRejectsTruncation(t *testing.T) {
	t.Parallel()
	gz, err := os.ReadFile("authref.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := pack.Decompress(gz, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	for _, frac := range []int{0, 1, 10, 50, 90, 99} {
		cut := len(raw) * frac / 100
		if _, err := authref.Decode(mustCompress(t, []byte(raw[:cut]))); err == nil {
			t.Errorf("Decode of the first %d%% succeeded", frac)
		}
	}
	if _, err := authref.Decode(mustCompress(t, []byte(raw+"x"))); err == nil {
		t.Errorf("Decode with a trailing byte succeeded")
	}
	if _, err := authref.Decode([]byte("not gzip")); err == nil {
		t.Errorf("Decode of non-gzip input succeeded")
	}
}

func mustCompress(t testing.TB, raw []byte) []byte {
	t.Helper()
	gz, err := pack.Compress(raw)
	if err != nil {
		t.Fatal(err)
	}
	return gz
}

// FuzzDecode feeds arbitrary uncompressed data to the decoder: an error or a usable catalog,
// never a panic.
func FuzzDecode(f *testing.F) {
	raw, err := pack.Decompress(goodTiny().build(f), 1<<20)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(raw))
	f.Add([]byte(authref.Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := authref.DecodeRaw(string(data))
		if err != nil {
			return
		}
		for _, s := range c.Services() {
			for _, a := range s.Actions {
				c.Action(a.String())
				for _, r := range a.Resources {
					r.Type.Match("arn:aws:svc:us-east-1:123456789012:a/x")
				}
				for _, k := range a.ConditionKeys {
					c.ConditionKeyType(k)
				}
			}
		}
		c.ExpandActions("*")
	})
}
