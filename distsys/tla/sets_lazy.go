package tla

import (
	"math"
	"sync/atomic"
)

// Lazy sets answer membership and cardinality without enumerating. A finite
// lazy set is observably identical to the enumerated set: equality, order,
// fingerprints, printing and encoding go through its materialization (built
// once, cached). Infinite sets panic with ErrTLAType when enumerated; equality
// and order between two infinite sets are structural (same construction with
// equal arguments), which is exact for the constructions that can be built.
type lazySet interface {
	impl
	finite() bool
	materialize() *setImpl // panics for an infinite set
	contains(x impl) bool
	card() int64 // finite sets only; saturates at cardHuge
	infRank() int
}

// cardHuge stands for every cardinality that does not fit an int32.
const cardHuge = int64(math.MaxInt32) + 1

// Ranks of infinite constructions, for the order between infinite sets.
const (
	rankNat = iota
	rankInt
	rankSTRING
	rankSeq
	rankFuncSet
	rankRecSet
	rankPowerset
)

// matCache holds the materialization of a finite lazy set.
type matCache struct{ p atomic.Pointer[setImpl] }

func (c *matCache) get(gen func() []Value) *setImpl {
	if s := c.p.Load(); s != nil {
		return s
	}
	elems := gen()
	s := emptySet
	if len(elems) > 0 {
		s = &setImpl{elems: elems}
	}
	if !c.p.CompareAndSwap(nil, s) {
		return c.p.Load()
	}
	return s
}

func mulCard(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a >= cardHuge || b >= cardHuge || a > cardHuge/b {
		return cardHuge
	}
	return min(a*b, cardHuge)
}

func checkEnumerable(card int64, s impl) {
	if card >= cardHuge {
		typeErrorf("set %s has too many elements to enumerate", describeImpl(s))
	}
}

// --- a..b ---

// intervalImpl is a..b with lo ≤ hi (an empty interval is the empty set).
type intervalImpl struct {
	lo, hi int32
	fp     fpCache
	mat    matCache
}

func (*intervalImpl) kind() kind   { return kindSet }
func (*intervalImpl) finite() bool { return true }
func (*intervalImpl) infRank() int { return -1 }
func (s *intervalImpl) card() int64 {
	return int64(s.hi) - int64(s.lo) + 1
}
func (s *intervalImpl) contains(x impl) bool {
	n, ok := x.(*numImpl)
	return ok && n.n >= s.lo && n.n <= s.hi
}
func (s *intervalImpl) materialize() *setImpl {
	return s.mat.get(func() []Value {
		checkEnumerable(s.card(), s)
		elems := make([]Value, s.card())
		for i := range elems {
			elems[i] = MakeNumber(s.lo + int32(i))
		}
		return elems
	})
}

func mkInterval(lo, hi int32) Value {
	if lo > hi {
		return Value{emptySet}
	}
	return Value{&intervalImpl{lo: lo, hi: hi}}
}

// --- [S -> T] ---

type funcSetImpl struct {
	domSet Value
	rng    Value
	dom    []Value // sorted domain when domSet is finite
	fin    bool
	mat    matCache
}

func (*funcSetImpl) kind() kind     { return kindSet }
func (s *funcSetImpl) finite() bool { return s.fin }
func (*funcSetImpl) infRank() int   { return rankFuncSet }
func (s *funcSetImpl) card() int64 {
	r := cardOf(s.rng.data)
	c := int64(1)
	for range s.dom {
		c = mulCard(c, r)
	}
	return c
}
func (s *funcSetImpl) contains(x impl) bool {
	if s.dom == nil && !setFinite(s.domSet.data) {
		return false // no finite function has an infinite domain
	}
	vals, ok := domainMatches(x, s.dom)
	if !ok {
		return false
	}
	for _, v := range vals {
		if !contains(s.rng.data, v.data) {
			return false
		}
	}
	return true
}
func (s *funcSetImpl) materialize() *setImpl {
	if !s.fin {
		enumerateInfinite(s)
	}
	return s.mat.get(func() []Value {
		checkEnumerable(s.card(), s)
		r := setElems(s.rng.data)
		lists := make([][]Value, len(s.dom))
		for i := range lists {
			lists[i] = r
		}
		return enumerateFunctions(s.dom, lists)
	})
}

