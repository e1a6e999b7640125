package policy

import (
	"fmt"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Parse reads a policy document of the given kind and checks it against AWS's grammar and
// the kind's rules (evaluation-semantics.md §1). It reports every problem at once: the
// error is a *ValidationError when any problem is an Error. The Document is returned
// whenever the JSON itself is well formed, even when invalid, so that a caller that must
// evaluate a stored policy from another source can still compile it; whatever cannot be
// interpreted then fails closed.
//
// Parse is the engine's validator. Whatever IAM accepts, it accepts (at most with a warning);
// what IAM refuses only because of where the document is stored — a resource in another
// partition, region information in an IAM ARN, a managed policy without Version 2012-10-17 —
// it reports as a warning, since the engine can still evaluate it. CheckIAM applies IAM's
// rules in full.
func Parse(data []byte, kind Kind) (*Document, error) {
	p := &parser{kind: kind, use: kind.iamUse(), engine: true, data: data}
	doc := p.parse()
	p.sort()
	if i := p.reported(true); i >= 0 {
		return doc, &ValidationError{Problems: p.problems, reported: i + 1}
	}
	if doc != nil {
		doc.Problems = p.problems
	}
	return doc, nil
}

// Validate returns every problem of a policy document, errors and warnings, in document
// order; nil when there are none.
func Validate(data []byte, kind Kind) []Problem {
	p := &parser{kind: kind, use: kind.iamUse(), engine: true, data: data}
	p.parse()
	p.sort()
	return p.problems
}

type parser struct {
	kind Kind
	// use is the IAM rule set that applies (0 for kinds IAM does not store).
	use IAMUse
	// engine is set for Parse and Validate: problems that only IAM's storage rules make
	// errors are warnings. CheckIAM leaves it unset.
	engine bool
	data   []byte
	doc    *Document
	found  []finding
	// problems is found in document order, once sort has run.
	problems []Problem
	// arnError is set once a resource ARN problem has been found: IAM then stops parsing the
	// shapes of later resources (recorded answers: an invalid partition is reported even
	// when another resource of the statement fails legacy parsing).
	arnError bool
}

// finding is a problem with where IAM's validation finds it.
type finding struct {
	Problem
	stage stage
	rank  int
}

var docStart = Pos{Line: 1, Col: 1}

// failAt records an Error found at stage st; rank orders it within the stage.
func (p *parser) failAt(st stage, rank int, pos Pos, path, msg, detail string) {
	p.found = append(p.found, finding{Problem: Problem{Severity: Error, Pos: pos, Path: path, Message: msg, Detail: detail},
		stage: st, rank: rank})
}

// fail records an Error found at stage st, ranked in document order.
func (p *parser) fail(st stage, pos Pos, path, msg, detailFormat string, args ...any) {
	detail := detailFormat
	if len(args) > 0 {
		detail = fmt.Sprintf(detailFormat, args...)
	}
	p.failAt(st, pos.Offset, pos, path, msg, detail)
}

// warnf records a Warning: legal, and accepted by IAM, but likely not what was meant.
func (p *parser) warnf(pos Pos, path, msg string, args ...any) {
	p.found = append(p.found, finding{Problem: Problem{Severity: Warning, Pos: pos, Path: path, Message: fmt.Sprintf(msg, args...)}})
}

// iamOnly records a problem IAM refuses the document for only because of where it stores it
// (its partition, its rules for ARNs of its own resources, the managed-policy Version rule):
// an Error for CheckIAM, a Warning for the engine, which can still evaluate the document.
func (p *parser) iamOnly(st stage, rank int, pos Pos, path, msg, detail string) {
	if !p.engine {
		p.failAt(st, rank, pos, path, msg, detail)
		return
	}
	if detail != "" {
		detail += "; "
	}
	p.found = append(p.found, finding{Problem: Problem{Severity: Warning, Pos: pos, Path: path, Message: msg,
		Detail: detail + "IAM refuses the document with this message"}})
}

// sort puts the problems in document order.
func (p *parser) sort() {
	sort.SliceStable(p.found, func(i, j int) bool { return p.found[i].Pos.Offset < p.found[j].Pos.Offset })
	p.problems = nil
	for _, f := range p.found {
		p.problems = append(p.problems, f.Problem)
	}
}

// reported returns the index of the Error IAM reports — the earliest stage, then the lowest
// rank — or -1 when there is none. Size problems count only when withSize is set.
func (p *parser) reported(withSize bool) int {
	best := -1
	for i, f := range p.found {
		if f.Severity != Error || f.stage == stageSize && !withSize {
			continue
		}
		if best < 0 || f.stage < p.found[best].stage || f.stage == p.found[best].stage && f.rank < p.found[best].rank {
			best = i
		}
	}
	return best
}

func (p *parser) parse() *Document {
	if p.kind < Identity || p.kind > Session {
		p.fail(stageSyntax, docStart, "", msgSyntax, "unknown policy kind %d", p.kind)
		return nil
	}
	root, jerr := parseJSON(p.data)
	if jerr != nil {
		p.fail(stageSyntax, jerr.pos, "", msgSyntax, "%s", jerr.msg)
		return nil
	}
	p.checkCharacters()
	p.checkSize()
	doc := &Document{Kind: p.kind}
	p.doc = doc
	if root.kind != jObject {
		p.fail(stageSyntax, root.pos, "", msgSyntax, "the policy must be a JSON object, not %s", root.kind)
		return doc
	}
	stmt, versionOK := p.topLevel(root)
	if versionOK {
		p.checkVersion(root)
	}
	if stmt == nil {
		if p.use != 0 {
			p.fail(stageSyntax, root.pos, "Statement", msgSyntax, "a policy needs a Statement element")
		} else {
			p.fail(stageSyntax, root.pos, "", fmt.Sprintf(msgMissingField, "Statement"), "")
		}
		return doc
	}
	p.statements(stmt.val)
	p.checkSids()
	return doc
}

// topLevel reads Version, Id and Statement, and returns the Statement member and whether the
// Version element is well formed (absent, or one of the two versions).
func (p *parser) topLevel(root *jnode) (stmt *jmember, versionOK bool) {
	doc := p.doc
	versionOK = true
	for i := range root.members {
		m := &root.members[i]
		switch m.key {
		case "Version":
			if m.val.kind != jString {
				p.fail(stageSyntax, m.val.pos, "Version", msgSyntax, "Version must be a string")
				versionOK = false
				continue
			}
			doc.Version, doc.VersionPos = m.val.text, m.val.pos
			if doc.Version != Version2012 && doc.Version != Version2008 {
				p.fail(stageSyntax, m.val.pos, "Version", msgSyntax, "Version must be %q or %q, not %q",
					Version2012, Version2008, doc.Version)
				versionOK = false
			}
		case "Id":
			if m.val.kind != jString {
				p.fail(stageSyntax, m.val.pos, "Id", msgSyntax, "Id must be a string")
				continue
			}
			doc.ID, doc.HasID = m.val.text, true
			// IAM accepts an Id in every policy it stores (the grammar page lists it for all of
			// them, and IAM's validator takes it in identity policies); the Organizations syntax of
			// SCPs and RCPs has no Id element.
			if p.kind == SCP || p.kind == RCP {
				p.fail(stageSyntax, m.keyPos, "Id", fmt.Sprintf(msgProhibitedField, "Id"),
					"Id is not an element of %s policies", p.kind)
			}
		case "Statement":
			stmt = m
		default:
			p.fail(stageSyntax, m.keyPos, m.key, msgSyntax, "unknown element %q; a policy has Version, Id and Statement", m.key)
		}
	}
	return stmt, versionOK
}

// checkVersion applies the managed-policy rule (Version 2012-10-17, since CreatePolicy and
// CreatePolicyVersion refuse older documents) and warns about identity policies that would not
// pass it.
func (p *parser) checkVersion(root *jnode) {
	if p.doc.Version == Version2012 {
		return
	}
	pos, what := root.pos, "the policy has no Version"
	if p.doc.Version != "" {
		pos, what = p.doc.VersionPos, "Version "+p.doc.Version
	}
	switch {
	case p.use == IAMManaged:
		p.iamOnly(stageVersion, pos.Offset, pos, "Version", msgVersionManaged,
			what+": managed policies (CreatePolicy, CreatePolicyVersion) must be version 2012-10-17")
	case p.kind == Identity:
		p.warnf(pos, "Version", "%s: policy variables are not substituted, and IAM accepts it only in inline policies "+
			"(managed policies must be version %s)", what, Version2012)
	}
}

func (p *parser) statements(n *jnode) {
	doc := p.doc
	switch n.kind {
	case jObject:
		doc.Statements = append(doc.Statements, p.statement(n, 0, "Statement"))
	case jArray:
		doc.StatementArray = true
		if len(n.elems) == 0 {
			p.fail(stageSyntax, n.pos, "Statement", msgSyntax, "Statement must not be an empty array")
		}
		for i, e := range n.elems {
			path := "Statement[" + strconv.Itoa(i) + "]"
			if e.kind != jObject {
				p.fail(stageSyntax, e.pos, path, msgSyntax, "a statement must be a JSON object, not %s", e.kind)
				continue
			}
			doc.Statements = append(doc.Statements, p.statement(e, i, path))
		}
	default:
		p.fail(stageSyntax, n.pos, "Statement", msgSyntax, "Statement must be an object or an array of objects, not %s", n.kind)
	}
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
			p.fail(stageSyntax, posAt(p.data, i), "", msgSyntax, "character %U is not allowed in a policy", r)
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
		p.fail(stageSize, docStart, "", fmt.Sprintf(msgPolicySize, limit),
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
			p.fail(stageSid, s.Pos, s.Path+".Sid", msgSidUnique, "Sid %q appears more than once", s.Sid)
		}
		seen[s.Sid] = true
	}
}

func elemPath(path string, n *jnode, i int) string {
	if n.kind == jArray {
		return path + "[" + strconv.Itoa(i) + "]"
	}
	return path
}

// stringList reads a string or a non-empty array of strings (Action, Resource, principal
// entries). An empty array is a problem of stage emptyStage with message emptyMsg.
func (p *parser) stringList(n *jnode, path string, emptyStage stage, emptyMsg string) []Value {
	switch n.kind {
	case jString:
		return []Value{{Text: n.text, Pos: n.pos}}
	case jArray:
		if len(n.elems) == 0 {
			p.fail(emptyStage, n.pos, path, emptyMsg, "the array is empty")
			return nil
		}
		out := make([]Value, 0, len(n.elems))
		for i, e := range n.elems {
			if e.kind != jString {
				p.fail(stageSyntax, e.pos, path+"["+strconv.Itoa(i)+"]", msgSyntax, "expected a string, not %s", e.kind)
				continue
			}
			out = append(out, Value{Text: e.text, Pos: e.pos})
		}
		return out
	}
	p.fail(stageSyntax, n.pos, path, msgSyntax, "expected a string or an array of strings, not %s", n.kind)
	return nil
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
