package policy

import "encoding/base64"

// BinaryEquals (evaluation-semantics.md §4.2): the policy's base64 text against the
// request's base64 text, byte for byte.

func init() {
	register(&operator{
		name: "BinaryEquals",
		compile: func(text string, _ bool) (condValue, issue) {
			if _, err := base64.StdEncoding.DecodeString(text); err != nil {
				return condValue{}, invalid("BinaryEquals values must be base64, not " + quote(text))
			}
			return condValue{ok: true, pat: pattern{raw: text, segs: []seg{{kind: segLit, text: text}}}}, issue{}
		},
		match: func(x string, v *condValue, _ *Context) bool { return x == v.pat.raw },
	})
}
