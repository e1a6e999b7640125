package analysis

import (
	"sort"
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
)

// checkRedundantEntries reports Action and Resource entries that another entry of the same
// element already covers: every action (resource) they name is named by the other.
func (c *checker) checkRedundantEntries(st *stmt) {
	if !st.notAction && len(st.actions) > 1 {
		sets := make([]actionSet, len(st.actions))
		for i, a := range st.actions {
			if !strings.Contains(a.text, "${") {
				sets[i] = newActionSet(c.cat.actions(a.text))
			}
		}
		c.reportRedundant("REDUNDANT_ACTION", st.actions, func(g, s int) bool { return sets[s].within(sets[g]) })
	}
	if len(st.resources) > 1 {
		toks := make([][]tok, len(st.resources))
		for i, r := range st.resources {
			toks[i] = patternTokens(r.text)
		}
		c.reportRedundant("REDUNDANT_RESOURCE", st.resources, func(g, s int) bool {
			return coversTokens(toks[g], toks[s])
		})
	}
}

// actionSet is the actions one Action entry names, with the service they all belong to
// ("" when several) so that entries of different services compare in constant time.
type actionSet struct {
	service string
	members map[*authref.ActionInfo]bool
}

func newActionSet(infos []*authref.ActionInfo) actionSet {
	if len(infos) == 0 {
		return actionSet{}
	}
	s := actionSet{service: infos[0].Service, members: make(map[*authref.ActionInfo]bool, len(infos))}
	for _, info := range infos {
		s.members[info] = true
		if info.Service != s.service {
			s.service = ""
		}
	}
	return s
}

// within reports whether every action of a is in b (both non-empty).
func (a actionSet) within(b actionSet) bool {
	if a.members == nil || b.members == nil || len(a.members) > len(b.members) ||
		a.service != "" && b.service != "" && a.service != b.service {
		return false
	}
	for k := range a.members {
		if !b.members[k] {
			return false
		}
	}
	return true
}

// reportRedundant groups entries under an entry that covers them (the first such entry
// that no other covers) and reports one finding per group, its locations in document order.
// Of two entries that cover each other (duplicates), the later is the redundant one.
func (c *checker) reportRedundant(code string, vals []strVal, coversFn func(g, s int) bool) {
	redundant := make([]bool, len(vals))
	for s := range vals {
		for g := range vals {
			if g != s && coversFn(g, s) && (!coversFn(s, g) || g < s) {
				redundant[s] = true
				break
			}
		}
	}
	groups := map[int][]int{}
	var heads []int
	for s := range vals {
		if !redundant[s] {
			continue
		}
		for g := range vals {
			if !redundant[g] && coversFn(g, s) {
				if groups[g] == nil {
					heads = append(heads, g)
				}
				groups[g] = append(groups[g], s)
				break
			}
		}
	}
	sort.Ints(heads)
	for _, g := range heads {
		members := append([]int{g}, groups[g]...)
		sort.Ints(members)
		locs := make([]Location, len(members))
		for i, m := range members {
			locs[i] = vals[m].loc()
		}
		if code == "REDUNDANT_ACTION" {
			c.report(code, locs, len(members), vals[groups[g][0]].text)
		} else {
			c.report(code, locs, len(members))
		}
	}
}

// checkRedundantStatements reports statements that grant or deny exactly what another
// statement does (Sid aside).
func (c *checker) checkRedundantStatements() {
	seen := map[string][]*stmt{}
	var order []string
	for _, st := range c.stmts {
		k := c.statementKey(st)
		if seen[k] == nil {
			order = append(order, k)
		}
		seen[k] = append(seen[k], st)
	}
	for _, k := range order {
		if sts := seen[k]; len(sts) > 1 {
			locs := make([]Location, len(sts))
			for i, st := range sts {
				locs[i] = st.loc()
			}
			c.report("REDUNDANT_STATEMENT", locs)
		}
	}
}

// statementKey is a canonical form of a statement's meaning: effect, actions (case folded,
// as a set), resources (as a set), principal and condition in their text order.
func (c *checker) statementKey(st *stmt) string {
	var b strings.Builder
	b.WriteString(st.effect)
	set := func(not bool, vals []strVal, fold bool) {
		xs := make([]string, len(vals))
		for i, v := range vals {
			xs[i] = v.text
			if fold {
				xs[i] = strings.ToLower(v.text)
			}
		}
		sort.Strings(xs)
		if not {
			b.WriteString("|not")
		}
		b.WriteString("|" + strings.Join(dedupe(xs), "\x00"))
	}
	set(st.notAction, st.actions, true)
	set(st.notResource, st.resources, false)
	for _, m := range []*member{st.principalM, st.conditionM} {
		b.WriteString("|")
		if m != nil {
			b.WriteString(m.key + "=" + canonical(m.val))
		}
	}
	return b.String()
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// canonical renders a JSON value without its layout, object members sorted.
func canonical(n *node) string {
	switch n.kind {
	case jString:
		return "\"" + n.text + "\""
	case jArray:
		parts := make([]string, len(n.elems))
		for i, e := range n.elems {
			parts[i] = canonical(e)
		}
		sort.Strings(parts)
		return "[" + strings.Join(parts, ",") + "]"
	case jObject:
		parts := make([]string, len(n.members))
		for i, m := range n.members {
			parts[i] = m.key + ":" + canonical(m.val)
		}
		sort.Strings(parts)
		return "{" + strings.Join(parts, ",") + "}"
	}
	return n.text
}
