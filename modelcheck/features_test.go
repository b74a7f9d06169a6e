package modelcheck

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSpec writes NAME.tla and NAME.cfg (and extra files) into a temporary
// folder and returns the spec's path.
func writeSpec(t *testing.T, name, tla, cfg string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	spec := filepath.Join(dir, name+".tla")
	if err := os.WriteFile(spec, []byte(tla), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".cfg"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	for f, src := range extra {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return spec
}

func checkSpec(t *testing.T, spec string, opts Options) (*Result, string, error) {
	t.Helper()
	var out bytes.Buffer
	opts.Spec = spec
	opts.Out = &out
	opts.ProgressInterval = -1
	res, err := Check(context.Background(), opts)
	return res, out.String(), err
}

// module wraps definitions into a module with one variable.
func module(name, body string) string {
	return "---- MODULE " + name + " ----\n" + body + "\n====\n"
}

// TestExpressions evaluates expressions through ASSUME: each must be TRUE.
func TestExpressions(t *testing.T) {
	assumes := []string{
		`1 + 2 * 3 = 7`,
		`(-7) \div 2 = -4 /\ (-7) % 2 = 1 /\ 2^10 = 1024`,
		`{x \in 1..10 : x % 3 = 0} = {3, 6, 9}`,
		`{x * x : x \in 1..3} = {1, 4, 9}`,
		`\A x \in {1, 2} : \E y \in {2, 3} : x < y`,
		`(CHOOSE x \in 1..10 : x > 7) = 8`,
		`[x \in 1..3 |-> x * 2] = <<2, 4, 6>>`,
		`LET f == [a |-> 1, b |-> 2] IN [f EXCEPT !.a = @ + 10].a = 11`,
		`LET g == [k \in {"x", "y"} |-> [c |-> 0]] IN [g EXCEPT !["x"].c = @ + 1]["x"].c = 1`,
		`Len(Append(<<1>>, 2)) = 2 /\ Head(<<3, 4>>) = 3 /\ Tail(<<3, 4>>) = <<4>>`,
		`SubSeq(<<1, 2, 3, 4>>, 2, 3) = <<2, 3>> /\ <<1>> \o <<2>> = <<1, 2>>`,
		`SelectSeq(<<1, 2, 3, 4>>, LAMBDA x : x % 2 = 0) = <<2, 4>>`,
		`SortSeq(<<3, 1, 2>>, LAMBDA a, b : a < b) = <<1, 2, 3>>`,
		`Cardinality(SUBSET {1, 2, 3}) = 8 /\ UNION {{1}, {2, 3}} = {1, 2, 3}`,
		`{1, 2} \X {3} = {<<1, 3>>, <<2, 3>>}`,
		`[{1, 2} -> {0}] = {[x \in {1, 2} |-> 0]}`,
		`[a : {1}, b : {2, 3}] = {[a |-> 1, b |-> 2], [a |-> 1, b |-> 3]}`,
		`<<1, 2>> \in Seq({1, 2}) /\ -1 \in Int /\ -1 \notin Nat`,
		`(1 :> "a" @@ 2 :> "b") = <<"a", "b">>`,
		`Cardinality(Permutations({1, 2, 3})) = 6`,
		`ToString(<<1, "a">>) = "<<1, \"a\">>" /\ "ab" \o "c" = "abc"`,
		`IF 1 > 2 THEN FALSE ELSE TRUE`,
		`CASE 1 > 2 -> FALSE [] 2 > 1 -> TRUE [] OTHER -> FALSE`,
		`Fact(5) = 120 /\ fib[10] = 55 /\ IsEven(10)`,
		`LET s[i \in 0..4] == IF i = 0 THEN 0 ELSE s[i - 1] + i IN s[4] = 10`,
		`LET RECURSIVE R(_) R(n) == IF n = 0 THEN 0 ELSE 1 + R(n - 1) IN R(5) = 5`,
		`Twice(LAMBDA x : x + 1, 3) = 5 /\ Twice(Inc, 0) = 2`,
		`BagToSet(SetToBag({1, 2})) = {1, 2} /\ BagCardinality(SetToBag({1, 2}) (+) SetToBag({1})) = 3`,
		`CopiesIn(1, SetToBag({1}) (+) SetToBag({1})) = 2`,
		`TLCSet(1, 42) /\ TLCGet(1) = 42`,
		`DOMAIN [a |-> 1, b |-> 2] = {"a", "b"} /\ DOMAIN <<5, 6>> = 1..2`,
		`{<<a, b>> \in {1, 2} \X {1, 2} : a < b} = {<<1, 2>>}`,
		`\E <<a, b>> \in {<<1, 2>>} : a + b = 3`,
		`{1, 2} \subseteq {1, 2, 3} /\ {1} \cap {1, 2} = {1} /\ {1, 2} \ {1} = {2}`,
		`Assert(TRUE, "never")`,
	}
	body := `EXTENDS Naturals, Integers, Sequences, FiniteSets, TLC, Bags
RECURSIVE Fact(_)
Fact(n) == IF n = 0 THEN 1 ELSE n * Fact(n - 1)
fib[n \in Nat] == IF n < 2 THEN n ELSE fib[n - 1] + fib[n - 2]
RECURSIVE IsEven(_), IsOdd(_)
IsEven(n) == IF n = 0 THEN TRUE ELSE IsOdd(n - 1)
IsOdd(n) == IF n = 0 THEN FALSE ELSE IsEven(n - 1)
Twice(F(_), x) == F(F(x))
Inc(x) == x + 1
VARIABLE v
Init == v = 0
Next == UNCHANGED v
`
	for i, a := range assumes {
		body += "ASSUME " + a + "\n"
		_ = i
	}
	spec := writeSpec(t, "exprs", module("exprs", body), "INIT Init\nNEXT Next\n", nil)
	res, out, err := checkSpec(t, spec, Options{})
	if err != nil || res.Result != ResultSuccess {
		t.Fatalf("result %q, err %v\n%s", res.Result, err, out)
	}
	// Each ASSUME individually, so that a failure names the expression.
	for _, a := range assumes {
		spec := writeSpec(t, "one", module("one", strings.Replace(body, "VARIABLE v", "ASSUME "+a+"\nVARIABLE v", 1)), "INIT Init\nNEXT Next\n", nil)
		if res, out, err := checkSpec(t, spec, Options{}); err != nil || res.Result != ResultSuccess {
			t.Errorf("ASSUME %s: %q %v\n%s", a, res.Result, err, out)
		}
	}
}

func TestAssumptionFailure(t *testing.T) {
	spec := writeSpec(t, "asm", module("asm", "EXTENDS Naturals\nASSUME 1 > 2\nVARIABLE v\nInit == v = 0\nNext == UNCHANGED v"), "INIT Init\nNEXT Next\n", nil)
	res, out, _ := checkSpec(t, spec, Options{})
	if res.ExitCode != ExitAssumption || !strings.Contains(out, "Error: Assumption line 3, col 8 to line 3, col 12 of module asm is false.") {
		t.Fatalf("exit %d\n%s", res.ExitCode, out)
	}
}

func TestErrorsAndExitCodes(t *testing.T) {
	base := "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\n"
	cases := []struct {
		name, body, cfg string
		opts            Options
		exit            int
		result          string
		output          string
	}{
		{"deadlock", base + "Next == x < 2 /\\ x' = x + 1", "INIT Init\nNEXT Next\n", Options{}, ExitDeadlock, ResultDeadlock, "Error: Deadlock reached."},
		{"nodeadlock", base + "Next == x < 2 /\\ x' = x + 1", "INIT Init\nNEXT Next\n", Options{NoDeadlock: true}, ExitSuccess, ResultSuccess, "Model checking completed. No error has been found."},
		{"cfgdeadlock", base + "Next == x < 2 /\\ x' = x + 1", "INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n", Options{}, ExitSuccess, ResultSuccess, "3 states generated, 3 distinct states found, 0 states left on queue."},
		{"invariant", base + "Next == x' = (x + 1) % 5\nSmall == x < 3", "INIT Init\nNEXT Next\nINVARIANT Small\n", Options{}, ExitSafety, ResultInvariant, "Error: Invariant Small is violated."},
		{"evalerror", base + "Next == x' = <<1>>[x + 2]", "INIT Init\nNEXT Next\n", Options{}, ExitEval, ResultError, "which is not in the domain of the function"},
		{"parseerror", "EXTENDS Naturals\nVARIABLE x\nInit == x = = 0\n", "INIT Init\nNEXT Init\n", Options{}, ExitParse, ResultError, "Error:"},
		{"unknown", base + "Next == x' = y", "INIT Init\nNEXT Next\n", Options{}, ExitParse, ResultError, "Unknown operator: y"},
		{"cfgerror", base + "Next == x' = x", "INIT Init\nNEXT Nope\n", Options{}, ExitConfig, ResultError, "Nope is not defined"},
		{"noconst", "EXTENDS Naturals\nCONSTANT K\nVARIABLE x\nInit == x = K\nNext == x' = x", "INIT Init\nNEXT Next\n", Options{}, ExitConfig, ResultError, "The constant parameter K is not assigned a value"},
		{"assert", base + "Next == x' = x + 1 /\\ Assert(x < 2, \"too big\")", "INIT Init\nNEXT Next\n", Options{}, ExitAssert, ResultAssertion, "\"too big\""},
		{"temporal", base + "Next == x' = 1 - x\nSpec == Init /\\ [][Next]_x\nLive == <>(x = 1)", "SPECIFICATION Spec\nPROPERTY Live\n", Options{}, ExitLiveness, ResultProperty, "State 2: Stuttering"},
		{"actionprop", base + "Next == x' = (x + 1) % 3\nSpec == Init /\\ [][Next]_x\nUp == [][x' > x]_x", "SPECIFICATION Spec\nPROPERTY Up\n", Options{}, ExitLiveness, ResultActionProperty, "Error: Action property Up is violated."},
		{"incomplete", "EXTENDS Naturals\nVARIABLES x, y\nInit == x = 0 /\\ y = 0\nNext == x' = 1", "INIT Init\nNEXT Next\n", Options{}, ExitEval, ResultError, "not completely specified"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := writeSpec(t, tc.name, module(tc.name, tc.body), tc.cfg, nil)
			res, out, err := checkSpec(t, spec, tc.opts)
			if res.ExitCode != tc.exit || res.Result != tc.result {
				t.Fatalf("exit %d result %q (err %v), want %d %q\n%s", res.ExitCode, res.Result, err, tc.exit, tc.result, out)
			}
			if !strings.Contains(out, tc.output) {
				t.Fatalf("output lacks %q:\n%s", tc.output, out)
			}
		})
	}
}

// TestSemantics checks counts of small models whose numbers are computed
// by hand.
func TestSemantics(t *testing.T) {
	cases := []struct {
		name, body, cfg           string
		distinct, generated, deep int64
	}{
		// x' \in S branches; a self-loop counts as generated.
		{"in", "EXTENDS Naturals\nVARIABLE x\nInit == x \\in {0, 1}\nNext == x' \\in {0, 1, 2}", "INIT Init\nNEXT Next\n", 3, 2 + 9, 2},
		// \E over a state-dependent set is one action.
		{"exists", "EXTENDS Naturals\nVARIABLE s\nInit == s = {1, 2, 3}\nNext == \\E e \\in s : s' = s \\ {e}", "INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n", 8, 1 + 12, 4},
		// ENABLED and a LET-bound action.
		{"enabled", "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nA == x < 2 /\\ x' = x + 1\nNext == LET B == ENABLED A IN (B /\\ A) \\/ (~B /\\ x' = 0)", "INIT Init\nNEXT Next\n", 3, 4, 3},
		// A constraint cuts states off; an action constraint transitions.
		{"constraint", "EXTENDS Integers\nVARIABLE x\nInit == x = 0\nNext == x' = x + 1 \\/ x' = x - 1\nC == x \\in -2..2\nAC == x' # -2", "INIT Init\nNEXT Next\nCONSTRAINT C\nACTION_CONSTRAINT AC\n", 4, 1 + 8, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := writeSpec(t, tc.name, module(tc.name, tc.body), tc.cfg, nil)
			for _, w := range []int{1, 2} {
				res, out, err := checkSpec(t, spec, Options{Workers: w})
				if err != nil || res.Result != ResultSuccess {
					t.Fatalf("%q %v\n%s", res.Result, err, out)
				}
				if res.DistinctStates != tc.distinct || res.TotalStates != tc.generated || res.StateDepth != tc.deep {
					t.Fatalf("workers %d: %d distinct %d generated depth %d, want %d %d %d\n%s", w, res.DistinctStates,
						res.TotalStates, res.StateDepth, tc.distinct, tc.generated, tc.deep, out)
				}
			}
		})
	}
}

