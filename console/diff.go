package console

import "strings"

// diffLine is one line of a line diff: Op is ' ' (in both), '-' (only in the old text) or '+'
// (only in the new).
type diffLine struct {
	Op   string
	Text string
}

// maxDiffCells bounds the diff's table (lines × lines); past it the texts are shown as removed
// and added whole.
const maxDiffCells = 4_000_000

// diffLines is the longest-common-subsequence line diff of old and next.
func diffLines(old, next string) []diffLine {
	a, b := strings.Split(old, "\n"), strings.Split(next, "\n")
	if len(a)*len(b) > maxDiffCells {
		return wholeDiff(a, b)
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, diffLine{" ", a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, diffLine{"-", a[i]})
			i++
		default:
			out = append(out, diffLine{"+", b[j]})
			j++
		}
	}
	return append(out, wholeDiff(a[i:], b[j:])...)
}

func wholeDiff(a, b []string) []diffLine {
	var out []diffLine
	for _, l := range a {
		out = append(out, diffLine{"-", l})
	}
	for _, l := range b {
		out = append(out, diffLine{"+", l})
	}
	return out
}
