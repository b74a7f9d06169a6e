package parser

import (
	"fmt"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// sexpr renders a tree as an S-expression so tests can state its shape compactly.
func sexpr(n ast.Node) string {
	var b strings.Builder
	writeS(&b, n)
	return b.String()
}

func list(b *strings.Builder, head string, items ...func()) {
	b.WriteString("(" + head)
	for _, f := range items {
		b.WriteByte(' ')
		f()
	}
	b.WriteByte(')')
}

func each[T ast.Node](b *strings.Builder, xs []T) []func() {
	var fs []func()
	for _, x := range xs {
		x := x
		fs = append(fs, func() { writeS(b, x) })
	}
	return fs
}

func writeBound(b *strings.Builder, bd *ast.Bound) {
	var names []string
	for _, n := range bd.Names {
		names = append(names, n.Name)
	}
	s := strings.Join(names, ",")
	if bd.Tuple {
		s = "<<" + s + ">>"
	}
	b.WriteString(s)
	if bd.Set != nil {
		b.WriteString(`\in`)
		writeS(b, bd.Set)
	}
}

func writeS(b *strings.Builder, n ast.Node) {
	switch x := n.(type) {
	case *ast.Ident:
		b.WriteString(x.Name)
	case *ast.NumberLit:
		b.WriteString(x.Text)
	case *ast.StringLit:
		fmt.Fprintf(b, "%q", x.Value)
	case *ast.ParenExpr:
		list(b, "paren", func() { writeS(b, x.X) })
	case *ast.OpApp:
		head := x.Op.Name
		if x.Fix == token.Named && len(x.Prefix) > 0 {
			head = x.QualifiedName()
			for _, s := range x.Prefix {
				if len(s.Args) > 0 {
					head += fmt.Sprintf("/%s%d", s.Name.Name, len(s.Args))
				}
			}
		}
		if x.Fix == token.Postfix {
			head = "post" + head
		}
		list(b, head, each(b, x.Args)...)
	case *ast.JunctionList:
		list(b, "J"+x.Kind.Bullet(), each(b, x.Items)...)
	case *ast.QuantExpr:
		h := `\A`
		if x.Kind == ast.Exists {
			h = `\E`
		}
		var fs []func()
		for _, bd := range x.Bounds {
			bd := bd
			fs = append(fs, func() { writeBound(b, bd) })
		}
		fs = append(fs, func() { writeS(b, x.Body) })
		list(b, h, fs...)
	case *ast.ChooseExpr:
		list(b, "CHOOSE", func() { writeBound(b, x.Bound) }, func() { writeS(b, x.Body) })
	case *ast.SetEnum:
		list(b, "set", each(b, x.Elems)...)
	case *ast.SetFilter:
		list(b, "filter", func() { writeBound(b, x.Bound) }, func() { writeS(b, x.Pred) })
	case *ast.SetMap:
		fs := []func(){func() { writeS(b, x.Elem) }}
		for _, bd := range x.Bounds {
			bd := bd
			fs = append(fs, func() { writeBound(b, bd) })
		}
		list(b, "map", fs...)
	case *ast.TupleExpr:
		list(b, "tuple", each(b, x.Elems)...)
	case *ast.FuncConstr:
		var fs []func()
		for _, bd := range x.Bounds {
			bd := bd
			fs = append(fs, func() { writeBound(b, bd) })
		}
		fs = append(fs, func() { writeS(b, x.Body) })
		list(b, "fn", fs...)
	case *ast.FuncSet:
		list(b, "->", func() { writeS(b, x.Dom) }, func() { writeS(b, x.Range) })
	case *ast.RecordExpr:
		var fs []func()
		for _, f := range x.Fields {
			f := f
			fs = append(fs, func() { b.WriteString(f.Name.Name + "="); writeS(b, f.Value) })
		}
		list(b, "rec", fs...)
	case *ast.RecordSet:
		var fs []func()
		for _, f := range x.Fields {
			f := f
			fs = append(fs, func() { b.WriteString(f.Name.Name + ":"); writeS(b, f.Value) })
		}
		list(b, "recset", fs...)
	case *ast.ExceptExpr:
		fs := []func(){func() { writeS(b, x.Func) }}
		for _, u := range x.Updates {
			u := u
			fs = append(fs, func() {
				b.WriteString("!")
				for _, s := range u.Path {
					if s.Field != nil {
						b.WriteString("." + s.Field.Name)
					} else {
						b.WriteString("[")
						for i, a := range s.Args {
							if i > 0 {
								b.WriteString(",")
							}
							writeS(b, a)
						}
						b.WriteString("]")
					}
				}
				b.WriteString("=")
				writeS(b, u.Value)
			})
		}
		list(b, "except", fs...)
	case *ast.AtExpr:
		b.WriteString("@")
	case *ast.FuncApp:
		list(b, "app", append([]func(){func() { writeS(b, x.Func) }}, each(b, x.Args)...)...)
	case *ast.FieldAccess:
		list(b, "dot", func() { writeS(b, x.X) }, func() { b.WriteString(x.Field.Name) })
	case *ast.CrossExpr:
		list(b, `\X`, each(b, x.Factors)...)
	case *ast.IfExpr:
		list(b, "IF", func() { writeS(b, x.Cond) }, func() { writeS(b, x.Then) }, func() { writeS(b, x.Else) })
	case *ast.CaseExpr:
		var fs []func()
		for _, a := range x.Arms {
			a := a
			fs = append(fs, func() { list(b, "", func() { writeS(b, a.Cond) }, func() { writeS(b, a.Value) }) })
		}
		if x.Other != nil {
			fs = append(fs, func() { list(b, "OTHER", func() { writeS(b, x.Other) }) })
		}
		list(b, "CASE", fs...)
	case *ast.LetExpr:
		list(b, "LET", append(each(b, x.Defs), func() { writeS(b, x.Body) })...)
	case *ast.OpDef:
		var ps []string
		for _, p := range x.Params {
			ps = append(ps, p.Name.Name+strings.Repeat("_", p.Arity))
		}
		list(b, "def "+x.Name.Name+"("+strings.Join(ps, ",")+")", func() { writeS(b, x.Body) })
	case *ast.FuncDef:
		var fs []func()
		for _, bd := range x.Bounds {
			bd := bd
			fs = append(fs, func() { writeBound(b, bd) })
		}
		fs = append(fs, func() { writeS(b, x.Body) })
		list(b, "fdef "+x.Name.Name, fs...)
	case *ast.LambdaExpr:
		var ps []string
		for _, p := range x.Params {
			ps = append(ps, p.Name)
		}
		list(b, "LAMBDA "+strings.Join(ps, ","), func() { writeS(b, x.Body) })
	case *ast.SubscriptExpr:
		h := "[]_"
		if x.Kind == ast.AngleAction {
			h = "<<>>_"
		}
		list(b, h, func() { writeS(b, x.Action) }, func() { writeS(b, x.Sub) })
	case *ast.FairnessExpr:
		h := "WF"
		if x.Kind == ast.SF {
			h = "SF"
		}
		list(b, h, func() { writeS(b, x.Sub) }, func() { writeS(b, x.Action) })
	case *ast.TemporalQuantExpr:
		h := `\AA`
		if x.Kind == ast.Exists {
			h = `\EE`
		}
		list(b, h, append(each(b, x.Names), func() { writeS(b, x.Body) })...)
	case *ast.SpecialVar:
		if x.Value {
			b.WriteString("$value")
		} else {
			b.WriteString("$variable")
		}
	case *ast.RefArg:
		fmt.Fprintf(b, "ref:%s/%d", x.Name.Name, x.Depth)
	default:
		fmt.Fprintf(b, "<%T>", n)
	}
}
