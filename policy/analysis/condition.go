package analysis

import (
	"sort"
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
)

// opFamily is the type of value a condition operator compares.
type opFamily uint8

const (
	famString opFamily = iota + 1
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

// familyName is the operator type TYPE_MISMATCH recommends.
var familyName = map[opFamily]string{famString: "String", famNumeric: "Numeric", famDate: "Date", famBool: "Bool",
	famBinary: "Binary", famIP: "IpAddress", famARN: "Arn", famNull: "Null"}

type baseOp struct {
	family  opFamily
	negated bool // StringNotEquals, NotIpAddress, …: true when the key is absent
	like    bool // StringLike, StringNotLike, ArnLike, ArnNotLike: '*' and '?' are wildcards
}

var baseOps = map[string]baseOp{
	"StringEquals": {famString, false, false}, "StringNotEquals": {famString, true, false},
	"StringEqualsIgnoreCase": {famString, false, false}, "StringNotEqualsIgnoreCase": {famString, true, false},
	"StringLike": {famString, false, true}, "StringNotLike": {famString, true, true},
	"NumericEquals": {famNumeric, false, false}, "NumericNotEquals": {famNumeric, true, false},
	"NumericLessThan": {famNumeric, false, false}, "NumericLessThanEquals": {famNumeric, false, false},
	"NumericGreaterThan": {famNumeric, false, false}, "NumericGreaterThanEquals": {famNumeric, false, false},
	"DateEquals": {famDate, false, false}, "DateNotEquals": {famDate, true, false},
	"DateLessThan": {famDate, false, false}, "DateLessThanEquals": {famDate, false, false},
	"DateGreaterThan": {famDate, false, false}, "DateGreaterThanEquals": {famDate, false, false},
	"Bool": {famBool, false, false}, "BinaryEquals": {famBinary, false, false},
	"IpAddress": {famIP, false, false}, "NotIpAddress": {famIP, true, false},
	"ArnEquals": {famARN, false, true}, "ArnLike": {famARN, false, true},
	"ArnNotEquals": {famARN, true, true}, "ArnNotLike": {famARN, true, true},
	"Null": {famNull, false, false},
}

type setOp uint8

const (
	setNone setOp = iota
	setForAll
	setForAny
)

// operator is a parsed condition operator name.
type operator struct {
	name     string // as written
	base     string // without qualifier and IfExists
	set      setOp
	ifExists bool
	baseOp
}

// parseOperator splits [ForAllValues:|ForAnyValue:]Base[IfExists]; ok is false when Base
// is not an operator.
func parseOperator(name string) (operator, bool) {
	o := operator{name: name}
	rest := name
	if r, ok := strings.CutPrefix(rest, "ForAllValues:"); ok {
		o.set, rest = setForAll, r
	} else if r, ok := strings.CutPrefix(rest, "ForAnyValue:"); ok {
		o.set, rest = setForAny, r
	}
	if r, ok := strings.CutSuffix(rest, "IfExists"); ok {
		o.ifExists, rest = true, r
	}
	b, ok := baseOps[rest]
	o.base, o.baseOp = rest, b
	return o, ok
}

// cond is one operator/key pair of a Condition block.
type cond struct {
	op    operator
	opOK  bool
	opM   *member // the operator's member in Condition
	keyM  *member // the key's member in the operator block
	key   string
	path  []PathElement // of the key's value
	vals  []*node       // the values (scalars; arrays flattened)
	paths [][]PathElement
	info  *authref.ConditionKeyInfo // nil when the catalog does not know the key
}

func (cd *cond) loc() Location { return Location{Path: cd.path, Span: cd.keyM.val.span} }

func (cd *cond) valueLoc(i int) Location { return Location{Path: cd.paths[i], Span: cd.vals[i].span} }

// texts returns the values as strings (numbers and Booleans as their literal text).
func (cd *cond) texts() []string {
	out := make([]string, len(cd.vals))
	for i, v := range cd.vals {
		out[i] = v.text
	}
	return out
}

// parseConditions reads the Condition element into conds, reporting what is not a
// condition block's shape.
func (c *checker) parseConditions(st *stmt) []*cond {
	m := st.conditionM
	if m.val.kind != jObject {
		c.report("DATA_TYPE_MISMATCH", []Location{valueLoc(st.path, m)}, "Object")
		return nil
	}
	base := sub(st.path, pv("Condition"))
	var out []*cond
	for i := range m.val.members {
		om := &m.val.members[i]
		op, ok := parseOperator(om.key)
		if om.val.kind != jObject {
			c.report("DATA_TYPE_MISMATCH", []Location{valueLoc(base, om)}, "Object")
			continue
		}
		opPath := sub(base, pv(om.key))
		for j := range om.val.members {
			km := &om.val.members[j]
			cd := &cond{op: op, opOK: ok, opM: om, keyM: km, key: km.key, path: sub(opPath, pv(km.key))}
			c.condValues(cd)
			out = append(out, cd)
		}
	}
	return out
}

// condValues collects a key's values; each must be a string, number or Boolean, all of
// one JSON type.
func (c *checker) condValues(cd *cond) {
	v := cd.keyM.val
	add := func(n *node, p []PathElement) {
		if n.kind == jObject || n.kind == jArray || n.kind == jNull {
			c.report("DATA_TYPE_MISMATCH", []Location{{Path: p, Span: n.span}}, "String")
			return
		}
		cd.vals = append(cd.vals, n)
		cd.paths = append(cd.paths, p)
	}
	if v.kind != jArray {
		add(v, cd.path)
		return
	}
	for i, e := range v.elems {
		add(e, sub(cd.path, pi(i)))
	}
	for _, e := range cd.vals[min(1, len(cd.vals)):] {
		if e.kind != cd.vals[0].kind {
			c.report("INVALID_CONDITION_DATA_TYPE", []Location{cd.loc()})
			return
		}
	}
}

// checkConditions runs the condition checks of one statement.
func (c *checker) checkConditions(st *stmt) {
	if st.conditionM == nil || st.conditionM.val.kind != jObject {
		return
	}
	base := sub(st.path, pv("Condition"))
	for i := range st.conditionM.val.members {
		om := &st.conditionM.val.members[i]
		c.checkOperator(base, om)
		if om.val.kind == jObject {
			c.checkDuplicateKeys(sub(base, pv(om.key)), om.val)
		}
	}
	for _, cd := range st.conds {
		c.checkConditionKey(cd)
		if cd.opOK {
			c.checkConditionValues(st, cd)
		}
	}
	c.checkConditionSemantics(st)
}

func (c *checker) checkOperator(base []PathElement, om *member) {
	op, ok := parseOperator(om.key)
	switch {
	case !ok:
		c.report("INVALID_CONDITION_OPERATOR", []Location{keyLoc(base, om)}, om.key)
	case op.family == famNull && op.ifExists:
		c.report("NULL_WITH_IF_EXISTS", []Location{keyLoc(base, om)})
	case op.family == famNull && op.set != setNone:
		c.report("NULL_WITH_QUALIFIER", []Location{keyLoc(base, om)})
	}
}

// checkDuplicateKeys reports keys of one operator block that differ only in case.
func (c *checker) checkDuplicateKeys(base []PathElement, block *node) {
	groups := map[string][]*member{}
	var order []string
	for i := range block.members {
		m := &block.members[i]
		l := strings.ToLower(m.key)
		if groups[l] == nil {
			order = append(order, l)
		}
		groups[l] = append(groups[l], m)
	}
	for _, l := range order {
		ms := groups[l]
		if len(ms) < 2 {
			continue
		}
		names := make([]string, len(ms))
		sorted := append([]*member(nil), ms...)
		for i, m := range ms {
			names[i] = m.key
		}
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].key < sorted[j].key })
		locs := make([]Location, len(sorted))
		for i, m := range sorted {
			locs[i] = keyLoc(base, m)
		}
		c.report("DUPLICATE_KEYS_WITH_DIFFERENT_CASE", locs, strings.Join(names, ", "))
	}
}