// domainMatches returns x's values when x is a function whose sorted domain is
// exactly dom.
func domainMatches(x impl, dom []Value) ([]Value, bool) {
	switch f := x.(type) {
	case *tupleImpl:
		if len(f.elems) == len(dom) && isOneToN(dom) {
			return f.elems, true
		}
	case *funcImpl:
		if len(f.keys) == len(dom) && equalSlices(f.keys, dom) {
			return f.vals, true
		}
	}
	return nil, false
}

// enumerateFunctions lists, in canonical order, the functions with the given
// sorted domain whose value at keys[i] ranges over lists[i] (each sorted):
// an odometer whose last position turns fastest is exactly the canonical
// (lexicographic) order. Values share one backing array.
func enumerateFunctions(keys []Value, lists [][]Value) []Value {
	total := int64(1)
	for _, l := range lists {
		total = mulCard(total, int64(len(l)))
	}
	if total == 0 {
		return nil
	}
	n := len(keys)
	tuple := isOneToN(keys)
	out := make([]Value, 0, total)
	backing := make([]Value, int(total)*n)
	forEachProduct(lists, func(cur []Value) bool {
		vals := backing[:n:n]
		backing = backing[n:]
		copy(vals, cur)
		if tuple {
			out = append(out, mkTuple(vals))
		} else {
			out = append(out, Value{&funcImpl{keys: keys, vals: vals}})
		}
		return true
	})
	return out
}

// MakeFunctionSet returns [from -> to], a lazy set: membership is a test and
// cardinality is |to|^|from|; it is enumerated only when needed.
func MakeFunctionSet(from, to Value) Value {
	from, to = strip(from), strip(to)
	requireSet(from, "the domain of a function set")
	requireSet(to, "the range of a function set")
	fromFin, toFin := setFinite(from.data), setFinite(to.data)
	if fromFin && cardOf(from.data) == 0 {
		return MakeSet(Value{emptyTuple}) // [{} -> T] = {<<>>}
	}
	if toFin && cardOf(to.data) == 0 {
		return Value{emptySet} // no function maps a non-empty set into {}
	}
	s := &funcSetImpl{domSet: from, rng: to, fin: fromFin && toFin}
	if fromFin {
		s.dom = setElems(from.data)
	}
	return Value{s}
}

// --- [a: S, b: T] ---

type recSetImpl struct {
	keys []Value // sorted field names (any kind)
	sets []Value
	fin  bool
	mat  matCache
}

func (*recSetImpl) kind() kind     { return kindSet }
func (s *recSetImpl) finite() bool { return s.fin }
func (*recSetImpl) infRank() int   { return rankRecSet }
func (s *recSetImpl) card() int64 {
	c := int64(1)
	for _, t := range s.sets {
		c = mulCard(c, cardOf(t.data))
	}
	return c
}
func (s *recSetImpl) contains(x impl) bool {
	vals, ok := domainMatches(x, s.keys)
	if !ok {
		return false
	}
	for i, v := range vals {
		if !contains(s.sets[i].data, v.data) {
			return false
		}
	}
	return true
}
func (s *recSetImpl) materialize() *setImpl {
	if !s.fin {
		enumerateInfinite(s)
	}
	return s.mat.get(func() []Value {
		checkEnumerable(s.card(), s)
		lists := make([][]Value, len(s.sets))
		for i, t := range s.sets {
			lists[i] = setElems(t.data)
		}
		return enumerateFunctions(s.keys, lists)
	})
}

// MakeRecordSet returns [k1: S1, k2: S2, …], a lazy set of functions (records)
// with exactly the given keys; a later duplicate key wins.
func MakeRecordSet(pairs []RecordField) Value {
	n := len(pairs)
	keys, sets := make([]Value, n), make([]Value, n)
	for i, p := range pairs {
		keys[i], sets[i] = strip(p.Key), strip(p.Value)
		requireSet(sets[i], "a record set's field")
	}
	m := sortPairs(keys, sets)
	keys, sets = keys[:m:m], sets[:m:m]
	fin := true
	for _, t := range sets {
		if setFinite(t.data) {
			if cardOf(t.data) == 0 {
				return Value{emptySet}
			}
		} else {
			fin = false
		}
	}
	if m == 0 {
		return MakeSet(Value{emptyTuple})
	}
	return Value{&recSetImpl{keys: keys, sets: sets, fin: fin}}
}

// --- SUBSET S ---

type powersetImpl struct {
	base Value
	fin  bool
	mat  matCache
}

