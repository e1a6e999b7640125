package policy

import (
	"net/netip"
	"strings"
)

// Condition operators. Each family (string, numeric, date, bool, binary, ip, arn, null)
// lives in its own file and registers its base operators in the table below; set operators
// (ForAllValues/ForAnyValue), IfExists, negation and missing keys are handled here, once,
// for all of them (evaluation-semantics.md §4).

// operator is a base condition operator such as StringLike or NumericLessThan.
type operator struct {
	name string
	// negated operators (StringNotEquals, NotIpAddress, …) hold when the request value
	// matches none of the policy values; match always tests the positive sense.
	negated bool
	// vars reports whether policy variables are substituted in this operator's values.
	vars bool
	// compile interprets one policy value and says what is wrong with it, if anything: an
	// error (the validator rejects the value, which then matches nothing) or a warning (IAM
	// accepts the value, and it means what the compiled value says).
	compile func(text string, withVars bool) (v condValue, is issue)
	// match reports whether one request value matches one policy value.
	match func(reqValue string, v *condValue, ctx *Context) bool
}

// condValue is one compiled policy value; which fields are used depends on the family.
type condValue struct {
	ok     bool // false: the value could not be interpreted and matches nothing
	pat    pattern
	arn    *arnPattern
	num    decimal
	when   instant
	prefix netip.Prefix
	flag   bool
}

// issue is what the validator says about one condition value.
type issue struct {
	msg     string // "" when the value is fine
	warning bool
}

// invalid is an error about a value.
func invalid(msg string) issue { return issue{msg: msg} }

var operators = map[string]*operator{}

// register adds base operators to the table; each family file calls it from init.
func register(ops ...*operator) {
	for _, op := range ops {
		operators[op.name] = op
	}
}

type setOp uint8

const (
	setNone setOp = iota
	setForAllValues
	setForAnyValue
)

// opName is a parsed operator name: [SetOperator:]BaseOperator[IfExists].
type opName struct {
	set      setOp
	base     *operator
	ifExists bool
}

// parseOperator splits an operator name, accepting only AWS's exact spellings. problem is
// non-empty when the name is not a valid operator.
func parseOperator(name string) (opName, string) {
	var o opName
	rest := name
	switch {
	case strings.HasPrefix(rest, "ForAllValues:"):
		o.set, rest = setForAllValues, rest[len("ForAllValues:"):]
	case strings.HasPrefix(rest, "ForAnyValue:"):
		o.set, rest = setForAnyValue, rest[len("ForAnyValue:"):]
	}
	if b, ok := strings.CutSuffix(rest, "IfExists"); ok {
		o.ifExists, rest = true, b
	}
	o.base = operators[rest]
	switch {
	case o.base == nil:
		return o, "unknown condition operator " + quote(name)
	case o.base.name == opNull && o.ifExists:
		return o, "the Null operator cannot take IfExists"
	case o.base.name == opNull && o.set != setNone:
		return o, "the Null operator cannot take ForAllValues or ForAnyValue"
	}
	return o, ""
}

// cond is one compiled operator/key pair.
type cond struct {
	opName
	key    string // lower-cased
	name   string // as written
	values []condValue
}

// eval decides the condition against the request context (§4.3–§4.6).
func (c *cond) eval(ctx *Context) bool {
	v, present := ctx.lookup(c.key)
	if c.base.name == opNull {
		return c.evalNull(v, present)
	}
	neg := c.base.negated
	switch c.set {
	case setForAllValues:
		// Every request value must satisfy the (possibly negated) operator; vacuously
		// true for a missing or empty key.
		for _, x := range v.values {
			if c.matchAny(x, ctx) == neg {
				return false
			}
		}
		return true
	case setForAnyValue:
		if !present {
			return c.ifExists // Gatehouse rule: IfExists read literally (§4.6)
		}
		for _, x := range v.values {
			if c.matchAny(x, ctx) != neg {
				return true
			}
		}
		return false
	}
	if !present {
		return c.ifExists || neg
	}
	if v.multi || len(v.values) != 1 {
		// Gatehouse rule: a bare operator on a multi-valued key is false (§4.6).
		return false
	}
	return c.matchAny(v.values[0], ctx) != neg
}

// matchAny reports whether the request value matches at least one policy value (the
// positive sense of the operator).
func (c *cond) matchAny(x string, ctx *Context) bool {
	for i := range c.values {
		cv := &c.values[i]
		if cv.ok && c.base.match(x, cv, ctx) {
			return true
		}
	}
	return false
}

// keys appends the context keys the condition refers to: its key, and the variables in its
// values where the operator substitutes them.
func (c *cond) keys(dst []keyRef) []keyRef {
	dst = append(dst, keyRef{lower: c.key, name: c.name})
	if c.base.vars {
		for i := range c.values {
			dst = c.values[i].pat.keys(dst)
			if a := c.values[i].arn; a != nil {
				for j := range a.parts {
					dst = a.parts[j].keys(dst)
				}
			}
		}
	}
	return dst
}

func quote(s string) string { return `"` + s + `"` }
