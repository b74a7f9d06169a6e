package parser

import (
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

func wrapModule(alg string) string {
	return "---- MODULE T ----\nEXTENDS Naturals, Sequences, TLC\nCONSTANT N\n(* " + alg + "\n*)\n\\* BEGIN TRANSLATION\n\\* END TRANSLATION\n====\n"
}

func mustAlg(t *testing.T, alg string) *ast.Algorithm {
	t.Helper()
	src := wrapModule(alg)
	a, err := ParseAlgorithm(token.NewFileSet(), "t.tla", []byte(src), 0)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return a
}

const cAlg = `--algorithm A {
  variables x = 0, y \in {1, 2}; z;
  define {
    Inc(v) == v + 1
    Twice[n \in Nat] == 2 * n
  }
  macro M(a, b) { a := b; }
  procedure P(p1, p2 = 3)
    variables t = 0;
  {
    p: t := p1 + p2;
       return;
  }
  fair process (w \in 1..N)
    variables loc = 0;
  {
    l1:+ x := 1 || y := 2;
         z[1].f := 3;
    l2:- if (x = 1) { skip } else if (x = 2) { print x } else { assert x > 0 };
    l3: while (x < 3) {
          either { x := x + 1 } or { await x > 0 } or { when x > 1 };
        };
    l4: with (a \in {1, 2}, b = a + 1) { M(x, b) };
        call P(1, 2);
    l5: goto l1;
  }
  fair+ process (v = 7) { l6: skip; }
  process (u = 8) { l7: skip }
}`

const pAlg = `--algorithm A
  variables x = 0, y \in {1, 2}; z;
  define
    Inc(v) == v + 1
    Twice[n \in Nat] == 2 * n
  end define;
  macro M(a, b) begin a := b; end macro;
  procedure P(p1, p2 = 3)
    variables t = 0;
  begin
    p: t := p1 + p2;
       return;
  end procedure;
  fair process w \in 1..N
    variables loc = 0;
  begin
    l1:+ x := 1 || y := 2;
         z[1].f := 3;
    l2:- if x = 1 then skip; else if x = 2 then print x; else assert x > 0; end if; end if;
    l3: while x < 3 do
          either x := x + 1; or await x > 0; or when x > 1; end either;
        end while;
    l4: with a \in {1, 2}, b = a + 1 do M(x, b); end with;
        call P(1, 2);
    l5: goto l1;
  end process;
  fair+ process v = 7 begin l6: skip; end process;
  process (u = 8) begin l7: skip end process
end algorithm`

func TestPlusCalCSyntax(t *testing.T) {
	a := mustAlg(t, cAlg)
	if a.Kind != ast.PlusCal || a.Syntax != ast.CSyntax || a.Fair || a.Name.Name != "A" {
		t.Fatalf("header: %+v", a)
	}
	if len(a.Vars) != 3 || a.Vars[1].Kind != ast.DeclIn || a.Vars[2].Kind != ast.DeclPlain {
		t.Errorf("vars: %v", a.Vars)
	}
	if len(a.Define.Units) != 2 {
		t.Errorf("define: %d units", len(a.Define.Units))
	}
	if len(a.Macros) != 1 || len(a.Macros[0].Params) != 2 {
		t.Errorf("macros")
	}
	pr := a.Procedures[0]
	if len(pr.Params) != 2 || pr.Params[1].Default == nil || len(pr.Locals) != 1 || pr.MPCal {
		t.Errorf("procedure: %+v", pr)
	}
	if len(a.Processes) != 3 || a.Body != nil {
		t.Fatalf("processes: %d", len(a.Processes))
	}
	w := a.Processes[0]
	if w.Fairness != ast.WeakFair || w.Ident.Kind != ast.DeclIn || w.Ident.Name.Name != "w" {
		t.Errorf("process w: %+v", w)
	}
	if a.Processes[1].Fairness != ast.StrongFair || a.Processes[2].Fairness != ast.Unfair {
		t.Errorf("fairness")
	}
	stmts := w.Body.Stmts
	if len(stmts) != 5 {
		t.Fatalf("want 5 label groups, got %d", len(stmts))
	}
	l1 := stmts[0].(*ast.LabeledStmt)
	if l1.Label.Name != "l1" || l1.Modifier != ast.PlusModifier || len(l1.Stmts) != 2 {
		t.Errorf("l1: %+v", l1)
	}
	if as := l1.Stmts[0].(*ast.AssignStmt); len(as.Pairs) != 2 {
		t.Errorf("parallel assignment")
	}
	lhs := l1.Stmts[1].(*ast.AssignStmt).Pairs[0].Lhs
	if got := sexpr(lhs); got != "(dot (app z 1) f)" {
		t.Errorf("lhs %s", got)
	}
	l2 := stmts[1].(*ast.LabeledStmt)
	if l2.Modifier != ast.MinusModifier {
		t.Errorf("l2 modifier")
	}
	ifs := l2.Stmts[0].(*ast.IfStmt)
	inner := ifs.Else.Stmts[0].(*ast.IfStmt)
	if _, ok := inner.Else.Stmts[0].(*ast.AssertStmt); !ok {
		t.Errorf("else-if chain")
	}
	wh := stmts[2].(*ast.LabeledStmt).Stmts[0].(*ast.WhileStmt)
	ei := wh.Body.Stmts[0].(*ast.EitherStmt)
	if len(ei.Branches) != 3 || !ei.Branches[2].Stmts[0].(*ast.AwaitStmt).When {
		t.Errorf("either")
	}
	l4 := stmts[3].(*ast.LabeledStmt)
	with := l4.Stmts[0].(*ast.WithStmt)
	if len(with.Decls) != 2 || with.Decls[0].Kind != ast.DeclIn || with.Decls[1].Kind != ast.DeclEq {
		t.Errorf("with")
	}
	if _, ok := with.Body.Stmts[0].(*ast.MacroCall); !ok {
		t.Errorf("macro call")
	}
	if c := l4.Stmts[1].(*ast.CallStmt); c.Proc.Name != "P" || len(c.Args) != 2 {
		t.Errorf("call")
	}
	if g := stmts[4].(*ast.LabeledStmt).Stmts[0].(*ast.GotoStmt); g.Label.Name != "l1" {
		t.Errorf("goto")
	}
}

func TestPlusCalPSyntaxMatchesC(t *testing.T) {
	c := mustAlg(t, cAlg)
	p := mustAlg(t, pAlg)
	if p.Syntax != ast.PSyntax {
		t.Fatalf("syntax %v", p.Syntax)
	}
	p.Syntax = ast.CSyntax
	if d := ast.Diff(c, p); d != "" {
		t.Errorf("C and P syntax differ: %s", d)
	}
}

func TestPlusCalElsif(t *testing.T) {
	a := mustAlg(t, `--algorithm B
variables x = 0;
begin
  a: if x = 0 then x := 1;
     elsif x = 1 then x := 2;
     elsif x = 2 then x := 3;
     else x := 4;
     end if;
end algorithm`)
	if a.Body == nil || len(a.Processes) != 0 {
		t.Fatal("uniprocess body")
	}
	s := a.Body.Stmts[0].(*ast.LabeledStmt).Stmts[0].(*ast.IfStmt)
	depth := 0
	for s.Else != nil {
		inner, ok := s.Else.Stmts[0].(*ast.IfStmt)
		if !ok {
			break
		}
		if !inner.ElsIf {
			t.Errorf("elsif flag")
		}
		s = inner
		depth++
	}
	if depth != 2 {
		t.Errorf("elsif depth %d", depth)
	}
}

func TestFairAlgorithm(t *testing.T) {
	a := mustAlg(t, "--fair algorithm F { variables x = 0; { a: x := 1; b: x := 2 } }")
	if !a.Fair || a.Syntax != ast.CSyntax || len(a.Body.Stmts) != 2 {
		t.Errorf("%+v", a)
	}
}

func TestCSyntaxSingleStatementBodies(t *testing.T) {
	// a single statement may replace a block (pluscal-translation.md §14)
	a := mustAlg(t, `--algorithm S { variables x = 0, y = 5; { l: while (x < y) if (x < 2) x := x + 1 else y := y - 1; } }`)
	wh := a.Body.Stmts[0].(*ast.LabeledStmt).Stmts[0].(*ast.WhileStmt)
	ifs := wh.Body.Stmts[0].(*ast.IfStmt)
	if ifs.Else == nil || len(ifs.Then.Stmts) != 1 {
		t.Errorf("single statement bodies")
	}
}

const mpcalSpec = `---- MODULE M ----
EXTENDS Naturals, Sequences, TLC
CONSTANTS NUM_NODES, MK(_, _)
Helper(x) == x + 1

(* --mpcal M {
  define {
    Nodes == 1..NUM_NODES
  }
  macro Inc(x) { x := x + 1; }
  procedure Bump(ref counter, v)
    variables tmp = 0;
  {
    b1: counter := counter + v;
        return;
  }
  mapping macro Chan {
    read { await Len($variable) > 0;
           with (msg = Head($variable)) { $variable := Tail($variable); yield msg; } }
    write { yield Append($variable, $value); }
  }
  mapping macro Ident { read { yield $variable; } write { yield $value; } }
  archetype AServer(ref net[_], ref out, val, ref odd^)
    variables got = 0, seen \in {1, 2};
  {
    s1: got := net[self];
        out := got;
    s2: call Bump(ref out, 1);
  }
  variables network = [i \in Nodes |-> <<>>], sink = 0, flag;
  fair process (Server \in Nodes) == instance AServer(ref network[_], ref sink, 3, ref flag)
    mapping network[_] via Chan
    mapping @2 via Ident;
  fair+ process (Other = 0) == instance AServer(ref network[_], ref sink, 4, ref flag);
  procedure Plain(a) { pp: print a; return; }
  process (Extra = 99) variables k = 0; { e: call Plain(k); }
}

\* BEGIN PLUSCAL TRANSLATION
--algorithm M {
  { a: skip; }
}
\* END PLUSCAL TRANSLATION
*)

\* BEGIN TRANSLATION
VARIABLES pc
\* END TRANSLATION

Inv == TRUE
====
`

func TestMPCal(t *testing.T) {
	fset := token.NewFileSet()
	f, err := ParseFile(fset, "m.tla", []byte(mpcalSpec), StopAtTranslation|WithAlgorithm)
	if err != nil {
		t.Fatal(err)
	}
	a := f.Algorithm
	if a.Kind != ast.MPCal || a.Syntax != ast.CSyntax || a.Name.Name != "M" {
		t.Fatalf("header %+v", a)
	}
	// the module stops at BEGIN TRANSLATION: Inv is not seen
	if f.Module.Def("Helper") == nil || f.Module.Def("Inv") != nil {
		t.Errorf("module units: %d", len(f.Module.Units))
	}
	if len(a.Macros) != 1 || len(a.MPCalProcedures) != 1 || len(a.MappingMacros) != 2 ||
		len(a.Archetypes) != 1 || len(a.Vars) != 3 || len(a.Instances) != 2 ||
		len(a.Procedures) != 1 || len(a.Processes) != 1 {
		t.Fatalf("layout: %d %d %d %d %d %d %d %d", len(a.Macros), len(a.MPCalProcedures),
			len(a.MappingMacros), len(a.Archetypes), len(a.Vars), len(a.Instances),
			len(a.Procedures), len(a.Processes))
	}
	bump := a.MPCalProcedures[0]
	if !bump.MPCal || !bump.Params[0].IsRef() || bump.Params[1].IsRef() {
		t.Errorf("Bump params")
	}
	if a.Procedures[0].MPCal {
		t.Errorf("Plain is a PlusCal procedure")
	}
	ch := a.MappingMacros[0]
	with := ch.Read.Stmts[1].(*ast.WithStmt)
	if y, ok := with.Body.Stmts[1].(*ast.YieldStmt); !ok || sexpr(y.X) != "msg" {
		t.Errorf("yield in read")
	}
	if lhs := with.Body.Stmts[0].(*ast.AssignStmt).Pairs[0].Lhs.(*ast.SpecialVar); lhs.Value {
		t.Errorf("$variable lhs")
	}
	if got := sexpr(ch.Write.Stmts[0].(*ast.YieldStmt).X); got != "(Append $variable $value)" {
		t.Errorf("write: %s", got)
	}
	ar := a.Archetypes[0]
	ps := ar.Params
	if !ps[0].IsRef() || ps[0].Depth != 1 || !ps[1].IsRef() || ps[1].Depth != 0 || ps[2].IsRef() || !ps[3].Caret {
		t.Errorf("archetype params %+v %+v %+v %+v", ps[0], ps[1], ps[2], ps[3])
	}
	if len(ar.Locals) != 2 || ar.Locals[1].Kind != ast.DeclIn {
		t.Errorf("archetype locals")
	}
	call := ar.Body.Stmts[1].(*ast.LabeledStmt).Stmts[0].(*ast.CallStmt)
	if r, ok := call.Args[0].(*ast.RefArg); !ok || r.Name.Name != "out" || r.Depth != 0 {
		t.Errorf("ref call arg")
	}
	in := a.Instances[0]
	if in.Fairness != ast.WeakFair || in.Process.Kind != ast.DeclIn || in.Archetype.Name != "AServer" || len(in.Args) != 4 {
		t.Errorf("instance %+v", in)
	}
	if r := in.Args[0].(*ast.RefArg); r.Depth != 1 {
		t.Errorf("ref network[_]")
	}
	if len(in.Mappings) != 2 || in.Mappings[0].Name.Name != "network" || in.Mappings[0].Depth != 1 ||
		in.Mappings[1].Name != nil || in.Mappings[1].Position != 2 || in.Mappings[1].Macro.Name != "Ident" {
		t.Errorf("mappings %+v %+v", in.Mappings[0], in.Mappings[1])
	}
	if a.Instances[1].Fairness != ast.StrongFair || a.Instances[1].Process.Kind != ast.DeclEq {
		t.Errorf("second instance")
	}
	// the algorithm span runs from --mpcal to its closing brace
	text := mpcalSpec[f.AlgStart:f.AlgEnd]
	if !strings.HasPrefix(text, "--mpcal M {") || !strings.HasSuffix(text, "call Plain(k); }\n}") {
		t.Errorf("span %q", text)
	}
	// markers
	mk := f.Markers
	if len(mk.BeginPlusCal) != 1 || len(mk.EndPlusCal) != 1 || len(mk.BeginTranslation) != 1 || len(mk.EndTranslation) != 1 {
		t.Fatalf("markers %+v", mk)
	}
	lines := strings.Split(mpcalSpec, "\n")
	for _, m := range []ast.Marker{mk.BeginPlusCal[0], mk.EndPlusCal[0], mk.BeginTranslation[0], mk.EndTranslation[0]} {
		if lines[m.Line-1] != m.Text || mpcalSpec[m.Offset:m.End] != m.Text+"\n" {
			t.Errorf("marker %+v", m)
		}
	}
	// the plain PlusCal reader finds the generated --algorithm instead
	pa, err := ParseAlgorithm(fset, "m.tla", []byte(mpcalSpec), PlusCalOnly)
	if err != nil || pa.Kind != ast.PlusCal || pa.Name.Name != "M" {
		t.Errorf("PlusCal reader: %v", err)
	}
	// the whole module (translation and later units included)
	m, err := ParseModule(fset, "m.tla", []byte(mpcalSpec), 0)
	if err != nil || m.Def("Inv") == nil {
		t.Errorf("full module: %v", err)
	}
}

func TestFindMPCalRules(t *testing.T) {
	tests := []struct {
		src   string
		found bool
	}{
		{"---- MODULE A ----\n(* --mpcal A { } *)\n====", true},
		{"---- MODULE A ----\n(* (* --mpcal A { } *) *)\n====", false},    // nested comment
		{"---- MODULE A ----\n(* \\* --mpcal A { }\n *)\n====", false},    // line comment
		{"---- MODULE A ----\n\\* (* --mpcal A { } *)\n====", false},      // inside a line comment
		{"---- MODULE A ----\nX == \"(* --mpcal A { } *)\"\n====", false}, // inside a string
		{"(* --mpcal A { } *)\n---- MODULE A ----\n====", false},          // before the header
	}
	for _, tt := range tests {
		s, _ := FindMPCal([]byte(tt.src), len(tt.src))
		if (s >= 0) != tt.found {
			t.Errorf("%q: found=%v", tt.src, s >= 0)
		}
	}
}

func TestMarkers(t *testing.T) {
	src := "a\n  \\* BEGIN TRANSLATION (chksum(pcal) = \"1\")\n\\**  END   TRANSLATION \n\\* BEGIN PLUSCAL TRANSLATION\n\\* END PLUSCAL TRANSLATION\n\\* BEGIN TRANSLATIONS\n(* BEGIN TRANSLATION *)\n"
	m := FindMarkers([]byte(src))
	if len(m.BeginTranslation) != 1 || m.BeginTranslation[0].Line != 2 || m.BeginTranslation[0].Offset != 2 {
		t.Errorf("begin %+v", m.BeginTranslation)
	}
	if len(m.EndTranslation) != 1 || m.EndTranslation[0].Line != 3 {
		t.Errorf("end %+v", m.EndTranslation)
	}
	if len(m.BeginPlusCal) != 1 || m.BeginPlusCal[0].Line != 4 || len(m.EndPlusCal) != 1 || m.EndPlusCal[0].Line != 5 {
		t.Errorf("pluscal %+v", m)
	}
}

func TestStopAtTranslationRequiresMarker(t *testing.T) {
	_, err := ParseModule(token.NewFileSet(), "x.tla", []byte("---- MODULE X ----\nA == 1\n====\n"), StopAtTranslation)
	if err == nil || !strings.Contains(err.Error(), "BEGIN TRANSLATION") {
		t.Errorf("got %v", err)
	}
}

func TestPlusCalErrors(t *testing.T) {
	tests := []struct{ alg, want string }{
		{"--algorithm A { variables x = 0; { a: x := 1 x := 2; } }", `expected ";", found "x"`},
		{"--algorithm A { { a: x = 1; } }", `expected ":=", found "="`},
		{"--algorithm A { { a: if x = 1 { skip } } }", `expected "(", found "x"`},
		{"--algorithm A { { a: either { skip } } }", `expected "or"`},
		{"--algorithm A { process (p) { a: skip } }", `expected "=" or "\in", found ")"`},
		{"--mpcal A { archetype X() { a: skip; } macro M() { skip; } }", "macro after archetype"},
		{"--mpcal A { fair process (p = 1) == instance X() mapping @0 via M; }", "expected argument position after @"},
		{"--mpcal A { fair process (p = 1) == instance X() }", `expected ";"`},
		{"--mpcal A { variables x = 1 y = 2; { a: skip; } }", `expected ";" or ","`},
		{"--mpcal A\nvariables x;\nbegin a: skip; end algorithm", `expected "{"`},
		{"--algorithm A { { a: x := [y EXCEPT ![1] = 2; } }", `expected "]"`},
		{"--algorithm A { { a: x := 1 } } extra", ""}, // text after the end is not read
	}
	for _, tt := range tests {
		src := wrapModule(tt.alg)
		_, err := ParseAlgorithm(token.NewFileSet(), "t.tla", []byte(src), 0)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.alg, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want %q", tt.alg, err, tt.want)
			continue
		}
		// positions are in the file: line 4 holds the algorithm's first line
		if !strings.HasPrefix(err.Error(), "t.tla:4:") && !strings.HasPrefix(err.Error(), "t.tla:5:") {
			t.Errorf("%q: position %v", tt.alg, err)
		}
	}
}

func TestPlusCalErrorPositions(t *testing.T) {
	src := "---- MODULE T ----\n(* --algorithm A {\n  variables x = 0;\n  {\n    a: x := 1;\n       y :=\n  }\n}\n*)\n====\n"
	_, err := ParseAlgorithm(token.NewFileSet(), "t.tla", []byte(src), 0)
	if err == nil || err.Error() != `t.tla:7:3: expected expression, found "}"` {
		t.Errorf("got %v", err)
	}
}
