package tla

import (
	"math"
	"testing"
)

func TestMakeSetCollapsesDuplicates(t *testing.T) {
	s := set(num(3), num(1), num(3), num(2), num(1))
	if got := ModuleCardinality(s).AsNumber(); got != 3 {
		t.Errorf("Cardinality = %d, want 3", got)
	}
	if s.String() != "{1, 2, 3}" {
		t.Errorf("String = %s", s)
	}
	if s.AsSet().Len() != 3 {
		t.Errorf("AsSet().Len() = %d", s.AsSet().Len())
	}
	if m := MakeSetFromMap(s.AsSet()); !m.Equal(s) {
		t.Errorf("MakeSetFromMap(AsSet) = %s", m)
	}
}

func TestSetOperators(t *testing.T) {
	s12 := set(num(1), num(2))
	s23 := set(num(2), num(3))
	iv := func(a, b int32) Value { return ModuleDotDotSymbol(num(a), num(b)) }
	eqCases := []struct {
		name      string
		got, want Value
	}{
		{"{1,2} \\cup {2,3}", ModuleUnionSymbol(s12, s23), set(nums(1, 2, 3)...)},
		{"{1,2} \\cap {2,3}", ModuleIntersectSymbol(s12, s23), set(num(2))},
		{"{1,2} \\ {2,3}", ModuleBackslashSymbol(s12, s23), set(num(1))},
		{"{} \\cup {2,3}", ModuleUnionSymbol(set(), s23), s23},
		{"{1,2} \\cap {}", ModuleIntersectSymbol(s12, set()), set()},
		{"{1,2} \\ {}", ModuleBackslashSymbol(s12, set()), s12},
		{"1..3 \\cup 4..6", ModuleUnionSymbol(iv(1, 3), iv(4, 6)), iv(1, 6)},
		{"1..3 \\cup 5..6", ModuleUnionSymbol(iv(1, 3), iv(5, 6)), set(nums(1, 2, 3, 5, 6)...)},
		{"1..5 \\cap 3..9", ModuleIntersectSymbol(iv(1, 5), iv(3, 9)), iv(3, 5)},
		{"1..2 \\cap 3..9", ModuleIntersectSymbol(iv(1, 2), iv(3, 9)), set()},
		{"1..5 \\ {2, \"a\"}", ModuleBackslashSymbol(iv(1, 5), set(num(2), str("a"))), set(nums(1, 3, 4, 5)...)},
		{"{-1, 0, 3} \\cap Nat", ModuleIntersectSymbol(set(nums(-1, 0, 3)...), ModuleNat), set(nums(0, 3)...)},
		{"Nat \\cap {-1, 0, \"x\"}", ModuleIntersectSymbol(ModuleNat, set(num(-1), num(0), str("x"))), set(num(0))},
		{"{-1, 0, 3} \\ Nat", ModuleBackslashSymbol(set(nums(-1, 0, 3)...), ModuleNat), set(num(-1))},
		{"Nat \\cup {1}", ModuleUnionSymbol(ModuleNat, set(num(1))), ModuleNat},
		{"Nat \\cap Int", ModuleIntersectSymbol(ModuleNat, ModuleInt), ModuleNat},
		{"Nat \\ {}", ModuleBackslashSymbol(ModuleNat, set()), ModuleNat},
		{"DOMAIN <<a, b>> = 1..2", ModuleDomainSymbol(tup(str("a"), str("b"))), iv(1, 2)},
		{"BOOLEAN", ModuleBOOLEAN, set(ModuleTRUE, ModuleFALSE)},
	}
	for _, c := range eqCases {
		expectEqual(t, c.name, c.got, c.want)
	}
	boolCases := []struct {
		name string
		got  Value
		want bool
	}{
		{"1 \\in {1,2}", ModuleInSymbol(num(1), s12), true},
		{"3 \\in {1,2}", ModuleInSymbol(num(3), s12), false},
		{"\"1\" \\in {1,2}", ModuleInSymbol(str("1"), s12), false},
		{"3 \\notin {1,2}", ModuleNotInSymbol(num(3), s12), true},
		{"{1} \\subseteq {1,2}", ModuleSubsetOrEqualSymbol(set(num(1)), s12), true},
		{"{1,3} \\subseteq {1,2}", ModuleSubsetOrEqualSymbol(set(num(1), num(3)), s12), false},
		{"{} \\subseteq {}", ModuleSubsetOrEqualSymbol(set(), set()), true},
		{"{2,3} \\subseteq 1..3", ModuleSubsetOrEqualSymbol(s23, iv(1, 3)), true},
		{"{2,\"a\"} \\subseteq 1..3", ModuleSubsetOrEqualSymbol(set(num(2), str("a")), iv(1, 3)), false},
		{"{0,4} \\subseteq 1..3", ModuleSubsetOrEqualSymbol(set(num(0), num(4)), iv(1, 3)), false},
		{"1..3 \\subseteq {1,2,3}", ModuleSubsetOrEqualSymbol(iv(1, 3), set(nums(1, 2, 3)...)), true},
		{"1..3 \\subseteq Nat", ModuleSubsetOrEqualSymbol(iv(1, 3), ModuleNat), true},
		{"Nat \\subseteq Int", ModuleSubsetOrEqualSymbol(ModuleNat, ModuleInt), true},
		{"Int \\subseteq Nat", ModuleSubsetOrEqualSymbol(ModuleInt, ModuleNat), false},
		{"Nat \\subseteq STRING", ModuleSubsetOrEqualSymbol(ModuleNat, ModuleSTRING), false},
		{"Nat \\subseteq 1..3", ModuleSubsetOrEqualSymbol(ModuleNat, iv(1, 3)), false},
		{"Seq({1}) \\subseteq Seq({1,2})", ModuleSubsetOrEqualSymbol(ModuleSeq(set(num(1))), ModuleSeq(s12)), true},
		{"0 \\in Nat", ModuleInSymbol(num(0), ModuleNat), true},
		{"-1 \\in Nat", ModuleInSymbol(num(-1), ModuleNat), false},
		{"-1 \\in Int", ModuleInSymbol(num(-1), ModuleInt), true},
		{"\"a\" \\in Int", ModuleInSymbol(str("a"), ModuleInt), false},
		{"\"a\" \\in STRING", ModuleInSymbol(str("a"), ModuleSTRING), true},
		{"1 \\in STRING", ModuleInSymbol(num(1), ModuleSTRING), false},
		{"5 \\in 1..10", ModuleInSymbol(num(5), iv(1, 10)), true},
		{"11 \\in 1..10", ModuleInSymbol(num(11), iv(1, 10)), false},
		{"IsFiniteSet({1})", ModuleIsFiniteSet(set(num(1))), true},
		{"IsFiniteSet(1..10)", ModuleIsFiniteSet(iv(1, 10)), true},
		{"IsFiniteSet(Nat)", ModuleIsFiniteSet(ModuleNat), false},
		{"IsFiniteSet(Seq({1}))", ModuleIsFiniteSet(ModuleSeq(set(num(1)))), false},
		{"IsFiniteSet(Seq({}))", ModuleIsFiniteSet(ModuleSeq(set())), true},
		{"IsFiniteSet(SUBSET Nat)", ModuleIsFiniteSet(ModulePrefixSubsetSymbol(ModuleNat)), false},
		{"IsFiniteSet([{1} -> Nat])", ModuleIsFiniteSet(MakeFunctionSet(set(num(1)), ModuleNat)), false},
		{"IsFiniteSet([{} -> Nat])", ModuleIsFiniteSet(MakeFunctionSet(set(), ModuleNat)), true},
	}
	for _, c := range boolCases {
		expectBool(t, c.name, c.got, c.want)
	}
	expectTypeError(t, "1 \\in 2", func() { ModuleInSymbol(num(1), num(2)) })
	expectTypeError(t, "{1} \\cup <<1>>", func() { ModuleUnionSymbol(set(num(1)), tup(num(1))) })
	expectTypeError(t, "Nat \\cup STRING", func() { ModuleUnionSymbol(ModuleNat, ModuleSTRING) })
	expectTypeError(t, "Int \\ {1}", func() { ModuleBackslashSymbol(ModuleInt, set(num(1))) })
	expectTypeError(t, "Cardinality(Nat)", func() { ModuleCardinality(ModuleNat) })
	expectTypeError(t, "Cardinality(1)", func() { ModuleCardinality(num(1)) })
	expectTypeError(t, "IsFiniteSet(<<>>)", func() { ModuleIsFiniteSet(tup()) })
}

