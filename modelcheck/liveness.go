package modelcheck

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// --- recording during the search ---

// liveRec collects what the liveness check needs from the search: for
// each expanded state the values of the state atoms, and its transitions
// (the stuttering step included) with the values of the action atoms.
// Each worker fills its own liveRec during a level; the search keeps the
// level's records as they are (no copying into one growing array).
type liveRec struct {
	ws, wa int      // words per state / per transition bit set
	ids    []uint32 // expanded states, in order
	nout   []uint32 // transitions of each
	stBits []uint64
	toFP   []uint64 // target of each transition
	eBits  []uint64
}

func newLiveRec(lv *liveness) *liveRec {
	return &liveRec{ws: (lv.nState + 63) / 64, wa: (lv.nAction + 63) / 64}
}

// keepLive files the workers' records of a level and gives them new ones.
func (s *search) keepLive(workers []*worker) {
	for _, w := range workers {
		r := w.lr
		if len(r.ids) == 0 {
			continue
		}
		s.liveRecs = append(s.liveRecs, r)
		w.lr = &liveRec{ws: r.ws, wa: r.wa, ids: make([]uint32, 0, len(r.ids)), nout: make([]uint32, 0, len(r.nout)),
			stBits: make([]uint64, 0, len(r.stBits)), toFP: make([]uint64, 0, len(r.toFP)), eBits: make([]uint64, 0, len(r.eBits))}
	}
}

// actionBits evaluates the action atoms on the step from c.cur to c.next
// and appends their bit set to r.eBits.
func (w *worker) actionBits(c *ctx) {
	lv, r := w.s.m.live, w.lr
	base := len(r.eBits)
	for range r.wa {
		r.eBits = append(r.eBits, 0)
	}
	quiet := c.quiet
	c.quiet = true // Print in a property or fairness action is not the search's
	for _, a := range lv.atoms {
		if a.action && !a.fast && w.s.m.asBool(c, a.p.eval(c), a.p.expr.Pos()) {
			r.eBits[base+a.bit/64] |= 1 << (a.bit % 64)
		}
	}
	c.quiet = quiet
}

// changed reports whether a step changes one of the variables.
func changed(c *ctx, vars []int) bool {
	for _, i := range vars {
		if !c.next[i].Equal(c.cur[i]) {
			return true
		}
	}
	return false
}

// noteEnabled records, for the covered fairness conditions, that the
// current action has a successor that is a step of theirs (before the
// constraints, which do not restrict ENABLED).
func (w *worker) noteEnabled(c *ctx) {
	for k, f := range w.s.m.live.covered {
		if !w.fairEn[k] && f.leaves[w.act.idx] && changed(c, f.vars) {
			w.fairEn[k] = true
		}
	}
}

// liveEdge records the transition to the state with fingerprint fp that
// the current action just produced (c.next).
func (w *worker) liveEdge(c *ctx, fp uint64) {
	lv, r := w.s.m.live, w.lr
	r.toFP = append(r.toFP, fp)
	w.actionBits(c)
	base := len(r.eBits) - r.wa
	for _, f := range lv.covered {
		if f.leaves[w.act.idx] && changed(c, f.vars) {
			b := lv.atoms[f.step].bit
			r.eBits[base+b/64] |= 1 << (b % 64)
		}
	}
}

