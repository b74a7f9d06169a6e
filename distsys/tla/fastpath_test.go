package tla

import (
	"hash/maphash"
	"math/rand"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// f @@ g through overlay (a few keys over a large function) must equal the
// function built from g's pairs followed by f's, with the same fingerprint.
func TestDoubleAtOverlay(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	key := func() Value {
		switch r.Intn(4) {
		case 0:
			return num(int32(r.Intn(200)))
		case 1:
			return str(string(rune('a' + r.Intn(26))))
		case 2:
			return tup(num(int32(r.Intn(5))), str("x"))
		}
		return MakeModelValue(string(rune('A' + r.Intn(10))))
	}
	for iter := range 2000 {
		var gf, ff []RecordField
		for range 16 + r.Intn(100) {
			gf = append(gf, RecordField{key(), num(int32(r.Intn(3)))})
		}
		g := MakeRecord(gf)
		gf = gf[:0]
		for _, k := range g.SortedKeys() {
			gf = append(gf, RecordField{k, g.ApplyFunction(k)})
		}
		for range 1 + r.Intn(len(gf)/overlayRatio) {
			if r.Intn(2) == 0 { // an existing key, sometimes with its own value
				p := gf[r.Intn(len(gf))]
				if r.Intn(3) == 0 {
					ff = append(ff, p)
				} else {
					ff = append(ff, RecordField{p.Key, num(int32(r.Intn(3)))})
				}
			} else {
				ff = append(ff, RecordField{key(), num(7)})
			}
		}
		f := MakeRecord(ff)
		got := ModuleDoubleAtSignSymbol(f, g)
		want := MakeRecord(append(append([]RecordField(nil), gf...), ff...))
		if !got.Equal(want) || got.Fingerprint() != want.Fingerprint() || got.Compare(want) != 0 {
			t.Fatalf("iteration %d: %v @@ %v = %v, want %v", iter, f, g, got, want)
		}
		if !isStrictlySorted(got.SortedKeys()) {
			t.Fatalf("iteration %d: keys not sorted: %v", iter, got)
		}
	}
	// Filling the gaps of a function whose domain becomes 1..n gives a tuple.
	var gf []RecordField
	for i := int32(2); i <= 17; i++ {
		gf = append(gf, RecordField{num(i), num(i)})
	}
	g := MakeRecord(gf)
	got := ModuleDoubleAtSignSymbol(ModuleColonGreaterThanSymbol(num(1), num(1)), g)
	if !got.IsTuple() || got.Fingerprint() != tup(nums(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)...).Fingerprint() {
		t.Fatalf("got %v, want the tuple 1..17", got)
	}
	// Identical values: the result is the right side itself.
	same := ModuleDoubleAtSignSymbol(ModuleColonGreaterThanSymbol(num(5), g.ApplyFunction(num(5))), g)
	if same.data != g.data {
		t.Fatalf("overwriting with identical values copied the function")
	}
}

// Interned and non-interned strings are the same values, from any goroutine.
func TestMakeStringIntern(t *testing.T) {
	long := strings.Repeat("x", internMaxLen+1)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 5000 {
				s := "k" + strconv.Itoa((i*7+g)%3000)
				a, b := MakeString(s), MakeString(strings.Clone(s))
				if !a.Equal(b) || a.Fingerprint() != b.Fingerprint() || a.AsString() != s {
					t.Errorf("MakeString(%q) gave different values", s)
					return
				}
			}
		})
	}
	wg.Wait()
	if a, b := MakeString(long), MakeString(long); !a.Equal(b) || a.Fingerprint() != b.Fingerprint() {
		t.Fatal("long strings differ")
	}
	// Unless its slot went to another string, a short string is shared.
	a := MakeString("mtype").data
	if slot := internTable[maphash.String(internSeed, "mtype")&(internSlots-1)].Load(); slot == a && MakeString("mtype").data != a {
		t.Fatal("a short string was not interned")
	}
}
