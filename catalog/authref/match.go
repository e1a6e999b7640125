package authref

import (
	"fmt"
	"strings"
)

// Compiled templates are byte patterns in which these two bytes stand for a variable (one
// character, then any run): the Service Authorization Reference's templates never contain
// control characters, so no literal is mistaken for them.
const (
	anyOne  = '\x00'
	anyRun  = '\x01'
	varRune = "\x00\x01"
)

// arnFields is the number of ARN fields before the resource: arn, partition, service,
// region, account.
const arnFields = 5

// arnPattern is a resource type's ARN format compiled for matching.
type arnPattern struct {
	head      [arnFields]string
	res       string
	resPrefix string // the resource's literal text before its first variable: a cheap test
	literal   int    // literal characters: the more, the more specific
	ok        bool   // false for a format without six fields, which matches nothing
}

func compileARN(format string) arnPattern {
	var p arnPattern
	head, res, ok := splitARN(format)
	if !ok {
		return p
	}
	for i, field := range head {
		p.head[i] = compileTemplate(field, false, &p.literal)
	}
	p.res = compileTemplate(res, false, &p.literal)
	p.resPrefix = p.res
	if i := strings.IndexByte(p.res, anyOne); i >= 0 {
		p.resPrefix = p.res[:i]
	}
	p.ok = true
	return p
}

// splitARN cuts an ARN (or ARN format) into its five leading fields and the resource, which
// may itself hold colons. It does not allocate.
func splitARN(arn string) (head [arnFields]string, res string, ok bool) {
	res = arn
	for i := range head {
		colon := strings.IndexByte(res, ':')
		if colon < 0 {
			return head, "", false
		}
		head[i], res = res[:colon], res[colon+1:]
	}
	return head, res, true
}

func (p *arnPattern) match(head *[arnFields]string, res string) bool {
	if !p.ok || !strings.HasPrefix(res, p.resPrefix) {
		return false
	}
	for i := range head {
		if !globMatch(p.head[i], head[i]) {
			return false
		}
	}
	return globMatch(p.res, res)
}

func bestMatch(rts []*ResourceType, arn string) (*ResourceType, bool) {
	head, res, ok := splitARN(arn)
	if !ok {
		return nil, false
	}
	var best *ResourceType
	for _, rt := range rts {
		if (best == nil || rt.pat.literal > best.pat.literal) && rt.pat.match(&head, res) {
			best = rt
		}
	}
	return best, best != nil
}

// keyTemplate is a templated condition key compiled for case-insensitive matching.
type keyTemplate struct {
	pattern string // lower case
	literal int
	key     *ConditionKeyInfo
}

// isTemplate reports whether a condition key or ARN format has a variable in it.
func isTemplate(s string) bool {
	return strings.Contains(s, "${") || (strings.Contains(s, "<") && strings.Contains(s, ">"))
}

// compileTemplate turns "${Name}" and "<name>" variables into varRune, lower-casing literals if
// asked, and adds the number of literal characters to *literal.
func compileTemplate(t string, lower bool, literal *int) string {
	if !isTemplate(t) && (!lower || !hasUpper(t)) {
		*literal += len(t)
		return t
	}
	var b strings.Builder
	for i := 0; i < len(t); {
		if end := varEnd(t, i); end > i {
			b.WriteString(varRune)
			i = end
			continue
		}
		c := t[i]
		if lower && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
		*literal++
		i++
	}
	return b.String()
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// varEnd returns the index just past a variable starting at t[i], or i if none starts there.
func varEnd(t string, i int) int {
	switch {
	case strings.HasPrefix(t[i:], "${"):
		if j := strings.IndexByte(t[i:], '}'); j > 2 {
			return i + j + 1
		}
	case t[i] == '<':
		if j := strings.IndexByte(t[i:], '>'); j > 1 && !strings.ContainsAny(t[i+1:i+j], " <") {
			return i + j + 1
		}
	}
	return i
}

// globMatch matches s against a compiled pattern: anyOne is one byte, anyRun any run of
// bytes, everything else itself. It backtracks only to the last anyRun, so it is linear in
// practice and O(len(p)·len(s)) at worst.
func globMatch[S ~string | ~[]byte](p string, s S) bool {
	px, sx := 0, 0
	nextPx, nextSx := 0, 0
	for px < len(p) || sx < len(s) {
		if px < len(p) {
			switch c := p[px]; c {
			case anyRun:
				nextPx, nextSx = px, sx+1
				px++
				continue
			case anyOne:
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

// wildMatch matches name against a policy's action pattern, already lower case: '*' any run,
// '?' one character. Upper-case ASCII in name is folded as it is compared.
func wildMatch(pattern, name string) bool {
	px, sx := 0, 0
	nextPx, nextSx := 0, 0
	for px < len(pattern) || sx < len(name) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				nextPx, nextSx = px, sx+1
				px++
				continue
			case '?':
				if sx < len(name) {
					px++
					sx++
					continue
				}
			default:
				if sx < len(name) && lowerByte(name[sx]) == c {
					px++
					sx++
					continue
				}
			}
		}
		if 0 < nextSx && nextSx <= len(name) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// appendLower appends s with ASCII upper case folded: IAM compares action and key names
// case-insensitively, and every name in the reference is ASCII.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, lowerByte(s[i]))
	}
	return dst
}

// TemplateError says a variable of an ARN format was given no value.
type TemplateError struct {
	Format, Variable string
}

func (e *TemplateError) Error() string {
	return fmt.Sprintf("authref: no value for ${%s} in %s", e.Variable, e.Format)
}

// ExpandARN fills the resource type's ARN format from vars, keyed by variable name without
// "${}": {"Partition": "aws", "Account": "123456789012", "UserNameWithPath": "ops/alice"}.
func (r *ResourceType) ExpandARN(vars map[string]string) (string, error) {
	var b strings.Builder
	t := r.ARN
	for i := 0; i < len(t); {
		if end := varEnd(t, i); end > i && t[i] == '$' {
			name := t[i+2 : end-1]
			v, ok := vars[name]
			if !ok {
				return "", &TemplateError{Format: r.ARN, Variable: name}
			}
			b.WriteString(v)
			i = end
			continue
		}
		b.WriteByte(t[i])
		i++
	}
	return b.String(), nil
}
