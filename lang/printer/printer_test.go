package printer_test

import (
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/printer"
	"github.com/mpgo/mpgo/lang/token"
)

func TestExprSource(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a+b*c", "a + b * c"},
		{"(a+b)*c", "(a + b) * c"},
		{"-x^2", "- x ^ 2"},
		{"- -x", "- -x"},
		{"~ ~a", "~ ~a"},
		{"~(a = b)", "~(a = b)"},
		{"\\lnot a", "\\lnot a"},
		{"SUBSET   S", "SUBSET S"},
		{"x'", "x'"},
		{`[f EXCEPT ![1]=@+1, !.a.b = 2]`, `[f EXCEPT ![1] = @ + 1, !.a.b = 2]`},
		{`[a|->1]`, `[a |-> 1]`},
		{`[ ]`, `[ ]`},
		{`{x \in S: x > 1}`, `{x \in S : x > 1}`},
		{`"a\"b\\c\n"`, `"a\"b\\c\n"`},
		{`\h1F + \b10`, `\h1F + \b10`},
		{`M(1)!Op(2)`, `M(1)!Op(2)`},
		{`[][Next]_vars`, `[][Next]_vars`},
		{`WF_vars(A)`, `WF_vars(A)`},
		{`<<A>>_<<x,y>>`, `<<A>>_<<x, y>>`},
		{`CASE a -> 1 [] OTHER -> 2`, `CASE a -> 1 [] OTHER -> 2`},
		{`LET a == 1 b == 2 IN a + b`, "LET a == 1\n    b == 2 IN a + b"},
		{"/\\ a\n/\\ b", "/\\ a\n/\\ b"},
		{"  /\\ a\n  /\\ b\n=> c", " /\\ a\n /\\ b\n=> c"},
		{"x = /\\ a\n    /\\ \\/ b\n       \\/ c", "x = /\\ a\n    /\\ \\/ b\n       \\/ c"},
		{`F(+, LAMBDA x : x)`, `F(+, LAMBDA x : x)`},
		{`A \X B \times C`, `A \X B \times C`},
	}
	for _, tt := range tests {
		x, err := parser.ParseExpr(tt.src)
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		got := printer.Expr(x)
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.src, got, tt.want)
		}
		y, err := parser.ParseExpr(got)
		if err != nil {
			t.Errorf("%q: printed %q does not parse: %v", tt.src, got, err)
			continue
		}
		if d := ast.Diff(x, y); d != "" {
			t.Errorf("%q: printed %q parses differently: %s", tt.src, got, d)
		}
	}
}

func TestExprFullyParenthesized(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a + b * c", "(a) + ((b) * (c))"},
		{"-x", "- (x)"},
		{"~a", "~ (a)"},
		{"f[i]", "(f)[i]"},
		{"r.fld", "(r).fld"},
		{"A \\X B", "(A) \\X (B)"},
		{"CASE a -> 1 [] OTHER -> 2", "(CASE a -> 1 [] OTHER -> 2)"},
		{"x = CASE a -> 1 [] b -> 2", "(x) = ((CASE a -> 1 [] b -> 2))"},
		{"[ ]", "[ ]"},
		{"(a + b)", "((a) + (b))"},
		{"[x EXCEPT ![i][j] = e]", "[x EXCEPT ![i][j] = e]"},
		{"/\\ a\n/\\ b\n/\\ c", "(((a) /\\ (b)) /\\ (c))"},
		{"Len(s) > 0", "(Len(s)) > (0)"},
		{"x'", "(x)'"},
	}
	for _, tt := range tests {
		x, err := parser.ParseExpr(tt.src)
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		got := printer.ExprParen(x)
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.src, got, tt.want)
		}
		if _, err := parser.ParseExpr(got); err != nil {
			t.Errorf("%q: %q does not parse: %v", tt.src, got, err)
		}
	}
}

func roundTripAlg(t *testing.T, name, src string) string {
	t.Helper()
	fset := token.NewFileSet()
	a, err := parser.ParseAlgorithm(fset, name, []byte(src), 0)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	text := printer.Algorithm(a)
	b, err := parser.ParseAlgorithm(fset, name+".printed", []byte("---- MODULE X ----\n(* "+text+"\n*)\n====\n"), 0)
	if err != nil {
		t.Fatalf("%s: reparse: %v\n%s", name, err, text)
	}
	if d := ast.Diff(a, b); d != "" {
		t.Errorf("%s: changed by print+parse: %s\n%s", name, d, text)
	}
	return text
}

