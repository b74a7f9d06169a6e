package tla

import (
	"cmp"
	"slices"
	"strings"
)

// Compare is the canonical total order (runtime.md §2.3), returning -1, 0 or
// +1: defaultInitValue < booleans < numbers < strings < model values <
// sequences < sets < other functions. Within a kind: FALSE < TRUE, numbers
// ascending, strings and model-value names by bytes, sequences
// lexicographically, finite sets lexicographically by their sorted members,
// functions lexicographically by (key, value) pairs in key order (a proper
// prefix first). Infinite sets sort after all finite sets. Compare(a, b) == 0
// exactly when a.Equal(b).
func (v Value) Compare(other Value) int { return compareImpl(v.base(), other.base()) }

// Equal is structural equality; values of different kinds are never equal.
func (v Value) Equal(other Value) bool { return equalImpl(v.base(), other.base()) }

// compareImpl handles two values of the same implementation type first
// (type assertions compare one word; no kind lookup, no runtime.ifaceeq),
// then values of different kinds, then the mixed forms of sets.
func compareImpl(a, b impl) int {
	if x, ok := a.(*numImpl); ok {
		if y, ok := b.(*numImpl); ok {
			return cmp.Compare(x.n, y.n)
		}
	} else if x, ok := a.(*strImpl); ok {
		if y, ok := b.(*strImpl); ok {
			return strings.Compare(x.s, y.s)
		}
	} else if x, ok := a.(*tupleImpl); ok {
		if y, ok := b.(*tupleImpl); ok {
			if x == y {
				return 0
			}
			return compareSlices(x.elems, y.elems)
		}
	} else if x, ok := a.(*funcImpl); ok {
		if y, ok := b.(*funcImpl); ok {
			if x == y {
				return 0
			}
			return compareFuncs(x, y)
		}
	} else if x, ok := a.(*setImpl); ok {
		if y, ok := b.(*setImpl); ok {
			if x == y {
				return 0
			}
			return compareSlices(x.elems, y.elems)
		}
	} else if x, ok := a.(*boolImpl); ok {
		if y, ok := b.(*boolImpl); ok {
			switch {
			case x.b == y.b:
				return 0
			case y.b:
				return -1
			}
			return 1
		}
	} else if x, ok := a.(*modelImpl); ok {
		if y, ok := b.(*modelImpl); ok {
			return strings.Compare(x.name, y.name)
		}
	}
	ka, kb := kindOf(a), kindOf(b)
	if ka != kb {
		return cmp.Compare(ka, kb)
	}
	if ka == kindSet {
		return compareSets(a, b)
	}
	return 0 // both are defaultInitValue
}

func compareSlices(a, b []Value) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if c := compareImpl(a[i].data, b[i].data); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareFuncs(x, y *funcImpl) int {
	n := min(len(x.keys), len(y.keys))
	for i := 0; i < n; i++ {
		if c := compareImpl(x.keys[i].data, y.keys[i].data); c != 0 {
			return c
		}
		if c := compareImpl(x.vals[i].data, y.vals[i].data); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(x.keys), len(y.keys))
}

func compareSets(a, b impl) int {
	if x, ok := a.(*setImpl); ok {
		if y, ok := b.(*setImpl); ok {
			return compareSlices(x.elems, y.elems)
		}
	}
	fa, fb := setFinite(a), setFinite(b)
	switch {
	case fa && !fb:
		return -1
	case !fa && fb:
		return 1
	case !fa && !fb:
		return compareInfinite(a.(lazySet), b.(lazySet))
	}
	if x, ok := a.(*intervalImpl); ok {
		if y, ok := b.(*intervalImpl); ok {
			// Lexicographic order of the enumerations: smaller start first,
			// then the shorter one (a proper prefix).
			if c := cmp.Compare(x.lo, y.lo); c != 0 {
				return c
			}
			return cmp.Compare(x.hi, y.hi)
		}
	}
	return compareSlices(setElems(a), setElems(b))
}

func equalImpl(a, b impl) bool {
	if x, ok := a.(*numImpl); ok {
		y, ok := b.(*numImpl)
		return ok && x.n == y.n
	} else if x, ok := a.(*strImpl); ok {
		y, ok := b.(*strImpl)
		return ok && (x == y || x.s == y.s)
	} else if x, ok := a.(*tupleImpl); ok {
		y, ok := b.(*tupleImpl)
		return ok && (x == y || len(x.elems) == len(y.elems) && fpMayEqual(&x.fp, &y.fp) && equalSlices(x.elems, y.elems))
	} else if x, ok := a.(*funcImpl); ok {
		y, ok := b.(*funcImpl)
		return ok && (x == y || len(x.keys) == len(y.keys) && fpMayEqual(&x.fp, &y.fp) &&
			equalSlices(x.keys, y.keys) && equalSlices(x.vals, y.vals))
	} else if x, ok := a.(*boolImpl); ok {
		y, ok := b.(*boolImpl)
		return ok && x.b == y.b
	} else if x, ok := a.(*modelImpl); ok {
		y, ok := b.(*modelImpl)
		return ok && x.name == y.name
	} else if a == nil {
		return b == nil
	}
	if kindOf(a) != kindSet || kindOf(b) != kindSet {
		return false
	}
	return equalSets(a, b)
}

// fpMayEqual is a cheap negative test: two cached, different fingerprints
// prove two values different.
func fpMayEqual(x, y *fpCache) bool {
	fx, fy := x.v.Load(), y.v.Load()
	return fx == 0 || fy == 0 || fx == fy
}

