package tla

import (
	"testing"

	"github.com/benbjohnson/immutable"
)

func TestSequenceOperators(t *testing.T) {
	s := tup(nums(10, 20, 30)...)
	expectEqual(t, "Len", ModuleLen(s), num(3))
	expectEqual(t, "Len(<<>>)", ModuleLen(tup()), num(0))
	expectEqual(t, "Append", ModuleAppend(s, num(40)), tup(nums(10, 20, 30, 40)...))
	expectEqual(t, "Append(<<>>, 1)", ModuleAppend(tup(), num(1)), tup(num(1)))
	expectEqual(t, "Head", ModuleHead(s), num(10))
	expectEqual(t, "Tail", ModuleTail(s), tup(nums(20, 30)...))
	expectEqual(t, "Tail(<<1>>)", ModuleTail(tup(num(1))), tup())
	expectEqual(t, "\\o", ModuleOSymbol(s, tup(num(1))), tup(nums(10, 20, 30, 1)...))
	expectEqual(t, "<<>> \\o s", ModuleOSymbol(tup(), s), s)
	expectEqual(t, "SubSeq(s, 2, 3)", ModuleSubSeq(s, num(2), num(3)), tup(nums(20, 30)...))
	expectEqual(t, "SubSeq(s, 1, 1)", ModuleSubSeq(s, num(1), num(1)), tup(num(10)))
	expectEqual(t, "SubSeq(s, 3, 2)", ModuleSubSeq(s, num(3), num(2)), tup())
	expectEqual(t, "SubSeq(s, 10, 2)", ModuleSubSeq(s, num(10), num(2)), tup()) // m > n: <<>> regardless of bounds
	for name, f := range map[string]func(){
		"SubSeq(s, 0, 2)":    func() { ModuleSubSeq(s, num(0), num(2)) },
		"SubSeq(s, 2, 4)":    func() { ModuleSubSeq(s, num(2), num(4)) },
		"SubSeq(<<>>, 1, 1)": func() { ModuleSubSeq(tup(), num(1), num(1)) },
		"Head(<<>>)":         func() { ModuleHead(tup()) },
		"Tail(<<>>)":         func() { ModuleTail(tup()) },
		"Len({})":            func() { ModuleLen(set()) },
		"Len([a |-> 1])":     func() { ModuleLen(rec("a", num(1))) },
		"Append(1, 1)":       func() { ModuleAppend(num(1), num(1)) },
		"\\o with a set":     func() { ModuleOSymbol(s, set()) },
		"SelectSeq stub":     func() { ModuleSelectSeq(s, num(1)) },
	} {
		expectTypeError(t, name, f)
	}
	// Sharing storage between Tail/SubSeq results and later Appends is safe.
	tl := ModuleTail(s)
	a1, a2 := ModuleAppend(tl, num(1)), ModuleAppend(tl, num(2))
	expectEqual(t, "Append(Tail) 1", a1, tup(nums(20, 30, 1)...))
	expectEqual(t, "Append(Tail) 2", a2, tup(nums(20, 30, 2)...))
	expectEqual(t, "s unchanged", s, tup(nums(10, 20, 30)...))
}

func TestSelectSeqAndSortSeq(t *testing.T) {
	s := tup(nums(5, 2, 8, 1, 9)...)
	expectEqual(t, "SelectSeq(s, even)", SelectSeq(s, func(x Value) bool { return x.AsNumber()%2 == 0 }), tup(nums(2, 8)...))
	expectEqual(t, "SelectSeq(s, none)", SelectSeq(s, func(Value) bool { return false }), tup())
	expectEqual(t, "SortSeq(s, <)", SortSeq(s, func(a, b Value) bool { return a.AsNumber() < b.AsNumber() }), tup(nums(1, 2, 5, 8, 9)...))
	expectEqual(t, "SortSeq(s, >)", SortSeq(s, func(a, b Value) bool { return a.AsNumber() > b.AsNumber() }), tup(nums(9, 8, 5, 2, 1)...))
	// Stability: records with equal keys keep their relative order.
	r := func(k int32, tag string) Value { return rec("k", num(k), "tag", str(tag)) }
	in := tup(r(2, "a"), r(1, "b"), r(2, "c"), r(1, "d"), r(0, "e"))
	got := SortSeq(in, func(a, b Value) bool {
		return a.ApplyFunction(str("k")).AsNumber() < b.ApplyFunction(str("k")).AsNumber()
	})
	expectEqual(t, "stable SortSeq", got, tup(r(0, "e"), r(1, "b"), r(1, "d"), r(2, "a"), r(2, "c")))
	// 1..n functions are sequences for all sequence operators.
	f := fn(num(2), str("b"), num(1), str("a"))
	expectEqual(t, "Len(1..2 function)", ModuleLen(f), num(2))
	expectEqual(t, "Head(1..2 function)", ModuleHead(f), str("a"))
	expectEqual(t, "SortSeq(1..2 function)", SortSeq(f, func(a, b Value) bool { return a.AsString() > b.AsString() }), tup(str("b"), str("a")))
	expectTypeError(t, "SelectSeq of a set", func() { SelectSeq(set(), func(Value) bool { return true }) })
}

