package tla

import (
	"errors"
	"math/rand"
	"testing"
)

// Short constructors for tests.
func num(n int32) Value     { return MakeNumber(n) }
func str(s string) Value    { return MakeString(s) }
func tup(vs ...Value) Value { return MakeTuple(vs...) }
func set(vs ...Value) Value { return MakeSet(vs...) }
func nums(ns ...int32) []Value {
	out := make([]Value, len(ns))
	for i, n := range ns {
		out[i] = MakeNumber(n)
	}
	return out
}

// rec builds a record from alternating string keys and values.
func rec(kv ...any) Value {
	var fields []RecordField
	for i := 0; i < len(kv); i += 2 {
		fields = append(fields, RecordField{MakeString(kv[i].(string)), kv[i+1].(Value)})
	}
	return MakeRecord(fields)
}

// fn builds a function from alternating keys and values.
func fn(kv ...Value) Value {
	var fields []RecordField
	for i := 0; i < len(kv); i += 2 {
		fields = append(fields, RecordField{kv[i], kv[i+1]})
	}
	return MakeRecord(fields)
}

// expectTypeError checks that f panics with an error wrapping ErrTLAType.
func expectTypeError(t *testing.T, what string, f func()) {
	t.Helper()
	err := catch(f)
	if err == nil {
		t.Errorf("%s: expected a panic wrapping ErrTLAType, got none", what)
		return
	}
	if !errors.Is(err, ErrTLAType) {
		t.Errorf("%s: panic %v does not wrap ErrTLAType", what, err)
	}
}

// catch runs f and returns what it panicked with, as an error.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = errors.New("non-error panic")
			}
		}
	}()
	f()
	return nil
}

func expectEqual(t *testing.T, what string, got, want Value) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func expectBool(t *testing.T, what string, got Value, want bool) {
	t.Helper()
	if !got.IsBool() || got.AsBool() != want {
		t.Errorf("%s = %s, want %v", what, got, want)
	}
}

// gen generates random values: nested sets, sequences, functions, records,
// strings, numbers, booleans, model values and lazy sets.
type gen struct{ r *rand.Rand }

func newGen(seed int64) *gen { return &gen{rand.New(rand.NewSource(seed))} }

var genStrings = []string{"", "a", "b", "ab", "x\"y", "é", "key", "a\nb", "a string longer than 16 bytes", "a string longer than 16 byteZ", "12345678"}

func (g *gen) scalar() Value {
	switch g.r.Intn(7) {
	case 0:
		return MakeBool(g.r.Intn(2) == 0)
	case 1, 2:
		return MakeNumber(int32(g.r.Intn(9) - 3))
	case 3:
		// occasionally outside the preallocated range
		return MakeNumber(int32(g.r.Intn(5)) + 1<<20)
	case 4, 5:
		return MakeString(genStrings[g.r.Intn(len(genStrings))])
	default:
		if g.r.Intn(4) == 0 {
			return Value{}
		}
		return MakeModelValue([]string{"m1", "m2"}[g.r.Intn(2)])
	}
}

