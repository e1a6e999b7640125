package policy

import (
	"fmt"
	"strings"
)

// elements are a statement's members, by element name.
type elements struct {
	effect, action, notAction, resource, notResource, principal, notPrincipal, condition *jmember
}

func (p *parser) statement(n *jnode, index int, path string) Statement {
	st := Statement{Index: index, Pos: n.pos, Path: path}
	e := p.elements(n, &st)
	p.effect(n, e.effect, &st)
	p.actions(n, &e, &st)
	p.resources(n, &e, &st)
	p.principals(n, &e, &st)
	if e.condition != nil {
		st.Conditions = p.conditions(e.condition.val, path+".Condition")
	}
	// RCPs: Allow only in the shape of the AWS-managed RCPFullAWSAccess.
	if p.kind == RCP && st.Effect == EffectAllow && !isFullAccess(&st) {
		p.fail(stageSyntax, e.effect.val.pos, path+".Effect", msgOrgsRequirements,
			`an RCP statement with "Effect": "Allow" must allow every action on every resource to "*" without conditions (RCPFullAWSAccess)`)
	}
	return st
}

// elements sorts a statement's members by name and reads its Sid.
func (p *parser) elements(n *jnode, st *Statement) elements {
	var e elements
	for i := range n.members {
		m := &n.members[i]
		switch m.key {
		case "Sid":
			if m.val.kind != jString {
				p.fail(stageSyntax, m.val.pos, st.Path+".Sid", msgSyntax, "Sid must be a string")
				continue
			}
			st.Sid = m.val.text
			if p.use != 0 && !isAlnum(st.Sid) {
				p.fail(stageSid, m.val.pos, st.Path+".Sid", msgSidAlnum, "")
			}
		case "Effect":
			e.effect = m
		case "Action":
			e.action = m
		case "NotAction":
			e.notAction = m
		case "Resource":
			e.resource = m
		case "NotResource":
			e.notResource = m
		case "Principal":
			e.principal = m
		case "NotPrincipal":
			e.notPrincipal = m
		case "Condition":
			e.condition = m
		default:
			p.fail(stageSyntax, m.keyPos, st.Path+"."+m.key, msgSyntax, "unknown element %q in a statement", m.key)
		}
	}
	return e
}

// effect reads Effect. IAM's grammar takes "Allow" and "Deny" in any case; its legacy parser
// then refuses any other spelling than those two.
func (p *parser) effect(n *jnode, m *jmember, st *Statement) {
	const path = ".Effect"
	switch {
	case m == nil && p.use != 0:
		p.fail(stageSyntax, n.pos, st.Path, msgSyntax, "a statement needs an Effect")
	case m == nil:
		p.fail(stageSyntax, n.pos, st.Path, fmt.Sprintf(msgMissingField, "Effect"), "")
	case m.val.kind != jString:
		p.fail(stageSyntax, m.val.pos, st.Path+path, msgSyntax, "Effect must be a string")
	case m.val.text == "Allow":
		st.Effect = EffectAllow
	case m.val.text == "Deny":
		st.Effect = EffectDeny
	case p.use != 0 && (strings.EqualFold(m.val.text, "Allow") || strings.EqualFold(m.val.text, "Deny")):
		p.fail(stageLegacy, m.val.pos, st.Path+path, msgLegacyParsing, `Effect must be spelled "Allow" or "Deny", not %q`, m.val.text)
	default:
		p.fail(stageSyntax, m.val.pos, st.Path+path, msgSyntax, `Effect must be "Allow" or "Deny", not %q`, m.val.text)
	}
}

// actions reads Action or NotAction.
func (p *parser) actions(n *jnode, e *elements, st *Statement) {
	am := e.action
	switch {
	case e.action != nil && e.notAction != nil:
		p.fail(stageSyntax, e.notAction.keyPos, st.Path+".NotAction", msgSyntax, "a statement cannot have both Action and NotAction")
	case e.action == nil && e.notAction == nil:
		p.fail(stageActions, n.pos, st.Path, msgNeedActions, "")
	case e.notAction != nil:
		am, st.NotAction = e.notAction, true
	}
	if am == nil {
		return
	}
	apath := st.Path + "." + am.key
	st.Actions = p.stringList(am.val, apath, stageActions, msgNeedActions)
	for i, v := range st.Actions {
		p.checkAction(v, elemPath(apath, am.val, i), st.NotAction)
	}
	if st.NotAction && p.kind == RCP {
		p.fail(stageSyntax, am.keyPos, apath, msgOrgsRequirements, "an RCP cannot use NotAction")
	}
}