func (*powersetImpl) kind() kind     { return kindSet }
func (s *powersetImpl) finite() bool { return s.fin }
func (*powersetImpl) infRank() int   { return rankPowerset }
func (s *powersetImpl) card() int64 {
	n := cardOf(s.base.data)
	if n >= 31 {
		return cardHuge
	}
	return 1 << n
}
func (s *powersetImpl) contains(x impl) bool {
	return kindOf(x) == kindSet && subsetEq(x, s.base.data)
}
func (s *powersetImpl) materialize() *setImpl {
	if !s.fin {
		enumerateInfinite(s)
	}
	return s.mat.get(func() []Value {
		checkEnumerable(s.card(), s)
		elems := setElems(s.base.data)
		out := make([]Value, 0, s.card())
		cur := make([]Value, 0, len(elems))
		// Depth-first pre-order over sorted members yields the canonical
		// order: {} < {a} < {a, b} < {a, b, c} < {a, c} < {b} < …
		var walk func(start int)
		walk = func(start int) {
			out = append(out, setOfSorted(cur))
			for j := start; j < len(elems); j++ {
				cur = append(cur, elems[j])
				walk(j + 1)
				cur = cur[:len(cur)-1]
			}
		}
		walk(0)
		return out
	})
}

// --- Seq(S) ---

type seqSetImpl struct{ base Value }

func (*seqSetImpl) kind() kind   { return kindSet }
func (*seqSetImpl) finite() bool { return false }
func (*seqSetImpl) infRank() int { return rankSeq }
func (*seqSetImpl) card() int64  { return cardHuge }
func (s *seqSetImpl) materialize() *setImpl {
	enumerateInfinite(s)
	return nil
}
func (s *seqSetImpl) contains(x impl) bool {
	t, ok := x.(*tupleImpl)
	if !ok {
		return false
	}
	for _, e := range t.elems {
		if !contains(s.base.data, e.data) {
			return false
		}
	}
	return true
}

// --- Nat, Int, STRING ---

type namedSetImpl struct {
	rank int
	name string
}

func (*namedSetImpl) kind() kind     { return kindSet }
func (*namedSetImpl) finite() bool   { return false }
func (s *namedSetImpl) infRank() int { return s.rank }
func (*namedSetImpl) card() int64    { return cardHuge }
func (s *namedSetImpl) materialize() *setImpl {
	enumerateInfinite(s)
	return nil
}
func (s *namedSetImpl) contains(x impl) bool {
	switch s.rank {
	case rankNat:
		n, ok := x.(*numImpl)
		return ok && n.n >= 0
	case rankInt:
		_, ok := x.(*numImpl)
		return ok
	default:
		_, ok := x.(*strImpl)
		return ok
	}
}

var (
	// ModuleNat is the infinite set of natural numbers (mpgo addition).
	ModuleNat = Value{&namedSetImpl{rankNat, "Nat"}}
	// ModuleInt is the infinite set of integers (mpgo addition).
	ModuleInt = Value{&namedSetImpl{rankInt, "Int"}}
	// ModuleSTRING is the infinite set of strings (mpgo addition).
	ModuleSTRING = Value{&namedSetImpl{rankSTRING, "STRING"}}
)

func enumerateInfinite(s impl) {
	typeErrorf("cannot enumerate the infinite set %s", describeImpl(s))
}

// --- generic set access ---

func setFinite(s impl) bool {
	switch t := s.(type) {
	case *setImpl:
		return true
	case lazySet:
		return t.finite()
	}
	return false
}

// setElems returns the sorted members of a finite set (materializing a lazy
// one); it panics for infinite sets. s must be a set.
func setElems(s impl) []Value {
	if t, ok := s.(*setImpl); ok {
		return t.elems
	}
	return s.(lazySet).materialize().elems
}

// cardOf is the cardinality of a finite set, saturating at cardHuge.
func cardOf(s impl) int64 {
	if t, ok := s.(*setImpl); ok {
		return int64(len(t.elems))
	}
	l := s.(lazySet)
	if !l.finite() {
		enumerateInfinite(s)
	}
	return l.card()
}

// cheapCard reports a finite set's cardinality when it is known without
// enumeration (always, for the current constructions).
func cheapCard(s impl) (int64, bool) {
	if !setFinite(s) {
		return 0, false
	}
	return cardOf(s), true
}

