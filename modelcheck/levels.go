package modelcheck

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// lscope is the scope of names bound inside an expression during level
// analysis: their level is known (bound variables are constant).
type lscope struct {
	parent *lscope
	name   string
	lvl    level
}

func (s *lscope) lookup(name string) (level, bool) {
	for ; s != nil; s = s.parent {
		if s.name == name {
			return s.lvl, true
		}
	}
	return 0, false
}

func bindNames(s *lscope, bounds []*ast.Bound) *lscope {
	for _, b := range bounds {
		for _, n := range b.Names {
			s = &lscope{parent: s, name: n.Name}
		}
	}
	return s
}

// levelOf computes the level of x in env e (names bound in ls shadow e).
func (m *model) levelOf(x ast.Expr, e *env, ls *lscope) level {
	var l level
	up := func(k level) {
		if k > l {
			l = k
		}
	}
	sub := func(y ast.Expr) {
		if y != nil {
			up(m.levelOf(y, e, ls))
		}
	}
	subs := func(ys []ast.Expr) {
		for _, y := range ys {
			sub(y)
		}
	}
	bounds := func(bs []*ast.Bound) *lscope {
		for _, b := range bs {
			sub(b.Set)
		}
		return bindNames(ls, bs)
	}
	switch x := x.(type) {
	case nil:
	case *ast.Ident:
		up(m.nameLevel(x.Name, e, ls, nil))
	case *ast.NumberLit, *ast.StringLit, *ast.AtExpr, *ast.BadExpr:
	case *ast.ParenExpr:
		sub(x.X)
	case *ast.OpApp:
		switch x.Fix {
		case token.Postfix:
			if x.Op.Name == "'" {
				subs(x.Args)
				up(lvlAction)
				return max(l, lvlAction)
			}
			subs(x.Args)
		case token.Prefix:
			subs(x.Args)
			switch x.Symbol() {
			case "UNCHANGED":
				up(lvlAction)
			case "ENABLED":
				if l > lvlState {
					l = lvlState
				}
			case "[]", "<>":
				up(lvlTemporal)
			}
		case token.Infix:
			subs(x.Args)
			switch x.Symbol() {
			case "~>", "-+->":
				up(lvlTemporal)
			}
			if d := m.userInfix(x, e); d != nil {
				up(m.defLevel(d))
			}
		default:
			subs(x.Args)
			if len(x.Prefix) > 0 {
				for _, st := range x.Prefix {
					subs(st.Args)
				}
				if d := m.resolveInstanceDef(x, e, true); d != nil {
					up(m.defLevel(d))
				}
			} else {
				up(m.nameLevel(x.Op.Name, e, ls, x.Args))
			}
		}
	case *ast.QuantExpr:
		ls2 := bounds(x.Bounds)
		up(m.levelOf(x.Body, e, ls2))
	case *ast.TemporalQuantExpr:
		up(lvlTemporal)
	case *ast.ChooseExpr:
		ls2 := bounds([]*ast.Bound{x.Bound})
		up(m.levelOf(x.Body, e, ls2))
	case *ast.SetEnum:
		subs(x.Elems)
	case *ast.SetFilter:
		ls2 := bounds([]*ast.Bound{x.Bound})
		up(m.levelOf(x.Pred, e, ls2))
	case *ast.SetMap:
		ls2 := bounds(x.Bounds)
		up(m.levelOf(x.Elem, e, ls2))
	case *ast.TupleExpr:
		subs(x.Elems)
	case *ast.FuncConstr:
		ls2 := bounds(x.Bounds)
		up(m.levelOf(x.Body, e, ls2))
	case *ast.FuncSet:
		sub(x.Dom)
		sub(x.Range)
	case *ast.RecordExpr:
		for _, f := range x.Fields {
			sub(f.Value)
		}
	case *ast.RecordSet:
		for _, f := range x.Fields {
			sub(f.Value)
		}
	case *ast.ExceptExpr:
		sub(x.Func)
		for _, u := range x.Updates {
			for _, p := range u.Path {
				subs(p.Args)
			}
			sub(u.Value)
		}
	case *ast.FuncApp:
		sub(x.Func)
		subs(x.Args)
	case *ast.FieldAccess:
		sub(x.X)
	case *ast.CrossExpr:
		subs(x.Factors)
	case *ast.IfExpr:
		sub(x.Cond)
		sub(x.Then)
		sub(x.Else)
	case *ast.CaseExpr:
		for _, a := range x.Arms {
			sub(a.Cond)
			sub(a.Value)
		}
		sub(x.Other)
	case *ast.LetExpr:
		ls2 := ls
		for _, u := range x.Defs {
			switch d := u.(type) {
			case *ast.OpDef:
				ls3 := ls2
				for _, p := range d.Params {
					ls3 = &lscope{parent: ls3, name: p.Name.Name}
				}
				// A recursive LET operator refers to itself: bind it first.
				ls2 = &lscope{parent: ls2, name: d.Name.Name}
				lv := m.levelOf(d.Body, e, &lscope{parent: ls3, name: d.Name.Name})
				ls2.lvl = lv
			case *ast.FuncDef:
				ls3 := &lscope{parent: bindNames(ls2, d.Bounds), name: d.Name.Name}
				lv := m.levelOf(d.Body, e, ls3)
				for _, b := range d.Bounds {
					lv = max(lv, m.levelOf(b.Set, e, ls2))
				}
				ls2 = &lscope{parent: ls2, name: d.Name.Name, lvl: lv}
			}
		}
		up(m.levelOf(x.Body, e, ls2))
	case *ast.LambdaExpr:
		ls2 := ls
		for _, p := range x.Params {
			ls2 = &lscope{parent: ls2, name: p.Name}
		}
		up(m.levelOf(x.Body, e, ls2))
	case *ast.SubscriptExpr:
		sub(x.Action)
		sub(x.Sub)
		up(lvlAction)
	case *ast.FairnessExpr:
		up(lvlTemporal)
	case *ast.JunctionList:
		subs(x.Items)
	}
	return l
}

