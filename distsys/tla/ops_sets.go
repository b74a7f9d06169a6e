package tla

import (
	"math"
	"slices"
)

func setArg(v Value, op string) impl {
	s := v.base()
	if kindOf(s) != kindSet {
		typeErrorf("%s expects a set, got %s %s", op, kindOf(s), describe(v))
	}
	return s
}

// ModuleInSymbol is x \in S; a membership test, also for lazy and infinite
// sets.
func ModuleInSymbol(value, set Value) Value {
	return MakeBool(contains(setArg(set, `\in`), value.base()))
}

// ModuleNotInSymbol is x \notin S.
func ModuleNotInSymbol(value, set Value) Value {
	return MakeBool(!contains(setArg(set, `\notin`), value.base()))
}

// ModuleSubsetOrEqualSymbol is S \subseteq T.
func ModuleSubsetOrEqualSymbol(lhs, rhs Value) Value {
	return MakeBool(subsetEq(setArg(lhs, `\subseteq`), setArg(rhs, `\subseteq`)))
}

// ModuleUnionSymbol is S \cup T. A union with an infinite set is supported
// only when it is that infinite set (the other side is included in it).
func ModuleUnionSymbol(lhs, rhs Value) Value {
	a, b := setArg(lhs, `\cup`), setArg(rhs, `\cup`)
	if x, ok := a.(*intervalImpl); ok {
		if y, ok := b.(*intervalImpl); ok && int64(max(x.lo, y.lo)) <= int64(min(x.hi, y.hi))+1 {
			return mkInterval(min(x.lo, y.lo), max(x.hi, y.hi))
		}
	}
	fa, fb := setFinite(a), setFinite(b)
	switch {
	case !fa && subsetEq(b, a):
		return Value{a}
	case !fb && subsetEq(a, b):
		return Value{b}
	case !fa || !fb:
		typeErrorf("the union of %s and %s is not representable", describeImpl(a), describeImpl(b))
	}
	ea, eb := setElems(a), setElems(b)
	if len(eb) == 0 {
		return Value{a}
	}
	if len(ea) == 0 {
		return Value{b}
	}
	return mkSet(unionSorted(ea, eb))
}

// ModuleIntersectSymbol is S \cap T; one side may be infinite.
func ModuleIntersectSymbol(lhs, rhs Value) Value {
	a, b := setArg(lhs, `\cap`), setArg(rhs, `\cap`)
	if x, ok := a.(*intervalImpl); ok {
		if y, ok := b.(*intervalImpl); ok {
			return mkInterval(max(x.lo, y.lo), min(x.hi, y.hi))
		}
	}
	xa, oka := a.(*setImpl)
	xb, okb := b.(*setImpl)
	switch {
	case oka && okb:
		return mkSet(intersectSorted(xa.elems, xb.elems))
	case oka:
		return filterSet(xa.elems, func(e Value) bool { return contains(b, e.data) })
	case okb:
		return filterSet(xb.elems, func(e Value) bool { return contains(a, e.data) })
	case setFinite(a):
		return filterSet(setElems(a), func(e Value) bool { return contains(b, e.data) })
	case setFinite(b):
		return filterSet(setElems(b), func(e Value) bool { return contains(a, e.data) })
	case elemClass(a.(lazySet)) != elemClass(b.(lazySet)):
		return Value{emptySet} // members of different kinds
	case subsetEq(a, b):
		return Value{a}
	case subsetEq(b, a):
		return Value{b}
	}
	typeErrorf("the intersection of %s and %s is not representable", describeImpl(a), describeImpl(b))
	return Value{}
}

