package modelcheck

import (
	"fmt"
	"sort"
	"strings"
)

// This file holds the propositional-temporal layer of the liveness checker:
// formulas over atoms (compiled state or action predicates, livespec.go) in
// negation normal form, their disjunctive normal form, and the tableau
// (a generalized Büchi automaton) of a formula.

// tkind is the kind of a temporal formula node.
type tkind uint8

const (
	tTrue tkind = iota
	tFalse
	tLit // an atom or its negation
	tAnd
	tOr
	tBox // []F
	tDia // <>F
)

// lit is an atom (an index into liveness.atoms) or its negation.
type lit struct {
	atom int
	neg  bool
}

// tform is a temporal formula in negation normal form (negation only on
// atoms). Formulas are hash-consed by an ltlBuilder: equal formulas are the
// same pointer, so they compare by id.
type tform struct {
	kind tkind
	args []*tform
	lit  lit
	id   int
	key  string
}

// ltlBuilder makes formulas, simplifying as it goes.
type ltlBuilder struct {
	forms map[string]*tform
}

func newLTLBuilder() *ltlBuilder { return &ltlBuilder{forms: map[string]*tform{}} }

func (b *ltlBuilder) intern(f *tform) *tform {
	switch f.kind {
	case tTrue:
		f.key = "T"
	case tFalse:
		f.key = "F"
	case tLit:
		f.key = fmt.Sprintf("a%d", f.lit.atom)
		if f.lit.neg {
			f.key = "!" + f.key
		}
	default:
		ids := make([]string, len(f.args))
		for i, a := range f.args {
			ids[i] = fmt.Sprint(a.id)
		}
		f.key = [...]string{tAnd: "&", tOr: "|", tBox: "[]", tDia: "<>"}[f.kind] + "(" + strings.Join(ids, ",") + ")"
	}
	if g, ok := b.forms[f.key]; ok {
		return g
	}
	f.id = len(b.forms)
	b.forms[f.key] = f
	return f
}

func (b *ltlBuilder) truth(v bool) *tform {
	if v {
		return b.intern(&tform{kind: tTrue})
	}
	return b.intern(&tform{kind: tFalse})
}

func (b *ltlBuilder) lit(atom int, neg bool) *tform {
	return b.intern(&tform{kind: tLit, lit: lit{atom, neg}})
}

// junction builds an n-ary /\ (kind tAnd) or \/ (tOr): nested ones are
// flattened, units dropped, duplicates removed and the operands sorted, so
// that equal junctions are the same formula.
func (b *ltlBuilder) junction(kind tkind, fs []*tform) *tform {
	unit, zero := tTrue, tFalse
	if kind == tOr {
		unit, zero = tFalse, tTrue
	}
	seen := map[int]bool{}
	var args []*tform
	var add func(f *tform) bool
	add = func(f *tform) bool {
		switch {
		case f.kind == zero:
			return false
		case f.kind == unit:
		case f.kind == kind:
			for _, a := range f.args {
				if !add(a) {
					return false
				}
			}
		case !seen[f.id]:
			seen[f.id] = true
			args = append(args, f)
		}
		return true
	}
	for _, f := range fs {
		if !add(f) {
			return b.truth(zero == tTrue)
		}
	}
	switch len(args) {
	case 0:
		return b.truth(unit == tTrue)
	case 1:
		return args[0]
	}
	sort.Slice(args, func(i, j int) bool { return args[i].id < args[j].id })
	return b.intern(&tform{kind: kind, args: args})
}

func (b *ltlBuilder) and(fs ...*tform) *tform { return b.junction(tAnd, fs) }
func (b *ltlBuilder) or(fs ...*tform) *tform  { return b.junction(tOr, fs) }

// box is []f. The rewritings (valid in linear-time logic) bring []<> and
// <>[] of predicates to the top, where they are checked on SCCs rather
// than through the tableau: [][]f = []f, []<>[]f = <>[]f,
// [](f /\ g) = []f /\ []g, [](<>f \/ <>g) = []<>f \/ []<>g.
func (b *ltlBuilder) box(f *tform) *tform {
	switch f.kind {
	case tTrue, tFalse, tBox:
		return f
	case tDia:
		if f.args[0].kind == tBox {
			return f // []<>[]g = <>[]g
		}
	case tAnd:
		parts := make([]*tform, len(f.args))
		for i, a := range f.args {
			parts[i] = b.box(a)
		}
		return b.and(parts...)
	case tOr:
		if allKind(f.args, tDia) {
			parts := make([]*tform, len(f.args))
			for i, a := range f.args {
				parts[i] = b.box(a)
			}
			return b.or(parts...)
		}
	}
	return b.intern(&tform{kind: tBox, args: []*tform{f}})
}