func TestIntervals(t *testing.T) {
	iv := ModuleDotDotSymbol(num(3), num(7))
	if _, ok := iv.data.(*intervalImpl); !ok {
		t.Fatalf("3..7 is not a lazy interval")
	}
	if got := ModuleCardinality(iv).AsNumber(); got != 5 {
		t.Errorf("Cardinality(3..7) = %d", got)
	}
	big := ModuleDotDotSymbol(num(math.MinInt32), num(math.MaxInt32))
	if !ModuleInSymbol(num(123456789), big).AsBool() || big.SelectElement(2).AsNumber() != math.MinInt32+2 {
		t.Error("membership/SelectElement in a huge interval")
	}
	expectTypeError(t, "Cardinality(MinInt32..MaxInt32)", func() { ModuleCardinality(big) })
	expectTypeError(t, "enumerate MinInt32..MaxInt32", func() { big.SortedElements() })
	if big.data.(*intervalImpl).mat.p.Load() != nil {
		t.Error("the huge interval was enumerated")
	}
	if e := ModuleDotDotSymbol(num(2), num(1)); !e.Equal(set()) || e.String() != "{}" {
		t.Errorf("2..1 = %s, want {}", e)
	}
	if s := ModuleDotDotSymbol(num(1), num(12)).String(); s != "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}" {
		t.Errorf("1..12 prints %s", s) // PGo: {12, 1, 6, 10, …}
	}
	// An interval and the enumerated set are the same value.
	enum := set(nums(3, 4, 5, 6, 7)...)
	if !iv.Equal(enum) || !enum.Equal(iv) || iv.Compare(enum) != 0 || iv.Fingerprint() != enum.Fingerprint() || iv.Hash() != enum.Hash() {
		t.Error("3..7 differs from {3, 4, 5, 6, 7}")
	}
	if iv.Equal(set(nums(3, 4, 5, 6, 8)...)) || iv.Equal(ModuleDotDotSymbol(num(3), num(6))) {
		t.Error("3..7 equals a different set")
	}
	// Order between intervals is the lexicographic order of enumerations.
	if ModuleDotDotSymbol(num(1), num(2)).Compare(ModuleDotDotSymbol(num(1), num(3))) >= 0 ||
		ModuleDotDotSymbol(num(1), num(3)).Compare(set(num(2))) >= 0 ||
		ModuleDotDotSymbol(num(2), num(2)).Compare(set(nums(1, 5)...)) <= 0 {
		t.Error("interval order")
	}
	got := []int32{}
	for _, e := range iv.SortedElements() {
		got = append(got, e.AsNumber())
	}
	if len(got) != 5 || got[0] != 3 || got[4] != 7 {
		t.Errorf("SortedElements(3..7) = %v", got)
	}
	expectTypeError(t, "SelectElement past the end", func() { iv.SelectElement(5) })
	expectTypeError(t, "1..\"a\"", func() { ModuleDotDotSymbol(num(1), str("a")) })
}

