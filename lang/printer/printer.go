package printer

import (
	"fmt"
	"io"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// Style selects how expressions are rendered.
type Style uint8

// Styles.
const (
	// Source renders expressions as they were written (grouping comes from ParenExpr nodes),
	// so the output re-parses to the same tree.
	Source Style = iota
	// FullyParenthesized wraps every operand (mpcal.md §6.8): (a) op (b), op (a), (f)[i],
	// (r).fld, (a) \X (b), CASE in parentheses, the empty record as [ ].
	FullyParenthesized
)

// Config controls printing.
type Config struct {
	Style Style
	// Indent is the indentation unit of algorithm statements (default 2 spaces).
	Indent int
}

// Fprint writes node (a module, unit, expression, algorithm, declaration or statement) to w.
func (c Config) Fprint(w io.Writer, node ast.Node) error {
	p := c.newPrinter()
	if x, ok := node.(ast.Expr); ok && c.Style == Source && leadingJunction(x) {
		p.str(" ") // room left of the bullets for the operator that ends the list
	}
	if err := p.node(node); err != nil {
		return err
	}
	_, err := io.WriteString(w, p.b.String())
	return err
}

// Fprint writes node in Source style.
func Fprint(w io.Writer, node ast.Node) error { return Config{}.Fprint(w, node) }

// String renders node in Source style ("" for unsupported nodes).
func String(node ast.Node) string {
	var b strings.Builder
	if err := Fprint(&b, node); err != nil {
		return ""
	}
	return b.String()
}

// Expr renders an expression in Source style (for messages, e.g. assertion text).
func Expr(x ast.Expr) string { return String(x) }

// ExprParen renders an expression fully parenthesised (mpcal.md §6.8).
func ExprParen(x ast.Expr) string {
	var b strings.Builder
	if err := (Config{Style: FullyParenthesized}).Fprint(&b, x); err != nil {
		return ""
	}
	return b.String()
}

// Module renders a module.
func Module(m *ast.Module) string { return String(m) }

// Algorithm renders a PlusCal or MPCal algorithm in the syntax it was written in.
func Algorithm(a *ast.Algorithm) string { return String(a) }

type printer struct {
	b      strings.Builder
	col    int // 0-based byte column of the next output byte
	style  Style
	indent int // current statement indentation
	unit   int // indentation unit
	lastJ  int // bullet column of a junction list that ends the output so far, or -1
}

func (c Config) newPrinter() *printer {
	u := c.Indent
	if u <= 0 {
		u = 2
	}
	return &printer{style: c.Style, unit: u, lastJ: -1}
}

func (p *printer) str(s string) {
	if s == "" {
		return
	}
	p.b.WriteString(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		p.col = len(s) - i - 1
	} else {
		p.col += len(s)
	}
	p.lastJ = -1
}

// newline ends the line and indents the next to col.
func (p *printer) newline(col int) {
	p.b.WriteByte('\n')
	p.b.WriteString(strings.Repeat(" ", col))
	p.col = col
	p.lastJ = -1
}

func (p *printer) node(n ast.Node) error {
	switch n := n.(type) {
	case ast.Expr:
		p.expr(n)
	case *ast.Module:
		p.module(n)
		p.str("\n")
	case ast.Unit:
		p.unitText(n)
	case *ast.Algorithm:
		p.algorithm(n)
	case ast.Stmt:
		p.stmt(n, true)
	default:
		return fmt.Errorf("printer: unsupported node %T", n)
	}
	return nil
}

// ---------------------------------------------------------------------------------------------
// Expressions

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (p *printer) exprs(list []ast.Expr) {
	for i, x := range list {
		if i > 0 {
			p.str(", ")
		}
		p.expr(x)
	}
}

// operand prints x as an operand; in FullyParenthesized style it is wrapped.
func (p *printer) operand(x ast.Expr) {
	if p.style == FullyParenthesized {
		if _, ok := x.(*ast.ParenExpr); !ok {
			p.str("(")
			p.expr(x)
			p.str(")")
			return
		}
	}
	p.expr(x)
}

// infixSym prints an infix operator after a left operand; after a junction list the
// operator goes to a new line left of the list's bullets so that it ends the list.
func (p *printer) infixSym(sym string) {
	if p.lastJ >= 0 {
		p.newline(max(p.lastJ-1, 0))
		p.str(sym + " ")
		return
	}
	p.str(" " + sym + " ")
}

// leadingJunction reports whether x starts with a junction list that an operator follows.
func leadingJunction(x ast.Expr) bool {
	for {
		switch y := x.(type) {
		case *ast.OpApp:
			if y.Fix != token.Infix && y.Fix != token.Postfix {
				return false
			}
			if _, ok := y.Args[0].(*ast.JunctionList); ok {
				return true
			}
			x = y.Args[0]
		case *ast.CrossExpr:
			if _, ok := y.Factors[0].(*ast.JunctionList); ok {
				return true
			}
			x = y.Factors[0]
		default:
			return false
		}
	}
}

func isWordOp(s string) bool {
	return s != "" && (s[0] >= 'A' && s[0] <= 'Z' || s[0] == '\\')
}

// tight reports whether a prefix operator may be written directly before x.
func tight(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.NumberLit, *ast.ParenExpr, *ast.StringLit, *ast.SetEnum, *ast.SetMap,
		*ast.SetFilter, *ast.TupleExpr, *ast.FuncConstr, *ast.FuncSet, *ast.RecordExpr,
		*ast.RecordSet, *ast.ExceptExpr, *ast.SubscriptExpr:
		return true
	case *ast.FuncApp:
		return tight(x.Func)
	case *ast.FieldAccess:
		return tight(x.X)
	case *ast.OpApp:
		return x.Fix == token.Named || x.Fix == token.Postfix && tight(x.Args[0])
	}
	return false
}

