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

// Policies returns the policies of the set, in PolicyIndex order.
func (s *Set) Policies() []*Policy { return s.policies }
