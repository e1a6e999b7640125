package policy

import (
	"strconv"
	"strings"
)

// knownMultiValued are global condition keys that are always multi-valued; a bare operator
// on them is a warning (evaluation-semantics.md §2.2, §4.6).
var knownMultiValued = map[string]bool{
	"aws:tagkeys": true, "aws:calledvia": true, "aws:principalorgpaths": true,
	"aws:resourceorgpaths": true, "aws:sourceorgpaths": true, "aws:vpceorgpaths": true,
	"aws:principalservicenameslist": true,
}

// conditions reads a Condition block. IAM's grammar takes any condition key (a key without a
// service prefix too), an empty list of values, and an unknown operator as long as it has no
// keys; an unknown operator with keys is a syntax error, and a value its operator cannot read
// fails legacy parsing (recorded answers, see iam.go).
func (p *parser) conditions(n *jnode, path string) []Condition {
	if n.kind != jObject {
		p.fail(stageSyntax, n.pos, path, msgSyntax, "Condition must be an object, not %s", n.kind)
		return nil
	}
	var out []Condition
	for i := range n.members {
		om := &n.members[i]
		out = p.operatorBlock(om, path+"."+om.key, out)
	}
	return out
}

// operatorBlock reads one operator and its keys, appending them to out.
func (p *parser) operatorBlock(om *jmember, opath string, out []Condition) []Condition {
	op, problem := parseOperator(om.key)
	switch {
	case om.val.kind != jObject:
		p.fail(stageSyntax, om.val.pos, opath, msgSyntax, "a condition operator takes an object of keys, not %s", om.val.kind)
		return out
	case len(om.val.members) == 0 && problem != "":
		p.warnf(om.keyPos, opath, "%s; IAM accepts it because it has no keys, and it has no effect", problem)
		return out
	case len(om.val.members) == 0:
		p.warnf(om.keyPos, opath, "%s has no keys, so it has no effect", om.key)
		return out
	case problem != "":
		p.fail(stageSyntax, om.keyPos, opath, msgSyntax, "%s", problem)
	}
	for j := range om.val.members {
		km := &om.val.members[j]
		out = append(out, p.conditionKey(om, km, op, problem == "", opath+"."+km.key))
	}
	return out
}

// conditionKey reads one key of an operator and its values; known says whether the operator
// is one the engine knows, so that its values can be checked.
func (p *parser) conditionKey(om, km *jmember, op opName, known bool, kpath string) Condition {
	c := Condition{Operator: om.key, OperatorPos: om.keyPos, Key: km.key, KeyPos: km.keyPos}
	if vendor, _, ok := strings.Cut(km.key, ":"); !ok || vendor == "" {
		p.warnf(km.keyPos, kpath, "condition key %q has no service prefix (such as aws:); IAM accepts it, "+
			"but no request carries such a key", km.key)
	}
	c.Values = p.conditionValues(km.val, kpath)
	if km.val.kind == jArray && len(km.val.elems) == 0 {
		p.warnf(km.val.pos, kpath, "the condition on %s lists no values: a positive operator never matches, a negated one always does", km.key)
	}
	if !known {
		return c
	}
	for k, v := range c.Values {
		p.checkConditionValue(op, v, elemPath(kpath, km.val, k))
	}
	if op.set == setForAnyValue && op.ifExists {
		p.warnf(om.keyPos, kpath, "ForAnyValue with IfExists is true when %s is absent, which is rarely what is meant", km.key)
	}
	if op.set == setNone && op.base.name != opNull && knownMultiValued[strings.ToLower(km.key)] {
		p.warnf(km.keyPos, kpath, "%s is multi-valued; without ForAllValues or ForAnyValue this condition is always false", km.key)
	}
	return c
}

// checkConditionValue reports what is wrong with one value of a known operator. A policy
// variable where the operator does not substitute it (Numeric, Date, IpAddress, Binary, Null;
// any operator under Version 2008-10-17) is accepted, as IAM accepts it: the text then never
// matches (evaluation-semantics.md §5).
func (p *parser) checkConditionValue(op opName, v Value, vpath string) {
	_, is := op.base.compile(v.Text, p.doc.variables() && op.base.vars)
	switch {
	case is.msg == "":
	case strings.Contains(v.Text, "${"):
		p.warnf(v.Pos, vpath, "%s holds a policy variable, which is not substituted here, so it never matches", quote(v.Text))
	case is.warning:
		p.warnf(v.Pos, vpath, "%s", is.msg)
	case p.use != 0:
		p.fail(stageLegacy, v.Pos, vpath, msgLegacyParsing, "%s", is.msg)
	default:
		p.fail(stageSyntax, v.Pos, vpath, msgSyntax, "%s", is.msg)
	}
}

// conditionValues reads a condition's value or values: strings, and numbers and Booleans,
// which are the same as their quoted text (§1.2).
func (p *parser) conditionValues(n *jnode, path string) []Value {
	scalar := func(e *jnode, epath string) (Value, bool) {
		switch e.kind {
		case jString, jNumber, jBool:
			return Value{Text: e.text, Pos: e.pos}, true
		}
		p.fail(stageSyntax, e.pos, epath, msgSyntax, "a condition value must be a string, number or Boolean, not %s", e.kind)
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
