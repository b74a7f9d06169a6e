package modelcheck

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// Loop-invariant hoisting for \A x, y \in S : P and \E x, y \in S : P: the
// maximal subexpressions of P that do not mention y are evaluated once per
// value of x (lazily, so that short-circuits and errors are unchanged)
// instead of once per pair. Only pure expressions outside inner binders are
// hoisted: TLA+ scoping is lexical, so an expression that does not name y
// cannot depend on it.

// hoistCandidates returns the subexpressions of body to hoist out of the
// loop over the variables named inner.
func (m *model) hoistCandidates(body ast.Expr, inner []string, e *env) []ast.Expr {
	var out []ast.Expr
	var walk func(x ast.Expr)
	walk = func(x ast.Expr) {
		if x == nil {
			return
		}
		if !mentionsAny(x, inner) && m.worthHoisting(x, e) && !mentionsAtExpr(x) && m.pureSyntax(x, e) {
			out = append(out, x)
			return
		}
		switch y := x.(type) {
		case *ast.ParenExpr:
			walk(y.X)
		case *ast.OpApp:
			if y.Fix == token.Prefix && (y.Symbol() == "ENABLED" || y.Symbol() == "UNCHANGED") {
				return
			}
			for _, a := range y.Args {
				walk(a)
			}
		case *ast.JunctionList:
			for _, it := range y.Items {
				walk(it)
			}
		case *ast.IfExpr:
			walk(y.Cond)
			walk(y.Then)
			walk(y.Else)
		case *ast.CaseExpr:
			for _, a := range y.Arms {
				walk(a.Cond)
				walk(a.Value)
			}
			walk(y.Other)
		case *ast.FuncApp:
			walk(y.Func)
			for _, a := range y.Args {
				walk(a)
			}
		case *ast.FieldAccess:
			walk(y.X)
		case *ast.SetEnum:
			for _, el := range y.Elems {
				walk(el)
			}
		case *ast.TupleExpr:
			for _, el := range y.Elems {
				walk(el)
			}
		}
	}
	walk(body)
	return out
}

// worthHoisting: applications and lookups, not names and literals.
func (m *model) worthHoisting(x ast.Expr, e *env) bool {
	switch y := x.(type) {
	case *ast.FuncApp, *ast.FieldAccess, *ast.IfExpr, *ast.CaseExpr:
		return true
	case *ast.OpApp:
		if y.Fix == token.Postfix || len(y.Prefix) > 0 {
			return false
		}
		return true
	case *ast.Ident:
		// A state-level definition such as Prepared == {...}.
		if r, ok := m.resolve(y.Name, e); ok && r.kind == rDef && r.d.op != nil && len(r.d.op.Params) == 0 {
			return m.defLevel(r.d) >= lvlState
		}
	}
	return false
}

func mentionsAny(x ast.Node, names []string) bool {
	for _, n := range names {
		if mentions(x, n) {
			return true
		}
	}
	return false
}

func mentionsAtExpr(x ast.Node) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if _, ok := n.(*ast.AtExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// pureSyntax reports whether x calls no operator with an effect.
func (m *model) pureSyntax(x ast.Expr, e *env) bool {
	pure := true
	ast.Inspect(x, func(n ast.Node) bool {
		if !pure {
			return false
		}
		var name string
		switch n := n.(type) {
		case *ast.Ident:
			name = n.Name
		case *ast.OpApp:
			if n.Fix == token.Named && len(n.Prefix) == 0 {
				name = n.Op.Name
			} else if len(n.Prefix) > 0 {
				pure = false // instance definitions: not analysed
			}
		}
		if name == "" {
			return true
		}
		if b := e.sc.lookup(name); b != nil {
			if b.kind == bOp {
				pure = false
			}
			return pure
		}
		if r, ok := m.resolveIn(name, e.mod); ok {
			switch r.kind {
			case rBuiltin:
				pure = !r.bi.impure
			case rDef:
				pure = !m.defImpure(r.d)
			}
		}
		return pure
	})
	return pure
}

// withHoisting compiles body with its hoistable subexpressions bound to
// lazy slots of e's frame; it returns the slots to reset whenever the outer
// variables change.
func (m *model) withHoisting(body ast.Expr, inner []string, e *env) (cexpr, []int) {
	cands := m.hoistCandidates(body, inner, e)
	if len(cands) == 0 {
		return m.expr(body, e), nil
	}
	lazyEnv := *e
	lazyEnv.hoist = nil
	hm := make(map[ast.Expr]*binding, len(cands))
	slots := make([]int, len(cands))
	for i, x := range cands {
		slots[i] = e.fr.alloc(1)
		hm[x] = &binding{kind: bLazy, expr: x, env: &lazyEnv, slot: slots[i]}
	}
	be := *e
	be.hoist = hm
	return m.expr(body, &be), slots
}
