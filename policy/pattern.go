package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/arn"
)

// A pattern is a policy string (a resource, a condition value) pre-split into segments at
// compile time: literal text, policy variables, and — where the element treats them so —
// the wildcards '*' and '?'. Matching substitutes variables from the request context and
// compares segment by segment, so evaluation never builds the substituted string.

type segKind uint8

const (
	segLit  segKind = iota // literal text
	segVar                 // ${key} or ${key, 'default'}
	segStar                // '*': any run of characters
	segOne                 // '?': exactly one character
)

type seg struct {
	kind       segKind
	text       string // segLit: the text; segVar: the default value
	key        string // segVar: the context key, lower-cased
	name       string // segVar: the key as written
	hasDefault bool
}

type pattern struct {
	raw  string
	segs []seg
	vars int  // number of segVar segments
	wild bool // has segStar or segOne
	// special is set when the text used ${*}, ${?} or ${$}, so raw is not the literal text.
	special bool
	// prefix is set when the pattern is literal text followed by one final '*' (the most
	// common resource form), which matches by a prefix comparison.
	prefix    string
	prefixOne bool
}

// compilePattern splits raw into segments. withVars enables policy variables (documents of
// version 2012-10-17, in elements that support them); glob makes '*' and '?' wildcards.
func compilePattern(raw string, withVars, glob bool) pattern {
	p := pattern{raw: raw}
	litStart := 0 // start of the literal text not yet made a segment
	flush := func(end int) {
		if end > litStart {
			p.segs = append(p.segs, seg{kind: segLit, text: raw[litStart:end]})
		}
	}
	for i := 0; i < len(raw); {
		c := raw[i]
		if withVars && c == '$' && strings.HasPrefix(raw[i:], "${") {
			if v, n, ok := parseVariable(raw[i:]); ok {
				flush(i)
				if v.kind == segLit {
					p.special = true // ${*}, ${?}, ${$}: literal characters
				} else {
					p.vars++
				}
				p.segs = append(p.segs, v)
				i += n
				litStart = i
				continue
			}
		}
		if glob && (c == '*' || c == '?') {
			flush(i)
			k := segStar
			if c == '?' {
				k = segOne
			}
			p.segs = append(p.segs, seg{kind: k})
			p.wild = true
			i++
			litStart = i
			continue
		}
		i++
	}
	flush(len(raw))
	if p.special {
		p.segs = mergeLiterals(p.segs)
	}
	if p.vars == 0 && p.wild {
		switch {
		case len(p.segs) == 1 && p.segs[0].kind == segStar:
			p.prefix, p.prefixOne = "", true
		case len(p.segs) == 2 && p.segs[0].kind == segLit && p.segs[1].kind == segStar:
			p.prefix, p.prefixOne = p.segs[0].text, true
		}
	}
	return p
}

// mergeLiterals joins adjacent literal segments (split around special variables).
func mergeLiterals(segs []seg) []seg {
	out := segs[:0]
	for _, sg := range segs {
		if n := len(out); n > 0 && sg.kind == segLit && out[n-1].kind == segLit {
			out[n-1].text += sg.text
			continue
		}
		out = append(out, sg)
	}
	return out
}

// parseVariable reads a variable at the start of s ("${…}") and returns its segment and
// length. The special variables ${*}, ${?} and ${$} come back as literal segments. Text
// that does not form a variable is not one (ok false) and stays literal.
func parseVariable(s string) (v seg, n int, ok bool) {
	end := strings.IndexAny(s[2:], "},'")
	if end < 0 {
		return seg{}, 0, false
	}
	end += 2
	name := strings.TrimSpace(s[2:end])
	if name == "" {
		return seg{}, 0, false
	}
	switch s[end] {
	case '}':
		switch name {
		case "*", "?", "$":
			return seg{kind: segLit, text: name}, end + 1, true
		}
		return seg{kind: segVar, key: strings.ToLower(name), name: name}, end + 1, true
	case ',':
		// ${key, 'default'}: a comma, optional spaces, the default in single quotes.
		rest := strings.TrimLeft(s[end+1:], " ")
		if !strings.HasPrefix(rest, "'") {
			return seg{}, 0, false
		}
		q := strings.IndexByte(rest[1:], '\'')
		if q < 0 {
			return seg{}, 0, false
		}
		def := rest[1 : 1+q]
		after := strings.TrimLeft(rest[2+q:], " ")
		if !strings.HasPrefix(after, "}") {
			return seg{}, 0, false
		}
		n = len(s) - len(after) + 1
		return seg{kind: segVar, key: strings.ToLower(name), name: name, text: def, hasDefault: true}, n, true
	}
	return seg{}, 0, false
}

// varValue returns the text a variable segment stands for in ctx: the key's single value,
// else its default. A key present with the empty string has no value to substitute — the IAM
// User Guide's "a condition context key that has no value … is effectively null" — so it
// takes the default too (evaluation-semantics.md §5). A missing or empty key without default,
// or a multi-valued key, is unresolvable.
func (s *seg) varValue(ctx *Context) (string, bool) {
	if v, ok := ctx.lookup(s.key); ok && (v.multi || len(v.values) != 1 || v.values[0] != "") {
		if v.multi || len(v.values) != 1 {
			return "", false
		}
		return v.values[0], true
	}
	if s.hasDefault {
		return s.text, true
	}
	return "", false
}

