package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

const unitsModule = `junk before |---- MODULE Units ----
EXTENDS Naturals, Sequences
(* a comment (* nested *) still a comment *)
CONSTANTS N, F(_, _), _ \prec _, _ ^+
CONSTANT C
VARIABLES x, y
VARIABLE z \* line comment
ASSUME N > 0
ASSUME Pos == N \in Nat
AXIOM TRUE
RECURSIVE Sum(_), Odd(_)
Sum(s) == IF s = <<>> THEN 0 ELSE Head(s) + Sum(Tail(s))
Odd(n) == n % 2 = 1
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
------------------------------------------------------------
THEOREM Safe == x \in Nat => x >= 0
  <1>1. TRUE
    BY DEF Sum
  <1>2. QED
    OBVIOUS
LEMMA TRUE
PROOF OMITTED
Use == M!Send(1) /\ P(x)!Recv /\ M!Init
---- MODULE Inner ----
I == 1
====
Last == LET f[i \in 1..2] == i
            g == 2
        IN f[g]
=============================================================================
anything after the end is ignored: (* "
`

func TestModuleUnits(t *testing.T) {
	fset := token.NewFileSet()
	m, err := ParseModule(fset, "u.tla", []byte(unitsModule), 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name.Name != "Units" || len(m.Extends) != 2 {
		t.Fatalf("header %+v", m)
	}
	kinds := []string{}
	for _, u := range m.Units {
		k := strings.TrimPrefix(fmt.Sprintf("%T", u), "*ast.")
		kinds = append(kinds, k)
	}
	want := "ConstantDecl ConstantDecl VariableDecl VariableDecl Assume Assume Assume Recursive OpDef OpDef OpDef OpDef OpDef OpDef FuncDef OpDef Instance ModuleDef ModuleDef Instance Separator Theorem Theorem Theorem OpDef Module OpDef"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("units:\n got %s\nwant %s", got, want)
	}
	cs := m.Units[0].(*ast.ConstantDecl).Decls
	if cs[1].Name.Name != "F" || cs[1].Arity != 2 || cs[2].Fix != token.Infix || cs[2].Name.Name != `\prec` || cs[3].Fix != token.Postfix {
		t.Errorf("constants %+v %+v %+v", cs[1], cs[2], cs[3])
	}
	if a := m.Units[5].(*ast.Assume); a.Name == nil || a.Name.Name != "Pos" {
		t.Errorf("named assume")
	}
	if a := m.Units[6].(*ast.Assume); a.Kind != "AXIOM" {
		t.Errorf("axiom")
	}
	if r := m.Units[7].(*ast.Recursive); len(r.Decls) != 2 || r.Decls[0].Arity != 1 {
		t.Errorf("recursive")
	}
	infix := m.Units[10].(*ast.OpDef)
	if infix.Fix != token.Infix || infix.Name.Name != `\prec` || len(infix.Params) != 2 {
		t.Errorf("infix def %+v", infix)
	}
	if post := m.Units[11].(*ast.OpDef); post.Fix != token.Postfix || post.Name.Name != "^+" {
		t.Errorf("postfix def %+v", post)
	}
	if ho := m.Units[13].(*ast.OpDef); ho.Params[0].Arity != 2 || ho.Params[1].Arity != 0 {
		t.Errorf("higher-order params")
	}
	if l := m.Units[15].(*ast.OpDef); !l.Local {
		t.Errorf("LOCAL def")
	}
	if in := m.Units[16].(*ast.Instance); !in.Local || in.Module.Name != "TLC" {
		t.Errorf("LOCAL INSTANCE")
	}
	md := m.Units[17].(*ast.ModuleDef)
	if md.Name.Name != "M" || md.Instance.Module.Name != "Chan" || len(md.Instance.Substs) != 2 {
		t.Errorf("module def %+v", md)
	}
	if p := m.Units[18].(*ast.ModuleDef); len(p.Params) != 1 {
		t.Errorf("parameterised instance")
	}
	th := m.Units[21].(*ast.Theorem)
	if th.Name == nil || th.Name.Name != "Safe" || !strings.HasSuffix(th.Text, "OBVIOUS") || !strings.HasPrefix(th.Text, "THEOREM Safe ==") {
		t.Errorf("theorem %q", th.Text)
	}
	if u := m.Units[24].(*ast.OpDef); sexpr(u.Body) != "(/\\ (/\\ (M!Send 1) (P!Recv/P1)) (M!Init))" {
		t.Errorf("instance ops: %s", sexpr(u.Body))
	}
	if in := m.Units[25].(*ast.Module); in.Name.Name != "Inner" || len(in.Units) != 1 {
		t.Errorf("nested module")
	}
	if got := sexpr(m.Units[26].(*ast.OpDef).Body); got != "(LET (fdef f i\\in(.. 1 2) i) (def g() 2) (app f g))" {
		t.Errorf("LET: %s", got)
	}
	// positions resolve to the file
	if p := fset.Position(m.Name.Pos()); p.Line != 1 || p.Column != 26 {
		t.Errorf("name position %v", p)
	}
}

func TestModuleErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"---- MODULE A ----\nX == 1\n", "m.tla:2:8: missing ==== at the end of module A"},
		{"no header", "m.tla:1:1: no module header"},
		{"---- MODULE A ----\nX == = 1\nY == 2\nZ == (\n====\n", "m.tla:2:6: expected expression, found \"=\"\nm.tla:5:1: expected expression"},
		{"---- MODULE A ----\nX == a = b = c\n====\n", "m.tla:2:12: operator = conflicts"},
		{"---- MODULE A ----\nCONSTANT F(_, x)\n====\n", `m.tla:2:15: expected "_", found "x"`},
		{"---- MODULE A ----\nX == \"abc\n====\n", "m.tla:2:6: string not terminated"},
		{"---- MODULE A ----\n(* unterminated\n====\n", "m.tla:2:1: comment not terminated"},
	}
	for _, tt := range tests {
		_, err := ParseModule(token.NewFileSet(), "m.tla", []byte(tt.src), 0)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q:\n got %v\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestNeverPanicsOnTruncations(t *testing.T) {
	// every prefix of a rich module: errors are fine, panics are not
	src := unitsModule + mpcalSpec
	for i := 0; i <= len(src); i += 7 {
		_, err := ParseFile(token.NewFileSet(), "t.tla", []byte(src[:i]), WithAlgorithm)
		if err != nil && strings.Contains(err.Error(), "internal parser error") {
			t.Fatalf("prefix %d: %v", i, err)
		}
	}
}