// nameLevel is the level of an application of name to args.
func (m *model) nameLevel(name string, e *env, ls *lscope, args []ast.Expr) level {
	var l level
	for _, a := range args {
		l = max(l, m.levelOf(a, e, ls))
	}
	if lv, ok := ls.lookup(name); ok {
		return max(l, lv)
	}
	r, ok := m.resolve(name, e)
	if !ok {
		return l
	}
	switch r.kind {
	case rVar:
		return max(l, lvlState)
	case rDef:
		return max(l, m.defLevel(r.d))
	case rLocal:
		b := r.b
		switch b.kind {
		case bSubst, bLazy:
			if b.env != nil {
				return max(l, m.levelOf(b.expr, b.env, nil))
			}
		case bOp:
			return max(l, b.lvl)
		}
		return max(l, b.lvl)
	case rBuiltin:
		if r.bi.name == "ENABLED" {
			return min(l, lvlState)
		}
	}
	return l
}

// defLevel is the level of a definition's body, its parameters taken as
// constants.
func (m *model) defLevel(d *defn) level {
	switch d.lvlState {
	case 2:
		return d.lvl
	case 1:
		return lvlConst // recursion: the other parts decide
	}
	d.lvlState = 1
	var l level
	e := &env{m: m, mod: d.mod, at: -1}
	var ls *lscope
	switch {
	case d.op != nil:
		for _, p := range d.op.Params {
			ls = &lscope{parent: ls, name: p.Name.Name}
		}
		l = m.levelOf(d.op.Body, e, ls)
	case d.fn != nil:
		for _, b := range d.fn.Bounds {
			l = max(l, m.levelOf(b.Set, e, nil))
		}
		ls = bindNames(nil, d.fn.Bounds)
		l = max(l, m.levelOf(d.fn.Body, e, ls))
	}
	d.lvl, d.lvlState = l, 2
	return l
}

// defImpure reports whether evaluating d's body may have an effect (Print,
// TLCSet, ...), so that it must not be folded.
func (m *model) defImpure(d *defn) bool {
	if d.impure >= 0 {
		return d.impure == 1
	}
	d.impure = 0 // recursion: assume pure while computing
	imp := false
	body := d.body()
	if body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			if imp {
				return false
			}
			var name string
			switch n := n.(type) {
			case *ast.Ident:
				name = n.Name
			case *ast.OpApp:
				if n.Fix == token.Named && len(n.Prefix) == 0 {
					name = n.Op.Name
				}
			default:
				return true
			}
			if bi, ok := builtins[name]; ok && bi.impure {
				if _, isDef := d.mod.defs[name]; !isDef {
					imp = true
					return false
				}
			}
			if d2, ok := d.mod.defs[name]; ok && d2 != d && m.defImpure(d2) {
				imp = true
				return false
			}
			return true
		})
	}
	if imp {
		d.impure = 1
	}
	return imp
}

// needsName reports whether parameter i of d must be passed by name: it is
// primed, UNCHANGED or under ENABLED in the body, or passed on to such a
// parameter.
func (m *model) needsName(d *defn, i int) bool {
	if d.op == nil {
		return false
	}
	if d.nameArgs == nil {
		d.nameArgs = make([]int8, len(d.op.Params))
		for k := range d.nameArgs {
			d.nameArgs[k] = -1
		}
	}
	if d.nameArgs[i] >= 0 {
		return d.nameArgs[i] == 1
	}
	d.nameArgs[i] = 0 // recursion: assume not while computing
	name := d.op.Params[i].Name.Name
	r := m.occursUnderPrime(d.op.Body, name, d.mod, false)
	if r {
		d.nameArgs[i] = 1
	}
	return r
}

func mentions(x ast.Node, name string) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if found {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		if op, ok := n.(*ast.OpApp); ok && op.Fix == token.Named && op.Op.Name == name {
			found = true
		}
		return !found
	})
	return found
}

func (m *model) occursUnderPrime(x ast.Expr, name string, mod *modCtx, primed bool) bool {
	found := false
	var visit func(x ast.Node, primed bool)
	visit = func(x ast.Node, primed bool) {
		if found || x == nil {
			return
		}
		ast.Inspect(x, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.Ident:
				if primed && n.Name == name {
					found = true
				}
			case *ast.OpApp:
				switch {
				case n.Fix == token.Postfix && n.Op.Name == "'":
					for _, a := range n.Args {
						visit(a, true)
					}
					return false
				case n.Fix == token.Prefix && (n.Symbol() == "UNCHANGED" || n.Symbol() == "ENABLED"):
					for _, a := range n.Args {
						visit(a, true)
					}
					return false
				case n.Fix == token.Named && len(n.Prefix) == 0:
					if primed && n.Op.Name == name {
						found = true
						return false
					}
					if d2, ok := mod.defs[n.Op.Name]; ok && d2.op != nil && len(d2.op.Params) == len(n.Args) {
						for j, a := range n.Args {
							if mentions(a, name) && m.needsName(d2, j) {
								found = true
								return false
							}
						}
					}
				}
			case *ast.SubscriptExpr:
				visit(n.Action, primed)
				visit(n.Sub, true)
				return false
			case *ast.FairnessExpr:
				visit(n.Action, true)
				visit(n.Sub, true)
				return false
			}
			return true
		})
	}
	visit(x, primed)
	return found
}
