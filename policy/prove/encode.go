package prove

import (
	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// encodeDoc encodes when each statement of d applies, and when d allows and denies.
func (m *model) encodeDoc(d *doc) {
	var allows, denies []int
	for i := range d.d.Statements {
		st := stmt{s: &d.d.Statements[i]}
		st.applies, st.inexact = m.encodeStatement(st.s, d.d)
		d.stmts = append(d.stmts, st)
		switch st.s.Effect {
		case policy.EffectAllow:
			allows = append(allows, st.applies)
		case policy.EffectDeny:
			denies = append(denies, st.applies)
		}
	}
	d.allow = m.c.or(allows...)
	d.deny = m.c.or(denies...)
}

// encodeStatement returns a literal true exactly when the statement applies to the request
// (evaluation-semantics.md §3), and whether that literal involves unconstrained parts.
func (m *model) encodeStatement(s *policy.Statement, d *policy.Document) (int, bool) {
	c := m.c
	if s.Effect != policy.EffectAllow && s.Effect != policy.EffectDeny || len(s.Actions) == 0 {
		return -c.tru, false
	}
	inexact := false
	var acts []int
	for _, a := range s.Actions {
		acts = append(acts, m.actionKey(a.Text))
	}
	act := m.actions.anyOf(c, acts)
	if s.NotAction {
		act = -act
	}
	parts := []int{act}
	if d.Kind != policy.RoleTrust {
		if len(s.Resources) == 0 {
			return -c.tru, false
		}
		res, opaque := m.resourceLit(s.Resources, d.Version)
		inexact = inexact || opaque
		if s.NotResource {
			res = -res
		}
		parts = append(parts, res)
	}
	if s.Principal != nil {
		parts = append(parts, m.principalLit(s.Principal, s.NotPrincipal))
		inexact = inexact || m.princFree
	}
	for j := range s.Conditions {
		ci := m.registerCond(&s.Conditions[j], d.Version)
		if ci.fam == famUnknown {
			return -c.tru, false // the evaluator never applies such a statement
		}
		inexact = inexact || ci.vars
		parts = append(parts, ci.lit)
	}
	return c.and(parts...), inexact
}

// resourceLit returns a literal true when the resource matches some entry; entries with
// policy variables are unconstrained literals that imply their '*' shape.
func (m *model) resourceLit(entries []policy.Value, version string) (int, bool) {
	c := m.c
	var plain []int
	lits := []int{}
	opaque := false
	for _, r := range entries {
		p, star := m.resourceParts(r.Text, version)
		if p >= 0 {
			plain = append(plain, p)
			continue
		}
		opaque = true
		key := "res|" + r.Text
		l, ok := m.opaque[key]
		if !ok {
			l = c.newVar()
			c.add(-l, m.resources.anyOf(c, []int{star}))
			m.opaque[key] = l
		}
		lits = append(lits, l)
	}
	if len(plain) > 0 {
		lits = append(lits, m.resources.anyOf(c, plain))
	}
	return c.or(lits...), opaque
}

// request rebuilds, from a model of the formula, the concrete request it describes. ok is
// false when some part was left unconstrained and has no concrete value.
func (m *model) request(sol []bool) (req *policy.Request, ok bool) {
	req = &policy.Request{Context: policy.NewContext()}
	ok = true
	var found bool
	if req.Action, found = m.actions.witness(sol); !found {
		ok = false
	}
	if req.Resource, found = m.resources.witness(sol); !found {
		ok = false
	}
	if a, known := authref.Action(req.Action); known {
		req.Action = a.String() // the canonical spelling, for people reading the example
	}
	for i, v := range m.repVars {
		if sol[v] {
			req.Principal = m.reps[i].p
		}
	}
	for _, name := range sortedKeys(m.keys) {
		k := m.keys[name]
		switch {
		case k.absent == 0 || sol[k.absent]:
		case sol[k.single]:
			for i, v := range k.pick {
				if sol[v] {
					req.Context.Set(k.name, k.reps[i])
				}
			}
		default:
			var vals []string
			for i, v := range k.member {
				if sol[v] {
					vals = append(vals, k.reps[i])
				}
			}
			req.Context.SetMulti(k.name, vals)
		}
	}
	return req, ok
}
