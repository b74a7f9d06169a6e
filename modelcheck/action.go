package modelcheck

import (
	"fmt"
	"strings"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// step is compiled action code in continuation-passing style: it extends
// the partial next state in the context and calls its continuation for each
// way to do so. It returns false when the enumeration must stop.
type step func(c *ctx) bool

// emitStep is the final continuation: the next state is complete.
func emitStep(c *ctx) bool { return c.emit(c) }

// act compiles x as an action (or, with e.init, as an initial predicate)
// that assigns variables and calls k for every complete assignment.
func (m *model) act(x ast.Expr, e *env, k step) step {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return m.act(x.X, e, k)
	case *ast.JunctionList:
		if x.Kind == ast.Conj {
			return m.actConj(x.Items, e, k)
		}
		return m.actDisj(x.Items, e, k)
	case *ast.OpApp:
		switch x.Fix {
		case token.Infix:
			if m.userInfix(x, e) == nil {
				switch x.Symbol() {
				case `/\`:
					return m.actConj(x.Args, e, k)
				case `\/`:
					return m.actDisj(x.Args, e, k)
				case "=":
					if i, ok := m.assignTarget(x.Args[0], e); ok {
						return m.actAssign(i, x.Args[1], e, k)
					}
				case `\in`:
					if i, ok := m.assignTarget(x.Args[0], e); ok {
						return m.actIn(i, x.Args[1], e, k)
					}
				}
			}
		case token.Prefix:
			if x.Symbol() == "UNCHANGED" && !e.init {
				return m.actUnchanged(x.Args[0], e, k)
			}
		case token.Named:
			if len(x.Prefix) > 0 {
				mod := m.instanceTarget(x, e)
				if r, ok := m.resolveIn(x.Op.Name, mod); ok && r.kind == rDef && r.d.op != nil && m.inlineAction(r.d, e) {
					return m.actInline(r.d, x.Args, x.Op.Pos(), e, k)
				}
				break
			}
			if s, ok := m.actName(x.Op.Name, x.Args, x.Op.Pos(), e, k); ok {
				return s
			}
		}
	case *ast.Ident:
		if s, ok := m.actName(x.Name, nil, x.Pos(), e, k); ok {
			return s
		}
	case *ast.QuantExpr:
		if x.Kind == ast.Exists {
			if !x.Bounded() {
				m.failf(x.Pos(), "unbounded quantification is not supported by the model checker")
			}
			bs, ne := m.binders(x.Bounds, e)
			body := m.act(x.Body, ne, k)
			return func(c *ctx) bool { return forAll(c, bs, func() bool { return body(c) }) }
		}
	case *ast.IfExpr:
		cond := m.expr(x.Cond, e)
		th, el := m.act(x.Then, e, k), m.act(x.Else, e, k)
		pos := x.Cond.Pos()
		return func(c *ctx) bool {
			if m.asBool(c, cond.fn(c), pos) {
				return th(c)
			}
			return el(c)
		}
	case *ast.CaseExpr:
		conds := make([]cexpr, len(x.Arms))
		arms := make([]step, len(x.Arms))
		for i, a := range x.Arms {
			conds[i] = m.expr(a.Cond, e)
			arms[i] = m.act(a.Value, e, k)
		}
		var other step
		if x.Other != nil {
			other = m.act(x.Other, e, k)
		}
		pos := x.Pos()
		return func(c *ctx) bool {
			for i, cd := range conds {
				if m.asBool(c, cd.fn(c), x.Arms[i].Cond.Pos()) {
					return arms[i](c)
				}
			}
			if other != nil {
				return other(c)
			}
			evalErrorf(pos, "Attempted to evaluate a CASE with no conditions true.")
			return false
		}
	case *ast.LetExpr:
		ne, lazy := m.letDefs(x.Defs, e)
		body := m.act(x.Body, ne, k)
		if len(lazy) == 0 {
			return body
		}
		return func(c *ctx) bool {
			for _, s := range lazy {
				c.ok[c.fp+s] = false
			}
			return body(c)
		}
	case *ast.SubscriptExpr:
		if !e.init {
			a := m.act(x.Action, e, k)
			if x.Kind == ast.BoxAction {
				u := m.actUnchanged(x.Sub, e, k)
				return func(c *ctx) bool { return a(c) && u(c) }
			}
			changed := m.unchangedValue(x.Sub, e)
			pos := x.Pos()
			a = m.act(x.Action, e, func(c *ctx) bool {
				if m.asBool(c, changed.fn(c), pos) {
					return true
				}
				return k(c)
			})
			return a
		}
	}
	return m.actGuard(x, e, k)
}

// actName handles a conjunct that names a definition, a substituted
// expression or a LET definition: action-level ones are expanded inline.
func (m *model) actName(name string, args []ast.Expr, pos token.Pos, e *env, k step) (step, bool) {
	r, ok := m.resolve(name, e)
	if !ok {
		return nil, false
	}
	switch r.kind {
	case rDef:
		if r.d.op != nil && m.inlineAction(r.d, e) {
			return m.actInline(r.d, args, pos, e, k), true
		}
	case rLocal:
		b := r.b
		switch b.kind {
		case bSubst:
			if len(args) == 0 {
				se := b.env
				if e.prime && !se.prime {
					se = se.withPrime()
				}
				if e.init && !se.init {
					n := *se
					n.init = true
					se = &n
				}
				return m.act(b.expr, se, k), true
			}
		case bLazy:
			if len(args) == 0 && m.levelOf(b.expr, b.env, nil) >= lvlAction {
				return m.act(b.expr, b.env, k), true
			}
		case bOp:
			if lo, ok := b.op.(*lambdaOp); ok && len(args) == len(lo.params) {
				ne := *lo.env
				ne.fr = e.fr
				ne.init = e.init
				nep := &ne
				for i, p := range lo.params {
					nep = nep.bind(p.Name, &binding{kind: bSubst, expr: args[i], env: e})
				}
				return m.act(lo.body, nep, k), true
			}
		}
	}
	return nil, false
}

// inlineAction reports whether an application of d inside an action is
// expanded (so that its assignments enumerate): action-level definitions,
// and in Init every definition reading variables.
func (m *model) inlineAction(d *defn, e *env) bool {
	if d.recursive {
		return false
	}
	l := m.defLevel(d)
	if e.init {
		return l >= lvlState
	}
	return l >= lvlAction
}

func (m *model) actInline(d *defn, args []ast.Expr, pos token.Pos, e *env, k step) step {
	if len(args) != len(d.op.Params) {
		m.failf(pos, "The operator %s requires %d arguments", d.name, len(d.op.Params))
	}
	ne, pre, _ := m.bindParams(d, args, pos, e)
	body := m.act(d.op.Body, ne, k)
	if pre == nil {
		return body
	}
	return func(c *ctx) bool {
		pre(c)
		return body(c)
	}
}

func (m *model) actConj(items []ast.Expr, e *env, k step) step {
	s := k
	for i := len(items) - 1; i >= 0; i-- {
		s = m.act(items[i], e, s)
	}
	return s
}

func (m *model) actDisj(items []ast.Expr, e *env, k step) step {
	branches := make([]step, len(items))
	for i, it := range items {
		branches[i] = m.act(it, e, k)
	}
	if len(branches) == 2 {
		a, b := branches[0], branches[1]
		return func(c *ctx) bool { return a(c) && b(c) }
	}
	return func(c *ctx) bool {
		for _, b := range branches {
			if !b(c) {
				return false
			}
		}
		return true
	}
}

// assignTarget recognizes the left side of an assignment: x' (or x in
// Init) for a state variable x, possibly through instance substitutions.
func (m *model) assignTarget(lhs ast.Expr, e *env) (int, bool) {
	for {
		p, ok := lhs.(*ast.ParenExpr)
		if !ok {
			break
		}
		lhs = p.X
	}
	if e.init {
		if e.prime {
			return 0, false
		}
		return m.varOf(lhs, e)
	}
	op, ok := lhs.(*ast.OpApp)
	if !ok || op.Fix != token.Postfix || op.Op.Name != "'" || e.prime {
		return 0, false
	}
	return m.varOf(op.Args[0], e)
}

// varOf resolves an expression that denotes a state variable.
func (m *model) varOf(x ast.Expr, e *env) (int, bool) {
	for {
		switch y := x.(type) {
		case *ast.ParenExpr:
			x = y.X
			continue
		case *ast.Ident:
			r, ok := m.resolve(y.Name, e)
			if !ok {
				return 0, false
			}
			switch r.kind {
			case rVar:
				return r.idx, true
			case rLocal:
				if r.b.kind == bSubst && !r.b.env.prime {
					x, e = r.b.expr, r.b.env
					continue
				}
			}
		}
		return 0, false
	}
}

func (m *model) actAssign(i int, rhs ast.Expr, e *env, k step) step {
	ev := m.expr(rhs, e).fn
	return func(c *ctx) bool {
		v := ev(c)
		if c.nset[i] {
			if c.next[i].Equal(v) {
				return k(c)
			}
			return true
		}
		c.next[i], c.nset[i] = v, true
		r := k(c)
		c.nset[i] = false
		return r
	}
}

func (m *model) actIn(i int, set ast.Expr, e *env, k step) step {
	sv := m.expr(set, e).fn
	pos := set.Pos()
	return func(c *ctx) bool {
		s := sv(c)
		if c.nset[i] {
			c.pos = pos
			if tla.ModuleInSymbol(c.next[i], s).AsBool() {
				return k(c)
			}
			return true
		}
		for _, v := range elements(c, s, pos) {
			c.next[i], c.nset[i] = v, true
			if !k(c) {
				c.nset[i] = false
				return false
			}
		}
		c.nset[i] = false
		return true
	}
}

// actUnchanged is UNCHANGED x: each variable of x keeps its value.
func (m *model) actUnchanged(x ast.Expr, e *env, k step) step {
	idx, ok := m.unchangedVars(x, e, nil)
	if !ok {
		return m.actGuard(&ast.OpApp{Fix: token.Prefix, Op: &ast.Ident{NamePos: x.Pos(), Name: "UNCHANGED"}, Args: []ast.Expr{x}}, e, k)
	}
	s := k
	for j := len(idx) - 1; j >= 0; j-- {
		s = unchangedStep(idx[j], s)
	}
	return s
}

func unchangedStep(i int, k step) step {
	return func(c *ctx) bool {
		v := c.cur[i]
		if c.nset[i] {
			if c.next[i].Equal(v) {
				return k(c)
			}
			return true
		}
		c.next[i], c.nset[i] = v, true
		r := k(c)
		c.nset[i] = false
		return r
	}
}

// unchangedVars lists the variables of a tuple of variables (through
// definitions and substitutions).
func (m *model) unchangedVars(x ast.Expr, e *env, acc []int) ([]int, bool) {
	switch y := x.(type) {
	case *ast.ParenExpr:
		return m.unchangedVars(y.X, e, acc)
	case *ast.TupleExpr:
		for _, el := range y.Elems {
			var ok bool
			if acc, ok = m.unchangedVars(el, e, acc); !ok {
				return nil, false
			}
		}
		return acc, true
	case *ast.Ident:
		r, ok := m.resolve(y.Name, e)
		if !ok {
			return nil, false
		}
		switch r.kind {
		case rVar:
			return append(acc, r.idx), true
		case rDef:
			if r.d.op != nil && len(r.d.op.Params) == 0 {
				return m.unchangedVars(r.d.op.Body, &env{m: m, mod: r.d.mod, fr: e.fr, at: -1}, acc)
			}
		case rLocal:
			if r.b.kind == bSubst {
				return m.unchangedVars(r.b.expr, r.b.env, acc)
			}
		case rConst:
			return acc, true
		}
	case *ast.OpApp:
		if y.Fix == token.Named && len(y.Prefix) > 0 && len(y.Args) == 0 {
			mod := m.instanceTarget(y, e)
			if r, ok := m.resolveIn(y.Op.Name, mod); ok {
				switch r.kind {
				case rDef:
					if r.d.op != nil && len(r.d.op.Params) == 0 {
						return m.unchangedVars(r.d.op.Body, &env{m: m, mod: r.d.mod, fr: e.fr, at: -1}, acc)
					}
				case rLocal:
					if r.b.kind == bSubst {
						return m.unchangedVars(r.b.expr, r.b.env, acc)
					}
				}
			}
		}
	case *ast.StringLit, *ast.NumberLit:
		return acc, true
	}
	return nil, false
}

// actGuard evaluates x as a condition.
func (m *model) actGuard(x ast.Expr, e *env, k step) step {
	g := m.expr(x, e)
	if g.isConst && g.val.IsBool() {
		if g.val.AsBool() {
			return k
		}
		return func(*ctx) bool { return true }
	}
	gf := g.fn
	pos := x.Pos()
	return func(c *ctx) bool {
		v := gf(c)
		if !v.IsBool() {
			evalErrorf(pos, "A non-boolean expression (%s) was used as a formula: %s", kindName(v), truncate(v.TLCString()))
		}
		if v.AsBool() {
			return k(c)
		}
		return true
	}
}

// enabledValue is ENABLED A: whether A has a successor from the current
// state.
func (m *model) enabledValue(x ast.Expr, e *env, pos token.Pos) cexpr {
	ne := *e
	ne.prime, ne.init = false, false
	gen := m.act(x, &ne, func(c *ctx) bool {
		for _, s := range c.nset {
			if !s {
				return true // incomplete: not a successor
			}
		}
		c.enabled = true
		return false
	})
	n := len(m.vars)
	return cexpr{fn: func(c *ctx) tla.Value {
		next, nset, en := c.next, c.nset, c.enabled
		c.next, c.nset, c.enabled = make([]tla.Value, n), make([]bool, n), false
		gen(c)
		r := c.enabled
		c.next, c.nset, c.enabled = next, nset, en
		return tla.MakeBool(r)
	}}
}

// --- splitting the next-state relation into TLC's actions ---

// action is one disjunct of the next-state relation, named as TLC names
// it in traces.
type action struct {
	name  string // Label or Label(args)
	span  string // line L, col C to line L2, col C2 of module M
	run   step   // enumerates the successors (frame reset included)
	guard *guard // a leading conjunct v[k] = val tested before running
	idx   int    // position in model.actions
	// key identifies the action's expression and constant bindings, so
	// that a fairness condition's actions can be matched with Next's.
	key string
}

// guard is a leading conjunct v[k] = val of an action, with v a variable
// and k, val constants (PlusCal's pc[self] = "label"). The search looks
// v[k] up once per state for all the actions testing it, and runs only the
// actions whose val matches.
type guard struct {
	varIdx int
	key    tla.Value
	val    tla.Value
	group  int // actions testing the same v[k] share a group
}

// leadingGuard finds an action's leading v[k] = val conjunct.
func (m *model) leadingGuard(x ast.Expr, e *env) *guard {
	for depth := 0; depth < 32; depth++ {
		switch y := x.(type) {
		case *ast.ParenExpr:
			x = y.X
			continue
		case *ast.JunctionList:
			if y.Kind != ast.Conj {
				return nil
			}
			x = y.Items[0]
			continue
		case *ast.Ident:
			r, ok := m.resolve(y.Name, e)
			if !ok || r.kind != rDef || r.d.op == nil || len(r.d.op.Params) > 0 || !m.inlineAction(r.d, e) {
				return nil
			}
			x, e = r.d.op.Body, &env{m: m, mod: r.d.mod, fr: e.fr, at: -1}
			continue
		case *ast.OpApp:
			switch {
			case y.Fix == token.Infix && y.Symbol() == `/\` && m.userInfix(y, e) == nil:
				x = y.Args[0]
				continue
			case y.Fix == token.Infix && y.Symbol() == "=" && m.userInfix(y, e) == nil:
				return m.guardShape(y, e)
			case y.Fix == token.Named && len(y.Prefix) == 0:
				r, ok := m.resolve(y.Op.Name, e)
				if !ok || r.kind != rDef || r.d.op == nil || r.d.recursive || len(r.d.op.Params) != len(y.Args) || !m.inlineAction(r.d, e) {
					return nil
				}
				ne := &env{m: m, mod: r.d.mod, fr: e.fr, at: -1}
				for i, p := range r.d.op.Params {
					if p.Arity > 0 {
						return nil
					}
					a := m.tryExpr(y.Args[i], e)
					if a == nil || !a.isConst {
						return nil
					}
					ne = ne.bind(p.Name.Name, &binding{kind: bConst, val: a.val})
				}
				x, e = r.d.op.Body, ne
				continue
			}
		}
		return nil
	}
	return nil
}

func (m *model) guardShape(y *ast.OpApp, e *env) *guard {
	if e.prime || e.init {
		return nil
	}
	lhs := y.Args[0]
	for {
		p, ok := lhs.(*ast.ParenExpr)
		if !ok {
			break
		}
		lhs = p.X
	}
	fa, ok := lhs.(*ast.FuncApp)
	if !ok || len(fa.Args) != 1 {
		return nil
	}
	id, ok := fa.Func.(*ast.Ident)
	if !ok {
		return nil
	}
	r, ok := m.resolve(id.Name, e)
	if !ok || r.kind != rVar {
		return nil
	}
	k := m.tryExpr(fa.Args[0], e)
	v := m.tryExpr(y.Args[1], e)
	if k == nil || v == nil || !k.isConst || !v.isConst {
		return nil
	}
	return &guard{varIdx: r.idx, key: k.val, val: v.val}
}

type splitCtx struct {
	name string
	args []tla.Value
	mod  string
	lazy []int
}

func (s splitCtx) label() string {
	if len(s.args) == 0 {
		return s.name
	}
	parts := make([]string, len(s.args))
	for i, a := range s.args {
		parts[i] = a.TLCString()
	}
	return s.name + "(" + strings.Join(parts, ",") + ")"
}

// splitActions walks the next-state relation as TLC's getActions does:
// disjunctions, existential quantifiers over constant sets and
// applications of definitions to constant arguments are split; every other
// expression is one action, named after the innermost definition.
func (m *model) splitActions(x ast.Expr, e *env, sc splitCtx, out *[]*action) {
	switch y := x.(type) {
	case *ast.ParenExpr:
		m.splitActions(y.X, e, sc, out)
		return
	case *ast.LetExpr:
		ne, lazy := m.letDefs(y.Defs, e)
		sc.lazy = append(append([]int(nil), sc.lazy...), lazy...)
		m.splitActions(y.Body, ne, sc, out)
		return
	case *ast.JunctionList:
		if y.Kind == ast.Disj {
			for _, it := range y.Items {
				m.splitActions(it, e, sc, out)
			}
			return
		}
	case *ast.OpApp:
		if y.Fix == token.Infix && y.Symbol() == `\/` && m.userInfix(y, e) == nil {
			for _, it := range y.Args {
				m.splitActions(it, e, sc, out)
			}
			return
		}
		if y.Fix == token.Named && m.splitCall(y, e, sc, out) {
			return
		}
	case *ast.Ident:
		if m.splitName(y.Name, nil, y.Pos(), e, sc, out) {
			return
		}
	case *ast.QuantExpr:
		if y.Kind == ast.Exists && y.Bounded() && m.splitExists(y, e, sc, out) {
			return
		}
	}
	m.leafAction(x, e, sc, out)
}

func (m *model) splitCall(y *ast.OpApp, e *env, sc splitCtx, out *[]*action) bool {
	if len(y.Prefix) == 0 {
		return m.splitName(y.Op.Name, y.Args, y.Op.Pos(), e, sc, out)
	}
	mod := m.instanceTarget(y, e)
	r, ok := m.resolveIn(y.Op.Name, mod)
	if !ok || r.kind != rDef {
		return false
	}
	return m.splitDef(r.d, y.Args, e, sc, out)
}

func (m *model) splitName(name string, args []ast.Expr, pos token.Pos, e *env, sc splitCtx, out *[]*action) bool {
	r, ok := m.resolve(name, e)
	if !ok {
		return false
	}
	switch r.kind {
	case rDef:
		return m.splitDef(r.d, args, e, sc, out)
	case rLocal:
		if r.b.kind == bSubst && len(args) == 0 {
			m.splitActions(r.b.expr, r.b.env, sc, out)
			return true
		}
	}
	return false
}

// splitDef descends into a definition applied to constant arguments.
func (m *model) splitDef(d *defn, args []ast.Expr, e *env, sc splitCtx, out *[]*action) bool {
	if d.op == nil || d.recursive || len(args) != len(d.op.Params) {
		return false
	}
	vals := make([]tla.Value, len(args))
	for i, a := range args {
		if d.op.Params[i].Arity > 0 {
			return false
		}
		if m.levelOf(a, e, nil) != lvlConst {
			return false
		}
		c := m.tryExpr(a, e)
		if c == nil || !c.isConst {
			return false
		}
		vals[i] = c.val
	}
	ne := &env{m: m, mod: d.mod, fr: e.fr, at: -1, opName: d.name}
	for i, p := range d.op.Params {
		ne = ne.bind(p.Name.Name, &binding{kind: bConst, val: vals[i]})
	}
	m.splitActions(d.op.Body, ne, splitCtx{name: d.name, args: vals, mod: d.mod.name, lazy: sc.lazy}, out)
	return true
}

// tryExpr compiles x, or returns nil if it does not compile.
func (m *model) tryExpr(x ast.Expr, e *env) (res *cexpr) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*compileError); !ok {
				panic(r)
			}
			res = nil
		}
	}()
	c := m.expr(x, e)
	return &c
}

func (m *model) splitExists(q *ast.QuantExpr, e *env, sc splitCtx, out *[]*action) bool {
	type bnd struct {
		b    *ast.Bound
		vals []tla.Value
	}
	var bs []bnd
	for _, b := range q.Bounds {
		if m.levelOf(b.Set, e, nil) != lvlConst {
			return false
		}
		c := m.tryExpr(b.Set, e)
		if c == nil || !c.isConst || !c.val.IsSet() {
			return false
		}
		var vals []tla.Value
		ok := func() (ok bool) {
			defer func() {
				if recover() != nil {
					ok = false
				}
			}()
			vals = c.val.SortedElements()
			return true
		}()
		if !ok {
			return false
		}
		for range b.Names {
			bs = append(bs, bnd{b, vals})
			if b.Tuple {
				break
			}
		}
	}
	// Bind every combination, leftmost bound outermost (TLC's order).
	var got []*action
	var rec func(i int, ne *env) bool
	rec = func(i int, ne *env) bool {
		if i == len(bs) {
			m.splitActions(q.Body, ne, sc, &got)
			return true
		}
		b := bs[i]
		for _, v := range b.vals {
			n := ne
			if b.b.Tuple {
				if !v.IsTuple() || v.AsTuple().Len() != len(b.b.Names) {
					return false
				}
				for j, nm := range b.b.Names {
					n = n.bind(nm.Name, &binding{kind: bConst, val: v.AsTuple().Get(j)})
				}
			} else {
				// Which name of this bound is bound here: count earlier
				// entries of the same bound.
				k := 0
				for j := 0; j < i; j++ {
					if bs[j].b == b.b {
						k++
					}
				}
				n = n.bind(b.b.Names[k].Name, &binding{kind: bConst, val: v})
			}
			if !rec(i+1, n) {
				return false
			}
		}
		return true
	}
	if !rec(0, e) {
		return false
	}
	*out = append(*out, got...)
	return true
}

func (m *model) leafAction(x ast.Expr, e *env, sc splitCtx, out *[]*action) {
	body := m.act(x, e, emitStep)
	lazy := sc.lazy
	fr := e.fr
	n := len(m.vars)
	run := func(c *ctx) bool {
		c.reset(fr.size)
		for _, s := range lazy {
			c.ok[s] = false
		}
		for i := 0; i < n; i++ {
			c.nset[i] = false
		}
		return body(c)
	}
	name := sc.name
	if name == "" {
		name = "Action"
	}
	sc.name = name
	*out = append(*out, &action{name: sc.label(), span: m.span(x), run: run, guard: m.leadingGuard(x, e), key: atomKey("action", x, e)})
}

// span renders TLC's "line L, col C to line L2, col C2 of module M".
func (m *model) span(x ast.Node) string {
	p := m.fset.Position(x.Pos())
	q := m.fset.Position(x.End() - 1)
	return fmt.Sprintf("line %d, col %d to line %d, col %d of module %s", p.Line, p.Column, q.Line, q.Column, m.fileModule[p.Filename])
}