func TestSubsetPowerset(t *testing.T) {
	s := set(num(1), num(2), num(3))
	p := ModulePrefixSubsetSymbol(s)
	if got := ModuleCardinality(p).AsNumber(); got != 8 { // PGo: 4 (n+1 subsets)
		t.Fatalf("Cardinality(SUBSET {1,2,3}) = %d, want 8", got)
	}
	if p.data.(*powersetImpl).mat.p.Load() != nil {
		t.Error("Cardinality enumerated SUBSET")
	}
	if !ModuleInSymbol(set(num(1), num(3)), p).AsBool() || ModuleInSymbol(set(num(4)), p).AsBool() || ModuleInSymbol(num(1), p).AsBool() {
		t.Error("SUBSET membership")
	}
	want := "{{}, {1}, {1, 2}, {1, 2, 3}, {1, 3}, {2}, {2, 3}, {3}}"
	if p.String() != want {
		t.Errorf("SUBSET {1,2,3} = %s, want %s", p, want)
	}
	if len(p.SortedElements()) != 8 || !p.SelectElement(7).Equal(set(num(3))) {
		t.Error("SUBSET enumeration")
	}
	// Equal to the explicitly built set of all subsets.
	var all []Value
	for mask := 0; mask < 8; mask++ {
		var m []Value
		for i := 0; i < 3; i++ {
			if mask&(1<<i) != 0 {
				m = append(m, num(int32(i+1)))
			}
		}
		all = append(all, set(m...))
	}
	explicit := set(all...)
	if !p.Equal(explicit) || p.Fingerprint() != explicit.Fingerprint() {
		t.Error("SUBSET differs from the explicit set")
	}
	expectEqual(t, "SUBSET {}", ModulePrefixSubsetSymbol(set()), set(set()))
	big := ModulePrefixSubsetSymbol(ModuleDotDotSymbol(num(1), num(40)))
	if !ModuleInSymbol(set(nums(1, 20, 40)...), big).AsBool() {
		t.Error("membership in SUBSET 1..40")
	}
	expectTypeError(t, "Cardinality(SUBSET 1..40)", func() { ModuleCardinality(big) })
	sn := ModulePrefixSubsetSymbol(ModuleNat)
	if !ModuleInSymbol(set(nums(0, 7)...), sn).AsBool() || ModuleInSymbol(set(num(-1)), sn).AsBool() {
		t.Error("membership in SUBSET Nat")
	}
	expectTypeError(t, "enumerate SUBSET Nat", func() { sn.SortedElements() })
}

