package tla

import (
	"bytes"
	"encoding/gob"
	"math"
	"testing"
)

// One test per DECISION of runtime.md §2. Each comment says what PGo does;
// every test fails on that behaviour.

// PGo: a tuple never equals the function with the same graph, <<>> differs
// from the empty function, sequence operators reject functions and DOMAIN
// rejects tuples.
func TestDecisionTuplesAreFunctions(t *testing.T) {
	tp := tup(str("a"), str("b"))
	f := MakeFunction([]Value{set(num(1), num(2))}, func(a []Value) Value {
		return []Value{str("a"), str("b")}[a[0].AsNumber()-1]
	})
	r := fn(num(2), str("b"), num(1), str("a"))
	for _, v := range []Value{f, r} {
		if !v.Equal(tp) || !tp.Equal(v) || v.Compare(tp) != 0 || v.Hash() != tp.Hash() || v.Fingerprint() != tp.Fingerprint() {
			t.Errorf("%s and %s must be one value", v, tp)
		}
		e1, _ := v.MarshalBinary()
		e2, _ := tp.MarshalBinary()
		if !bytes.Equal(e1, e2) {
			t.Error("a 1..n function must encode as a tuple")
		}
		if v.String() != `<<"a", "b">>` || !v.IsTuple() || !v.IsFunction() {
			t.Errorf("a 1..n function prints %s, want a tuple", v)
		}
	}
	empties := []Value{tup(), MakeRecord(nil), MakeFunction([]Value{set()}, func([]Value) Value { return num(1) }), ModuleEmptyBag,
		ModuleTail(tup(num(1))), MakeRecordFromMap(nil), MakeTupleFromList(nil)}
	for _, e := range empties {
		if !e.Equal(tup()) || !e.IsTuple() || !e.IsFunction() || e.String() != "<<>>" {
			t.Errorf("%s: <<>>, the empty function and the empty record coincide", e)
		}
	}
	expectEqual(t, "DOMAIN <<a, b>>", ModuleDomainSymbol(tp), ModuleDotDotSymbol(num(1), num(2)))
	expectEqual(t, "Len(1..2 function)", ModuleLen(r), num(2))
	expectEqual(t, "Append(1..2 function)", ModuleAppend(r, str("c")), tup(str("a"), str("b"), str("c")))
	expectEqual(t, "AsFunction of a tuple", MakeRecordFromMap(tp.AsFunction()), tp)
	if v := ModuleColonGreaterThanSymbol(num(1), str("a")); !v.IsTuple() {
		t.Error(":> with domain {1} is a tuple")
	}
	if v := ModuleDoubleAtSignSymbol(ModuleColonGreaterThanSymbol(num(2), str("b")), ModuleColonGreaterThanSymbol(num(1), str("a"))); !v.IsTuple() || !v.Equal(tp) {
		t.Error("@@ with domain 1..2 is a tuple")
	}
	// A function with domain {2} is not a sequence.
	if ModuleColonGreaterThanSymbol(num(2), str("a")).IsTuple() {
		t.Error("(2 :> a) is not a tuple")
	}
	s := set(tp, r, f)
	if ModuleCardinality(s).AsNumber() != 1 {
		t.Errorf("set of the three forms = %s, want one member", s)
	}
}

// PGo: Seq(S) is the set of permutations of S.
func TestDecisionSeqIsAnInfiniteSet(t *testing.T) {
	s := ModuleSeq(set(num(1), num(2)))
	expectBool(t, "<<1, 1, 1>> \\in Seq({1, 2})", ModuleInSymbol(tup(num(1), num(1), num(1)), s), true)
	expectBool(t, "<<>> \\in Seq({1, 2})", ModuleInSymbol(tup(), s), true)
	expectBool(t, "IsFiniteSet(Seq({1, 2}))", ModuleIsFiniteSet(s), false)
	expectTypeError(t, "Cardinality(Seq({1, 2}))", func() { ModuleCardinality(s) })
	expectEqual(t, "Seq({})", ModuleSeq(set()), set(tup()))
}