func TestInstanceAndAlias(t *testing.T) {
	counter := "---- MODULE Counter ----\nEXTENDS Naturals\nCONSTANT Max\nVARIABLE c\nInit == c = 0\nInc == c < Max /\\ c' = c + 1\nOK == c <= Max\n====\n"
	body := `EXTENDS Naturals
VARIABLES a, b
A == INSTANCE Counter WITH Max <- 2, c <- a
B(v) == INSTANCE Counter WITH Max <- 1, c <- v
Init == A!Init /\ B(b)!Init
Next == (A!Inc /\ UNCHANGED b) \/ (B(b)!Inc /\ UNCHANGED a)
Inv == A!OK /\ B(b)!OK
Alias == [sum |-> a + b]
`
	spec := writeSpec(t, "inst", module("inst", body), "INIT Init\nNEXT Next\nINVARIANT Inv\nALIAS Alias\nCHECK_DEADLOCK FALSE\n",
		map[string]string{"Counter.tla": counter})
	res, out, err := checkSpec(t, spec, Options{})
	if err != nil || res.DistinctStates != 6 {
		t.Fatalf("%q %v %d\n%s", res.Result, err, res.DistinctStates, out)
	}
	// The alias shapes the trace.
	spec = writeSpec(t, "inst", module("inst", body+"Small == a + b < 3\n"), "INIT Init\nNEXT Next\nINVARIANT Small\nALIAS Alias\n",
		map[string]string{"Counter.tla": counter})
	res, out, _ = checkSpec(t, spec, Options{})
	if res.Result != ResultInvariant || res.TraceLength != 4 || !strings.Contains(out, "sum = 3") {
		t.Fatalf("%q trace %d\n%s", res.Result, res.TraceLength, out)
	}
}