func TestUnion(t *testing.T) {
	// PGo loops forever on UNION.
	u := ModulePrefixUnionSymbol(set(set(num(1), num(2)), set(num(2), num(3)), set(), ModuleDotDotSymbol(num(5), num(6))))
	expectEqual(t, "UNION", u, set(nums(1, 2, 3, 5, 6)...))
	expectEqual(t, "UNION {}", ModulePrefixUnionSymbol(set()), set())
	expectEqual(t, "UNION {{1}}", ModulePrefixUnionSymbol(set(set(num(1)))), set(num(1)))
	expectTypeError(t, "UNION {1}", func() { ModulePrefixUnionSymbol(set(num(1))) })
}

func TestSeqSetMembership(t *testing.T) {
	s := ModuleSeq(set(num(1), num(2)))
	cases := []struct {
		name string
		x    Value
		want bool
	}{
		{"<<>>", tup(), true},
		{"<<1, 2, 2, 1>>", tup(nums(1, 2, 2, 1)...), true},
		{"<<1, 3>>", tup(num(1), num(3)), false},
		{"[i \\in 1..2 |-> 1]", MakeFunction([]Value{ModuleDotDotSymbol(num(1), num(2))}, func([]Value) Value { return num(1) }), true},
		{"(2 :> 1)", ModuleColonGreaterThanSymbol(num(2), num(1)), false},
		{"{1}", set(num(1)), false},
		{"1", num(1), false},
	}
	for _, c := range cases {
		expectBool(t, c.name+" \\in Seq({1,2})", ModuleInSymbol(c.x, s), c.want)
	}
	if !s.IsSet() || ModuleIsFiniteSet(s).AsBool() {
		t.Error("Seq(S) must be an infinite set")
	}
	for name, f := range map[string]func(){
		"AsSet":         func() { s.AsSet() },
		"Cardinality":   func() { ModuleCardinality(s) },
		"SelectElement": func() { s.SelectElement(0) },
		"\\A":           func() { QuantifiedUniversal([]Value{s}, func([]Value) bool { return true }) },
		"SUBSET enum":   func() { ModulePrefixSubsetSymbol(s).SortedElements() },
		"[S -> Seq(T)]": func() { MakeFunctionSet(set(num(1)), s).SortedElements() },
		"encoding":      func() { _, _ = s.MarshalBinary() },
	} {
		expectTypeError(t, "Seq(S) "+name, f)
	}
	if !s.Equal(ModuleSeq(set(num(2), num(1)))) || s.Equal(ModuleSeq(set(num(1)))) || s.Equal(set(tup())) {
		t.Error("Seq(S) = Seq(T) iff S = T")
	}
	if s.String() != "Seq({1, 2})" {
		t.Errorf("Seq prints %s", s)
	}
	// Seq(S) sorts after every finite set.
	if s.Compare(set(str("zzz"), set(num(9)))) <= 0 || ModuleSeq(set(num(1))).Compare(s) >= 0 {
		t.Error("Seq(S) order")
	}
	expectEqual(t, "Seq({})", ModuleSeq(set()), set(tup()))
	if !ModuleInSymbol(tup(tup(num(1))), ModuleSeq(ModuleSeq(set(num(1))))).AsBool() {
		t.Error("<<<<1>>>> \\in Seq(Seq({1}))")
	}
}