// matchExact compares s with the pattern, without wildcards; fold makes the comparison
// case-insensitive (Unicode simple folding, as strings.EqualFold). resolved is false when a
// variable could not be resolved, in which case the pattern matches nothing.
func (p *pattern) matchExact(s string, ctx *Context, fold bool) (match, resolved bool) {
	if p.vars == 0 {
		if fold {
			return strings.EqualFold(p.raw2(), s), true
		}
		return p.raw2() == s, true
	}
	rest := s
	ok := true
	for i := range p.segs {
		sg := &p.segs[i]
		text := sg.text
		if sg.kind == segVar {
			v, good := sg.varValue(ctx)
			if !good {
				return false, false
			}
			text = v
		}
		if !ok {
			continue // keep resolving so an unresolvable variable is reported as such
		}
		var n int
		if fold {
			n, ok = foldPrefix(rest, text)
		} else {
			ok = strings.HasPrefix(rest, text)
			n = len(text)
		}
		if ok {
			rest = rest[n:]
		}
	}
	return ok && rest == "", true
}

// raw2 is the pattern's literal text when it has no variables: the raw text with any
// special variables (${*}, ${?}, ${$}) already replaced.
func (p *pattern) raw2() string {
	switch len(p.segs) {
	case 0:
		return ""
	case 1:
		return p.segs[0].text
	}
	return p.raw // not reached for var-free exact patterns, which have one literal segment
}

// foldPrefix reports whether s begins with prefix under case folding and returns the
// length of that beginning of s.
func foldPrefix(s, prefix string) (int, bool) {
	i := 0
	for _, pr := range prefix {
		if i >= len(s) {
			return 0, false
		}
		sr, n := utf8.DecodeRuneInString(s[i:])
		if sr != pr && !equalFoldRune(sr, pr) {
			return 0, false
		}
		i += n
	}
	return i, true
}

func equalFoldRune(a, b rune) bool {
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

// Atoms of a flattened glob: a rune, or one of the wildcards.
const (
	atomStar int32 = -1
	atomOne  int32 = -2
)

// maxFlatAtoms bounds the stack buffer a variable-bearing glob is flattened into; longer
// patterns (rare) flatten onto the heap.
const maxFlatAtoms = 512

// matchGlob matches s against the pattern as a whole-string glob, case-sensitively.
// Variables are substituted as literal text. With unresolvedAsStar, an unresolvable
// variable is treated as '*' instead of failing (used to tell whether a statement could
// apply were the missing key present); resolved then reports whether all were resolved.
func (p *pattern) matchGlob(s string, ctx *Context, unresolvedAsStar bool) (match, resolved bool) {
	if p.vars == 0 {
		if p.prefixOne {
			return strings.HasPrefix(s, p.prefix), true
		}
		if !p.wild {
			return p.raw2() == s, true
		}
		if !p.special {
			return arn.Glob(p.raw, s), true
		}
	}
	var buf [maxFlatAtoms]int32
	atoms := buf[:0]
	resolved = true
	for i := range p.segs {
		sg := &p.segs[i]
		switch sg.kind {
		case segStar:
			atoms = append(atoms, atomStar)
		case segOne:
			atoms = append(atoms, atomOne)
		case segLit:
			for _, r := range sg.text {
				atoms = append(atoms, r)
			}
		case segVar:
			v, ok := sg.varValue(ctx)
			if !ok {
				resolved = false
				if !unresolvedAsStar {
					return false, false
				}
				atoms = append(atoms, atomStar)
				continue
			}
			for _, r := range v {
				atoms = append(atoms, r)
			}
		}
	}
	return globAtoms(atoms, s), resolved
}

// globAtoms is the classic greedy glob with single-point backtracking, over flattened atoms.
func globAtoms(pat []int32, s string) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		if px < len(pat) {
			switch a := pat[px]; a {
			case atomStar:
				starP, starS = px+1, sx
				px++
				continue
			case atomOne:
				_, n := utf8.DecodeRuneInString(s[sx:])
				px++
				sx += n
				continue
			default:
				r, n := utf8.DecodeRuneInString(s[sx:])
				if r == a {
					px++
					sx += n
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starS:])
		starS += n
		px, sx = starP, starS
	}
	for px < len(pat) && pat[px] == atomStar {
		px++
	}
	return px == len(pat)
}

// keys appends the context keys the pattern's variables refer to.
func (p *pattern) keys(dst []keyRef) []keyRef {
	for i := range p.segs {
		if p.segs[i].kind == segVar {
			dst = append(dst, keyRef{lower: p.segs[i].key, name: p.segs[i].name})
		}
	}
	return dst
}

// keyRef is a context key a statement refers to: lower-cased for lookup, and as written.
type keyRef struct {
	lower, name string
}