func TestFunctions(t *testing.T) {
	f := MakeFunction([]Value{set(str("x"), str("y"))}, func(a []Value) Value { return ModuleAppend(tup(), a[0]) })
	expectEqual(t, "f[x]", f.ApplyFunction(str("x")), tup(str("x")))
	if v, ok := f.LookupFunction(str("z")); ok || !v.Equal(Value{}) {
		t.Error("LookupFunction outside the domain must report false")
	}
	if v, ok := f.LookupFunction(str("y")); !ok || !v.Equal(tup(str("y"))) {
		t.Error("LookupFunction inside the domain")
	}
	expectTypeError(t, "f[z]", func() { f.ApplyFunction(str("z")) })
	expectTypeError(t, "<<1>>[2]", func() { tup(num(1)).ApplyFunction(num(2)) })
	expectTypeError(t, "<<1>>[0]", func() { tup(num(1)).ApplyFunction(num(0)) })
	expectTypeError(t, `<<1>>["1"]`, func() { tup(num(1)).ApplyFunction(str("1")) })
	expectTypeError(t, "{}[1]", func() { set().ApplyFunction(num(1)) })
	expectTypeError(t, "LookupFunction on a number", func() { num(1).LookupFunction(num(1)) })
	expectTypeError(t, "MakeFunction without sets", func() { MakeFunction(nil, func([]Value) Value { return num(1) }) })
	called := false
	empty := MakeFunction([]Value{set()}, func([]Value) Value { called = true; return num(1) })
	if called || !empty.Equal(tup()) {
		t.Error("[x \\in {} |-> e] is the empty function and does not call the body")
	}
	// Body calls follow the canonical order.
	var seen []Value
	MakeFunction([]Value{set(str("b"), num(3), str("a"))}, func(a []Value) Value { seen = append(seen, a[0]); return a[0] })
	if !tup(seen...).Equal(tup(num(3), str("a"), str("b"))) {
		t.Errorf("MakeFunction body order %v", seen)
	}
	sq := MakeFunction([]Value{ModuleDotDotSymbol(num(1), num(3))}, func(a []Value) Value { return ModuleAsteriskSymbol(a[0], a[0]) })
	if !sq.IsTuple() || !sq.Equal(tup(nums(1, 4, 9)...)) {
		t.Errorf("[i \\in 1..3 |-> i*i] = %s, want a tuple", sq)
	}
	shifted := MakeFunction([]Value{ModuleDotDotSymbol(num(0), num(2))}, func(a []Value) Value { return a[0] })
	if shifted.IsTuple() || shifted.String() != "((0) :> (0) @@ (1) :> (1) @@ (2) :> (2))" {
		t.Errorf("[i \\in 0..2 |-> i] = %s", shifted)
	}
	expectEqual(t, "DOMAIN [x,y]", ModuleDomainSymbol(f), set(str("x"), str("y")))
	expectTypeError(t, "DOMAIN {}", func() { ModuleDomainSymbol(set()) })
	// SortedKeys and AsFunction.
	keys := f.SortedKeys()
	if len(keys) != 2 || !keys[0].Equal(str("x")) {
		t.Errorf("SortedKeys = %v", keys)
	}
	if k := tup(str("p"), str("q")).SortedKeys(); len(k) != 2 || !k[1].Equal(num(2)) {
		t.Errorf("SortedKeys of a tuple = %v", k)
	}
	m := f.AsFunction()
	if v, ok := m.Get(str("y")); m.Len() != 2 || !ok || !v.Equal(tup(str("y"))) {
		t.Error("AsFunction")
	}
	if !MakeRecordFromMap(m).Equal(f) {
		t.Error("MakeRecordFromMap(AsFunction)")
	}
}

