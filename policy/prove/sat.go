package prove

// A CDCL SAT solver: two watched literals, first-UIP clause learning with non-chronological
// backjumping, VSIDS branching with phase saving, Luby restarts, and MiniSat-style
// assumptions, so one solver answers many queries over the same clauses and accepts new
// ones (lemmas from lazy string domains) between them. Literals are DIMACS ints outside
// and 2v / 2v+1 (positive / negative) inside.

type satLit int32

func toLit(d int) satLit {
	if d < 0 {
		return satLit(-d)<<1 | 1
	}
	return satLit(d) << 1
}

func (l satLit) v() int32    { return int32(l >> 1) }
func (l satLit) neg() satLit { return l ^ 1 }

type sat struct {
	ok       bool
	clauses  [][]satLit
	watches  [][]int32
	assign   []int8 // per variable: 0 unassigned, 1 true, -1 false
	level    []int32
	reason   []int32
	trail    []satLit
	trailLim []int
	qhead    int
	activity []float64
	varInc   float64
	phase    []bool
	heap     varHeap
	seen     []bool
	model    []bool
}

func newSAT() *sat {
	s := &sat{ok: true, varInc: 1}
	s.heap.act = &s.activity
	s.grow(0)
	return s
}

// grow makes room for variables up to n.
func (s *sat) grow(n int) {
	for v := len(s.assign); v <= n; v++ {
		s.assign = append(s.assign, 0)
		s.level = append(s.level, 0)
		s.reason = append(s.reason, -1)
		s.activity = append(s.activity, 0)
		s.phase = append(s.phase, false)
		s.seen = append(s.seen, false)
		s.watches = append(s.watches, nil, nil)
		if v > 0 {
			s.heap.push(int32(v))
		}
	}
}

func (s *sat) value(l satLit) int8 {
	a := s.assign[l.v()]
	if l&1 == 1 {
		return -a
	}
	return a
}

func (s *sat) dl() int { return len(s.trailLim) }

func (s *sat) enqueue(l satLit, from int32) {
	v := l.v()
	s.assign[v] = 1
	if l&1 == 1 {
		s.assign[v] = -1
	}
	s.level[v] = int32(s.dl())
	s.reason[v] = from
	s.trail = append(s.trail, l)
}

// addClause adds a clause (DIMACS literals); it must be called at decision level 0.
func (s *sat) addClause(d []int) {
	if !s.ok {
		return
	}
	s.cancel(0)
	var c []satLit
	for _, x := range d {
		l := toLit(x)
		s.grow(int(l.v()))
		switch s.value(l) {
		case 1:
			return
		case -1:
			continue
		}
		dup := false
		for _, y := range c {
			if y == l.neg() {
				return
			}
			dup = dup || y == l
		}
		if !dup {
			c = append(c, l)
		}
	}
	switch len(c) {
	case 0:
		s.ok = false
	case 1:
		s.enqueue(c[0], -1)
		s.ok = s.propagate() < 0
	default:
		s.attach(c)
	}
}

func (s *sat) attach(c []satLit) int32 {
	i := int32(len(s.clauses))
	s.clauses = append(s.clauses, c)
	s.watches[c[0]] = append(s.watches[c[0]], i)
	s.watches[c[1]] = append(s.watches[c[1]], i)
	return i
}

// propagate runs unit propagation; it returns a conflicting clause or -1.
func (s *sat) propagate() int32 {
	for s.qhead < len(s.trail) {
		f := s.trail[s.qhead].neg() // this literal just became false
		s.qhead++
		ws := s.watches[f]
		keep := ws[:0]
		for k := 0; k < len(ws); k++ {
			ci := ws[k]
			c := s.clauses[ci]
			if c[0] == f {
				c[0], c[1] = c[1], c[0]
			}
			if s.value(c[0]) == 1 {
				keep = append(keep, ci)
				continue
			}
			moved := false
			for j := 2; j < len(c); j++ {
				if s.value(c[j]) != -1 {
					c[1], c[j] = c[j], c[1]
					s.watches[c[1]] = append(s.watches[c[1]], ci)
					moved = true
					break
				}
			}
			if moved {
				continue
			}
			keep = append(keep, ci)
			if s.value(c[0]) == -1 {
				keep = append(keep, ws[k+1:]...)
				s.watches[f] = keep
				s.qhead = len(s.trail)
				return ci
			}
			s.enqueue(c[0], ci)
		}
		s.watches[f] = keep
	}
	return -1
}

// analyze derives the first-UIP clause of a conflict and the level to jump back to.
func (s *sat) analyze(confl int32) ([]satLit, int) {
	learnt := []satLit{0}
	counter := 0
	var p satLit = -1
	idx := len(s.trail) - 1
	for {
		for _, q := range s.clauses[confl] {
			if p >= 0 && q == p {
				continue
			}
			v := q.v()
			if s.seen[v] || s.level[v] == 0 {
				continue
			}
			s.seen[v] = true
			s.bump(v)
			if int(s.level[v]) == s.dl() {
				counter++
			} else {
				learnt = append(learnt, q)
			}
		}
		for !s.seen[s.trail[idx].v()] {
			idx--
		}
		p = s.trail[idx]
		idx--
		confl = s.reason[p.v()]
		s.seen[p.v()] = false
		counter--
		if counter == 0 {
			break
		}
	}
	learnt[0] = p.neg()
	back, at := 0, 1
	for i := 1; i < len(learnt); i++ {
		s.seen[learnt[i].v()] = false
		if lv := int(s.level[learnt[i].v()]); lv > back {
			back, at = lv, i
		}
	}
	if len(learnt) > 1 {
		learnt[1], learnt[at] = learnt[at], learnt[1]
	}
	return learnt, back
}

