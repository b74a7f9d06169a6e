package pcalgen

import (
	"github.com/mpgo/mpgo/lang/ast"
)

// This file holds steps 4 and 5 of mpcal.md §6.1 on expanded sections: indexed assignments
// become whole-variable EXCEPT assignments, repeated writes within a section are removed
// (§6.6), and nested withs are merged.

// finishSection rewrites one expanded critical section; proc is the output procedure the
// section belongs to ("" in a process).
func (g *gen) finishSection(sec *ast.LabeledStmt, proc string) *ast.LabeledStmt {
	stmts := desugarIndexed(sec.Stmts)
	f := &finisher{g: g, proc: proc}
	f.dup = f.repeats(stmts, map[string]bool{})
	stmts = f.list(stmts, nil)
	stmts = mergeWiths(stmts)
	return &ast.LabeledStmt{Label: sec.Label, Colon: sec.Colon, Modifier: sec.Modifier, Stmts: stmts}
}

// desugarIndexed turns x[i].f := e into x := [x EXCEPT ![i]["f"] = e] everywhere in list.
func desugarIndexed(list []ast.Stmt) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	for _, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			n := &ast.AssignStmt{}
			for _, p := range s.Pairs {
				root, steps := splitChain(p.Lhs)
				if len(steps) == 0 {
					n.Pairs = append(n.Pairs, p)
					continue
				}
				path := exceptPath(applySteps(&copier{}, nil, steps))
				rhs := &ast.ExceptExpr{Lbrack: p.Lhs.Pos(), Func: (&copier{}).expr(root), Rbrack: p.Rhs.End(),
					Updates: []*ast.ExceptUpdate{{Bang: p.Lhs.Pos(), Path: path, Value: p.Rhs}}}
				n.Pairs = append(n.Pairs, &ast.AssignPair{Lhs: root, Assign: p.Assign, Rhs: rhs})
			}
			out = append(out, n)
		case *ast.IfStmt:
			n := *s
			n.Then = desugarBlock(s.Then)
			n.Else = desugarBlock(s.Else)
			out = append(out, &n)
		case *ast.EitherStmt:
			n := *s
			n.Branches = nil
			for _, b := range s.Branches {
				n.Branches = append(n.Branches, desugarBlock(b))
			}
			out = append(out, &n)
		case *ast.WithStmt:
			n := *s
			n.Body = desugarBlock(s.Body)
			out = append(out, &n)
		default:
			out = append(out, s)
		}
	}
	return out
}

func desugarBlock(b *ast.Block) *ast.Block {
	if b == nil {
		return nil
	}
	n := *b
	n.Stmts = desugarIndexed(b.Stmts)
	return &n
}

func stmtsOf(b *ast.Block) []ast.Stmt {
	if b == nil {
		return nil
	}
	return b.Stmts
}

func rootName(lhs ast.Expr) string {
	root, _ := splitChain(lhs)
	if id, ok := root.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// finisher removes the repeated writes of one section.
type finisher struct {
	g    *gen
	proc string
	// dup says that the section writes some variable twice on a path: then statements after
	// an if or either are copied into its branches, so each path can be rewritten alone.
	dup bool
}

// hidden returns the variables a call or return assigns implicitly (the callee's, or the
// returning procedure's, parameters and locals).
func (f *finisher) hidden(s ast.Stmt) []string {
	switch s := s.(type) {
	case *ast.CallStmt:
		return f.g.procVars[s.Proc.Name]
	case *ast.ReturnStmt:
		return f.g.procVars[f.proc]
	}
	return nil
}

// writes adds the variables list may assign, on any path, to set.
func (f *finisher) writes(list []ast.Stmt, set map[string]bool) map[string]bool {
	for _, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			for _, p := range s.Pairs {
				set[rootName(p.Lhs)] = true
			}
		case *ast.IfStmt:
			f.writes(stmtsOf(s.Then), set)
			f.writes(stmtsOf(s.Else), set)
		case *ast.EitherStmt:
			for _, b := range s.Branches {
				f.writes(stmtsOf(b), set)
			}
		case *ast.WithStmt:
			f.writes(stmtsOf(s.Body), set)
		case *ast.CallStmt, *ast.ReturnStmt:
			for _, v := range f.hidden(s) {
				set[v] = true
			}
		}
	}
	return set
}

// repeats reports whether some path through list assigns a variable twice (counting the
// assignments hidden in calls and returns); set holds the variables assigned before.
func (f *finisher) repeats(list []ast.Stmt, set map[string]bool) bool {
	_, rep := f.repeatsIn(list, set)
	return rep
}