// resources reads Resource or NotResource; role trust policies have neither.
func (p *parser) resources(n *jnode, e *elements, st *Statement) {
	rm := e.resource
	switch {
	case p.kind == RoleTrust:
		for _, m := range []*jmember{e.resource, e.notResource} {
			if m != nil {
				p.fail(stageSyntax, m.keyPos, st.Path+"."+m.key, fmt.Sprintf(msgProhibitedField, m.key), "a role trust policy names no resources")
			}
		}
		return
	case e.resource != nil && e.notResource != nil:
		p.fail(stageSyntax, e.notResource.keyPos, st.Path+".NotResource", msgSyntax, "a statement cannot have both Resource and NotResource")
	case e.resource == nil && e.notResource == nil:
		p.fail(stageResources, n.pos, st.Path, msgNeedResources, "")
	case e.notResource != nil:
		rm, st.NotResource = e.notResource, true
	}
	if rm == nil {
		return
	}
	rpath := st.Path + "." + rm.key
	st.Resources = p.stringList(rm.val, rpath, stageResources, msgNeedResources)
	p.checkResources(st, rpath, rm.val)
}

// principals reads Principal or NotPrincipal: required in resource-based kinds, refused in the
// others.
func (p *parser) principals(n *jnode, e *elements, st *Statement) {
	pm := e.principal
	switch {
	case e.principal != nil && e.notPrincipal != nil:
		p.fail(stageSyntax, e.notPrincipal.keyPos, st.Path+".NotPrincipal", msgSyntax, "a statement cannot have both Principal and NotPrincipal")
	case e.notPrincipal != nil:
		pm, st.NotPrincipal = e.notPrincipal, true
	}
	switch {
	case p.kind == SCP && pm != nil:
		p.fail(stageSyntax, pm.keyPos, st.Path+"."+pm.key, msgOrgsRequirements, "an SCP cannot specify a principal")
	case !p.kind.resourceBased() && pm != nil:
		p.fail(stagePrincipal, pm.keyPos, st.Path+"."+pm.key, msgNoPrincipal, "")
	case p.kind.resourceBased() && pm == nil:
		p.fail(stageSyntax, n.pos, st.Path, fmt.Sprintf(msgMissingField, "Principal"), "")
	case p.kind.resourceBased():
		p.principalRules(pm, st)
	}
}

// principalRules applies the rules of the kinds that name principals.
func (p *parser) principalRules(pm *jmember, st *Statement) {
	ppath := st.Path + "." + pm.key
	st.Principal = p.principal(pm.val, ppath)
	switch {
	case st.NotPrincipal && p.kind == RoleTrust:
		p.fail(stageSyntax, pm.keyPos, ppath, fmt.Sprintf(msgProhibitedField, "NotPrincipal"), "a role trust policy cannot use NotPrincipal")
	case st.NotPrincipal && p.kind == RCP:
		p.fail(stageSyntax, pm.keyPos, ppath, msgOrgsRequirements, "an RCP cannot use NotPrincipal")
	case st.NotPrincipal && st.Effect == EffectAllow:
		p.fail(stagePrincipal, pm.keyPos, ppath, `NotPrincipal can be used only with "Effect": "Deny".`, "")
	case p.kind == RCP && st.Principal != nil && !st.Principal.isWildcard():
		p.fail(stageSyntax, pm.val.pos, ppath, msgOrgsRequirements, `the Principal of an RCP must be "*"`)
	}
}

func isFullAccess(st *Statement) bool {
	return !st.NotAction && len(st.Actions) == 1 && st.Actions[0].Text == "*" &&
		!st.NotResource && len(st.Resources) == 1 && st.Resources[0].Text == "*" &&
		len(st.Conditions) == 0
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
