package tla

import (
	"math"
	"slices"
)

// Bags (DECISION: standard semantics). A bag is a function from elements to
// positive counts; operators drop elements whose count reaches 0. Like every
// function with domain 1..n, a bag over {1, …, n} is also a sequence.

// asBag returns a bag's sorted elements and counts, checking bag-ness.
func asBag(v Value, op string) (keys []Value, counts []int32) {
	keys, vals := funcPairs(v, op+"'s bag argument")
	counts = make([]int32, len(vals))
	for i, c := range vals {
		n, ok := c.data.(*numImpl)
		if !ok || n.n <= 0 {
			typeErrorf("%s: %s is not a bag (count of %s is %s)", op, describe(v), describe(keys[i]), describe(c))
		}
		counts[i] = n.n
	}
	return keys, counts
}

func makeBag(keys []Value, counts []int64, op string) Value {
	var ks, vs []Value
	for i, c := range counts {
		if c <= 0 {
			continue
		}
		if c > math.MaxInt32 {
			typeErrorf("%s: count overflow", op)
		}
		ks = append(ks, keys[i])
		vs = append(vs, MakeNumber(int32(c)))
	}
	return mkFunc(slices.Clip(ks), slices.Clip(vs))
}

// ModuleEmptyBag is EmptyBag, the empty function (= <<>>).
var ModuleEmptyBag = Value{emptyTuple}

// ModuleIsABag is IsABag(B): B is a function with positive integer values.
func ModuleIsABag(b Value) Value {
	switch f := b.base().(type) {
	case *tupleImpl:
		return MakeBool(allPositive(f.elems))
	case *funcImpl:
		return MakeBool(allPositive(f.vals))
	}
	return ModuleFALSE
}

func allPositive(vals []Value) bool {
	for _, v := range vals {
		n, ok := v.data.(*numImpl)
		if !ok || n.n <= 0 {
			return false
		}
	}
	return true
}

// ModuleBagToSet is BagToSet(B) = DOMAIN B.
func ModuleBagToSet(b Value) Value {
	asBag(b, "BagToSet")
	return ModuleDomainSymbol(b)
}

// ModuleSetToBag is SetToBag(S) = [e \in S |-> 1].
func ModuleSetToBag(s Value) Value {
	elems := setElems(setArg(s, "SetToBag"))
	vals := make([]Value, len(elems))
	for i := range vals {
		vals[i] = MakeNumber(1)
	}
	return mkFunc(elems, vals)
}

// ModuleBagIn is BagIn(e, B).
func ModuleBagIn(e, b Value) Value {
	keys, _ := asBag(b, "BagIn")
	return MakeBool(indexSorted(keys, e.base()) >= 0)
}

// ModuleCopiesIn is CopiesIn(e, B): B[e], or 0 when e is not in B.
func ModuleCopiesIn(e, b Value) Value {
	keys, counts := asBag(b, "CopiesIn")
	if i := indexSorted(keys, e.base()); i >= 0 {
		return MakeNumber(counts[i])
	}
	return MakeNumber(0)
}

// ModuleOPlusSymbol is B1 (+) B2: counts add up.
func ModuleOPlusSymbol(lhs, rhs Value) Value {
	ak, ac := asBag(lhs, "(+)")
	bk, bc := asBag(rhs, "(+)")
	keys, ca, cb := alignBags(ak, ac, bk, bc)
	sum := make([]int64, len(keys))
	for i := range keys {
		sum[i] = int64(ca[i]) + int64(cb[i])
	}
	return makeBag(keys, sum, "(+)")
}

// ModuleOMinusSymbol is B1 (-) B2: counts subtract; elements whose count
// drops to 0 or below leave the bag.
func ModuleOMinusSymbol(lhs, rhs Value) Value {
	ak, ac := asBag(lhs, "(-)")
	bk, bc := asBag(rhs, "(-)")
	keys, ca, cb := alignBags(ak, ac, bk, bc)
	diff := make([]int64, len(keys))
	for i := range keys {
		diff[i] = int64(ca[i]) - int64(cb[i])
	}
	return makeBag(keys, diff, "(-)")
}

