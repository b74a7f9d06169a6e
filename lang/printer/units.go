package printer

import (
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

func (p *printer) module(m *ast.Module) {
	p.str("---- MODULE " + m.Name.Name + " ----")
	if len(m.Extends) > 0 {
		p.newline(0)
		p.str("EXTENDS ")
		p.idents(m.Extends)
	}
	for _, u := range m.Units {
		p.newline(0)
		p.unitText(u)
	}
	p.newline(0)
	p.str("====")
}

func (p *printer) opParams(list []*ast.OpParam) {
	p.str("(")
	for i, prm := range list {
		if i > 0 {
			p.str(", ")
		}
		p.str(prm.Name.Name)
		if prm.Arity > 0 {
			p.str("(" + strings.TrimSuffix(strings.Repeat("_, ", prm.Arity), ", ") + ")")
		}
	}
	p.str(")")
}

func (p *printer) opDecls(list []*ast.OpDecl) {
	for i, d := range list {
		if i > 0 {
			p.str(", ")
		}
		switch d.Fix {
		case token.Infix:
			p.str("_ " + d.Name.Name + " _")
		case token.Prefix:
			p.str(d.Name.Name + " _")
		case token.Postfix:
			p.str("_ " + d.Name.Name)
		default:
			p.str(d.Name.Name)
			if d.Arity > 0 {
				p.str("(" + strings.TrimSuffix(strings.Repeat("_, ", d.Arity), ", ") + ")")
			}
		}
	}
}

func (p *printer) instance(in *ast.Instance) {
	p.str("INSTANCE " + in.Module.Name)
	for i, s := range in.Substs {
		if i == 0 {
			p.str(" WITH ")
		} else {
			p.str(", ")
		}
		p.str(s.Name.Name + " <- ")
		p.expr(s.Value)
	}
}

// unitText prints one unit starting at the current column.
func (p *printer) unitText(u ast.Unit) {
	switch u := u.(type) {
	case *ast.OpDef:
		if u.Local {
			p.str("LOCAL ")
		}
		switch u.Fix {
		case token.Prefix:
			p.str(u.Name.Name + " " + u.Params[0].Name.Name)
		case token.Infix:
			p.str(u.Params[0].Name.Name + " " + u.Name.Name + " " + u.Params[1].Name.Name)
		case token.Postfix:
			p.str(u.Params[0].Name.Name + u.Name.Name)
		default:
			p.str(u.Name.Name)
			if len(u.Params) > 0 {
				p.opParams(u.Params)
			}
		}
		p.str(" == ")
		p.expr(u.Body)
	case *ast.FuncDef:
		if u.Local {
			p.str("LOCAL ")
		}
		p.str(u.Name.Name + "[")
		p.bounds(u.Bounds)
		p.str("] == ")
		p.expr(u.Body)
	case *ast.ModuleDef:
		if u.Local {
			p.str("LOCAL ")
		}
		p.str(u.Name.Name)
		if len(u.Params) > 0 {
			p.opParams(u.Params)
		}
		p.str(" == ")
		p.instance(u.Instance)
	case *ast.Instance:
		if u.Local {
			p.str("LOCAL ")
		}
		p.instance(u)
	case *ast.ConstantDecl:
		if u.Plural {
			p.str("CONSTANTS ")
		} else {
			p.str("CONSTANT ")
		}
		p.opDecls(u.Decls)
	case *ast.VariableDecl:
		if u.Plural {
			p.str("VARIABLES ")
		} else {
			p.str("VARIABLE ")
		}
		p.idents(u.Names)
	case *ast.Recursive:
		p.str("RECURSIVE ")
		p.opDecls(u.Decls)
	case *ast.Assume:
		p.str(u.Kind + " ")
		if u.Name != nil {
			p.str(u.Name.Name + " == ")
		}
		p.expr(u.Expr)
	case *ast.Theorem:
		p.str(u.Text)
	case *ast.Separator:
		p.str("----")
	case *ast.Module:
		p.module(u)
	default:
		p.str("<unknown unit>")
	}
}

// ---------------------------------------------------------------------------------------------
// Algorithms

func (p *printer) line() { p.newline(p.indent) }

func (p *printer) in() { p.indent += p.unit }

func (p *printer) out() { p.indent -= p.unit }

func (p *printer) varDecl(d *ast.VarDecl) {
	p.str(d.Name.Name)
	switch d.Kind {
	case ast.DeclEq:
		p.str(" = ")
		p.expr(d.Init)
	case ast.DeclIn:
		p.str(` \in `)
		p.expr(d.Init)
	}
}

// varDecls prints "variables a = 1, b;" on the current line.
func (p *printer) varDecls(list []*ast.VarDecl) {
	p.str("variables ")
	for i, d := range list {
		if i > 0 {
			p.str(", ")
		}
		p.varDecl(d)
	}
	p.str(";")
}

func (p *printer) params(list []*ast.Param) {
	p.str("(")
	for i, prm := range list {
		if i > 0 {
			p.str(", ")
		}
		if prm.IsRef() {
			p.str("ref ")
		}
		p.str(prm.Name.Name)
		p.str(strings.Repeat("[_]", prm.Depth))
		if prm.Caret {
			p.str("^")
		}
		if prm.Default != nil {
			p.str(" = ")
			p.expr(prm.Default)
		}
	}
	p.str(")")
}

func fairness(f ast.Fairness) string {
	switch f {
	case ast.WeakFair:
		return "fair "
	case ast.StrongFair:
		return "fair+ "
	}
	return ""
}

func (p *printer) algorithm(a *ast.Algorithm) {
	c := a.Syntax == ast.CSyntax || a.Kind == ast.MPCal
	switch {
	case a.Kind == ast.MPCal:
		p.str("--mpcal " + a.Name.Name)
	case a.Fair:
		p.str("--fair algorithm " + a.Name.Name)
	default:
		p.str("--algorithm " + a.Name.Name)
	}
	if c {
		p.str(" {")
		p.in()
	}
	if a.Kind == ast.PlusCal && len(a.Vars) > 0 {
		p.line()
		p.varDecls(a.Vars)
	}
	if a.Define != nil {
		p.line()
		p.str("define")
		if c {
			p.str(" {")
		}
		p.in()
		for _, u := range a.Define.Units {
			p.line()
			p.unitText(u)
		}
		p.out()
		p.line()
		if c {
			p.str("}")
		} else {
			p.str("end define;")
		}
	}
	for _, m := range a.Macros {
		p.line()
		p.str("macro " + m.Name.Name + "(")
		p.idents(m.Params)
		p.str(")")
		p.body(m.Body, c, "macro")
	}
	for _, pr := range a.MPCalProcedures {
		p.procedure(pr, c)
	}
	for _, mm := range a.MappingMacros {
		p.line()
		p.str("mapping macro " + mm.Name.Name + " {")
		p.in()
		p.line()
		p.str("read ")
		p.block(mm.Read)
		p.line()
		p.str("write ")
		p.block(mm.Write)
		p.out()
		p.line()
		p.str("}")
	}
	for _, ar := range a.Archetypes {
		p.line()
		p.str("archetype " + ar.Name.Name)
		p.params(ar.Params)
		if len(ar.Locals) > 0 {
			p.in()
			p.line()
			p.varDecls(ar.Locals)
			p.out()
		}
		p.body(ar.Body, true, "")
	}
	if a.Kind == ast.MPCal && len(a.Vars) > 0 {
		p.line()
		p.varDecls(a.Vars)
	}
	for _, in := range a.Instances {
		p.line()
		p.str(fairness(in.Fairness) + "process (")
		p.varDecl(in.Process)
		p.str(") == instance " + in.Archetype.Name + "(")
		p.exprs(in.Args)
		p.str(")")
		for _, m := range in.Mappings {
			p.str(" mapping ")
			if m.Name != nil {
				p.str(m.Name.Name)
			} else {
				p.str("@" + itoa(m.Position))
			}
			p.str(strings.Repeat("[_]", m.Depth) + " via " + m.Macro.Name)
		}
		p.str(";")
	}
	for _, pr := range a.Procedures {
		p.procedure(pr, c)
	}
	for _, pr := range a.Processes {
		p.line()
		p.str(fairness(pr.Fairness) + "process ")
		if c {
			p.str("(")
		}
		p.varDecl(pr.Ident)
		if c {
			p.str(")")
		}
		if len(pr.Locals) > 0 {
			p.in()
			p.line()
			p.varDecls(pr.Locals)
			p.out()
		}
		p.body(pr.Body, c, "process")
	}
	if a.Body != nil {
		if c {
			p.line()
			p.block(a.Body)
		} else {
			p.line()
			p.str("begin")
			p.stmtList(a.Body.Stmts, false)
		}
	}
	if c {
		p.out()
		p.line()
		p.str("}")
	} else {
		p.line()
		p.str("end algorithm")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for n > 0 {
		d = append([]byte{byte('0' + n%10)}, d...)
		n /= 10
	}
	return string(d)
}

func (p *printer) procedure(pr *ast.Procedure, c bool) {
	p.line()
	p.str("procedure " + pr.Name.Name)
	p.params(pr.Params)
	if len(pr.Locals) > 0 {
		p.in()
		p.line()
		p.varDecls(pr.Locals)
		p.out()
	}
	p.body(pr.Body, c, "procedure")
}

// body prints a declaration body on the next line: "{ ... }" or "begin ... end kw;".
func (p *printer) body(b *ast.Block, c bool, kw string) {
	p.line()
	if c {
		p.block(b)
		return
	}
	p.str("begin")
	p.stmtList(b.Stmts, false)
	p.line()
	p.str("end " + kw + ";")
}

// block prints "{", the statements indented, and "}".
func (p *printer) block(b *ast.Block) {
	p.str("{")
	p.stmtList(b.Stmts, true)
	p.line()
	p.str("}")
}

// stmtList prints each statement on its own indented line, followed by ";".
func (p *printer) stmtList(list []ast.Stmt, c bool) {
	p.in()
	for _, s := range list {
		p.line()
		p.stmt(s, c)
	}
	p.out()
}

func (p *printer) stmt(s ast.Stmt, c bool) {
	switch s := s.(type) {
	case *ast.LabeledStmt:
		p.str(s.Label.Name + ":")
		switch s.Modifier {
		case ast.PlusModifier:
			p.str("+")
		case ast.MinusModifier:
			p.str("-")
		}
		p.stmtList(s.Stmts, c)
		return
	case *ast.Block:
		if c {
			p.block(s)
			p.str(";")
			return
		}
		for i, st := range s.Stmts {
			if i > 0 {
				p.line()
			}
			p.stmt(st, c)
		}
		return
	case *ast.AssignStmt:
		for i, pr := range s.Pairs {
			if i > 0 {
				p.str(" || ")
			}
			p.expr(pr.Lhs)
			p.str(" := ")
			p.expr(pr.Rhs)
		}
	case *ast.IfStmt:
		p.ifStmt(s, c)
	case *ast.WhileStmt:
		if c {
			p.str("while (")
			p.expr(s.Cond)
			p.str(") ")
			p.block(s.Body)
		} else {
			p.str("while ")
			p.expr(s.Cond)
			p.str(" do")
			p.stmtList(s.Body.Stmts, false)
			p.line()
			p.str("end while")
		}
	case *ast.EitherStmt:
		for i, b := range s.Branches {
			switch {
			case i == 0:
				p.str("either")
			case c:
				p.str(" or")
			default:
				p.line()
				p.str("or")
			}
			if c {
				p.str(" ")
				p.block(b)
			} else {
				p.stmtList(b.Stmts, false)
			}
		}
		if !c {
			p.line()
			p.str("end either")
		}
	case *ast.WithStmt:
		p.str("with ")
		if c {
			p.str("(")
		}
		for i, d := range s.Decls {
			if i > 0 {
				p.str(", ")
			}
			p.varDecl(d)
		}
		if c {
			p.str(") ")
			p.block(s.Body)
		} else {
			p.str(" do")
			p.stmtList(s.Body.Stmts, false)
			p.line()
			p.str("end with")
		}
	case *ast.AwaitStmt:
		if s.When {
			p.str("when ")
		} else {
			p.str("await ")
		}
		p.expr(s.Cond)
	case *ast.PrintStmt:
		p.str("print ")
		p.expr(s.X)
	case *ast.AssertStmt:
		p.str("assert ")
		p.expr(s.Cond)
	case *ast.SkipStmt:
		p.str("skip")
	case *ast.ReturnStmt:
		p.str("return")
	case *ast.GotoStmt:
		p.str("goto " + s.Label.Name)
	case *ast.CallStmt:
		p.str("call " + s.Proc.Name + "(")
		p.exprs(s.Args)
		p.str(")")
	case *ast.MacroCall:
		p.str(s.Name.Name + "(")
		p.exprs(s.Args)
		p.str(")")
	case *ast.YieldStmt:
		p.str("yield ")
		p.expr(s.X)
	default:
		p.str("<unknown statement>")
	}
	p.str(";")
}

func (p *printer) ifStmt(s *ast.IfStmt, c bool) {
	if c {
		p.str("if (")
		p.expr(s.Cond)
		p.str(") ")
		p.block(s.Then)
		if s.Else != nil {
			p.str(" else ")
			if len(s.Else.Stmts) == 1 {
				if inner, ok := s.Else.Stmts[0].(*ast.IfStmt); ok {
					p.ifStmt(inner, c)
					return
				}
			}
			p.block(s.Else)
		}
		return
	}
	if s.ElsIf {
		p.str("elsif ")
	} else {
		p.str("if ")
	}
	p.expr(s.Cond)
	p.str(" then")
	p.stmtList(s.Then.Stmts, false)
	if s.Else != nil {
		if len(s.Else.Stmts) == 1 {
			if inner, ok := s.Else.Stmts[0].(*ast.IfStmt); ok && inner.ElsIf {
				p.line()
				p.ifStmt(inner, c)
				return
			}
		}
		p.line()
		p.str("else")
		p.stmtList(s.Else.Stmts, false)
	}
	p.line()
	p.str("end if")
}
