package normalize

import (
	"github.com/mpgo/mpgo/lang/ast"
)

// ParallelOptions configures DesugarParallel.
type ParallelOptions struct {
	// Combine reports whether the pairs of one parallel assignment that assign the same root
	// variable (an *ast.Ident, or the *ast.SpecialVar $variable) are merged into one
	// assignment of a multi-clause EXCEPT (pcalgen, for unmapped variables). When nil, or
	// when it returns false, each pair stays a separate assignment (gogen writes every pair
	// through its resource).
	Combine func(root ast.Expr) bool
}

// DesugarParallel returns a copy of alg in which every parallel assignment
// l1 := e1 || ... || ln := en (n >= 2) is replaced by one `with` that binds, left to right,
// every left-hand index expression and every right-hand side to a fresh name, and whose
// body performs the assignments in order from those names (mpcal.md §5, §6.1 step 2c). All
// values are thus taken in the pre-state, and mapped reads among them happen once each, in
// source order. Literals are not bound. Single assignments are left as they are.
func DesugarParallel(alg *ast.Algorithm, names *Namer, opts ParallelOptions) *ast.Algorithm {
	if alg == nil {
		return nil
	}
	if names == nil {
		names = NewNamer()
		names.ReserveTree(alg)
	}
	d := &desugarer{names: names, opts: opts}
	out := *alg
	procs := func(list []*ast.Procedure) []*ast.Procedure {
		if list == nil {
			return nil
		}
		res := make([]*ast.Procedure, len(list))
		for i, p := range list {
			n := *p
			n.Body = d.block(p.Body)
			res[i] = &n
		}
		return res
	}
	out.MPCalProcedures = procs(alg.MPCalProcedures)
	out.Procedures = procs(alg.Procedures)
	if alg.MappingMacros != nil {
		out.MappingMacros = make([]*ast.MappingMacro, len(alg.MappingMacros))
		for i, mm := range alg.MappingMacros {
			n := *mm
			n.Read, n.Write = d.block(mm.Read), d.block(mm.Write)
			out.MappingMacros[i] = &n
		}
	}
	if alg.Archetypes != nil {
		out.Archetypes = make([]*ast.Archetype, len(alg.Archetypes))
		for i, a := range alg.Archetypes {
			n := *a
			n.Body = d.block(a.Body)
			out.Archetypes[i] = &n
		}
	}
	if alg.Processes != nil {
		out.Processes = make([]*ast.Process, len(alg.Processes))
		for i, p := range alg.Processes {
			n := *p
			n.Body = d.block(p.Body)
			out.Processes[i] = &n
		}
	}
	out.Body = d.block(alg.Body)
	return &out
}

// DesugarAssign desugars one assignment statement as DesugarParallel does. It returns the
// statements replacing s: s itself for a single assignment, else one `with`, or the plain
// assignments when nothing needs binding.
func DesugarAssign(s *ast.AssignStmt, names *Namer, opts ParallelOptions) []ast.Stmt {
	d := &desugarer{names: names, opts: opts}
	if names == nil {
		d.names = NewNamer()
		d.names.ReserveTree(s)
	}
	return d.assign(s)
}

type desugarer struct {
	names *Namer
	opts  ParallelOptions
}

func (d *desugarer) block(b *ast.Block) *ast.Block {
	if b == nil {
		return nil
	}
	return &ast.Block{Lbrace: b.Lbrace, Stmts: d.stmts(b.Stmts), Rbrace: b.Rbrace, EndPos: b.EndPos}
}

func (d *desugarer) stmts(list []ast.Stmt) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	for _, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			out = append(out, d.assign(s)...)
		case *ast.Block:
			out = append(out, d.block(s))
		case *ast.LabeledStmt:
			out = append(out, &ast.LabeledStmt{Label: s.Label, Colon: s.Colon, Modifier: s.Modifier, Stmts: d.stmts(s.Stmts)})
		case *ast.IfStmt:
			out = append(out, &ast.IfStmt{If: s.If, ElsIf: s.ElsIf, Cond: s.Cond, Then: d.block(s.Then), Else: d.block(s.Else), EndPos: s.EndPos})
		case *ast.WhileStmt:
			out = append(out, &ast.WhileStmt{While: s.While, Cond: s.Cond, Body: d.block(s.Body), EndPos: s.EndPos})
		case *ast.EitherStmt:
			n := &ast.EitherStmt{Either: s.Either, EndPos: s.EndPos}
			for _, b := range s.Branches {
				n.Branches = append(n.Branches, d.block(b))
			}
			out = append(out, n)
		case *ast.WithStmt:
			out = append(out, &ast.WithStmt{With: s.With, Decls: s.Decls, Body: d.block(s.Body), EndPos: s.EndPos})
		default:
			out = append(out, s)
		}
	}
	return out
}

// step is one index of an assignment target: [args] or .field.
type step struct {
	app   *ast.FuncApp
	field *ast.FieldAccess
	args  []ast.Expr
}

