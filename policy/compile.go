package policy

import (
	"strings"

	"github.com/gatehouse-iam/gatehouse/arn"
)

// Policy is a compiled policy document, ready to be grouped into a Set and evaluated.
// It is immutable and safe for concurrent use.
type Policy struct {
	kind  Kind
	id    string
	doc   *Document
	stmts []*statement
}

// Kind returns the kind the document was parsed as.
func (p *Policy) Kind() Kind { return p.kind }

// ID returns the document's Id element ("" when it has none).
func (p *Policy) ID() string { return p.id }

// Document returns the parsed document the policy was compiled from.
func (p *Policy) Document() *Document { return p.doc }

// statement is a compiled statement.
type statement struct {
	index  int
	sid    string
	effect Effect
	// never is set for a statement the evaluator cannot interpret (no valid Effect, an
	// unknown condition operator, a principal where none belongs…): it never applies,
	// which fails closed for Allow (evaluation-semantics.md §1.5).
	never bool

	actions   []actionPattern
	notAction bool

	// resources is empty and anyResource set in role trust statements, which have no
	// resource part.
	resources   []pattern
	notResource bool
	anyResource bool

	principal    *principalSet // nil: the statement names no principal
	notPrincipal bool

	conds []cond
	// resourceKeys and condKeys are the context keys the statement refers to, for
	// reporting the ones a request lacks.
	resourceKeys []keyRef
	condKeys     []keyRef
}

// actionPattern is a lower-cased Action or NotAction entry.
type actionPattern struct {
	text string
	wild bool
}

// Compile turns a parsed document into a Policy. It never fails: what it cannot interpret
// makes the statement concerned never apply.
func Compile(doc *Document) *Policy {
	p := &Policy{kind: doc.Kind, id: doc.ID, doc: doc}
	vars := doc.variables()
	for i := range doc.Statements {
		p.stmts = append(p.stmts, compileStatement(&doc.Statements[i], doc.Kind, vars))
	}
	return p
}

// ParseCompile parses a document of the given kind and compiles it; it fails when Parse
// reports an Error-severity problem.
func ParseCompile(data []byte, kind Kind) (*Policy, error) {
	doc, err := Parse(data, kind)
	if err != nil {
		return nil, err
	}
	return Compile(doc), nil
}

func compileStatement(s *Statement, kind Kind, vars bool) *statement {
	st := &statement{index: s.Index, sid: s.Sid, effect: s.Effect, notAction: s.NotAction,
		notResource: s.NotResource, notPrincipal: s.NotPrincipal}
	if s.Effect != EffectAllow && s.Effect != EffectDeny || len(s.Actions) == 0 {
		st.never = true
	}
	for _, a := range s.Actions {
		t := strings.ToLower(a.Text)
		st.actions = append(st.actions, actionPattern{text: t, wild: strings.ContainsAny(t, "*?")})
	}
	switch {
	case kind == RoleTrust:
		st.anyResource = true
	case len(s.Resources) == 0:
		st.never = true
	}
	for _, r := range s.Resources {
		pat := compilePattern(r.Text, vars, true)
		st.resourceKeys = pat.keys(st.resourceKeys)
		st.resources = append(st.resources, pat)
	}
	switch {
	case kind.resourceBased() && s.Principal == nil:
		st.never = true
	case !kind.resourceBased() && s.Principal != nil:
		st.never = true
	case s.Principal != nil:
		st.principal = compilePrincipal(s.Principal)
		if s.NotPrincipal && s.Effect == EffectAllow {
			st.never = true // NotPrincipal with Allow is not supported (§1.3)
		}
	}
	for _, c := range s.Conditions {
		op, problem := parseOperator(c.Operator)
		if problem != "" {
			st.never = true // an unknown operator makes its condition, so the statement, false
			continue
		}
		cc := cond{opName: op, key: strings.ToLower(c.Key), name: c.Key}
		for _, v := range c.Values {
			cv, _ := op.base.compile(v.Text, vars && op.base.vars)
			cc.values = append(cc.values, cv)
		}
		st.condKeys = cc.keys(st.condKeys)
		st.conds = append(st.conds, cc)
	}
	return st
}