func TestColonGreaterAndDoubleAt(t *testing.T) {
	expectEqual(t, "1 :> \"a\"", ModuleColonGreaterThanSymbol(num(1), str("a")), tup(str("a")))
	if !ModuleColonGreaterThanSymbol(num(1), str("a")).IsTuple() {
		t.Error("1 :> x must be a tuple")
	}
	ab := ModuleDoubleAtSignSymbol(ModuleColonGreaterThanSymbol(str("a"), num(1)), ModuleColonGreaterThanSymbol(str("b"), num(2)))
	expectEqual(t, "(a :> 1) @@ (b :> 2)", ab, rec("a", num(1), "b", num(2)))
	// The left side wins on common keys.
	left := ModuleDoubleAtSignSymbol(rec("a", num(1)), rec("a", num(2), "b", num(3)))
	expectEqual(t, "@@ left wins", left, rec("a", num(1), "b", num(3)))
	// @@ extends a sequence into a sequence.
	ext := ModuleDoubleAtSignSymbol(tup(str("x")), ModuleColonGreaterThanSymbol(num(2), str("y")))
	if !ext.IsTuple() || !ext.Equal(tup(str("x"), str("y"))) {
		t.Errorf("<<x>> @@ (2 :> y) = %s", ext)
	}
	expectEqual(t, "<<>> @@ f", ModuleDoubleAtSignSymbol(tup(), rec("a", num(1))), rec("a", num(1)))
	expectEqual(t, "f @@ <<>>", ModuleDoubleAtSignSymbol(rec("a", num(1)), tup()), rec("a", num(1)))
	expectTypeError(t, "{} @@ f", func() { ModuleDoubleAtSignSymbol(set(), rec("a", num(1))) })
}

func TestRecords(t *testing.T) {
	r := rec("b", num(2), "a", num(1))
	expectEqual(t, "r.a", r.ApplyFunction(str("a")), num(1))
	expectEqual(t, "r.b", r.ApplyFunction(str("b")), num(2))
	if !r.Equal(rec("a", num(1), "b", num(2))) {
		t.Error("field order must not matter")
	}
	// A later duplicate key wins.
	dup := MakeRecord([]RecordField{{str("a"), num(1)}, {str("b"), num(2)}, {str("a"), num(3)}})
	expectEqual(t, "duplicate key", dup, rec("a", num(3), "b", num(2)))
	many := make([]RecordField, 0, 40)
	for i := int32(0); i < 20; i++ {
		many = append(many, RecordField{num(20 - i), num(i)})
	}
	many = append(many, RecordField{num(5), str("last")}) // > 12 pairs: the other sort path
	big := MakeRecord(many)
	expectEqual(t, "big[5]", big.ApplyFunction(num(5)), str("last"))
	expectEqual(t, "big[20]", big.ApplyFunction(num(20)), num(0))
	if !big.IsTuple() || ModuleLen(big).AsNumber() != 20 {
		t.Error("a record with keys 1..20 is a sequence")
	}
	// Keys of any kind.
	mixed := fn(set(num(1)), str("set"), tup(), str("empty seq"), ModuleTRUE, str("bool"))
	expectEqual(t, "mixed[{1}]", mixed.ApplyFunction(set(num(1))), str("set"))
	expectEqual(t, "mixed[TRUE]", mixed.ApplyFunction(ModuleTRUE), str("bool"))
	expectEqual(t, "mixed[<<>>]", mixed.ApplyFunction(MakeRecord(nil)), str("empty seq"))
	var h uint32 = RecordField{str("a"), num(1)}.Hash()
	if h != (RecordField{str("a"), num(1)}).Hash() || h == (RecordField{str("a"), num(2)}).Hash() {
		t.Error("RecordField.Hash")
	}
}

func TestFunctionSubstitution(t *testing.T) {
	r := rec("a", num(1), "b", tup(num(10), num(20)))
	set1 := func(keys []Value, v Value) FunctionSubstitutionRecord {
		return FunctionSubstitutionRecord{Keys: keys, Value: func(Value) Value { return v }}
	}
	got := FunctionSubstitution(r, []FunctionSubstitutionRecord{set1([]Value{str("a")}, num(5))})
	expectEqual(t, "[r EXCEPT !.a = 5]", got, rec("a", num(5), "b", tup(num(10), num(20))))
	expectEqual(t, "r unchanged", r.ApplyFunction(str("a")), num(1))
	// Nested path and @.
	got = FunctionSubstitution(r, []FunctionSubstitutionRecord{{
		Keys:  []Value{str("b"), num(2)},
		Value: func(anchor Value) Value { return ModulePlusSymbol(anchor, num(1)) },
	}})
	expectEqual(t, "[r EXCEPT !.b[2] = @ + 1]", got, rec("a", num(1), "b", tup(num(10), num(21))))
	// Records apply left to right.
	got = FunctionSubstitution(tup(num(1), num(2)), []FunctionSubstitutionRecord{
		set1([]Value{num(1)}, num(7)),
		{Keys: []Value{num(2)}, Value: func(Value) Value { return num(8) }},
		{Keys: []Value{num(1)}, Value: func(a Value) Value { return ModuleAsteriskSymbol(a, num(10)) }},
	})
	expectEqual(t, "sequential EXCEPT", got, tup(num(70), num(8)))
	if !got.IsTuple() {
		t.Error("EXCEPT on a tuple keeps a tuple")
	}
	// Tuple-valued keys (![a, b]).
	f := MakeFunction([]Value{set(num(1)), set(num(2))}, func([]Value) Value { return num(0) })
	got = FunctionSubstitution(f, []FunctionSubstitutionRecord{set1([]Value{tup(num(1), num(2))}, num(9))})
	expectEqual(t, "![1, 2]", got.ApplyFunction(tup(num(1), num(2))), num(9))
	// DECISION: EXCEPT never extends the domain; it panics.
	expectTypeError(t, "EXCEPT outside the domain", func() {
		FunctionSubstitution(r, []FunctionSubstitutionRecord{set1([]Value{str("c")}, num(1))})
	})
	expectTypeError(t, "EXCEPT ![3] on a pair", func() {
		FunctionSubstitution(tup(num(1), num(2)), []FunctionSubstitutionRecord{set1([]Value{num(3)}, num(1))})
	})
	expectTypeError(t, "EXCEPT below a number", func() {
		FunctionSubstitution(r, []FunctionSubstitutionRecord{set1([]Value{str("a"), num(1)}, num(1))})
	})
	// An empty substitution list returns the source.
	expectEqual(t, "no substitutions", FunctionSubstitution(r, nil), r)
}

