package normalize_test

import (
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/normalize"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/printer"
	"github.com/mpgo/mpgo/lang/token"
)

func parseAlg(t *testing.T, alg string) *ast.Algorithm {
	t.Helper()
	src := "---- MODULE M ----\n(* " + alg + "\n*)\n\\* BEGIN TRANSLATION\n====\n"
	a, err := parser.ParseAlgorithm(token.NewFileSet(), "m.tla", []byte(src), 0)
	if err != nil {
		t.Fatalf("%v\n%s", err, alg)
	}
	return a
}

func TestNamer(t *testing.T) {
	n := normalize.NewNamer()
	n.Reserve("x", "x0", "msg")
	for _, tc := range []struct{ base, want string }{
		{"x", "x1"}, {"x", "x2"}, {"y", "y"}, {"y", "y0"}, {"msg", "msg0"}, {"msg0", "msg00"},
		{"self", "self0"}, {"+", "tmp"}, {"", "tmp0"}, {"IF", "IF0"},
	} {
		if got := n.Fresh(tc.base); got != tc.want {
			t.Errorf("Fresh(%q) = %q, want %q", tc.base, got, tc.want)
		}
	}
	// deterministic: the same calls give the same names
	a, b := normalize.NewNamer(), normalize.NewNamer()
	for _, s := range []string{"v", "v", "w", "v0"} {
		if x, y := a.Fresh(s), b.Fresh(s); x != y {
			t.Errorf("not deterministic: %s vs %s", x, y)
		}
	}
}

func TestExpandProblemsAndSites(t *testing.T) {
	alg := parseAlg(t, `--mpcal M {
  macro Set(v, e) { v := e + free; }
  macro Bad() { l: skip; }
  macro A() { B(); }
  macro B() { A(); }
  archetype X(ref r) variables free = 1; {
    a: Set(r, 1);
    b: Set(r + 1, 2);
    c: Nope();
    d: Set(r);
    e: A();
    f: Bad();
  }
}`)
	exp := normalize.ExpandMacros(alg, nil)
	var kinds []string
	for _, p := range exp.Problems {
		kinds = append(kinds, p.Kind)
	}
	want := "LabelForbiddenError RecursiveMacroError MacroExpandAssignmentLhsError MacroLookupError ArgumentCountMismatchError"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("problems %q, want %q", got, want)
	}
	if len(exp.Algorithm.Macros) != 0 {
		t.Errorf("macro definitions kept")
	}
	// the input is not changed
	if _, ok := alg.Archetypes[0].Body.Stmts[0].(*ast.LabeledStmt).Stmts[0].(*ast.MacroCall); !ok {
		t.Errorf("input modified")
	}
	a := exp.Algorithm.Archetypes[0].Body.Stmts[0].(*ast.LabeledStmt)
	as, ok := a.Stmts[0].(*ast.AssignStmt)
	if !ok {
		t.Fatalf("a: %s", printer.String(a))
	}
	if exp.Sites[as] == nil || exp.Sites[as].Name.Name != "Set" {
		t.Errorf("no site for the expanded statement")
	}
	free := 0
	for id, call := range exp.Free {
		if id.Name == "free" && call.Name.Name == "Set" {
			free++
		}
	}
	if free == 0 {
		t.Errorf("free identifier not recorded")
	}
	// the expansion of Bad keeps its statement but drops the label
	f := exp.Algorithm.Archetypes[0].Body.Stmts[5].(*ast.LabeledStmt)
	if _, ok := f.Stmts[0].(*ast.SkipStmt); !ok || len(f.Stmts) != 1 {
		t.Errorf("f: %s", printer.String(f))
	}
}

