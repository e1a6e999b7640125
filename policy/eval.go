package policy

// Policies are the policies in force for one request, each group compiled into a Set.
// A nil Set means the group is absent: no resource policy, no permissions boundary, no
// session policy passed.
type Policies struct {
	// Identity holds the principal's identity policies (for a federated session, those of
	// the IAM user it was made from).
	Identity *Set
	// Resource holds the resource's policy: a bucket policy, a KMS key policy, the role
	// trust policy of a role being assumed.
	Resource *Set
	Boundary *Set
	Session  *Set
	// SCPs and RCPs hold one Set per level, from the organization root down to the
	// principal's account (SCPs) or the resource's account (RCPs). Every level must allow.
	SCPs []*Set
	RCPs []*Set
}

// maxActionLen bounds the action names the evaluator lower-cases on the stack. AWS action
// names are far shorter; a longer action matches nothing.
const maxActionLen = 256

// evaluator is the state of one Evaluate call; it lives on the stack.
type evaluator struct {
	req         *Request
	ctx         *Context
	res         *Result
	hasBoundary bool
}

// reqAction is the lower-cased request action. It is passed by value, never stored in the
// evaluator, so its stack buffer does not escape.
type reqAction struct {
	name  []byte
	colon int // index of ':' in name, or -1
}

// typeResult sums up what the applicable statements of one group said.
type typeResult struct {
	allow, deny bool
	via         via // resource policies: how the caller matched the applicable Allows
}

// Evaluate decides req against the policies in force and writes the decision and its
// reasons into res, following the AWS evaluation logic as specified in
// evaluation-semantics.md §6 (the pseudocode of §6.8). Every policy in force is evaluated
// — there is no short cut on the first Allow (§7.18) — but through each Set's action
// index, so only candidate statements are examined. It does not allocate once res's
// slices have grown to size.
func Evaluate(req *Request, in *Policies, res *Result) {
	res.reset()
	var buf [maxActionLen]byte
	action, ok := lowerASCII(req.Action, buf[:])
	if !ok {
		return // an action this long names nothing: implicit deny
	}
	e := evaluator{req: req, ctx: req.Context, res: res}
	act := reqAction{name: action, colon: -1}
	for i, c := range action {
		if c == ':' {
			act.colon = i
			break
		}
	}
	p := &req.Principal
	identityKind := p.Kind == PrincipalUser || p.Kind == PrincipalRoleSession || p.Kind == PrincipalFederatedUser
	// A root session from sts:AssumeRoot carries its task policy as a session policy: AWS's
	// task policies only deny (everything but the task), so for root its denies count and no
	// Allow is needed.
	sessionKind := p.Kind == PrincipalRoleSession || p.Kind == PrincipalFederatedUser || p.Kind == PrincipalRoot
	boundaryInForce := identityKind && in.Boundary != nil
	sessionInForce := sessionKind && in.Session != nil
	e.hasBoundary = boundaryInForce
	mgmt := req.ManagementAccount
	scpApply := len(in.SCPs) > 0 && p.isAccountIdentity() && !p.ServiceLinked && !(mgmt != "" && p.Account == mgmt)
	rcpApply := len(in.RCPs) > 0 && !p.ServiceLinked && !(mgmt != "" && req.ResourceAccount == mgmt) &&
		rcpAppliesLower(action)

	var id, rs, bd, ss typeResult
	if identityKind {
		id = e.evalSet(act, in.Identity, TypeIdentity, 0)
	}
	rs = e.evalSet(act, in.Resource, TypeResource, 0)
	if boundaryInForce {
		bd = e.evalSet(act, in.Boundary, TypeBoundary, 0)
	}
	if sessionInForce {
		ss = e.evalSet(act, in.Session, TypeSession, 0)
	}
	deny := id.deny || rs.deny || bd.deny || ss.deny
	scpOK, rcpOK := true, true
	if scpApply {
		for i, s := range in.SCPs {
			r := e.evalSet(act, s, TypeSCP, i)
			deny = deny || r.deny
			scpOK = scpOK && r.allow
		}
	}
	if rcpApply {
		for i, s := range in.RCPs {
			r := e.evalSet(act, s, TypeRCP, i)
			deny = deny || r.deny
			rcpOK = rcpOK && r.allow
		}
	}

	res.Decision = decide(req, &outcome{deny: deny, scpOK: scpOK, rcpOK: rcpOK, id: id, rs: rs, bd: bd, ss: ss,
		boundaryInForce: boundaryInForce, sessionInForce: sessionInForce})
	if p.authenticated() && needsNoPermission(action) {
		res.Decision = Allow // §6.2 step 0, §7.15: the statements that matched are still reported
	}
	res.finishMissing()
}