func TestImmutableViews(t *testing.T) {
	l := immutable.NewList(num(1), num(2))
	tp := MakeTupleFromList(l)
	expectEqual(t, "MakeTupleFromList", tp, tup(num(1), num(2)))
	if tp.AsTuple().Len() != 2 || !tp.AsTuple().Get(1).Equal(num(2)) {
		t.Error("AsTuple")
	}
	if tp.AsTuple() != tp.AsTuple() {
		t.Error("AsTuple should be cached")
	}
	fm := tp.AsFunction()
	if v, ok := fm.Get(num(2)); !ok || !v.Equal(num(2)) || fm.Len() != 2 {
		t.Error("AsFunction of a tuple maps i to the element")
	}
	// 1..n functions are tuples: AsTuple works on them.
	f := fn(num(1), str("a"), num(2), str("b"))
	if !f.IsTuple() || !f.IsFunction() || f.AsTuple().Len() != 2 {
		t.Error("a 1..n function must be a tuple")
	}
	g := rec("a", num(1))
	if g.IsTuple() || !g.IsFunction() {
		t.Error("[a |-> 1] is a function, not a tuple")
	}
	for name, fn := range map[string]func(){
		"AsTuple of a record": func() { g.AsTuple() },
		"AsSet of a tuple":    func() { tp.AsSet() },
		"AsFunction of a set": func() { set().AsFunction() },
		"AsBool of 1":         func() { num(1).AsBool() },
		"AsNumber of TRUE":    func() { ModuleTRUE.AsNumber() },
		"AsString of 1":       func() { num(1).AsString() },
		"AsModelValue of 1":   func() { num(1).AsModelValue() },
		"AsNumber of zero":    func() { Value{}.AsNumber() },
		"AsSet of zero":       func() { Value{}.AsSet() },
	} {
		expectTypeError(t, name, fn)
	}
	var zero Value
	if zero.IsBool() || zero.IsNumber() || zero.IsString() || zero.IsSet() || zero.IsTuple() || zero.IsFunction() || zero.IsModelValue() {
		t.Error("every Is* is false on defaultInitValue")
	}
}

func TestModelValues(t *testing.T) {
	a, a2, b := MakeModelValue("a"), MakeModelValue("a"), MakeModelValue("b")
	if !a.Equal(a2) || a.Equal(b) || a.Equal(str("a")) || !a.IsModelValue() || a.AsModelValue() != "a" {
		t.Error("model value equality")
	}
	if a.Fingerprint() != a2.Fingerprint() || a.Fingerprint() == str("a").Fingerprint() {
		t.Error("model value fingerprint")
	}
	// After strings, before tuples, by name.
	if a.Compare(str("zzz")) <= 0 || a.Compare(tup()) >= 0 || a.Compare(b) >= 0 {
		t.Error("model value order")
	}
	s := set(b, a, str("a"))
	if s.String() != `{"a", a, b}` || s.TLCString() != `{"a", a, b}` {
		t.Errorf("model values print bare: %s / %s", s, s.TLCString())
	}
	var d Value
	enc, _ := a.MarshalBinary()
	if err := d.UnmarshalBinary(enc); err != nil || !d.Equal(a) || !d.IsModelValue() {
		t.Errorf("model value encoding: %v %s", err, d)
	}
}
