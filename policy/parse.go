package policy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-iam/gatehouse/arn"
)

// Parse reads a policy document of the given kind and checks it against AWS's grammar and
// the kind's rules (evaluation-semantics.md §1). It reports every problem at once: the
// error is a *ValidationError when any problem is an Error. The Document is returned
// whenever the JSON itself is well formed, even when invalid, so that a caller that must
// evaluate a stored policy from another source can still compile it; whatever cannot be
// interpreted then fails closed.
func Parse(data []byte, kind Kind) (*Document, error) {
	p := &parser{kind: kind, data: data}
	doc := p.parse()
	p.sort()
	for _, pr := range p.problems {
		if pr.Severity == Error {
			return doc, &ValidationError{Problems: p.problems}
		}
	}
	if doc != nil {
		doc.Problems = p.problems
	}
	return doc, nil
}

// Validate returns every problem of a policy document, errors and warnings, in document
// order; nil when there are none.
func Validate(data []byte, kind Kind) []Problem {
	p := &parser{kind: kind, data: data}
	p.parse()
	p.sort()
	return p.problems
}

// sort puts the problems in document order.
func (p *parser) sort() {
	sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Pos.Offset < p.problems[j].Pos.Offset })
}

type parser struct {
	kind     Kind
	data     []byte
	doc      *Document
	problems []Problem
}

func (p *parser) add(sev Severity, pos Pos, path, msg, detail string) {
	p.problems = append(p.problems, Problem{Severity: sev, Pos: pos, Path: path, Message: msg, Detail: detail})
}

func (p *parser) errorf(pos Pos, path, msg, detailFormat string, args ...any) {
	detail := detailFormat
	if len(args) > 0 {
		detail = fmt.Sprintf(detailFormat, args...)
	}
	p.add(Error, pos, path, msg, detail)
}

func (p *parser) warnf(pos Pos, path, msg string, args ...any) {
	p.add(Warning, pos, path, fmt.Sprintf(msg, args...), "")
}

var docStart = Pos{Line: 1, Col: 1}

func (p *parser) parse() *Document {
	if p.kind < Identity || p.kind > Session {
		p.errorf(docStart, "", msgSyntax, "unknown policy kind %d", p.kind)
		return nil
	}
	root, jerr := parseJSON(p.data)
	if jerr != nil {
		p.errorf(jerr.pos, "", msgSyntax, "%s", jerr.msg)
		return nil
	}
	p.checkCharacters()
	p.checkSize()
	doc := &Document{Kind: p.kind}
	p.doc = doc
	if root.kind != jObject {
		p.errorf(root.pos, "", msgSyntax, "the policy must be a JSON object, not %s", root.kind)
		return doc
	}
	var stmt *jmember
	for i := range root.members {
		m := &root.members[i]
		switch m.key {
		case "Version":
			if m.val.kind != jString {
				p.errorf(m.val.pos, "Version", msgSyntax, "Version must be a string")
				continue
			}
			doc.Version, doc.VersionPos = m.val.text, m.val.pos
			if doc.Version != Version2012 && doc.Version != Version2008 {
				p.errorf(m.val.pos, "Version", msgLegacyParsing, "Version must be %q or %q, not %q",
					Version2012, Version2008, doc.Version)
			}
		case "Id":
			if m.val.kind != jString {
				p.errorf(m.val.pos, "Id", msgSyntax, "Id must be a string")
				continue
			}
			doc.ID, doc.HasID = m.val.text, true
			// IAM accepts an Id in every policy it stores (the grammar page lists it for all of
			// them, and IAM's validator takes it in identity policies); the Organizations syntax of
			// SCPs and RCPs has no Id element.
			if p.kind == SCP || p.kind == RCP {
				p.errorf(m.keyPos, "Id", fmt.Sprintf(msgProhibitedField, "Id"),
					"Id is not an element of %s policies", p.kind)
			}
		case "Statement":
			stmt = m
		default:
			p.errorf(m.keyPos, m.key, msgSyntax, "unknown element %q; a policy has Version, Id and Statement", m.key)
		}
	}
	if stmt == nil {
		p.errorf(root.pos, "", fmt.Sprintf(msgMissingField, "Statement"), "")
		return doc
	}
	switch n := stmt.val; n.kind {
	case jObject:
		doc.Statements = append(doc.Statements, p.statement(n, 0, "Statement"))
	case jArray:
		doc.StatementArray = true
		if len(n.elems) == 0 {
			p.errorf(n.pos, "Statement", msgSyntax, "Statement must not be an empty array")
		}
		for i, e := range n.elems {
			path := "Statement[" + strconv.Itoa(i) + "]"
			if e.kind != jObject {
				p.errorf(e.pos, path, msgSyntax, "a statement must be a JSON object, not %s", e.kind)
				continue
			}
			doc.Statements = append(doc.Statements, p.statement(e, i, path))
		}
	default:
		p.errorf(n.pos, "Statement", msgSyntax, "Statement must be an object or an array of objects, not %s", n.kind)
	}
	p.checkSids()
	return doc
}