func TestExpandBudget(t *testing.T) {
	// 2^30 statements if fully expanded: the expander must stop early
	var b strings.Builder
	b.WriteString("--mpcal M {\n  macro M0() { skip; }\n")
	for i := 1; i <= 30; i++ {
		b.WriteString("  macro M" + itoa(i) + "() { M" + itoa(i-1) + "(); M" + itoa(i-1) + "(); }\n")
	}
	b.WriteString("  archetype A() { a: M30(); }\n}")
	exp := normalize.ExpandMacros(parseAlg(t, b.String()), nil)
	found := false
	for _, p := range exp.Problems {
		found = found || p.Kind == "RecursiveMacroError"
	}
	if !found {
		t.Errorf("no error for an oversized expansion")
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestFlattenRejectsUncheckedInput(t *testing.T) {
	for _, src := range []string{
		`--mpcal M { archetype A() { x := 1; } }`,
		`--mpcal M { archetype A() { a: x := 1; while (TRUE) { skip; }; } }`,
		`--mpcal M { archetype A() { a: goto a; x := 1; } }`,
		`--mpcal M { archetype A() { a: call P(); x := 1; } }`,
		`--mpcal M { archetype A() { a: if (TRUE) { b: skip; }; x := 1; } }`,
	} {
		if _, err := normalize.Flatten(parseAlg(t, src)); err == nil {
			t.Errorf("no error for %s", src)
		}
	}
}

func TestFlattenKeepsUnlabeledUniprocess(t *testing.T) {
	alg := parseAlg(t, `--algorithm M { variables x = 0; { while (x < 3) { x := x + 1; }; } }`)
	out, err := normalize.Flatten(alg)
	if err != nil {
		t.Fatal(err)
	}
	if out.Body != alg.Body {
		t.Errorf("auto-labeled body was changed")
	}
}

func TestBodies(t *testing.T) {
	alg := parseAlg(t, `--mpcal M {
  procedure P() { p: return; }
  archetype A() { a: skip; b: skip; }
  variables g = 0;
  process (Q = 1) { q: skip; }
}`)
	flat, err := normalize.Flatten(alg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range normalize.Bodies(flat) {
		s := b.Name + "/" + b.After + ":"
		for _, sec := range b.Sections {
			s += " " + sec.Label.Name
		}
		got = append(got, s)
	}
	if g := strings.Join(got, "; "); g != "P/Error: p; A/Done: a b; Q/Done: q" {
		t.Errorf("bodies: %s", g)
	}
}

func TestChoicePoints(t *testing.T) {
	alg := parseAlg(t, `--mpcal M {
  archetype A() {
    a: with (x \in {1, 2}, y = 3) {
         either { with (z \in {x}) { skip; }; } or { either { skip; } or { skip; }; };
       };
       either { skip; } or { skip; };
  }
}`)
	sec := alg.Archetypes[0].Body.Stmts[0].(*ast.LabeledStmt)
	ids := normalize.ChoicePoints(sec)
	w := sec.Stmts[0].(*ast.WithStmt)
	outer := w.Body.Stmts[0].(*ast.EitherStmt)
	inner := outer.Branches[1].Stmts[0].(*ast.EitherStmt)
	last := sec.Stmts[1].(*ast.EitherStmt)
	z := outer.Branches[0].Stmts[0].(*ast.WithStmt).Decls[0]
	x := w.Decls[0]
	want := map[ast.Node]int{inner: 0, outer: 1, last: 2, z: 3, x: 4}
	if len(ids) != len(want) {
		t.Errorf("got %d choice points, want %d", len(ids), len(want))
	}
	for n, id := range want {
		if ids[n] != id {
			t.Errorf("%T: id %d, want %d", n, ids[n], id)
		}
	}
}

func TestDesugarSingleAssignmentUnchanged(t *testing.T) {
	s := &ast.AssignStmt{Pairs: []*ast.AssignPair{{Lhs: &ast.Ident{Name: "x"}, Rhs: &ast.Ident{Name: "y"}}}}
	out := normalize.DesugarAssign(s, nil, normalize.ParallelOptions{})
	if len(out) != 1 || out[0] != s {
		t.Errorf("single assignment changed")
	}
	lit := &ast.AssignStmt{Pairs: []*ast.AssignPair{
		{Lhs: &ast.Ident{Name: "x"}, Rhs: &ast.NumberLit{Text: "1"}},
		{Lhs: &ast.Ident{Name: "y"}, Rhs: &ast.NumberLit{Text: "2"}}}}
	out = normalize.DesugarAssign(lit, nil, normalize.ParallelOptions{})
	if len(out) != 2 {
		t.Errorf("literal pairs: %d statements", len(out))
	}
}

func TestCloneIsDeep(t *testing.T) {
	x, err := parser.ParseExpr(`\A i \in S : [f EXCEPT ![i].g = LET h(a) == a IN h(@)] = {x \in T : x > i}`)
	if err != nil {
		t.Fatal(err)
	}
	y := normalize.CloneExpr(x)
	if d := ast.Diff(x, y); d != "" {
		t.Fatalf("clone differs: %s", d)
	}
	seen := map[ast.Node]bool{}
	ast.Inspect(x, func(n ast.Node) bool { seen[n] = true; return true })
	ast.Inspect(y, func(n ast.Node) bool {
		if n != nil && seen[n] {
			t.Errorf("shared node %T", n)
		}
		return true
	})
}