func (f *finisher) repeatsIn(list []ast.Stmt, set map[string]bool) (map[string]bool, bool) {
	add := func(set map[string]bool, names ...string) bool {
		rep := false
		for _, n := range names {
			if set[n] {
				rep = true
			}
			set[n] = true
		}
		return rep
	}
	clone := func(m map[string]bool) map[string]bool {
		out := make(map[string]bool, len(m))
		for k := range m {
			out[k] = true
		}
		return out
	}
	for _, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			for _, p := range s.Pairs {
				if add(set, rootName(p.Lhs)) {
					return set, true
				}
			}
		case *ast.CallStmt, *ast.ReturnStmt:
			if add(set, f.hidden(s)...) {
				return set, true
			}
		case *ast.IfStmt:
			out := map[string]bool{}
			for _, b := range [][]ast.Stmt{stmtsOf(s.Then), stmtsOf(s.Else)} {
				w, rep := f.repeatsIn(b, clone(set))
				if rep {
					return set, true
				}
				for k := range w {
					out[k] = true
				}
			}
			set = out
		case *ast.EitherStmt:
			out := map[string]bool{}
			for _, b := range s.Branches {
				w, rep := f.repeatsIn(stmtsOf(b), clone(set))
				if rep {
					return set, true
				}
				for k := range w {
					out[k] = true
				}
			}
			set = out
		case *ast.WithStmt:
			var rep bool
			if set, rep = f.repeatsIn(stmtsOf(s.Body), set); rep {
				return set, true
			}
		}
	}
	return set, false
}

// pending maps variables assigned earlier on the current path to the names holding their
// new values, in the order they were assigned.
type pending []pendingVar

type pendingVar struct{ v, name string }

func (p pending) lookup(v string) (string, bool) {
	for _, e := range p {
		if e.v == v {
			return e.name, true
		}
	}
	return "", false
}

func (p pending) without(vs ...string) pending {
	var out pending
	for _, e := range p {
		keep := true
		for _, v := range vs {
			if e.v == v {
				keep = false
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}

func (p pending) with(v, name string) pending {
	return append(p.without(v), pendingVar{v, name})
}

// subst makes later reads of a pending variable read its new value.
func (p pending) subst(x ast.Expr) ast.Expr {
	if len(p) == 0 || x == nil {
		return x
	}
	c := &copier{use: func(id *ast.Ident) ast.Expr {
		if n, ok := p.lookup(id.Name); ok {
			return ident(id, n)
		}
		return nil
	}}
	return c.expr(x)
}

// writeBack assigns the pending values at the end of a path.
func (p pending) writeBack(pos ast.Node) []ast.Stmt {
	var out []ast.Stmt
	for _, e := range p {
		out = append(out, &ast.AssignStmt{Pairs: []*ast.AssignPair{{Lhs: ident(pos, e.v), Assign: pos.Pos(), Rhs: ident(pos, e.name)}}})
	}
	return out
}

// jumps reports whether every path through list ends in a jump.
func jumps(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	switch s := list[len(list)-1].(type) {
	case *ast.GotoStmt, *ast.ReturnStmt:
		return true
	case *ast.IfStmt:
		return s.Else != nil && jumps(stmtsOf(s.Then)) && jumps(stmtsOf(s.Else))
	case *ast.EitherStmt:
		for _, b := range s.Branches {
			if !jumps(stmtsOf(b)) {
				return false
			}
		}
		return true
	case *ast.WithStmt:
		return jumps(stmtsOf(s.Body))
	}
	return false
}

func containsCall(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if _, ok := x.(*ast.CallStmt); ok {
			found = true
		}
		_, isExpr := x.(ast.Expr)
		return !found && !isExpr
	})
	return found
}

// withRest appends a copy of rest to a branch that does not jump away.
func withRest(branch, rest []ast.Stmt) []ast.Stmt {
	if len(rest) == 0 || jumps(branch) {
		return branch
	}
	out := append([]ast.Stmt(nil), branch...)
	return append(out, cloneStmts(rest)...)
}

// mentions reports whether an identifier called name occurs in list.
func mentions(list []ast.Stmt, name string) bool {
	found := false
	for _, s := range list {
		ast.Inspect(s, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && id.Name == name {
				found = true
			}
			return !found
		})
	}
	return found
}

// renameIn renames the identifier old to new throughout list.
func renameIn(list []ast.Stmt, old, new string) []ast.Stmt {
	c := &copier{use: func(id *ast.Ident) ast.Expr {
		if id.Name == old {
			return ident(id, new)
		}
		return nil
	}}
	return mapExprs(list, c)
}

