package analysis

import "strings"

// hasVariable reports whether s contains the start of a policy variable.
func hasVariable(s string) bool { return strings.Contains(s, "${") }

// checkVariables checks every policy variable of the document: where it may appear, that
// the Version substitutes it, and its syntax.
func (c *checker) checkVariables() {
	for _, st := range c.stmts {
		for _, a := range st.actions {
			c.checkMisplacedVariables(a)
		}
		for _, p := range c.principals(st) {
			c.checkMisplacedVariables(p.strVal)
		}
		for _, r := range st.resources {
			c.checkVariableSyntax(r)
		}
		for _, cd := range st.conds {
			for i, v := range cd.vals {
				if v.kind == jString {
					c.checkVariableSyntax(strVal{text: v.text, n: v, path: cd.paths[i]})
				}
			}
		}
	}
}

// variable is one ${...} in a string: its byte range, and whether it is closed.
type variable struct {
	start, end int // end is just past '}', or len(s) when unclosed
	closed     bool
}

func variables(s string) []variable {
	var out []variable
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		start := i + j
		k := strings.IndexByte(s[start:], '}')
		if k < 0 {
			out = append(out, variable{start: start, end: len(s)})
			break
		}
		out = append(out, variable{start: start, end: start + k + 1, closed: true})
		i = start + k + 1
	}
	return out
}

// subLoc locates the bytes [start, end) of a string value.
func (c *checker) subLoc(v strVal, start, end int) Location {
	s, l := utf16Len(v.text[:start]), utf16Len(v.text[start:end])
	return Location{Path: sub(v.path, PathElement{Kind: PathSubstring, Start: s, Length: l}),
		Span: substringSpan(c.data, v.n, s, l)}
}

// checkMisplacedVariables reports variables outside Resource and Condition.
func (c *checker) checkMisplacedVariables(v strVal) {
	for _, x := range variables(v.text) {
		c.report("VARIABLE_UNSUPPORTED_IN_ELEMENT", []Location{c.subLoc(v, x.start, x.end)}, v.text[x.start:x.end])
	}
}

// checkVariableSyntax checks the variables of a Resource entry or condition value.
func (c *checker) checkVariableSyntax(v strVal) {
	vars := variables(v.text)
	if len(vars) > 0 && !c.variablesSupported() {
		c.report("VARIABLE_UNSUPPORTED_IN_VERSION", []Location{c.subLoc(v, vars[0].start, vars[0].end)})
		return
	}
	for _, x := range vars {
		loc := []Location{c.subLoc(v, x.start, x.end)}
		if !x.closed {
			c.report("MISSING_BRACE_IN_VARIABLE", loc)
			continue
		}
		inner := v.text[x.start+2 : x.end-1]
		name, def, hasDefault := strings.Cut(inner, ",")
		switch {
		case strings.TrimSpace(inner) == "":
			c.report("EMPTY_VARIABLE", loc)
		case strings.ContainsAny(name, " \t"):
			c.report("UNSUPPORTED_SPACE_IN_VARIABLE", loc)
		case hasDefault && !quotedDefault(def):
			c.report("MISSING_QUOTE_IN_VARIABLE", loc)
		}
	}
}

// quotedDefault reports whether a variable's default value (after the comma) is
// ' value ' in single quotes.
func quotedDefault(def string) bool {
	d := strings.TrimSpace(def)
	return len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\''
}