// checkCharacters applies IAM's character set (tab, LF, CR and U+0020–U+00FF) to every
// kind but generic resource policies, whose services are laxer.
func (p *parser) checkCharacters() {
	if p.kind == Resource {
		return
	}
	for i := 0; i < len(p.data); {
		if c := p.data[i]; c >= 0x20 && c < 0x7F || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		r, n := utf8.DecodeRune(p.data[i:])
		if r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r > 0xFF) {
			p.errorf(posAt(p.data, i), "", msgSyntax, "character %U is not allowed in a policy", r)
			return
		}
		i += n
	}
}

func (p *parser) checkSize() {
	limit, countWhitespace := p.kind.maxChars()
	if limit == 0 {
		return
	}
	n := SizeWithoutWhitespace(p.data)
	how := "excluding whitespace"
	if countWhitespace {
		n, how = utf8.RuneCount(p.data), "including whitespace"
	}
	if n > limit {
		p.errorf(docStart, "", fmt.Sprintf(msgPolicySize, limit),
			"the document has %d characters %s; a %s policy may have %d", n, how, p.kind, limit)
	}
}

func (p *parser) checkSids() {
	if p.kind == Resource {
		return
	}
	seen := map[string]bool{}
	for _, s := range p.doc.Statements {
		if s.Sid == "" {
			continue
		}
		if seen[s.Sid] {
			p.errorf(s.Pos, s.Path+".Sid", msgSidUnique, "Sid %q appears more than once", s.Sid)
		}
		seen[s.Sid] = true
	}
}

// trustActions are the actions a role trust policy may name (evaluation-semantics.md §1.3,
// plus sts:SetContext, which IAM accepts in trust policies for context-aware sessions).
var trustActions = []string{
	"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
	"sts:tagsession", "sts:setsourceidentity", "sts:setcontext",
}

