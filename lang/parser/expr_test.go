package parser

import (
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

func TestExprShapes(t *testing.T) {
	tests := []struct{ src, want string }{
		// precedence and associativity (mpcal.md §3.2)
		{"a + b + c", "(+ (+ a b) c)"},
		{"a - b - c", "(- (- a b) c)"},
		{"a + b * c", "(+ a (* b c))"},
		{"a * b + c", "(+ (* a b) c)"},
		{"a + b - c", "(+ a (- b c))"},
		{"a - b + c", "(+ (- a b) c)"},
		{"-x^2", "(- (^ x 2))"},
		{"-x + y", "(+ (- x) y)"},
		{"~a = b", "(~ (= a b))"},
		{`~a /\ b`, `(/\ (~ a) b)`},
		{`a /\ b /\ c`, `(/\ (/\ a b) c)`},
		{`a \/ b => c`, `(=> (\/ a b) c)`},
		{`a => b <=> c`, `(=> a (<=> b c))`},
		{`a = b /\ c # d`, `(/\ (= a b) (# c d))`},
		{`x \in S \cup T`, `(\in x (\cup S T))`},
		{`a .. b`, `(.. a b)`},
		{`1..N`, `(.. 1 N)`},
		{`a .. b + 1`, `(.. a (+ b 1))`},
		{`x' = x + 1`, `(= (post' x) (+ x 1))`},
		{`f[x]'`, `(post' (app f x))`},
		{`r.a.b`, `(dot (dot r a) b)`},
		{`f[a, b][c]`, `(app (app f a b) c)`},
		{`s \o t \o u`, `(\o (\o s t) u)`},
		{`A \X B \X C`, `(\X A B C)`},
		{`A \times B`, `(\X A B)`},
		{`A \X B \cup C`, `(\cup (\X A B) C)`},
		{`SUBSET S`, `(SUBSET S)`},
		{`UNION {S, T}`, `(UNION (set S T))`},
		{`DOMAIN f \cup S`, `(\cup (DOMAIN f) S)`},
		{`a % b`, `(% a b)`},
		{`a \div b`, `(\div a b)`},
		{`f @@ g @@ h`, `(@@ (@@ f g) h)`},
		{`a :> b @@ c :> d`, `(@@ (:> a b) (:> c d))`},
		{`x \notin S`, `(\notin x S)`},
		{`a \prec b`, `(\prec a b)`},
		{`a \land b \land c`, `(\land (\land a b) c)`},
		{`\lnot a`, `(\lnot a)`},
		{`a # b`, `(# a b)`},
		{`a /= b`, `(/= a b)`},
		{`a =< b`, `(=< a b)`},
		// literals
		{`123`, `123`},
		{`\b101`, `\b101`},
		{`\o17`, `\o17`},
		{`\h1F`, `\h1F`},
		{`\H1f`, `\H1f`},
		{`1.5`, `1.5`},
		{`"a\"b\\c\td"`, `"a\"b\\c\td"`},
		{`1a`, `1a`}, // an identifier
		{`TRUE /\ FALSE`, `(/\ TRUE FALSE)`},
		{`BOOLEAN \cup STRING`, `(\cup BOOLEAN STRING)`},
		// constructors
		{`<<>>`, `(tuple)`},
		{`<< >>`, `(tuple)`},
		{`<<1, <<2>>>>`, `(tuple 1 (tuple 2))`},
		{`{}`, `(set)`},
		{`{1, 2}`, `(set 1 2)`},
		{`{x \in S : x > 1}`, `(filter x\inS (> x 1))`},
		{`{<<a, b>> \in S : a > b}`, `(filter <<a,b>>\inS (> a b))`},
		{`{x + y : x \in S, y \in T}`, `(map (+ x y) x\inS y\inT)`},
		{`{x : x, y \in S}`, `(map x x,y\inS)`},
		{`{e : <<a, b>> \in S}`, `(map e <<a,b>>\inS)`},
		{`[x \in S |-> x + 1]`, `(fn x\inS (+ x 1))`},
		{`[x, y \in S, z \in T |-> x]`, `(fn x,y\inS z\inT x)`},
		{`[<<a, b>> \in S |-> a]`, `(fn <<a,b>>\inS a)`},
		{`[S -> T]`, `(-> S T)`},
		{`[a |-> 1, b |-> "x"]`, `(rec a=1 b="x")`},
		{`[ ]`, `(rec)`},
		{`[a : S, b : T]`, `(recset a:S b:T)`},
		{`[f EXCEPT ![1] = 2]`, `(except f ![1]=2)`},
		{`[f EXCEPT ![1] = @ + 1, !.a = @]`, `(except f ![1]=(+ @ 1) !.a=@)`},
		{`[f EXCEPT ![a, b][c].d = 0]`, `(except f ![a,b][c].d=0)`},
		// binders
		{`\A x \in S : P`, `(\A x\inS P)`},
		{`\E x, y \in S, <<a, b>> \in T : P`, `(\E x,y\inS <<a,b>>\inT P)`},
		{`\A x, y : P`, `(\A x,y P)`},
		{`\E x : P /\ Q`, `(\E x (/\ P Q))`},
		{`\AA x : P`, `(\AA x P)`},
		{`\EE x, y : P`, `(\EE x y P)`},
		{`CHOOSE x \in S : P`, `(CHOOSE x\inS P)`},
		{`CHOOSE x : P`, `(CHOOSE x P)`},
		{`CHOOSE <<a, b>> : P`, `(CHOOSE <<a,b>> P)`},
		{`a /\ \E x \in S : b /\ c`, `(/\ a (\E x\inS (/\ b c)))`},
		// control
		{`IF a THEN b ELSE c + 1`, `(IF a b (+ c 1))`},
		{`IF a THEN IF b THEN c ELSE d ELSE e`, `(IF a (IF b c d) e)`},
		{`CASE a -> 1 [] b -> 2 [] OTHER -> 3`, `(CASE ( a 1) ( b 2) (OTHER 3))`},
		{`CASE a -> (CASE b -> 1 [] c -> 2) [] d -> 3`, `(CASE ( a (paren (CASE ( b 1) ( c 2)))) ( d 3))`},
		{`CASE a -> CASE b -> 1 [] c -> 2`, `(CASE ( a (CASE ( b 1) ( c 2))))`},
		{`LET a == 1 b(x) == x + a IN b(2)`, `(LET (def a() 1) (def b(x) (+ x a)) (b 2))`},
		{`LET f[n \in Nat] == n IN f[1]`, `(LET (fdef f n\inNat n) (app f 1))`},
		{`LET x == 1
             y == 2
         IN x + y`, `(LET (def x() 1) (def y() 2) (+ x y))`},
		// applications
		{`F(a, b)`, `(F a b)`},
		{`F(+, LAMBDA x, y : x * y)`, `(F + (LAMBDA x,y (* x y)))`},
		{`M!Op`, `(M!Op)`},
		{`M!Op(x)`, `(M!Op x)`},
		{`M(a)!Op(x, y)`, `(M!Op/M1 x y)`},
		{`M!N!Op`, `(M!N!Op)`},
		// actions and temporal operators
		{`[Next]_vars`, `([]_ Next vars)`},
		{`[][Next]_vars`, `([] ([]_ Next vars))`},
		{`[][Next]_<<x, y>>`, `([] ([]_ Next (tuple x y)))`},
		{`<<A>>_v`, `(<<>>_ A v)`},
		{`WF_vars(Next)`, `(WF vars Next)`},
		{`SF_<<x, y>>(A \/ B)`, `(SF (tuple x y) (\/ A B))`},
		{`WF_vars(p(self))`, `(WF vars (p self))`},
		{`[]<>P`, `([] (<> P))`},
		{`[]P /\ <>Q`, `(/\ ([] P) (<> Q))`},
		{`P ~> Q`, `(~> P Q)`},
		{`A -+-> B`, `(-+-> A B)`},
		{`A \cdot B`, `(\cdot A B)`},
		{`ENABLED A /\ B`, `(/\ (ENABLED A) B)`},
		{`UNCHANGED <<x, y>>`, `(UNCHANGED (tuple x y))`},
		{`UNCHANGED x /\ y' = 1`, `(/\ (UNCHANGED x) (= (post' y) 1))`},
		// junction lists
		{"/\\ a\n/\\ b", `(J/\ a b)`},
		{"/\\ a\n/\\ b\n/\\ c", `(J/\ a b c)`},
		{"\\/ a\n\\/ b", `(J\/ a b)`},
		{"/\\ a\n/\\ \\/ b\n   \\/ c\n/\\ d", `(J/\ a (J\/ b c) d)`},
		{"/\\ a \\/ b\n/\\ c", `(J/\ (\/ a b) c)`},
		{"/\\ a\n   + 1\n/\\ b", `(J/\ (+ a 1) b)`},
		{"  /\\ a\n  /\\ b\n=> c", `(=> (J/\ a b) c)`},
		{"x = /\\ a\n    /\\ b", `(= x (J/\ a b))`},
		{"/\\ \\E x \\in S : /\\ P\n                /\\ Q\n/\\ R", `(J/\ (\E x\inS (J/\ P Q)) R)`},
		{"/\\ IF a\n   THEN b\n   ELSE c\n/\\ d", `(J/\ (IF a b c) d)`},
		{"/\\ (a\n\\/ b)\n/\\ c", `(J/\ (paren (\/ a b)) c)`},
		{"\\land a\n\\land b", `(J/\ a b)`},
		{"/\\ a\n\\/ b", `(\/ (J/\ a) b)`},
		{"(a)", `(paren a)`},
	}
	for _, tt := range tests {
		x, err := ParseExpr(tt.src)
		if err != nil {
			t.Errorf("%q: %v", tt.src, err)
			continue
		}
		if got := sexpr(x); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestExprErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a = b = c", "1:7: operator = conflicts"},
		{`a \/ b /\ c`, `1:8: operator /\ conflicts`},
		{`a /\ b \/ c`, `1:8: operator \/ conflicts`},
		{`a < b < c`, "1:7: operator < conflicts"},
		{`a \cdot b + c`, "1:11: operator + conflicts"},
		{`a + b % c`, "1:7: operator % conflicts"},
		{"a .. b .. c", "1:8: operator .. conflicts"},
		{"a ^ b ^ c", "1:7: operator ^ conflicts"},
		{"@ + 1", "1:1: @ used outside an EXCEPT update"},
		{"f[", "1:3: expected expression, found end of input"},
		{"(a", `1:3: expected ")", found end of input`},
		{`"abc`, "1:1: string not terminated"},
		{`"a\qb"`, "1:1: unknown escape sequence in string"},
		{`\foo`, `1:1: unknown operator \foo`},
		{"a + ", "1:5: expected expression"},
		{"[x |-> 1", `1:9: expected "]"`},
		{"IF a THEN b", `1:12: expected "ELSE"`},
		{"a b", `1:3: unexpected "b" after expression`},
		{"/\\ a\n/\\ b\nc", `3:1: unexpected "c" after expression`},
		{"(* open", "1:1: comment not terminated"},
		{"[x \\in S]", `1:9: expected "->", "|->", "EXCEPT" or "]_"`},
		{"a ~ b", `1:3: unexpected "~" after expression`},
		{"<<a, b>>_v", "1:7: <<A>>_v needs exactly one action"},
		{"\\A x, y \\in S, z : P", "1:18: expected \\in"},
		{"LET IN 1", "1:5: expected definition"},
		{"x \u00e9", "1:3: illegal character"},
	}
	for _, tt := range tests {
		_, err := ParseExprFrom(token.NewFileSet(), "", []byte(tt.src))
		if err == nil {
			t.Errorf("%q: no error, want %q", tt.src, tt.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: got %q, want prefix %q", tt.src, err.Error(), tt.want)
		}
	}
}

// TestExprSpans checks that Pos/End of every expression node cover exactly its source text.
func TestExprSpans(t *testing.T) {
	src := `/\ F(a, b) + [x \in S |-> x]'
/\ \E <<u, v>> \in T : [r EXCEPT !.f = @ + 1].f[u]
/\ IF a THEN "s" ELSE {y \in S : y > 1}
/\ CASE a -> 1 [] OTHER -> M!Op(2)
/\ [A]_v /\ WF_v(A) /\ <<1, 2>> /\ (x)`
	fset := token.NewFileSet()
	x, err := ParseExprFrom(fset, "s", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(x, func(nd ast.Node) bool {
		e, ok := nd.(ast.Expr)
		if !ok {
			return true
		}
		if id, isID := e.(*ast.Ident); isID && token.IsOpSymbol(id.Name) {
			return true
		}
		if _, isExc := e.(*ast.ExceptExpr); isExc {
			return false // @ parses only inside its EXCEPT
		}
		text := src[fset.Offset(e.Pos()):fset.Offset(e.End())]
		y, err := ParseExpr(text)
		if err != nil {
			t.Errorf("span %q of %T does not parse: %v", text, e, err)
			return true
		}
		if d := ast.Diff(e, y); d != "" {
			t.Errorf("span %q of %T re-parses differently: %s", text, e, d)
		}
		n++
		return true
	})
	if n < 40 {
		t.Errorf("only %d expressions visited", n)
	}
}
