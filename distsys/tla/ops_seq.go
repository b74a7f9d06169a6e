package tla

import "slices"

// Sequence operators accept every function with domain 1..n: that is exactly
// the internal tuple form.

func asSeq(v Value, op string) []Value {
	t, ok := v.base().(*tupleImpl)
	if !ok {
		typeErrorf("%s expects a sequence, got %s %s", op, kindOf(v.base()), describe(v))
	}
	return t.elems
}

// ModuleLen is Len(s).
func ModuleLen(s Value) Value { return MakeNumber(int32(len(asSeq(s, "Len")))) }

// ModuleAppend is Append(s, e).
func ModuleAppend(s, e Value) Value {
	elems := asSeq(s, "Append")
	t := newTuple(len(elems) + 1)
	copy(t.elems, elems)
	t.elems[len(elems)] = strip(e)
	return Value{t}
}

// ModuleHead is Head(s); Head(<<>>) panics.
func ModuleHead(s Value) Value {
	elems := asSeq(s, "Head")
	if len(elems) == 0 {
		typeErrorf("Head of the empty sequence")
	}
	return elems[0]
}

// ModuleTail is Tail(s); Tail(<<>>) panics. The result shares storage with s.
func ModuleTail(s Value) Value {
	elems := asSeq(s, "Tail")
	if len(elems) == 0 {
		typeErrorf("Tail of the empty sequence")
	}
	return mkTuple(elems[1:])
}

// ModuleOSymbol is s \o t.
func ModuleOSymbol(s, t Value) Value {
	a, b := asSeq(s, `\o`), asSeq(t, `\o`)
	if len(b) == 0 {
		return strip(s)
	}
	if len(a) == 0 {
		return strip(t)
	}
	n := len(a) + len(b)
	if at := s.base().(*tupleImpl); at.grow != nil && cap(at.elems)-len(a) >= len(b) &&
		at.grow.used.CompareAndSwap(int64(len(a)), int64(n)) {
		elems := at.elems[:n]
		copy(elems[len(a):], b)
		return Value{&tupleImpl{elems: elems, grow: at.grow}}
	}
	if n < growMin {
		out := newTuple(n)
		copy(out.elems[copy(out.elems, a):], b)
		return Value{out}
	}
	// A long result gets spare capacity so that later appends can extend it in place.
	elems := make([]Value, n, n+n/2)
	copy(elems[copy(elems, a):], b)
	out := &tupleImpl{elems: elems, grow: &growth{}}
	out.grow.used.Store(int64(n))
	return Value{out}
}

// growMin is the length from which \o leaves room to grow in place.
const growMin = 64

// ModuleSubSeq is SubSeq(s, m, n): <<>> if m > n, else 1 ≤ m ≤ n ≤ Len(s) is
// required.
func ModuleSubSeq(s, m, n Value) Value {
	elems := asSeq(s, "SubSeq")
	from, to := m.AsNumber(), n.AsNumber()
	if from > to {
		return Value{emptyTuple}
	}
	if from < 1 || int(to) > len(elems) {
		typeErrorf("SubSeq(%s, %d, %d) out of bounds 1..%d", describe(s), from, to, len(elems))
	}
	if from == 1 && int(to) == len(elems) {
		return Value{s.base()} // the whole sequence (which keeps its room to grow)
	}
	return mkTuple(elems[from-1 : to : to])
}

// ModuleSelectSeq is PGo's stub, kept for compatibility: a Value cannot hold
// an operator, so it always panics with ErrTLAType. Generated code calls
// SelectSeq(seq, test).
func ModuleSelectSeq(a, b Value) Value {
	typeErrorf("SelectSeq needs an operator argument; use tla.SelectSeq")
	return Value{}
}

// SelectSeq returns the elements of seq satisfying test, in order (mpgo
// addition).
func SelectSeq(seq Value, test func(Value) bool) Value {
	elems := asSeq(seq, "SelectSeq")
	var out []Value
	for _, e := range elems {
		if test(e) {
			out = append(out, e)
		}
	}
	return mkTuple(slices.Clip(out))
}

// SortSeq is TLC's SortSeq (mpgo addition): a stable sort where less(a, b)
// means a goes before b.
func SortSeq(seq Value, less func(a, b Value) bool) Value {
	out := slices.Clone(asSeq(seq, "SortSeq"))
	slices.SortStableFunc(out, func(a, b Value) int {
		if less(a, b) {
			return -1
		}
		if less(b, a) {
			return 1
		}
		return 0
	})
	return mkTuple(out)
}

// ModuleSeq is Seq(S): an infinite set with a membership test for non-empty
// S (enumerating it panics); Seq({}) is {<<>>}.
func ModuleSeq(s Value) Value {
	s = strip(s)
	requireSet(s, "the argument of Seq")
	if setFinite(s.data) && cardOf(s.data) == 0 {
		return MakeSet(Value{emptyTuple})
	}
	return Value{&seqSetImpl{base: s}}
}