// PGo: GobEncode has a pointer receiver, so gob fails on structs holding a
// Value by value.
func TestDecisionGobEncodeValueReceiver(t *testing.T) {
	type msg struct {
		V    Value
		List []Value
	}
	in := msg{V: rec("a", set(num(1), str("x"))), List: []Value{tup(), Value{}, MakeModelValue("m")}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatalf("gob.Encode of a struct holding a Value: %v", err)
	}
	var out msg
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if !out.V.Equal(in.V) || len(out.List) != 3 || !out.List[1].Equal(Value{}) || !out.List[2].Equal(MakeModelValue("m")) {
		t.Errorf("gob round trip: %+v", out)
	}
}

// PGo iterates in immutable.Map order: 1..12 prints {12, 1, 6, 10, …}, equal
// sets print differently and CHOOSE can differ between equal sets.
func TestDecisionCanonicalOrder(t *testing.T) {
	var asc, desc []Value
	for i := int32(1); i <= 12; i++ {
		asc = append(asc, num(i))
		desc = append(desc, num(13-i))
	}
	a, d := MakeSet(asc...), MakeSet(desc...)
	want := "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}"
	if a.String() != want || d.String() != want || ModuleDotDotSymbol(num(1), num(12)).String() != want {
		t.Errorf("1..12 prints %s / %s", a, d)
	}
	pick := func(s Value) Value { return Choose(s, func(x Value) bool { return x.AsNumber()%5 == 0 }) }
	if !pick(a).Equal(num(5)) || !pick(d).Equal(num(5)) {
		t.Error("CHOOSE must pick the least match in canonical order")
	}
	if !a.SelectElement(0).Equal(num(1)) || !d.SelectElement(11).Equal(num(12)) {
		t.Error("SelectElement follows the canonical order")
	}
	// The order between kinds.
	order := []Value{Value{}, ModuleFALSE, ModuleTRUE, num(math.MinInt32), num(0), str(""), str("a"), MakeModelValue("a"),
		tup(), tup(num(1)), tup(num(1), num(1)), tup(num(2)), set(), set(num(1)), set(num(1), num(2)), set(num(2)),
		ModuleNat, ModuleSeq(set(num(1))), rec("a", num(1)), rec("a", num(1), "b", num(0)), rec("a", num(2)), rec("b", num(0))}
	for i := range order {
		for j := range order {
			c := order[i].Compare(order[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if c != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", order[i], order[j], c, want)
			}
		}
	}
}

// PGo quotes strings with strconv.Quote (Go escapes such as \x01 and \u…).
func TestDecisionStringEscapes(t *testing.T) {
	s := str("tab\t \"q\" back\\ ctl\x01 del\x7f é")
	want := "\"tab\\t \\\"q\\\" back\\\\ ctl\x01 del\x7f é\""
	if s.String() != want {
		t.Errorf("String = %q, want %q", s.String(), want)
	}
}

// PGo prints the empty function as [x \in {} |-> x].
func TestDecisionEmptyFunctionPrintsAsTuple(t *testing.T) {
	if got := MakeFunction([]Value{set()}, func(a []Value) Value { return a[0] }).String(); got != "<<>>" {
		t.Errorf("empty function prints %s", got)
	}
}

// PGo wraps around on int32 overflow.
func TestDecisionOverflowPanics(t *testing.T) {
	expectTypeError(t, "MaxInt32 + 1", func() { ModulePlusSymbol(num(math.MaxInt32), num(1)) })
	expectTypeError(t, "MinInt32 - 1", func() { ModuleMinusSymbol(num(math.MinInt32), num(1)) })
	expectTypeError(t, "MaxInt32 * 2", func() { ModuleAsteriskSymbol(num(math.MaxInt32), num(2)) })
	expectTypeError(t, "-MinInt32", func() { ModuleNegationSymbol(num(math.MinInt32)) })
	expectTypeError(t, "48^37", func() { ModuleSuperscriptSymbol(num(48), num(37)) })
	expectTypeError(t, "MinInt32 \\div -1", func() { ModuleDivSymbol(num(math.MinInt32), num(-1)) })
}

// PGo truncates: -7 \div 2 = -3.
func TestDecisionFloorDivision(t *testing.T) {
	expectEqual(t, "-7 \\div 2", ModuleDivSymbol(num(-7), num(2)), num(-4))
	expectEqual(t, "7 \\div -2", ModuleDivSymbol(num(7), num(-2)), num(-4))
}

// PGo: -7 % 2 = -1 and negative divisors are accepted.
func TestDecisionModulusRange(t *testing.T) {
	expectEqual(t, "-7 % 2", ModulePercentSymbol(num(-7), num(2)), num(1))
	expectEqual(t, "82 % 39", ModulePercentSymbol(num(82), num(39)), num(4))
	expectTypeError(t, "82 % -39", func() { ModulePercentSymbol(num(82), num(-39)) })
	expectTypeError(t, "82 % 0", func() { ModulePercentSymbol(num(82), num(0)) })
}

// PGo: SUBSET of an n-set has n+1 members.
func TestDecisionSubsetHasAllSubsets(t *testing.T) {
	p := ModulePrefixSubsetSymbol(set(num(1), num(2), num(3)))
	if n := len(p.SortedElements()); n != 8 {
		t.Errorf("SUBSET {1,2,3} has %d members, want 8", n)
	}
	expectBool(t, "{1, 3} \\in SUBSET {1,2,3}", ModuleInSymbol(set(num(1), num(3)), p), true)
}

// PGo: UNION loops forever.
func TestDecisionUnionTerminates(t *testing.T) {
	expectEqual(t, "UNION {{1}, {2, 3}}", ModulePrefixUnionSymbol(set(set(num(1)), set(num(2), num(3)))), set(num(1), num(2), num(3)))
}

// PGo has no Bags module; mpgo uses the standard semantics.
func TestDecisionBagsStandardSemantics(t *testing.T) {
	b := fn(str("x"), num(2))
	expectEqual(t, "(-) drops zero counts", ModuleOMinusSymbol(b, fn(str("x"), num(2))), ModuleEmptyBag)
	expectEqual(t, "(+)", ModuleOPlusSymbol(b, b), fn(str("x"), num(4)))
}

// DECISION: EXCEPT never extends a domain (a panic); @@ does.
func TestDecisionExceptNeverExtends(t *testing.T) {
	f := rec("a", num(1))
	expectTypeError(t, "[f EXCEPT !.b = 2]", func() {
		FunctionSubstitution(f, []FunctionSubstitutionRecord{{Keys: []Value{str("b")}, Value: func(Value) Value { return num(2) }}})
	})
	expectEqual(t, "f @@ (b :> 2)", ModuleDoubleAtSignSymbol(f, ModuleColonGreaterThanSymbol(str("b"), num(2))), rec("a", num(1), "b", num(2)))
}

// PGo nests a gob stream per value (about 734 bytes for this example); mpgo's
// encoding is compact and canonical.
func TestDecisionCompactCanonicalEncoding(t *testing.T) {
	v := tup(num(1), rec("b", num(1), "a", str("x")))
	w := MakeRecord([]RecordField{{num(2), rec("a", str("x"), "b", num(1))}, {num(1), num(1)}})
	e1, _ := v.GobEncode()
	e2, _ := w.GobEncode()
	if !bytes.Equal(e1, e2) {
		t.Error("equal values must encode identically")
	}
	if len(e1) > 24 {
		t.Errorf("encoding of %s takes %d bytes", v, len(e1))
	}
}