// ModuleBackslashSymbol is S \ T; S must be finite unless T is empty.
func ModuleBackslashSymbol(lhs, rhs Value) Value {
	a, b := setArg(lhs, `\`), setArg(rhs, `\`)
	if !setFinite(a) {
		if setFinite(b) && cardOf(b) == 0 {
			return Value{a}
		}
		typeErrorf("the difference %s \\ %s is not representable", describeImpl(a), describeImpl(b))
	}
	ea := setElems(a)
	if xb, ok := b.(*setImpl); ok {
		if len(xb.elems) == 0 {
			return Value{a}
		}
		return mkSet(diffSorted(ea, xb.elems))
	}
	return filterSet(ea, func(e Value) bool { return !contains(b, e.data) })
}

func filterSet(elems []Value, keep func(Value) bool) Value {
	var out []Value
	for _, e := range elems {
		if keep(e) {
			out = append(out, e)
		}
	}
	return mkSet(slices.Clip(out))
}

// ModulePrefixSubsetSymbol is SUBSET S: a lazy set of all 2^|S| subsets
// (membership is an inclusion test); infinite when S is.
func ModulePrefixSubsetSymbol(v Value) Value {
	v = strip(v)
	setArg(v, "SUBSET")
	return Value{&powersetImpl{base: v, fin: setFinite(v.data)}}
}

// ModulePrefixUnionSymbol is UNION S, for a finite set of finite sets.
func ModulePrefixUnionSymbol(v Value) Value {
	var all []Value
	var single impl
	count := 0
	forEachElem(setArg(v, "UNION"), func(s Value) bool {
		if kindOf(s.data) != kindSet {
			typeErrorf("UNION: member %s is not a set", describe(s))
		}
		if cardOf(s.data) > 0 {
			all = append(all, setElems(s.data)...)
			single = s.data
			count++
		}
		return true
	})
	if count == 1 {
		return Value{single}
	}
	return mkSet(sortUnique(all))
}

// ModuleIsFiniteSet is IsFiniteSet(S).
func ModuleIsFiniteSet(v Value) Value {
	return MakeBool(setFinite(setArg(v, "IsFiniteSet")))
}

// ModuleCardinality is Cardinality(S); lazy sets are not enumerated.
func ModuleCardinality(v Value) Value {
	c := cardOf(setArg(v, "Cardinality"))
	if c > math.MaxInt32 {
		typeErrorf("Cardinality(%s) overflows", describe(v))
	}
	return MakeNumber(int32(c))
}

// ModuleDotDotSymbol is a..b, a lazy interval (empty when a > b).
func ModuleDotDotSymbol(from, to Value) Value {
	return mkInterval(from.AsNumber(), to.AsNumber())
}

// ModulePermutations is Permutations(S): the bijections from S to S.
func ModulePermutations(v Value) Value {
	elems := setElems(setArg(v, "Permutations"))
	n := len(elems)
	if n > 12 {
		typeErrorf("Permutations of %d elements: too many to enumerate", n)
	}
	perm := slices.Clone(elems)
	var out []Value
	for {
		out = append(out, mkFunc(elems, slices.Clone(perm)))
		if !nextPermutation(perm) {
			break
		}
	}
	// Lexicographic permutations of sorted values, over one sorted domain,
	// are already in canonical order.
	return mkSet(out)
}

// nextPermutation rearranges p into the next lexicographic permutation.
func nextPermutation(p []Value) bool {
	i := len(p) - 2
	for i >= 0 && compareImpl(p[i].data, p[i+1].data) >= 0 {
		i--
	}
	if i < 0 {
		return false
	}
	j := len(p) - 1
	for compareImpl(p[j].data, p[i].data) <= 0 {
		j--
	}
	p[i], p[j] = p[j], p[i]
	slices.Reverse(p[i+1:])
	return true
}

// CrossProduct is S \X T \X …: the set of tuples, in canonical order.
func CrossProduct(vs ...Value) Value {
	lists := setLists(vs, "an operand of \\X")
	var out []Value
	forEachProduct(lists, func(cur []Value) bool {
		out = append(out, tupleOf(cur))
		return true
	})
	return mkSet(slices.Clip(out))
}

// QuantifiedUniversal is \A x \in S, y \in T : pred, walking the product in
// canonical order (leftmost set outermost) and stopping at the first false.
// The slice passed to pred is reused: do not retain it.
func QuantifiedUniversal(setVals []Value, pred func([]Value) bool) Value {
	if len(setVals) == 1 {
		args := make([]Value, 1)
		return MakeBool(forEachElem(setArg(setVals[0], `\A`), func(e Value) bool {
			args[0] = e
			return pred(args)
		}))
	}
	return MakeBool(forEachProduct(setLists(setVals, `a \A bound`), pred))
}

// QuantifiedExistential is \E x \in S : pred, stopping at the first true;
// over {} it is FALSE.
func QuantifiedExistential(setVals []Value, pred func([]Value) bool) Value {
	if len(setVals) == 1 {
		args := make([]Value, 1)
		return MakeBool(!forEachElem(setArg(setVals[0], `\E`), func(e Value) bool {
			args[0] = e
			return !pred(args)
		}))
	}
	return MakeBool(!forEachProduct(setLists(setVals, `an \E bound`), func(cur []Value) bool { return !pred(cur) }))
}

// SetRefinement is {x \in S : pred}.
func SetRefinement(setVal Value, pred func(Value) bool) Value {
	var out []Value
	forEachElem(setArg(setVal, "a set filter"), func(e Value) bool {
		if pred(e) {
			out = append(out, e)
		}
		return true
	})
	return mkSet(slices.Clip(out))
}

// SetComprehension is {body : x \in S, y \in T}. The slice passed to body is
// reused: do not retain it.
func SetComprehension(setVals []Value, body func([]Value) Value) Value {
	var out []Value
	if len(setVals) == 1 {
		args := make([]Value, 1)
		forEachElem(setArg(setVals[0], "a set map"), func(e Value) bool {
			args[0] = e
			out = append(out, strip(body(args)))
			return true
		})
	} else {
		forEachProduct(setLists(setVals, "a set map"), func(cur []Value) bool {
			out = append(out, strip(body(cur)))
			return true
		})
	}
	return mkSet(sortUnique(out))
}

// Choose is CHOOSE x \in S : pred, the least member in canonical order
// satisfying pred; it panics with ErrTLAType when none does.
func Choose(setVal Value, pred func(value Value) bool) Value {
	var found Value
	ok := !forEachElem(setArg(setVal, "CHOOSE"), func(e Value) bool {
		if pred(e) {
			found = e
			return false
		}
		return true
	})
	if !ok {
		typeErrorf("CHOOSE: no member of %s satisfies the predicate", describe(setVal))
	}
	return found
}

// --- merges over canonically sorted slices ---

func unionSorted(a, b []Value) []Value {
	out := make([]Value, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := compareImpl(a[i].data, b[j].data); {
		case c < 0:
			out = append(out, a[i])
			i++
		case c > 0:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return slices.Clip(append(out, b[j:]...))
}

func intersectSorted(a, b []Value) []Value {
	var out []Value
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := compareImpl(a[i].data, b[j].data); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return slices.Clip(out)
}

func diffSorted(a, b []Value) []Value {
	var out []Value
	i, j := 0, 0
	for i < len(a) {
		if j >= len(b) {
			out = append(out, a[i:]...)
			break
		}
		switch c := compareImpl(a[i].data, b[j].data); {
		case c < 0:
			out = append(out, a[i])
			i++
		case c > 0:
			j++
		default:
			i++
			j++
		}
	}
	return slices.Clip(out)
}

func subsetSorted(a, b []Value) bool {
	if len(a) > len(b) {
		return false
	}
	j := 0
	for _, x := range a {
		c := -1
		for c < 0 && j < len(b) {
			c = compareImpl(b[j].data, x.data)
			j++
		}
		if c != 0 {
			return false // b ran out, or skipped past x
		}
	}
	return true
}
