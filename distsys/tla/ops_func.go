package tla

import "slices"

// ApplyFunction is f[x]; t[i] is 1-based. An argument outside the domain, or
// a v that is not a function, panics with ErrTLAType.
func (v Value) ApplyFunction(argument Value) Value {
	r, ok := v.LookupFunction(argument)
	if !ok {
		typeErrorf("%s is not in the domain of the function %s", describe(argument), describe(v))
	}
	return r
}

// LookupFunction is f[x] without a panic for an argument outside the domain
// (mpgo addition): it reports false instead. v must still be a function.
func (v Value) LookupFunction(arg Value) (Value, bool) {
	switch f := v.base().(type) {
	case *tupleImpl:
		n, ok := arg.base().(*numImpl)
		if !ok || n.n < 1 || int(n.n) > len(f.elems) {
			return Value{}, false
		}
		return f.elems[n.n-1], true
	case *funcImpl:
		if i := indexKey(f.keys, arg.base()); i >= 0 {
			return f.vals[i], true
		}
		return Value{}, false
	}
	wrongKind("a function", v)
	return Value{}, false
}

// SelectElement returns the idx-th member (from 0) of a finite set in
// canonical order; an index past the end panics with ErrTLAType.
func (v Value) SelectElement(idx uint) Value {
	s := v.base()
	if kindOf(s) != kindSet {
		wrongKind("a set", v)
	}
	if iv, ok := s.(*intervalImpl); ok {
		if uint64(idx) < uint64(iv.card()) {
			return MakeNumber(int32(int64(iv.lo) + int64(idx)))
		}
	} else if elems := setElems(s); uint64(idx) < uint64(len(elems)) {
		return elems[idx]
	}
	typeErrorf("SelectElement(%d) past the end of %s", idx, describe(v))
	return Value{}
}

// SortedElements returns the members of a finite set in canonical order
// (mpgo addition). The slice may be the set's internal storage: do not
// modify it.
func (v Value) SortedElements() []Value { return finiteSet(v).elems }

// SortedKeys returns a function's domain in canonical order (mpgo addition).
// For non-sequence functions the slice is internal storage: do not modify it.
func (v Value) SortedKeys() []Value {
	switch f := v.base().(type) {
	case *tupleImpl:
		return oneToN(len(f.elems))
	case *funcImpl:
		return f.keys
	}
	wrongKind("a function", v)
	return nil
}

func oneToN(n int) []Value {
	keys := make([]Value, n)
	for i := range keys {
		keys[i] = MakeNumber(int32(i + 1))
	}
	return keys
}

// funcPairs returns a function's sorted keys and its values.
func funcPairs(v Value, what string) (keys, vals []Value) {
	switch f := v.base().(type) {
	case *tupleImpl:
		return oneToN(len(f.elems)), f.elems
	case *funcImpl:
		return f.keys, f.vals
	}
	typeErrorf("%s must be a function, got %s %s", what, kindOf(v.base()), describe(v))
	return nil, nil
}

// forEachProduct calls fn with every combination of one element from each
// list, leftmost list outermost, each in its given order, until fn returns
// false. The slice passed to fn is reused between calls. With no lists, fn is
// called once with an empty slice.
func forEachProduct(lists [][]Value, fn func(cur []Value) bool) bool {
	n := len(lists)
	for _, l := range lists {
		if len(l) == 0 {
			return true
		}
	}
	idx := make([]int, n)
	cur := make([]Value, n)
	for i, l := range lists {
		cur[i] = l[0]
	}
	for {
		if !fn(cur) {
			return false
		}
		i := n - 1
		for ; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(lists[i]) {
				cur[i] = lists[i][idx[i]]
				break
			}
			idx[i] = 0
			cur[i] = lists[i][0]
		}
		if i < 0 {
			return true
		}
	}
}

func setLists(setVals []Value, what string) [][]Value {
	lists := make([][]Value, len(setVals))
	for i, s := range setVals {
		s = strip(s)
		requireSet(s, what)
		lists[i] = setElems(s.data)
	}
	return lists
}