func TestFunctionSets(t *testing.T) {
	fs := MakeFunctionSet(set(str("a"), str("b")), set(num(0), num(1)))
	if got := ModuleCardinality(fs).AsNumber(); got != 4 {
		t.Errorf("Cardinality([{a,b} -> {0,1}]) = %d", got)
	}
	if fs.data.(*funcSetImpl).mat.p.Load() != nil {
		t.Error("Cardinality enumerated the function set")
	}
	in := fn(str("a"), num(1), str("b"), num(0))
	expectBool(t, "f \\in [S -> T]", ModuleInSymbol(in, fs), true)
	expectBool(t, "wrong value", ModuleInSymbol(fn(str("a"), num(2), str("b"), num(0)), fs), false)
	expectBool(t, "missing key", ModuleInSymbol(fn(str("a"), num(1)), fs), false)
	expectBool(t, "extra key", ModuleInSymbol(fn(str("a"), num(1), str("b"), num(0), str("c"), num(0)), fs), false)
	expectBool(t, "not a function", ModuleInSymbol(set(), fs), false)
	want := `{(("a") :> (0) @@ ("b") :> (0)), (("a") :> (0) @@ ("b") :> (1)), (("a") :> (1) @@ ("b") :> (0)), (("a") :> (1) @@ ("b") :> (1))}`
	if fs.String() != want {
		t.Errorf("[{a,b} -> {0,1}] = %s", fs)
	}
	// [1..2 -> S] contains sequences.
	seqs := MakeFunctionSet(ModuleDotDotSymbol(num(1), num(2)), set(str("x"), str("y")))
	expectBool(t, "<<x, y>> \\in [1..2 -> S]", ModuleInSymbol(tup(str("x"), str("y")), seqs), true)
	expectEqual(t, "[1..2 -> {x,y}]", seqs, set(tup(str("x"), str("x")), tup(str("x"), str("y")), tup(str("y"), str("x")), tup(str("y"), str("y"))))
	if !seqs.SelectElement(1).IsTuple() {
		t.Error("members of [1..n -> S] must be tuples")
	}
	expectEqual(t, "[{} -> S]", MakeFunctionSet(set(), set(num(1))), set(tup()))
	expectEqual(t, "[S -> {}]", MakeFunctionSet(set(num(1)), set()), set())
	// Infinite function sets: membership only.
	inf := MakeFunctionSet(set(num(1), num(2)), ModuleNat)
	expectBool(t, "<<3, 4>> \\in [{1,2} -> Nat]", ModuleInSymbol(tup(num(3), num(4)), inf), true)
	expectBool(t, "<<3, -4>> \\in [{1,2} -> Nat]", ModuleInSymbol(tup(num(3), num(-4)), inf), false)
	expectBool(t, "<<>> \\in [Nat -> {1}]", ModuleInSymbol(tup(), MakeFunctionSet(ModuleNat, set(num(1)))), false)
	expectTypeError(t, "enumerate [{1,2} -> Nat]", func() { inf.SortedElements() })
	expectTypeError(t, "[1 -> S]", func() { MakeFunctionSet(num(1), set()) })
	// [S -> T] with big cardinality: membership without enumeration.
	huge := MakeFunctionSet(ModuleDotDotSymbol(num(1), num(30)), ModuleDotDotSymbol(num(1), num(100)))
	expectBool(t, "membership in [1..30 -> 1..100]", ModuleInSymbol(MakeFunction([]Value{ModuleDotDotSymbol(num(1), num(30))}, func(a []Value) Value { return a[0] }), huge), true)
	expectTypeError(t, "Cardinality([1..30 -> 1..100])", func() { ModuleCardinality(huge) })
}

