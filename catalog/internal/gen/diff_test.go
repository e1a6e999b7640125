package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lcsLen is the textbook dynamic program, to check that diffLines copies as many lines as
// can be copied.
func lcsLen(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func copied(ops []lineOp) int {
	n := 0
	for _, o := range ops {
		if !o.insert {
			n += o.n
		}
	}
	return n
}

func TestDiffLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		base, target []string
		want         []lineOp
	}{
		{"equal", []string{"a", "b"}, []string{"a", "b"}, []lineOp{{start: 0, n: 2}}},
		{"both empty", nil, nil, nil},
		{"from nothing", nil, []string{"a"}, []lineOp{{insert: true, lines: []string{"a"}}}},
		{"to nothing", []string{"a"}, nil, nil},
		{"middle line changed", []string{"{", "x", "}"}, []string{"{", "y", "}"},
			[]lineOp{{start: 0, n: 1}, {insert: true, lines: []string{"y"}}, {start: 2, n: 1}}},
		{"line added", []string{"a", "c"}, []string{"a", "b", "c"},
			[]lineOp{{start: 0, n: 1}, {insert: true, lines: []string{"b"}}, {start: 1, n: 1}}},
		{"line removed", []string{"a", "b", "c"}, []string{"a", "c"},
			[]lineOp{{start: 0, n: 1}, {start: 2, n: 1}}},
		{"reordered", []string{"a", "b"}, []string{"b", "a"},
			[]lineOp{{start: 1, n: 1}, {insert: true, lines: []string{"a"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := diffLines(tc.base, tc.target)
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(lineOp{})); diff != "" {
				t.Errorf("diffLines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDiffLinesRandom checks, on many random pairs, that the operations rebuild the target
// and copy a longest common subsequence.
func TestDiffLinesRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c", "d", "e"}
	gen := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return out
	}
	for i := range 500 {
		base, target := gen(rng.IntN(30)), gen(rng.IntN(30))
		ops := diffLines(base, target)
		if got := applyOps(base, ops); !slices.Equal(got, target) {
			t.Fatalf("case %d: rebuilt %q, want %q", i, got, target)
		}
		if got, want := copied(ops), lcsLen(base, target); got != want {
			t.Fatalf("case %d: copies %d lines of %q into %q, the LCS has %d", i, got, base, target, want)
		}
	}
}

// TestDiffLinesBeyondTheEditLimit checks that two documents with nothing in common past the
// search limit still rebuild, the middle stored literally.
func TestDiffLinesBeyondTheEditLimit(t *testing.T) {
	t.Parallel()
	n := maxEditDistance
	base, target := make([]string, n+2), make([]string, n+2)
	for i := range base {
		base[i], target[i] = fmt.Sprint("old", i), fmt.Sprint("new", i)
	}
	base[0], target[0] = "{", "{"
	base[n+1], target[n+1] = "}", "}"
	ops := diffLines(base, target)
	if got := applyOps(base, ops); !slices.Equal(got, target) {
		t.Fatalf("rebuilt document differs")
	}
	if got := copied(ops); got != 2 {
		t.Errorf("copied %d lines, want the shared first and last", got)
	}
}
