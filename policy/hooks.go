package policy

import (
	"strings"
	"time"
)

// Hooks for analyses that reason about a policy as a whole (package policy/prove): they
// evaluate the parts of a document exactly as Evaluate does, so an analysis that builds its
// own model of requests never disagrees with the engine about what one condition means.

// CompiledCondition is one condition of a document (an operator/key pair with its values),
// compiled as the evaluator compiles it.
type CompiledCondition struct {
	c cond
}

// CompileCondition compiles c as it appears in a document of the given Version (policy
// variables are substituted only under 2012-10-17). known is false for an operator the
// evaluator does not know, or a Null operator with IfExists or a set operator: such a
// condition never holds, and the evaluator treats its statement as never applying.
func CompileCondition(c *Condition, version string) (cc *CompiledCondition, known bool) {
	op, problem := parseOperator(c.Operator)
	if problem != "" {
		return nil, false
	}
	vars := version == Version2012
	out := &CompiledCondition{c: cond{opName: op, key: strings.ToLower(c.Key), name: c.Key}}
	for _, v := range c.Values {
		cv, _ := op.base.compile(v.Text, vars && op.base.vars)
		out.c.values = append(out.c.values, cv)
	}
	return out, true
}

// Holds reports whether the condition holds in ctx.
func (c *CompiledCondition) Holds(ctx *Context) bool { return c.c.eval(ctx) }

// ParseDateValue reads a date condition value as the Date operators do (an ISO 8601 date or
// date-time, or epoch seconds) and returns the instant; ok is false when the text is not a
// date those operators accept.
func ParseDateValue(s string) (t time.Time, ok bool) {
	in, ok := parseDate(s)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(in.sec, int64(in.nsec)).UTC(), true
}
