package prove

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// The model: a request is an action, a resource, a caller (resource policies) and condition
// keys; each document's statements become propositional formulas over the regions of those
// parts. Building happens in two passes over the documents: the first registers every
// pattern, entry and condition so the domains can be partitioned, the second encodes.

// strField is a string part of the request (the action or the resource).
type strField struct {
	pats   []spattern
	idx    map[string]int
	reg    *strRegions
	vars   []int // a literal per region, exactly one true
	free   []int // lazy domains (lazy.go): a literal per pattern
	memo   map[string]int
	wit    string // lazy domains: the string found for the last model
	other  rune
	budget int  // lazy domains: search states left for this check
	lazy   bool // decide lazily even when the regions could be enumerated
	// inexact is set when a lazy search gave up: the last model's string is unknown.
	inexact bool
}

func newStrField() *strField {
	return &strField{idx: map[string]int{}, memo: map[string]int{}, budget: searchBudget}
}

func (f *strField) add(key string, p spattern) int {
	if i, ok := f.idx[key]; ok {
		return i
	}
	f.idx[key] = len(f.pats)
	f.pats = append(f.pats, p)
	return len(f.pats) - 1
}

func (f *strField) build(c *cnf) {
	reg, ok := enumerateStrings(f.pats)
	if !ok || f.lazy {
		for range f.pats {
			f.free = append(f.free, c.newVar())
		}
		f.inclusions(c)
		return
	}
	f.reg = reg
	for range reg.sigs {
		f.vars = append(f.vars, c.newVar())
	}
	c.exactlyOne(f.vars)
}

// inclusions gives a lazy domain the lemmas that are cheap to see up front, sparing the
// refinement loop a round for each: "*" matches everything, and a pattern whose literal
// beginning extends L is within "L*".
func (f *strField) inclusions(c *cnf) {
	lead := func(p spattern) (string, bool) { // literal beginning, and whether p is exactly it + "*"
		var b []rune
		for i, e := range p {
			if e.k != eLit || e.fold {
				return string(b), e.k == eStar && i == len(p)-1
			}
			b = append(b, e.r)
		}
		return string(b), false
	}
	for qi, q := range f.pats {
		lq, prefixStar := lead(q)
		if !prefixStar {
			continue
		}
		if lq == "" {
			c.add(f.free[qi])
			continue
		}
		for pi, p := range f.pats {
			if lp, _ := lead(p); pi != qi && strings.HasPrefix(lp, lq) {
				c.add(-f.free[pi], f.free[qi])
			}
		}
	}
}

// anyOf returns a literal true when the value matches at least one of the patterns q.
func (f *strField) anyOf(c *cnf, q []int) int {
	q = slices.Clone(q)
	slices.Sort(q)
	q = slices.Compact(q)
	key := memoKey('q', q)
	if l, ok := f.memo[key]; ok {
		return l
	}
	var lits []int
	if f.reg == nil {
		for _, i := range q {
			lits = append(lits, f.free[i])
		}
	} else {
		want := newBitset(len(f.pats))
		for _, i := range q {
			want.set(i)
		}
		for r, sig := range f.reg.sigs {
			if sig.intersects(want) {
				lits = append(lits, f.vars[r])
			}
		}
	}
	l := c.or(lits...)
	f.memo[key] = l
	return l
}

// witness returns the value a model chose ("" when unknown).
func (f *strField) witness(m []bool) (string, bool) {
	if f.reg == nil {
		return f.wit, !f.inexact
	}
	for r, v := range f.vars {
		if m[v] {
			return f.reg.wit[r], true
		}
	}
	return "", false
}

