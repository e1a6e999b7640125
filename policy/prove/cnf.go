package prove

import (
	"slices"
	"strconv"
	"strings"
)

// cnf builds a propositional formula in conjunctive normal form by the Tseitin encoding:
// every and/or gets a variable equivalent to it, shared between identical subformulas.
// Literals are non-zero ints, negation is arithmetic negation (DIMACS).
type cnf struct {
	nvars   int
	clauses [][]int
	memo    map[string]int
	tru     int
	s       *sat
	fed     int // clauses already given to s
}

func newCNF() *cnf {
	c := &cnf{memo: map[string]int{}}
	c.tru = c.newVar()
	c.add(c.tru)
	return c
}

func (c *cnf) newVar() int {
	c.nvars++
	return c.nvars
}

func (c *cnf) add(lits ...int) { c.clauses = append(c.clauses, lits) }

func (c *cnf) truth(b bool) int {
	if b {
		return c.tru
	}
	return -c.tru
}

// and returns a literal equivalent to the conjunction of lits.
func (c *cnf) and(lits ...int) int {
	ls := make([]int, 0, len(lits))
	for _, l := range lits {
		switch l {
		case c.tru:
			continue
		case -c.tru:
			return -c.tru
		}
		ls = append(ls, l)
	}
	slices.Sort(ls)
	ls = slices.Compact(ls)
	for _, l := range ls {
		if l >= 0 {
			break
		}
		if _, found := slices.BinarySearch(ls, -l); found {
			return -c.tru
		}
	}
	switch len(ls) {
	case 0:
		return c.tru
	case 1:
		return ls[0]
	}
	key := memoKey('&', ls)
	if v, ok := c.memo[key]; ok {
		return v
	}
	v := c.newVar()
	long := make([]int, 0, len(ls)+1)
	long = append(long, v)
	for _, l := range ls {
		c.add(-v, l)
		long = append(long, -l)
	}
	c.add(long...)
	c.memo[key] = v
	return v
}

// or returns a literal equivalent to the disjunction of lits.
func (c *cnf) or(lits ...int) int {
	neg := make([]int, len(lits))
	for i, l := range lits {
		neg[i] = -l
	}
	return -c.and(neg...)
}

// exactlyOne constrains exactly one of lits to be true (a sequential counter keeps the
// at-most-one part linear).
func (c *cnf) exactlyOne(lits []int) {
	c.add(slices.Clone(lits)...)
	c.atMostOne(lits)
}

func (c *cnf) atMostOne(lits []int) {
	if len(lits) <= 4 {
		for i := range lits {
			for j := i + 1; j < len(lits); j++ {
				c.add(-lits[i], -lits[j])
			}
		}
		return
	}
	// s[i] means "one of lits[0..i] is true".
	prev := lits[0]
	for i := 1; i < len(lits); i++ {
		s := c.newVar()
		c.add(-prev, s)
		c.add(-lits[i], s)
		c.add(-prev, -lits[i])
		prev = s
	}
}

func memoKey(op byte, ls []int) string {
	var b strings.Builder
	b.WriteByte(op)
	for _, l := range ls {
		b.WriteString(strconv.Itoa(l))
		b.WriteByte(',')
	}
	return b.String()
}

// solve decides the formula with the extra unit assumptions and returns a model (index v
// holds variable v's value) when it is satisfiable. One solver serves every call: clauses
// added since the last call are fed to it, and what it learnt stays valid.
func (c *cnf) solve(assume ...int) (model []bool, sat bool) {
	if c.s == nil {
		c.s = newSAT()
	}
	c.s.grow(c.nvars)
	for ; c.fed < len(c.clauses); c.fed++ {
		c.s.addClause(c.clauses[c.fed])
	}
	if !c.s.solve(assume) {
		return nil, false
	}
	return c.s.model, true
}

// value reads literal l in a model.
func value(model []bool, l int) bool {
	if l < 0 {
		return !model[-l]
	}
	return model[l]
}
