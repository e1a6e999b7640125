package prove

import "slices"

// Lazy string domains. Patterns with several inner wildcards can make the number of
// regions exponential ("*/a/*", "*/b/*", … match every combination), so a domain whose
// subset construction exceeds its bound is decided lazily instead (DPLL(T) style): each
// pattern gets a free literal, and every model the SAT solver proposes is checked by a
// guided search for a string that matches exactly the patterns the model says it does. When
// there is none, a lemma (a small set of the model's pattern literals that cannot hold
// together) is added and the solver runs again.

// eagerBound bounds the eager enumeration before a domain turns lazy: a few states per
// pattern character (a trie of the patterns needs about one) plus a margin.
func eagerBound(pats []spattern) int {
	n := 10000
	for _, p := range pats {
		n += 4 * len(p)
	}
	return n
}

// maxSearchStates bounds one consistency search, and searchBudget all the searches of one
// check; past either, the model is taken as consistent without a witness (an
// over-approximation: the check may FAIL without an example), so hostile documents cannot
// make a check run long.
const (
	maxSearchStates = 200000
	searchBudget    = 2000000
)

// search looks for a string matched by every pattern in want and by none in avoid.
// decided is false when the search hit its bound.
func search(all []spattern, other rune, budget *int, want, avoid []int) (wit string, found, decided bool) {
	pats := make([]spattern, 0, len(want)+len(avoid))
	for _, i := range want {
		pats = append(pats, all[i])
	}
	for _, i := range avoid {
		pats = append(pats, all[i])
	}
	nw := len(want)
	if !packable(pats) {
		return "", false, false
	}
	x := &explorer{pats: pats, index: map[string]int32{}, regionOf: map[string]int{}}
	x.out = &strRegions{}
	var start []uint32
	for i := range pats {
		start = x.closure(start, uint32(i), 0)
	}
	queue := [][]uint32{x.prune(sortUniq(start))}
	x.index[keyOf(queue[0])] = 0
	x.states, x.parent, x.via = queue[:1:1], []int32{-1}, []rune{0}
	var chars []rune
	for q := 0; q < len(x.states); q++ {
		if *budget--; q >= maxSearchStates || *budget < 0 {
			return "", false, false
		}
		s := x.states[q]
		acc, dead := classifyState(pats, nw, s)
		if dead {
			continue
		}
		if acc {
			return x.path(int32(q)), true, true
		}
		chars = append(x.interesting(s, chars[:0]), other)
		for _, c := range chars {
			next := x.step(s, c)
			k := keyOf(next)
			if _, seen := x.index[k]; seen {
				continue
			}
			x.index[k] = int32(len(x.states))
			x.states = append(x.states, next)
			x.parent = append(x.parent, int32(q))
			x.via = append(x.via, c)
		}
	}
	return "", false, true
}

// classifyState says whether the string leading to s is a solution (every wanted pattern
// accepts, no avoided one does), or whether no extension can be (a wanted pattern is dead,
// or an avoided one accepts every extension).
func classifyState(pats []spattern, nw int, s []uint32) (accept, dead bool) {
	alive := make([]bool, nw)
	accepting := make([]bool, len(pats))
	for _, ps := range s {
		p, i := int(ps>>16), int(ps&0xffff)
		pat := pats[p]
		if p < nw {
			alive[p] = true
		}
		if i == len(pat) {
			accepting[p] = true
		}
		if p >= nw && i == len(pat)-1 && pat[i].k == eStar {
			return false, true // this avoided pattern matches every extension
		}
	}
	accept = true
	for p := 0; p < nw; p++ {
		if !alive[p] {
			return false, true
		}
		accept = accept && accepting[p]
	}
	for p := nw; p < len(pats); p++ {
		accept = accept && !accepting[p]
	}
	return accept, false
}

func keyOf(s []uint32) string {
	b := make([]byte, 0, 4*len(s))
	for _, v := range s {
		b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return string(b)
}

// lemma shrinks an inconsistent (want, avoid) to a smaller inconsistent pair: avoided
// patterns that cannot meet the wanted ones are dropped, then each remaining one is dropped
// when the rest still leaves no string.
func lemma(all []spattern, other rune, budget *int, want, avoid []int) (w, a []int) {
	if len(want) == 0 {
		a = avoid // every pattern meets the empty set of wanted ones
	}
	for _, f := range avoid {
		if len(want) == 0 {
			break
		}
		if _, found, decided := search(all, other, budget, append(slices.Clone(want), f), nil); found || !decided {
			a = append(a, f)
		}
	}
	if len(a) > 64 {
		return want, a
	}
	for i := 0; i < len(a); {
		rest := append(slices.Clone(a[:i]), a[i+1:]...)
		if _, found, decided := search(all, other, budget, want, rest); !found && decided {
			a = rest
			continue
		}
		i++
	}
	return want, a
}