// dia is <>f, with the duals of box's rewritings.
func (b *ltlBuilder) dia(f *tform) *tform {
	switch f.kind {
	case tTrue, tFalse, tDia:
		return f
	case tBox:
		if f.args[0].kind == tDia {
			return f // <>[]<>g = []<>g
		}
	case tOr:
		parts := make([]*tform, len(f.args))
		for i, a := range f.args {
			parts[i] = b.dia(a)
		}
		return b.or(parts...)
	case tAnd:
		if allKind(f.args, tBox) {
			parts := make([]*tform, len(f.args))
			for i, a := range f.args {
				parts[i] = b.dia(a)
			}
			return b.and(parts...)
		}
	}
	return b.intern(&tform{kind: tDia, args: []*tform{f}})
}

func allKind(fs []*tform, k tkind) bool {
	for _, f := range fs {
		if f.kind != k {
			return false
		}
	}
	return true
}

// maxBranches bounds the disjunctive normal form; past it the formula is
// kept whole (one branch, all in the tableau).
const maxBranches = 256

// dnf returns f as a disjunction of conjunctions (each a list of
// conjuncts that are not junctions), or false when it has more than
// maxBranches disjuncts.
func (b *ltlBuilder) dnf(f *tform) ([][]*tform, bool) {
	switch f.kind {
	case tFalse:
		return nil, true
	case tTrue:
		return [][]*tform{nil}, true
	case tOr:
		var out [][]*tform
		for _, a := range f.args {
			d, ok := b.dnf(a)
			if !ok {
				return nil, false
			}
			out = append(out, d...)
			if len(out) > maxBranches {
				return nil, false
			}
		}
		return out, true
	case tAnd:
		out := [][]*tform{nil}
		for _, a := range f.args {
			d, ok := b.dnf(a)
			if !ok {
				return nil, false
			}
			if len(out)*len(d) > maxBranches {
				return nil, false
			}
			var next [][]*tform
			for _, x := range out {
				for _, y := range d {
					next = append(next, append(append([]*tform(nil), x...), y...))
				}
			}
			out = next
		}
		return out, true
	}
	return [][]*tform{{f}}, true
}

// --- tableau ---

// gba is a generalized Büchi automaton accepting the behaviours that
// satisfy a formula (its tableau). Each node carries the literals that
// hold at the current position: state literals constrain the current
// state, action literals the step to the next one. A run is accepting when
// it visits every acceptance set infinitely often.
type gba struct {
	nodes []gbaNode
	init  []int
	nacc  int
	// live[q]: q lies on a cycle of the tableau whose nodes meet every
	// acceptance set; an accepting run loops in such a cycle eventually,
	// so product nodes with other tableau nodes are on no accepting cycle.
	live []bool
}

type gbaNode struct {
	lits []lit
	succ []int
	acc  []uint64 // bit i: the node is in acceptance set i
}

// gpvwNode is a node under construction in the GPVW algorithm (Gerth,
// Peled, Vardi, Wolper: Simple on-the-fly automatic verification of
// linear temporal logic, 1995).
type gpvwNode struct {
	incoming map[int]bool // -1: initial
	todo     []*tform
	old      map[int]*tform
	next     map[int]*tform
	succIDs  []int
}

type gpvw struct {
	b     *ltlBuilder
	nodes []*gpvwNode
	index map[string]int
}