// liveState records the state atoms of the state just expanded and its
// stuttering step (unless an action already produced the same self-loop).
func (w *worker) liveState(e qentry) {
	s, m, c, r := w.s, w.s.m, w.c, w.lr
	lv := m.live
	c.reset(0)
	c.cur = e.state
	base := len(r.stBits)
	for range r.ws {
		r.stBits = append(r.stBits, 0)
	}
	quiet := c.quiet
	c.quiet = true
	for _, a := range lv.atoms {
		if !a.action && !a.fast && m.asBool(c, a.p.eval(c), a.p.expr.Pos()) {
			r.stBits[base+a.bit/64] |= 1 << (a.bit % 64)
		}
	}
	c.quiet = quiet
	for k, f := range lv.covered {
		if w.fairEn[k] {
			b := lv.atoms[f.en].bit
			r.stBits[base+b/64] |= 1 << (b % 64)
			w.fairEn[k] = false
		}
		w.shareStep(lv.atoms[f.step].bit)
	}
	copy(c.next, e.state)
	for i := range c.nset {
		c.nset[i] = true
	}
	fp := s.fps.get(int(e.id))
	r.toFP = append(r.toFP, fp)
	w.actionBits(c)
	last := len(r.toFP) - 1
	for i := w.lrStart; i < last; i++ {
		if r.toFP[i] == fp && equalWords(r.eBits[i*r.wa:(i+1)*r.wa], r.eBits[last*r.wa:]) {
			r.toFP = r.toFP[:last]
			r.eBits = r.eBits[:last*r.wa]
			break
		}
	}
	r.ids = append(r.ids, e.id)
	r.nout = append(r.nout, uint32(len(r.toFP)-w.lrStart))
}

// shareStep sets action bit b on every transition of the current state to
// a target that a transition with bit b reaches: a successor that some
// action of A produced is an A step whichever action produced it too.
func (w *worker) shareStep(b int) {
	r := w.lr
	word, mask := b/64, uint64(1)<<(b%64)
	has := func(i int) bool { return r.eBits[i*r.wa+word]&mask != 0 }
	n := len(r.toFP) - w.lrStart
	if n < 2 {
		return
	}
	if n <= 32 {
		for i := w.lrStart; i < len(r.toFP); i++ {
			if !has(i) {
				continue
			}
			for j := w.lrStart; j < len(r.toFP); j++ {
				if r.toFP[j] == r.toFP[i] {
					r.eBits[j*r.wa+word] |= mask
				}
			}
		}
		return
	}
	steps := map[uint64]bool{}
	for i := w.lrStart; i < len(r.toFP); i++ {
		if has(i) {
			steps[r.toFP[i]] = true
		}
	}
	for i := w.lrStart; i < len(r.toFP); i++ {
		if steps[r.toFP[i]] {
			r.eBits[i*r.wa+word] |= mask
		}
	}
}

