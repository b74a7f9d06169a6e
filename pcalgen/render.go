package pcalgen

import (
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/printer"
)

// render writes a generated PlusCal algorithm in the layout of mpcal.md §6.8: two spaces
// per level, every statement ended by ";", a blank line before each procedure and
// process, multi-binding withs one binding per line, expressions fully parenthesised.
// Every line ends in "\n".
func render(a *ast.Algorithm) string {
	r := &renderer{}
	r.line(0, "--algorithm "+a.Name.Name+" {")
	if len(a.Vars) > 0 {
		r.line(1, "variables "+decls(a.Vars))
	}
	if a.Define != nil && len(a.Define.Units) > 0 {
		r.line(1, "define{")
		for _, u := range a.Define.Units {
			var b strings.Builder
			if err := (printer.Config{Style: printer.FullyParenthesized}).Fprint(&b, u); err != nil {
				continue
			}
			r.text(2, b.String())
		}
		r.line(1, "}")
	}
	for _, p := range a.Procedures {
		r.blank()
		var params []string
		for _, prm := range p.Params {
			s := prm.Name.Name
			if prm.Default != nil {
				s += " = " + expr(prm.Default)
			}
			params = append(params, s)
		}
		r.line(1, "procedure "+p.Name.Name+"("+strings.Join(params, ", ")+")")
		if len(p.Locals) > 0 {
			r.line(2, "variables "+decls(p.Locals))
		}
		r.body(p.Body)
	}
	for _, p := range a.Processes {
		r.blank()
		r.line(1, fairness(p.Fairness)+"process ("+decl(p.Ident)+")")
		if len(p.Locals) > 0 {
			r.line(2, "variables "+decls(p.Locals))
		}
		r.body(p.Body)
	}
	r.line(0, "}")
	return r.b.String()
}

type renderer struct {
	b strings.Builder
}

func (r *renderer) line(level int, s string) {
	r.b.WriteString(strings.Repeat("  ", level))
	r.b.WriteString(s)
	r.b.WriteByte('\n')
}

// text writes a possibly multi-line text, every line at level (continuation lines keep
// their relative indentation).
func (r *renderer) text(level int, s string) {
	for _, l := range strings.Split(s, "\n") {
		r.line(level, strings.TrimRight(l, " "))
	}
}

func (r *renderer) blank() { r.b.WriteByte('\n') }

func fairness(f ast.Fairness) string {
	switch f {
	case ast.WeakFair:
		return "fair "
	case ast.StrongFair:
		return "fair+ "
	}
	return ""
}

func expr(x ast.Expr) string {
	return printer.ExprParen(x)
}

func decl(d *ast.VarDecl) string {
	switch d.Kind {
	case ast.DeclEq:
		return d.Name.Name + " = " + expr(d.Init)
	case ast.DeclIn:
		return d.Name.Name + ` \in ` + expr(d.Init)
	}
	return d.Name.Name
}

// decls renders "a = 1; b;".
func decls(list []*ast.VarDecl) string {
	var b strings.Builder
	for i, d := range list {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(decl(d))
		b.WriteByte(';')
	}
	return b.String()
}

func (r *renderer) body(b *ast.Block) {
	r.line(1, "{")
	if b != nil {
		for _, s := range b.Stmts {
			r.stmt(2, s)
		}
	}
	r.line(1, "}")
}

func (r *renderer) stmts(level int, list []ast.Stmt) {
	if len(list) == 0 {
		r.line(level, "skip;") // a block holds at least one statement
		return
	}
	for _, s := range list {
		r.stmt(level, s)
	}
}

func (r *renderer) stmt(level int, s ast.Stmt) {
	switch s := s.(type) {
	case *ast.LabeledStmt:
		mod := ""
		switch s.Modifier {
		case ast.PlusModifier:
			mod = "+"
		case ast.MinusModifier:
			mod = "-"
		}
		r.line(level, s.Label.Name+":"+mod)
		r.stmts(level+1, s.Stmts)
	case *ast.AssignStmt:
		var parts []string
		for _, p := range s.Pairs {
			parts = append(parts, expr(p.Lhs)+" := "+expr(p.Rhs))
		}
		r.line(level, strings.Join(parts, " || ")+";")
	case *ast.IfStmt:
		r.line(level, "if ("+expr(s.Cond)+") {")
		r.stmts(level+1, stmtsOf(s.Then))
		if s.Else != nil {
			r.line(level, "} else {")
			r.stmts(level+1, s.Else.Stmts)
		}
		r.line(level, "};")
	case *ast.EitherStmt:
		for i, b := range s.Branches {
			if i == 0 {
				r.line(level, "either {")
			} else {
				r.line(level, "} or {")
			}
			r.stmts(level+1, stmtsOf(b))
		}
		r.line(level, "};")
	case *ast.WithStmt:
		if len(s.Decls) == 1 {
			r.line(level, "with ("+decl(s.Decls[0])+") {")
		} else {
			r.line(level, "with (")
			for i, d := range s.Decls {
				sep := ","
				if i == len(s.Decls)-1 {
					sep = ""
				}
				r.line(level+1, decl(d)+sep)
			}
			r.line(level, ") {")
		}
		r.stmts(level+1, stmtsOf(s.Body))
		r.line(level, "};")
	case *ast.AwaitStmt:
		r.line(level, "await "+expr(s.Cond)+";")
	case *ast.PrintStmt:
		r.line(level, "print "+expr(s.X)+";")
	case *ast.AssertStmt:
		r.line(level, "assert "+expr(s.Cond)+";")
	case *ast.SkipStmt:
		r.line(level, "skip;")
	case *ast.ReturnStmt:
		r.line(level, "return;")
	case *ast.GotoStmt:
		r.line(level, "goto "+s.Label.Name+";")
	case *ast.CallStmt:
		var args []string
		for _, a := range s.Args {
			args = append(args, expr(a))
		}
		r.line(level, "call "+s.Proc.Name+"("+strings.Join(args, ", ")+");")
	case *ast.Block:
		r.stmts(level, s.Stmts)
	}
}