func (p *printer) bound(b *ast.Bound) {
	if b.Tuple {
		p.str("<<")
		p.idents(b.Names)
		p.str(">>")
	} else {
		p.idents(b.Names)
	}
	if b.Set != nil {
		p.str(` \in `)
		p.expr(b.Set)
	}
}

func (p *printer) bounds(list []*ast.Bound) {
	for i, b := range list {
		if i > 0 {
			p.str(", ")
		}
		p.bound(b)
	}
}

func (p *printer) idents(list []*ast.Ident) {
	for i, id := range list {
		if i > 0 {
			p.str(", ")
		}
		p.str(id.Name)
	}
}

func (p *printer) expr(x ast.Expr) {
	full := p.style == FullyParenthesized
	switch x := x.(type) {
	case nil:
		p.str("<nil>")
	case *ast.Ident:
		p.str(x.Name)
	case *ast.NumberLit:
		p.str(x.Text)
	case *ast.StringLit:
		p.str(quote(x.Value))
	case *ast.ParenExpr:
		p.str("(")
		p.expr(x.X)
		p.str(")")
	case *ast.OpApp:
		p.opApp(x)
	case *ast.QuantExpr:
		if x.Kind == ast.ForAll {
			p.str(`\A `)
		} else {
			p.str(`\E `)
		}
		p.bounds(x.Bounds)
		p.str(" : ")
		p.expr(x.Body)
	case *ast.TemporalQuantExpr:
		if x.Kind == ast.ForAll {
			p.str(`\AA `)
		} else {
			p.str(`\EE `)
		}
		p.idents(x.Names)
		p.str(" : ")
		p.expr(x.Body)
	case *ast.ChooseExpr:
		p.str("CHOOSE ")
		p.bound(x.Bound)
		p.str(" : ")
		p.expr(x.Body)
	case *ast.SetEnum:
		p.str("{")
		p.exprs(x.Elems)
		p.str("}")
	case *ast.SetFilter:
		p.str("{")
		p.bound(x.Bound)
		p.str(" : ")
		p.expr(x.Pred)
		p.str("}")
	case *ast.SetMap:
		p.str("{")
		p.expr(x.Elem)
		p.str(" : ")
		p.bounds(x.Bounds)
		p.str("}")
	case *ast.TupleExpr:
		p.str("<<")
		p.exprs(x.Elems)
		p.str(">>")
	case *ast.FuncConstr:
		p.str("[")
		p.bounds(x.Bounds)
		p.str(" |-> ")
		p.expr(x.Body)
		p.str("]")
	case *ast.FuncSet:
		p.str("[")
		p.expr(x.Dom)
		p.str(" -> ")
		p.expr(x.Range)
		p.str("]")
	case *ast.RecordExpr:
		if len(x.Fields) == 0 {
			p.str("[ ]")
			break
		}
		p.fields(x.Fields, " |-> ")
	case *ast.RecordSet:
		p.fields(x.Fields, " : ")
	case *ast.ExceptExpr:
		p.str("[")
		p.expr(x.Func)
		p.str(" EXCEPT ")
		for i, u := range x.Updates {
			if i > 0 {
				p.str(", ")
			}
			p.str("!")
			for _, s := range u.Path {
				if s.Field != nil {
					p.str("." + s.Field.Name)
				} else {
					p.str("[")
					p.exprs(s.Args)
					p.str("]")
				}
			}
			p.str(" = ")
			p.expr(u.Value)
		}
		p.str("]")
	case *ast.AtExpr:
		p.str("@")
	case *ast.FuncApp:
		if full {
			p.operand(x.Func)
		} else {
			p.expr(x.Func)
		}
		p.str("[")
		p.exprs(x.Args)
		p.str("]")
	case *ast.FieldAccess:
		if full {
			p.operand(x.X)
		} else {
			p.expr(x.X)
			if _, num := x.X.(*ast.NumberLit); num {
				p.str(" ") // 1.f would read as a decimal
			}
		}
		p.str("." + x.Field.Name)
	case *ast.CrossExpr:
		for i, f := range x.Factors {
			if i > 0 {
				p.infixSym(x.Ops[i-1].Name)
			}
			p.operand(f)
		}
	case *ast.IfExpr:
		p.str("IF ")
		p.expr(x.Cond)
		p.str(" THEN ")
		p.expr(x.Then)
		p.str(" ELSE ")
		p.expr(x.Else)
	case *ast.CaseExpr:
		if full {
			p.str("(")
		}
		p.str("CASE ")
		for i, a := range x.Arms {
			if i > 0 {
				p.str(" [] ")
			}
			p.expr(a.Cond)
			p.str(" -> ")
			p.expr(a.Value)
		}
		if x.Other != nil {
			p.str(" [] OTHER -> ")
			p.expr(x.Other)
		}
		if full {
			p.str(")")
		}
	case *ast.LetExpr:
		p.str("LET ")
		col := p.col
		for i, d := range x.Defs {
			if i > 0 {
				p.newline(col)
			}
			p.unitText(d)
		}
		p.str(" IN ")
		p.expr(x.Body)
	case *ast.LambdaExpr:
		p.str("LAMBDA ")
		p.idents(x.Params)
		p.str(" : ")
		p.expr(x.Body)
	case *ast.SubscriptExpr:
		if x.Kind == ast.BoxAction {
			p.str("[")
			p.expr(x.Action)
			p.str("]_")
		} else {
			p.str("<<")
			p.expr(x.Action)
			p.str(">>_")
		}
		p.expr(x.Sub)
	case *ast.FairnessExpr:
		if x.Kind == ast.WF {
			p.str("WF_")
		} else {
			p.str("SF_")
		}
		p.expr(x.Sub)
		p.str("(")
		p.expr(x.Action)
		p.str(")")
	case *ast.JunctionList:
		p.junction(x)
	case *ast.SpecialVar:
		if x.Value {
			p.str("$value")
		} else {
			p.str("$variable")
		}
	case *ast.RefArg:
		p.str("ref " + x.Name.Name + strings.Repeat("[_]", x.Depth))
	case *ast.BadExpr:
		p.str("<bad expression>")
	default:
		p.str(fmt.Sprintf("<%T>", x))
	}
}