// principalSet is a compiled Principal or NotPrincipal element.
type principalSet struct {
	all          bool     // "*" or {"AWS": "*"}
	arns         []string // user, role, assumed-role session and federated-user ARNs
	uniqueIDs    []string // AIDA…/AROA… entries (how AWS stores principals of deleted entities)
	accounts     []string // 12-digit IDs, from either the ID or the root-user ARN form
	services     []string
	anyService   bool
	federated    []string
	anyFederated bool
}

func compilePrincipal(e *PrincipalElement) *principalSet {
	ps := &principalSet{all: e.Wildcard}
	for _, v := range e.AWS {
		t := v.Text
		switch {
		case t == "*":
			ps.all = true
		case arn.IsAccountID(t):
			ps.accounts = append(ps.accounts, t)
		default:
			if _, ok := arn.IsUniqueID(t); ok {
				ps.uniqueIDs = append(ps.uniqueIDs, t)
				continue
			}
			if a, err := arn.Parse(t); err == nil && a.IsAccountRoot() {
				ps.accounts = append(ps.accounts, a.AccountID)
				continue
			}
			ps.arns = append(ps.arns, t)
		}
	}
	for _, v := range e.Service {
		if v.Text == "*" {
			ps.anyService = true
		}
		ps.services = append(ps.services, v.Text)
	}
	for _, v := range e.Federated {
		if v.Text == "*" {
			ps.anyFederated = true
		}
		ps.federated = append(ps.federated, v.Text)
	}
	// CanonicalUser entries name S3 canonical IDs, which Gatehouse principals do not
	// have; they match nobody.
	return ps
}

// via says which kind of principal entry matched the caller; the evaluation algorithm
// treats grants differently by it (evaluation-semantics.md §6.3).
type via uint8

const (
	viaWildcard via = 1 << iota // "*" or {"AWS": "*"}
	viaDirect                   // the caller's own user, session, federated-user, service or provider entry
	viaRole                     // the role of a session, or the IAM user behind a federated session
	viaAccount                  // the caller's account (ID or root ARN)
)

func contains(list []string, s string) bool {
	if s == "" {
		return false
	}
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// match returns how the entries match the caller (zero: not at all).
func (ps *principalSet) match(p *Principal) via {
	var v via
	if ps.all {
		v |= viaWildcard
	}
	switch p.Kind {
	case PrincipalUser:
		if contains(ps.arns, p.ARN) || contains(ps.uniqueIDs, p.ID) {
			v |= viaDirect
		}
	case PrincipalRoleSession:
		if contains(ps.arns, p.ARN) {
			v |= viaDirect
		}
		if contains(ps.arns, p.RoleARN) || contains(ps.uniqueIDs, roleID(p.ID)) {
			v |= viaRole
		}
	case PrincipalFederatedUser:
		if contains(ps.arns, p.ARN) {
			v |= viaDirect
		}
		if contains(ps.arns, p.FederatedFrom) {
			v |= viaRole
		}
	case PrincipalService:
		if ps.anyService || containsFold(ps.services, p.ARN) {
			v |= viaDirect
		}
		return v
	case PrincipalWebIdentity, PrincipalSAML:
		if ps.anyFederated || contains(ps.federated, p.ARN) {
			v |= viaDirect
		}
		return v
	case PrincipalAnonymous:
		return v
	}
	if contains(ps.accounts, p.Account) {
		v |= viaAccount
	}
	return v
}

// names reports whether a NotPrincipal list excepts the caller. Gatehouse rule (§3.4):
// only the caller's own identity excepts it — the user, the session, the federated user,
// the account for the root user; naming a role does not except its sessions.
func (ps *principalSet) names(p *Principal) bool {
	if ps.all {
		return true
	}
	switch p.Kind {
	case PrincipalUser:
		return contains(ps.arns, p.ARN) || contains(ps.uniqueIDs, p.ID)
	case PrincipalRoleSession, PrincipalFederatedUser:
		return contains(ps.arns, p.ARN)
	case PrincipalRoot:
		return contains(ps.accounts, p.Account)
	case PrincipalService:
		return ps.anyService || containsFold(ps.services, p.ARN)
	case PrincipalWebIdentity, PrincipalSAML:
		return ps.anyFederated || contains(ps.federated, p.ARN)
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// roleID returns the role part of a role session's ID ("AROA…:session" → "AROA…").
func roleID(id string) string {
	if i := strings.IndexByte(id, ':'); i >= 0 {
		return id[:i]
	}
	return id
}