func (g *gen) value(depth int) Value {
	if depth <= 0 || g.r.Intn(3) == 0 {
		return g.scalar()
	}
	n := g.r.Intn(4)
	switch g.r.Intn(9) {
	case 0, 1: // sequence
		vs := make([]Value, n)
		for i := range vs {
			vs[i] = g.value(depth - 1)
		}
		return MakeTuple(vs...)
	case 2, 3: // set
		vs := make([]Value, n)
		for i := range vs {
			vs[i] = g.value(depth - 1)
		}
		return MakeSet(vs...)
	case 4: // record
		var fs []RecordField
		for i := 0; i < n; i++ {
			fs = append(fs, RecordField{MakeString(genStrings[g.r.Intn(len(genStrings))]), g.value(depth - 1)})
		}
		return MakeRecord(fs)
	case 5: // function with arbitrary keys (sometimes 1..n)
		var fs []RecordField
		for i := 0; i < n; i++ {
			fs = append(fs, RecordField{g.value(depth - 2), g.value(depth - 1)})
		}
		return MakeRecord(fs)
	case 6: // lazy interval
		lo := int32(g.r.Intn(5) - 2)
		return ModuleDotDotSymbol(MakeNumber(lo), MakeNumber(lo+int32(g.r.Intn(4))-1))
	case 7: // lazy function or record set
		if g.r.Intn(2) == 0 {
			return MakeFunctionSet(MakeSet(nums(1, 2)[:g.r.Intn(3)]...), MakeSet(g.scalar(), g.scalar()))
		}
		return MakeRecordSet([]RecordField{{MakeString("a"), MakeSet(g.scalar(), g.scalar())}, {MakeString("b"), MakeSet(g.scalar())}})
	default: // SUBSET
		vs := make([]Value, n)
		for i := range vs {
			vs[i] = g.scalar()
		}
		return ModulePrefixSubsetSymbol(MakeSet(vs...))
	}
}

// rebuild constructs a value equal to v through different constructors:
// shuffled and duplicated set members, sequences as 1..n functions, record
// fields in another order, lazy sets enumerated and enumerated sets as
// intervals when possible.
func (g *gen) rebuild(v Value) Value {
	switch {
	case v.IsTuple():
		elems := v.AsTuple()
		n := elems.Len()
		fs := make([]RecordField, n)
		for i := 0; i < n; i++ {
			fs[i] = RecordField{MakeNumber(int32(i + 1)), g.rebuild(elems.Get(i))}
		}
		switch g.r.Intn(3) {
		case 0:
			g.r.Shuffle(n, func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
			return MakeRecord(fs)
		case 1:
			if n == 0 {
				return MakeRecord(nil)
			}
			return MakeFunction([]Value{ModuleDotDotSymbol(MakeNumber(1), MakeNumber(int32(n)))}, func(a []Value) Value {
				return fs[a[0].AsNumber()-1].Value
			})
		default:
			b := MakeTupleFromList(MakeTuple().AsTuple())
			for _, f := range fs {
				b = ModuleAppend(b, f.Value)
			}
			return b
		}
	case v.IsFunction():
		keys := v.SortedKeys()
		fs := make([]RecordField, len(keys))
		for i, k := range keys {
			fs[i] = RecordField{g.rebuild(k), g.rebuild(v.ApplyFunction(k))}
		}
		g.r.Shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
		if g.r.Intn(2) == 0 && len(fs) > 1 {
			// a later duplicate wins, and @@ unions
			fs = append([]RecordField{{fs[0].Key, MakeString("overwritten")}}, fs...)
			left := MakeRecord(fs[len(fs)/2:])
			right := MakeRecord(fs[:len(fs)/2])
			return ModuleDoubleAtSignSymbol(left, right)
		}
		return MakeRecord(fs)
	case v.IsSet():
		if f := ModuleIsFiniteSet(v); !f.AsBool() {
			return v
		}
		elems := v.SortedElements()
		if len(elems) > 0 && elems[0].IsNumber() && elems[len(elems)-1].IsNumber() &&
			int(elems[len(elems)-1].AsNumber()-elems[0].AsNumber()) == len(elems)-1 && g.r.Intn(2) == 0 {
			return ModuleDotDotSymbol(elems[0], elems[len(elems)-1])
		}
		vs := make([]Value, 0, 2*len(elems))
		for _, e := range elems {
			vs = append(vs, g.rebuild(e))
			if g.r.Intn(3) == 0 {
				vs = append(vs, g.rebuild(e))
			}
		}
		g.r.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
		return MakeSet(vs...)
	case v.IsString():
		return MakeString(string([]byte(v.AsString())))
	case v.IsNumber():
		return MakeNumber(v.AsNumber())
	case v.IsModelValue():
		return MakeModelValue(v.AsModelValue())
	}
	return v
}