func formKey(s map[int]*tform) string {
	ids := make([]int, 0, len(s))
	for id := range s {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return fmt.Sprint(ids)
}

func sortedForms(s map[int]*tform) []*tform {
	out := make([]*tform, 0, len(s))
	for _, f := range s {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func (n *gpvwNode) clone() *gpvwNode {
	c := &gpvwNode{incoming: map[int]bool{}, todo: append([]*tform(nil), n.todo...),
		old: make(map[int]*tform, len(n.old)), next: make(map[int]*tform, len(n.next))}
	for k := range n.incoming {
		c.incoming[k] = true
	}
	for k, v := range n.old {
		c.old[k] = v
	}
	for k, v := range n.next {
		c.next[k] = v
	}
	return c
}

func (g *gpvw) expand(n *gpvwNode) {
	if len(n.todo) == 0 {
		key := formKey(n.old) + "|" + formKey(n.next)
		if i, ok := g.index[key]; ok {
			for k := range n.incoming {
				g.nodes[i].incoming[k] = true
			}
			return
		}
		id := len(g.nodes)
		g.nodes = append(g.nodes, n)
		g.index[key] = id
		g.expand(&gpvwNode{incoming: map[int]bool{id: true}, todo: sortedForms(n.next),
			old: map[int]*tform{}, next: map[int]*tform{}})
		return
	}
	f := n.todo[len(n.todo)-1]
	n.todo = n.todo[:len(n.todo)-1]
	if _, done := n.old[f.id]; done || f.kind == tTrue {
		g.expand(n)
		return
	}
	switch f.kind {
	case tFalse:
		return
	case tLit:
		if _, contra := n.old[g.b.lit(f.lit.atom, !f.lit.neg).id]; contra {
			return
		}
		n.old[f.id] = f
		g.expand(n)
	case tAnd:
		n.old[f.id] = f
		n.todo = append(n.todo, f.args...)
		g.expand(n)
	case tOr:
		for _, a := range f.args {
			c := n.clone()
			c.old[f.id] = f
			c.todo = append(c.todo, a)
			g.expand(c)
		}
	case tBox:
		n.old[f.id] = f
		n.next[f.id] = f
		n.todo = append(n.todo, f.args[0])
		g.expand(n)
	case tDia:
		// <>g: g now, or <>g from the next position on.
		c := n.clone()
		c.old[f.id] = f
		c.todo = append(c.todo, f.args[0])
		g.expand(c)
		n.old[f.id] = f
		n.next[f.id] = f
		g.expand(n)
	}
}

// buildGBA builds the tableau of f.
func buildGBA(b *ltlBuilder, f *tform) *gba {
	g := &gpvw{b: b, index: map[string]int{}}
	g.expand(&gpvwNode{incoming: map[int]bool{-1: true}, todo: []*tform{f},
		old: map[int]*tform{}, next: map[int]*tform{}})
	// The eventualities <>g: a node fulfils one when it does not promise
	// it or when g holds there.
	promises := map[int]*tform{}
	for _, n := range g.nodes {
		for id, h := range n.old {
			if h.kind == tDia {
				promises[id] = h
			}
		}
	}
	proms := sortedForms(promises)
	a := &gba{nodes: make([]gbaNode, len(g.nodes)), nacc: len(proms)}
	words := (len(proms) + 63) / 64
	for i, n := range g.nodes {
		an := &a.nodes[i]
		an.acc = make([]uint64, words)
		for j, p := range proms {
			_, promised := n.old[p.id]
			_, fulfilled := n.old[p.args[0].id]
			if !promised || fulfilled {
				an.acc[j/64] |= 1 << (j % 64)
			}
		}
		for _, h := range sortedForms(n.old) {
			if h.kind == tLit {
				an.lits = append(an.lits, h.lit)
			}
		}
		var in []int
		for k := range n.incoming {
			in = append(in, k)
		}
		sort.Ints(in)
		for _, k := range in {
			if k < 0 {
				a.init = append(a.init, i)
			} else {
				g.nodes[k].succIDs = append(g.nodes[k].succIDs, i)
			}
		}
	}
	for i, n := range g.nodes {
		sort.Ints(n.succIDs)
		a.nodes[i].succ = n.succIDs
	}
	a.findLive()
	return a
}

// findLive computes a.live from the tableau's reachability relation
// (tableaux are small).
func (a *gba) findLive() {
	n := len(a.nodes)
	reach := make([][]bool, n) // reach[q][r]: a non-empty path from q to r
	for q := range n {
		reach[q] = make([]bool, n)
		stack := append([]int(nil), a.nodes[q].succ...)
		for len(stack) > 0 {
			r := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if reach[q][r] {
				continue
			}
			reach[q][r] = true
			stack = append(stack, a.nodes[r].succ...)
		}
	}
	a.live = make([]bool, n)
	for q := range n {
		if !reach[q][q] {
			continue
		}
		acc := make([]uint64, (a.nacc+63)/64)
		for r := range n {
			if reach[q][r] && reach[r][q] {
				for i, w := range a.nodes[r].acc {
					acc[i] |= w
				}
			}
		}
		a.live[q] = true
		for i := range a.nacc {
			if acc[i/64]&(1<<(i%64)) == 0 {
				a.live[q] = false
			}
		}
	}
}
