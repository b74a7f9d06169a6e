package translate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/printer"
	"github.com/mpgo/mpgo/lang/token"
)

// builder turns a lang/ast algorithm into the translator's tree: it expands macros,
// enforces the label rules (adding labels where the standard translator does), and groups
// statements into labeled sequences. Errors are collected with their positions.
type builder struct {
	fset *token.FileSet
	file *token.File // nil when there is no source text
	src  []byte
	opts Options

	errs token.ErrorList

	macros  map[string]*macroDef
	procs   map[string]*ast.Procedure
	curProc string // name of the procedure being built, "" outside procedures

	addLabels   bool
	labelsAdded bool
	lblCount    int
	missing     []where
}

type macroDef struct {
	params []string
	body   []*fstmt
}

// fstmt is a statement before grouping: it carries its own label, as in the standard
// translator's parser, and compound statements hold flat lists.
type fstmt struct {
	label string
	mod   int
	lblAt where
	at    where

	kind     fkind
	simple   stmt       // assign, when, print, assert, skip, goto, call, return
	test     *texpr     // if, while
	branches [][]*fstmt // if: then, else; either: ors; while, with: body
	binds    []*varDecl // with
	callee   string     // call
	retProc  string     // return: the procedure returned from
	gotoTo   string     // goto
	assigns  []string   // assign: variables assigned
}

type fkind uint8

const (
	fSimple fkind = iota
	fIf
	fEither
	fWhile
	fWith
	fCall
	fReturn
	fGoto
)

func (b *builder) where(p token.Pos) where {
	if b.fset == nil || !p.IsValid() {
		return where{}
	}
	pos := b.fset.Position(p)
	if !pos.IsValid() {
		return where{}
	}
	col := pos.Column
	if b.file != nil {
		// Columns count characters, as the standard translator's do.
		off := b.file.Offset(p)
		start := b.file.LineStart(pos.Line)
		if start >= 0 && off >= start && off <= len(b.src) {
			col = utf8.RuneCount(b.src[start:off]) + 1
		}
	}
	return where{pos.Line, col}
}

func (b *builder) errorAt(w where, format string, args ...any) {
	b.errs.Add(token.Position{Filename: b.filename(), Line: w.line, Column: w.col}, fmt.Sprintf(format, args...))
}

func (b *builder) filename() string {
	if b.file != nil {
		return b.file.Name()
	}
	return ""
}

// span returns the source text of a node and the column of its first character, or ok=false
// when the node has no usable position in the source.
func (b *builder) span(from, to token.Pos) (text string, col int, ok bool) {
	if b.file == nil || !from.IsValid() || !to.IsValid() {
		return "", 0, false
	}
	f := b.fset.File(from)
	if f != b.file || b.fset.File(to) != b.file {
		return "", 0, false
	}
	off, end := b.file.Offset(from), b.file.Offset(to)
	if off < 0 || end > len(b.src) || off > end {
		return "", 0, false
	}
	ls := off
	for ls > 0 && b.src[ls-1] != '\n' {
		ls--
	}
	return string(b.src[off:end]), utf8.RuneCount(b.src[ls:off]), true
}

// expr returns the token form of an expression: its source text when there is one (so that
// the user's layout is kept), otherwise the printer's rendering.
func (b *builder) expr(x ast.Expr) *texpr {
	if x == nil {
		return &texpr{}
	}
	if text, col, ok := b.span(x.Pos(), x.End()); ok {
		e, _ := tokenize(text, col)
		if !e.empty() {
			return e
		}
	}
	e, _ := tokenize(printer.Expr(x), 0)
	return e
}

func defaultValue() *texpr { return identExpr("defaultInitValue") }

func (b *builder) varDecl(d *ast.VarDecl) *varDecl {
	v := &varDecl{name: d.Name.Name, at: b.where(d.Name.Pos()), isEq: d.Kind != ast.DeclIn}
	if d.Kind == ast.DeclPlain || d.Init == nil {
		v.val = defaultValue()
	} else {
		v.val = b.expr(d.Init)
	}
	return v
}

// ---------------------------------------------------------------------------------------------
// Statements

// stmts converts a statement list. inWith forbids labels; inMacro forbids labels with the
// macro message.
func (b *builder) stmts(list []ast.Stmt, inMacro, inWith bool, sub *macroSubst) []*fstmt {
	var out []*fstmt
	for _, s := range list {
		out = append(out, b.stmt(s, inMacro, inWith, sub)...)
	}
	return out
}

