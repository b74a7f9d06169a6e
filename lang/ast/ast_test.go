package ast_test

import (
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

func id(pos int, name string) *ast.Ident { return &ast.Ident{NamePos: token.Pos(pos), Name: name} }

func TestEqualIgnoresPositions(t *testing.T) {
	a := &ast.OpApp{Fix: token.Infix, Op: id(3, "+"), Args: []ast.Expr{id(1, "a"), id(5, "b")}}
	b := &ast.OpApp{Fix: token.Infix, Op: id(30, "+"), Args: []ast.Expr{id(10, "a"), id(50, "b")}}
	if !ast.Equal(a, b) || ast.Diff(a, b) != "" {
		t.Errorf("positions compared")
	}
	b.Args[1] = id(50, "c")
	if ast.Equal(a, b) {
		t.Errorf("names not compared")
	}
	if d := ast.Diff(a, b); !strings.Contains(d, "Args") || !strings.Contains(d, `"b" vs "c"`) {
		t.Errorf("diff %q", d)
	}
	j1 := &ast.JunctionList{Kind: ast.Conj, Column: 4, Bullets: []token.Pos{1, 9}, Items: []ast.Expr{id(2, "x"), id(10, "y")}}
	j2 := &ast.JunctionList{Kind: ast.Conj, Column: 8, Bullets: []token.Pos{3, 7}, Items: []ast.Expr{id(4, "x"), id(8, "y")}}
	if !ast.Equal(j1, j2) {
		t.Errorf("junction layout compared: %s", ast.Diff(j1, j2))
	}
	j2.Kind = ast.Disj
	if ast.Equal(j1, j2) {
		t.Errorf("junction kind ignored")
	}
	if !ast.Equal(&ast.SetEnum{}, &ast.SetEnum{Elems: []ast.Expr{}}) {
		t.Errorf("nil vs empty slice")
	}
}

func TestInspectAndSpans(t *testing.T) {
	// F(a)[1] with explicit positions: F at 1, ( at 2, a at 3, ) at 4, [ at 5, 1 at 6, ] at 7
	app := &ast.OpApp{Fix: token.Named, Op: id(1, "F"), Args: []ast.Expr{id(3, "a")}, Lparen: 2, Rparen: 4}
	x := &ast.FuncApp{Func: app, Lbrack: 5, Args: []ast.Expr{&ast.NumberLit{ValuePos: 6, Text: "1"}}, Rbrack: 7}
	if x.Pos() != 1 || x.End() != 8 || app.End() != 5 {
		t.Errorf("spans %d %d %d", x.Pos(), x.End(), app.End())
	}
	var names []string
	ast.Inspect(x, func(n ast.Node) bool {
		if i, ok := n.(*ast.Ident); ok {
			names = append(names, i.Name)
		}
		return true
	})
	if strings.Join(names, ",") != "F,a" {
		t.Errorf("visited %v", names)
	}
	n := &ast.NumberLit{Text: `\h1F`, Kind: ast.Hex}
	if n.Int().Int64() != 31 {
		t.Errorf("hex value")
	}
	if (&ast.NumberLit{Text: `\b101`, Kind: ast.Binary}).Int().Int64() != 5 ||
		(&ast.NumberLit{Text: `\o17`, Kind: ast.Octal}).Int().Int64() != 15 ||
		(&ast.NumberLit{Text: "1.5", Kind: ast.Real}).Int() != nil {
		t.Errorf("number values")
	}
}