// outcome is what the policy groups in force said about one request.
type outcome struct {
	// deny is an explicit Deny in any group; scpOK and rcpOK that every SCP and RCP level
	// allowed (or none applies).
	deny, scpOK, rcpOK bool
	// id, rs, bd and ss are the identity, resource, boundary and session groups' results.
	id, rs, bd, ss typeResult
	// boundaryInForce and sessionInForce say whether a boundary or session policies apply.
	boundaryInForce, sessionInForce bool
}

// decide applies §6.8 to the per-group results.
func decide(req *Request, o *outcome) Decision {
	p := &req.Principal
	id, rs, bd, ss := o.id, o.rs, o.bd, o.ss
	boundaryInForce, sessionInForce := o.boundaryInForce, o.sessionInForce
	switch {
	case o.deny:
		return ExplicitDeny
	case !o.rcpOK, !o.scpOK:
		return ImplicitDeny
	}
	switch p.Kind {
	case PrincipalService, PrincipalAnonymous, PrincipalWebIdentity, PrincipalSAML:
		if rs.allow {
			return Allow
		}
		return ImplicitDeny
	case PrincipalUser, PrincipalRoleSession, PrincipalFederatedUser, PrincipalRoot:
	default:
		return ImplicitDeny
	}
	boundaryOK := !boundaryInForce || bd.allow
	sessionOK := true
	switch p.Kind {
	case PrincipalRoleSession:
		sessionOK = !sessionInForce || ss.allow
	case PrincipalFederatedUser:
		sessionOK = sessionInForce && ss.allow // no session policy: no permissions (§7.12)
	}
	identityOK := id.allow
	strict := req.ResourceKind == ResourceKMSKey || req.ResourceKind == ResourceRoleTrust
	sameAccount := p.Account == req.ResourceAccount

	if p.Kind == PrincipalRoot {
		if sameAccount && !strict || rs.allow {
			return Allow
		}
		return ImplicitDeny
	}
	if sameAccount {
		if strict {
			// A key or trust policy must allow the account before identity policies count.
			identityOK = identityOK && rs.via&viaAccount != 0
		}
		switch {
		case rs.via&(viaDirect|viaWildcard) != 0:
			return Allow
		case rs.via&viaRole != 0 && boundaryOK && sessionOK:
			return Allow
		case identityOK && boundaryOK && sessionOK:
			return Allow
		}
		return ImplicitDeny
	}
	if identityOK && boundaryOK && sessionOK && rs.allow {
		return Allow
	}
	return ImplicitDeny
}

// evalSet evaluates the candidate statements of s, merging the three ascending index
// lists so results come out in statement order and a statement listed twice is seen once.
func (e *evaluator) evalSet(act reqAction, s *Set, typ PolicyType, level int) typeResult {
	var r typeResult
	if s == nil {
		return r
	}
	exact := s.exact[string(act.name)]
	var service []int32
	if act.colon >= 0 {
		service = s.service[string(act.name[:act.colon])]
	}
	global := s.global
	const none = int32(1<<31 - 1)
	i, j, k := 0, 0, 0
	for {
		next := none
		if i < len(exact) && exact[i] < next {
			next = exact[i]
		}
		if j < len(service) && service[j] < next {
			next = service[j]
		}
		if k < len(global) && global[k] < next {
			next = global[k]
		}
		if next == none {
			return r
		}
		known := false
		if i < len(exact) && exact[i] == next {
			known = true
			i++
		}
		if j < len(service) && service[j] == next {
			j++
		}
		if k < len(global) && global[k] == next {
			k++
		}
		e.evalStatement(act.name, s, &s.stmts[next], known, typ, level, &r)
	}
}