// checkConditionKey checks that a key exists, naming what is wrong with it otherwise.
func (c *checker) checkConditionKey(cd *cond) {
	key := cd.key
	prefix, name, ok := strings.Cut(key, ":")
	if !ok || prefix == "" || name == "" {
		c.report("INVALID_CONDITION_KEY_FORMAT", []Location{cd.keyLoc()})
		return
	}
	lp := strings.ToLower(prefix)
	if strings.EqualFold(key, "aws:ARN") {
		if c.opts.PolicyType == ResourcePolicy {
			c.report("DEPRECATED_GLOBAL_CONDITION_KEY", []Location{cd.keyLoc()})
		} else {
			c.report("UNSUPPORTED_GLOBAL_CONDITION_KEY", []Location{cd.keyLoc()})
		}
		return
	}
	if tag := c.missingTagKey(key); tag != "" {
		c.report("MISSING_TAG_KEY_IN_CONDITION", []Location{cd.keyLoc()}, tag, tag)
		return
	}
	if info, ok := c.cat.conditionKey(key); ok {
		cd.info = info
		return
	}
	switch {
	case lp == "aws":
		c.report("INVALID_GLOBAL_CONDITION_KEY", []Location{cd.keyLoc()}, key)
	case strings.ContainsAny(prefix, "./") || isFederatedPrefix(lp):
		// Keys of identity providers (accounts.google.com:aud, token.actions.githubusercontent.com:sub)
		// are named by their issuer and are not in the reference.
	case c.cat.namespaceKnown(lp):
		c.report("INVALID_SERVICE_CONDITION_KEY", []Location{cd.keyLoc()}, key, lp)
	default:
		c.report("INVALID_SERVICE", []Location{cd.keyLoc()}, prefix)
	}
}

// isFederatedPrefix reports the key prefixes of federation that are not services.
func isFederatedPrefix(p string) bool { return p == "saml" }

func (cd *cond) opPath() []PathElement { return cd.path[:len(cd.path)-1] }

// keyLoc locates the key itself (for findings about its name).
func (cd *cond) keyLoc() Location { return keyLoc(cd.opPath(), cd.keyM) }

// missingTagKey returns "aws:ResourceTag/" when key is a tag key without the tag's name
// (aws:ResourceTag, aws:RequestTag/, ec2:ResourceTag), or "".
func (c *checker) missingTagKey(key string) string {
	base := strings.TrimSuffix(key, "/")
	if strings.Contains(base, "/") {
		return ""
	}
	info, ok := c.cat.ConditionKey(base + "/x")
	if !ok || !strings.HasSuffix(strings.ToLower(info.Name), "/${tagkey}") && !strings.HasSuffix(info.Name, "/<key>") {
		return ""
	}
	if _, exact := c.cat.ConditionKey(base); exact {
		return ""
	}
	return base + "/"
}
