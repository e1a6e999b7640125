package constraint

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Path locates a member the way AWS's validation messages name it: the model's member names with the first
// letter lower-cased, list elements as "N.member" ("userName", "tags.1.member.key"). Generated decoders
// build it on the stack as they descend; it is rendered only when a violation is reported.
type Path struct {
	Up *Path
	// Name is the member's name in messages; empty for a list element.
	Name string
	// Index is the 1-based position of a list element; 0 for a member.
	Index int
}

// String renders the path as AWS writes it in messages.
func (p *Path) String() string {
	var segs []string
	for q := p; q != nil; q = q.Up {
		if q.Index > 0 {
			segs = append(segs, strconv.Itoa(q.Index)+".member")
		} else {
			segs = append(segs, q.Name)
		}
	}
	for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
		segs[i], segs[j] = segs[j], segs[i]
	}
	return strings.Join(segs, ".")
}

// Length is a min/max constraint on a string's characters, a blob's bytes, or a list's or map's entries.
type Length struct {
	Min, Max       int
	HasMin, HasMax bool
}

// StringRule is the model's constraints on a string shape.
type StringRule struct {
	Length
	Pattern *Pattern
	// Enum is the model's value set, in model order; empty when the shape is not an enum.
	Enum []string
	// Sensitive values are never quoted in messages.
	Sensitive bool
}

// IntRule is the model's range constraint on a number shape.
type IntRule struct {
	Min, Max       int64
	HasMin, HasMax bool
}

// Pattern is a model pattern compiled for Go. The model's patterns are Java regular expressions; the
// generator translates each into one or more RE2 expressions that must all match the whole value, plus,
// for the few Java constructs RE2 lacks (a negative lookahead), expressions that must not match anywhere.
type Pattern struct {
	text string
	all  []*regexp.Regexp
	none []*regexp.Regexp
}

// MustPattern compiles a translated pattern once, at package initialisation. text is the model's
// original pattern, which is what AWS quotes in its messages.
func MustPattern(text string, all, none []string) *Pattern {
	p := &Pattern{text: text}
	for _, s := range all {
		p.all = append(p.all, regexp.MustCompile(s))
	}
	for _, s := range none {
		p.none = append(p.none, regexp.MustCompile(s))
	}
	return p
}

// MatchString reports whether s satisfies the pattern.
func (p *Pattern) MatchString(s string) bool {
	for _, re := range p.all {
		if !re.MatchString(s) {
			return false
		}
	}
	for _, re := range p.none {
		if re.MatchString(s) {
			return false
		}
	}
	return true
}

// String is the model's original pattern.
func (p *Pattern) String() string { return p.text }

// CharLen is a string's length as AWS counts it: in UTF-16 code units, as Java's String.length does,
// so a character outside the Basic Multilingual Plane counts twice.
func CharLen(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 && r <= utf8.MaxRune {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Valid reports whether s satisfies r, without reporting.
func (r *StringRule) Valid(s string) bool {
	if r.HasMax || r.HasMin {
		n := CharLen(s)
		if (r.HasMax && n > r.Max) || (r.HasMin && n < r.Min) {
			return false
		}
	}
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		return false
	}
	return len(r.Enum) == 0 || inSet(s, r.Enum)
}

func inSet(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}
