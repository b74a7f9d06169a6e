package tla

import (
	"slices"
	"testing"
)

// Infinite sets compare structurally; Equal, Compare and Fingerprint must
// still agree, and the order must be total.
func TestInfiniteSetsOrderAndFingerprints(t *testing.T) {
	s12 := set(num(1), num(2))
	build := func() []Value {
		return []Value{
			ModuleNat, ModuleInt, ModuleSTRING,
			ModuleSeq(set(num(1))), ModuleSeq(s12), ModuleSeq(ModuleNat),
			MakeFunctionSet(set(num(1)), ModuleNat), MakeFunctionSet(set(num(1)), ModuleInt), MakeFunctionSet(set(num(2)), ModuleNat),
			MakeFunctionSet(ModuleNat, s12),
			MakeRecordSet([]RecordField{{str("a"), ModuleNat}}), MakeRecordSet([]RecordField{{str("a"), ModuleInt}}),
			MakeRecordSet([]RecordField{{str("b"), ModuleNat}}), MakeRecordSet([]RecordField{{str("a"), ModuleNat}, {str("b"), s12}}),
			ModulePrefixSubsetSymbol(ModuleNat), ModulePrefixSubsetSymbol(ModuleInt),
		}
	}
	a, b := build(), build()
	// Equal arguments built differently give equal sets.
	b[4] = ModuleSeq(ModuleDotDotSymbol(num(1), num(2)))
	b[13] = MakeRecordSet([]RecordField{{str("b"), set(num(2), num(1))}, {str("a"), ModuleNat}})
	for i := range a {
		for j := range b {
			eq := a[i].Equal(b[j])
			if eq != (i == j) {
				t.Errorf("Equal(%s, %s) = %v", a[i], b[j], eq)
			}
			if (a[i].Compare(b[j]) == 0) != eq || a[i].Compare(b[j]) != -b[j].Compare(a[i]) {
				t.Errorf("Compare(%s, %s) inconsistent", a[i], b[j])
			}
			if (a[i].Fingerprint() == b[j].Fingerprint()) != eq {
				t.Errorf("fingerprints of %s and %s", a[i], b[j])
			}
		}
		// Every infinite set sorts after finite sets and before functions.
		if a[i].Compare(set(ModuleSTRING)) <= 0 || a[i].Compare(rec("a", num(1))) >= 0 {
			t.Errorf("%s is out of place in the order", a[i])
		}
	}
	sorted := slices.Clone(a)
	slices.SortFunc(sorted, Value.Compare)
	for i := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			if sorted[i].Compare(sorted[j]) >= 0 {
				t.Errorf("order between infinite sets not strict/transitive: %s, %s", sorted[i], sorted[j])
			}
		}
	}
}

func TestLazySetOperators(t *testing.T) {
	p := ModulePrefixSubsetSymbol(set(num(1), num(2)))
	q := ModulePrefixSubsetSymbol(set(num(2), num(3)))
	expectEqual(t, "SUBSET {1,2} \\cap SUBSET {2,3}", ModuleIntersectSymbol(p, q), set(set(), set(num(2))))
	expectEqual(t, "SUBSET {1,2} \\ SUBSET {2,3}", ModuleBackslashSymbol(p, q), set(set(num(1)), set(num(1), num(2))))
	expectEqual(t, "SUBSET {1,2} \\cup {{7}}", ModuleUnionSymbol(p, set(set(num(7)))), set(set(), set(num(1)), set(num(1), num(2)), set(num(2)), set(num(7))))
	expectEqual(t, "SUBSET {1,2} \\cap SUBSET Nat", ModuleIntersectSymbol(p, ModulePrefixSubsetSymbol(ModuleNat)), p)
	expectEqual(t, "Seq({1}) \\cap Seq({1,2})", ModuleIntersectSymbol(ModuleSeq(set(num(1))), ModuleSeq(set(num(1), num(2)))), ModuleSeq(set(num(1))))
	expectBool(t, "SUBSET {1} \\subseteq SUBSET {1,2}", ModuleSubsetOrEqualSymbol(ModulePrefixSubsetSymbol(set(num(1))), p), true)
	expectBool(t, "SUBSET Nat \\subseteq SUBSET Int", ModuleSubsetOrEqualSymbol(ModulePrefixSubsetSymbol(ModuleNat), ModulePrefixSubsetSymbol(ModuleInt)), true)
	expectBool(t, "[{1} -> Nat] \\subseteq [{1} -> Int]", ModuleSubsetOrEqualSymbol(MakeFunctionSet(set(num(1)), ModuleNat), MakeFunctionSet(set(num(1)), ModuleInt)), true)
	expectBool(t, "Seq(Nat) \\subseteq SUBSET Nat", ModuleSubsetOrEqualSymbol(ModuleSeq(ModuleNat), ModulePrefixSubsetSymbol(ModuleNat)), false)
	expectTypeError(t, "undecidable inclusion", func() {
		ModuleSubsetOrEqualSymbol(MakeRecordSet([]RecordField{{str("a"), ModuleNat}}), ModuleSeq(ModuleNat))
	})
	expectEqual(t, "Nat \\cap STRING", ModuleIntersectSymbol(ModuleNat, ModuleSTRING), set())
	expectEqual(t, "SUBSET Nat \\cap [{1} -> Nat]", ModuleIntersectSymbol(ModulePrefixSubsetSymbol(ModuleNat), MakeFunctionSet(set(num(1)), ModuleNat)), set())
	expectTypeError(t, "[a: Nat] \\cap Seq(Nat)", func() {
		ModuleIntersectSymbol(MakeRecordSet([]RecordField{{str("a"), ModuleNat}}), ModuleSeq(ModuleNat))
	})
	// A finite lazy set equals, orders and hashes like its enumeration, from
	// either side.
	enum := set(set(), set(num(1)), set(num(1), num(2)), set(num(2)))
	if !p.Equal(enum) || !enum.Equal(p) || p.Compare(enum) != 0 || enum.Compare(p) != 0 || p.Hash() != enum.Hash() {
		t.Error("SUBSET differs from its enumeration")
	}
	if p.Compare(set(set(), set(num(1)), set(num(1), num(3)))) >= 0 {
		t.Error("lazy/enumerated order")
	}
}

func TestMakeValueFromImpl(t *testing.T) {
	if !MakeValueFromImpl(nil).Equal(Value{}) {
		t.Error("MakeValueFromImpl(nil) is defaultInitValue")
	}
	if v := MakeValueFromImpl(num(7).data); !v.Equal(num(7)) {
		t.Errorf("MakeValueFromImpl = %s", v)
	}
}
