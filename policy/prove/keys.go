package prove

import (
	"strings"

	"github.com/gatehouse-iam/gatehouse/catalog/authref"
	"github.com/gatehouse-iam/gatehouse/policy"
)

// Condition keys. A key is absent, single-valued, or multi-valued (a possibly empty list);
// its values range over the representatives of its domain (strings.go, values.go), and
// every condition on it is decided, for each representative, by the engine itself
// (policy.CompiledCondition). A list is encoded by which representatives' regions its
// members fall in: ForAllValues and ForAnyValue are a conjunction and a disjunction over
// them, the other operators depend only on whether the list is empty.

type family uint8

const (
	famUnknown family = iota
	famString
	famNumeric
	famDate
	famIP
	famNull
)

// operatorFamily returns the family of an operator name and whether its values take
// policy variables.
func operatorFamily(op string) (family, bool) {
	base := strings.TrimPrefix(strings.TrimPrefix(op, "ForAllValues:"), "ForAnyValue:")
	base = strings.TrimSuffix(base, "IfExists")
	switch {
	case strings.HasPrefix(base, "String"), strings.HasPrefix(base, "Arn"), base == "Bool":
		return famString, true
	case base == "BinaryEquals":
		return famString, false
	case strings.HasPrefix(base, "Numeric"):
		return famNumeric, false
	case strings.HasPrefix(base, "Date"):
		return famDate, false
	case base == "IpAddress", base == "NotIpAddress":
		return famIP, false
	case base == "Null":
		return famNull, false
	}
	return famUnknown, false
}

// condInst is one distinct condition (operator, key, values, variable rules).
// keyShape says which forms a key's value takes: the Service Authorization Reference types
// every AWS key as single-valued or as a list (ArrayOf…, evaluation-semantics.md §2.2);
// keys it does not know may take either.
type keyShape uint8

const (
	shapeEither keyShape = iota
	shapeSingle
	shapeList
)

func shapeOf(key string) keyShape {
	t, ok := authref.ConditionKeyType(key)
	switch {
	case !ok:
		return shapeEither
	case t.IsArray():
		return shapeList
	}
	return shapeSingle
}

type condInst struct {
	c      *policy.Condition
	cc     *policy.CompiledCondition
	fam    family
	vars   bool // values with policy variables: decided by an unconstrained literal
	lit    int
	lower  string
	canon  string
	setOp  string
	opName string
}

func canonCond(c *policy.Condition, version string) string {
	var b strings.Builder
	if version == policy.Version2012 {
		b.WriteString("v12|")
	}
	b.WriteString(c.Operator)
	b.WriteByte('|')
	b.WriteString(strings.ToLower(c.Key))
	for _, v := range c.Values {
		b.WriteByte('\x00')
		b.WriteString(v.Text)
	}
	return b.String()
}

// keyDom is the domain of one condition key (lower-cased name).
type keyDom struct {
	name     string // as first written
	conds    []*condInst
	shape    keyShape
	trust    trustKind // public check: how the key identifies who calls
	accounts []string  // public check: every account the documents mention

	reps   []string
	owned  []bool // public check: representatives the policy author controls
	absent int    // literals: key absent, single-valued, multi-valued
	single int
	multi  int
	pick   []int // single value in the region of reps[i]
	member []int // a list member in the region of reps[i]
}

// primary returns the family whose conditions the domain models exactly; the others'
// conditions on the same key are left unconstrained.
func (k *keyDom) primary() family {
	count := map[family]int{}
	for _, c := range k.conds {
		if !c.vars && c.fam != famNull {
			count[c.fam]++
		}
	}
	best := famString
	for _, f := range []family{famString, famNumeric, famDate, famIP} {
		if count[f] > count[best] {
			best = f
		}
	}
	return best
}

// stringPatterns returns the patterns that partition the key's string values for its
// string-family conditions, plus the empty string.
func stringPatterns(conds []*condInst) []spattern {
	pats := []spattern{literalPattern("", false)}
	for _, c := range conds {
		if c.vars || c.fam != famString {
			continue
		}
		base := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(c.opName, "ForAllValues:"), "ForAnyValue:"), "IfExists")
		for _, v := range c.c.Values {
			switch {
			case base == "StringLike" || base == "StringNotLike":
				pats = append(pats, globPattern(v.Text, false))
			case strings.HasPrefix(base, "Arn"):
				if p, ok := arnPattern(v.Text); ok {
					pats = append(pats, p)
				}
			case strings.HasSuffix(base, "IgnoreCase"), base == "Bool":
				pats = append(pats, literalPattern(v.Text, true))
			default:
				pats = append(pats, literalPattern(v.Text, false))
			}
		}
	}
	return pats
}

