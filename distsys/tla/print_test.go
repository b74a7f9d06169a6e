package tla

import (
	"io"
	"os"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	cases := []struct {
		v         Value
		pgo, tlcs string
	}{
		{Value{}, "defaultInitValue", "defaultInitValue"},
		{ModuleTRUE, "TRUE", "TRUE"},
		{ModuleFALSE, "FALSE", "FALSE"},
		{num(-42), "-42", "-42"},
		{str("foo"), `"foo"`, `"foo"`},
		{str("a\"b\\c\td\ne\ff\rg"), `"a\"b\\c\td\ne\ff\rg"`, `"a\"b\\c\td\ne\ff\rg"`},
		{str("é\x01\x7f"), "\"é\x01\x7f\"", "\"é\x01\x7f\""}, // no escapes beyond TLA+'s
		{tup(), "<<>>", "<<>>"},
		{MakeRecord(nil), "<<>>", "<<>>"},
		{tup(num(1), str("a"), tup()), `<<1, "a", <<>>>>`, `<<1, "a", <<>>>>`},
		{set(), "{}", "{}"},
		{set(num(2), num(1)), "{1, 2}", "{1, 2}"},
		{rec("a", num(1)), `(("a") :> (1))`, `[a |-> 1]`},
		{rec("b", num(2), "a", num(1)), `(("a") :> (1) @@ ("b") :> (2))`, `[a |-> 1, b |-> 2]`},
		{fn(num(1), num(2), num(3), num(4)), `((1) :> (2) @@ (3) :> (4))`, `(1 :> 2 @@ 3 :> 4)`},
		{fn(num(2), str("x")), `((2) :> ("x"))`, `(2 :> "x")`},
		{fn(str("a b"), num(1)), `(("a b") :> (1))`, `("a b" :> 1)`},
		{fn(str("a"), num(1), num(7), num(2)), `((7) :> (2) @@ ("a") :> (1))`, `(7 :> 2 @@ "a" :> 1)`},
		{fn(num(1), str("x"), num(2), str("y")), `<<"x", "y">>`, `<<"x", "y">>`},
		{rec("r", rec("x", set(num(1)))), `(("r") :> ((("x") :> ({1}))))`, `[r |-> [x |-> {1}]]`},
		{MakeModelValue("m1"), "m1", "m1"},
		{ModuleNat, "Nat", "Nat"},
		{ModuleSeq(set(num(1))), "Seq({1})", "Seq({1})"},
		{MakeFunctionSet(set(num(1)), ModuleInt), "[{1} -> Int]", "[{1} -> Int]"},
		{ModulePrefixSubsetSymbol(ModuleSTRING), "SUBSET STRING", "SUBSET STRING"},
		{ModuleDotDotSymbol(num(1), num(3)), "{1, 2, 3}", "{1, 2, 3}"},
	}
	for _, c := range cases {
		if got := c.v.String(); got != c.pgo {
			t.Errorf("String() = %s, want %s", got, c.pgo)
		}
		if got := c.v.TLCString(); got != c.tlcs {
			t.Errorf("TLCString() = %s, want %s", got, c.tlcs)
		}
	}
	// ToString is MakeString(v.String()): the quotes are kept.
	if got := ModuleToString(str("foo")).AsString(); got != `"foo"` {
		t.Errorf(`ToString("foo") = %s, want "foo" with quotes`, got)
	}
	expectEqual(t, "ToString(<<1>>)", ModuleToString(tup(num(1))), str("<<1>>"))
}

func TestPCalPrint(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	set(num(2), num(1)).PCalPrint()
	os.Stdout = old
	w.Close()
	out, _ := io.ReadAll(r)
	if string(out) != "{1, 2}\n" {
		t.Errorf("PCalPrint wrote %q", out)
	}
}

func TestErrorMessagesAreBoundedAndLazy(t *testing.T) {
	huge := ModuleDotDotSymbol(num(-2000000000), num(2000000000))
	err := catch(func() { ModuleCardinality(huge) })
	if err == nil || !strings.Contains(err.Error(), "-2000000000..2000000000") {
		t.Errorf("error message %v should describe the interval without enumerating it", err)
	}
	big := MakeFunction([]Value{ModuleDotDotSymbol(num(1), num(10000))}, func(a []Value) Value { return a[0] })
	err = catch(func() { big.ApplyFunction(num(0)) })
	if err == nil || len(err.Error()) > 600 || !strings.Contains(err.Error(), "not in the domain") {
		t.Errorf("unbounded or unhelpful error message (%d bytes): %.100v", len(err.Error()), err)
	}
}
