package analysis

import "strings"

// stmt is one statement as the checks see it: each element's member (for key locations)
// and its values with their paths.
type stmt struct {
	idx  int
	node *node
	path []PathElement

	sid     *member
	effect  string // "Allow", "Deny", or "" when missing or invalid
	effectM *member

	actionM   *member
	notAction bool
	actions   []strVal

	resourceM   *member
	notResource bool
	resources   []strVal

	principalM   *member
	notPrincipal bool

	conditionM *member
	conds      []*cond
}

// strVal is one string of an element that holds a string or an array of strings.
type strVal struct {
	text string
	n    *node
	path []PathElement
}

func (v strVal) loc() Location { return Location{Path: v.path, Span: v.n.span} }

func (st *stmt) loc() Location { return Location{Path: st.path, Span: st.node.span} }

func (st *stmt) allow() bool { return st.effect == "Allow" }
func (st *stmt) deny() bool  { return st.effect == "Deny" }

// actionLocs locates the Action or NotAction values.
func (st *stmt) actionLocs(vals []strVal) []Location {
	out := make([]Location, len(vals))
	for i, v := range vals {
		out[i] = v.loc()
	}
	return out
}

// statementElements are the elements a statement may have.
var statementElements = map[string]bool{"Sid": true, "Effect": true, "Action": true, "NotAction": true,
	"Resource": true, "NotResource": true, "Principal": true, "NotPrincipal": true, "Condition": true}

func (c *checker) parseStatement(n *node, idx int, path []PathElement) *stmt {
	st := &stmt{idx: idx, node: n, path: path}
	for i := range n.members {
		m := &n.members[i]
		if !statementElements[m.key] {
			c.report("INVALID_POLICY_ELEMENT", []Location{keyLoc(path, m)}, m.key)
			continue
		}
		switch m.key {
		case "Sid":
			st.sid = m
		case "Effect":
			st.effectM = m
		case "Condition":
			st.conditionM = m
		}
	}
	st.actionM, st.notAction = c.pair(st, "Action", "NotAction")
	st.resourceM, st.notResource = c.pair(st, "Resource", "NotResource")
	st.principalM, st.notPrincipal = c.pair(st, "Principal", "NotPrincipal")
	if st.actionM != nil {
		st.actions = c.strList(path, st.actionM)
	}
	if st.resourceM != nil {
		st.resources = c.strList(path, st.resourceM)
	}
	if st.effectM != nil && st.effectM.val.kind == jString {
		if e := st.effectM.val.text; e == "Allow" || e == "Deny" {
			st.effect = e
		}
	}
	if st.conditionM != nil {
		st.conds = c.parseConditions(st)
	}
	return st
}

// pair returns the member for an element that has a Not form, reporting a statement with
// both; not is true when only the Not form is present.
func (c *checker) pair(st *stmt, name, notName string) (*member, bool) {
	m, nm := st.node.get(name), st.node.get(notName)
	switch {
	case m != nil && nm != nil:
		c.report("UNSUPPORTED_ELEMENT_COMBINATION", []Location{keyLoc(st.path, m), keyLoc(st.path, nm)}, name, notName)
		return m, false
	case nm != nil:
		return nm, true
	}
	return m, false
}

// strList reads an element holding a string or an array of strings; an entry of another
// type is a DATA_TYPE_MISMATCH.
func (c *checker) strList(base []PathElement, m *member) []strVal {
	path := sub(base, pv(m.key))
	switch m.val.kind {
	case jString:
		return []strVal{{text: m.val.text, n: m.val, path: path}}
	case jArray:
		out := make([]strVal, 0, len(m.val.elems))
		for i, e := range m.val.elems {
			p := sub(path, pi(i))
			if e.kind != jString {
				c.report("DATA_TYPE_MISMATCH", []Location{{Path: p, Span: e.span}}, "String")
				continue
			}
			out = append(out, strVal{text: e.text, n: e, path: p})
		}
		return out
	}
	c.report("DATA_TYPE_MISMATCH", []Location{{Path: path, Span: m.val.span}}, "String")
	return nil
}

// checkStatement runs every per-statement check.
func (c *checker) checkStatement(st *stmt) {
	c.checkSid(st)
	c.checkEffect(st)
	c.checkActionElement(st)
	c.checkResourceElement(st)
	c.checkPrincipalElement(st)
	if st.conditionM != nil && st.conditionM.val.kind == jObject && len(st.conditionM.val.members) == 0 {
		c.report("EMPTY_OBJECT_CONDITION", []Location{valueLoc(st.path, st.conditionM)})
	}
	c.checkConditions(st)
	c.checkTrust(st)
	c.checkPassRole(st)
	c.checkRedundantEntries(st)
	c.checkResourceType(st)
	c.checkOrganizationsPolicy(st)
}

func (c *checker) checkSid(st *stmt) {
	if st.sid == nil {
		return
	}
	v := st.sid.val
	switch {
	case v.kind != jString:
		c.report("DATA_TYPE_MISMATCH", []Location{valueLoc(st.path, st.sid)}, "String")
	case v.text == "":
		c.report("EMPTY_SID_VALUE", []Location{valueLoc(st.path, st.sid)})
	case c.sidMustBeAlphanumeric() && !isAlnum(v.text):
		c.report("UNSUPPORTED_SID", []Location{valueLoc(st.path, st.sid)})
	}
}

// sidMustBeAlphanumeric: IAM (identity policies and role trust policies) and Organizations
// accept only [0-9A-Za-z] in Sid; other services' resource policies take any string.
func (c *checker) sidMustBeAlphanumeric() bool {
	return c.opts.PolicyType != ResourcePolicy || c.trustPolicy()
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; !(b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') {
			return false
		}
	}
	return true
}

func (c *checker) checkEffect(st *stmt) {
	m := st.effectM
	switch {
	case m == nil:
		c.report("MISSING_EFFECT", []Location{st.loc()})
	case m.val.kind != jString:
		c.report("DATA_TYPE_MISMATCH", []Location{valueLoc(st.path, m)}, "String")
	case st.effect == "":
		c.report("INVALID_EFFECT", []Location{valueLoc(st.path, m)}, m.val.text)
	}
}

// checkSids reports Sids used by more than one statement: an error where the policy type
// requires unique Sids (IAM and Organizations), a warning for other resource policies.
func (c *checker) checkSids() {
	groups := map[string][]Location{}
	var order []string
	for _, st := range c.stmts {
		if st.sid == nil || st.sid.val.kind != jString || st.sid.val.text == "" {
			continue
		}
		s := st.sid.val.text
		if groups[s] == nil {
			order = append(order, s)
		}
		groups[s] = append(groups[s], valueLoc(st.path, st.sid))
	}
	code := "UNIQUE_SIDS_REQUIRED"
	if c.opts.PolicyType == ResourcePolicy && !c.trustPolicy() {
		code = "UNIQUE_SIDS_RECOMMENDED"
	}
	for _, s := range order {
		if locs := groups[s]; len(locs) > 1 {
			c.report(code, locs)
		}
	}
}

// trustStatement reports whether a statement of a resource policy is a role trust
// statement: it names a principal and every action is an sts action.
func (c *checker) trustStatement(st *stmt) bool {
	if c.opts.PolicyType != ResourcePolicy || st.notAction || len(st.actions) == 0 {
		return false
	}
	if c.trustPolicy() {
		return true
	}
	for _, a := range st.actions {
		if !strings.HasPrefix(strings.ToLower(a.text), "sts:") {
			return false
		}
	}
	return true
}