func TestPrintDuringSearch(t *testing.T) {
	spec := writeSpec(t, "pr", module("pr", "EXTENDS Naturals, TLC\nVARIABLE x\nInit == x = 0 /\\ PrintT(\"init\")\nNext == x < 2 /\\ x' = x + 1 /\\ PrintT(<<\"step\", x>>)"),
		"INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n", nil)
	_, out, err := checkSpec(t, spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\"init\"\n", "<<\"step\", 0>>\n", "<<\"step\", 1>>\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestGraphRecording(t *testing.T) {
	spec := writeSpec(t, "g", module("g", "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = (x + 1) % 3"), "INIT Init\nNEXT Next\n", nil)
	res, _, err := checkSpec(t, spec, Options{RecordGraph: true})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	if g == nil || len(g.Init) != 1 || len(g.Succ) != 3 {
		t.Fatalf("graph %+v", g)
	}
	for id, succ := range g.Succ {
		if len(succ) != 1 || int(succ[0].To) != (id+1)%3 || g.Actions[succ[0].Action] != "Next" {
			t.Fatalf("state %d: %+v", id, succ)
		}
	}
}

func TestCancellation(t *testing.T) {
	spec := writeSpec(t, "inf", module("inf", "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = x + 1"), "INIT Init\nNEXT Next\n", nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Check(ctx, Options{Spec: spec, ProgressInterval: -1})
	if err == nil || res.ExitCode != ExitOther {
		t.Fatalf("err %v exit %d", err, res.ExitCode)
	}
}