func equalWords(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// --- the behaviour graph ---

// liveGraph is the state graph with the atoms' values, in compressed rows:
// the transitions of state s are to[start[s]:start[s+1]].
type liveGraph struct {
	n      int
	ws, wa int
	init   []uint32
	fps    []uint64
	stBits []uint64
	start  []uint32
	to     []uint32
	eBits  []uint64
}

func (g *liveGraph) stateHolds(s uint32, a *liveAtom) bool {
	return g.stBits[int(s)*g.ws+a.bit/64]&(1<<(a.bit%64)) != 0
}

func (g *liveGraph) edgeHolds(e uint32, a *liveAtom) bool {
	return g.eBits[int(e)*g.wa+a.bit/64]&(1<<(a.bit%64)) != 0
}

// liveGraph builds the behaviour graph from what the workers recorded.
func (s *search) liveGraph() *liveGraph {
	n := s.fps.len()
	ws, wa := (s.m.live.nState+63)/64, (s.m.live.nAction+63)/64
	g := &liveGraph{n: n, ws: ws, wa: wa, fps: make([]uint64, n)}
	ids := make(map[uint64]uint32, n)
	for i := range n {
		fp := s.fps.get(i)
		g.fps[i] = fp
		ids[fp] = uint32(i)
		if s.parents.get(i) == noParent {
			g.init = append(g.init, uint32(i))
		}
	}
	g.stBits = make([]uint64, n*ws)
	g.start = make([]uint32, n+1)
	for _, r := range s.liveRecs {
		for k, id := range r.ids {
			g.start[id+1] = r.nout[k]
		}
	}
	for i := range n {
		g.start[i+1] += g.start[i]
	}
	edges := int(g.start[n])
	g.to = make([]uint32, edges)
	g.eBits = make([]uint64, edges*wa)
	for _, r := range s.liveRecs {
		pos := 0
		for k, id := range r.ids {
			copy(g.stBits[int(id)*ws:], r.stBits[k*ws:(k+1)*ws])
			dst, cnt := int(g.start[id]), int(r.nout[k])
			for j := range cnt {
				g.to[dst+j] = ids[r.toFP[pos+j]]
			}
			copy(g.eBits[dst*wa:], r.eBits[pos*wa:(pos+cnt)*wa])
			pos += cnt
		}
	}
	s.liveRecs = nil
	return g
}

// --- the product with a tableau ---

// product is the behaviour graph times a tableau: node (s, q) stands for
// state s where the tableau is in node q. Nodes are numbered breadth first
// from the initial ones, and parent is the BFS tree (shortest stems). The
// product's edges are not stored: the k-th candidate successor of (s, q)
// pairs s's transition k / |succ(q)| with q's successor k % |succ(q)|.
type product struct {
	g      *liveGraph
	lv     *liveness
	a      *gba
	nq     int
	pid    []int32 // s*nq+q -> node, -1 if unreachable or inconsistent
	state  []uint32
	q      []uint32
	parent []int32
	acts   []bool // tableau node q has action literals
}

func (p *product) litHolds(l lit, s uint32, e uint32) bool {
	a := p.lv.atoms[l.atom]
	var v bool
	if a.action {
		v = p.g.edgeHolds(e, a)
	} else {
		v = p.g.stateHolds(s, a)
	}
	return v != l.neg
}

// stateOK: the state literals of tableau node q hold in state s.
func (p *product) stateOK(q int, s uint32) bool {
	for _, l := range p.a.nodes[q].lits {
		if !p.lv.atoms[l.atom].action && !p.litHolds(l, s, 0) {
			return false
		}
	}
	return true
}

// actionOK: the action literals of tableau node q hold on transition e.
func (p *product) actionOK(q int, e uint32) bool {
	if !p.acts[q] {
		return true
	}
	for _, l := range p.a.nodes[q].lits {
		if p.lv.atoms[l.atom].action && !p.litHolds(l, 0, e) {
			return false
		}
	}
	return true
}

// degree is the number of candidate successors of node u.
func (p *product) degree(u int32) uint32 {
	s := p.state[u]
	return (p.g.start[s+1] - p.g.start[s]) * uint32(len(p.a.nodes[p.q[u]].succ))
}

// succ returns u's k-th candidate successor and the graph transition it
// takes; the node is -1 when the tableau forbids the step.
func (p *product) succ(u int32, k uint32) (int32, uint32) {
	s, q := p.state[u], int(p.q[u])
	qs := p.a.nodes[q].succ
	ns := uint32(len(qs))
	e := p.g.start[s] + k/ns
	v := p.pid[int(p.g.to[e])*p.nq+qs[k%ns]]
	if v < 0 || !p.actionOK(q, e) {
		return -1, e
	}
	return v, e
}

func buildProduct(ctx context.Context, g *liveGraph, lv *liveness, a *gba) (*product, error) {
	nq := len(a.nodes)
	p := &product{g: g, lv: lv, a: a, nq: nq, pid: make([]int32, g.n*nq), acts: make([]bool, nq),
		state: make([]uint32, 0, g.n), q: make([]uint32, 0, g.n), parent: make([]int32, 0, g.n)}
	for q, n := range a.nodes {
		for _, l := range n.lits {
			p.acts[q] = p.acts[q] || lv.atoms[l.atom].action
		}
	}
	for i := range p.pid {
		p.pid[i] = -1
	}
	get := func(s uint32, q int, parent int32) {
		if k := int(s)*nq + q; p.pid[k] < 0 && p.stateOK(q, s) {
			p.pid[k] = int32(len(p.state))
			p.state = append(p.state, s)
			p.q = append(p.q, uint32(q))
			p.parent = append(p.parent, parent)
		}
	}
	for _, s := range g.init {
		for _, q := range a.init {
			get(s, q, -1)
		}
	}
	for u := 0; u < len(p.state); u++ {
		if u&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s, q := p.state[u], int(p.q[u])
		for e := g.start[s]; e < g.start[s+1]; e++ {
			if p.actionOK(q, e) {
				for _, q2 := range a.nodes[q].succ {
					get(g.to[e], q2, int32(u))
				}
			}
		}
	}
	return p, nil
}

// --- fair strongly connected components ---

// tarjan finds strongly connected components (iteratively, so that deep
// graphs do not exhaust the goroutine stack). Its arrays are reused
// across runs: a node is visited in the current run when stamp equals run.
type tarjan struct {
	p       *product
	index   []int32
	low     []int32
	stamp   []uint32
	onStack []bool
	run     uint32
	stack   []int32
	calls   []tcall
}

type tcall struct {
	u int32
	k uint32 // next candidate successor
}

func newTarjan(p *product) *tarjan {
	n := len(p.state)
	return &tarjan{p: p, index: make([]int32, n), low: make([]int32, n), stamp: make([]uint32, n), onStack: make([]bool, n)}
}

// sccs visits the subgraph of the nodes in (transitions by ok) from roots
// in order, and calls emit with each strongly connected component as it
// is completed (a slice emit must not keep), until emit returns false.
func (t *tarjan) sccs(ctx context.Context, roots []int32, in func(int32) bool, ok func(uint32) bool, emit func([]int32) bool) error {
	t.run++
	p := t.p
	var counter int32
	steps := 0
	push := func(v int32) {
		t.stamp[v] = t.run
		t.index[v], t.low[v] = counter, counter
		counter++
		t.onStack[v] = true
		t.stack = append(t.stack, v)
		t.calls = append(t.calls, tcall{v, 0})
	}
	for _, r := range roots {
		if t.stamp[r] == t.run || !in(r) {
			continue
		}
		push(r)
		for len(t.calls) > 0 {
			if steps++; steps&0xfffff == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			f := &t.calls[len(t.calls)-1]
			u := f.u
			end := p.degree(u)
			descended := false
			for f.k < end {
				v, e := p.succ(u, f.k)
				f.k++
				if v < 0 || !ok(e) || !in(v) {
					continue
				}
				if t.stamp[v] != t.run {
					push(v)
					descended = true
					break
				}
				if t.onStack[v] && t.index[v] < t.low[u] {
					t.low[u] = t.index[v]
				}
			}
			if descended {
				continue
			}
			t.calls = t.calls[:len(t.calls)-1]
			if len(t.calls) > 0 {
				if w := t.calls[len(t.calls)-1].u; t.low[u] < t.low[w] {
					t.low[w] = t.low[u]
				}
			}
			if t.low[u] == t.index[u] {
				i := len(t.stack) - 1
				for t.stack[i] != u {
					i--
				}
				scc := t.stack[i:]
				for _, x := range scc {
					t.onStack[x] = false
				}
				t.stack = t.stack[:i]
				if !emit(scc) {
					t.stack, t.calls = t.stack[:0], t.calls[:0]
					return nil
				}
			}
		}
	}
	return nil
}

// fairSearch looks for a fair accepting cycle of one disjunct (pem) in the
// product of its group.
type fairSearch struct {
	ctx   context.Context
	p     *product
	lv    *liveness
	pem   pem
	inner *tarjan // for components within a component (SF), made on demand
	mark  []uint32
	markN uint32
	sm    summary // reused by accept
}

// nodeOK: node u may lie on an accepting cycle as far as its tableau
// node and the <>[] state predicates tell.
func (f *fairSearch) nodeOK(u int32) bool {
	if !f.p.a.live[f.p.q[u]] {
		return false
	}
	for _, l := range f.pem.ea {
		if !f.lv.atoms[l.atom].action && !f.p.litHolds(l, f.p.state[u], 0) {
			return false
		}
	}
	return true
}

// edgeOK: the <>[] action predicates hold on graph transition e.
func (f *fairSearch) edgeOK(e uint32) bool {
	for _, l := range f.pem.ea {
		if f.lv.atoms[l.atom].action && !f.p.litHolds(l, 0, e) {
			return false
		}
	}
	return true
}

func (f *fairSearch) setMark(nodes []int32) func(int32) bool {
	f.markN++
	id := f.markN
	for _, u := range nodes {
		f.mark[u] = id
	}
	return func(u int32) bool { return f.mark[u] == id }
}

// summary is what a component offers: which state atoms hold (and fail)
// somewhere in it, which action atoms hold (and fail) on some transition
// inside it, which acceptance sets of the tableau it meets.
type summary struct {
	stAny, stNot []uint64
	edAny, edNot []uint64
	acc          []uint64
	internal     bool // it has an edge inside (it is a cycle)
}

func bitSet(ws []uint64, b int) bool { return ws[b/64]&(1<<(b%64)) != 0 }

// summarize fills sm for component c. With nodesOnly it stops after the
// nodes when those cannot meet the tableau's acceptance sets or the []<>
// state predicates (then sm.internal is false).
func (f *fairSearch) summarize(c []int32, in func(int32) bool, sm *summary, nodesOnly bool) {
	g, p := f.p.g, f.p
	sm.stAny = clearWords(sm.stAny, g.ws)
	sm.stNot = clearWords(sm.stNot, g.ws)
	sm.edAny = clearWords(sm.edAny, g.wa)
	sm.edNot = clearWords(sm.edNot, g.wa)
	sm.acc = clearWords(sm.acc, (p.a.nacc+63)/64)
	sm.internal = false
	for _, u := range c {
		s := int(p.state[u])
		for i := range g.ws {
			w := g.stBits[s*g.ws+i]
			sm.stAny[i] |= w
			sm.stNot[i] |= ^w
		}
		for i, w := range p.a.nodes[p.q[u]].acc {
			sm.acc[i] |= w
		}
	}
	if nodesOnly {
		for i := range p.a.nacc {
			if !bitSet(sm.acc, i) {
				return
			}
		}
		for _, l := range f.pem.ae {
			if !f.lv.atoms[l.atom].action && !f.litSomewhere(sm, l) {
				return
			}
		}
	}
	for _, u := range c {
		for k, end := uint32(0), p.degree(u); k < end; k++ {
			v, e := p.succ(u, k)
			if v < 0 || !in(v) || !f.edgeOK(e) {
				continue
			}
			sm.internal = true
			for i := range g.wa {
				w := g.eBits[int(e)*g.wa+i]
				sm.edAny[i] |= w
				sm.edNot[i] |= ^w
			}
		}
	}
}

func clearWords(ws []uint64, n int) []uint64 {
	if cap(ws) < n {
		return make([]uint64, n)
	}
	ws = ws[:n]
	clear(ws)
	return ws
}

// selfLoop reports whether node u has an edge to itself.
func (f *fairSearch) selfLoop(u int32) bool {
	p := f.p
	for k, end := uint32(0), p.degree(u); k < end; k++ {
		if v, e := p.succ(u, k); v == u && f.edgeOK(e) {
			return true
		}
	}
	return false
}

func (f *fairSearch) litSomewhere(sm *summary, l lit) bool {
	a := f.lv.atoms[l.atom]
	switch {
	case a.action && l.neg:
		return bitSet(sm.edNot, a.bit)
	case a.action:
		return bitSet(sm.edAny, a.bit)
	case l.neg:
		return bitSet(sm.stNot, a.bit)
	}
	return bitSet(sm.stAny, a.bit)
}

// accept returns a fair accepting cycle's node set within component c
// (nil if there is none). Every condition but SF asks the component to
// contain something (a Büchi condition): removing nodes cannot help. An SF
// condition whose action is enabled somewhere in c but never taken is met
// only by avoiding the states where it is enabled: those are removed and
// the components of the rest examined (Streett emptiness).
func (f *fairSearch) accept(c []int32) ([]int32, error) {
	if len(c) == 1 && !f.selfLoop(c[0]) {
		return nil, nil
	}
	in := f.setMark(c)
	sm := &f.sm
	f.summarize(c, in, sm, true)
	if !sm.internal {
		return nil, nil
	}
	for _, fc := range f.lv.fair {
		en, step := f.lv.atoms[fc.en], f.lv.atoms[fc.step]
		if !fc.strong || !bitSet(sm.stAny, en.bit) || bitSet(sm.edAny, step.bit) {
			continue
		}
		var rest []int32
		for _, u := range c {
			if !f.p.g.stateHolds(f.p.state[u], en) {
				rest = append(rest, u)
			}
		}
		in := f.setMark(rest)
		var subs [][]int32
		if f.inner == nil {
			f.inner = newTarjan(f.p)
		}
		if err := f.inner.sccs(f.ctx, rest, in, f.edgeOK, func(scc []int32) bool {
			subs = append(subs, append([]int32(nil), scc...))
			return true
		}); err != nil {
			return nil, err
		}
		for _, sub := range subs {
			if r, err := f.accept(sub); r != nil || err != nil {
				return r, err
			}
		}
		return nil, nil
	}
	for i := range f.p.a.nacc {
		if !bitSet(sm.acc, i) {
			return nil, nil
		}
	}
	for _, l := range f.pem.ae {
		if !f.litSomewhere(sm, l) {
			return nil, nil
		}
	}
	for _, fc := range f.lv.fair {
		if !fc.strong && !bitSet(sm.stNot, f.lv.atoms[fc.en].bit) && !bitSet(sm.edAny, f.lv.atoms[fc.step].bit) {
			return nil, nil
		}
	}
	return c, nil
}

// obligation is something a counterexample's cycle must pass through: a
// node or an edge (to node v by graph transition e) satisfying it.
type obligation struct {
	node func(u int32) bool
	edge func(v int32, e uint32) bool
}

// lasso builds a counterexample through the accepting component c: the
// shortest stem to c's first node in BFS order, then a cycle from it that
// meets every obligation (fairness, acceptance, []<>), found by repeated
// breadth-first searches within c.
func (f *fairSearch) lasso(c []int32) (stem, cycle []int32) {
	p, lv := f.p, f.lv
	root := c[0]
	for _, u := range c {
		root = min(root, u)
	}
	for u := root; u >= 0; u = p.parent[u] {
		stem = append(stem, u)
	}
	for i, j := 0, len(stem)-1; i < j; i, j = i+1, j-1 {
		stem[i], stem[j] = stem[j], stem[i]
	}
	in := f.setMark(c)
	sm := &summary{}
	f.summarize(c, in, sm, false)
	var obs []obligation
	stateLit := func(l lit) func(int32) bool {
		return func(u int32) bool { return p.litHolds(l, p.state[u], 0) }
	}
	edgeLit := func(l lit) func(int32, uint32) bool {
		return func(_ int32, e uint32) bool { return p.litHolds(l, 0, e) }
	}
	for i := range p.a.nacc {
		obs = append(obs, obligation{node: func(u int32) bool { return bitSet(p.a.nodes[p.q[u]].acc, i) }})
	}
	for _, l := range f.pem.ae {
		if lv.atoms[l.atom].action {
			obs = append(obs, obligation{edge: edgeLit(l)})
		} else {
			obs = append(obs, obligation{node: stateLit(l)})
		}
	}
	for _, fc := range lv.fair {
		step := edgeLit(lit{atom: fc.step})
		switch {
		case !fc.strong:
			obs = append(obs, obligation{node: stateLit(lit{atom: fc.en, neg: true}), edge: step})
		case bitSet(sm.stAny, lv.atoms[fc.en].bit):
			obs = append(obs, obligation{edge: step})
		}
	}
	done := make([]bool, len(obs))
	meet := func(v int32, e uint32, hasEdge bool) {
		for i, o := range obs {
			if !done[i] && (o.node != nil && o.node(v) || hasEdge && o.edge != nil && o.edge(v, e)) {
				done[i] = true
			}
		}
	}
	meet(root, 0, false)
	pending := func(node bool) func(int32) bool {
		return func(v int32) bool {
			for i, o := range obs {
				if !done[i] && o.node != nil && o.node(v) {
					return true
				}
			}
			return false
		}
	}
	pendingEdge := func(v int32, e uint32) bool {
		for i, o := range obs {
			if !done[i] && o.edge != nil && o.edge(v, e) {
				return true
			}
		}
		return false
	}
	cycle = []int32{root}
	cur := root
	for !allTrue(done) {
		seg, edges := f.bfs(cur, in, pending(true), pendingEdge)
		if seg == nil {
			break // cannot happen: accept checked every obligation
		}
		for i, v := range seg {
			meet(v, edges[i], true)
		}
		cycle = append(cycle, seg...)
		cur = seg[len(seg)-1]
	}
	back, _ := f.bfs(cur, in, nil, func(v int32, _ uint32) bool { return v == root })
	cycle = append(cycle, back[:len(back)-1]...)
	return stem, cycle
}

func allTrue(bs []bool) bool {
	for _, b := range bs {
		if !b {
			return false
		}
	}
	return true
}

// bfs finds a shortest path within the marked nodes from u to a node
// satisfying node or through an edge satisfying edge (u itself does not
// count). It returns the nodes after u and the graph transitions taken.
func (f *fairSearch) bfs(u int32, in func(int32) bool, node func(int32) bool, edge func(int32, uint32) bool) ([]int32, []uint32) {
	p := f.p
	parent := map[int32]int32{u: -1}
	via := map[int32]uint32{}
	queue := []int32{u}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for k, end := uint32(0), p.degree(x); k < end; k++ {
			v, e := p.succ(x, k)
			if v < 0 || !in(v) || !f.edgeOK(e) {
				continue
			}
			hitEdge := edge != nil && edge(v, e)
			_, seen := parent[v]
			if !hitEdge && seen {
				continue
			}
			if hitEdge || node != nil && node(v) {
				// The path u ... x, then e to v.
				ns, es := []int32{v}, []uint32{e}
				for y := x; y != u; y = parent[y] {
					ns, es = append(ns, y), append(es, via[y])
				}
				for i, j := 0, len(ns)-1; i < j; i, j = i+1, j-1 {
					ns[i], ns[j] = ns[j], ns[i]
					es[i], es[j] = es[j], es[i]
				}
				return ns, es
			}
			parent[v], via[v] = x, e
			queue = append(queue, v)
		}
	}
	return nil, nil
}