// MakeFunction is [x \in S, y \in T |-> body]: the key is the element for one
// set and <<x, y, …>> for several. body is called in canonical order (the
// slice it receives is reused: do not retain it); an empty domain gives the
// empty function without calling body; no sets panics.
func MakeFunction(setVals []Value, body func([]Value) Value) Value {
	if len(setVals) == 0 {
		typeErrorf("MakeFunction needs at least one set")
	}
	if len(setVals) == 1 {
		s := strip(setVals[0])
		requireSet(s, "a function constructor's domain")
		if iv, ok := s.data.(*intervalImpl); ok && iv.lo == 1 {
			// [i \in 1..n |-> e] is a sequence: no key slice needed.
			vals := make([]Value, iv.hi)
			args := make([]Value, 1)
			for i := range vals {
				args[0] = MakeNumber(int32(i + 1))
				vals[i] = strip(body(args))
			}
			return mkTuple(vals)
		}
		keys := setElems(s.data)
		if len(keys) == 0 {
			return Value{emptyTuple}
		}
		var out Value
		var vals []Value
		if isOneToN(keys) {
			t := newTuple(len(keys))
			out, vals = Value{t}, t.elems
		} else {
			f := newFunc(len(keys), false)
			f.keys = keys // shared with the set: both immutable
			out, vals = Value{f}, f.vals
		}
		args := make([]Value, 1)
		for i, k := range keys {
			args[0] = k
			vals[i] = strip(body(args))
		}
		return out
	}
	lists := setLists(setVals, "a function constructor's domain")
	var keys, vals []Value
	forEachProduct(lists, func(cur []Value) bool {
		keys = append(keys, tupleOf(cur))
		vals = append(vals, strip(body(cur)))
		return true
	})
	return mkFunc(slices.Clip(keys), slices.Clip(vals))
}

// FunctionSubstitutionRecord is one `![k1][k2]… = value` of an EXCEPT; Value
// receives the old value (@).
type FunctionSubstitutionRecord struct {
	Keys  []Value
	Value func(anchor Value) Value
}

// FunctionSubstitution is [f EXCEPT ![a][b] = …, …], applying the records
// left to right. Every key on a path must already be in the domain (EXCEPT
// never extends a function), else it panics with ErrTLAType.
func FunctionSubstitution(source Value, substitutions []FunctionSubstitutionRecord) Value {
	cur := strip(source)
	for _, s := range substitutions {
		cur = substitute(cur, s.Keys, s.Value)
	}
	return cur
}

func substitute(src Value, keys []Value, fn func(Value) Value) Value {
	if len(keys) == 0 {
		return strip(fn(src))
	}
	key := keys[0].base()
	switch f := src.data.(type) {
	case *tupleImpl:
		n, ok := key.(*numImpl)
		if !ok || n.n < 1 || int(n.n) > len(f.elems) {
			break
		}
		i := n.n - 1
		nv := substitute(f.elems[i], keys[1:], fn)
		if nv.data == f.elems[i].data {
			return src
		}
		t := newTuple(len(f.elems))
		copy(t.elems, f.elems)
		t.elems[i] = nv
		return Value{t}
	case *funcImpl:
		i := indexKey(f.keys, key)
		if i < 0 {
			break
		}
		nv := substitute(f.vals[i], keys[1:], fn)
		if nv.data == f.vals[i].data {
			return src
		}
		g := newFunc(len(f.keys), false)
		g.keys = f.keys
		copy(g.vals, f.vals)
		g.vals[i] = nv
		return Value{g}
	default:
		typeErrorf("EXCEPT on %s %s, which is not a function", kindOf(src.data), describe(src))
	}
	typeErrorf("EXCEPT: %s is not in the domain of %s", describeImpl(key), describe(src))
	return Value{}
}

// ModuleColonGreaterThanSymbol is a :> b, the function [x \in {a} |-> b].
func ModuleColonGreaterThanSymbol(a, b Value) Value {
	k := strip(a)
	if n, ok := k.data.(*numImpl); ok && n.n == 1 {
		t := newTuple(1)
		t.elems[0] = strip(b)
		return Value{t}
	}
	f := newFunc(1, true)
	f.keys[0], f.vals[0] = k, strip(b)
	return Value{f}
}