// contains is x ∈ s for a set s.
func contains(s impl, x impl) bool {
	switch t := s.(type) {
	case *setImpl:
		return indexSorted(t.elems, x) >= 0
	case lazySet:
		return t.contains(x)
	}
	typeErrorf("membership test in %s, which is not a set", describeImpl(s))
	return false
}

// forEachElem calls fn on the members of a finite set in canonical order
// until fn returns false; it reports whether it went through all of them.
func forEachElem(s impl, fn func(Value) bool) bool {
	switch t := s.(type) {
	case *setImpl:
		for _, e := range t.elems {
			if !fn(e) {
				return false
			}
		}
		return true
	case *intervalImpl:
		for i := int64(t.lo); i <= int64(t.hi); i++ {
			if !fn(MakeNumber(int32(i))) {
				return false
			}
		}
		return true
	}
	for _, e := range setElems(s) {
		if !fn(e) {
			return false
		}
	}
	return true
}

// finiteSet returns the enumerated form of a finite set value.
func finiteSet(v Value) *setImpl {
	switch t := v.base().(type) {
	case *setImpl:
		return t
	case lazySet:
		return t.materialize()
	}
	wrongKind("a set", v)
	return nil
}

func requireSet(v Value, what string) {
	if kindOf(v.base()) != kindSet {
		typeErrorf("%s must be a set, got %s %s", what, kindOf(v.base()), describe(v))
	}
}

// compareInfinite orders infinite sets structurally: by construction, then
// by arguments.
func compareInfinite(a, b lazySet) int {
	ra, rb := a.infRank(), b.infRank()
	if ra != rb {
		if ra < rb {
			return -1
		}
		return 1
	}
	switch x := a.(type) {
	case *seqSetImpl:
		return compareImpl(x.base.data, b.(*seqSetImpl).base.data)
	case *funcSetImpl:
		y := b.(*funcSetImpl)
		if c := compareImpl(x.domSet.data, y.domSet.data); c != 0 {
			return c
		}
		return compareImpl(x.rng.data, y.rng.data)
	case *recSetImpl:
		return compareFuncs(&funcImpl{keys: x.keys, vals: x.sets}, &funcImpl{keys: b.(*recSetImpl).keys, vals: b.(*recSetImpl).sets})
	case *powersetImpl:
		return compareImpl(x.base.data, b.(*powersetImpl).base.data)
	}
	return 0 // named sets: equal ranks are the same set
}

// elemClass groups infinite sets by the kind of their members, to decide
// some inclusions between infinite sets.
func elemClass(s lazySet) int {
	switch s.infRank() {
	case rankNat, rankInt:
		return 1
	case rankSTRING:
		return 2
	case rankPowerset:
		return 3
	}
	return 4 // functions and sequences
}

// subsetEq is a \subseteq b for sets a and b.
func subsetEq(a, b impl) bool {
	if x, ok := a.(*setImpl); ok {
		switch y := b.(type) {
		case *setImpl:
			return subsetSorted(x.elems, y.elems)
		case *intervalImpl:
			if len(x.elems) == 0 {
				return true
			}
			// Sorted members: if the least and the greatest are numbers in
			// range, so is everything between them.
			return y.contains(x.elems[0].data) && y.contains(x.elems[len(x.elems)-1].data)
		}
	}
	if setFinite(a) {
		return forEachElem(a, func(e Value) bool { return contains(b, e.data) })
	}
	la := a.(lazySet)
	if setFinite(b) {
		return false // an infinite set is never included in a finite one
	}
	lb := b.(lazySet)
	if compareInfinite(la, lb) == 0 {
		return true
	}
	if elemClass(la) != elemClass(lb) {
		return false
	}
	switch x := la.(type) {
	case *namedSetImpl:
		return x.rank == rankNat && lb.infRank() == rankInt
	case *seqSetImpl:
		if y, ok := lb.(*seqSetImpl); ok {
			return subsetEq(x.base.data, y.base.data)
		}
	case *powersetImpl:
		if y, ok := lb.(*powersetImpl); ok {
			return subsetEq(x.base.data, y.base.data)
		}
	case *funcSetImpl:
		if y, ok := lb.(*funcSetImpl); ok && equalImpl(x.domSet.data, y.domSet.data) {
			return subsetEq(x.rng.data, y.rng.data)
		}
	}
	typeErrorf("cannot decide whether %s is a subset of %s", describeImpl(a), describeImpl(b))
	return false
}