// --- the check ---

// liveViolation is a counterexample: the states of the lasso (graph ids)
// and where its cycle starts (loop == len(states)-1 with stutter: the
// last state repeats forever).
type liveViolation struct {
	states  []uint32
	loop    int
	stutter bool
}

// check checks the temporal properties on the complete state graph: for
// each tableau and each of its disjuncts it searches the product for a
// fair strongly connected component that meets the disjunct's conditions,
// as TLC does. Groups are independent and checked by up to workers
// goroutines; the counterexample reported is that of the first group (in
// order) that has one, so it does not depend on timing.
func (lv *liveness) check(ctx context.Context, g *liveGraph, workers int) (*liveViolation, error) {
	n := len(lv.groups)
	type outcome struct {
		v   *liveViolation
		err error
	}
	outs := make([]outcome, n)
	ctxs := make([]context.Context, n)
	cancels := make([]context.CancelFunc, n)
	for i := range n {
		ctxs[i], cancels[i] = context.WithCancel(ctx)
	}
	defer func() {
		for _, c := range cancels {
			c()
		}
	}()
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range max(1, min(workers, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				v, err := lv.checkGroup(ctxs[i], g, lv.groups[i])
				outs[i] = outcome{v, err}
				if v != nil {
					for j := i + 1; j < n; j++ {
						cancels[j]() // a later group's result no longer matters
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, o := range outs {
		if o.v != nil || o.err != nil {
			return o.v, o.err
		}
	}
	return nil, nil
}

// checkGroup searches the product of one tableau for a counterexample.
func (lv *liveness) checkGroup(ctx context.Context, g *liveGraph, grp *liveGroup) (*liveViolation, error) {
	p, err := buildProduct(ctx, g, lv, grp.a)
	if err != nil {
		return nil, err
	}
	outer := newTarjan(p)
	roots := make([]int32, len(p.state))
	for i := range roots {
		roots[i] = int32(i)
	}
	f := &fairSearch{ctx: ctx, p: p, lv: lv, mark: make([]uint32, len(p.state))}
	for _, pm := range grp.pems {
		f.pem = pm
		var found []int32
		var accErr error
		err := outer.sccs(ctx, roots, f.nodeOK, f.edgeOK, func(scc []int32) bool {
			found, accErr = f.accept(scc)
			if found != nil {
				found = append([]int32(nil), found...)
			}
			return found == nil && accErr == nil
		})
		if err == nil {
			err = accErr
		}
		if err != nil {
			return nil, err
		}
		if found != nil {
			stem, cycle := f.lasso(found)
			return project(p, stem, cycle), nil
		}
	}
	return nil, nil
}

// project maps a lasso of the product to states, dropping the stuttering
// steps (repeated states) that the tableau may take.
func project(p *product, stem, cycle []int32) *liveViolation {
	var states []uint32
	add := func(s uint32) {
		if len(states) == 0 || states[len(states)-1] != s {
			states = append(states, s)
		}
	}
	for _, u := range stem {
		add(p.state[u])
	}
	loop := len(states) - 1
	for _, u := range cycle[1:] {
		add(p.state[u])
	}
	for len(states)-1 > loop && states[len(states)-1] == states[loop] {
		states = states[:len(states)-1]
	}
	return &liveViolation{states: states, loop: loop, stutter: len(states)-1 == loop}
}

// reportLiveness prints a counterexample in TLC's words and fills res.
func (m *model) reportLiveness(s *search, g *liveGraph, v *liveViolation, res *Result) {
	res.Result, res.ExitCode = ResultProperty, ExitLiveness
	m.printf("Error: Temporal properties were violated.\n\n")
	m.printf("Error: The following behavior constitutes a counter-example:\n\n")
	fps := make([]uint64, len(v.states))
	for i, id := range v.states {
		fps[i] = g.fps[id]
	}
	c := newCtx(m)
	c.quiet = true
	trace, err := s.replay(c, fps)
	if err != nil {
		m.printf("Error: could not reconstruct the error trace: %v\n", err)
		return
	}
	res.Trace = trace
	res.TraceLength = int64(len(trace))
	for i, st := range trace {
		m.printTraceState(i+1, st)
	}
	if v.stutter {
		res.TraceLoop = "Stuttering"
		m.printf("State %d: Stuttering\n", len(trace)+1)
		return
	}
	res.TraceLoop = fmt.Sprintf("Back to state %d", v.loop+1)
	_, act, err := s.findSuccessor(c, trace[len(trace)-1].Values, len(trace), fps[v.loop])
	if err != nil || act == nil {
		m.printf("%s\n\n", res.TraceLoop)
		return
	}
	m.printf("%s: <%s %s>\n\n", res.TraceLoop, act.name, act.span)
}

// livenessPhase runs the liveness check after a complete search, printing
// TLC's lines around it; it reports whether a property was violated.
func (m *model) livenessPhase(s *search, res *Result) (bool, error) {
	lv := m.live
	start := time.Now()
	total := res.DistinctStates * int64(len(lv.groups))
	if n := len(lv.groups); n == 1 {
		m.printf("Checking temporal properties for the complete state space with %d total distinct states at (%s)\n", total, now())
	} else {
		m.printf("Checking %d branches of temporal properties for the complete state space with %d total distinct states at (%s)\n", n, total, now())
	}
	g := s.liveGraph()
	v, err := lv.check(s.ctx, g, s.opts.Workers)
	if err != nil {
		return false, err
	}
	if v != nil {
		m.reportLiveness(s, g, v, res)
	}
	m.printf("Finished checking temporal properties in %s at %s\n", elapsed(time.Since(start)), now())
	return v != nil, nil
}
