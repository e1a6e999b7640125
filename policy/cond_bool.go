package policy

import "strings"

// Bool (evaluation-semantics.md §4.2): "true"/"false", compared case-insensitively (a
// Gatehouse rule, §7.9). Variables are substituted (§7.7): an unresolved one makes the
// value match nothing.

func init() {
	register(&operator{
		name: "Bool",
		vars: true,
		compile: func(text string, withVars bool) (condValue, issue) {
			p := compilePattern(text, withVars, false)
			if p.vars == 0 && !strings.EqualFold(text, "true") && !strings.EqualFold(text, "false") {
				return condValue{}, invalid("Bool values must be true or false, not " + quote(text))
			}
			return condValue{ok: true, pat: p}, issue{}
		},
		match: func(x string, v *condValue, ctx *Context) bool {
			m, _ := v.pat.matchExact(x, ctx, true)
			return m
		},
	})
}
