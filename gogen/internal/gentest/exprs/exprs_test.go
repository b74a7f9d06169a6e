package exprs

import (
	"errors"
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

func iface() distsys.ArchetypeInterface {
	return distsys.NewMPCalContextWithoutArchetype(
		distsys.DefineConstantValue("N", tla.MakeNumber(3)),
		distsys.DefineConstantOperator("MK", func(a, b tla.Value) tla.Value { return tla.MakeTuple(a, b) }),
	).IFace()
}

// Operators unreachable from the archetype are compiled and callable from Go.
func TestOperators(t *testing.T) {
	i := iface()
	cases := []struct {
		name string
		op   func(distsys.ArchetypeInterface) tla.Value
		want string
	}{
		{"Arith", Arith, `<<3, -3, 12, 1024, 3, -3, 1, 1, -3>>`},
		{"Compare", Compare, `<<TRUE, TRUE, FALSE, FALSE, TRUE, TRUE, FALSE>>`},
		{"Logic", Logic, `<<FALSE, TRUE, TRUE, FALSE, FALSE>>`},
		{"ShortCircuit", ShortCircuit, `<<FALSE, TRUE, TRUE>>`},
		{"Junctions", Junctions, `TRUE`},
		{"Sets", Sets, `<<{1, 2, 3}, {2}, {1, 3}, TRUE, TRUE, TRUE, {1, 2, 3, 4}, {}, {{}, {1}, {1, 2}, {2}}, {1, 2, 3}, 2>>`},
		{"Filter", Filter, `{2, 4, 6, 8, 10}`},
		{"MapSet", MapSet, `{1, 4, 9, 16}`},
		{"MapMap", MapMap, `{{2, 3}, {3, 4}}`},
		{"TupleMap", TupleMap, `{3, 7}`},
		{"MultiMap", MultiMap, `{<<1, "x">>, <<2, "x">>}`},
		{"Quants", Quants, `<<TRUE, TRUE, TRUE, TRUE, FALSE, TRUE, TRUE>>`},
		{"Choose", Choose, `5`},
		{"ChooseTuple", ChooseTuple, `<<2, 3>>`},
		{"Func", Func, `<<10, 20, 30>>`},
		{"FuncApp", FuncApp, `<<20, <<1, "b">>, <<2, "a">>>>`},
		{"FuncSet", FuncSet, `{<<"a", "a">>}`},
		{"Record", Record, `(("a") :> (1) @@ ("b") :> ("two"))`},
		{"RecordField", RecordField, `"two"`},
		{"RecordSet", RecordSet, `{(("a") :> (1) @@ ("b") :> ("x")), (("a") :> (2) @@ ("b") :> ("x"))}`},
		{"Except", Except, `<<11, 20, 0>>`},
		{"ExceptNested", ExceptNested, `(("a") :> ((("b") :> (6))))`},
		{"ExceptPath2", ExceptPath2, `((<<1, "a">>) :> ("changed") @@ (<<1, "b">>) :> (<<1, "b">>) @@ (<<2, "a">>) :> (<<2, "a">>) @@ (<<2, "b">>) :> (<<2, "b">>))`},
		{"Seqs", Seqs, `<<2, <<1, 2>>, <<1, 2, 3>>, 4, <<5>>, <<2, 3>>, <<>>>>`},
		{"SeqMember", SeqMember, `<<TRUE, FALSE>>`},
		{"Cross", Cross, `{<<1, "a", TRUE>>, <<2, "a", TRUE>>}`},
		{"If", If, `"big"`},
		{"Let", Let, `11`},
		{"LetRec", LetRec, `120`},
		{"LetFunc", LetFunc, `9`},
		{"RecFunc", RecFunc, `((0) :> (0) @@ (1) :> (1) @@ (2) :> (3) @@ (3) :> (6) @@ (4) :> (10) @@ (5) :> (15) @@ (6) :> (21) @@ (7) :> (28) @@ (8) :> (36) @@ (9) :> (45) @@ (10) :> (55))`},
		{"Fib", Fib, `610`},
		{"Strings", Strings, `<<"\"foo\"", "<<>>", "{1}", "((\"a\") :> (1))", "<<0>>", "<<1, \"x\">>">>`},
		{"TLCOps", TLCOps, `<<<<"a", "b">>, <<"a">>, {"a", "b"}>>`},
		{"Perms", Perms, `{<<1, 2, 3>>, <<1, 3, 2>>, <<2, 1, 3>>, <<2, 3, 1>>, <<3, 1, 2>>, <<3, 2, 1>>}`},
		{"Sorted", Sorted, `<<3, 2, 1>>`},
		{"SortedOp", SortedOp, `<<1, 2, 3>>`},
		{"Selected", Selected, `<<2, 4>>`},
		{"Bags", Bags, `<<<<1, 2>>, {3}, TRUE, 2, <<1, 1>>, 3, TRUE, <<>>, TRUE, <<1>>, 4, ((2) :> (1) @@ (3) :> (1))>>`},
		{"HigherOrder", HigherOrder, `<<5, 6, 3, 12, <<1, 2>>, TRUE, TRUE>>`},
		{"Constants", Constants, `<<3, <<3, 4>>>>`},
		{"Recursive", Recursive, `10`},
		{"Default", Default, `defaultInitValue`},
		{"Bools", Bools, `<<{FALSE, TRUE}, TRUE, FALSE>>`},
		{"Numbers", Numbers, `<<5, 15, 255, 2147483647>>`},
		{"StrEscapes", StrEscapes, `"a\"b\\c\td"`},
		{"Percent", Percent, `"100%"`},
	}
	for _, c := range cases {
		if got := c.op(i).String(); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
	if got := Case(i, tla.MakeNumber(2)); !got.Equal(tla.MakeString("two")) {
		t.Errorf("Case(2) = %v", got)
	}
	if got := Case(i, tla.MakeNumber(9)); !got.Equal(tla.MakeString("many")) {
		t.Errorf("Case(9) = %v", got)
	}
	if got := CaseNested(i, tla.MakeNumber(1)); !got.Equal(tla.MakeString("b")) {
		t.Errorf("CaseNested(1) = %v", got)
	}
	if got := CaseNoOther(i, tla.MakeNumber(1)); !got.Equal(tla.MakeString("one")) {
		t.Errorf("CaseNoOther(1) = %v", got)
	}
	if got := PrecSymbol(i, tla.MakeNumber(2), tla.MakeNumber(1)); !got.Equal(tla.ModuleFALSE) {
		t.Errorf("2 \\prec 1 = %v", got)
	}
}

// Each of these is a TLA+ type error: the generated code panics with tla.ErrTLAType.
func TestTypeErrors(t *testing.T) {
	i := iface()
	cases := map[string]func() tla.Value{
		"82 % -39":              func() tla.Value { return ModNeg(i) },
		"48 ^ 37":               func() tla.Value { return PowOverflow(i) },
		"SubSeq out of range":   func() tla.Value { return SubSeqBad(i) },
		"CASE without match":    func() tla.Value { return CaseNoOther(i, tla.MakeNumber(3)) },
		"CHOOSE without match":  func() tla.Value { return ChooseNone(i) },
		"EXCEPT outside domain": func() tla.Value { return ExceptOutside(i) },
		"failed Assert":         func() tla.Value { return Assertion(i) },
	}
	for name, f := range cases {
		func() {
			defer func() {
				r := recover()
				err, ok := r.(error)
				if !ok || !errors.Is(err, tla.ErrTLAType) {
					t.Errorf("%s: recovered %v, want a tla.ErrTLAType", name, r)
				}
			}()
			v := f()
			t.Errorf("%s: returned %v", name, v)
		}()
	}
}

// The archetype uses operators of the define block.
func TestArchetype(t *testing.T) {
	out := make(chan tla.Value, 1)
	ctx := distsys.NewMPCalContext(tla.MakeNumber(1), AUser,
		distsys.DefineConstantValue("N", tla.MakeNumber(1)),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(out)))
	if err := ctx.Run(); err != nil {
		t.Fatal(err)
	}
	if got := (<-out).String(); got != `<<<<3, -3, 12, 1024, 3, -3, 1, 1, -3>>, {2, 4, 6, 8, 10}, "small">>` {
		t.Errorf("wrote %s", got)
	}
}
