package policy

import (
	"github.com/gatehouse-iam/gatehouse/arn"
)

// ARN operators (evaluation-semantics.md §4.2, §7.2): ArnEquals and ArnLike are identical,
// as are ArnNotEquals and ArnNotLike. Both sides are split at their first five colons into
// six components, each matched as a glob of its own, so a '*' never absorbs a ':' except in
// the last component. Variables are substituted. A pattern or value without six components
// matches nothing.

type arnPattern struct {
	parts [6]pattern
}

// compileARNPattern splits the pattern into components at the colons of its literal text
// (a colon inside a variable's value does not split).
func compileARNPattern(text string, withVars bool) *arnPattern {
	whole := compilePattern(text, withVars, true)
	var a arnPattern
	comp := 0
	cur := &a.parts[0]
	for _, sg := range whole.segs {
		if sg.kind != segLit || comp == 5 {
			cur.add(sg)
			continue
		}
		rest := sg.text
		for comp < 5 {
			i := indexColon(rest)
			if i < 0 {
				break
			}
			if i > 0 {
				cur.add(seg{kind: segLit, text: rest[:i]})
			}
			rest = rest[i+1:]
			comp++
			cur = &a.parts[comp]
		}
		if rest != "" {
			cur.add(seg{kind: segLit, text: rest})
		}
	}
	if comp < 5 {
		return nil
	}
	for i := range a.parts {
		a.parts[i].finish()
	}
	return &a
}

func indexColon(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}

// add appends a segment while building a component pattern.
func (p *pattern) add(sg seg) {
	p.segs = append(p.segs, sg)
	switch sg.kind {
	case segVar:
		p.vars++
	case segStar, segOne:
		p.wild = true
	}
}

// finish sets a component pattern's raw text and fast paths once its segments are known.
func (p *pattern) finish() {
	var raw []byte
	for _, sg := range p.segs {
		switch sg.kind {
		case segLit:
			raw = append(raw, sg.text...)
			for i := 0; i < len(sg.text); i++ {
				if c := sg.text[i]; c == '*' || c == '?' {
					p.special = true // a literal '*' from ${*}: raw is not a glob
				}
			}
		case segStar:
			raw = append(raw, '*')
		case segOne:
			raw = append(raw, '?')
		}
	}
	p.raw = string(raw)
	if p.vars == 0 {
		if !p.wild && len(p.segs) != 1 {
			p.segs = []seg{{kind: segLit, text: p.raw}}
		}
		switch {
		case len(p.segs) == 1 && p.segs[0].kind == segStar:
			p.prefixOne = true
		case len(p.segs) == 2 && p.segs[0].kind == segLit && p.segs[1].kind == segStar:
			p.prefix, p.prefixOne = p.segs[0].text, true
		}
	}
}

func (a *arnPattern) match(value string, ctx *Context) bool {
	var v [6]string
	if arn.Split(value, &v) != 6 {
		return false
	}
	for i := range a.parts {
		if m, _ := a.parts[i].matchGlob(v[i], ctx, false); !m {
			return false
		}
	}
	return true
}

func init() {
	compile := func(text string, withVars bool) (condValue, issue) {
		a := compileARNPattern(text, withVars)
		if a == nil {
			return condValue{}, issue{warning: true, msg: quote(text) + " is not an ARN of six components, so it matches no value"}
		}
		return condValue{ok: true, arn: a}, issue{}
	}
	match := func(x string, v *condValue, ctx *Context) bool { return v.arn.match(x, ctx) }
	register(
		&operator{name: "ArnEquals", vars: true, compile: compile, match: match},
		&operator{name: "ArnLike", vars: true, compile: compile, match: match},
		&operator{name: "ArnNotEquals", negated: true, vars: true, compile: compile, match: match},
		&operator{name: "ArnNotLike", negated: true, vars: true, compile: compile, match: match},
	)
}
