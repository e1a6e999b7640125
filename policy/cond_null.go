package policy

import "strings"

// Null (evaluation-semantics.md §4.5): {"Null": {"k": "true"}} holds when k is absent,
// "false" when it is present. Gatehouse rule: an empty string or an empty list counts as
// null. It takes neither IfExists nor a set operator (parseOperator rejects both).

const opNull = "Null"

func init() {
	register(&operator{
		name: opNull,
		compile: func(text string, _ bool) (condValue, issue) {
			switch {
			case strings.EqualFold(text, "true"):
				return condValue{ok: true, flag: true}, issue{}
			case strings.EqualFold(text, "false"):
				return condValue{ok: true, flag: false}, issue{}
			}
			return condValue{}, invalid("Null values must be true or false, not " + quote(text))
		},
		// Null is decided by cond.evalNull; match is never called.
		match: func(string, *condValue, *Context) bool { return false },
	})
}

func (c *cond) evalNull(v ctxValue, present bool) bool {
	isNull := !present || len(v.values) == 0 || (!v.multi && v.values[0] == "")
	for i := range c.values {
		if c.values[i].ok && c.values[i].flag == isNull {
			return true
		}
	}
	return false
}
