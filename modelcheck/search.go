package modelcheck

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mpgo/mpgo/distsys/tla"
)

// noParent marks an initial state in the parent array.
const noParent = ^uint32(0)

// qentry is a state waiting in the BFS queue, with its id.
type qentry struct {
	state []tla.Value
	id    uint32
}

// violationKind says what a search stopped on.
type violationKind int

const (
	vInvariant violationKind = iota + 1
	vDeadlock
	vAssert
	vActionProperty
	vInitProperty
	vEval
)

// violation is the reason a search stopped early. The trace is the path to
// the state with id parent, followed by state (if not nil).
type violation struct {
	kind   violationKind
	name   string
	parent uint32 // noParent with a nil state never happens
	state  []tla.Value
	err    error
	msg    tla.Value // assertion message
}

// search is one breadth-first exploration.
type search struct {
	m    *model
	opts *Options
	ctx  context.Context

	seen    *fpSet
	fps     chunked[uint64] // id -> fingerprint
	parents chunked[uint32] // id -> parent id
	graph   *Graph
	// liveRecs are the workers' records for the liveness check, level by
	// level (live: there are temporal properties).
	live     bool
	liveRecs []*liveRec

	generated     atomic.Int64
	initGenerated int64
	pending       atomic.Int64 // states of the current frontier not yet expanded
	nextLevel     atomic.Int64 // new states found in the current level
	depth         int
	stop          atomic.Bool

	vmu  sync.Mutex
	viol *violation

	outdeg    [outdegBuckets]int64
	outdegMax int
}

const outdegBuckets = 256

// report records the first violation and stops the workers.
func (s *search) report(v *violation) {
	s.vmu.Lock()
	if s.viol == nil {
		s.viol = v
	}
	s.vmu.Unlock()
	s.stop.Store(true)
}

// worker expands states; each worker has its own evaluation context.
type worker struct {
	s      *search
	c      *ctx
	act    *action
	cur    qentry
	nsucc  int
	nnew   int
	out    []pending
	gen    int64
	outdeg [outdegBuckets]int64
	maxdeg int
	edges  []Edge
	// lr records the atoms of temporal properties and fairness;
	// lrStart is where the current state's transitions begin in it.
	lr      *liveRec
	lrStart int
	fairEn  []bool // covered fairness conditions enabled in the current state

	// guard lookups of the current state (see guard)
	guardVal []tla.Value
	guardOK  []uint8 // 0 not looked up, 1 found, 2 not a function or not in its domain
}

// guardPasses reports whether an action's leading guard can hold; false
// only when it certainly fails (the action then has no successor).
func (w *worker) guardPasses(g *guard, st []tla.Value) bool {
	switch w.guardOK[g.group] {
	case 0:
		f := st[g.varIdx]
		if !f.IsFunction() {
			w.guardOK[g.group] = 2
			return true
		}
		v, ok := f.LookupFunction(g.key)
		if !ok {
			w.guardOK[g.group] = 2
			return true
		}
		w.guardVal[g.group], w.guardOK[g.group] = v, 1
	case 2:
		return true
	}
	return w.guardVal[g.group].Equal(g.val)
}

// pending is a new state found while expanding a level; it gets its id at
// the end of the level.
type pending struct {
	state  []tla.Value
	fp     uint64
	parent uint32
}

func (s *search) newWorker() *worker {
	w := &worker{s: s, c: newCtx(s.m)}
	w.c.emit = w.successor
	w.guardVal = make([]tla.Value, s.m.guardGroups)
	w.guardOK = make([]uint8, s.m.guardGroups)
	if s.live {
		w.lr = newLiveRec(s.m.live)
		w.fairEn = make([]bool, len(s.m.live.covered))
	}
	return w
}

