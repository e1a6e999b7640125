package analysis

import "strings"

// Wildcard patterns. A policy pattern has '*' (any run of characters, empty included),
// '?' (one character) and policy variables ${...}, which stand for any run as well (their
// value is not known before a request). A catalog template has variables ${Name} or
// <name>, each one or more characters. Comparisons are exact: callers fold case when the
// element is case-insensitive.

type tokKind uint8

const (
	tokLit tokKind = iota
	tokOne
	tokRun
)

type tok struct {
	kind tokKind
	c    byte
}

func patternTokens(p string) []tok {
	out := make([]tok, 0, len(p))
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '*':
			out = append(out, tok{kind: tokRun})
		case p[i] == '?':
			out = append(out, tok{kind: tokOne})
		case strings.HasPrefix(p[i:], "${"):
			if j := strings.IndexByte(p[i:], '}'); j > 0 {
				out = append(out, tok{kind: tokRun})
				i += j
				continue
			}
			out = append(out, tok{c: p[i]})
		default:
			out = append(out, tok{c: p[i]})
		}
	}
	return out
}

func templateTokens(t string) []tok {
	out := make([]tok, 0, len(t))
	for i := 0; i < len(t); {
		if end := varEnd(t[i:]); end > 0 {
			out = append(out, tok{kind: tokOne}, tok{kind: tokRun})
			i += end
			continue
		}
		out = append(out, tok{c: t[i]})
		i++
	}
	return out
}

// globMatch matches s against a policy pattern with '*' and '?' (no variables).
func globMatch(p, s string) bool {
	px, sx, nextPx, nextSx := 0, 0, 0, 0
	for px < len(p) || sx < len(s) {
		if px < len(p) {
			switch c := p[px]; c {
			case '*':
				nextPx, nextSx = px, sx+1
				px++
				continue
			case '?':
				if sx < len(s) {
					px++
					sx++
					continue
				}
			default:
				if sx < len(s) && s[sx] == c {
					px++
					sx++
					continue
				}
			}
		}
		if 0 < nextSx && nextSx <= len(s) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

// intersects reports whether some string matches both token sequences.
func intersects(a, b []tok) bool {
	if !literalEdgesAgree(a, b) {
		return false
	}
	n, m := len(a), len(b)
	reach := make([]bool, (n+1)*(m+1))
	at := func(i, j int) *bool { return &reach[i*(m+1)+j] }
	*at(0, 0) = true
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			if !*at(i, j) {
				continue
			}
			if i < n && a[i].kind == tokRun {
				*at(i+1, j) = true
			}
			if j < m && b[j].kind == tokRun {
				*at(i, j+1) = true
			}
			if i == n || j == m || a[i].kind == tokRun && b[j].kind == tokRun {
				continue
			}
			if a[i].kind == tokLit && b[j].kind == tokLit && a[i].c != b[j].c {
				continue
			}
			ni, nj := i+1, j+1
			if a[i].kind == tokRun {
				ni = i
			}
			if b[j].kind == tokRun {
				nj = j
			}
			*at(ni, nj) = true
		}
	}
	return *at(n, m)
}

// literalEdgesAgree compares the literal characters both sequences start and end with: a
// difference there rules out a common string without the quadratic search.
func literalEdgesAgree(a, b []tok) bool {
	for i := 0; i < len(a) && i < len(b) && a[i].kind == tokLit && b[i].kind == tokLit; i++ {
		if a[i].c != b[i].c {
			return false
		}
	}
	for i, j := len(a)-1, len(b)-1; i >= 0 && j >= 0 && a[i].kind == tokLit && b[j].kind == tokLit; i, j = i-1, j-1 {
		if a[i].c != b[j].c {
			return false
		}
	}
	return true
}

// literalEdgesCover checks the literal characters general starts and ends with: specific
// must have the same ones there for general to cover it.
func literalEdgesCover(g, s []tok) bool {
	for i := 0; i < len(g) && g[i].kind == tokLit; i++ {
		if i >= len(s) || s[i].kind != tokLit || s[i].c != g[i].c {
			return false
		}
	}
	for i, j := len(g)-1, len(s)-1; i >= 0 && g[i].kind == tokLit; i, j = i-1, j-1 {
		if j < 0 || s[j].kind != tokLit || s[j].c != g[i].c {
			return false
		}
	}
	return true
}

// coversTokens reports whether every string the specific pattern s matches also matches
// the general pattern g (both tokenized policy patterns). It is exact for the patterns
// policies use and never claims coverage that does not hold.
func coversTokens(g, s []tok) bool {
	if !literalEdgesCover(g, s) {
		return false
	}
	n, m := len(g), len(s)
	reach := make([]bool, (n+1)*(m+1))
	at := func(i, j int) *bool { return &reach[i*(m+1)+j] }
	*at(0, 0) = true
	for i := 0; i <= n; i++ {
		for j := 0; j <= m; j++ {
			if !*at(i, j) || i == n {
				continue
			}
			if g[i].kind == tokRun {
				*at(i+1, j) = true
				if j < m {
					*at(i, j+1) = true
				}
				continue
			}
			if j == m || s[j].kind == tokRun {
				continue
			}
			if g[i].kind == tokOne || s[j].kind == tokLit && g[i].c == s[j].c {
				*at(i+1, j+1) = true
			}
		}
	}
	return *at(n, m)
}

// hasWildcard reports whether a policy string has '*' or '?' outside policy variables.
func hasWildcard(s string) bool { return strings.ContainsAny(stripVariables(s), "*?") }

// stripVariables removes every complete policy variable ${...} from s.
func stripVariables(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// arnIntersects reports whether some ARN matches both a policy ARN pattern and an ARN
// format, comparing the six fields separately as IAM does (a wildcard or variable never
// spans a colon of the first five).
func arnIntersects(pattern string, fm *format) bool {
	p := splitARN(pattern)
	if len(p) != 6 || len(fm.fields) != 6 {
		return false
	}
	for i := range p {
		if !intersects(patternTokens(p[i]), fm.tokens[i]) {
			return false
		}
	}
	return true
}