// buildReps fills reps (and owned, in a public check) for the key.
func (k *keyDom) buildReps() bool {
	prim := k.primary()
	var consts []string
	for _, c := range k.conds {
		if c.fam == prim && !c.vars {
			for _, v := range c.c.Values {
				consts = append(consts, v.Text)
			}
		}
	}
	switch prim {
	case famNumeric:
		k.reps = numericReps(consts)
	case famDate:
		k.reps = dateReps(consts)
	case famIP:
		k.reps = ipReps(consts)
	default:
		pats := stringPatterns(k.conds)
		nCond := len(pats)
		pats = append(pats, k.trust.ownedPatterns(consts, k.accounts)...)
		reg, ok := enumerateStrings(pats)
		if !ok {
			return false
		}
		k.reps = reg.wit
		if k.trust != trustNone {
			for _, sig := range reg.sigs {
				owned := false
				for i := nCond; i < len(pats); i++ {
					owned = owned || sig.has(i)
				}
				k.owned = append(k.owned, owned)
			}
		}
	}
	if k.trust != trustNone && k.owned == nil {
		for _, r := range k.reps {
			k.owned = append(k.owned, k.trust.ownsValue(r, consts))
		}
	}
	for _, c := range k.conds {
		if c.fam != prim && c.fam != famNull {
			c.vars = true // not modelled exactly: unconstrained
		}
	}
	return true
}

// encode creates the key's state literals and the literal of each condition.
func (k *keyDom) encode(c *cnf, public bool) {
	k.absent, k.single, k.multi = c.newVar(), c.newVar(), c.newVar()
	c.exactlyOne([]int{k.absent, k.single, k.multi})
	switch k.shape {
	case shapeSingle:
		c.add(-k.multi)
	case shapeList:
		c.add(-k.single)
	}
	k.pick = make([]int, len(k.reps))
	k.member = make([]int, len(k.reps))
	long := []int{-k.single}
	for i := range k.reps {
		k.pick[i], k.member[i] = c.newVar(), c.newVar()
		c.add(-k.pick[i], k.single)
		c.add(-k.member[i], k.multi)
		long = append(long, k.pick[i])
		if public && k.owned != nil && k.owned[i] {
			c.add(-k.pick[i])
			c.add(-k.member[i])
		}
	}
	c.add(long...)
	c.atMostOne(k.pick)
	nonEmpty := c.or(k.member...)
	for _, ci := range k.conds {
		if ci.vars {
			continue // assigned by the model as an unconstrained literal
		}
		ci.lit = k.condLit(c, ci, nonEmpty)
	}
}

func (k *keyDom) condLit(c *cnf, ci *condInst, nonEmpty int) int {
	holds := func(ctx *policy.Context) bool { return ci.cc.Holds(ctx) }
	ctxOf := func(set func(*policy.Context)) *policy.Context {
		ctx := policy.NewContext()
		set(ctx)
		return ctx
	}
	terms := []int{c.and(k.absent, c.truth(holds(policy.NewContext())))}
	for i, r := range k.reps {
		if holds(ctxOf(func(x *policy.Context) { x.Set(k.name, r) })) {
			terms = append(terms, k.pick[i])
		}
	}
	empty := holds(ctxOf(func(x *policy.Context) { x.SetMulti(k.name, nil) }))
	each := make([]bool, len(k.reps))
	for i, r := range k.reps {
		each[i] = holds(ctxOf(func(x *policy.Context) { x.SetMulti(k.name, []string{r}) }))
	}
	var multi int
	switch ci.setOp {
	case "ForAllValues":
		var all []int
		for i := range k.reps {
			if !each[i] {
				all = append(all, -k.member[i])
			}
		}
		multi = c.or(c.and(-nonEmpty, c.truth(empty)), c.and(append(all, nonEmpty)...))
	case "ForAnyValue":
		var any []int
		for i := range k.reps {
			if each[i] {
				any = append(any, k.member[i])
			}
		}
		multi = c.or(c.and(-nonEmpty, c.truth(empty)), c.or(any...))
	default:
		// Without a set operator a list's members do not matter, only whether it is empty.
		g := len(each) > 0 && each[0]
		for _, e := range each {
			if e != g {
				return c.newVar() // not the shape the model assumes: unconstrained
			}
		}
		multi = c.or(c.and(-nonEmpty, c.truth(empty)), c.and(nonEmpty, c.truth(g)))
	}
	terms = append(terms, c.and(k.multi, multi))
	return c.or(terms...)
}
