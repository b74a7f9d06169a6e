package tla

import (
	"bytes"
	"slices"
	"sync"
	"testing"
)

func randomValues(seed int64, n, depth int) []Value {
	g := newGen(seed)
	out := make([]Value, n)
	for i := range out {
		out[i] = g.value(depth)
	}
	return out
}

// Equal ⇔ Compare == 0 ⇔ equal fingerprints (no collisions among the
// generated values), Hash agrees with Equal, Compare is antisymmetric.
func TestPropertyEqualCompareFingerprintAgree(t *testing.T) {
	vals := randomValues(1, 400, 4)
	equalPairs := 0
	for i, a := range vals {
		for j := i; j < len(vals); j++ {
			b := vals[j]
			eq, c, rc := a.Equal(b), a.Compare(b), b.Compare(a)
			if eq != b.Equal(a) {
				t.Fatalf("Equal not symmetric: %s, %s", a, b)
			}
			if eq != (c == 0) || c != -rc {
				t.Fatalf("Equal=%v but Compare=%d/%d for %s, %s", eq, c, rc, a, b)
			}
			if eq != (a.Fingerprint() == b.Fingerprint()) {
				t.Fatalf("Equal=%v but fingerprints %x, %x for %s, %s", eq, a.Fingerprint(), b.Fingerprint(), a, b)
			}
			if eq && a.Hash() != b.Hash() {
				t.Fatalf("equal values %s, %s with different hashes", a, b)
			}
			if eq {
				equalPairs++
				if a.String() != b.String() {
					t.Fatalf("equal values print differently: %s, %s", a, b)
				}
			}
		}
	}
	if equalPairs <= len(vals) {
		t.Logf("only the trivial equal pairs were generated (%d)", equalPairs)
	}
}

// The order is total and transitive: after sorting, every earlier value
// compares ≤ every later one.
func TestPropertyOrderIsTransitive(t *testing.T) {
	vals := randomValues(2, 300, 3)
	slices.SortFunc(vals, Value.Compare)
	for i := range vals {
		for j := i + 1; j < len(vals); j++ {
			if vals[i].Compare(vals[j]) > 0 {
				t.Fatalf("order not transitive: %s > %s after sorting", vals[i], vals[j])
			}
		}
	}
}

// Equal values built in different ways (shuffled sets with duplicates,
// sequences as 1..n functions, records in another field order, @@, lazy
// and enumerated sets) are indistinguishable.
func TestPropertyRebuiltValuesAreIndistinguishable(t *testing.T) {
	g := newGen(3)
	for i := 0; i < 3000; i++ {
		v := g.value(4)
		w := g.rebuild(v)
		if !v.Equal(w) || !w.Equal(v) || v.Compare(w) != 0 || w.Compare(v) != 0 {
			t.Fatalf("rebuilt value differs: %s vs %s", v, w)
		}
		if v.Fingerprint() != w.Fingerprint() || v.Hash() != w.Hash() {
			t.Fatalf("rebuilt value hashes differently: %s", v)
		}
		if v.String() != w.String() || v.TLCString() != w.TLCString() {
			t.Fatalf("rebuilt value prints differently: %s vs %s", v, w)
		}
		ev, err1 := v.MarshalBinary()
		ew, err2 := w.MarshalBinary()
		if err1 != nil || err2 != nil || !bytes.Equal(ev, ew) {
			t.Fatalf("rebuilt value encodes differently: %s", v)
		}
		if v.IsTuple() != w.IsTuple() || v.IsFunction() != w.IsFunction() || v.IsSet() != w.IsSet() {
			t.Fatalf("rebuilt value has another kind: %s", v)
		}
	}
}

func TestPropertyEncodingRoundTrip(t *testing.T) {
	for i, v := range randomValues(4, 3000, 4) {
		enc, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Value
		if err := back.UnmarshalBinary(enc); err != nil {
			t.Fatalf("#%d: decoding %s: %v", i, v, err)
		}
		if !back.Equal(v) || back.Fingerprint() != v.Fingerprint() || back.String() != v.String() {
			t.Fatalf("#%d: round trip of %s gave %s", i, v, back)
		}
		again, _ := back.MarshalBinary()
		if !bytes.Equal(enc, again) {
			t.Fatalf("#%d: re-encoding %s changed the bytes", i, v)
		}
		app, _ := v.AppendBinary([]byte("prefix"))
		if !bytes.Equal(app[6:], enc) {
			t.Fatalf("AppendBinary differs from MarshalBinary")
		}
	}
}

// Set operators agree with membership: x ∈ A ∪ B ⇔ x ∈ A ∨ x ∈ B, etc.
func TestPropertySetAlgebra(t *testing.T) {
	g := newGen(5)
	universe := randomValues(6, 60, 2)
	for i := 0; i < 300; i++ {
		pick := func() Value {
			var m []Value
			for _, u := range universe {
				if g.r.Intn(4) == 0 {
					m = append(m, u)
				}
			}
			return MakeSet(m...)
		}
		a, b := pick(), pick()
		u, in, d := ModuleUnionSymbol(a, b), ModuleIntersectSymbol(a, b), ModuleBackslashSymbol(a, b)
		for _, x := range universe {
			xa, xb := ModuleInSymbol(x, a).AsBool(), ModuleInSymbol(x, b).AsBool()
			if ModuleInSymbol(x, u).AsBool() != (xa || xb) || ModuleInSymbol(x, in).AsBool() != (xa && xb) || ModuleInSymbol(x, d).AsBool() != (xa && !xb) {
				t.Fatalf("set algebra wrong for %s with %s, %s", x, a, b)
			}
		}
		sub := ModuleSubsetOrEqualSymbol(a, b).AsBool()
		if sub != ModuleUnionSymbol(a, b).Equal(b) || sub != in.Equal(a) {
			t.Fatalf("\\subseteq wrong for %s, %s", a, b)
		}
		if !ModuleCardinality(u).Equal(MakeNumber(ModuleCardinality(a).AsNumber() + ModuleCardinality(b).AsNumber() - ModuleCardinality(in).AsNumber())) {
			t.Fatalf("|A ∪ B| wrong for %s, %s", a, b)
		}
	}
}

// Values are immutable and their caches race-free: share values between
// goroutines that fingerprint, enumerate, print and build views (run with
// -race).
func TestConcurrentUseOfSharedValues(t *testing.T) {
	vals := randomValues(7, 200, 4)
	lazy := []Value{
		ModulePrefixSubsetSymbol(set(nums(1, 2, 3, 4)...)),
		MakeFunctionSet(set(num(1), num(2)), set(str("a"), str("b"))),
		ModuleDotDotSymbol(num(1), num(50)),
		MakeRecordSet([]RecordField{{str("x"), set(nums(1, 2)...)}}),
	}
	vals = append(vals, lazy...)
	var wg sync.WaitGroup
	results := make([][]uint64, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for _, v := range vals {
				results[w] = append(results[w], v.Fingerprint())
				_ = v.String()
				if v.IsSet() {
					_ = v.AsSet().Len()
					_ = v.SortedElements()
				}
				if v.IsTuple() {
					_ = v.AsTuple().Len()
				}
				if v.IsFunction() {
					_ = v.AsFunction().Len()
				}
			}
		}(w)
	}
	wg.Wait()
	for w := 1; w < 4; w++ {
		if !slices.Equal(results[0], results[w]) {
			t.Fatal("fingerprints differ between goroutines")
		}
	}
}
