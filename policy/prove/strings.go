package prove

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// String domains. Every string-valued part of a request (the action, the resource, a
// condition key's value) is constrained by a finite set of patterns: globs, exact and
// case-folded literals, and ARN patterns matched component by component. Each pattern is a
// small NFA over runes; exploring the subset construction of their union visits every
// combination of patterns some string matches, and gives a shortest string for each. Those
// combinations (regions) partition all strings: a string and the region's witness satisfy
// exactly the same patterns, so a formula over the patterns is satisfiable if and only if it
// is satisfiable over the regions.

type elemKind uint8

const (
	eLit    elemKind = iota // one rune (or its case folds)
	eAny                    // '?': any one rune
	eAnyNC                  // '?' inside an ARN component: any rune but ':'
	eStar                   // '*': any run of runes
	eStarNC                 // '*' inside an ARN component: any run without ':'
)

type elem struct {
	k    elemKind
	r    rune
	fold bool
}

// spattern is one pattern as a sequence of elements; it matches a whole string.
type spattern []elem

// globPattern reads '*' and '?' as wildcards; fold makes literal runes case-insensitive.
func globPattern(s string, fold bool) spattern {
	p := make(spattern, 0, len(s))
	for _, r := range s {
		switch r {
		case '*':
			if n := len(p); n > 0 && p[n-1].k == eStar {
				continue
			}
			p = append(p, elem{k: eStar})
		case '?':
			p = append(p, elem{k: eAny})
		default:
			p = append(p, elem{k: eLit, r: r, fold: fold})
		}
	}
	return p
}

// literalPattern matches exactly s (case-insensitively with fold).
func literalPattern(s string, fold bool) spattern {
	p := make(spattern, 0, len(s))
	for _, r := range s {
		p = append(p, elem{k: eLit, r: r, fold: fold})
	}
	return p
}

// arnPattern is the ArnLike reading of s (evaluation-semantics.md §4.2): split at its
// first five colons into six components, each a glob; a wildcard in the first five never
// matches a ':'. ok is false when s has fewer than five colons (it then matches nothing).
func arnPattern(s string) (spattern, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 {
		return nil, false
	}
	var p spattern
	for i, part := range parts {
		if i > 0 {
			p = append(p, elem{k: eLit, r: ':'})
		}
		for _, e := range globPattern(part, false) {
			if i < 5 {
				switch e.k {
				case eStar:
					e.k = eStarNC
				case eAny:
					e.k = eAnyNC
				}
			}
			p = append(p, e)
		}
	}
	return p, true
}

func (e elem) matches(c rune) bool {
	switch e.k {
	case eLit:
		return c == e.r || e.fold && foldEq(c, e.r)
	case eAny, eStar:
		return true
	}
	return c != ':'
}

func foldEq(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

// foldOrbit appends r and every rune that folds to it.
func foldOrbit(dst []rune, r rune) []rune {
	dst = append(dst, r)
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		dst = append(dst, f)
	}
	return dst
}

// strRegions is the partition of all strings by the patterns they match.
type strRegions struct {
	npat int
	sigs []bitset // per region: the patterns it matches
	wit  []string // per region: a shortest string in it
}

// maxPatternLen bounds one pattern's length (positions are packed into 16 bits).
const maxPatternLen = 1<<16 - 2

// enumerateStrings explores the union of the patterns' NFAs and returns one region per
// distinct set of patterns matched. ok is false when the exploration exceeds its bound.
func enumerateStrings(pats []spattern) (*strRegions, bool) {
	if r, ok := enumerateSimple(pats); ok {
		return r, true
	}
	if !packable(pats) || innerWildcards(pats) > maxInnerWildcards {
		return nil, false
	}
	other := otherRune(pats)
	bound := eagerBound(pats)
	x := &explorer{pats: pats, index: map[string]int32{}, regionOf: map[string]int{}}
	x.out = &strRegions{npat: len(pats)}
	var start []uint32
	for i := range pats {
		start = x.closure(start, uint32(i), 0)
	}
	start = x.prune(sortUniq(start))
	x.visit(start, -1, 0)
	var chars []rune
	for q := 0; q < len(x.states); q++ {
		if len(x.states) > bound {
			return nil, false
		}
		s := x.states[q]
		if len(s) == 0 {
			continue // dead: nothing more to find
		}
		chars = x.interesting(s, chars[:0])
		chars = append(chars, other)
		for _, c := range chars {
			x.visit(x.step(s, c), int32(q), c)
		}
	}
	return x.out, true
}