func TestRecordSets(t *testing.T) {
	rs := MakeRecordSet([]RecordField{{str("b"), set(num(1), num(2))}, {str("a"), set(str("x"))}})
	if ModuleCardinality(rs).AsNumber() != 2 || rs.data.(*recSetImpl).mat.p.Load() != nil {
		t.Error("Cardinality of a record set")
	}
	expectBool(t, "[a |-> x, b |-> 2] \\in rs", ModuleInSymbol(rec("a", str("x"), "b", num(2)), rs), true)
	expectBool(t, "[a |-> y, b |-> 2] \\in rs", ModuleInSymbol(rec("a", str("y"), "b", num(2)), rs), false)
	expectBool(t, "[a |-> x] \\in rs", ModuleInSymbol(rec("a", str("x")), rs), false)
	expectEqual(t, "record set", rs, set(rec("a", str("x"), "b", num(1)), rec("b", num(2), "a", str("x"))))
	inf := MakeRecordSet([]RecordField{{str("n"), ModuleNat}, {str("s"), ModuleSTRING}})
	expectBool(t, "[n |-> 1, s |-> \"q\"] \\in [n: Nat, s: STRING]", ModuleInSymbol(rec("n", num(1), "s", str("q")), inf), true)
	expectBool(t, "[n |-> -1, s |-> \"q\"] \\in [n: Nat, s: STRING]", ModuleInSymbol(rec("n", num(-1), "s", str("q")), inf), false)
	if inf.String() != "[n : Nat, s : STRING]" || ModuleIsFiniteSet(inf).AsBool() {
		t.Errorf("infinite record set prints %s", inf)
	}
	expectEqual(t, "[a: {}]", MakeRecordSet([]RecordField{{str("a"), set()}}), set())
	expectTypeError(t, "[a: 1]", func() { MakeRecordSet([]RecordField{{str("a"), num(1)}}) })
}

func TestPermutations(t *testing.T) {
	p := ModulePermutations(set(str("a"), str("b"), str("c")))
	if ModuleCardinality(p).AsNumber() != 6 {
		t.Fatalf("|Permutations({a,b,c})| = %s", ModuleCardinality(p))
	}
	forAll := QuantifiedUniversal([]Value{p}, func(a []Value) bool {
		f := a[0]
		return ModuleDomainSymbol(f).Equal(set(str("a"), str("b"), str("c"))) &&
			ModuleCardinality(SetComprehension([]Value{ModuleDomainSymbol(f)}, func(x []Value) Value { return f.ApplyFunction(x[0]) })).AsNumber() == 3
	})
	expectBool(t, "all bijections", forAll, true)
	expectEqual(t, "Permutations(1..2)", ModulePermutations(ModuleDotDotSymbol(num(1), num(2))), set(tup(num(1), num(2)), tup(num(2), num(1))))
	expectEqual(t, "Permutations({})", ModulePermutations(set()), set(tup()))
	// The same as {f \in [S -> S] : f is onto}.
	s := set(nums(1, 2, 3)...)
	onto := SetRefinement(MakeFunctionSet(s, s), func(f Value) bool {
		return SetComprehension([]Value{s}, func(x []Value) Value { return f.ApplyFunction(x[0]) }).Equal(s)
	})
	expectEqual(t, "Permutations = onto functions", ModulePermutations(s), onto)
}