func (p *parser) statement(n *jnode, index int, path string) Statement {
	st := Statement{Index: index, Pos: n.pos, Path: path}
	var effect, action, notAction, resource, notResource, principal, notPrincipal, condition *jmember
	for i := range n.members {
		m := &n.members[i]
		switch m.key {
		case "Sid":
			if m.val.kind != jString {
				p.errorf(m.val.pos, path+".Sid", msgSyntax, "Sid must be a string")
				continue
			}
			st.Sid = m.val.text
			if p.kind != Resource && !isAlnum(st.Sid) {
				p.errorf(m.val.pos, path+".Sid", msgSidAlnum, "")
			}
		case "Effect":
			effect = m
		case "Action":
			action = m
		case "NotAction":
			notAction = m
		case "Resource":
			resource = m
		case "NotResource":
			notResource = m
		case "Principal":
			principal = m
		case "NotPrincipal":
			notPrincipal = m
		case "Condition":
			condition = m
		default:
			p.errorf(m.keyPos, path+"."+m.key, msgSyntax, "unknown element %q in a statement", m.key)
		}
	}

	// Effect.
	switch {
	case effect == nil:
		p.errorf(n.pos, path, fmt.Sprintf(msgMissingField, "Effect"), "")
	case effect.val.kind != jString:
		p.errorf(effect.val.pos, path+".Effect", msgSyntax, "Effect must be a string")
	case effect.val.text == "Allow":
		st.Effect = EffectAllow
	case effect.val.text == "Deny":
		st.Effect = EffectDeny
	default:
		p.errorf(effect.val.pos, path+".Effect", msgSyntax, `Effect must be "Allow" or "Deny", not %q`, effect.val.text)
	}

	// Action / NotAction.
	am := action
	switch {
	case action != nil && notAction != nil:
		p.errorf(notAction.keyPos, path+".NotAction", msgSyntax, "a statement cannot have both Action and NotAction")
	case action == nil && notAction == nil:
		p.errorf(n.pos, path, msgNeedActions, "")
	case notAction != nil:
		am, st.NotAction = notAction, true
	}
	if am != nil {
		apath := path + "." + am.key
		st.Actions = p.stringList(am.val, apath, msgNeedActions)
		for i, v := range st.Actions {
			p.checkAction(v, elemPath(apath, am.val, i), st.NotAction)
		}
		if st.NotAction && p.kind == RCP {
			p.errorf(am.keyPos, apath, msgOrgsRequirements, "an RCP cannot use NotAction")
		}
	}

	// Resource / NotResource.
	rm := resource
	switch {
	case p.kind == RoleTrust:
		for _, m := range []*jmember{resource, notResource} {
			if m != nil {
				p.errorf(m.keyPos, path+"."+m.key, fmt.Sprintf(msgProhibitedField, m.key), "a role trust policy names no resources")
			}
		}
		rm = nil
	case resource != nil && notResource != nil:
		p.errorf(notResource.keyPos, path+".NotResource", msgSyntax, "a statement cannot have both Resource and NotResource")
	case resource == nil && notResource == nil:
		p.errorf(n.pos, path, msgNeedResources, "")
	case notResource != nil:
		rm, st.NotResource = notResource, true
	}
	if rm != nil {
		rpath := path + "." + rm.key
		st.Resources = p.stringList(rm.val, rpath, msgNeedResources)
		for i, v := range st.Resources {
			p.checkResource(v, elemPath(rpath, rm.val, i))
		}
	}

	// Principal / NotPrincipal.
	pm := principal
	switch {
	case principal != nil && notPrincipal != nil:
		p.errorf(notPrincipal.keyPos, path+".NotPrincipal", msgSyntax, "a statement cannot have both Principal and NotPrincipal")
	case notPrincipal != nil:
		pm, st.NotPrincipal = notPrincipal, true
	}
	switch {
	case p.kind == SCP && pm != nil:
		p.errorf(pm.keyPos, path+"."+pm.key, msgOrgsRequirements, "an SCP cannot specify a principal")
	case !p.kind.resourceBased() && pm != nil:
		p.errorf(pm.keyPos, path+"."+pm.key, msgNoPrincipal, "")
	case p.kind.resourceBased() && pm == nil:
		p.errorf(n.pos, path, fmt.Sprintf(msgMissingField, "Principal"), "")
	case p.kind.resourceBased():
		ppath := path + "." + pm.key
		st.Principal = p.principal(pm.val, ppath)
		switch {
		case st.NotPrincipal && p.kind == RoleTrust:
			p.errorf(pm.keyPos, ppath, fmt.Sprintf(msgProhibitedField, "NotPrincipal"), "a role trust policy cannot use NotPrincipal")
		case st.NotPrincipal && p.kind == RCP:
			p.errorf(pm.keyPos, ppath, msgOrgsRequirements, "an RCP cannot use NotPrincipal")
		case st.NotPrincipal && st.Effect == EffectAllow:
			p.errorf(pm.keyPos, ppath, `NotPrincipal can be used only with "Effect": "Deny".`, "")
		case p.kind == RCP && st.Principal != nil && !st.Principal.isWildcard():
			p.errorf(pm.val.pos, ppath, msgOrgsRequirements, `the Principal of an RCP must be "*"`)
		}
	}

	// Condition.
	if condition != nil {
		st.Conditions = p.conditions(condition.val, path+".Condition")
	}

	// RCPs: Allow only in the shape of the AWS-managed RCPFullAWSAccess.
	if p.kind == RCP && st.Effect == EffectAllow && !isFullAccess(&st) {
		p.errorf(effect.val.pos, path+".Effect", msgOrgsRequirements,
			`an RCP statement with "Effect": "Allow" must allow every action on every resource to "*" without conditions (RCPFullAWSAccess)`)
	}
	return st
}