func equalSlices(a, b []Value) bool {
	if len(a) > 0 && &a[0] == &b[0] {
		return true // shared storage (e.g. the key slice of EXCEPT results)
	}
	for i := range a {
		if !equalImpl(a[i].data, b[i].data) {
			return false
		}
	}
	return true
}

func equalSets(a, b impl) bool {
	x, okx := a.(*setImpl)
	y, oky := b.(*setImpl)
	if okx && oky {
		return x == y || len(x.elems) == len(y.elems) && fpMayEqual(&x.fp, &y.fp) && equalSlices(x.elems, y.elems)
	}
	fa, fb := setFinite(a), setFinite(b)
	if fa != fb {
		return false
	}
	if !fa {
		return compareInfinite(a.(lazySet), b.(lazySet)) == 0
	}
	if ca, ok := cheapCard(a); ok {
		if cb, ok := cheapCard(b); ok && ca != cb {
			return false
		}
	}
	ia, oka := a.(*intervalImpl)
	ib, okb := b.(*intervalImpl)
	switch {
	case oka && okb:
		return ia.lo == ib.lo && ia.hi == ib.hi
	case oka && oky:
		return intervalEqualsElems(ia, y.elems)
	case okb && okx:
		return intervalEqualsElems(ib, x.elems)
	}
	ea, eb := setElems(a), setElems(b)
	return len(ea) == len(eb) && equalSlices(ea, eb)
}

func intervalEqualsElems(iv *intervalImpl, elems []Value) bool {
	if int64(len(elems)) != int64(iv.hi)-int64(iv.lo)+1 {
		return false
	}
	for i, e := range elems {
		n, ok := e.data.(*numImpl)
		if !ok || int64(n.n) != int64(iv.lo)+int64(i) {
			return false
		}
	}
	return true
}

// sortUnique sorts elems canonically and removes duplicates in place.
func sortUnique(elems []Value) []Value {
	if !isStrictlySorted(elems) {
		slices.SortFunc(elems, func(a, b Value) int { return compareImpl(a.data, b.data) })
		elems = slices.CompactFunc(elems, func(a, b Value) bool { return equalImpl(a.data, b.data) })
	}
	return slices.Clip(elems)
}

func isStrictlySorted(elems []Value) bool {
	for i := 1; i < len(elems); i++ {
		if compareImpl(elems[i-1].data, elems[i].data) >= 0 {
			return false
		}
	}
	return true
}

// sortPairs sorts keys (moving vals along) stably and drops all but the last
// of equal keys; it returns the number of pairs kept, at the front.
func sortPairs(keys, vals []Value) int {
	if isStrictlySorted(keys) {
		return len(keys)
	}
	if len(keys) <= 12 {
		for i := 1; i < len(keys); i++ { // insertion sort: stable
			for j := i; j > 0 && compareImpl(keys[j-1].data, keys[j].data) > 0; j-- {
				keys[j-1], keys[j] = keys[j], keys[j-1]
				vals[j-1], vals[j] = vals[j], vals[j-1]
			}
		}
	} else {
		idx := make([]int, len(keys))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(i, j int) int { return compareImpl(keys[i].data, keys[j].data) })
		k2 := make([]Value, len(keys))
		v2 := make([]Value, len(keys))
		for i, j := range idx {
			k2[i], v2[i] = keys[j], vals[j]
		}
		copy(keys, k2)
		copy(vals, v2)
	}
	out := 0
	for i := range keys {
		if i+1 < len(keys) && equalImpl(keys[i].data, keys[i+1].data) {
			continue // a later duplicate wins
		}
		keys[out], vals[out] = keys[i], vals[i]
		out++
	}
	return out
}

// indexKey is indexSorted with a fast path for the string keys of records.
func indexKey(keys []Value, x impl) int {
	switch x := x.(type) {
	case *strImpl:
		if len(keys) <= 16 {
			for i, k := range keys {
				if ks, ok := k.data.(*strImpl); ok && (ks == x || ks.s == x.s) {
					return i
				}
			}
			return -1
		}
	case *modelImpl:
		// Functions over sets of model values ([Procs -> …]) are common in models; a
		// scan comparing pointers first beats a binary search through compareImpl.
		if len(keys) <= 16 {
			for i, k := range keys {
				if km, ok := k.data.(*modelImpl); ok && (km == x || km.name == x.name) {
					return i
				}
			}
			return -1
		}
	case *numImpl:
		// Keys are sorted and distinct, and numbers sort before every other kind, so
		// when the first and last keys are numbers spanning len(keys) values the keys
		// are exactly lo..hi and the index is x-lo.
		if n := len(keys); n > 0 {
			lo, ok1 := keys[0].data.(*numImpl)
			hi, ok2 := keys[n-1].data.(*numImpl)
			if ok1 && ok2 && int64(hi.n)-int64(lo.n) == int64(n-1) {
				if x.n < lo.n || x.n > hi.n {
					return -1
				}
				return int(x.n - lo.n)
			}
		}
	}
	return indexSorted(keys, x)
}

// indexSorted returns the index of x in canonically sorted elems, or -1.
func indexSorted(elems []Value, x impl) int {
	if len(elems) <= 8 {
		for i, e := range elems {
			if equalImpl(e.data, x) {
				return i
			}
		}
		return -1
	}
	lo, hi := 0, len(elems)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		c := compareImpl(elems[m].data, x)
		if c == 0 {
			return m
		} else if c < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return -1
}