// splitLhs returns the root of an assignment target and its steps, outermost last.
func splitLhs(x ast.Expr) (ast.Expr, []step) {
	var steps []step
	for {
		switch y := x.(type) {
		case *ast.FuncApp:
			steps = append(steps, step{app: y, args: y.Args})
			x = y.Func
			continue
		case *ast.FieldAccess:
			steps = append(steps, step{field: y})
			x = y.X
			continue
		}
		break
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return x, steps
}

func rootName(root ast.Expr) string {
	switch r := root.(type) {
	case *ast.Ident:
		return r.Name
	case *ast.SpecialVar:
		return "variable"
	}
	return "tmp"
}

// literal reports whether x needs no binding: its value cannot depend on the state.
func literal(x ast.Expr) bool {
	switch y := x.(type) {
	case *ast.NumberLit, *ast.StringLit:
		return true
	case *ast.ParenExpr:
		return literal(y.X)
	}
	return false
}

func cloneRoot(root ast.Expr) ast.Expr {
	switch r := root.(type) {
	case *ast.Ident:
		return &ast.Ident{NamePos: r.NamePos, Name: r.Name}
	case *ast.SpecialVar:
		c := *r
		return &c
	}
	return root
}

type boundPair struct {
	root  ast.Expr
	steps []step
	rhs   ast.Expr
	pair  *ast.AssignPair
}

func (d *desugarer) assign(s *ast.AssignStmt) []ast.Stmt {
	if len(s.Pairs) < 2 {
		return []ast.Stmt{s}
	}
	var decls []*ast.VarDecl
	bind := func(x ast.Expr, base string) ast.Expr {
		if literal(x) {
			return x
		}
		name := d.names.Fresh(base)
		decls = append(decls, &ast.VarDecl{Name: &ast.Ident{NamePos: x.Pos(), Name: name}, Kind: ast.DeclEq, Init: x})
		return &ast.Ident{NamePos: x.Pos(), Name: name}
	}
	pairs := make([]*boundPair, len(s.Pairs))
	for i, p := range s.Pairs {
		root, steps := splitLhs(p.Lhs)
		base := rootName(root)
		bp := &boundPair{root: root, pair: p}
		for _, st := range steps {
			if st.field != nil {
				bp.steps = append(bp.steps, st)
				continue
			}
			ns := step{app: st.app}
			for _, a := range st.args {
				ns.args = append(ns.args, bind(a, base+"_idx"))
			}
			bp.steps = append(bp.steps, ns)
		}
		bp.rhs = bind(p.Rhs, base)
		pairs[i] = bp
	}
	var assigns []ast.Stmt
	done := make([]bool, len(pairs))
	for i, bp := range pairs {
		if done[i] {
			continue
		}
		var group []*boundPair
		if d.opts.Combine != nil && d.opts.Combine(bp.root) {
			for j := i; j < len(pairs); j++ {
				if !done[j] && sameRoot(pairs[j].root, bp.root) {
					group = append(group, pairs[j])
					done[j] = true
				}
			}
		}
		if len(group) > 1 {
			assigns = append(assigns, combined(group))
			continue
		}
		done[i] = true
		assigns = append(assigns, &ast.AssignStmt{Pairs: []*ast.AssignPair{{Lhs: rebuildLhs(bp), Assign: bp.pair.Assign, Rhs: bp.rhs}}})
	}
	if len(decls) == 0 {
		return assigns
	}
	return []ast.Stmt{&ast.WithStmt{With: s.Pos(), Decls: decls,
		Body: &ast.Block{Lbrace: s.Pos(), Stmts: assigns, EndPos: s.End()}, EndPos: s.End()}}
}

func sameRoot(a, b ast.Expr) bool {
	switch x := a.(type) {
	case *ast.Ident:
		y, ok := b.(*ast.Ident)
		return ok && x.Name == y.Name
	case *ast.SpecialVar:
		y, ok := b.(*ast.SpecialVar)
		return ok && x.Value == y.Value
	}
	return false
}

// rebuildLhs makes the target of one pair from its root (the original node, so that
// information keyed on it stays valid) and bound indices.
func rebuildLhs(bp *boundPair) ast.Expr {
	x := bp.root
	for _, st := range bp.steps {
		if st.field != nil {
			x = &ast.FieldAccess{X: x, Field: st.field.Field}
			continue
		}
		x = &ast.FuncApp{Func: x, Lbrack: st.app.Lbrack, Args: st.args, Rbrack: st.app.Rbrack}
	}
	return x
}

// combined merges the pairs of one root, in order, into root := [root EXCEPT ...]; a pair
// without indices replaces everything before it.
func combined(group []*boundPair) ast.Stmt {
	root := group[0].root
	var val ast.Expr = cloneRoot(root)
	var exc *ast.ExceptExpr
	for _, bp := range group {
		if len(bp.steps) == 0 {
			val, exc = bp.rhs, nil
			continue
		}
		u := &ast.ExceptUpdate{Bang: bp.pair.Pos(), Value: bp.rhs}
		for _, st := range bp.steps {
			if st.field != nil {
				u.Path = append(u.Path, &ast.ExceptPath{Start: st.field.Field.Pos(), Field: st.field.Field})
				continue
			}
			u.Path = append(u.Path, &ast.ExceptPath{Start: st.app.Lbrack, Args: st.args, Rbrack: st.app.Rbrack})
		}
		if exc == nil {
			exc = &ast.ExceptExpr{Lbrack: bp.pair.Pos(), Func: val, Rbrack: bp.pair.End()}
			val = exc
		}
		exc.Updates = append(exc.Updates, u)
	}
	return &ast.AssignStmt{Pairs: []*ast.AssignPair{{Lhs: root, Assign: group[0].pair.Assign, Rhs: val}}}
}
