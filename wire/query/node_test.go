package query

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func values(nodes []*Node) []string {
	out := []string{}
	for _, n := range nodes {
		out = append(out, n.Value())
	}
	return out
}

func TestNodeList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		query     string
		flattened bool
		want      []string
		wantNil   bool
	}{
		{name: "members in order", query: "L.member.2=b&L.member.1=a&L.member.3=c", want: []string{"a", "b", "c"}},
		{name: "empty list as bare name", query: "L=", want: []string{}},
		{name: "stops at a gap", query: "L.member.1=a&L.member.3=c", want: []string{"a"}},
		{name: "zero-based index ignored", query: "L.member.0=z&L.member.1=a", want: []string{"a"}},
		{name: "leading zeros are not indexes", query: "L.member.01=a", want: []string{}},
		{name: "flattened", query: "L.1=a&L.2=b", flattened: true, want: []string{"a", "b"}},
		{name: "first of repeated values", query: "L.member.1=a&L.member.1=b", want: []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			params, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got := values(Parse(params).Child("L").List("member", tt.flattened))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("List (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNodeMap(t *testing.T) {
	t.Parallel()
	params, err := url.ParseQuery("M.entry.1.key=a&M.entry.1.value=1&M.entry.2.key=b&M.entry.2.value=2&M.entry.3.value=orphan")
	if err != nil {
		t.Fatal(err)
	}
	entries := Parse(params).Child("M").Map("entry", "key", "value", false)
	var got [][2]string
	for _, e := range entries {
		k := "<nil>"
		if e.Key != nil {
			k = e.Key.Value()
		}
		got = append(got, [2]string{k, e.Value.Value()})
	}
	want := [][2]string{{"a", "1"}, {"b", "2"}, {"<nil>", "orphan"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
}

func TestNodeNilSafe(t *testing.T) {
	t.Parallel()
	var n *Node
	if n.Child("x") != nil || n.Value() != "" || len(n.List("member", false)) != 0 {
		t.Error("a nil Node must behave as an empty one")
	}
}

func TestParseOddNames(t *testing.T) {
	t.Parallel()
	params := url.Values{"": {"root"}, "a..b": {"x"}, "a.": {"y"}, ".": {"z"}}
	root := Parse(params)
	if got := root.Child("a").Child("").Child("b").Value(); got != "x" {
		t.Errorf(`a..b = %q, want "x"`, got)
	}
	if got := root.Child("a").Child("").Value(); got != "y" {
		t.Errorf(`a. = %q, want "y"`, got)
	}
}

// TestParseAllocations: a tree's nodes are one allocation, not one per segment: a flat request's
// tree is its nodes and the root's map of children (two allocations for a map), a nested one
// adds only its inner nodes' maps (it was 6 and 15 with a node per allocation).
func TestParseAllocations(t *testing.T) {
	flat := url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}, "UserName": {"alice"}}
	nested := url.Values{"Action": {"TagUser"}, "Tags.member.1.Key": {"k"}, "Tags.member.1.Value": {"v"}}
	for name, tc := range map[string]struct {
		params url.Values
		want   float64
	}{"flat": {flat, 3}, "nested": {nested, 9}} {
		if got := testing.AllocsPerRun(100, func() { Parse(tc.params) }); got > tc.want {
			t.Errorf("%s: %v allocations, want at most %v", name, got, tc.want)
		}
	}
	root := Parse(nested)
	if v := root.Child("Tags").Child("member").Child("1").Child("Value").Value(); v != "v" {
		t.Errorf("Tags.member.1.Value = %q", v)
	}
}
