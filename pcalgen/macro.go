package pcalgen

import (
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
)

// macroInst instantiates the read or write body of a mapping macro for one access
// (mpcal.md §6.4): $variable becomes the accessed variable (element), $value the bound value,
// self the process's self, and the body's with names get fresh names.
type macroInst struct {
	g      *gen
	b      *body
	access ast.Expr
	value  string // the name bound to the written value ("" in read bodies)
	yield  func(e ast.Expr) []ast.Stmt
	scope  map[string]string // renamed binders of the body
}

func (m *macroInst) copier() *copier {
	if m.scope == nil {
		m.scope = map[string]string{}
	}
	c := &copier{}
	c.use = func(id *ast.Ident) ast.Expr {
		if n, ok := m.scope[id.Name]; ok {
			return ident(id, n)
		}
		if sym := m.g.info.Use(id); sym != nil && sym.Kind == check.Self {
			return m.g.selfExpr(m.b, id)
		}
		return nil
	}
	c.name = func(id *ast.Ident) string {
		if n, ok := m.scope[id.Name]; ok {
			return n
		}
		sym := m.g.info.Defs[id]
		if sym == nil || !m.g.capture[id.Name] {
			return ""
		}
		switch sym.Kind {
		case check.BoundVar, check.LetDef, check.OpParam:
			n := m.g.names.Fresh(id.Name)
			m.scope[id.Name] = n
			return n
		}
		return ""
	}
	c.special = func(x *ast.SpecialVar) ast.Expr {
		if x.Value {
			return ident(x, m.value)
		}
		return (&copier{}).expr(m.access)
	}
	return c
}

func (m *macroInst) block(b *ast.Block) []ast.Stmt {
	if b == nil {
		return nil
	}
	return m.stmts(b.Stmts)
}

func (m *macroInst) stmts(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range list {
		out = append(out, m.stmt(s)...)
	}
	return out
}

func (m *macroInst) blk(b *ast.Block) *ast.Block {
	if b == nil {
		return nil
	}
	return &ast.Block{Lbrace: b.Lbrace, Stmts: m.stmts(b.Stmts), Rbrace: b.Rbrace, EndPos: b.EndPos}
}

func (m *macroInst) stmt(s ast.Stmt) []ast.Stmt {
	c := m.copier()
	switch s := s.(type) {
	case *ast.YieldStmt:
		return m.yield(c.expr(s.X))
	case *ast.AssignStmt:
		n := &ast.AssignStmt{}
		for _, p := range s.Pairs {
			root, steps := splitChain(p.Lhs)
			var nroot ast.Expr
			if _, ok := root.(*ast.SpecialVar); ok {
				nroot = (&copier{}).expr(m.access)
			} else {
				nroot = c.expr(root)
			}
			lhs := applySteps(c, nroot, steps)
			n.Pairs = append(n.Pairs, &ast.AssignPair{Lhs: lhs, Assign: p.Assign, Rhs: c.expr(p.Rhs)})
		}
		return []ast.Stmt{n}
	case *ast.WithStmt:
		// each binding gets a fresh name, visible in the later bindings and the body
		saved := map[string]string{}
		for k, v := range m.scope {
			saved[k] = v
		}
		n := &ast.WithStmt{With: s.With, EndPos: s.EndPos}
		for _, d := range s.Decls {
			init := c.expr(d.Init)
			fresh := m.g.names.Fresh(d.Name.Name)
			m.scope[d.Name.Name] = fresh
			n.Decls = append(n.Decls, &ast.VarDecl{Name: ident(d.Name, fresh), Kind: d.Kind, Init: init})
		}
		n.Body = m.blk(s.Body)
		if n.Body == nil {
			n.Body = &ast.Block{Lbrace: s.With}
		}
		m.scope = saved
		return []ast.Stmt{n}
	case *ast.IfStmt:
		return []ast.Stmt{&ast.IfStmt{If: s.If, Cond: c.expr(s.Cond), Then: m.blk(s.Then), Else: m.blk(s.Else), EndPos: s.EndPos}}
	case *ast.EitherStmt:
		n := &ast.EitherStmt{Either: s.Either, EndPos: s.EndPos}
		for _, br := range s.Branches {
			n.Branches = append(n.Branches, m.blk(br))
		}
		return []ast.Stmt{n}
	case *ast.AwaitStmt:
		return []ast.Stmt{&ast.AwaitStmt{Keyword: s.Keyword, When: s.When, Cond: c.expr(s.Cond)}}
	case *ast.PrintStmt:
		return []ast.Stmt{&ast.PrintStmt{Print: s.Print, X: c.expr(s.X)}}
	case *ast.AssertStmt:
		return []ast.Stmt{&ast.AssertStmt{Assert: s.Assert, Cond: c.expr(s.Cond)}}
	case *ast.SkipStmt:
		return []ast.Stmt{&ast.SkipStmt{Skip: s.Skip}}
	case *ast.Block:
		return m.stmts(s.Stmts)
	}
	m.g.errorf(s.Pos(), check.ConsistencyCheckFailed, "unsupported statement %T in a mapping macro", s)
	return nil
}
