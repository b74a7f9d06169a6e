package modelcheck

import (
	"fmt"
	"strings"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// liveness is what the liveness checker checks, compiled from the
// temporal PROPERTIES and the fairness of the SPECIFICATION: TLC's
// formulation, Fairness /\ ~(P1 /\ ... /\ Pn) has no fair behaviour.
type liveness struct {
	fr      *frame      // the one frame of every atom
	atoms   []*liveAtom // the predicates the formulas are built on
	nState  int         // atoms evaluated on a state
	nAction int         // atoms evaluated on a step
	// fair are the WF_v(A) and SF_v(A) conjuncts of the specification,
	// checked as conditions on strongly connected components; covered
	// those whose atoms the search computes from its own steps.
	fair    []fairCond
	covered []*fairCond
	// formula is what a counterexample satisfies besides fairness: the
	// negated properties and the specification's other temporal conjuncts.
	formula *tform
	// groups are the disjuncts of formula's normal form grouped by their
	// tableau (TLC's "branches").
	groups []*liveGroup
	b      *ltlBuilder
}

// liveAtom is a state predicate or an action (a predicate on a step).
type liveAtom struct {
	p      *pred
	action bool
	bit    int  // index among the state atoms, or among the action atoms
	fast   bool // computed from the search's steps (covered fairness)
}

// fairCond is WF_v(A) or SF_v(A): en is the state atom ENABLED <<A>>_v,
// step the action atom <<A>>_v.
type fairCond struct {
	strong   bool
	en, step int
	text     string
	// When A splits into actions of the next-state relation (leaves, by
	// index in model.actions) and v is a tuple of variables (vars),
	// ENABLED <<A>>_v and <<A>>_v are read off the search: a successor
	// produced by one of those actions and changing v is an A step.
	leaves []bool
	vars   []int
}

// liveGroup is one tableau with the disjuncts that share it.
type liveGroup struct {
	tableau *tform
	a       *gba
	pems    []pem
}

// pem (TLC's PossibleErrorModel) is the rest of a disjunct: predicates
// that must hold from some point on (<>[]p, ea) and ones that must hold
// infinitely often ([]<>p, ae).
type pem struct {
	ea, ae []lit
}

// liveProp is a temporal conjunct of a PROPERTY.
type liveProp struct {
	name string
	c    conjunct
}

// unsupportedTemporal aborts the translation of a formula the checker
// cannot handle.
type unsupportedTemporal struct {
	pos token.Pos
	msg string
}

// liveBuilder translates temporal formulas into tforms over atoms.
type liveBuilder struct {
	m     *model
	lv    *liveness
	keys  map[string]int
	depth int
	what  string // what is being translated, for messages
}

// buildLiveness compiles the temporal properties and the fairness.
func (m *model) buildLiveness() (lv *liveness, err error) {
	lv = &liveness{fr: &frame{}, b: newLTLBuilder()}
	lb := &liveBuilder{m: m, lv: lv, keys: map[string]int{}}
	defer func() {
		if r := recover(); r != nil {
			u, ok := r.(*unsupportedTemporal)
			if !ok {
				panic(r)
			}
			e := &Error{Kind: ErrUnsupported, Err: ErrTemporalUnsupported, Msg: fmt.Sprintf("%v in %s: %s", ErrTemporalUnsupported, lb.what, u.msg)}
			if u.pos.IsValid() {
				e.Pos = m.fset.Position(u.pos)
			}
			lv, err = nil, e
		}
	}()
	var extra []*tform
	lb.what = "the SPECIFICATION"
	for _, c := range m.fairness {
		lb.fairness(c.x, lb.rehome(c.e), &extra)
	}
	var negs []*tform
	for _, p := range m.liveProps {
		lb.what = "PROPERTY " + p.name
		negs = append(negs, lb.conv(p.c.x, lb.rehome(p.c.e), true))
	}
	for i := range lv.fair {
		if fc := &lv.fair[i]; fc.leaves != nil {
			lv.covered = append(lv.covered, fc)
		}
	}
	b := lv.b
	lv.formula = b.and(append(extra, b.or(negs...))...)
	for _, a := range lv.atoms {
		if a.action {
			a.bit = lv.nAction
			lv.nAction++
		} else {
			a.bit = lv.nState
			lv.nState++
		}
	}
	lv.group()
	return lv, nil
}

// group splits the formula into disjuncts and those into the tableau part
// and the <>[] and []<> predicates, grouping disjuncts by tableau as TLC
// does (so the "branches" are counted as TLC counts them).
func (lv *liveness) group() {
	b := lv.b
	branches, ok := b.dnf(lv.formula)
	if !ok {
		branches = [][]*tform{{lv.formula}}
	}
	byKey := map[string]*liveGroup{}
next:
	for _, br := range branches {
		var tab []*tform
		var p pem
		for _, c := range br {
			switch {
			case c.kind == tFalse:
				continue next
			case c.kind == tBox && c.args[0].kind == tDia && c.args[0].args[0].kind == tLit:
				p.ae = append(p.ae, c.args[0].args[0].lit)
			case c.kind == tDia && c.args[0].kind == tBox && c.args[0].args[0].kind == tLit:
				p.ea = append(p.ea, c.args[0].args[0].lit)
			default:
				tab = append(tab, c)
			}
		}
		t := b.and(tab...)
		if t.kind == tFalse {
			continue
		}
		g := byKey[t.key]
		if g == nil {
			g = &liveGroup{tableau: t, a: buildGBA(b, t)}
			byKey[t.key] = g
			lv.groups = append(lv.groups, g)
		}
		g.pems = append(g.pems, p)
	}
}

// rehome gives an environment of the specification's or a property's
// conjuncts the atoms' frame (those environments have no local bindings).
func (lb *liveBuilder) rehome(e *env) *env {
	ne := *e
	ne.fr = lb.lv.fr
	return &ne
}

func (lb *liveBuilder) unsupported(x ast.Node, format string, args ...any) {
	panic(&unsupportedTemporal{pos: x.Pos(), msg: fmt.Sprintf(format, args...)})
}

// fairness adds the fairness conditions of a conjunct of the
// specification; conjuncts that are not WF/SF become formulas (extra).
func (lb *liveBuilder) fairness(x ast.Expr, e *env, extra *[]*tform) {
	m := lb.m
	x = unparen(x)
	switch y := x.(type) {
	case *ast.FairnessExpr:
		fc := fairCond{strong: y.Kind == ast.SF, en: lb.enabledAtom(y, e), step: lb.stepAtom(y, e), text: m.span(y)}
		lb.cover(&fc, y, e)
		lb.lv.fair = append(lb.lv.fair, fc)
		return
	case *ast.JunctionList:
		if y.Kind == ast.Conj {
			for _, it := range y.Items {
				lb.fairness(it, e, extra)
			}
			return
		}
	case *ast.OpApp:
		switch {
		case y.Fix == token.Infix && y.Symbol() == `/\` && m.userInfix(y, e) == nil:
			for _, it := range y.Args {
				lb.fairness(it, e, extra)
			}
			return
		case y.Fix == token.Named:
			if d := lb.definition(y, e); d != nil {
				lb.enter(y)
				lb.fairness(d.op.Body, lb.bindDef(d, y.Args, y.Op.Pos(), e), extra)
				lb.depth--
				return
			}
		}
	case *ast.Ident:
		if r, ok := m.resolve(y.Name, e); ok && r.kind == rDef && r.d.op != nil && len(r.d.op.Params) == 0 {
			lb.enter(y)
			lb.fairness(r.d.op.Body, lb.bindDef(r.d, nil, y.Pos(), e), extra)
			lb.depth--
			return
		}
	case *ast.QuantExpr:
		if y.Kind == ast.ForAll && y.Bounded() {
			lb.bindings(y.Bounds, e, func(ne *env) { lb.fairness(y.Body, ne, extra) })
			return
		}
	}
	*extra = append(*extra, lb.conv(x, e, false))
}

// cover finds whether fairness condition fc's action splits into actions
// of the next-state relation, with a tuple of variables as subscript.
func (lb *liveBuilder) cover(fc *fairCond, y *ast.FairnessExpr, e *env) {
	m := lb.m
	vars, ok := m.unchangedVars(y.Sub, e, nil)
	if !ok {
		return
	}
	var parts []*action
	ne := *e
	ne.fr = &frame{}
	split := func() (ok bool) {
		// Whatever fails here leaves the condition to the general
		// evaluation of its atoms.
		defer func() {
			if recover() != nil {
				ok = false
			}
		}()
		m.splitActions(y.Action, &ne, splitCtx{name: "fairness", mod: e.mod.name}, &parts)
		return true
	}
	if !split() {
		return
	}
	index := map[string]int{}
	for _, a := range m.actions {
		index[a.key] = a.idx
	}
	leaves := make([]bool, len(m.actions))
	for _, a := range parts {
		i, ok := index[a.key]
		if !ok {
			return
		}
		leaves[i] = true
	}
	fc.leaves, fc.vars = leaves, vars
	lb.lv.atoms[fc.en].fast = true
	lb.lv.atoms[fc.step].fast = true
}

// definition resolves the definition an application names (nil if it is
// not a plain operator definition).
func (lb *liveBuilder) definition(y *ast.OpApp, e *env) *defn {
	m := lb.m
	var r ref
	var ok bool
	if len(y.Prefix) > 0 {
		d := m.resolveInstanceDef(y, e, true)
		if d == nil {
			return nil
		}
		r, ok = ref{kind: rDef, d: d}, true
	} else {
		r, ok = m.resolve(y.Op.Name, e)
	}
	if !ok || r.kind != rDef || r.d.op == nil {
		return nil
	}
	return r.d
}

// enter guards against definitions that expand forever.
func (lb *liveBuilder) enter(x ast.Node) {
	lb.depth++
	if lb.depth > 200 {
		lb.unsupported(x, "recursive temporal definitions are not supported")
	}
}

// bindDef binds d's parameters to args for expanding its body: constant
// arguments by value, others by name.
func (lb *liveBuilder) bindDef(d *defn, args []ast.Expr, pos token.Pos, e *env) *env {
	m := lb.m
	if len(args) != len(d.op.Params) {
		m.failf(pos, "The operator %s requires %d arguments", d.name, len(d.op.Params))
	}
	ne := &env{m: m, mod: d.mod, fr: lb.lv.fr, at: -1, opName: d.name}
	for i, p := range d.op.Params {
		var b *binding
		switch {
		case p.Arity > 0:
			b = &binding{kind: bOp, op: m.opArg(args[i], p.Arity, e)}
		case m.levelOf(args[i], e, nil) == lvlConst:
			if c := m.tryExpr(args[i], e); c != nil && c.isConst {
				b = &binding{kind: bConst, val: c.val}
				break
			}
			fallthrough
		default:
			b = &binding{kind: bSubst, expr: args[i], env: e}
		}
		ne = ne.bind(p.Name.Name, b)
	}
	return ne
}

// bindings calls f with e extended by every combination of values of
// bounds (constant sets), leftmost bound outermost.
func (lb *liveBuilder) bindings(bounds []*ast.Bound, e *env, f func(ne *env)) {
	type name struct {
		b *ast.Bound
		i int // index in b.Names; -1 for a tuple bound
	}
	var names []name
	for _, b := range bounds {
		if b.Tuple {
			names = append(names, name{b, -1})
			continue
		}
		for i := range b.Names {
			names = append(names, name{b, i})
		}
	}
	var rec func(k int, ne *env)
	rec = func(k int, ne *env) {
		if k == len(names) {
			f(ne)
			return
		}
		b := names[k].b
		for _, v := range lb.constSet(b.Set, ne) {
			n := ne
			if names[k].i < 0 {
				if !v.IsTuple() || v.AsTuple().Len() != len(b.Names) {
					lb.unsupported(b.Set, "the set %s holds a value that is not a %d-tuple", v.TLCString(), len(b.Names))
				}
				for j, nm := range b.Names {
					n = n.bind(nm.Name, &binding{kind: bConst, val: v.AsTuple().Get(j)})
				}
			} else {
				n = n.bind(b.Names[names[k].i].Name, &binding{kind: bConst, val: v})
			}
			rec(k+1, n)
		}
	}
	rec(0, e)
}

// constSet evaluates a constant set whose elements a temporal quantifier
// ranges over.
func (lb *liveBuilder) constSet(x ast.Expr, e *env) []tla.Value {
	m := lb.m
	if m.levelOf(x, e, nil) != lvlConst {
		lb.unsupported(x, "a temporal formula quantifies over %s, which is not a constant set", m.span(x))
	}
	c := m.expr(x, e)
	ctx := m.constCtx()
	var elems []tla.Value
	var ok bool
	if err := m.protect(ctx, func() { elems, ok = finiteElements(c.fn(ctx)) }); err != nil {
		lb.unsupported(x, "evaluating the set %s: %v", m.span(x), err)
	}
	if !ok {
		lb.unsupported(x, "a temporal formula quantifies over %s, which is not a finite set", m.span(x))
	}
	return elems
}

// conv translates x (negated when neg) into negation normal form.
// Subformulas without temporal operators become atoms.
func (lb *liveBuilder) conv(x ast.Expr, e *env, neg bool) *tform {
	m, b := lb.m, lb.lv.b
	x = unparen(x)
	if l := m.levelOf(x, e, nil); l < lvlTemporal {
		return lb.atomLit(x, e, neg, l)
	}
	both := func(p, q ast.Expr, np, nq bool) (*tform, *tform) {
		return lb.conv(p, e, np), lb.conv(q, e, nq)
	}
	switch y := x.(type) {
	case *ast.JunctionList:
		parts := make([]*tform, len(y.Items))
		for i, it := range y.Items {
			parts[i] = lb.conv(it, e, neg)
		}
		if (y.Kind == ast.Conj) != neg {
			return b.and(parts...)
		}
		return b.or(parts...)
	case *ast.OpApp:
		switch y.Fix {
		case token.Prefix:
			if m.userPrefix(y, e) != nil {
				break
			}
			switch y.Symbol() {
			case "~":
				return lb.conv(y.Args[0], e, !neg)
			case "[]":
				if neg {
					return b.dia(lb.conv(y.Args[0], e, true))
				}
				return b.box(lb.conv(y.Args[0], e, false))
			case "<>":
				if neg {
					return b.box(lb.conv(y.Args[0], e, true))
				}
				return b.dia(lb.conv(y.Args[0], e, false))
			}
		case token.Infix:
			if d := m.userInfix(y, e); d != nil {
				return lb.expand(d, y.Args, y, e, neg)
			}
			p, q := y.Args[0], y.Args[1]
			switch y.Symbol() {
			case `/\`, `\/`:
				parts := make([]*tform, len(y.Args))
				for i, it := range y.Args {
					parts[i] = lb.conv(it, e, neg)
				}
				if (y.Symbol() == `/\`) != neg {
					return b.and(parts...)
				}
				return b.or(parts...)
			case "=>":
				if neg { // P /\ ~Q
					return b.and(both(p, q, false, true))
				}
				return b.or(both(p, q, true, false))
			case "<=>":
				pp, qq := both(p, q, false, false)
				np, nq := both(p, q, true, true)
				if neg {
					return b.or(b.and(pp, nq), b.and(np, qq))
				}
				return b.or(b.and(pp, qq), b.and(np, nq))
			case "~>":
				// P ~> Q is [](~P \/ <>Q); its negation <>(P /\ []~Q).
				if neg {
					pp, nq := both(p, q, false, true)
					return b.dia(b.and(pp, b.box(nq)))
				}
				np, qq := both(p, q, true, false)
				return b.box(b.or(np, b.dia(qq)))
			}
		case token.Named:
			if len(y.Prefix) > 0 {
				if d := lb.definition(y, e); d != nil {
					return lb.expand(d, y.Args, y, e, neg)
				}
				break
			}
			return lb.name(y.Op.Name, y.Args, y, e, neg)
		}
	case *ast.Ident:
		return lb.name(y.Name, nil, y, e, neg)
	case *ast.QuantExpr:
		if !y.Bounded() {
			lb.unsupported(y, "unbounded quantification in a temporal formula is not supported")
		}
		var parts []*tform
		lb.bindings(y.Bounds, e, func(ne *env) { parts = append(parts, lb.conv(y.Body, ne, neg)) })
		if (y.Kind == ast.ForAll) != neg {
			return b.and(parts...)
		}
		return b.or(parts...)
	case *ast.FairnessExpr:
		en, step := lb.enabledAtom(y, e), lb.stepAtom(y, e)
		if y.Kind == ast.WF {
			// []<>~ENABLED <<A>>_v \/ []<><<A>>_v
			if neg {
				return b.and(b.dia(b.box(b.lit(en, false))), b.dia(b.box(b.lit(step, true))))
			}
			return b.or(b.box(b.dia(b.lit(en, true))), b.box(b.dia(b.lit(step, false))))
		}
		// <>[]~ENABLED <<A>>_v \/ []<><<A>>_v
		if neg {
			return b.and(b.box(b.dia(b.lit(en, false))), b.dia(b.box(b.lit(step, true))))
		}
		return b.or(b.dia(b.box(b.lit(en, true))), b.box(b.dia(b.lit(step, false))))
	case *ast.IfExpr:
		c, nc := lb.conv(y.Cond, e, false), lb.conv(y.Cond, e, true)
		return b.or(b.and(c, lb.conv(y.Then, e, neg)), b.and(nc, lb.conv(y.Else, e, neg)))
	case *ast.TemporalQuantExpr:
		lb.unsupported(y, "temporal quantification (\\AA, \\EE) is not supported")
	}
	lb.unsupported(x, "the temporal formula %s is not supported", m.span(x))
	return nil
}

// name translates a temporal formula that names a definition, an
// operator argument or a parameter passed by name.
func (lb *liveBuilder) name(name string, args []ast.Expr, x ast.Expr, e *env, neg bool) *tform {
	m := lb.m
	r, ok := m.resolve(name, e)
	if ok {
		switch r.kind {
		case rDef:
			if r.d.op != nil {
				return lb.expand(r.d, args, x, e, neg)
			}
		case rLocal:
			switch bd := r.b; bd.kind {
			case bSubst:
				if len(args) == 0 {
					return lb.conv(bd.expr, bd.env, neg)
				}
			case bOp:
				if lo, ok := bd.op.(*lambdaOp); ok && len(args) == len(lo.params) {
					ne := *lo.env
					ne.fr = lb.lv.fr
					nep := &ne
					for i, p := range lo.params {
						nep = nep.bind(p.Name, &binding{kind: bSubst, expr: args[i], env: e})
					}
					lb.enter(x)
					defer func() { lb.depth-- }()
					return lb.conv(lo.body, nep, neg)
				}
				if do, ok := bd.op.(*defOp); ok && do.d.op != nil {
					return lb.expand(do.d, args, x, e, neg)
				}
			}
		}
	}
	lb.unsupported(x, "the temporal formula %s is not supported", m.span(x))
	return nil
}

func (lb *liveBuilder) expand(d *defn, args []ast.Expr, x ast.Expr, e *env, neg bool) *tform {
	lb.enter(x)
	defer func() { lb.depth-- }()
	return lb.conv(d.op.Body, lb.bindDef(d, args, x.Pos(), e), neg)
}

// atomKey identifies an atom: the expression and the values bound to the
// names in scope, so that the same predicate is one atom.
func atomKey(kind string, x ast.Node, e *env) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s|%p|%p", kind, x, e.mod)
	for s := e.sc; s != nil; s = s.parent {
		if s.b.kind == bConst {
			fmt.Fprintf(&sb, "|%s=%s", s.name, s.b.val.TLCString())
		} else {
			fmt.Fprintf(&sb, "|%s@%p", s.name, s.b)
		}
	}
	return sb.String()
}

func (lb *liveBuilder) addAtom(key string, a *liveAtom) int {
	if i, ok := lb.keys[key]; ok {
		return i
	}
	i := len(lb.lv.atoms)
	lb.lv.atoms = append(lb.lv.atoms, a)
	lb.keys[key] = i
	return i
}

// atomLit makes a literal of a state- or action-level expression.
func (lb *liveBuilder) atomLit(x ast.Expr, e *env, neg bool, l level) *tform {
	m, b := lb.m, lb.lv.b
	key := atomKey("p", x, e)
	i, ok := lb.keys[key]
	if !ok {
		c := m.expr(x, e)
		if c.isConst && c.val.IsBool() && !c.impure {
			return b.truth(c.val.AsBool() != neg)
		}
		i = lb.addAtom(key, &liveAtom{p: &pred{name: m.span(x), expr: x, fn: c.fn, fr: lb.lv.fr}, action: l == lvlAction})
	}
	return b.lit(i, neg)
}

// enabledAtom is ENABLED <<A>>_v of WF_v(A) or SF_v(A).
func (lb *liveBuilder) enabledAtom(y *ast.FairnessExpr, e *env) int {
	key := atomKey("en", y, e)
	if i, ok := lb.keys[key]; ok {
		return i
	}
	fn := lb.m.enabledChange(y.Action, y.Sub, e)
	return lb.addAtom(key, &liveAtom{p: &pred{name: "ENABLED " + lb.m.span(y), expr: y, fn: fn, fr: lb.lv.fr}})
}

// stepAtom is <<A>>_v of WF_v(A) or SF_v(A).
func (lb *liveBuilder) stepAtom(y *ast.FairnessExpr, e *env) int {
	key := atomKey("step", y, e)
	if i, ok := lb.keys[key]; ok {
		return i
	}
	x := &ast.SubscriptExpr{Kind: ast.AngleAction, Open: y.Pos(), Action: y.Action, Sub: y.Sub}
	c := lb.m.expr(x, e)
	return lb.addAtom(key, &liveAtom{p: &pred{name: lb.m.span(y), expr: y, fn: c.fn, fr: lb.lv.fr}, action: true})
}

// enabledChange is ENABLED <<A>>_v: whether A has a complete successor
// in which v changes.
func (m *model) enabledChange(a, sub ast.Expr, e *env) evalFn {
	ne := *e
	ne.prime, ne.init = false, false
	unchanged := m.unchangedValue(sub, &ne)
	pos := sub.Pos()
	gen := m.act(a, &ne, func(c *ctx) bool {
		for _, s := range c.nset {
			if !s {
				return true // incomplete: not a successor
			}
		}
		if m.asBool(c, unchanged.fn(c), pos) {
			return true // a stuttering step is not an <<A>>_v step
		}
		c.enabled = true
		return false
	})
	n := len(m.vars)
	return func(c *ctx) tla.Value {
		next, nset, en := c.next, c.nset, c.enabled
		c.next, c.nset, c.enabled = make([]tla.Value, n), make([]bool, n), false
		gen(c)
		r := c.enabled
		c.next, c.nset, c.enabled = next, nset, en
		return tla.MakeBool(r)
	}
}