// runInit computes the initial states.
func (s *search) runInit() ([]qentry, error) {
	m := s.m
	c := newCtx(m)
	var queue []qentry
	var evalErr error
	c.emit = func(c *ctx) bool {
		s.initGenerated++
		for i, ok := range c.nset {
			if !ok {
				evalErr = &Error{Kind: ErrEval, Msg: fmt.Sprintf("The variable %s was not assigned a value by the initial predicate.", m.vars[i])}
				return false
			}
		}
		st := cloneState(c.next)
		saved := c.cur
		c.cur = st
		defer func() { c.cur = saved }()
		for _, p := range m.constraints {
			if !m.asBool(c, p.eval(c), p.expr.Pos()) {
				return true
			}
		}
		fp := m.fingerprint(c, st)
		if !s.seen.insert(fp) {
			return true
		}
		id := uint32(s.fps.append(fp))
		s.parents.append(noParent)
		queue = append(queue, qentry{state: st, id: id})
		if s.graph != nil {
			s.graph.addInit(id)
		}
		for _, p := range m.invariants {
			if !m.asBool(c, p.eval(c), p.expr.Pos()) {
				s.report(&violation{kind: vInvariant, name: p.name, parent: noParent, state: st})
				return false
			}
		}
		for _, p := range m.initProps {
			if !m.asBool(c, p.eval(c), p.expr.Pos()) {
				s.report(&violation{kind: vInitProperty, name: p.name, parent: noParent, state: st})
				return false
			}
		}
		return true
	}
	err := m.protect(c, func() {
		c.reset(m.initFrame.size)
		for i := range c.nset {
			c.nset[i] = false
		}
		m.initGen(c)
	})
	if err != nil {
		if ae, ok := err.(*assertError); ok {
			s.report(&violation{kind: vAssert, parent: noParent, msg: ae.msg, err: err})
			return queue, nil
		}
		return nil, err
	}
	if evalErr != nil {
		return nil, evalErr
	}
	return queue, nil
}

// protect runs f, turning an evaluation panic into an error.
func (m *model) protect(c *ctx, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*compileError); ok {
				panic(r)
			}
			err = m.recovered(r, c.pos)
		}
	}()
	f()
	return nil
}

// successor handles one next state produced by an action: it is counted,
// filtered by the constraints, deduplicated, checked and queued.
func (w *worker) successor(c *ctx) bool {
	s, m := w.s, w.s.m
	w.gen++
	w.nsucc++
	for i, ok := range c.nset {
		if !ok {
			panic(&evalPanic{msg: fmt.Sprintf("Successor state is not completely specified by the action %s. The following variable is not assigned: %s.", w.act.name, m.vars[i])})
		}
	}
	if len(w.fairEn) > 0 {
		w.noteEnabled(c)
	}
	for _, p := range m.actionConstraints {
		if !m.asBool(c, p.eval(c), p.expr.Pos()) {
			return true
		}
	}
	cur := c.cur
	next := c.next
	c.cur = next
	inModel := true
	for _, p := range m.constraints {
		if !m.asBool(c, p.eval(c), p.expr.Pos()) {
			inModel = false
			break
		}
	}
	if !inModel {
		c.cur = cur
		return true
	}
	fp := m.fingerprint(c, next)
	var st []tla.Value
	if s.seen.insert(fp) {
		st = cloneState(next)
		w.nnew++
		s.nextLevel.Add(1)
		w.out = append(w.out, pending{state: st, fp: fp, parent: w.cur.id})
		for _, p := range m.invariants {
			if !m.asBool(c, p.eval(c), p.expr.Pos()) {
				c.cur = cur
				s.report(&violation{kind: vInvariant, name: p.name, parent: w.cur.id, state: st})
				return false
			}
		}
	}
	c.cur = cur
	if s.graph != nil {
		w.edges = append(w.edges, Edge{From: w.cur.id, ToFP: fp, Action: w.act})
	}
	if w.lr != nil {
		w.liveEdge(c, fp)
	}
	for _, p := range m.actionProps {
		if !m.asBool(c, p.eval(c), p.expr.Pos()) {
			if st == nil {
				st = cloneState(next)
			}
			s.report(&violation{kind: vActionProperty, name: p.name, parent: w.cur.id, state: st})
			return false
		}
	}
	return !s.stop.Load()
}

// expand generates the successors of one state.
func (w *worker) expand(e qentry, depth int) {
	s, m := w.s, w.s.m
	c := w.c
	c.cur = e.state
	c.depth = depth
	w.cur = e
	w.nsucc, w.nnew = 0, 0
	clear(w.guardOK)
	if w.lr != nil {
		w.lrStart = len(w.lr.toFP)
	}
	err := m.protect(c, func() {
		for _, a := range m.actions {
			if g := a.guard; g != nil && !w.guardPasses(g, e.state) {
				continue
			}
			w.act = a
			if !a.run(c) {
				return
			}
		}
		if w.lr != nil {
			w.liveState(e)
		}
	})
	if err != nil {
		if ae, ok := err.(*assertError); ok {
			s.report(&violation{kind: vAssert, parent: e.id, msg: ae.msg, err: err})
		} else {
			s.report(&violation{kind: vEval, parent: e.id, err: err})
		}
		return
	}
	if s.stop.Load() {
		return
	}
	if w.nnew < outdegBuckets {
		w.outdeg[w.nnew]++
	} else {
		w.outdeg[outdegBuckets-1]++
	}
	w.maxdeg = max(w.maxdeg, w.nnew)
	if w.nsucc == 0 && m.checkDeadlock {
		s.report(&violation{kind: vDeadlock, parent: e.id})
	}
}