func (e *evaluator) evalStatement(action []byte, s *Set, ss *setStmt, actionKnown bool, typ PolicyType, level int, r *typeResult) {
	st := ss.st
	if !actionKnown && !st.matchAction(action) {
		return
	}
	var v via
	if st.principal != nil {
		p := &e.req.Principal
		if st.notPrincipal {
			// NotPrincipal + Deny applies to everyone not named, and always to an IAM user
			// or role that has a permissions boundary (§3.4).
			if st.principal.names(p) && !e.hasBoundary {
				return
			}
		} else if v = st.principal.match(p); v == 0 {
			return
		}
	}
	matched, possible := e.matchResource(st)
	if !possible {
		return
	}
	for _, k := range st.resourceKeys {
		e.noteKey(k)
	}
	for _, k := range st.condKeys {
		e.noteKey(k)
	}
	if !matched {
		return
	}
	for i := range st.conds {
		if !st.conds[i].eval(e.ctx) {
			return
		}
	}
	e.res.Matched = append(e.res.Matched, Match{Type: typ, Level: level, PolicyIndex: ss.policy,
		PolicyID: s.policies[ss.policy].id, StatementIndex: st.index, Sid: st.sid, Effect: st.effect})
	if st.effect == EffectDeny {
		r.deny = true
	} else {
		r.allow = true
		r.via |= v
	}
}

func (e *evaluator) noteKey(k keyRef) {
	if _, ok := e.ctx.lookup(k.lower); !ok {
		e.res.addMissing(k)
	}
}

// matchAction reports whether the statement's Action (or NotAction) part matches the
// lower-cased request action.
func (st *statement) matchAction(action []byte) bool {
	any := false
	for _, a := range st.actions {
		if a.wild && globBytes(a.text, action) || !a.wild && a.text == string(action) {
			any = true
			break
		}
	}
	return any != st.notAction
}

// matchResource reports whether the statement's Resource (or NotResource) part matches the
// request's resource, and whether it possibly would (with unresolvable variables taken as
// '*'), which decides whether the statement's keys count as missing.
func (e *evaluator) matchResource(st *statement) (matched, possible bool) {
	if st.anyResource {
		return true, true
	}
	res := e.req.Resource
	for i := range st.resources {
		m, resolved := st.resources[i].matchGlob(res, e.ctx, false)
		if m {
			matched = true
			break
		}
		if !resolved && !possible && !st.notResource {
			possible, _ = st.resources[i].matchGlob(res, e.ctx, true)
		}
	}
	if st.notResource {
		// An entry with an unresolvable variable excludes nothing (§5).
		return !matched, !matched
	}
	return matched, matched || possible
}

// lowerASCII lower-cases the ASCII letters of s into buf.
func lowerASCII(s string, buf []byte) ([]byte, bool) {
	if len(s) > len(buf) {
		return nil, false
	}
	b := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b, true
}

// globBytes is arn.Glob over a byte slice (the lower-cased action), so the action need
// not become a string.
func globBytes(pattern string, s []byte) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				starP, starS = px+1, sx
				px++
				continue
			case '?':
				px++
				sx += runeLen(s[sx:])
				continue
			default:
				if c == s[sx] {
					px++
					sx++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		starS += runeLen(s[starS:])
		px, sx = starP, starS
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}

func runeLen(b []byte) int {
	switch c := b[0]; {
	case c < 0xC0:
		return 1
	case c < 0xE0 && len(b) >= 2:
		return 2
	case c < 0xF0 && len(b) >= 3:
		return 3
	case len(b) >= 4:
		return 4
	}
	return 1
}