func (b *builder) stmt(s ast.Stmt, inMacro, inWith bool, sub *macroSubst) []*fstmt {
	switch s := s.(type) {
	case *ast.LabeledStmt:
		if inMacro {
			b.errorAt(b.where(s.Label.Pos()), "A label may not appear in a macro.")
			return nil
		}
		nerr := len(b.errs)
		body := b.stmts(s.Stmts, inMacro, inWith, sub)
		if len(b.errs) > nerr {
			return nil
		}
		if inWith {
			at := b.where(s.Label.Pos())
			if len(body) > 0 {
				at = body[0].at
			}
			b.errorAt(at, "Label in `with' statement")
			return nil
		}
		if s.Label.Name == "Done" {
			b.errorAt(b.where(s.Label.Pos()), "Cannot use `Done' as a label.")
			return nil
		}
		if len(body) == 0 {
			b.errorAt(b.where(s.Label.Pos()), "Empty statement list")
			return nil
		}
		body[0].label = s.Label.Name
		body[0].lblAt = b.where(s.Label.Pos())
		switch s.Modifier {
		case ast.PlusModifier:
			body[0].mod = '+'
		case ast.MinusModifier:
			body[0].mod = '-'
		}
		return body
	case *ast.Block:
		return b.stmts(s.Stmts, inMacro, inWith, sub)
	case *ast.AssignStmt:
		a := &assignS{at: b.where(s.Pos())}
		f := &fstmt{at: a.at, simple: a}
		for _, p := range s.Pairs {
			sa := b.lhs(p.Lhs, sub)
			if sa == nil {
				return nil
			}
			sa.rhs = sub.apply(b.expr(p.Rhs))
			a.ass = append(a.ass, sa)
			f.assigns = append(f.assigns, sa.v)
		}
		return []*fstmt{f}
	case *ast.IfStmt:
		f := &fstmt{at: b.where(s.If), kind: fIf, test: sub.apply(b.expr(s.Cond))}
		var then, els []*fstmt
		if s.Then != nil {
			then = b.stmts(s.Then.Stmts, inMacro, inWith, sub)
		}
		if s.Else != nil {
			els = b.stmts(s.Else.Stmts, inMacro, inWith, sub)
		}
		f.branches = [][]*fstmt{then, els}
		return []*fstmt{f}
	case *ast.EitherStmt:
		f := &fstmt{at: b.where(s.Either), kind: fEither}
		for _, br := range s.Branches {
			f.branches = append(f.branches, b.stmts(br.Stmts, inMacro, inWith, sub))
		}
		return []*fstmt{f}
	case *ast.WhileStmt:
		f := &fstmt{at: b.where(s.While), kind: fWhile, test: sub.apply(b.expr(s.Cond))}
		f.branches = [][]*fstmt{b.stmts(s.Body.Stmts, inMacro, inWith, sub)}
		return []*fstmt{f}
	case *ast.WithStmt:
		f := &fstmt{at: b.where(s.With), kind: fWith}
		for _, d := range s.Decls {
			v := &varDecl{name: d.Name.Name, isEq: d.Kind != ast.DeclIn, at: b.where(d.Name.Pos()), val: sub.apply(b.expr(d.Init))}
			f.binds = append(f.binds, v)
		}
		f.branches = [][]*fstmt{b.stmts(s.Body.Stmts, inMacro, true, sub)}
		return []*fstmt{f}
	case *ast.AwaitStmt:
		w := &whenS{at: b.where(s.Keyword), exp: sub.apply(b.expr(s.Cond))}
		return []*fstmt{{at: w.at, simple: w}}
	case *ast.PrintStmt:
		p := &printS{at: b.where(s.Print), exp: sub.apply(b.expr(s.X))}
		return []*fstmt{{at: p.at, simple: p}}
	case *ast.AssertStmt:
		a := &assertS{at: b.where(s.Assert), exp: sub.apply(b.expr(s.Cond))}
		return []*fstmt{{at: a.at, simple: a}}
	case *ast.SkipStmt:
		k := &skipS{at: b.where(s.Skip)}
		return []*fstmt{{at: k.at, simple: k}}
	case *ast.ReturnStmt:
		at := b.where(s.Return)
		if b.curProc == "" && !inMacro {
			b.errorAt(at, "return statement not in a procedure")
			return nil
		}
		return []*fstmt{{at: at, kind: fReturn, retProc: b.curProc}}
	case *ast.GotoStmt:
		return []*fstmt{{at: b.where(s.Goto), kind: fGoto, gotoTo: s.Label.Name}}
	case *ast.CallStmt:
		f := &fstmt{at: b.where(s.Call), kind: fCall, callee: s.Proc.Name}
		c := &callS{at: f.at, to: s.Proc.Name}
		for _, a := range s.Args {
			if _, ok := a.(*ast.RefArg); ok {
				b.errorAt(b.where(a.Pos()), "ref arguments are Modular PlusCal, not PlusCal")
				return nil
			}
			c.args = append(c.args, sub.apply(b.expr(a)))
		}
		f.simple = c
		return []*fstmt{f}
	case *ast.MacroCall:
		at := b.where(s.Name.Pos())
		m := b.macros[s.Name.Name]
		if m == nil {
			b.errorAt(at, "Macro %s undefined", s.Name.Name)
			return nil
		}
		if len(m.params) != len(s.Args) {
			b.errorAt(at, "Macro %s called with wrong number of arguments", s.Name.Name)
			return nil
		}
		ms := &macroSubst{params: m.params}
		for _, a := range s.Args {
			ms.args = append(ms.args, sub.apply(b.expr(a)))
		}
		out := expandMacro(m.body, ms)
		if !b.fixReturns(out) {
			return nil
		}
		return out
	case *ast.YieldStmt:
		b.errorAt(b.where(s.Pos()), "yield is Modular PlusCal, not PlusCal")
		return nil
	}
	b.errorAt(b.where(s.Pos()), "unexpected statement")
	return nil
}

