package tla

import (
	"bytes"
	"errors"
	"runtime"
	"testing"
)

func mustEncode(t testing.TB, v Value) []byte {
	t.Helper()
	b, err := v.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodingBytes(t *testing.T) {
	cases := []struct {
		v    Value
		want []byte
	}{
		{Value{}, []byte{1, tagZero}},
		{ModuleFALSE, []byte{1, tagFalse}},
		{ModuleTRUE, []byte{1, tagTrue}},
		{num(1), []byte{1, tagNumber, 2}},
		{num(-1), []byte{1, tagNumber, 1}},
		{num(-65), []byte{1, tagNumber, 0x81, 0x01}},
		{str("ab"), []byte{1, tagString, 2, 'a', 'b'}},
		{MakeModelValue("m"), []byte{1, tagModel, 1, 'm'}},
		{tup(num(0)), []byte{1, tagTuple, 1, tagNumber, 0}},
		{set(num(2), num(1)), []byte{1, tagSet, 2, tagNumber, 2, tagNumber, 4}},
		{ModuleDotDotSymbol(num(1), num(2)), []byte{1, tagSet, 2, tagNumber, 2, tagNumber, 4}},
		{rec("a", ModuleTRUE), []byte{1, tagFunc, 1, tagString, 1, 'a', tagTrue}},
		{fn(num(2), num(1), num(1), num(0)), []byte{1, tagTuple, 2, tagNumber, 0, tagNumber, 2}},
	}
	for _, c := range cases {
		if got := mustEncode(t, c.v); !bytes.Equal(got, c.want) {
			t.Errorf("encode(%s) = %v, want %v", c.v, got, c.want)
		}
		var back Value
		if err := back.UnmarshalBinary(c.want); err != nil || !back.Equal(c.v) {
			t.Errorf("decode(%v) = %s, %v", c.want, back, err)
		}
	}
	// Lazy sets encode as the enumerated set.
	p := ModulePrefixSubsetSymbol(set(num(1), num(2)))
	if !bytes.Equal(mustEncode(t, p), mustEncode(t, set(set(), set(num(1)), set(num(1), num(2)), set(num(2))))) {
		t.Error("SUBSET encodes differently from the enumerated set")
	}
	expectTypeError(t, "encode Nat", func() { _, _ = ModuleNat.MarshalBinary() })
	expectTypeError(t, "gob-encode Seq", func() { _, _ = ModuleSeq(set(num(1))).GobEncode() })
}

func TestDecodeErrors(t *testing.T) {
	deep := []byte{1}
	for i := 0; i < maxDecodeDepth+5; i++ {
		deep = append(deep, tagTuple, 1)
	}
	deep = append(deep, tagZero)
	okDepth := []byte{1}
	for i := 0; i < maxDecodeDepth; i++ {
		okDepth = append(okDepth, tagSet, 1)
	}
	okDepth = append(okDepth, tagZero)
	var v Value
	if err := v.UnmarshalBinary(okDepth); err != nil {
		t.Errorf("nesting of %d rejected: %v", maxDecodeDepth, err)
	}
	clockEntry := func(name string, self byte, count byte) []byte {
		return []byte{byte(len(name)), name[0], tagNumber, self, count}
	}
	cases := map[string][]byte{
		"empty":                   {},
		"version only":            {1},
		"bad version":             {2, tagZero},
		"unknown tag":             {1, 42},
		"trailing bytes":          {1, tagZero, 0},
		"truncated number":        {1, tagNumber, 0x80},
		"non-minimal number":      {1, tagNumber, 0x82, 0x00},
		"number beyond int32":     {1, tagNumber, 0x80, 0x80, 0x80, 0x80, 0x10},
		"truncated string":        {1, tagString, 5, 'a'},
		"string count overflow":   {1, tagString, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		"varint too long":         {1, tagString, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		"non-minimal count":       {1, tagTuple, 0x80, 0x00},
		"huge tuple count":        {1, tagTuple, 0xff, 0xff, 0xff, 0xff, 0x0f, tagZero},
		"truncated tuple":         {1, tagTuple, 2, tagZero},
		"unsorted set":            {1, tagSet, 2, tagNumber, 4, tagNumber, 2},
		"duplicate set members":   {1, tagSet, 2, tagNumber, 2, tagNumber, 2},
		"function as tuple":       {1, tagFunc, 1, tagNumber, 2, tagZero},
		"empty function":          {1, tagFunc, 0},
		"unsorted function":       {1, tagFunc, 2, tagString, 1, 'b', tagZero, tagString, 1, 'a', tagZero},
		"duplicate function keys": {1, tagFunc, 2, tagString, 1, 'a', tagZero, tagString, 1, 'a', tagZero},
		"function missing value":  {1, tagFunc, 1, tagString, 1, 'a'},
		"too deep":                deep,
		"causal below top":        append([]byte{1, tagTuple, 1, tagCausal, 0}, tagZero),
		"clock count 0":           append(append([]byte{1, tagCausal, 1}, clockEntry("A", 2, 0)...), tagZero),
		"clock unsorted":          append(append(append([]byte{1, tagCausal, 2}, clockEntry("B", 2, 1)...), clockEntry("A", 2, 1)...), tagZero),
		"clock duplicate":         append(append(append([]byte{1, tagCausal, 2}, clockEntry("A", 2, 1)...), clockEntry("A", 2, 1)...), tagZero),
		"causal inside causal":    append([]byte{1, tagCausal, 0, tagCausal, 0}, tagZero),
		"causal missing value":    {1, tagCausal, 0},
		"truncated clock":         {1, tagCausal, 1, 1, 'A'},
	}
	for name, input := range cases {
		var v Value
		err := v.UnmarshalBinary(input)
		if err == nil {
			t.Errorf("%s: decoded %s without error", name, v)
			continue
		}
		if !errors.Is(err, ErrInvalidEncoding) {
			t.Errorf("%s: error %v does not wrap ErrInvalidEncoding", name, err)
		}
		if !v.Equal(Value{}) {
			t.Errorf("%s: the target was modified on error", name)
		}
	}
	// A valid causal value with a two-entry clock.
	ok := append(append(append([]byte{1, tagCausal, 2}, clockEntry("A", 2, 1)...), clockEntry("B", 2, 3)...), tagTrue)
	if err := v.UnmarshalBinary(ok); err != nil || !v.Equal(ModuleTRUE) || v.GetVClock().Get("B", num(1)) != 3 {
		t.Errorf("valid causal value: %v %s", err, v)
	}
}

// Hostile counts must not cause allocation beyond the input's size: a
// nesting of tuples each claiming as many elements as the input has bytes.
func TestDecodeAllocationIsBounded(t *testing.T) {
	var input []byte
	input = append(input, 1)
	for i := 0; i < 200; i++ {
		input = append(input, tagTuple, 0xe8, 0x07) // claims 1000 elements
	}
	for len(input) < 1200 {
		input = append(input, tagZero)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var v Value
	err := v.UnmarshalBinary(input)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("hostile input decoded")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200_000 {
		t.Errorf("decoding %d hostile bytes allocated %d bytes", len(input), alloc)
	}
}

func FuzzDecode(f *testing.F) {
	seeds := []Value{
		Value{}, ModuleTRUE, num(-5), num(1 << 30), str("hello\n"), MakeModelValue("m"),
		tup(num(1), rec("b", num(1), "a", str("x"))),
		set(set(), set(num(1)), tup()),
		fn(set(num(1)), str("s"), ModuleTRUE, tup()),
		ModulePrefixSubsetSymbol(set(num(1), num(2))),
		rec("entries", tup(rec("term", num(1), "value", str("v"))), "term", num(3)),
	}
	for _, s := range seeds {
		f.Add(mustEncode(f, s))
	}
	causal, _ := wrapCausal(tup(num(1)), VClock{}.Inc("A", num(1)).Inc("B", str("x"))).MarshalBinary()
	f.Add(causal)
	f.Add([]byte{})
	f.Add([]byte{1, 42})
	f.Add([]byte{1, tagSet, 2, tagNumber, 4, tagNumber, 2})
	f.Add([]byte{1, tagTuple, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		var v Value
		if err := v.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrInvalidEncoding) {
				t.Fatalf("error %v does not wrap ErrInvalidEncoding", err)
			}
			return
		}
		// Only canonical input is accepted: re-encoding reproduces it.
		again, err := v.MarshalBinary()
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("decode/encode not the identity: %x -> %s -> %x", data, v, again)
		}
		if !v.Equal(v.StripVClock()) || v.Compare(v) != 0 {
			t.Fatal("decoded value not equal to itself")
		}
		_ = v.Fingerprint()
		_ = v.String()
		_ = v.TLCString()
	})
}
