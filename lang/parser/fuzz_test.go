package parser_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/printer"
	"github.com/mpgo/mpgo/lang/token"
)

var fuzzSeeds = []string{
	"---- MODULE A ----\nX == 1\n====\n",
	"---- MODULE A ----\nEXTENDS Naturals\nCONSTANTS C, F(_, _)\nVARIABLE x\nInit == /\\ x = 0\n        /\\ TRUE\n====\n",
	"---- MODULE A ----\n(* --algorithm A { variables x = 0; { a: x := 1 || y := 2; } } *)\n====\n",
	"---- MODULE A ----\n(* --mpcal A { archetype B(ref x[_]) { l: x[1] := 2; } variables g; fair process (P = 1) == instance B(ref g[_]) mapping g[_] via M; } *)\n\\* BEGIN TRANSLATION\n====\n",
	"---- MODULE A ----\n(* --algorithm P\nvariables x = 0;\nprocedure F(a) begin f: return; end procedure;\nfair process w \\in 1..2 begin\n  w1: if x = 0 then x := 1; elsif x = 1 then call F(x); else skip; end if;\n  w2: either with y \\in {1} do x := y; end with; or await x > 0; end either;\nend process;\nend algorithm *)\n====\n",
	"---- MODULE A ----\n(* --mpcal M { mapping macro C { read { yield $variable; } write { yield $value; } } archetype A(ref a[_], b, ref c^) variables t; { l: a[b] := t; } fair+ process (P \\in {1}) == instance A(ref g[_], 1, ref g) mapping @1[_] via C; }\n*)\n\\* BEGIN TRANSLATION\n====\n",
	"---- MODULE A ----\nf[x \\in S] == [y \\in T |-> <<x, y>>]\nG == LET a == 1 IN CASE a -> {x \\in S : x} [] OTHER -> [r EXCEPT !.a = @]\n====\n",
}

func checkNoInternal(t *testing.T, err error) {
	if err != nil && strings.Contains(err.Error(), "internal parser error") {
		t.Fatalf("parser panicked: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	specs, err := corpus.AllSpecs()
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range specs {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "f.tla", []byte(src), parser.WithAlgorithm)
		checkNoInternal(t, err)
		_, err = parser.ParseFile(fset, "f.tla", []byte(src), parser.StopAtTranslation|parser.WithAlgorithm|parser.PlusCalOnly)
		checkNoInternal(t, err)
		x, err := parser.ParseExpr(src)
		checkNoInternal(t, err)
		if err == nil {
			out := printer.Expr(x)
			y, err := parser.ParseExpr(out)
			if err != nil {
				t.Fatalf("printed expression does not parse: %v\n%s", err, out)
			}
			if d := ast.Diff(x, y); d != "" {
				t.Fatalf("expression round trip: %s\n%s", d, out)
			}
		}
		// round trip of whatever parsed cleanly
		m, err := parser.ParseModule(fset, "f.tla", []byte(src), 0)
		if err == nil && m != nil {
			out := printer.Module(m)
			m2, err := parser.ParseModule(fset, "p.tla", []byte(out), 0)
			if err != nil {
				t.Fatalf("printed module does not parse: %v\n%s", err, out)
			}
			if d := ast.Diff(m, m2); d != "" {
				t.Fatalf("module round trip: %s\n%s", d, out)
			}
		}
		if file != nil && file.Algorithm != nil {
			a, err := parser.ParseAlgorithm(fset, "f.tla", []byte(src), 0)
			if err == nil {
				out := printer.Algorithm(a)
				a2, err := parser.ParseAlgorithm(fset, "a.tla", []byte("---- MODULE X ----\n(* "+out+"\n*)\n====\n"), 0)
				if err != nil {
					t.Fatalf("printed algorithm does not parse: %v\n%s", err, out)
				}
				if d := ast.Diff(a, a2); d != "" {
					t.Fatalf("algorithm round trip: %s\n%s", d, out)
				}
			}
		}
	})
}