func isFullAccess(st *Statement) bool {
	return !st.NotAction && len(st.Actions) == 1 && st.Actions[0].Text == "*" &&
		!st.NotResource && len(st.Resources) == 1 && st.Resources[0].Text == "*" &&
		len(st.Conditions) == 0
}

func (pr *PrincipalElement) isWildcard() bool {
	return pr.Wildcard || len(pr.Service)+len(pr.Federated)+len(pr.CanonicalUser) == 0 &&
		len(pr.AWS) == 1 && pr.AWS[0].Text == "*"
}

func elemPath(path string, n *jnode, i int) string {
	if n.kind == jArray {
		return path + "[" + strconv.Itoa(i) + "]"
	}
	return path
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

// stringList reads a string or a non-empty array of strings (Action, Resource, principal
// entries). emptyMsg is the message for an empty array.
func (p *parser) stringList(n *jnode, path, emptyMsg string) []Value {
	switch n.kind {
	case jString:
		return []Value{{Text: n.text, Pos: n.pos}}
	case jArray:
		if len(n.elems) == 0 {
			p.errorf(n.pos, path, emptyMsg, "the array is empty")
			return nil
		}
		out := make([]Value, 0, len(n.elems))
		for i, e := range n.elems {
			if e.kind != jString {
				p.errorf(e.pos, path+"["+strconv.Itoa(i)+"]", msgSyntax, "expected a string, not %s", e.kind)
				continue
			}
			out = append(out, Value{Text: e.text, Pos: e.pos})
		}
		return out
	}
	p.errorf(n.pos, path, msgSyntax, "expected a string or an array of strings, not %s", n.kind)
	return nil
}

func (p *parser) checkAction(v Value, path string, not bool) {
	text := v.Text
	if text == "*" {
		if p.kind == RoleTrust && !not {
			p.errorf(v.Pos, path, msgTrustActions, "")
		}
		return
	}
	prefix, name, ok := strings.Cut(text, ":")
	switch {
	case !ok || prefix == "":
		p.errorf(v.Pos, path, msgVendor, "%q has no service prefix", text)
		return
	case strings.Contains(name, ":"):
		p.errorf(v.Pos, path, msgOneColon, "")
		return
	case strings.ContainsAny(prefix, "*?"):
		p.errorf(v.Pos, path, msgVendor, "the service prefix of %q cannot contain wildcards", text)
		return
	case !isServicePrefix(prefix):
		p.errorf(v.Pos, path, msgVendor, "%q is not a valid service prefix", prefix)
		return
	case name == "":
		p.errorf(v.Pos, path, msgSyntax, "%q has no action name after the colon", text)
		return
	}
	if p.kind == RoleTrust && !not {
		lower := strings.ToLower(text)
		for _, a := range trustActions {
			if arn.Glob(lower, a) {
				return
			}
		}
		p.errorf(v.Pos, path, msgTrustActions, "%q is not an sts:AssumeRole* action", text)
	}
}

func isServicePrefix(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// checkResource applies the ARN rules of §3.3 to one Resource or NotResource entry: "*" or
// an ARN whose service segment is present and has no wildcard, with policy variables only
// in the resource segment (after the fifth colon).
func (p *parser) checkResource(v Value, path string) {
	if v.Text == "*" {
		return
	}
	pat := compilePattern(v.Text, p.doc.variables(), true)
	// shape is the text with every variable replaced by NUL, so colons inside variables
	// do not count as separators.
	var b strings.Builder
	for _, sg := range pat.segs {
		switch sg.kind {
		case segLit:
			b.WriteString(sg.text)
		case segVar:
			b.WriteByte(0)
		case segStar:
			b.WriteByte('*')
		case segOne:
			b.WriteByte('?')
		}
	}
	shape := b.String()
	parts := strings.SplitN(shape, ":", 6)
	if len(parts) < 4 || parts[0] != "arn" || parts[2] == "" {
		p.errorf(v.Pos, path, fmt.Sprintf(msgResourceARNFormat, v.Text), "")
		return
	}
	if strings.ContainsAny(parts[2], "*?\x00") {
		p.errorf(v.Pos, path, fmt.Sprintf(msgResourceARNFormat, v.Text), "the service segment cannot contain wildcards or variables")
		return
	}
	for i := 0; i < len(parts) && i < 5; i++ {
		if strings.IndexByte(parts[i], 0) >= 0 {
			p.errorf(v.Pos, path, msgSyntax, "policy variables are allowed only in the resource segment of an ARN, after the fifth colon")
			return
		}
	}
	if len(parts) < 6 {
		for _, part := range parts[:len(parts)-1] {
			if strings.Contains(part, "*") {
				p.warnf(v.Pos, path, "the '*' in %q ends a segment of an ARN with fewer than six parts, so it matches across ':'", v.Text)
				break
			}
		}
	}
}

func (p *parser) principal(n *jnode, path string) *PrincipalElement {
	pr := &PrincipalElement{Pos: n.pos}
	switch n.kind {
	case jString:
		if n.text != "*" {
			p.errorf(n.pos, path, fmt.Sprintf(msgInvalidPrincipal, strconv.Quote(n.text)),
				`a Principal string must be "*"; name principals in a map such as {"AWS": "..."}`)
		}
		pr.Wildcard = true
		return pr
	case jObject:
	default:
		p.errorf(n.pos, path, msgSyntax, "Principal must be \"*\" or an object, not %s", n.kind)
		return pr
	}
	if len(n.members) == 0 {
		p.errorf(n.pos, path, msgSyntax, "Principal names no principals")
	}
	for i := range n.members {
		m := &n.members[i]
		mpath := path + "." + m.key
		var dst *[]Value
		switch m.key {
		case "AWS":
			dst = &pr.AWS
		case "Service":
			dst = &pr.Service
		case "Federated":
			dst = &pr.Federated
		case "CanonicalUser":
			dst = &pr.CanonicalUser
		default:
			p.errorf(m.keyPos, mpath, fmt.Sprintf(msgInvalidPrincipal, strconv.Quote(m.key)),
				"a principal map has the keys AWS, Service, Federated and CanonicalUser")
			continue
		}
		vals := p.stringList(m.val, mpath, msgSyntax)
		for j, v := range vals {
			vpath := elemPath(mpath, m.val, j)
			if !validPrincipalEntry(m.key, v.Text) {
				p.errorf(v.Pos, vpath, fmt.Sprintf(msgInvalidPrincipal, fmt.Sprintf("%q:%q", m.key, v.Text)), "")
			}
		}
		*dst = append(*dst, vals...)
	}
	return pr
}

func validPrincipalEntry(key, v string) bool {
	if v == "" || strings.ContainsAny(v, " \t\r\n") {
		return false
	}
	if key != "AWS" || v == "*" || arn.IsAccountID(v) {
		return true
	}
	if _, ok := arn.IsUniqueID(v); ok {
		return true
	}
	a, err := arn.Parse(v)
	return err == nil && (a.Service == "iam" || a.Service == "sts")
}

// knownMultiValued are global condition keys that are always multi-valued; a bare operator
// on them is a warning (evaluation-semantics.md §2.2, §4.6).
var knownMultiValued = map[string]bool{
	"aws:tagkeys": true, "aws:calledvia": true, "aws:principalorgpaths": true,
	"aws:resourceorgpaths": true, "aws:sourceorgpaths": true, "aws:vpceorgpaths": true,
	"aws:principalservicenameslist": true,
}

func (p *parser) conditions(n *jnode, path string) []Condition {
	if n.kind != jObject {
		p.errorf(n.pos, path, msgSyntax, "Condition must be an object, not %s", n.kind)
		return nil
	}
	var out []Condition
	for i := range n.members {
		om := &n.members[i]
		opath := path + "." + om.key
		op, problem := parseOperator(om.key)
		if problem != "" {
			p.errorf(om.keyPos, opath, msgSyntax, "%s", problem)
		}
		if om.val.kind != jObject {
			p.errorf(om.val.pos, opath, msgSyntax, "a condition operator takes an object of keys, not %s", om.val.kind)
			continue
		}
		for j := range om.val.members {
			km := &om.val.members[j]
			kpath := opath + "." + km.key
			c := Condition{Operator: om.key, OperatorPos: om.keyPos, Key: km.key, KeyPos: km.keyPos}
			if vendor, _, ok := strings.Cut(km.key, ":"); !ok || vendor == "" {
				p.errorf(km.keyPos, kpath, msgVendor, "condition key %q has no service prefix", km.key)
			}
			c.Values = p.conditionValues(km.val, kpath)
			if problem == "" {
				for k, v := range c.Values {
					if _, bad := op.base.compile(v.Text, p.doc.variables()); bad != "" {
						p.errorf(v.Pos, elemPath(kpath, km.val, k), msgSyntax, "%s", bad)
					}
				}
				if op.set == setForAnyValue && op.ifExists {
					p.warnf(om.keyPos, opath, "ForAnyValue with IfExists is true when %s is absent, which is rarely what is meant", km.key)
				}
				if op.set == setNone && op.base.name != opNull && knownMultiValued[strings.ToLower(km.key)] {
					p.warnf(km.keyPos, kpath, "%s is multi-valued; without ForAllValues or ForAnyValue this condition is always false", km.key)
				}
			}
			out = append(out, c)
		}
	}
	return out
}

// conditionValues reads a condition's value or values: strings, and numbers and Booleans,
// which are the same as their quoted text (§1.2).
func (p *parser) conditionValues(n *jnode, path string) []Value {
	scalar := func(e *jnode, epath string) (Value, bool) {
		switch e.kind {
		case jString, jNumber, jBool:
			return Value{Text: e.text, Pos: e.pos}, true
		}
		p.errorf(e.pos, epath, msgSyntax, "a condition value must be a string, number or Boolean, not %s", e.kind)
		return Value{}, false
	}
	if n.kind != jArray {
		if v, ok := scalar(n, path); ok {
			return []Value{v}
		}
		return nil
	}
	out := make([]Value, 0, len(n.elems))
	for i, e := range n.elems {
		if v, ok := scalar(e, path+"["+strconv.Itoa(i)+"]"); ok {
			out = append(out, v)
		}
	}
	return out
}

// SizeWithoutWhitespace counts a document's characters the way IAM measures policy size:
// whitespace outside strings is not counted.
func SizeWithoutWhitespace(data []byte) int {
	n := 0
	inString, escaped := false, false
	for _, c := range data {
		if c&0xC0 == 0x80 {
			continue // a UTF-8 continuation byte: part of a character already counted
		}
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		}
		n++
	}
	return n
}