// consistent checks a lazy domain's literals in a model: ok when some string matches exactly
// the patterns the model says; otherwise lemma is a clause ruling the combination out.
func (f *strField) consistent(m []bool) (ok bool, lemmaClause []int) {
	if f.reg != nil {
		return true, nil
	}
	var want, avoid []int
	for i, v := range f.free {
		if m[v] {
			want = append(want, i)
		} else {
			avoid = append(avoid, i)
		}
	}
	if f.other == 0 {
		f.other = otherRune(f.pats)
	}
	wit, found, decided := search(f.pats, f.other, &f.budget, want, avoid)
	f.wit, f.inexact = wit, !decided
	if found || !decided {
		return true, nil
	}
	w, a := lemma(f.pats, f.other, &f.budget, want, avoid)
	for _, i := range w {
		lemmaClause = append(lemmaClause, -f.free[i])
	}
	for _, i := range a {
		lemmaClause = append(lemmaClause, f.free[i])
	}
	return false, lemmaClause
}

// solve decides the formula under the assumptions, refining lazy domains until the model
// the SAT solver finds is consistent with them or none is left.
func (m *model) solve(assume ...int) ([]bool, bool) {
	for {
		sol, sat := m.c.solve(assume...)
		if !sat {
			return nil, false
		}
		refined := false
		for _, f := range []*strField{m.actions, m.resources} {
			if ok, cl := f.consistent(sol); !ok {
				m.c.add(cl...)
				refined = true
			}
		}
		if !refined {
			return sol, true
		}
	}
}

// doc is one document of a check.
type doc struct {
	d     *policy.Document
	stmts []stmt
	allow int // literal: some Allow statement applies
	deny  int // literal: some Deny statement applies
}

func (d *doc) allowed(c *cnf) int { return c.and(d.allow, -d.deny) }

type stmt struct {
	s       *policy.Statement
	applies int
	inexact bool // depends on parts decided by unconstrained literals
}

type model struct {
	c         *cnf
	public    bool
	actions   *strField
	resources *strField
	keys      map[string]*keyDom
	conds     map[string]*condInst
	opaque    map[string]int
	mention   mentioned
	elems     map[*policy.PrincipalElement]*entrySet
	reps      []principalRep
	repVars   []int
	princFree bool
	princMemo map[princKey]int
	docs      []*doc
}

func newModel(public bool, docs ...*policy.Document) *model {
	m := &model{c: newCNF(), public: public, actions: newStrField(), resources: newStrField(),
		keys: map[string]*keyDom{}, conds: map[string]*condInst{}, opaque: map[string]int{},
		elems: map[*policy.PrincipalElement]*entrySet{}, princMemo: map[princKey]int{}}
	for _, d := range docs {
		m.docs = append(m.docs, &doc{d: d})
		m.register(d)
	}
	return m
}

// actionKey registers an action pattern; actions match case-insensitively.
func (m *model) actionKey(text string) int {
	t := strings.ToLower(text)
	return m.actions.add(t, globPattern(t, false))
}

// resourceParts registers a resource pattern. A pattern with policy variables is decided
// by an unconstrained literal, implied to match only what the pattern with everything
// from its first variable on replaced by '*' matches.
func (m *model) resourceParts(text, version string) (plain int, star int) {
	if version == policy.Version2012 && strings.Contains(text, "${") {
		prefix, _, _ := strings.Cut(text, "${")
		return -1, m.resources.add(prefix+"*", globPattern(prefix+"*", false))
	}
	return m.resources.add(text, globPattern(text, false)), -1
}

func (m *model) register(d *policy.Document) {
	for i := range d.Statements {
		s := &d.Statements[i]
		for _, a := range s.Actions {
			m.actionKey(a.Text)
		}
		for _, r := range s.Resources {
			m.resourceParts(r.Text, d.Version)
		}
		if s.Principal != nil {
			es := classify(s.Principal)
			m.elems[s.Principal] = es
			m.mention.addSet(es)
		}
		for j := range s.Conditions {
			m.registerCond(&s.Conditions[j], d.Version)
			for _, v := range s.Conditions[j].Values {
				if a := arnAccount(v.Text); a != "" {
					m.mention.accounts = appendNew(m.mention.accounts, a)
				}
				if arn.IsAccountID(v.Text) {
					m.mention.accounts = appendNew(m.mention.accounts, v.Text)
				}
			}
		}
	}
}