const mpcal = `---- MODULE M ----
EXTENDS Naturals, Sequences
(* --mpcal M {
  define { Nodes == 1..3 }
  macro Inc(x) { x := x + 1; }
  procedure Bump(ref c[_], v) variables t = 0; { b: c[v] := t; return; }
  mapping macro Chan {
    read { await Len($variable) > 0; with (m = Head($variable)) { $variable := Tail($variable); yield m; } }
    write { yield Append($variable, $value); }
  }
  archetype A(ref net[_][_], val, ref bad^) variables x = 0, y \in {1}; {
    a1:+ x := net[self][1] || y := 2;
    a2: if (x > 0) { call Bump(ref net[_], 1); } else { skip };
    a3:- either { Inc(x) } or { goto a1 };
  }
  variables g = [i \in Nodes |-> <<>>];
  fair+ process (P \in Nodes) == instance A(ref g[_][_], 3, g) mapping g[_][_] via Chan mapping @3 via Chan;
  procedure Q(z = 1) { q: print z; return; }
  process (R = 0) variables k; { r: call Q(k); }
}
*)
====
`

func TestAlgorithmRoundTrip(t *testing.T) {
	text := roundTripAlg(t, "m.tla", mpcal)
	for _, want := range []string{"--mpcal M {", "mapping macro Chan {", "ref bad^", "a1:+", "a3:-",
		"fair+ process (P \\in Nodes) == instance A(ref g[_][_], 3, g) mapping g[_][_] via Chan mapping @3 via Chan;",
		"$variable := Tail($variable);", "yield Append($variable, $value);"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed MPCal lacks %q:\n%s", want, text)
		}
	}
	p := roundTripAlg(t, "p.tla", `---- MODULE P ----
(* --algorithm P
variables x = 0;
procedure F(a) variables t = 1; begin f: t := a; return; end procedure;
process w \in 1..2 begin
  w1: if x = 0 then x := 1; elsif x = 1 then x := 2; else skip; end if;
  w2: while x < 5 do either x := x + 1; or with y \in {1, 2} do x := y; end with; end either; end while;
  w3: call F(x);
end process;
end algorithm *)
====`)
	for _, want := range []string{"--algorithm P\n", "elsif x = 1 then", "end if;", "end while;", "end either;", "end with;", "end process;", "end algorithm"} {
		if !strings.Contains(p, want) {
			t.Errorf("printed P-syntax lacks %q:\n%s", want, p)
		}
	}
}

const allUnits = `---- MODULE Units ----
EXTENDS Naturals, Sequences
CONSTANTS N, F(_, _), _ \prec _, _ ^+, -. _
VARIABLES x, y
ASSUME Pos == N \in Nat
AXIOM TRUE
RECURSIVE Sum(_)
Sum(s) == IF s = <<>> THEN 0 ELSE Head(s) + Sum(Tail(s))
a \prec b == a < b
a ^+ == a
-. a == 0 - a
Apply(G(_, _), u, v) == G(u, v)
fact[n \in Nat] == IF n = 0 THEN 1 ELSE n * fact[n - 1]
LOCAL Hidden == 1
LOCAL INSTANCE TLC
M == INSTANCE Chan WITH Data <- Nat, ch <- x
P(c) == INSTANCE Chan WITH ch <- c
INSTANCE Chan
----
THEOREM Safe == x \in Nat => x >= 0
  <1>1. TRUE
    BY DEF Sum
  <1>2. QED
LEMMA TRUE
Use == M!Send(1) /\ P(x)!Recv /\ M!Init
---- MODULE Inner ----
I == 1
====
Spec == /\ [][x' = x + 1]_<<x, y>>
        /\ WF_x(x' = 1) /\ SF_<<x>>(TRUE)
        /\ \A i \in 1..N : <>[](x > i) ~> ENABLED (x' = i)
Last == LET f[i \in 1..2] == i
            g == 2
        IN  /\ f[g] = 1
            /\ \/ CHOOSE z \in {1} : z = 1
               \/ CASE g = 1 -> [r |-> 1] [] OTHER -> [[a : {1}] EXCEPT ![1].a = @]
        => FALSE
====
`

func TestModuleRoundTripAllUnits(t *testing.T) {
	fset := token.NewFileSet()
	m, err := parser.ParseModule(fset, "u.tla", []byte(allUnits), 0)
	if err != nil {
		t.Fatal(err)
	}
	out := printer.Module(m)
	m2, err := parser.ParseModule(fset, "p.tla", []byte(out), 0)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if d := ast.Diff(m, m2); d != "" {
		t.Errorf("%s\n%s", d, out)
	}
	// printing is idempotent
	if out2 := printer.Module(m2); out2 != out {
		t.Errorf("second print differs:\n%s\n---\n%s", out, out2)
	}
}