func (s *sat) bump(v int32) {
	s.activity[v] += s.varInc
	if s.activity[v] > 1e100 {
		for i := range s.activity {
			s.activity[i] *= 1e-100
		}
		s.varInc *= 1e-100
	}
	s.heap.update(v)
}

// cancel undoes every assignment above the given level.
func (s *sat) cancel(lvl int) {
	if s.dl() <= lvl {
		return
	}
	for i := len(s.trail) - 1; i >= s.trailLim[lvl]; i-- {
		v := s.trail[i].v()
		s.phase[v] = s.assign[v] == 1
		s.assign[v] = 0
		s.reason[v] = -1
		s.heap.push(v)
	}
	s.trail = s.trail[:s.trailLim[lvl]]
	s.trailLim = s.trailLim[:lvl]
	s.qhead = len(s.trail)
}

// solve reports whether the clauses and the assumptions (DIMACS literals) are satisfiable;
// model then holds a satisfying assignment (index v for variable v).
func (s *sat) solve(assume []int) bool {
	s.cancel(0)
	if !s.ok {
		return false
	}
	as := make([]satLit, len(assume))
	for i, a := range assume {
		as[i] = toLit(a)
		s.grow(int(as[i].v()))
	}
	conflicts, restart, luby := 0, 100, 1
	for {
		if confl := s.propagate(); confl >= 0 {
			if s.dl() == 0 {
				s.ok = false
				return false
			}
			learnt, back := s.analyze(confl)
			s.cancel(back)
			if len(learnt) == 1 {
				s.enqueue(learnt[0], -1)
			} else {
				s.enqueue(learnt[0], s.attach(learnt))
			}
			s.varInc /= 0.95
			if conflicts++; conflicts >= restart {
				luby++
				restart = conflicts + 100*lubyAt(luby)
				s.cancel(0)
			}
			continue
		}
		var next satLit = -1
		for s.dl() < len(as) {
			a := as[s.dl()]
			if s.value(a) == -1 {
				return false // the assumptions contradict the clauses
			}
			s.trailLim = append(s.trailLim, len(s.trail))
			if s.value(a) == 0 {
				next = a
				break
			}
		}
		if next < 0 {
			v := s.pickVar()
			if v == 0 {
				s.model = make([]bool, len(s.assign))
				for i := range s.assign {
					s.model[i] = s.assign[i] == 1
				}
				return true
			}
			next = satLit(v) << 1
			if !s.phase[v] {
				next |= 1
			}
			s.trailLim = append(s.trailLim, len(s.trail))
		}
		s.enqueue(next, -1)
	}
}

func (s *sat) pickVar() int32 {
	for s.heap.len() > 0 {
		if v := s.heap.pop(); s.assign[v] == 0 {
			return v
		}
	}
	return 0
}

// lubyAt is the i-th term of the Luby sequence (1, 1, 2, 1, 1, 2, 4, …).
func lubyAt(i int) int {
	for k := 1; ; k++ {
		if i == 1<<k-1 {
			return 1 << (k - 1)
		}
		if i >= 1<<(k-1) && i < 1<<k-1 {
			return lubyAt(i - (1 << (k - 1)) + 1)
		}
	}
}

// varHeap is a max-heap of variables by activity.
type varHeap struct {
	act  *[]float64
	data []int32
	pos  []int32 // index in data + 1; 0 when absent
}

func (h *varHeap) len() int { return len(h.data) }

func (h *varHeap) less(i, j int) bool { return (*h.act)[h.data[i]] > (*h.act)[h.data[j]] }

func (h *varHeap) swap(i, j int) {
	h.data[i], h.data[j] = h.data[j], h.data[i]
	h.pos[h.data[i]], h.pos[h.data[j]] = int32(i+1), int32(j+1)
}

func (h *varHeap) push(v int32) {
	for int(v) >= len(h.pos) {
		h.pos = append(h.pos, 0)
	}
	if h.pos[v] != 0 {
		return
	}
	h.data = append(h.data, v)
	h.pos[v] = int32(len(h.data))
	h.up(len(h.data) - 1)
}

func (h *varHeap) update(v int32) {
	if int(v) < len(h.pos) && h.pos[v] != 0 {
		h.up(int(h.pos[v]) - 1)
	}
}

func (h *varHeap) pop() int32 {
	v := h.data[0]
	last := len(h.data) - 1
	h.swap(0, last)
	h.data = h.data[:last]
	h.pos[v] = 0
	if last > 0 {
		h.down(0)
	}
	return v
}

func (h *varHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h *varHeap) down(i int) {
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h.data) && h.less(l, m) {
			m = l
		}
		if r < len(h.data) && h.less(r, m) {
			m = r
		}
		if m == i {
			return
		}
		h.swap(i, m)
		i = m
	}
}