func (m *model) registerCond(c *policy.Condition, version string) *condInst {
	canon := canonCond(c, version)
	if ci, ok := m.conds[canon]; ok {
		return ci
	}
	fam, takesVars := operatorFamily(c.Operator)
	ci := &condInst{c: c, fam: fam, lower: strings.ToLower(c.Key), canon: canon, opName: c.Operator}
	ci.setOp, _, _ = strings.Cut(c.Operator, ":")
	if ci.setOp == c.Operator {
		ci.setOp = ""
	}
	cc, known := policy.CompileCondition(c, version)
	if !known {
		ci.fam = famUnknown
	}
	ci.cc = cc
	if takesVars && version == policy.Version2012 {
		for _, v := range c.Values {
			ci.vars = ci.vars || strings.Contains(v.Text, "${")
		}
	}
	m.conds[canon] = ci
	if ci.fam == famUnknown {
		return ci
	}
	k := m.keys[ci.lower]
	if k == nil {
		k = &keyDom{name: c.Key, shape: shapeOf(c.Key)}
		if m.public {
			k.trust = trustOf(ci.lower)
		}
		m.keys[ci.lower] = k
	}
	k.conds = append(k.conds, ci)
	return ci
}

// build partitions every domain and creates the request's literals.
func (m *model) build() {
	m.actions.build(m.c)
	m.resources.build(m.c)
	m.buildPrincipals()
	for _, name := range sortedKeys(m.keys) {
		k := m.keys[name]
		k.accounts = m.mention.accounts
		if !k.buildReps() {
			for _, ci := range k.conds {
				ci.vars = true
			}
			k.reps = nil
		}
		k.encode(m.c, m.public)
	}
	for _, name := range sortedKeys(m.conds) {
		if ci := m.conds[name]; ci.vars || ci.fam == famUnknown {
			ci.lit = m.c.newVar()
		}
	}
	for _, d := range m.docs {
		m.encodeDoc(d)
	}
}

func sortedKeys[V any](mp map[string]V) []string {
	keys := make([]string, 0, len(mp))
	for k := range mp {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (m *model) buildPrincipals() {
	if len(m.elems) == 0 {
		return
	}
	reps, ok := m.mention.representatives()
	if !ok {
		m.princFree = true
		return
	}
	// Keep one caller per distinct behaviour.
	var order []*policy.PrincipalElement
	for e := range m.elems {
		order = append(order, e)
	}
	slices.SortFunc(order, func(a, b *policy.PrincipalElement) int { return a.Pos.Offset - b.Pos.Offset })
	seen := map[string]bool{}
	for _, r := range reps {
		var sig strings.Builder
		sig.WriteString(strconv.FormatBool(r.public && m.public))
		for _, e := range order {
			es := m.elems[e]
			sig.WriteString(strconv.FormatBool(es.matches(&r.p)))
			sig.WriteString(strconv.FormatBool(es.names(&r.p)))
		}
		if seen[sig.String()] || m.public && !r.public {
			continue
		}
		seen[sig.String()] = true
		m.reps = append(m.reps, r)
		m.repVars = append(m.repVars, m.c.newVar())
	}
	m.c.exactlyOne(m.repVars)
}

type princKey struct {
	e   *policy.PrincipalElement
	not bool
}

// principalLit returns a literal true when the element matches the caller (not: when a
// NotPrincipal element does not except it).
func (m *model) principalLit(e *policy.PrincipalElement, not bool) int {
	key := princKey{e, not}
	if l, ok := m.princMemo[key]; ok {
		return l
	}
	var l int
	if m.princFree {
		l = m.c.newVar()
	} else {
		es := m.elems[e]
		var lits []int
		for i := range m.reps {
			if not && !es.names(&m.reps[i].p) || !not && es.matches(&m.reps[i].p) {
				lits = append(lits, m.repVars[i])
			}
		}
		l = m.c.or(lits...)
	}
	m.princMemo[key] = l
	return l
}
