package tla

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"testing"
)

func TestVClock(t *testing.T) {
	var zero VClock
	if zero.Get("A", num(1)) != 0 || zero.String() != "{}" {
		t.Error("the zero VClock is empty")
	}
	c := zero.Inc("A", num(1)).Inc("A", num(1)).Inc("B", str("x"))
	if c.Get("A", num(1)) != 2 || c.Get("B", str("x")) != 1 || c.Get("A", num(2)) != 0 {
		t.Errorf("Inc/Get: %s", c)
	}
	if zero.Get("A", num(1)) != 0 {
		t.Error("Inc must not modify the receiver")
	}
	d := zero.Inc("A", num(1)).Inc("C", num(3)).Inc("C", num(3)).Inc("C", num(3))
	m := c.Merge(d)
	if m.Get("A", num(1)) != 2 || m.Get("B", str("x")) != 1 || m.Get("C", num(3)) != 3 {
		t.Errorf("Merge: %s", m)
	}
	if zero.Merge(d).Get("C", num(3)) != 3 || d.Merge(zero).Get("C", num(3)) != 3 {
		t.Error("Merge with the zero clock")
	}
	if s := m.String(); s != `{<<"A", 1>> -> 2, <<"B", "x">> -> 1, <<"C", 3>> -> 3}` {
		t.Errorf("String = %s", s)
	}
	js, err := json.Marshal(m)
	if err != nil || string(js) != `[[["A","1"],2],[["B","\"x\""],1],[["C","3"],3]]` {
		t.Errorf("MarshalJSON = %s, %v", js, err)
	}
	if js, _ := json.Marshal(zero); string(js) != "[]" {
		t.Errorf("MarshalJSON(zero) = %s", js)
	}
	enc, err := m.GobEncode()
	if err != nil {
		t.Fatal(err)
	}
	var back VClock
	if err := back.GobDecode(enc); err != nil || back.String() != m.String() {
		t.Errorf("GobDecode: %v %s", err, back)
	}
	if err := back.GobDecode(append(enc, 0)); err == nil {
		t.Error("trailing bytes accepted")
	}
	// Through encoding/gob in a struct.
	type msg struct{ Clock VClock }
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&msg{m}); err != nil {
		t.Fatal(err)
	}
	var out msg
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil || out.Clock.Get("C", num(3)) != 3 {
		t.Errorf("gob round trip: %v %s", err, out.Clock)
	}
}

// DECISION (runtime.md §2.1): Equal, Hash, the order, printing and accessors
// ignore a causal wrapper's clock.
func TestDecisionCausalWrapperIsTransparent(t *testing.T) {
	clock := VClock{}.Inc("A", num(1))
	v := rec("a", set(num(1), num(2)))
	w := wrapCausal(v, clock)
	if !w.Equal(v) || !v.Equal(w) || w.Compare(v) != 0 || w.Hash() != v.Hash() || w.Fingerprint() != v.Fingerprint() {
		t.Error("the clock must not affect equality, order or hashing")
	}
	if w.String() != v.String() || w.TLCString() != v.TLCString() {
		t.Error("the clock must not affect printing")
	}
	if !w.IsFunction() || !w.ApplyFunction(str("a")).Equal(set(num(1), num(2))) || w.AsFunction().Len() != 1 {
		t.Error("accessors look through the wrapper")
	}
	if got := w.GetVClock(); got == nil || got.Get("A", num(1)) != 1 {
		t.Error("GetVClock")
	}
	if v.GetVClock() != nil || w.StripVClock().GetVClock() != nil || !w.StripVClock().Equal(v) {
		t.Error("StripVClock")
	}
	// Wrapping twice keeps one wrapper, the new clock.
	w2 := wrapCausal(w, clock.Inc("A", num(1)))
	if w2.GetVClock().Get("A", num(1)) != 2 || w2.StripVClock().GetVClock() != nil {
		t.Error("re-wrapping")
	}
	// Members of composites are stored unwrapped.
	s := MakeSet(w, num(3))
	if !s.Equal(set(v, num(3))) || s.SelectElement(1).GetVClock() != nil {
		t.Error("a set built from a wrapped value")
	}
	expectEqual(t, "operators look through the wrapper", ModuleUnionSymbol(wrapCausal(set(num(1)), clock), set(num(2))), set(num(1), num(2)))
	// The wrapper travels through the encoding.
	enc, _ := w.GobEncode()
	var back Value
	if err := back.GobDecode(enc); err != nil || !back.Equal(v) || back.GetVClock() == nil || back.GetVClock().Get("A", num(1)) != 1 {
		t.Errorf("causal encoding: %v %s", err, back)
	}
	again, _ := back.GobEncode()
	if !bytes.Equal(enc, again) {
		t.Error("causal encoding is not canonical")
	}
	// Tracing is off in tests (PGO_TRACE_DIR unset): WrapCausal is the identity.
	if !tracingEnabled && WrapCausal(v, clock).GetVClock() != nil {
		t.Error("WrapCausal must be the identity when tracing is disabled")
	}
}