func (p *printer) fields(list []*ast.FieldInit, sep string) {
	p.str("[")
	for i, f := range list {
		if i > 0 {
			p.str(", ")
		}
		p.str(f.Name.Name + sep)
		p.expr(f.Value)
	}
	p.str("]")
}

func (p *printer) junction(x *ast.JunctionList) {
	if p.style == FullyParenthesized {
		// a left fold of parenthesised binary applications
		for i := 1; i < len(x.Items); i++ {
			p.str("(")
		}
		for i, it := range x.Items {
			if i > 0 {
				p.str(" " + x.Kind.Bullet() + " ")
			}
			p.operand(it)
			if i > 0 {
				p.str(")")
			}
		}
		return
	}
	col := p.col
	for i, it := range x.Items {
		if i > 0 {
			p.newline(col)
		}
		p.str(x.Kind.Bullet() + " ")
		p.expr(it)
	}
	p.lastJ = col
}

func (p *printer) opApp(x *ast.OpApp) {
	full := p.style == FullyParenthesized
	switch x.Fix {
	case token.Named:
		for _, s := range x.Prefix {
			p.str(s.Name.Name)
			if len(s.Args) > 0 {
				p.str("(")
				p.exprs(s.Args)
				p.str(")")
			}
			p.str("!")
		}
		p.str(x.Op.Name)
		if len(x.Args) > 0 {
			p.str("(")
			p.exprs(x.Args)
			p.str(")")
		}
	case token.Prefix:
		sym := x.Op.Name
		arg := x.Args[0]
		switch {
		case full:
			p.str(sym + " ")
			p.operand(arg)
			return
		case isWordOp(sym) || !tight(arg):
			p.str(sym + " ")
		default:
			p.str(sym)
		}
		p.expr(arg)
	case token.Infix:
		p.operand(x.Args[0])
		p.infixSym(x.Op.Name)
		p.operand(x.Args[1])
	case token.Postfix:
		p.operand(x.Args[0])
		if p.lastJ >= 0 {
			p.newline(max(p.lastJ-1, 0))
		}
		p.str(x.Op.Name)
	}
}
