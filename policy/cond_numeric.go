package policy

import "strings"

// Numeric operators (evaluation-semantics.md §4.2): integers or decimals with an optional
// sign, compared exactly as numbers (10 equals 10.0), without converting to floating point.
// No variables. A request value that does not parse makes the comparison false.

// decimal is a parsed number: sign, integer digits without leading zeros, fraction digits
// without trailing zeros. Zero is always non-negative with both parts empty.
type decimal struct {
	neg       bool
	int, frac string
}

// parseDecimal accepts [+-]?digits(.digits)?. It does not allocate.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	switch {
	case strings.HasPrefix(s, "-"):
		d.neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if !allDigits(intPart) || hasFrac && !allDigits(frac) {
		return decimal{}, false
	}
	d.int = strings.TrimLeft(intPart, "0")
	d.frac = strings.TrimRight(frac, "0")
	if d.int == "" && d.frac == "" {
		d.neg = false
	}
	return d, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cmpDecimal returns -1, 0 or +1 as a is less than, equal to or greater than b.
func cmpDecimal(a, b decimal) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

func cmpMagnitude(a, b decimal) int {
	if len(a.int) != len(b.int) {
		if len(a.int) < len(b.int) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.int, b.int); c != 0 {
		return c
	}
	return strings.Compare(a.frac, b.frac) // no trailing zeros, so this compares values
}

func init() {
	compile := func(text string, _ bool) (condValue, issue) {
		d, ok := parseDecimal(text)
		if !ok {
			return condValue{}, invalid("numeric condition values must be numbers, not " + quote(text))
		}
		return condValue{ok: true, num: d}, issue{}
	}
	numeric := func(name string, negated bool, want func(int) bool) *operator {
		return &operator{name: name, negated: negated, compile: compile,
			match: func(x string, v *condValue, _ *Context) bool {
				d, ok := parseDecimal(x)
				return ok && want(cmpDecimal(d, v.num))
			}}
	}
	register(
		numeric("NumericEquals", false, func(c int) bool { return c == 0 }),
		numeric("NumericNotEquals", true, func(c int) bool { return c == 0 }),
		numeric("NumericLessThan", false, func(c int) bool { return c < 0 }),
		numeric("NumericLessThanEquals", false, func(c int) bool { return c <= 0 }),
		numeric("NumericGreaterThan", false, func(c int) bool { return c > 0 }),
		numeric("NumericGreaterThanEquals", false, func(c int) bool { return c >= 0 }),
	)
}
