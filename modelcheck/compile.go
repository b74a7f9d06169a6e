package modelcheck

import (
	"math"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// refKind says what a name resolves to.
type refKind uint8

const (
	rLocal   refKind = iota // a binding of the local scope or an instance substitution
	rDef                    // a definition
	rConst                  // a constant with a value from the configuration
	rVar                    // a state variable of the root module
	rBuiltin                // an operator of a standard module
)

type ref struct {
	kind refKind
	b    *binding
	d    *defn
	val  tla.Value
	idx  int
	bi   *builtin
}

// resolve looks a name up: local scope, then the module.
func (m *model) resolve(name string, e *env) (ref, bool) {
	if b := e.sc.lookup(name); b != nil {
		return ref{kind: rLocal, b: b}, true
	}
	return m.resolveIn(name, e.mod)
}

func (m *model) resolveIn(name string, mod *modCtx) (ref, bool) {
	if mod.root {
		if o, ok := m.overrides[name]; ok {
			return o, true
		}
	}
	if d, ok := mod.defs[name]; ok {
		return ref{kind: rDef, d: d}, true
	}
	if mod.vars[name] {
		if mod.root {
			return ref{kind: rVar, idx: m.varIndex[name]}, true
		}
		return ref{kind: rLocal, b: m.instSubst(mod, name)}, true
	}
	if mod.consts[name] {
		if mod.root {
			return ref{}, false
		}
		return ref{kind: rLocal, b: m.instSubst(mod, name)}, true
	}
	if bi, ok := builtins[name]; ok {
		return ref{kind: rBuiltin, bi: bi}, true
	}
	return ref{}, false
}

// instSubst returns the substitution for a constant or variable of an
// instantiated module: explicit, or the same name in the instantiating
// module.
func (m *model) instSubst(mod *modCtx, name string) *binding {
	if b, ok := mod.subst[name]; ok {
		return b
	}
	b := &binding{kind: bSubst, expr: &ast.Ident{Name: name}, env: mod.instEnv}
	mod.subst[name] = b
	return b
}

// expr compiles a value expression.
func (m *model) expr(x ast.Expr, e *env) cexpr {
	if e.hoist != nil {
		if b, ok := e.hoist[x]; ok {
			return m.refValue(ref{kind: rLocal, b: b}, "", x.Pos(), e, nil)
		}
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		return m.expr(x.X, e)
	case *ast.NumberLit:
		n := x.Int()
		if n == nil {
			m.failf(x.Pos(), "real numbers are not supported: %s", x.Text)
		}
		if !n.IsInt64() || n.Int64() > math.MaxInt32 {
			m.failf(x.Pos(), "number %s is too large (TLC numbers are 32-bit)", x.Text)
		}
		return constant(tla.MakeNumber(int32(n.Int64())))
	case *ast.StringLit:
		return constant(m.str(x.Value))
	case *ast.Ident:
		return m.ident(x, e)
	case *ast.OpApp:
		return m.opApp(x, e)
	case *ast.JunctionList:
		items := make([]cexpr, len(x.Items))
		for i, it := range x.Items {
			items[i] = m.expr(it, e)
		}
		if x.Kind == ast.Conj {
			return m.andN(items, x.Items)
		}
		return m.orN(items, x.Items)
	case *ast.IfExpr:
		return m.ifExpr(x, e)
	case *ast.CaseExpr:
		return m.caseExpr(x, e)
	case *ast.LetExpr:
		ne, lazy := m.letDefs(x.Defs, e)
		body := m.expr(x.Body, ne)
		if len(lazy) == 0 || body.isConst {
			return body
		}
		bf := body.fn
		return cexpr{fn: func(c *ctx) tla.Value {
			for _, s := range lazy {
				c.ok[c.fp+s] = false
			}
			return bf(c)
		}, impure: body.impure}
	case *ast.SetEnum:
		elems := m.exprs(x.Elems, e)
		return m.fold(elems, func(c *ctx) tla.Value {
			vals := make([]tla.Value, len(elems))
			for i, el := range elems {
				vals[i] = el.fn(c)
			}
			return tla.MakeSet(vals...)
		})
	case *ast.TupleExpr:
		elems := m.exprs(x.Elems, e)
		return m.fold(elems, func(c *ctx) tla.Value {
			vals := make([]tla.Value, len(elems))
			for i, el := range elems {
				vals[i] = el.fn(c)
			}
			return tla.MakeTuple(vals...)
		})
	case *ast.RecordExpr:
		vals := make([]cexpr, len(x.Fields))
		keys := make([]tla.Value, len(x.Fields))
		for i, f := range x.Fields {
			keys[i] = m.str(f.Name.Name)
			vals[i] = m.expr(f.Value, e)
		}
		return m.fold(vals, func(c *ctx) tla.Value {
			pairs := make([]tla.RecordField, len(vals))
			for i, v := range vals {
				pairs[i] = tla.RecordField{Key: keys[i], Value: v.fn(c)}
			}
			return tla.MakeRecord(pairs)
		})
	case *ast.RecordSet:
		vals := make([]cexpr, len(x.Fields))
		keys := make([]tla.Value, len(x.Fields))
		for i, f := range x.Fields {
			keys[i] = tla.MakeString(f.Name.Name)
			vals[i] = m.expr(f.Value, e)
		}
		pos := x.Pos()
		return m.fold(vals, func(c *ctx) tla.Value {
			pairs := make([]tla.RecordField, len(vals))
			for i, v := range vals {
				pairs[i] = tla.RecordField{Key: keys[i], Value: v.fn(c)}
			}
			c.pos = pos
			return tla.MakeRecordSet(pairs)
		})
	case *ast.FuncSet:
		dom, rng := m.expr(x.Dom, e), m.expr(x.Range, e)
		pos := x.Pos()
		return m.fold([]cexpr{dom, rng}, func(c *ctx) tla.Value {
			d, r := dom.fn(c), rng.fn(c)
			c.pos = pos
			return tla.MakeFunctionSet(d, r)
		})
	case *ast.CrossExpr:
		fs := m.exprs(x.Factors, e)
		pos := x.Pos()
		return m.fold(fs, func(c *ctx) tla.Value {
			vals := make([]tla.Value, len(fs))
			for i, f := range fs {
				vals[i] = f.fn(c)
			}
			c.pos = pos
			return tla.CrossProduct(vals...)
		})
	case *ast.FuncApp:
		return m.funcApp(x, e)
	case *ast.FieldAccess:
		rec := m.expr(x.X, e)
		key := m.str(x.Field.Name)
		pos := m.errNode(x.Field.Pos(), x)
		name := x.Field.Name
		return m.fold([]cexpr{rec}, func(c *ctx) tla.Value {
			r := rec.fn(c)
			c.pos = pos
			if !r.IsFunction() {
				evalErrorf(pos, "Attempted to access field %s of a value that is not a record: %s", name, r.TLCString())
			}
			v, ok := r.LookupFunction(key)
			if !ok {
				evalErrorf(pos, "Attempted to access nonexistent field %s of record\n%s", name, r.TLCString())
			}
			return v
		})
	case *ast.ExceptExpr:
		return m.except(x, e)
	case *ast.AtExpr:
		if e.at < 0 {
			m.failf(x.Pos(), "@ used outside an EXCEPT update")
		}
		slot := e.at
		return cexpr{fn: func(c *ctx) tla.Value { return c.stack[c.fp+slot] }}
	case *ast.QuantExpr:
		return m.quant(x, e)
	case *ast.ChooseExpr:
		return m.choose(x, e)
	case *ast.SetFilter:
		return m.setFilter(x, e)
	case *ast.SetMap:
		return m.setMap(x, e)
	case *ast.FuncConstr:
		return m.funcConstr(x, e)
	case *ast.SubscriptExpr:
		// [A]_v is A \/ v' = v; <<A>>_v is A /\ v' # v (action level).
		a := m.expr(x.Action, e)
		unch := m.unchangedValue(x.Sub, e)
		pos := x.Pos()
		if x.Kind == ast.BoxAction {
			return cexpr{fn: func(c *ctx) tla.Value {
				if m.asBool(c, a.fn(c), pos) {
					return tla.ModuleTRUE
				}
				return unch.fn(c)
			}}
		}
		return cexpr{fn: func(c *ctx) tla.Value {
			if !m.asBool(c, a.fn(c), pos) {
				return tla.ModuleFALSE
			}
			return tla.MakeBool(!m.asBool(c, unch.fn(c), pos))
		}}
	case *ast.FairnessExpr, *ast.TemporalQuantExpr:
		m.failf(x.Pos(), "temporal formula used where a value is expected")
	case *ast.LambdaExpr:
		m.failf(x.Pos(), "LAMBDA used where a value is expected")
	case *ast.BadExpr:
		m.failf(x.Pos(), "syntax error")
	}
	m.failf(x.Pos(), "unsupported expression")
	return cexpr{}
}

func (m *model) exprs(xs []ast.Expr, e *env) []cexpr {
	out := make([]cexpr, len(xs))
	for i, x := range xs {
		out[i] = m.expr(x, e)
	}
	return out
}

// fold returns fn as a compiled expression, evaluated right away when all
// operands are known and pure (an evaluation error defers to run time).
func (m *model) fold(args []cexpr, fn evalFn) cexpr {
	impure := false
	all := true
	for _, a := range args {
		impure = impure || a.impure
		all = all && a.isConst
	}
	if all && !impure {
		if v, ok := m.tryEval(fn); ok {
			return constant(v)
		}
	}
	return cexpr{fn: fn, impure: impure}
}

// tryEval evaluates constant code at compile time.
func (m *model) tryEval(fn evalFn) (v tla.Value, ok bool) {
	c := m.constCtx()
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	return fn(c), true
}

// constCtx is a context with no state, for constant evaluation.
func (m *model) constCtx() *ctx {
	c := newCtx(m)
	c.cur = nil
	c.reset(64)
	return c
}

func (m *model) asBool(c *ctx, v tla.Value, pos token.Pos) bool {
	if !v.IsBool() {
		evalErrorf(pos, "A non-boolean expression (%s) was used as a condition: %s", kindName(v), truncate(v.TLCString()))
	}
	return v.AsBool()
}

func kindName(v tla.Value) string {
	switch {
	case v.IsNumber():
		return "integer"
	case v.IsString():
		return "string"
	case v.IsModelValue():
		return "model value"
	case v.IsTuple():
		return "sequence"
	case v.IsSet():
		return "set"
	case v.IsFunction():
		return "function"
	}
	return "value"
}

func truncate(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// --- names ---

func (m *model) ident(x *ast.Ident, e *env) cexpr {
	r, ok := m.resolve(x.Name, e)
	if !ok {
		m.unknown(x.Name, x.Pos(), e)
	}
	return m.refValue(r, x.Name, x.Pos(), e, nil)
}

func (m *model) unknown(name string, pos token.Pos, e *env) {
	if e.mod.root && e.mod.consts[name] {
		m.failf(pos, "The constant parameter %s is not assigned a value by the configuration", name)
	}
	m.failf(pos, "Unknown operator: %s", name)
}

// refValue compiles the application of a resolved name to args (nil for a
// bare name).
func (m *model) refValue(r ref, name string, pos token.Pos, e *env, args []ast.Expr) cexpr {
	switch r.kind {
	case rConst:
		if len(args) > 0 {
			m.failf(pos, "%s is a constant and takes no arguments", name)
		}
		return constant(r.val)
	case rVar:
		if len(args) > 0 {
			m.failf(pos, "%s is a variable and takes no arguments", name)
		}
		return m.varRead(r.idx, name, pos, e)
	case rDef:
		return m.applyDef(r.d, args, pos, e)
	case rBuiltin:
		return m.applyBuiltin(r.bi, args, pos, e)
	}
	b := r.b
	switch b.kind {
	case bOp:
		return b.op.apply(m, e, args, pos)
	}
	if len(args) > 0 {
		m.failf(pos, "%s takes no arguments", name)
	}
	switch b.kind {
	case bConst:
		return constant(b.val)
	case bSlot:
		slot := b.slot
		return cexpr{fn: func(c *ctx) tla.Value { return c.stack[c.fp+slot] }}
	case bSubst:
		se := b.env
		if e.prime && !se.prime {
			se = se.withPrime()
		}
		return m.expr(b.expr, se)
	case bLazy:
		slot := b.slot
		bb := b
		if bb.lazy == nil {
			v := m.expr(bb.expr, bb.env)
			if v.isConst {
				bb.kind, bb.val = bConst, v.val
				return v
			}
			bb.lazy = v.fn
		}
		if e.prime {
			// A LET definition referred to under a prime: recompute primed.
			return m.expr(bb.expr, bb.env.withPrime())
		}
		return cexpr{fn: func(c *ctx) tla.Value {
			i := c.fp + slot
			if !c.ok[i] {
				c.stack[i] = bb.lazy(c)
				c.ok[i] = true
			}
			return c.stack[i]
		}}
	}
	m.failf(pos, "cannot use %s here", name)
	return cexpr{}
}

// varRead reads a state variable: the current state, the next state under
// a prime, or the state under construction in Init.
func (m *model) varRead(i int, name string, pos token.Pos, e *env) cexpr {
	if e.prime || e.init {
		init := e.init && !e.prime
		return cexpr{fn: func(c *ctx) tla.Value {
			if !c.nset[i] {
				if init {
					evalErrorf(pos, "In evaluation, the identifier %s is either undefined or not an operator.", name)
				}
				evalErrorf(pos, "The variable %s' is used before it is given a value.", name)
			}
			return c.next[i]
		}}
	}
	return cexpr{fn: func(c *ctx) tla.Value { return c.cur[i] }}
}

// --- definitions ---

// applyDef compiles the application of a definition.
func (m *model) applyDef(d *defn, args []ast.Expr, pos token.Pos, e *env) cexpr {
	if d.md != nil {
		m.failf(pos, "%s is a module instance and cannot be used as a value", d.name)
	}
	if d.fn != nil {
		if len(args) > 0 {
			m.failf(pos, "%s is a function: apply it with [ ]", d.name)
		}
		return m.funcDefValue(d, e)
	}
	params := d.op.Params
	if len(args) != len(params) {
		m.failf(pos, "The operator %s requires %d arguments", d.name, len(params))
	}
	if len(params) == 0 {
		if f := m.foldDef(d); f != nil {
			return *f
		}
		if !m.shareable(d) {
			ne := &env{m: m, mod: d.mod, fr: e.fr, prime: e.prime, init: e.init, at: -1, opName: d.name}
			return m.expr(d.op.Body, ne)
		}
		sf := m.sharedFor(d, e.prime, e.init)
		return cexpr{fn: callShared(sf, nil), impure: m.defImpure(d)}
	}
	if m.shareable(d) {
		argc := m.exprs(args, e)
		sf := m.sharedFor(d, e.prime, e.init)
		fn := callShared(sf, argc)
		if m.defImpure(d) {
			return cexpr{fn: fn, impure: true}
		}
		if d.recursive {
			// Folding a recursive call could loop at compile time on a
			// call that is never evaluated.
			return cexpr{fn: fn}
		}
		return m.fold(argc, fn)
	}
	return m.inlineDef(d, args, pos, e, func(ne *env) cexpr { return m.expr(d.op.Body, ne) })
}

// shareable reports whether d can be compiled once and called by value.
func (m *model) shareable(d *defn) bool {
	if d.mod.inlineOnly {
		return false
	}
	if d.op == nil {
		return true
	}
	for i, p := range d.op.Params {
		if p.Arity > 0 || m.needsName(d, i) {
			return false
		}
	}
	return true
}

// bindParams binds d's parameters to args for inline compilation:
// operator arguments and by-name parameters by substitution, the others by
// value in fresh slots of the caller's frame, filled by pre (nil if none).
func (m *model) bindParams(d *defn, args []ast.Expr, pos token.Pos, e *env) (ne *env, pre func(c *ctx), impure bool) {
	if d.recursive {
		m.failf(pos, "recursive operator %s with operator or primed parameters is not supported", d.name)
	}
	ne = &env{m: m, mod: d.mod, fr: e.fr, prime: e.prime, init: e.init, at: -1, opName: d.name}
	type pending struct {
		slot int
		fn   evalFn
	}
	var pend []pending
	for i, p := range d.op.Params {
		var b *binding
		switch {
		case p.Arity > 0:
			b = &binding{kind: bOp, op: m.opArg(args[i], p.Arity, e)}
		case m.needsName(d, i):
			b = &binding{kind: bSubst, expr: args[i], env: e}
		default:
			a := m.expr(args[i], e)
			impure = impure || a.impure
			if a.isConst {
				b = &binding{kind: bConst, val: a.val}
			} else {
				slot := e.fr.alloc(1)
				b = &binding{kind: bSlot, slot: slot, lvl: m.levelOf(args[i], e, nil)}
				pend = append(pend, pending{slot, a.fn})
			}
		}
		ne = ne.bind(p.Name.Name, b)
	}
	switch len(pend) {
	case 0:
	case 1:
		p0 := pend[0]
		pre = func(c *ctx) { c.stack[c.fp+p0.slot] = p0.fn(c) }
	default:
		pre = func(c *ctx) {
			for _, p := range pend {
				c.stack[c.fp+p.slot] = p.fn(c)
			}
		}
	}
	return ne, pre, impure
}

// inlineDef compiles d's body (through k) inline with its parameters bound
// to args.
func (m *model) inlineDef(d *defn, args []ast.Expr, pos token.Pos, e *env, k func(ne *env) cexpr) cexpr {
	ne, pre, impure := m.bindParams(d, args, pos, e)
	body := k(ne)
	body.impure = body.impure || impure
	if pre == nil {
		return body
	}
	bfn := body.fn
	return cexpr{fn: func(c *ctx) tla.Value {
		pre(c)
		return bfn(c)
	}, impure: body.impure}
}

// callShared calls a shared function: arguments go into the first slots of
// its frame.
func callShared(sf *sharedFn, args []cexpr) evalFn {
	switch len(args) {
	case 0:
		return func(c *ctx) tla.Value {
			base := c.push(sf.fr.size)
			saved := c.fp
			c.fp = base
			c.enter()
			v := sf.body(c)
			c.calls--
			c.fp, c.sp = saved, base
			return v
		}
	case 1:
		a0 := args[0].fn
		return func(c *ctx) tla.Value {
			v0 := a0(c)
			base := c.push(sf.fr.size)
			c.stack[base] = v0
			saved := c.fp
			c.fp = base
			c.enter()
			v := sf.body(c)
			c.calls--
			c.fp, c.sp = saved, base
			return v
		}
	case 2:
		a0, a1 := args[0].fn, args[1].fn
		return func(c *ctx) tla.Value {
			v0 := a0(c)
			v1 := a1(c)
			base := c.push(sf.fr.size)
			c.stack[base], c.stack[base+1] = v0, v1
			saved := c.fp
			c.fp = base
			c.enter()
			v := sf.body(c)
			c.calls--
			c.fp, c.sp = saved, base
			return v
		}
	}
	fns := make([]evalFn, len(args))
	for i, a := range args {
		fns[i] = a.fn
	}
	return func(c *ctx) tla.Value {
		// Arguments are evaluated above the stack top, then the frame is
		// pushed over them.
		base := c.sp
		for i, f := range fns {
			v := f(c)
			c.push(1)
			c.stack[base+i] = v
		}
		c.sp = base
		base = c.push(sf.fr.size)
		saved := c.fp
		c.fp = base
		c.enter()
		v := sf.body(c)
		c.calls--
		c.fp, c.sp = saved, base
		return v
	}
}

// sharedFor compiles d once for the given mode.
func (m *model) sharedFor(d *defn, prime, init bool) *sharedFn {
	k := 0
	if prime {
		k |= 1
	}
	if init {
		k |= 2
	}
	if sf := d.shared[k]; sf != nil {
		return sf
	}
	fr := &frame{}
	sf := &sharedFn{fr: fr}
	d.shared[k] = sf
	ne := &env{m: m, mod: d.mod, fr: fr, prime: prime, init: init, at: -1, opName: d.name}
	switch {
	case d.op != nil:
		for _, p := range d.op.Params {
			ne = ne.bind(p.Name.Name, &binding{kind: bSlot, slot: fr.alloc(1)})
		}
		body := m.expr(d.op.Body, ne)
		sf.body = body.fn
	case d.fn != nil:
		// A function definition called with its argument(s) in slot 0..n-1.
		n := 0
		for _, b := range d.fn.Bounds {
			n += len(b.Names)
		}
		slots := fr.alloc(n)
		k := slots
		for _, b := range d.fn.Bounds {
			for _, nm := range b.Names {
				ne = ne.bind(nm.Name, &binding{kind: bSlot, slot: k})
				k++
			}
		}
		body := m.expr(d.fn.Body, ne)
		sf.body = body.fn
	}
	return sf
}

// foldDef returns the value of a constant, pure, zero-arity definition,
// computed once; nil if d is not one.
func (m *model) foldDef(d *defn) *cexpr {
	if d.folded != nil {
		return d.folded
	}
	if d.compErr != nil || d.op == nil || len(d.op.Params) > 0 {
		return nil
	}
	if m.defLevel(d) != lvlConst || m.defImpure(d) || d.recursive {
		return nil
	}
	sf := m.sharedFor(d, false, false)
	fn := callShared(sf, nil)
	v, ok := m.tryEval(fn)
	if !ok {
		d.compErr = errNotFoldable
		return nil
	}
	c := constant(v)
	d.folded = &c
	return d.folded
}

var errNotFoldable = &Error{Kind: ErrInternal, Msg: "not foldable"}

// funcDefValue is a function definition f[x \in S] == e used as a value.
func (m *model) funcDefValue(d *defn, e *env) cexpr {
	if d.folded != nil {
		return *d.folded
	}
	bounds := d.fn.Bounds
	pos := d.fn.Name.Pos()
	var sets []cexpr
	de := &env{m: m, mod: d.mod, fr: e.fr, prime: e.prime, init: e.init, at: -1}
	for _, b := range bounds {
		if b.Set == nil {
			m.failf(pos, "function definition %s needs a bounded domain", d.name)
		}
		s := m.expr(b.Set, de)
		for range b.Names {
			sets = append(sets, s)
		}
	}
	sf := m.sharedFor(d, e.prime, e.init)
	fn := func(c *ctx) tla.Value {
		vals := make([]tla.Value, len(sets))
		for i, s := range sets {
			vals[i] = s.fn(c)
		}
		c.pos = pos
		return tla.MakeFunction(vals, func(args []tla.Value) tla.Value {
			base := c.push(sf.fr.size)
			copy(c.stack[base:], args)
			saved := c.fp
			c.fp = base
			c.enter()
			v := sf.body(c)
			c.calls--
			c.fp, c.sp = saved, base
			return v
		})
	}
	if m.defLevel(d) == lvlConst && !m.defImpure(d) {
		if v, ok := m.tryEval(fn); ok {
			cv := constant(v)
			d.folded = &cv
			return cv
		}
	}
	return cexpr{fn: fn}
}

// funcDefApply is f[args] for a function definition: a call of its body,
// which also serves recursive definitions over infinite domains.
func (m *model) funcDefApply(d *defn, args []ast.Expr, pos token.Pos, e *env) cexpr {
	if len(d.fn.Bounds) != 1 || len(d.fn.Bounds[0].Names) != 1 || d.fn.Bounds[0].Tuple {
		// f[x \in S, y \in T] applied to f[a, b]: fall back to the value.
		fv := m.funcDefValue(d, e)
		return m.apply(fv, m.argTuple(args, e), pos)
	}
	if len(args) != 1 {
		m.failf(pos, "function %s applied to %d arguments", d.name, len(args))
	}
	de := &env{m: m, mod: d.mod, fr: e.fr, prime: e.prime, init: e.init, at: -1}
	dom := m.expr(d.fn.Bounds[0].Set, de)
	arg := m.expr(args[0], e)
	sf := m.sharedFor(d, e.prime, e.init)
	name := d.name
	return cexpr{fn: func(c *ctx) tla.Value {
		a := arg.fn(c)
		s := dom.fn(c)
		c.pos = pos
		if !tla.ModuleInSymbol(a, s).AsBool() {
			evalErrorf(pos, "Attempted to apply function %s to argument %s, which is not in its domain", name, truncate(a.TLCString()))
		}
		base := c.push(sf.fr.size)
		c.stack[base] = a
		saved := c.fp
		c.fp = base
		c.enter()
		v := sf.body(c)
		c.calls--
		c.fp, c.sp = saved, base
		return v
	}, impure: arg.impure}
}

// --- operators as arguments ---

// opVal is an operator passed as an argument or defined in a LET.
type opVal interface {
	arity() int
	apply(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr
	// call returns a function applying the operator to values (for
	// builtins taking operator arguments, such as SelectSeq).
	call(m *model, e *env, pos token.Pos) func(c *ctx, args []tla.Value) tla.Value
}

// opArg compiles an expression in operator-argument position.
func (m *model) opArg(x ast.Expr, arity int, e *env) opVal {
	switch x := x.(type) {
	case *ast.LambdaExpr:
		return &lambdaOp{params: x.Params, body: x.Body, env: e}
	case *ast.Ident:
		name := x.Name
		if r, ok := m.resolve(name, e); ok {
			switch r.kind {
			case rDef:
				return &defOp{d: r.d}
			case rBuiltin:
				return &builtinOp{bi: r.bi}
			case rLocal:
				if r.b.kind == bOp {
					return r.b.op
				}
			}
		}
		// An infix operator symbol passed by name, e.g. F(+, x).
		if bi, ok := builtins[token.Canonical(name, token.Infix)]; ok {
			return &builtinOp{bi: bi}
		}
		m.failf(x.Pos(), "%s is not an operator of arity %d", name, arity)
	}
	m.failf(x.Pos(), "expected an operator argument")
	return nil
}

type defOp struct{ d *defn }

func (o *defOp) arity() int { return len(o.d.params()) }
func (o *defOp) apply(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
	return m.applyDef(o.d, args, pos, e)
}
func (o *defOp) call(m *model, e *env, pos token.Pos) func(c *ctx, args []tla.Value) tla.Value {
	if m.shareable(o.d) {
		sf := m.sharedFor(o.d, e.prime, e.init)
		return func(c *ctx, args []tla.Value) tla.Value {
			base := c.push(sf.fr.size)
			copy(c.stack[base:], args)
			saved := c.fp
			c.fp = base
			c.enter()
			v := sf.body(c)
			c.calls--
			c.fp, c.sp = saved, base
			return v
		}
	}
	return slotCall(m, e, o.arity(), func(ne *env, args []ast.Expr) cexpr { return m.applyDef(o.d, args, pos, ne) })
}

// slotCall applies an operator to values through fresh slots of the
// current frame bound to synthetic parameter names.
func slotCall(m *model, e *env, n int, app func(ne *env, args []ast.Expr) cexpr) func(c *ctx, args []tla.Value) tla.Value {
	slots := e.fr.alloc(n)
	ne := e
	args := make([]ast.Expr, n)
	for i := 0; i < n; i++ {
		name := "\x00arg" + string(rune('0'+i))
		ne = ne.bind(name, &binding{kind: bSlot, slot: slots + i})
		args[i] = &ast.Ident{Name: name}
	}
	body := app(ne, args).fn
	return func(c *ctx, vals []tla.Value) tla.Value {
		copy(c.stack[c.fp+slots:], vals)
		return body(c)
	}
}

type lambdaOp struct {
	params []*ast.Ident
	body   ast.Expr
	env    *env
}

func (o *lambdaOp) arity() int { return len(o.params) }
func (o *lambdaOp) apply(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
	if len(args) != len(o.params) {
		m.failf(pos, "LAMBDA applied to %d arguments, expects %d", len(args), len(o.params))
	}
	ne := *o.env
	ne.fr = e.fr
	ne.prime = e.prime || o.env.prime
	nep := &ne
	for i, p := range o.params {
		nep = nep.bind(p.Name, &binding{kind: bSubst, expr: args[i], env: e})
	}
	return m.expr(o.body, nep)
}
func (o *lambdaOp) call(m *model, e *env, pos token.Pos) func(c *ctx, args []tla.Value) tla.Value {
	return slotCall(m, e, len(o.params), func(ne *env, args []ast.Expr) cexpr { return o.apply(m, ne, args, pos) })
}

type builtinOp struct{ bi *builtin }

func (o *builtinOp) arity() int { return o.bi.arity }
func (o *builtinOp) apply(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
	return m.applyBuiltin(o.bi, args, pos, e)
}
func (o *builtinOp) call(m *model, e *env, pos token.Pos) func(c *ctx, args []tla.Value) tla.Value {
	return slotCall(m, e, o.bi.arity, func(ne *env, args []ast.Expr) cexpr { return m.applyBuiltin(o.bi, args, pos, ne) })
}

// letOp is an operator with parameters defined in a LET (or a function
// defined in a LET). It is compiled into the enclosing frame; a recursive
// one saves and restores its slots around each call.
type letOp struct {
	def       *ast.OpDef
	fdef      *ast.FuncDef
	env       *env // where it is defined (its own name bound when recursive)
	recursive bool
	// compiled on first use
	compiled bool
	first    int // first slot of its region
	end      int
	params   []int
	body     evalFn
}

func (o *letOp) arity() int {
	if o.def != nil {
		return len(o.def.Params)
	}
	return 1
}

func (o *letOp) compile(m *model) {
	if o.compiled {
		return
	}
	o.compiled = true
	fr := o.env.fr
	o.first = fr.size
	ne := o.env
	var body ast.Expr
	if o.def != nil {
		for _, p := range o.def.Params {
			if p.Arity > 0 {
				m.failf(p.Name.Pos(), "LET operators with operator parameters are not supported")
			}
			s := fr.alloc(1)
			o.params = append(o.params, s)
			ne = ne.bind(p.Name.Name, &binding{kind: bSlot, slot: s})
		}
		body = o.def.Body
	} else {
		for _, b := range o.fdef.Bounds {
			for _, n := range b.Names {
				s := fr.alloc(1)
				o.params = append(o.params, s)
				ne = ne.bind(n.Name, &binding{kind: bSlot, slot: s})
			}
		}
		body = o.fdef.Body
	}
	// The body is compiled through a trampoline so that recursive calls
	// inside it see the final code.
	var fn evalFn
	o.body = func(c *ctx) tla.Value { return fn(c) }
	fn = m.expr(body, ne).fn
	o.end = fr.size
	if !o.recursive {
		o.body = fn
	}
}

func (o *letOp) apply(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
	o.compile(m)
	if len(args) != len(o.params) {
		m.failf(pos, "operator applied to %d arguments, expects %d", len(args), len(o.params))
	}
	argc := m.exprs(args, e)
	return cexpr{fn: o.invoke(argc)}
}

func (o *letOp) invoke(argc []cexpr) evalFn {
	params := o.params
	rec := o.recursive
	return func(c *ctx) tla.Value {
		// o.first and o.end are read now: a recursive call site is
		// compiled before the body's extent is known.
		first, end := o.first, o.end
		var buf [4]tla.Value
		vals := buf[:0]
		for _, a := range argc {
			vals = append(vals, a.fn(c))
		}
		if !rec {
			for i, s := range params {
				c.stack[c.fp+s] = vals[i]
			}
			return o.body(c)
		}
		n := end - first
		saved := make([]tla.Value, n)
		savedOK := make([]bool, n)
		copy(saved, c.stack[c.fp+first:c.fp+end])
		copy(savedOK, c.ok[c.fp+first:c.fp+end])
		for i, s := range params {
			c.stack[c.fp+s] = vals[i]
		}
		// A panic unwinds past the restore: the evaluation is abandoned.
		c.enter()
		v := o.body(c)
		c.calls--
		copy(c.stack[c.fp+first:], saved)
		copy(c.ok[c.fp+first:], savedOK)
		return v
	}
}

func (o *letOp) call(m *model, e *env, pos token.Pos) func(c *ctx, args []tla.Value) tla.Value {
	o.compile(m)
	params := o.params
	return func(c *ctx, vals []tla.Value) tla.Value {
		for i, s := range params {
			c.stack[c.fp+s] = vals[i]
		}
		return o.body(c)
	}
}

// letDefs binds the definitions of a LET. It returns the slots of the lazy
// zero-arity definitions, which must be reset each time the LET is entered.
func (m *model) letDefs(defs []ast.Unit, e *env) (*env, []int) {
	recursive := map[string]bool{}
	for _, u := range defs {
		if r, ok := u.(*ast.Recursive); ok {
			for _, d := range r.Decls {
				recursive[d.Name.Name] = true
			}
		}
	}
	ne := e
	for _, u := range defs {
		switch d := u.(type) {
		case *ast.OpDef:
			if len(d.Params) == 0 && !recursive[d.Name.Name] {
				b := &binding{kind: bLazy, expr: d.Body, env: ne, slot: e.fr.alloc(1)}
				ne = ne.bind(d.Name.Name, b)
				continue
			}
			op := &letOp{def: d, recursive: recursive[d.Name.Name]}
			b := &binding{kind: bOp, op: op}
			ne = ne.bind(d.Name.Name, b)
			op.env = ne
		case *ast.FuncDef:
			op := &letOp{fdef: d, recursive: mentions(d.Body, d.Name.Name)}
			b := &binding{kind: bOp, op: &letFunc{op: op}}
			ne = ne.bind(d.Name.Name, b)
			op.env = ne
		case *ast.Recursive:
		case *ast.ModuleDef:
			ne = ne.bind(d.Name.Name, &binding{kind: bOp, op: &instanceOp{md: d, env: ne}})
		default:
			m.failf(u.Pos(), "unsupported definition in LET")
		}
	}
	var lazy []int
	for s := ne.sc; s != e.sc; s = s.parent {
		if s.b.kind == bLazy {
			lazy = append(lazy, s.b.slot)
		}
	}
	return ne, lazy
}

// letFunc is a function defined in a LET: f[x \in S] == e. Applied with
// [ ], or used as a value (materialized over its domain).
type letFunc struct{ op *letOp }

func (f *letFunc) arity() int { return 0 }
func (f *letFunc) apply(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
	if len(args) > 0 {
		m.failf(pos, "function applied with ( )")
	}
	// The function as a value: [x \in S |-> body].
	o := f.op
	o.compile(m)
	var sets []cexpr
	for _, b := range o.fdef.Bounds {
		s := m.expr(b.Set, o.env)
		for range b.Names {
			sets = append(sets, s)
		}
	}
	params := o.params
	body := o.body
	return cexpr{fn: func(c *ctx) tla.Value {
		vals := make([]tla.Value, len(sets))
		for i, s := range sets {
			vals[i] = s.fn(c)
		}
		c.pos = pos
		return tla.MakeFunction(vals, func(args []tla.Value) tla.Value {
			for i, s := range params {
				c.stack[c.fp+s] = args[i]
			}
			return body(c)
		})
	}}
}
func (f *letFunc) call(m *model, e *env, pos token.Pos) func(c *ctx, args []tla.Value) tla.Value {
	m.failf(pos, "a function is not an operator")
	return nil
}

// index is f[args] for a LET function: a call of its body.
func (f *letFunc) index(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
	o := f.op
	o.compile(m)
	if len(o.params) != len(args) {
		fv := f.apply(m, e, nil, pos)
		return m.apply(fv, m.argTuple(args, e), pos)
	}
	var dom []cexpr
	for _, b := range o.fdef.Bounds {
		s := m.expr(b.Set, o.env)
		for range b.Names {
			dom = append(dom, s)
		}
	}
	argc := m.exprs(args, e)
	inv := o.invoke(argc)
	return cexpr{fn: func(c *ctx) tla.Value {
		for i, a := range argc {
			s := dom[i].fn(c)
			v := a.fn(c)
			c.pos = pos
			if !tla.ModuleInSymbol(v, s).AsBool() {
				evalErrorf(pos, "Attempted to apply a function to argument %s, which is not in its domain", truncate(v.TLCString()))
			}
		}
		return inv(c)
	}}
}

// --- function application and EXCEPT ---

func (m *model) argTuple(args []ast.Expr, e *env) cexpr {
	if len(args) == 1 {
		return m.expr(args[0], e)
	}
	elems := m.exprs(args, e)
	return m.fold(elems, func(c *ctx) tla.Value {
		vals := make([]tla.Value, len(elems))
		for i, el := range elems {
			vals[i] = el.fn(c)
		}
		return tla.MakeTuple(vals...)
	})
}

func (m *model) funcApp(x *ast.FuncApp, e *env) cexpr {
	// f[x] where f is a function definition: call it (recursion, infinite
	// domains).
	if id, ok := x.Func.(*ast.Ident); ok {
		if r, ok := m.resolve(id.Name, e); ok {
			if r.kind == rDef && r.d.fn != nil {
				return m.funcDefApply(r.d, x.Args, x.Lbrack, e)
			}
			if r.kind == rLocal && r.b.kind == bOp {
				if lf, ok := r.b.op.(*letFunc); ok {
					return lf.index(m, e, x.Args, x.Lbrack)
				}
			}
		}
	}
	f := m.expr(x.Func, e)
	m.errNode(x.Lbrack, x)
	return m.apply(f, m.argTuple(x.Args, e), x.Lbrack)
}

func (m *model) apply(f, arg cexpr, pos token.Pos) cexpr {
	ff, af := f.fn, arg.fn
	fn := func(c *ctx) tla.Value {
		fv := ff(c)
		a := af(c)
		c.pos = pos
		if !fv.IsFunction() {
			evalErrorf(pos, "Attempted to apply %s to argument %s, but it is not a function", truncate(fv.TLCString()), truncate(a.TLCString()))
		}
		v, ok := fv.LookupFunction(a)
		if !ok {
			evalErrorf(pos, "Attempted to apply function:\n%s\nto argument %s, which is not in the domain of the function.", truncate(fv.TLCString()), truncate(a.TLCString()))
		}
		return v
	}
	if arg.isConst {
		av := arg.val
		fn = func(c *ctx) tla.Value {
			fv := ff(c)
			c.pos = pos
			if !fv.IsFunction() {
				evalErrorf(pos, "Attempted to apply %s to argument %s, but it is not a function", truncate(fv.TLCString()), truncate(av.TLCString()))
			}
			v, ok := fv.LookupFunction(av)
			if !ok {
				evalErrorf(pos, "Attempted to apply function:\n%s\nto argument %s, which is not in the domain of the function.", truncate(fv.TLCString()), truncate(av.TLCString()))
			}
			return v
		}
	}
	return m.fold([]cexpr{f, arg}, fn)
}

func (m *model) except(x *ast.ExceptExpr, e *env) cexpr {
	src := m.expr(x.Func, e)
	type upd struct {
		keys []cexpr
		val  cexpr
		at   int
	}
	ups := make([]upd, len(x.Updates))
	all := []cexpr{src}
	for i, u := range x.Updates {
		var keys []cexpr
		for _, p := range u.Path {
			if p.Field != nil {
				keys = append(keys, constant(m.str(p.Field.Name)))
			} else {
				keys = append(keys, m.argTuple(p.Args, e))
			}
		}
		slot := -1
		ve := e
		if mentionsAt(u.Value) {
			slot = e.fr.alloc(1)
			n := *e
			n.at = slot
			ve = &n
		}
		val := m.expr(u.Value, ve)
		ups[i] = upd{keys: keys, val: val, at: slot}
		all = append(all, keys...)
		all = append(all, val)
	}
	pos := x.Pos()
	if len(ups) == 1 && len(ups[0].keys) <= len(ctx{}.keyBuf) {
		// One update: no allocation besides the result (buffers of the
		// context; see ctx.keyBuf).
		u := ups[0]
		kfs := make([]evalFn, len(u.keys))
		for j, k := range u.keys {
			kfs[j] = k.fn
		}
		n := len(kfs)
		vf, at := u.val.fn, u.at
		sf := src.fn
		return m.fold(all, func(c *ctx) tla.Value {
			f := sf(c)
			var keys [len(ctx{}.keyBuf)]tla.Value
			for j, kf := range kfs {
				keys[j] = kf(c)
			}
			var rec [1]tla.FunctionSubstitutionRecord
			if at < 0 {
				c.exceptVal = vf(c)
				rec[0].Value = c.constFn
			} else {
				c.atFn, c.atSlot = vf, at
				rec[0].Value = c.atCallback
			}
			copy(c.keyBuf[:], keys[:n])
			rec[0].Keys = c.keyBuf[:n]
			c.pos = pos
			return tla.FunctionSubstitution(f, rec[:])
		})
	}
	return m.fold(all, func(c *ctx) tla.Value {
		f := src.fn(c)
		recs := make([]tla.FunctionSubstitutionRecord, len(ups))
		for i := range ups {
			u := &ups[i]
			keys := make([]tla.Value, len(u.keys))
			for j, k := range u.keys {
				keys[j] = k.fn(c)
			}
			recs[i] = tla.FunctionSubstitutionRecord{Keys: keys, Value: func(anchor tla.Value) tla.Value {
				if u.at >= 0 {
					c.stack[c.fp+u.at] = anchor
				}
				return u.val.fn(c)
			}}
		}
		c.pos = pos
		return tla.FunctionSubstitution(f, recs)
	})
}

func mentionsAt(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if _, ok := n.(*ast.AtExpr); ok {
			found = true
		}
		// A nested EXCEPT has its own @.
		if _, ok := n.(*ast.ExceptExpr); ok && n != ast.Node(x) {
			if ex, ok := n.(*ast.ExceptExpr); ok {
				if mentionsAt(ex.Func) {
					found = true
				}
				for _, u := range ex.Updates {
					for _, p := range u.Path {
						for _, a := range p.Args {
							if mentionsAt(a) {
								found = true
							}
						}
					}
				}
			}
			return false
		}
		return !found
	})
	return found
}

// --- control ---

func (m *model) ifExpr(x *ast.IfExpr, e *env) cexpr {
	cond := m.expr(x.Cond, e)
	th, el := m.expr(x.Then, e), m.expr(x.Else, e)
	pos := x.Cond.Pos()
	if cond.isConst && cond.val.IsBool() && !cond.impure {
		if cond.val.AsBool() {
			return th
		}
		return el
	}
	return cexpr{fn: func(c *ctx) tla.Value {
		if m.asBool(c, cond.fn(c), pos) {
			return th.fn(c)
		}
		return el.fn(c)
	}, impure: cond.impure || th.impure || el.impure}
}

func (m *model) caseExpr(x *ast.CaseExpr, e *env) cexpr {
	conds := make([]cexpr, len(x.Arms))
	vals := make([]cexpr, len(x.Arms))
	impure := false
	for i, a := range x.Arms {
		conds[i] = m.expr(a.Cond, e)
		vals[i] = m.expr(a.Value, e)
		impure = impure || conds[i].impure || vals[i].impure
	}
	var other *cexpr
	if x.Other != nil {
		o := m.expr(x.Other, e)
		other = &o
		impure = impure || o.impure
	}
	pos := x.Pos()
	return cexpr{fn: func(c *ctx) tla.Value {
		for i, cd := range conds {
			if m.asBool(c, cd.fn(c), x.Arms[i].Cond.Pos()) {
				return vals[i].fn(c)
			}
		}
		if other != nil {
			return other.fn(c)
		}
		evalErrorf(pos, "Attempted to evaluate a CASE with no conditions true.")
		return tla.Value{}
	}, impure: impure}
}

// --- boolean connectives (short-circuit, left to right) ---

func (m *model) andN(items []cexpr, xs []ast.Expr) cexpr {
	impure := false
	for _, it := range items {
		impure = impure || it.impure
	}
	fns := make([]evalFn, len(items))
	for i, it := range items {
		fns[i] = it.fn
	}
	poss := make([]token.Pos, len(xs))
	for i, x := range xs {
		poss[i] = x.Pos()
	}
	r := cexpr{fn: func(c *ctx) tla.Value {
		for i, f := range fns {
			if !m.asBool(c, f(c), poss[i]) {
				return tla.ModuleFALSE
			}
		}
		return tla.ModuleTRUE
	}, impure: impure}
	return m.fold(items, r.fn)
}

func (m *model) orN(items []cexpr, xs []ast.Expr) cexpr {
	impure := false
	for _, it := range items {
		impure = impure || it.impure
	}
	fns := make([]evalFn, len(items))
	for i, it := range items {
		fns[i] = it.fn
	}
	poss := make([]token.Pos, len(xs))
	for i, x := range xs {
		poss[i] = x.Pos()
	}
	r := cexpr{fn: func(c *ctx) tla.Value {
		for i, f := range fns {
			if m.asBool(c, f(c), poss[i]) {
				return tla.ModuleTRUE
			}
		}
		return tla.ModuleFALSE
	}, impure: impure}
	return m.fold(items, r.fn)
}

// --- binders ---

// binder is one bound variable (or tuple of variables) over a set.
type binder struct {
	set   cexpr
	slots []int // one slot, or one per tuple component
	tuple bool
	pos   token.Pos
}

func (m *model) binders(bounds []*ast.Bound, e *env) ([]binder, *env) {
	var bs []binder
	ne := e
	for _, b := range bounds {
		if b.Set == nil {
			m.failf(b.Pos(), "unbounded quantification is not supported by the model checker")
		}
		set := m.expr(b.Set, e)
		if b.Tuple {
			slots := make([]int, len(b.Names))
			for i := range b.Names {
				slots[i] = e.fr.alloc(1)
			}
			bs = append(bs, binder{set: set, slots: slots, tuple: true, pos: b.Set.Pos()})
			continue
		}
		for range b.Names {
			bs = append(bs, binder{set: set, slots: []int{e.fr.alloc(1)}, pos: b.Set.Pos()})
		}
	}
	k := 0
	for _, b := range bounds {
		if b.Tuple {
			for i, n := range b.Names {
				ne = ne.bind(n.Name, &binding{kind: bSlot, slot: bs[k].slots[i]})
			}
			k++
			continue
		}
		for _, n := range b.Names {
			ne = ne.bind(n.Name, &binding{kind: bSlot, slot: bs[k].slots[0]})
			k++
		}
	}
	return bs, ne
}

// bindValue stores one element into the binder's slots.
func (b *binder) bindValue(c *ctx, v tla.Value) {
	if !b.tuple {
		c.stack[c.fp+b.slots[0]] = v
		return
	}
	if !v.IsTuple() || v.AsTuple().Len() != len(b.slots) {
		evalErrorf(b.pos, "A tuple binder of %d components got %s", len(b.slots), truncate(v.TLCString()))
	}
	l := v.AsTuple()
	for i, s := range b.slots {
		c.stack[c.fp+s] = l.Get(i)
	}
}

// elements enumerates a set for a binder.
func elements(c *ctx, v tla.Value, pos token.Pos) []tla.Value {
	c.pos = pos
	if !v.IsSet() {
		evalErrorf(pos, "Attempted to enumerate %s, which is not a set", truncate(v.TLCString()))
	}
	return v.SortedElements()
}

// forAll runs body over every combination of the binders' values until
// body returns false; it reports whether it went through all of them.
func forAll(c *ctx, bs []binder, body func() bool) bool {
	if len(bs) == 0 {
		return body()
	}
	b := &bs[0]
	for _, v := range elements(c, b.set.fn(c), b.pos) {
		b.bindValue(c, v)
		if !forAll(c, bs[1:], body) {
			return false
		}
	}
	return true
}

func (m *model) quant(x *ast.QuantExpr, e *env) cexpr {
	if !x.Bounded() {
		m.failf(x.Pos(), "unbounded quantification is not supported by the model checker")
	}
	bs, ne := m.binders(x.Bounds, e)
	var body cexpr
	var resets []int
	if len(bs) == 2 && !bs[0].tuple && !bs[1].tuple {
		inner := []string{x.Bounds[len(x.Bounds)-1].Names[len(x.Bounds[len(x.Bounds)-1].Names)-1].Name}
		body, resets = m.withHoisting(x.Body, inner, ne)
	} else {
		body = m.expr(x.Body, ne)
	}
	pos := x.Body.Pos()
	exists := x.Kind == ast.Exists
	impure := body.impure
	for _, b := range bs {
		impure = impure || b.set.impure
	}
	if len(bs) == 1 && !bs[0].tuple {
		set, slot, bf := bs[0].set.fn, bs[0].slots[0], body.fn
		bpos := bs[0].pos
		return cexpr{fn: func(c *ctx) tla.Value {
			for _, v := range elements(c, set(c), bpos) {
				c.stack[c.fp+slot] = v
				if m.asBool(c, bf(c), pos) == exists {
					return tla.MakeBool(exists)
				}
			}
			return tla.MakeBool(!exists)
		}, impure: impure}
	}
	if len(bs) == 2 && !bs[0].tuple && !bs[1].tuple {
		s0, s1 := bs[0].set.fn, bs[1].set.fn
		k0, k1 := bs[0].slots[0], bs[1].slots[0]
		p0, p1 := bs[0].pos, bs[1].pos
		bf := body.fn
		return cexpr{fn: func(c *ctx) tla.Value {
			for _, v0 := range elements(c, s0(c), p0) {
				c.stack[c.fp+k0] = v0
				for _, r := range resets {
					c.ok[c.fp+r] = false
				}
				for _, v1 := range elements(c, s1(c), p1) {
					c.stack[c.fp+k1] = v1
					if m.asBool(c, bf(c), pos) == exists {
						return tla.MakeBool(exists)
					}
				}
			}
			return tla.MakeBool(!exists)
		}, impure: impure}
	}
	return cexpr{fn: func(c *ctx) tla.Value {
		found := false
		forAll(c, bs, func() bool {
			if m.asBool(c, body.fn(c), pos) == exists {
				found = true
				return false
			}
			return true
		})
		if found {
			return tla.MakeBool(exists)
		}
		return tla.MakeBool(!exists)
	}, impure: impure}
}

func (m *model) choose(x *ast.ChooseExpr, e *env) cexpr {
	if x.Bound.Set == nil {
		m.failf(x.Pos(), "unbounded CHOOSE is not supported by the model checker")
	}
	bs, ne := m.binders([]*ast.Bound{x.Bound}, e)
	body := m.expr(x.Body, ne)
	pos := x.Pos()
	b := &bs[0]
	all := []cexpr{b.set}
	fn := func(c *ctx) tla.Value {
		for _, v := range elements(c, b.set.fn(c), b.pos) {
			b.bindValue(c, v)
			if m.asBool(c, body.fn(c), x.Body.Pos()) {
				return v
			}
		}
		evalErrorf(pos, "Attempted to compute the value of an expression of form\nCHOOSE x \\in S: P, but no element of S satisfied P.")
		return tla.Value{}
	}
	if body.impure {
		return cexpr{fn: fn, impure: true}
	}
	// The body mentions only the bound variable and known values: fold.
	if b.set.isConst && !mentionsFrame(x.Body, e) {
		return m.fold(all, fn)
	}
	return cexpr{fn: fn}
}

// mentionsFrame reports whether x may read a frame slot or a state
// variable of the enclosing environment (which folding cannot see).
func mentionsFrame(x ast.Expr, e *env) bool {
	res := false
	ast.Inspect(x, func(n ast.Node) bool {
		if res {
			return false
		}
		var name string
		switch n := n.(type) {
		case *ast.Ident:
			name = n.Name
		case *ast.OpApp:
			if n.Fix == token.Named && len(n.Prefix) == 0 {
				name = n.Op.Name
			} else if n.Fix == token.Postfix {
				res = true
			}
		}
		if name == "" {
			return true
		}
		if b := e.sc.lookup(name); b != nil && b.kind != bConst {
			res = true
			return false
		}
		if r, ok := e.m.resolveIn(name, e.mod); ok {
			switch r.kind {
			case rVar:
				res = true
			case rDef:
				if e.m.defLevel(r.d) > lvlConst {
					res = true
				}
			case rLocal:
				res = true
			}
		}
		return !res
	})
	return res
}

func (m *model) setFilter(x *ast.SetFilter, e *env) cexpr {
	bs, ne := m.binders([]*ast.Bound{x.Bound}, e)
	pred := m.expr(x.Pred, ne)
	b := &bs[0]
	pos := x.Pred.Pos()
	fn := func(c *ctx) tla.Value {
		s := b.set.fn(c)
		c.pos = b.pos
		return tla.SetRefinement(s, func(v tla.Value) bool {
			b.bindValue(c, v)
			return m.asBool(c, pred.fn(c), pos)
		})
	}
	if !pred.impure && b.set.isConst && !mentionsFrame(x.Pred, e) {
		return m.fold([]cexpr{b.set}, fn)
	}
	return cexpr{fn: fn, impure: pred.impure || b.set.impure}
}

func (m *model) setMap(x *ast.SetMap, e *env) cexpr {
	bs, ne := m.binders(x.Bounds, e)
	el := m.expr(x.Elem, ne)
	fn := func(c *ctx) tla.Value {
		var out []tla.Value
		forAll(c, bs, func() bool {
			out = append(out, el.fn(c))
			return true
		})
		return tla.MakeSet(out...)
	}
	consts := true
	for _, b := range bs {
		consts = consts && b.set.isConst
	}
	if !el.impure && consts && !mentionsFrame(x.Elem, e) {
		sets := make([]cexpr, len(bs))
		for i, b := range bs {
			sets[i] = b.set
		}
		return m.fold(sets, fn)
	}
	return cexpr{fn: fn, impure: el.impure}
}

func (m *model) funcConstr(x *ast.FuncConstr, e *env) cexpr {
	bs, ne := m.binders(x.Bounds, e)
	body := m.expr(x.Body, ne)
	pos := x.Pos()
	simple := true
	for _, b := range bs {
		simple = simple && !b.tuple
	}
	fn := func(c *ctx) tla.Value {
		sets := make([]tla.Value, len(bs))
		for i, b := range bs {
			sets[i] = b.set.fn(c)
		}
		c.pos = pos
		if simple {
			return tla.MakeFunction(sets, func(args []tla.Value) tla.Value {
				for i, a := range args {
					c.stack[c.fp+bs[i].slots[0]] = a
				}
				return body.fn(c)
			})
		}
		return tla.MakeFunction(sets, func(args []tla.Value) tla.Value {
			for i, a := range args {
				bs[i].bindValue(c, a)
			}
			return body.fn(c)
		})
	}
	consts := true
	for _, b := range bs {
		consts = consts && b.set.isConst
	}
	if !body.impure && consts && !mentionsFrame(x.Body, e) {
		sets := make([]cexpr, len(bs))
		for i, b := range bs {
			sets[i] = b.set
		}
		return m.fold(sets, fn)
	}
	return cexpr{fn: fn, impure: body.impure}
}

// --- operator applications ---

func (m *model) opApp(x *ast.OpApp, e *env) cexpr {
	switch x.Fix {
	case token.Postfix:
		if x.Op.Name == "'" {
			if e.prime {
				m.failf(x.Pos(), "double prime")
			}
			return m.expr(x.Args[0], e.withPrime())
		}
		m.failf(x.Pos(), "operator %s is not supported", x.Op.Name)
	case token.Prefix:
		return m.prefix(x, e)
	case token.Infix:
		return m.infix(x, e)
	}
	if len(x.Prefix) > 0 {
		return m.instanceApp(x, e)
	}
	r, ok := m.resolve(x.Op.Name, e)
	if !ok {
		m.unknown(x.Op.Name, x.Op.Pos(), e)
	}
	return m.refValue(r, x.Op.Name, m.errNode(x.Op.Pos(), x), e, x.Args)
}

func (m *model) prefix(x *ast.OpApp, e *env) cexpr {
	sym := x.Symbol()
	switch sym {
	case "UNCHANGED":
		return m.unchangedValue(x.Args[0], e)
	case "ENABLED":
		return m.enabledValue(x.Args[0], e, x.Pos())
	case "[]", "<>":
		m.failf(x.Pos(), "temporal formula used where a value is expected")
	}
	if d := m.userPrefix(x, e); d != nil {
		return m.applyDef(d, x.Args, x.Op.Pos(), e)
	}
	bi, ok := builtins[sym]
	if !ok {
		m.failf(x.Pos(), "prefix operator %s is not supported", x.Op.Name)
	}
	return m.applyBuiltin(bi, x.Args, m.errNode(x.Op.Pos(), x), e)
}

func (m *model) userPrefix(x *ast.OpApp, e *env) *defn {
	if r, ok := m.resolveIn(x.Symbol(), e.mod); ok && r.kind == rDef {
		return r.d
	}
	if r, ok := m.resolveIn(x.Op.Name, e.mod); ok && r.kind == rDef && x.Op.Name != "-" {
		return r.d
	}
	return nil
}

func (m *model) userInfix(x *ast.OpApp, e *env) *defn {
	sym := x.Symbol()
	if b := e.sc.lookup(sym); b != nil {
		return nil
	}
	if r, ok := m.resolveIn(sym, e.mod); ok && r.kind == rDef {
		return r.d
	}
	if sym != x.Op.Name {
		if r, ok := m.resolveIn(x.Op.Name, e.mod); ok && r.kind == rDef {
			return r.d
		}
	}
	return nil
}

func (m *model) infix(x *ast.OpApp, e *env) cexpr {
	sym := x.Symbol()
	if d := m.userInfix(x, e); d != nil {
		return m.applyDef(d, x.Args, x.Op.Pos(), e)
	}
	switch sym {
	case `/\`:
		return m.andN(m.exprs(x.Args, e), x.Args)
	case `\/`:
		return m.orN(m.exprs(x.Args, e), x.Args)
	case "=>":
		a, b := m.expr(x.Args[0], e), m.expr(x.Args[1], e)
		pa, pb := x.Args[0].Pos(), x.Args[1].Pos()
		return m.fold([]cexpr{a, b}, func(c *ctx) tla.Value {
			if !m.asBool(c, a.fn(c), pa) {
				return tla.ModuleTRUE
			}
			return tla.MakeBool(m.asBool(c, b.fn(c), pb))
		})
	case "<=>":
		a, b := m.expr(x.Args[0], e), m.expr(x.Args[1], e)
		pa, pb := x.Args[0].Pos(), x.Args[1].Pos()
		return m.fold([]cexpr{a, b}, func(c *ctx) tla.Value {
			return tla.MakeBool(m.asBool(c, a.fn(c), pa) == m.asBool(c, b.fn(c), pb))
		})
	case "~>", "-+->":
		m.failf(x.Pos(), "temporal formula used where a value is expected")
	case "=", "/=":
		if c, ok := m.disjointTest(x, e); ok {
			return c
		}
	}
	bi, ok := builtins[sym]
	if !ok {
		m.failf(x.Op.Pos(), "infix operator %s is not supported", x.Op.Name)
	}
	return m.applyBuiltin(bi, x.Args, m.errNode(x.Op.Pos(), x), e)
}

// disjointTest compiles S \cap T = {} (and /=, either side) as a merge of
// the sorted members that allocates no intersection.
func (m *model) disjointTest(x *ast.OpApp, e *env) (cexpr, bool) {
	isEmpty := func(y ast.Expr) bool {
		s, ok := unparen(y).(*ast.SetEnum)
		return ok && len(s.Elems) == 0
	}
	capOf := func(y ast.Expr) *ast.OpApp {
		op, ok := unparen(y).(*ast.OpApp)
		if ok && op.Fix == token.Infix && op.Symbol() == `\cap` && m.userInfix(op, e) == nil {
			return op
		}
		return nil
	}
	var op *ast.OpApp
	switch {
	case isEmpty(x.Args[1]):
		op = capOf(x.Args[0])
	case isEmpty(x.Args[0]):
		op = capOf(x.Args[1])
	}
	if op == nil {
		return cexpr{}, false
	}
	a, b := m.expr(op.Args[0], e), m.expr(op.Args[1], e)
	want := x.Symbol() == "="
	pos := op.Op.Pos()
	return m.fold([]cexpr{a, b}, func(c *ctx) tla.Value {
		s, t := a.fn(c), b.fn(c)
		c.pos = pos
		xs, ok1 := finiteElements(s)
		ys, ok2 := finiteElements(t)
		if !ok1 || !ok2 {
			empty := tla.ModuleIntersectSymbol(s, t).Equal(tla.MakeSet())
			return tla.MakeBool(empty == want)
		}
		i, j := 0, 0
		for i < len(xs) && j < len(ys) {
			switch k := xs[i].Compare(ys[j]); {
			case k < 0:
				i++
			case k > 0:
				j++
			default:
				return tla.MakeBool(!want)
			}
		}
		return tla.MakeBool(want)
	}), true
}

// finiteElements returns the sorted members of a finite set; false for
// other values (an infinite set panics in SortedElements).
func finiteElements(v tla.Value) (elems []tla.Value, ok bool) {
	if !v.IsSet() {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			elems, ok = nil, false
		}
	}()
	return v.SortedElements(), true
}

func unparen(x ast.Expr) ast.Expr {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			return x
		}
		x = p.X
	}
}

// unchangedValue is UNCHANGED v as a value: v' = v.
func (m *model) unchangedValue(x ast.Expr, e *env) cexpr {
	now := m.expr(x, e)
	next := m.expr(x, e.withPrime())
	return cexpr{fn: func(c *ctx) tla.Value {
		return tla.MakeBool(next.fn(c).Equal(now.fn(c)))
	}}
}

// --- instances ---

// instanceOp is M(params) == INSTANCE ... defined in a LET.
type instanceOp struct {
	md  *ast.ModuleDef
	env *env
}

func (o *instanceOp) arity() int { return len(o.md.Params) }
func (o *instanceOp) apply(m *model, e *env, args []ast.Expr, pos token.Pos) cexpr {
	m.failf(pos, "module instance %s used as a value", o.md.Name.Name)
	return cexpr{}
}
func (o *instanceOp) call(m *model, e *env, pos token.Pos) func(c *ctx, args []tla.Value) tla.Value {
	m.failf(pos, "module instance %s used as an operator", o.md.Name.Name)
	return nil
}

// instanceTarget resolves the M!N!...! prefix of x to the module context in
// which the final name is looked up.
func (m *model) instanceTarget(x *ast.OpApp, e *env) *modCtx {
	mod := e.mod
	cur := e
	for i, st := range x.Prefix {
		var md *ast.ModuleDef
		var defEnv *env
		if i == 0 {
			if b := e.sc.lookup(st.Name.Name); b != nil && b.kind == bOp {
				if io, ok := b.op.(*instanceOp); ok {
					md, defEnv = io.md, io.env
				}
			}
		}
		var d *defn
		if md == nil {
			r, ok := m.resolveIn(st.Name.Name, mod)
			if !ok || r.kind != rDef || r.d.md == nil {
				m.failf(st.Name.Pos(), "%s is not a module instance", st.Name.Name)
			}
			d = r.d
			md = d.md
			defEnv = &env{m: m, mod: d.mod, fr: cur.fr, prime: cur.prime, init: cur.init, at: -1}
		}
		if len(st.Args) != len(md.Params) {
			m.failf(st.Name.Pos(), "instance %s takes %d arguments", st.Name.Name, len(md.Params))
		}
		if len(md.Params) == 0 && d != nil {
			if d.inst == nil {
				d.inst = m.instantiate(md.Instance, defEnv, false)
			}
			mod = d.inst
		} else {
			ie := defEnv
			ie.fr = cur.fr
			for j, p := range md.Params {
				ie = ie.bind(p.Name.Name, &binding{kind: bSubst, expr: st.Args[j], env: cur})
			}
			mod = m.instantiate(md.Instance, ie, true)
		}
		cur = &env{m: m, mod: mod, fr: cur.fr, prime: cur.prime, init: cur.init, at: -1}
	}
	return mod
}

// resolveInstanceDef finds the definition named by M!Op (for analyses).
func (m *model) resolveInstanceDef(x *ast.OpApp, e *env, quiet bool) (d *defn) {
	if quiet {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(*compileError); !ok {
					panic(r)
				}
				d = nil
			}
		}()
	}
	mod := m.instanceTarget(x, e)
	r, ok := m.resolveIn(x.Op.Name, mod)
	if !ok || r.kind != rDef {
		return nil
	}
	return r.d
}

func (m *model) instanceApp(x *ast.OpApp, e *env) cexpr {
	mod := m.instanceTarget(x, e)
	ie := &env{m: m, mod: mod, fr: e.fr, prime: e.prime, init: e.init, at: -1}
	r, ok := m.resolveIn(x.Op.Name, mod)
	if !ok {
		m.failf(x.Op.Pos(), "Unknown operator %s in module instance", x.QualifiedName())
	}
	if r.kind == rDef {
		// Arguments are compiled in the caller's environment.
		return m.applyDef(r.d, x.Args, x.Op.Pos(), e)
	}
	return m.refValue(r, x.Op.Name, x.Op.Pos(), ie, x.Args)
}

// instantiate builds the module context of INSTANCE M WITH substs, the
// substitutions compiled in ie.
func (m *model) instantiate(inst *ast.Instance, ie *env, inlineOnly bool) *modCtx {
	am := m.modules[inst.Module.Name]
	if am == nil {
		if standardModules[inst.Module.Name] {
			return &modCtx{name: inst.Module.Name, defs: map[string]*defn{}, consts: map[string]bool{},
				vars: map[string]bool{}, subst: map[string]*binding{}, instEnv: ie}
		}
		m.failf(inst.Module.Pos(), "cannot find module %s", inst.Module.Name)
	}
	mc := m.newModCtx(am, false)
	mc.instEnv = ie
	mc.inlineOnly = inlineOnly || ie.mod.inlineOnly
	for _, s := range inst.Substs {
		name := s.Name.Name
		if !mc.consts[name] && !mc.vars[name] {
			m.failf(s.Name.Pos(), "%s is not a constant or variable of module %s", name, inst.Module.Name)
		}
		mc.subst[name] = &binding{kind: bSubst, expr: s.Value, env: ie}
	}
	return mc
}

// --- helpers for messages ---

// str returns the string value s, one shared value per distinct string of
// the spec, so that equality tests between constants hit the pointer fast
// path.
func (m *model) str(s string) tla.Value {
	if v, ok := m.strings[s]; ok {
		return v
	}
	v := tla.MakeString(s)
	if m.strings == nil {
		m.strings = map[string]tla.Value{}
	}
	m.strings[s] = v
	return v
}

// errNode records the expression an error at pos belongs to (the position
// stored in ctx.pos is often an operator's, inside the expression), so that
// error messages show the expression's span.
func (m *model) errNode(pos token.Pos, n ast.Node) token.Pos {
	if m.posNode == nil {
		m.posNode = map[token.Pos]ast.Node{}
	}
	if _, ok := m.posNode[pos]; !ok {
		m.posNode[pos] = n
	}
	return pos
}