func TestBindersAndChoose(t *testing.T) {
	s := set(nums(3, 1, 2)...)
	var order []int32
	QuantifiedUniversal([]Value{s}, func(a []Value) bool { order = append(order, a[0].AsNumber()); return true })
	if len(order) != 3 || order[0] != 1 || order[2] != 3 {
		t.Errorf("\\A order %v", order)
	}
	calls := 0
	all := QuantifiedUniversal([]Value{s}, func(a []Value) bool { calls++; return a[0].AsNumber() < 2 })
	if all.AsBool() || calls != 2 {
		t.Errorf("\\A should stop at the first false: %s after %d calls", all, calls)
	}
	calls = 0
	ex := QuantifiedExistential([]Value{s}, func(a []Value) bool { calls++; return a[0].AsNumber() == 1 })
	if !ex.AsBool() || calls != 1 {
		t.Errorf("\\E should stop at the first true: %s after %d calls", ex, calls)
	}
	expectBool(t, "\\E over {}", QuantifiedExistential([]Value{set()}, func([]Value) bool { return true }), false)
	expectBool(t, "\\A over {}", QuantifiedUniversal([]Value{set()}, func([]Value) bool { return false }), true)
	var pairs []string
	QuantifiedExistential([]Value{set(num(1), num(2)), set(str("a"), str("b"))}, func(a []Value) bool {
		pairs = append(pairs, tup(a...).String())
		return false
	})
	if want := []string{`<<1, "a">>`, `<<1, "b">>`, `<<2, "a">>`, `<<2, "b">>`}; len(pairs) != 4 || pairs[0] != want[0] || pairs[1] != want[1] || pairs[3] != want[3] {
		t.Errorf("product order %v, want %v (leftmost set outermost)", pairs, want)
	}
	expectBool(t, "\\A x \\in 1..3, y \\in 1..3 : x+y < 7", QuantifiedUniversal([]Value{ModuleDotDotSymbol(num(1), num(3)), ModuleDotDotSymbol(num(1), num(3))}, func(a []Value) bool {
		return ModuleLessThanSymbol(ModulePlusSymbol(a[0], a[1]), num(7)).AsBool()
	}), true)
	expectEqual(t, "{x \\in 1..10 : x % 3 = 0}", SetRefinement(ModuleDotDotSymbol(num(1), num(10)), func(x Value) bool {
		return ModulePercentSymbol(x, num(3)).AsNumber() == 0
	}), set(nums(3, 6, 9)...))
	expectEqual(t, "{x % 2 : x \\in 1..10}", SetComprehension([]Value{ModuleDotDotSymbol(num(1), num(10))}, func(a []Value) Value {
		return ModulePercentSymbol(a[0], num(2))
	}), set(nums(0, 1)...))
	expectEqual(t, "{x + y : x \\in {1,2}, y \\in {10,20}}", SetComprehension([]Value{set(nums(1, 2)...), set(nums(10, 20)...)}, func(a []Value) Value {
		return ModulePlusSymbol(a[0], a[1])
	}), set(nums(11, 12, 21, 22)...))
	expectEqual(t, "CHOOSE x \\in {3,1,2} : x > 1", Choose(s, func(x Value) bool { return x.AsNumber() > 1 }), num(2))
	expectEqual(t, "CHOOSE x \\in Nat-less interval", Choose(ModuleDotDotSymbol(num(-5), num(5)), func(x Value) bool { return x.AsNumber()*x.AsNumber() == 4 }), num(-2))
	expectTypeError(t, "CHOOSE without match", func() { Choose(s, func(Value) bool { return false }) })
	expectTypeError(t, "CHOOSE over Nat", func() { Choose(ModuleNat, func(Value) bool { return true }) })
	expectTypeError(t, "\\A over a number", func() { QuantifiedUniversal([]Value{num(1)}, func([]Value) bool { return true }) })
	cp := CrossProduct(set(num(2), num(1)), set(str("b"), str("a")))
	if cp.String() != `{<<1, "a">>, <<1, "b">>, <<2, "a">>, <<2, "b">>}` {
		t.Errorf("CrossProduct = %s", cp)
	}
	expectEqual(t, "S \\X {}", CrossProduct(set(num(1)), set()), set())
	expectEqual(t, "\\X of three", CrossProduct(set(num(1)), set(num(2)), set(num(3))), set(tup(nums(1, 2, 3)...)))
}

func TestSelectElementAndSorted(t *testing.T) {
	s := set(str("b"), num(2), ModuleTRUE, tup(), set(), rec("a", num(1)), MakeModelValue("m"), Value{})
	var got []string
	for i := uint(0); i < 8; i++ {
		got = append(got, s.SelectElement(i).String())
	}
	// defaultInitValue < bool < number < string < model value < tuple < set < function
	want := []string{"defaultInitValue", "TRUE", "2", `"b"`, "m", "<<>>", "{}", `(("a") :> (1))`}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("canonical order %v, want %v", got, want)
		}
	}
	for i, e := range s.SortedElements() {
		if e.String() != want[i] {
			t.Errorf("SortedElements[%d] = %s", i, e)
		}
	}
	expectTypeError(t, "SelectElement past the end", func() { s.SelectElement(8) })
	expectTypeError(t, "SelectElement of a tuple", func() { tup(num(1)).SelectElement(0) })
}

func TestBindingSliceIsNotRetainedByResults(t *testing.T) {
	// MakeFunction over several sets keys by fresh tuples although the
	// binding slice is reused.
	f := MakeFunction([]Value{set(num(1), num(2)), set(num(3), num(4))}, func(a []Value) Value {
		return ModulePlusSymbol(a[0], a[1])
	})
	expectEqual(t, "f[<<2, 3>>]", f.ApplyFunction(tup(num(2), num(3))), num(5))
	expectEqual(t, "DOMAIN f", ModuleDomainSymbol(f), CrossProduct(set(num(1), num(2)), set(num(3), num(4))))
}
