package main

// lineOp is one step of rebuilding a document from another, line by line: copy n lines of
// the base from start, or insert literal lines.
type lineOp struct {
	insert   bool
	start, n int
	lines    []string
}

// maxEditDistance caps the Myers search. Its trace costs about D² integers, so past this many
// edits (a policy rewritten wholesale) the differing middle is stored literally instead.
const maxEditDistance = 2000

// diffLines returns the operations that build target from base: copies of the lines the two
// share (a longest common subsequence, found with Myers' O((N+M)D) algorithm) and inserts of
// the rest. The result depends only on the inputs.
func diffLines(base, target []string) []lineOp {
	// Trim the common prefix and suffix: most policy edits touch a few lines in the middle.
	pre := 0
	for pre < len(base) && pre < len(target) && base[pre] == target[pre] {
		pre++
	}
	suf := 0
	for suf < len(base)-pre && suf < len(target)-pre && base[len(base)-1-suf] == target[len(target)-1-suf] {
		suf++
	}
	a, b := base[pre:len(base)-suf], target[pre:len(target)-suf]

	// match[j] is the base line that target line j copies, or -1 for an inserted line.
	match := make([]int, len(target))
	for j := range match {
		match[j] = -1
	}
	for i := 0; i < pre; i++ {
		match[i] = i
	}
	for i := 0; i < suf; i++ {
		match[len(target)-1-i] = len(base) - 1 - i
	}
	for _, m := range myers(a, b) {
		match[pre+m[1]] = pre + m[0]
	}

	var ops []lineOp
	for j := 0; j < len(target); {
		if match[j] < 0 {
			k := j
			for k < len(target) && match[k] < 0 {
				k++
			}
			ops = append(ops, lineOp{insert: true, lines: target[j:k]})
			j = k
			continue
		}
		k := j + 1
		for k < len(target) && match[k] == match[k-1]+1 {
			k++
		}
		ops = append(ops, lineOp{start: match[j], n: k - j})
		j = k
	}
	return ops
}

// myers returns the matched pairs (index in a, index in b) of a shortest edit script from a to
// b, or none when the edit distance exceeds maxEditDistance.
func myers(a, b []string) [][2]int {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	// Compare small integers rather than strings in the inner loop.
	ids := make(map[string]int32, len(a)+len(b))
	intern := func(ls []string) []int32 {
		out := make([]int32, len(ls))
		for i, l := range ls {
			id, ok := ids[l]
			if !ok {
				id = int32(len(ids))
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	x0, y0 := intern(a), intern(b)
	n, m := len(x0), len(y0)
	limit := min(n+m, maxEditDistance)
	off := limit + 1
	v := make([]int32, 2*limit+3)
	// trace[d] is v over k in [-d-1, d+1] as it stood before round d.
	var trace [][]int32
	found := false
	for d := 0; d <= limit && !found; d++ {
		trace = append(trace, append([]int32(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && x0[x] == y0[y] {
				x++
				y++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	if !found {
		return nil
	}
	var pairs [][2]int
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		tv := trace[d]
		at := func(k int) int { return int(tv[k+d+1]) }
		k := x - y
		var prevK int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			pairs = append(pairs, [2]int{x, y})
		}
		x, y = prevX, prevY
	}
	// Collected back to front.
	for i, j := 0, len(pairs)-1; i < j; i, j = i+1, j-1 {
		pairs[i], pairs[j] = pairs[j], pairs[i]
	}
	return pairs
}

// applyOps rebuilds a target from base (the generator checks every delta with it).
func applyOps(base []string, ops []lineOp) []string {
	var out []string
	for _, o := range ops {
		if o.insert {
			out = append(out, o.lines...)
		} else {
			out = append(out, base[o.start:o.start+o.n]...)
		}
	}
	return out
}