// ModuleDoubleAtSignSymbol is f @@ g: the union of two functions where f wins
// on common keys.
func ModuleDoubleAtSignSymbol(lhs, rhs Value) Value {
	fk, fv := funcPairs(lhs, "the left side of @@")
	gk, gv := funcPairs(rhs, "the right side of @@")
	if len(gk) == 0 {
		return strip(lhs)
	}
	if len(fk) == 0 {
		return strip(rhs)
	}
	if g, ok := strip(rhs).data.(*funcImpl); ok && len(fk)*overlayRatio <= len(gk) {
		return overlay(fk, fv, g)
	}
	// Merge twice: count, then fill an exactly sized result.
	merge := func(emit func(k, v Value)) {
		i, j := 0, 0
		for i < len(fk) && j < len(gk) {
			switch c := compareImpl(fk[i].data, gk[j].data); {
			case c < 0:
				emit(fk[i], fv[i])
				i++
			case c > 0:
				emit(gk[j], gv[j])
				j++
			default: // the left side wins
				emit(fk[i], fv[i])
				i++
				j++
			}
		}
		for ; i < len(fk); i++ {
			emit(fk[i], fv[i])
		}
		for ; j < len(gk); j++ {
			emit(gk[j], gv[j])
		}
	}
	n := 0
	merge(func(Value, Value) { n++ })
	f := newFunc(n, true)
	n = 0
	merge(func(k, v Value) { f.keys[n], f.vals[n] = k, v; n++ })
	if isOneToN(f.keys) {
		return tupleOf(f.vals)
	}
	return Value{f}
}

// overlayRatio is how much larger the right side of @@ must be than the left for
// overlay, whose binary searches beat a linear merge's comparisons.
const overlayRatio = 8

// overlay is f @@ g for a few keys fk over a large function g, the shape of a
// key-value store's put ((k :> v) @@ store): each left key is found by binary
// search and the runs of g between them are copied in bulk, so the cost is
// O(|f| log |g|) comparisons plus a memmove instead of |f|+|g| comparisons.
// When the domain does not grow, the result shares g's keys.
func overlay(fk, fv []Value, g *funcImpl) Value {
	var buf [8]int
	pos := buf[:0]
	if len(fk) > len(buf) {
		pos = make([]int, 0, len(fk))
	}
	added, same, lo := 0, true, 0
	for _, k := range fk {
		p, found := slices.BinarySearchFunc(g.keys[lo:], k, func(e, k Value) int { return compareImpl(e.data, k.data) })
		p += lo
		if found {
			same = same && fv[len(pos)].data == g.vals[p].data
			// Mark found keys by a negative position: -(p+1).
			pos = append(pos, -(p + 1))
			lo = p + 1
		} else {
			added++
			pos = append(pos, p)
			lo = p
		}
	}
	if added == 0 {
		if same { // every value identical: f @@ g = g
			return Value{g}
		}
		h := newFunc(len(g.keys), false)
		h.keys = g.keys
		copy(h.vals, g.vals)
		for i, p := range pos {
			h.vals[-p-1] = fv[i]
		}
		return Value{h}
	}
	h := newFunc(len(g.keys)+added, true)
	out, j := 0, 0
	for i, p := range pos {
		next := p // g's first index after this key
		if p < 0 {
			p = -p - 1
			next = p + 1
		}
		copy(h.keys[out:], g.keys[j:p])
		copy(h.vals[out:], g.vals[j:p])
		out += p - j
		h.keys[out], h.vals[out] = fk[i], fv[i]
		out++
		j = next
	}
	copy(h.keys[out:], g.keys[j:])
	copy(h.vals[out:], g.vals[j:])
	if isOneToN(h.keys) {
		return tupleOf(h.vals)
	}
	return Value{h}
}

// ModuleDomainSymbol is DOMAIN f; DOMAIN of a sequence is 1..Len.
func ModuleDomainSymbol(v Value) Value {
	switch f := v.base().(type) {
	case *tupleImpl:
		return mkInterval(1, int32(len(f.elems)))
	case *funcImpl:
		return mkSet(f.keys)
	}
	typeErrorf("DOMAIN of %s %s, which is not a function", kindOf(v.base()), describe(v))
	return Value{}
}