type explorer struct {
	pats     []spattern
	states   [][]uint32
	parent   []int32
	via      []rune
	index    map[string]int32
	regionOf map[string]int
	out      *strRegions
	buf      []byte
}

// packable reports whether pattern indices and positions fit the 16+16-bit packing.
func packable(pats []spattern) bool {
	if len(pats) >= 1<<16 {
		return false
	}
	for _, p := range pats {
		if len(p) > maxPatternLen {
			return false
		}
	}
	return true
}

func pack(p uint32, i int) uint32 { return p<<16 | uint32(i) }

// closure adds position i of pattern p and the positions a run of '*' lets it skip to.
func (x *explorer) closure(dst []uint32, p uint32, i int) []uint32 {
	pat := x.pats[p]
	for {
		dst = append(dst, pack(p, i))
		if i < len(pat) && (pat[i].k == eStar || pat[i].k == eStarNC) {
			i++
			continue
		}
		return dst
	}
}

func (x *explorer) step(s []uint32, c rune) []uint32 {
	next := make([]uint32, 0, len(s)+2)
	for _, ps := range s {
		p, i := ps>>16, int(ps&0xffff)
		pat := x.pats[p]
		if i == len(pat) || !pat[i].matches(c) {
			continue
		}
		switch pat[i].k {
		case eStar, eStarNC:
			next = x.closure(next, p, i)
		default:
			next = x.closure(next, p, i+1)
		}
	}
	return x.prune(sortUniq(next))
}

// prune drops, for each pattern, the positions before its latest active '*': from a '*'
// the rest of the pattern matches every string the pattern matches from any earlier
// position (L(A*B) is within L(*B)), so those positions never make a difference. It keeps
// subset construction polynomial for globs with several wildcards.
func (x *explorer) prune(s []uint32) []uint32 {
	out := s[:0]
	for i := 0; i < len(s); {
		p := s[i] >> 16
		j := i
		for j < len(s) && s[j]>>16 == p {
			j++
		}
		pat := x.pats[p]
		cut := -1
		for k := j - 1; k >= i; k-- {
			if pos := int(s[k] & 0xffff); pos < len(pat) && pat[pos].k == eStar {
				cut = pos
				break
			}
		}
		for k := i; k < j; k++ {
			if int(s[k]&0xffff) >= cut {
				out = append(out, s[k])
			}
		}
		i = j
	}
	return out
}

