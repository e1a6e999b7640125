package policy

// String operators (evaluation-semantics.md §4.2): exact or glob, case-sensitive except the
// IgnoreCase pair; policy variables substituted in values.

func init() {
	exact := func(text string, withVars bool) (condValue, issue) {
		return condValue{ok: true, pat: compilePattern(text, withVars, false)}, issue{}
	}
	like := func(text string, withVars bool) (condValue, issue) {
		return condValue{ok: true, pat: compilePattern(text, withVars, true)}, issue{}
	}
	equals := func(x string, v *condValue, ctx *Context) bool {
		m, _ := v.pat.matchExact(x, ctx, false)
		return m
	}
	equalsFold := func(x string, v *condValue, ctx *Context) bool {
		m, _ := v.pat.matchExact(x, ctx, true)
		return m
	}
	glob := func(x string, v *condValue, ctx *Context) bool {
		m, _ := v.pat.matchGlob(x, ctx, false)
		return m
	}
	register(
		&operator{name: "StringEquals", vars: true, compile: exact, match: equals},
		&operator{name: "StringNotEquals", negated: true, vars: true, compile: exact, match: equals},
		&operator{name: "StringEqualsIgnoreCase", vars: true, compile: exact, match: equalsFold},
		&operator{name: "StringNotEqualsIgnoreCase", negated: true, vars: true, compile: exact, match: equalsFold},
		&operator{name: "StringLike", vars: true, compile: like, match: glob},
		&operator{name: "StringNotLike", negated: true, vars: true, compile: like, match: glob},
	)
}