// mapExprs copies list, applying c to every expression.
func mapExprs(list []ast.Stmt, c *copier) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	blk := func(b *ast.Block) *ast.Block {
		if b == nil {
			return nil
		}
		return &ast.Block{Lbrace: b.Lbrace, Stmts: mapExprs(b.Stmts, c), Rbrace: b.Rbrace, EndPos: b.EndPos}
	}
	for _, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			n := &ast.AssignStmt{}
			for _, p := range s.Pairs {
				root, steps := splitChain(p.Lhs)
				n.Pairs = append(n.Pairs, &ast.AssignPair{Lhs: applySteps(c, (&copier{}).expr(root), steps), Assign: p.Assign, Rhs: c.expr(p.Rhs)})
			}
			out = append(out, n)
		case *ast.IfStmt:
			out = append(out, &ast.IfStmt{If: s.If, Cond: c.expr(s.Cond), Then: blk(s.Then), Else: blk(s.Else), EndPos: s.EndPos})
		case *ast.EitherStmt:
			n := &ast.EitherStmt{Either: s.Either, EndPos: s.EndPos}
			for _, b := range s.Branches {
				n.Branches = append(n.Branches, blk(b))
			}
			out = append(out, n)
		case *ast.WithStmt:
			n := &ast.WithStmt{With: s.With, Body: blk(s.Body), EndPos: s.EndPos}
			for _, d := range s.Decls {
				n.Decls = append(n.Decls, &ast.VarDecl{Name: c.rename(d.Name), Kind: d.Kind, Init: c.expr(d.Init)})
			}
			out = append(out, n)
		case *ast.AwaitStmt:
			out = append(out, &ast.AwaitStmt{Keyword: s.Keyword, When: s.When, Cond: c.expr(s.Cond)})
		case *ast.PrintStmt:
			out = append(out, &ast.PrintStmt{Print: s.Print, X: c.expr(s.X)})
		case *ast.AssertStmt:
			out = append(out, &ast.AssertStmt{Assert: s.Assert, Cond: c.expr(s.Cond)})
		case *ast.CallStmt:
			out = append(out, &ast.CallStmt{Call: s.Call, Proc: s.Proc, Args: c.exprs(s.Args), Rparen: s.Rparen})
		default:
			out = append(out, s)
		}
	}
	return out
}