// alignBags merges two bags' sorted keys; missing counts are 0.
func alignBags(ak []Value, ac []int32, bk []Value, bc []int32) ([]Value, []int32, []int32) {
	var keys []Value
	var ca, cb []int32
	i, j := 0, 0
	for i < len(ak) || j < len(bk) {
		c := 0
		switch {
		case i >= len(ak):
			c = 1
		case j >= len(bk):
			c = -1
		default:
			c = compareImpl(ak[i].data, bk[j].data)
		}
		switch {
		case c < 0:
			keys, ca, cb = append(keys, ak[i]), append(ca, ac[i]), append(cb, 0)
			i++
		case c > 0:
			keys, ca, cb = append(keys, bk[j]), append(ca, 0), append(cb, bc[j])
			j++
		default:
			keys, ca, cb = append(keys, ak[i]), append(ca, ac[i]), append(cb, bc[j])
			i++
			j++
		}
	}
	return keys, ca, cb
}

// ModuleBagUnion is BagUnion(S): the (+) of every bag in the finite set S.
func ModuleBagUnion(s Value) Value {
	acc := ModuleEmptyBag
	forEachElem(setArg(s, "BagUnion"), func(b Value) bool {
		acc = ModuleOPlusSymbol(acc, b)
		return true
	})
	return acc
}

// ModuleSquareSubsetOrEqualSymbol is B1 \sqsubseteq B2: every element has at
// most as many copies in B1 as in B2.
func ModuleSquareSubsetOrEqualSymbol(lhs, rhs Value) Value {
	ak, ac := asBag(lhs, `\sqsubseteq`)
	bk, bc := asBag(rhs, `\sqsubseteq`)
	for i, k := range ak {
		j := indexSorted(bk, k.data)
		if j < 0 || ac[i] > bc[j] {
			return ModuleFALSE
		}
	}
	return ModuleTRUE
}

// ModuleSubBag is SubBag(B): the set of all bags B' with B' \sqsubseteq B.
func ModuleSubBag(b Value) Value {
	keys, counts := asBag(b, "SubBag")
	total := int64(1)
	for _, c := range counts {
		total = mulCard(total, int64(c)+1)
	}
	if total >= cardHuge {
		typeErrorf("SubBag(%s) has too many elements", describe(b))
	}
	lists := make([][]Value, len(keys))
	for i, c := range counts {
		lists[i] = make([]Value, c+1)
		for n := range lists[i] {
			lists[i][n] = MakeNumber(int32(n))
		}
	}
	out := make([]Value, 0, total)
	forEachProduct(lists, func(cur []Value) bool {
		c := make([]int64, len(cur))
		for i, n := range cur {
			c[i] = int64(n.data.(*numImpl).n)
		}
		out = append(out, makeBag(keys, c, "SubBag"))
		return true
	})
	return mkSet(sortUnique(out))
}

// ModuleBagCardinality is BagCardinality(B): the total number of copies.
func ModuleBagCardinality(b Value) Value {
	_, counts := asBag(b, "BagCardinality")
	var sum int64
	for _, c := range counts {
		sum += int64(c)
	}
	if sum > math.MaxInt32 {
		typeErrorf("BagCardinality(%s) overflows", describe(b))
	}
	return MakeNumber(int32(sum))
}

// BagOfAll is Bags' BagOfAll(F, B) (mpgo addition): the bag mapping each
// F(x), x in B, to the sum of the copies of every x with that image.
func BagOfAll(f func(Value) Value, bag Value) Value {
	keys, counts := asBag(bag, "BagOfAll")
	imgs := make([]Value, len(keys))
	sums := make([]int64, len(keys))
	for i, k := range keys {
		imgs[i] = strip(f(k))
		sums[i] = int64(counts[i])
	}
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return compareImpl(imgs[i].data, imgs[j].data) })
	var ks []Value
	var cs []int64
	for _, i := range idx {
		if n := len(ks); n > 0 && equalImpl(ks[n-1].data, imgs[i].data) {
			cs[n-1] += sums[i]
			continue
		}
		ks, cs = append(ks, imgs[i]), append(cs, sums[i])
	}
	return makeBag(ks, cs, "BagOfAll")
}