// run explores the state space breadth first, one level at a time: the
// workers share the level's states, and the new states they find form the
// next level. The first violation in a level is at the least depth, so its
// trace is a shortest one.
func (s *search) run() error {
	frontier, err := s.runInit()
	if err != nil {
		return err
	}
	s.generated.Store(s.initGenerated)
	s.m.printf("Finished computing initial states: %s generated at %s.\n", plural(int64(s.seen.count.Load()), "distinct state"), now())
	if s.stop.Load() {
		if len(frontier) > 0 {
			s.depth = 1
		}
		s.pending.Store(int64(len(frontier)))
		return nil
	}
	workers := make([]*worker, s.opts.Workers)
	for i := range workers {
		workers[i] = s.newWorker()
	}
	stopProgress := s.startProgress()
	defer stopProgress()
	if len(frontier) > 0 {
		s.depth = 1
	}
	for len(frontier) > 0 {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		next := s.level(frontier, workers)
		if s.stop.Load() {
			if s.nextLevel.Load() > 0 {
				s.depth++
			}
			break
		}
		if len(next) > 0 {
			s.depth++
		}
		frontier = next
	}
	for _, w := range workers {
		for i, n := range w.outdeg {
			s.outdeg[i] += n
		}
		s.outdegMax = max(s.outdegMax, w.maxdeg)
	}
	return nil
}

// level expands one BFS level with the workers and returns the next one.
func (s *search) level(frontier []qentry, workers []*worker) []qentry {
	n := len(frontier)
	s.pending.Store(int64(n))
	s.nextLevel.Store(0)
	batch := max(1, min(256, n/(len(workers)*8)))
	var idx atomic.Int64
	var wg sync.WaitGroup
	depth := s.depth
	for _, w := range workers {
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			for !s.stop.Load() {
				start := int(idx.Add(int64(batch))) - batch
				if start >= n {
					break
				}
				end := min(start+batch, n)
				for i := start; i < end && !s.stop.Load(); i++ {
					w.expand(frontier[i], depth)
					frontier[i].state = nil // let the collector have it
				}
				s.generated.Add(w.gen)
				w.gen = 0
				s.pending.Add(-int64(end - start))
				if s.ctx.Err() != nil {
					s.stop.Store(true)
				}
			}
		}(w)
	}
	wg.Wait()
	total := 0
	for _, w := range workers {
		total += len(w.out)
	}
	next := make([]qentry, 0, total)
	for _, w := range workers {
		for _, p := range w.out {
			id := uint32(s.fps.append(p.fp))
			s.parents.append(p.parent)
			next = append(next, qentry{state: p.state, id: id})
		}
		clear(w.out)
		w.out = w.out[:0]
		if s.graph != nil {
			s.graph.addEdges(w.edges)
			w.edges = w.edges[:0]
		}
	}
	if s.live {
		s.keepLive(workers)
	}
	if s.stop.Load() {
		s.pending.Add(int64(len(next)))
	}
	return next
}

// startProgress prints TLC's Progress line at regular intervals.
func (s *search) startProgress() func() {
	interval := s.opts.ProgressInterval
	if interval <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		lastGen, lastDist := s.generated.Load(), s.seen.count.Load()
		last := time.Now()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				gen, dist := s.generated.Load(), s.seen.count.Load()
				mins := time.Since(last).Minutes()
				s.m.printf("Progress(%d) at %s: %s states generated (%s s/min), %s distinct states found (%s ds/min), %s states left on queue.\n",
					s.depth, now(), commas(gen), commas(int64(float64(gen-lastGen)/mins)), commas(dist),
					commas(int64(float64(dist-lastDist)/mins)), commas(s.pending.Load()+s.nextLevel.Load()))
				lastGen, lastDist, last = gen, dist, time.Now()
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}