// list rewrites one path continuation. p holds the pending values of the path so far.
func (f *finisher) list(stmts []ast.Stmt, p pending) []ast.Stmt {
	var out []ast.Stmt
	for i := 0; i < len(stmts); i++ {
		rest := stmts[i+1:]
		switch s := stmts[i].(type) {
		case *ast.AssignStmt:
			pr := s.Pairs[0]
			v := rootName(pr.Lhs)
			rhs := p.subst(pr.Rhs)
			if v != "" && len(s.Pairs) == 1 && f.writes(rest, map[string]bool{})[v] {
				// assigned again later on this path: bind the value, assign at the end
				n := f.g.names.Fresh(v)
				w := &ast.WithStmt{With: s.Pos(), Decls: []*ast.VarDecl{{Name: ident(pr.Lhs, n), Kind: ast.DeclEq, Init: rhs}}}
				w.Body = &ast.Block{Lbrace: s.Pos(), Stmts: f.list(rest, p.with(v, n))}
				return append(out, w)
			}
			n := &ast.AssignStmt{}
			for _, q := range s.Pairs {
				n.Pairs = append(n.Pairs, &ast.AssignPair{Lhs: q.Lhs, Assign: q.Assign, Rhs: p.subst(q.Rhs)})
				p = p.without(rootName(q.Lhs))
			}
			n.Pairs[0].Rhs = rhs
			out = append(out, n)
		case *ast.IfStmt:
			cond := p.subst(s.Cond)
			if len(rest) > 0 && (f.dup || len(p) > 0 || containsCall(s)) {
				n := &ast.IfStmt{If: s.If, Cond: cond, EndPos: s.EndPos}
				n.Then = &ast.Block{Lbrace: s.If, Stmts: f.list(withRest(stmtsOf(s.Then), rest), p)}
				n.Else = &ast.Block{Lbrace: s.If, Stmts: f.list(withRest(stmtsOf(s.Else), rest), p)}
				return append(out, n)
			}
			n := &ast.IfStmt{If: s.If, Cond: cond, EndPos: s.EndPos}
			n.Then = &ast.Block{Lbrace: s.If, Stmts: f.branch(stmtsOf(s.Then), p, len(rest) == 0)}
			if s.Else != nil {
				n.Else = &ast.Block{Lbrace: s.If, Stmts: f.branch(s.Else.Stmts, p, len(rest) == 0)}
			}
			out = append(out, n)
		case *ast.EitherStmt:
			n := &ast.EitherStmt{Either: s.Either, EndPos: s.EndPos}
			if len(rest) > 0 && (f.dup || len(p) > 0 || containsCall(s)) {
				for _, b := range s.Branches {
					n.Branches = append(n.Branches, &ast.Block{Lbrace: s.Either, Stmts: f.list(withRest(stmtsOf(b), rest), p)})
				}
				return append(out, n)
			}
			for _, b := range s.Branches {
				n.Branches = append(n.Branches, &ast.Block{Lbrace: s.Either, Stmts: f.branch(stmtsOf(b), p, len(rest) == 0)})
			}
			out = append(out, n)
		case *ast.WithStmt:
			// the statements after a with move inside it; its bindings are renamed first
			// where they would capture a name of those statements
			w := &ast.WithStmt{With: s.With, EndPos: s.EndPos}
			bodyStmts := stmtsOf(s.Body)
			renamed := map[string]string{}
			rc := &copier{use: func(id *ast.Ident) ast.Expr {
				if n, ok := renamed[id.Name]; ok {
					return ident(id, n)
				}
				return nil
			}}
			for _, d := range s.Decls {
				init := p.subst(rc.expr(d.Init))
				name := d.Name.Name
				if mentions(rest, name) {
					fresh := f.g.names.Fresh(name)
					bodyStmts = renameIn(bodyStmts, name, fresh)
					renamed[name] = fresh
					name = fresh
				}
				w.Decls = append(w.Decls, &ast.VarDecl{Name: ident(d.Name, name), Kind: d.Kind, Init: init})
			}
			all := append(append([]ast.Stmt(nil), bodyStmts...), rest...)
			w.Body = &ast.Block{Lbrace: s.With, Stmts: f.list(all, p)}
			return append(out, w)
		case *ast.GotoStmt:
			out = append(out, p.writeBack(s)...)
			return append(out, s)
		case *ast.ReturnStmt:
			p = p.without(f.hidden(s)...)
			out = append(out, p.writeBack(s)...)
			return append(out, s)
		case *ast.CallStmt:
			n := &ast.CallStmt{Call: s.Call, Proc: s.Proc, Rparen: s.Rparen}
			for _, a := range s.Args {
				n.Args = append(n.Args, p.subst(a))
			}
			// only a goto or return can follow a call: write back before it
			p = p.without(f.hidden(s)...)
			out = append(out, p.writeBack(s)...)
			p = nil
			out = append(out, n)
		case *ast.AwaitStmt:
			out = append(out, &ast.AwaitStmt{Keyword: s.Keyword, When: s.When, Cond: p.subst(s.Cond)})
		case *ast.PrintStmt:
			out = append(out, &ast.PrintStmt{Print: s.Print, X: p.subst(s.X)})
		case *ast.AssertStmt:
			out = append(out, &ast.AssertStmt{Assert: s.Assert, Cond: p.subst(s.Cond)})
		default:
			out = append(out, s)
		}
	}
	if len(stmts) > 0 {
		out = append(out, p.writeBack(stmts[len(stmts)-1])...)
	}
	return out
}

// branch rewrites a branch of an if or either that the rest of the path does not follow
// into: there are no pending values then (the section has no repeated writes), unless the
// branch ends the path.
func (f *finisher) branch(list []ast.Stmt, p pending, end bool) []ast.Stmt {
	if end {
		return f.list(list, p)
	}
	return f.list(list, nil)
}

// mergeWiths merges a with whose body is a single with into one multi-binding with.
func mergeWiths(list []ast.Stmt) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	for _, s := range list {
		switch s := s.(type) {
		case *ast.WithStmt:
			n := &ast.WithStmt{With: s.With, Decls: append([]*ast.VarDecl(nil), s.Decls...), EndPos: s.EndPos}
			body := mergeWiths(stmtsOf(s.Body))
			for len(body) == 1 {
				inner, ok := body[0].(*ast.WithStmt)
				if !ok {
					break
				}
				n.Decls = append(n.Decls, inner.Decls...)
				body = stmtsOf(inner.Body)
			}
			n.Body = &ast.Block{Lbrace: s.With, Stmts: body}
			out = append(out, n)
		case *ast.IfStmt:
			n := *s
			n.Then = mergeBlock(s.Then)
			n.Else = mergeBlock(s.Else)
			out = append(out, &n)
		case *ast.EitherStmt:
			n := *s
			n.Branches = nil
			for _, b := range s.Branches {
				n.Branches = append(n.Branches, mergeBlock(b))
			}
			out = append(out, &n)
		default:
			out = append(out, s)
		}
	}
	return out
}

func mergeBlock(b *ast.Block) *ast.Block {
	if b == nil {
		return nil
	}
	n := *b
	n.Stmts = mergeWiths(b.Stmts)
	return &n
}
