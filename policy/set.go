package policy

import "strings"

// Set is a group of compiled policies of one type evaluated together — a principal's
// identity policies, a resource's policies, one level of an SCP chain — with their
// statements indexed by action, so a request examines only the statements that can name
// its action: those listing it exactly, those with a wildcard pattern in its service, and
// the few that must always be checked (NotAction, a wildcard service). Build a Set once
// per group (authz caches them); it is immutable and safe for concurrent use.
type Set struct {
	policies []*Policy
	stmts    []setStmt // every statement, ordered by policy index then statement index
	// Each index maps to ascending positions in stmts.
	exact   map[string][]int32 // "s3:getobject"
	service map[string][]int32 // "s3": statements with a wildcard action in the service
	global  []int32            // NotAction, "*", wildcard service prefixes
	// usesContext is set when some statement reads the request's context: a condition, or
	// a policy variable in its resources.
	usesContext bool
}

type setStmt struct {
	policy int // index of the policy in the Set
	st     *statement
}

// NewSet indexes policies; a policy's position in the argument list is its PolicyIndex in
// results.
func NewSet(policies ...*Policy) *Set {
	s := &Set{policies: policies, exact: map[string][]int32{}, service: map[string][]int32{}}
	appendOnce := func(list []int32, k int32) []int32 {
		if n := len(list); n > 0 && list[n-1] == k {
			return list
		}
		return append(list, k)
	}
	for pi, p := range policies {
		for _, st := range p.stmts {
			if st.never {
				continue
			}
			k := int32(len(s.stmts))
			s.stmts = append(s.stmts, setStmt{policy: pi, st: st})
			s.usesContext = s.usesContext || st.readsContext()
			if st.notAction {
				s.global = appendOnce(s.global, k)
				continue
			}
			for _, a := range st.actions {
				svc, name, ok := strings.Cut(a.text, ":")
				switch {
				case !ok || strings.ContainsAny(svc, "*?"):
					s.global = appendOnce(s.global, k)
				case strings.ContainsAny(name, "*?"):
					s.service[svc] = appendOnce(s.service[svc], k)
				default:
					s.exact[a.text] = appendOnce(s.exact[a.text], k)
				}
			}
		}
	}
	return s
}

// UsesContext reports whether evaluating the set can read the request's context (a statement
// has a condition or a policy variable). When no set in force does, a request evaluates the
// same with a nil Context, so a caller may skip building one. A nil Set uses none.
func (s *Set) UsesContext() bool { return s != nil && s.usesContext }

// UsesContext reports whether any set in force can read the request's context.
func (in *Policies) UsesContext() bool {
	if in.Identity.UsesContext() || in.Resource.UsesContext() || in.Boundary.UsesContext() || in.Session.UsesContext() {
		return true
	}
	for _, l := range [2][]*Set{in.SCPs, in.RCPs} {
		for _, s := range l {
			if s.UsesContext() {
				return true
			}
		}
	}
	return false
}

// readsContext reports whether evaluating the statement can look at the request's context.
func (st *statement) readsContext() bool {
	if len(st.conds) > 0 || len(st.condKeys) > 0 || len(st.resourceKeys) > 0 {
		return true
	}
	for i := range st.resources {
		if st.resources[i].vars > 0 {
			return true
		}
	}
	return false
}

// Policies returns the policies of the set, in PolicyIndex order.
func (s *Set) Policies() []*Policy { return s.policies }