// interesting lists the runes that some active position treats specially; every other rune
// (represented by other) behaves alike.
func (x *explorer) interesting(s []uint32, dst []rune) []rune {
	colon := false
	for _, ps := range s {
		p, i := ps>>16, int(ps&0xffff)
		pat := x.pats[p]
		if i == len(pat) {
			continue
		}
		switch e := pat[i]; e.k {
		case eLit:
			if e.fold {
				dst = foldOrbit(dst, e.r)
			} else {
				dst = append(dst, e.r)
			}
		case eAnyNC, eStarNC:
			colon = true
		}
	}
	if colon {
		dst = append(dst, ':')
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

func (x *explorer) visit(s []uint32, parent int32, c rune) {
	x.buf = x.buf[:0]
	for _, v := range s {
		x.buf = append(x.buf, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	if _, ok := x.index[string(x.buf)]; ok {
		return
	}
	q := int32(len(x.states))
	x.index[string(x.buf)] = q
	x.states = append(x.states, s)
	x.parent = append(x.parent, parent)
	x.via = append(x.via, c)
	x.buf = x.buf[:0]
	for _, ps := range s {
		p, i := ps>>16, int(ps&0xffff)
		if i == len(x.pats[p]) {
			x.buf = append(x.buf, byte(p>>8), byte(p))
		}
	}
	if _, ok := x.regionOf[string(x.buf)]; ok {
		return
	}
	x.regionOf[string(x.buf)] = len(x.out.sigs)
	sig := newBitset(len(x.pats))
	for k := 0; k+1 < len(x.buf); k += 2 {
		sig.set(int(x.buf[k])<<8 | int(x.buf[k+1]))
	}
	x.out.sigs = append(x.out.sigs, sig)
	x.out.wit = append(x.out.wit, x.path(q))
}

func (x *explorer) path(q int32) string {
	var rs []rune
	for ; x.parent[q] >= 0; q = x.parent[q] {
		rs = append(rs, x.via[q])
	}
	slices.Reverse(rs)
	return string(rs)
}

// maxInnerWildcards is how many patterns with a wildcard before their end the eager
// enumeration takes on; each can double the number of regions, so past it a domain goes lazy
// at once rather than after exhausting its bound.
const maxInnerWildcards = 12

func innerWildcards(pats []spattern) int {
	n := 0
	for _, p := range pats {
		for i, e := range p {
			if e.k != eLit && i < len(p)-1 {
				n++
				break
			}
		}
	}
	return n
}

// enumerateSimple handles the common case without automata: every pattern a literal, or a
// literal followed by one final '*' (the shape of nearly every Action and many Resource
// entries). A string then matches the exact patterns equal to it and the prefix patterns
// whose literal begins it; so with L the longest pattern literal beginning a string, the
// string behaves like L itself (when it is L) or like L followed by a rune no literal uses.
// Those candidates, for every literal L and for the empty one, cover every region.
func enumerateSimple(pats []spattern) (*strRegions, bool) {
	exact := map[string][]int{}
	prefix := map[string][]int{}
	lits := []string{""}
	for i, p := range pats {
		var b []rune
		star := false
		for j, e := range p {
			switch {
			case e.k == eLit && !e.fold:
				b = append(b, e.r)
			case e.k == eStar && j == len(p)-1:
				star = true
			default:
				return nil, false
			}
		}
		l := string(b)
		if star {
			prefix[l] = append(prefix[l], i)
		} else {
			exact[l] = append(exact[l], i)
		}
		lits = append(lits, l)
	}
	other := string(otherRune(pats))
	out := &strRegions{npat: len(pats)}
	seen := map[string]bool{}
	for _, l := range lits {
		for _, cand := range []string{l, l + other} {
			sig := newBitset(len(pats))
			var ids []int
			for k := 0; k <= len(cand); k++ {
				ids = append(ids, prefix[cand[:k]]...)
			}
			ids = append(ids, exact[cand]...)
			slices.Sort(ids)
			key := fmt.Sprint(ids)
			if seen[key] {
				continue
			}
			seen[key] = true
			for _, i := range ids {
				sig.set(i)
			}
			out.sigs = append(out.sigs, sig)
			out.wit = append(out.wit, cand)
		}
	}
	return out, true
}

// otherRune picks a rune that no pattern names literally (in any case) and that is not ':',
// to stand for every rune the patterns do not mention.
func otherRune(pats []spattern) rune {
	used := map[rune]bool{':': true}
	for _, p := range pats {
		for _, e := range p {
			if e.k == eLit {
				for _, r := range foldOrbit(nil, e.r) {
					used[r] = true
				}
			}
		}
	}
	for _, r := range "xqzjkvwy0123456789abcdefghilmnoprstu_-" {
		if !used[r] {
			return r
		}
	}
	for r := rune(0x4e00); ; r++ {
		if !used[r] {
			return r
		}
	}
}

func sortUniq(s []uint32) []uint32 {
	slices.Sort(s)
	return slices.Compact(s)
}

// bitset is a fixed-size set of small integers.
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

// intersects reports whether b and o share an element.
func (b bitset) intersects(o bitset) bool {
	for i := range b {
		if b[i]&o[i] != 0 {
			return true
		}
	}
	return false
}