// lhs converts the left side of an assignment: the variable and the tokens of its
// subscripts and field selections.
func (b *builder) lhs(x ast.Expr, sub *macroSubst) *singleAssign {
	root := x
	for {
		switch r := root.(type) {
		case *ast.FuncApp:
			root = r.Func
			continue
		case *ast.FieldAccess:
			root = r.X
			continue
		}
		break
	}
	id, ok := root.(*ast.Ident)
	if !ok {
		b.errorAt(b.where(x.Pos()), "$variable is Modular PlusCal, not PlusCal")
		return nil
	}
	sa := &singleAssign{v: id.Name, at: b.where(id.Pos()), sub: &texpr{}}
	if root != x {
		if text, col, ok := b.span(id.End(), x.End()); ok {
			sa.sub, _ = tokenize(text, col)
		} else {
			full := printer.Expr(x)
			sa.sub, _ = tokenize(strings.TrimPrefix(full, id.Name), 0)
		}
	}
	if sub != nil {
		sa.sub = sub.apply(sa.sub)
		if r, ok := sub.lookup(sa.v); ok {
			if r.single() && r.lines[0][0].kind == tIdent {
				sa.v = r.lines[0][0].s
			}
		}
	}
	return sa
}

// ---------------------------------------------------------------------------------------------
// Macros

// macroSubst replaces macro parameters by the call's arguments.
type macroSubst struct {
	params []string
	args   []*texpr
}

func (m *macroSubst) lookup(name string) (*texpr, bool) {
	if m == nil {
		return nil, false
	}
	for i, p := range m.params {
		if p == name {
			return m.args[i], true
		}
	}
	return nil, false
}

// apply substitutes the arguments into e. A multi-token argument is parenthesised unless it
// replaces the whole expression (two_phase_commit, fair_procs_minus).
func (m *macroSubst) apply(e *texpr) *texpr {
	if m == nil || e == nil || len(m.params) == 0 {
		return e
	}
	whole := e.single()
	return e.substitute(func(i, j int) ([]tok, bool) {
		t := e.lines[i][j]
		if t.kind != tIdent {
			return nil, false
		}
		arg, ok := m.lookup(t.s)
		if !ok {
			return nil, false
		}
		ts := arg.flatTokens()
		if len(ts) > 1 && !whole {
			out := []tok{{s: "(", kind: tOp}}
			for _, x := range ts {
				x.col++
				out = append(out, x)
			}
			last := ts[len(ts)-1]
			out = append(out, tok{s: ")", kind: tOp, col: last.col + last.width() + 1})
			return out, true
		}
		return ts, true
	})
}

// expandMacro copies a macro body with the arguments substituted.
func expandMacro(body []*fstmt, m *macroSubst) []*fstmt {
	out := make([]*fstmt, 0, len(body))
	for _, s := range body {
		out = append(out, s.substituted(m))
	}
	return out
}

func (s *fstmt) substituted(m *macroSubst) *fstmt {
	c := *s
	c.test = m.apply(s.test)
	c.branches = nil
	for _, br := range s.branches {
		c.branches = append(c.branches, expandMacro(br, m))
	}
	c.binds = nil
	for _, d := range s.binds {
		nd := *d
		nd.val = m.apply(d.val)
		c.binds = append(c.binds, &nd)
	}
	switch x := s.simple.(type) {
	case *assignS:
		a := &assignS{at: x.at}
		c.assigns = nil
		for _, p := range x.ass {
			np := &singleAssign{v: p.v, at: p.at, sub: m.apply(p.sub), rhs: m.apply(p.rhs)}
			if r, ok := m.lookup(p.v); ok && r.single() && r.lines[0][0].kind == tIdent {
				np.v = r.lines[0][0].s
			}
			a.ass = append(a.ass, np)
			c.assigns = append(c.assigns, np.v)
		}
		c.simple = a
	case *whenS:
		c.simple = &whenS{at: x.at, exp: m.apply(x.exp)}
	case *printS:
		c.simple = &printS{at: x.at, exp: m.apply(x.exp)}
	case *assertS:
		c.simple = &assertS{at: x.at, exp: m.apply(x.exp)}
	case *callS:
		nc := &callS{at: x.at, to: x.to}
		for _, a := range x.args {
			nc.args = append(nc.args, m.apply(a))
		}
		c.simple = nc
	}
	return &c
}

// fixReturns sets the procedure of the return statements of an expanded macro body.
func (b *builder) fixReturns(list []*fstmt) bool {
	for _, s := range list {
		if s.kind == fReturn {
			if b.curProc == "" {
				b.errorAt(s.at, "return statement not in a procedure")
				return false
			}
			s.retProc = b.curProc
		}
		for _, br := range s.branches {
			if !b.fixReturns(br) {
				return false
			}
		}
	}
	return true
}

func printerUnit(u ast.Unit) string { return printer.String(u) }
