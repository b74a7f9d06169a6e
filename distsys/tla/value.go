package tla

import (
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"sync/atomic"

	"github.com/benbjohnson/immutable"
)

// ErrTLAType is wrapped by every panic raised for a TLA+ type or domain error
// (wrong kind, key outside a domain, overflow, enumerating an infinite set, …).
var ErrTLAType = errors.New("TLA+ type error")

// typeErrorf panics with an error wrapping ErrTLAType.
func typeErrorf(format string, args ...any) {
	panic(fmt.Errorf("%w: %s", ErrTLAType, fmt.Sprintf(format, args...)))
}

// Value is an immutable TLA+ value. The zero Value is PlusCal's
// defaultInitValue. A Value must be compared with Equal, never with ==, and
// must not be a Go map key (use ValueHasher or distsys/hashmap).
type Value struct {
	data impl
}

// kind is a value's kind; the numeric order is the canonical order between
// kinds (runtime.md §2.3, with model values between strings and tuples).
type kind uint8

const (
	kindDefault kind = iota
	kindBool
	kindNumber
	kindString
	kindModel
	kindTuple // functions with domain 1..n, <<>> included
	kindSet
	kindFunction // every other function
)

var kindNames = [...]string{"defaultInitValue", "boolean", "number", "string", "model value", "sequence", "set", "function"}

func (k kind) String() string { return kindNames[k] }

// impl is implemented by the immutable objects a Value points to. Every
// implementation is a pointer type, so comparing two impls with == is a cheap
// identity test.
type impl interface {
	kind() kind
}

// ImplStubs is kept for PGo source compatibility. PGo's implementations
// embedded it; mpgo's implementation types are unexported, so it is unused.
type ImplStubs struct{}

// MakeValueFromImpl wraps an implementation object. Its parameter type is
// unexported, so only this package can call it.
func MakeValueFromImpl(impl impl) Value { return Value{data: impl} }

// base returns the implementation, looking through a causal wrapper: clocks
// are ignored by everything but GetVClock and StripVClock.
func (v Value) base() impl {
	if c, ok := v.data.(*causalImpl); ok {
		return c.value.data
	}
	return v.data
}

// strip drops a causal wrapper. Composite values never store wrapped members,
// so comparisons and fingerprints need not look for wrappers below the top.
func strip(v Value) Value {
	if c, ok := v.data.(*causalImpl); ok {
		return c.value
	}
	return v
}

func kindOf(i impl) kind {
	switch i.(type) {
	case nil:
		return kindDefault
	case *numImpl:
		return kindNumber
	case *strImpl:
		return kindString
	case *tupleImpl:
		return kindTuple
	case *funcImpl:
		return kindFunction
	case *setImpl:
		return kindSet
	case *boolImpl:
		return kindBool
	}
	return i.kind()
}

// fpCache lazily stores a fingerprint. 0 means "not computed yet"; a computed
// fingerprint of 0 is replaced by 1 (see fixFP), so the cache is race-free
// with one atomic word.
type fpCache struct{ v atomic.Uint64 }

func fixFP(fp uint64) uint64 {
	if fp == 0 {
		return 1
	}
	return fp
}

// --- scalars ---

type boolImpl struct{ b bool }

func (*boolImpl) kind() kind { return kindBool }

var (
	trueImpl  = &boolImpl{true}
	falseImpl = &boolImpl{false}
)

type numImpl struct{ n int32 }

func (*numImpl) kind() kind { return kindNumber }

// Numbers in [smallNumMin, smallNumMax) are preallocated so that arithmetic
// on the small numbers of typical models does not allocate.
const (
	smallNumMin = -1024
	smallNumMax = 1 << 15
)

var smallNums = func() *[smallNumMax - smallNumMin]numImpl {
	var t [smallNumMax - smallNumMin]numImpl
	for i := range t {
		t[i].n = int32(i + smallNumMin)
	}
	return &t
}()

type strImpl struct {
	s  string
	fp fpCache
}

func (*strImpl) kind() kind { return kindString }

type modelImpl struct {
	name string
	fp   fpCache
}

func (*modelImpl) kind() kind { return kindModel }

// --- composites ---

// tupleImpl is every function whose domain is 1..n (n ≥ 0).
type tupleImpl struct {
	elems []Value // may be shared with other values: see growth
	grow  *growth // set on tuples made by \o, whose elems start a backing array
	fp    fpCache
	list  atomic.Pointer[immutable.List[Value]]
}

// growth lets \o extend a long sequence in place (amortised O(len(b)) instead of
// O(len(a)+len(b))), as a Raft log grows by appends: used is how many slots of the
// backing array some tuple covers. \o writes past the end of a only if a covers exactly
// used slots and it wins the compare-and-swap that extends used, so a slot is written
// once, before any value covering it exists, and no existing value ever changes.
type growth struct{ used atomic.Int64 }

func (*tupleImpl) kind() kind { return kindTuple }

// setImpl is a finite, enumerated set: members sorted in canonical order,
// without duplicates.
type setImpl struct {
	elems []Value
	fp    fpCache
	m     atomic.Pointer[immutable.Map[Value, bool]]
}

func (*setImpl) kind() kind { return kindSet }

// funcImpl is a non-empty function whose domain is not 1..n: keys sorted in
// canonical order without duplicates, vals[i] = f[keys[i]].
type funcImpl struct {
	keys []Value
	vals []Value
	fp   fpCache
	m    atomic.Pointer[immutable.Map[Value, Value]]
}

func (*funcImpl) kind() kind { return kindFunction }

var (
	emptyTuple = &tupleImpl{}
	emptySet   = &setImpl{}
)

// --- constructors ---

// MakeBool returns the shared ModuleTRUE or ModuleFALSE.
func MakeBool(v bool) Value {
	if v {
		return Value{trueImpl}
	}
	return Value{falseImpl}
}

// MakeNumber returns a number; small numbers do not allocate.
func MakeNumber(num int32) Value {
	if num >= smallNumMin && num < smallNumMax {
		return Value{&smallNums[num-smallNumMin]}
	}
	return Value{&numImpl{num}}
}

// MakeString returns a string value. Short strings come from a shared table
// (see internString), so the record field names and message tags that
// generated code builds at every access do not allocate.
func MakeString(value string) Value {
	if len(value) <= internMaxLen {
		return Value{internString(value)}
	}
	return Value{&strImpl{s: value}}
}

// String interning: a fixed-size, direct-mapped table of string values. A slot is
// filled once (compare-and-swap from nil) and never replaced, so the table holds at
// most internSlots strings of at most internMaxLen bytes, and a hit is a hash and a
// string comparison instead of an allocation. Values are immutable, so sharing one
// strImpl is invisible except that Equal's pointer fast paths hit more often.
const (
	internSlots  = 1 << 14
	internMaxLen = 64
)

var (
	internSeed  = maphash.MakeSeed()
	internTable [internSlots]atomic.Pointer[strImpl]
)

func internString(s string) *strImpl {
	h := maphash.String(internSeed, s)
	slot := &internTable[h&(internSlots-1)]
	if x := slot.Load(); x != nil {
		if x.s == s {
			return x
		}
		return &strImpl{s: s} // the slot belongs to another string
	}
	// Clone: s may be a slice of a larger buffer the table must not keep alive.
	return internSlow(slot, strings.Clone(s))
}

// internBytes is internString(string(b)) without converting b on a hit (the
// decoder's case).
func internBytes(b []byte) *strImpl {
	h := maphash.Bytes(internSeed, b)
	slot := &internTable[h&(internSlots-1)]
	if x := slot.Load(); x != nil {
		if x.s == string(b) {
			return x
		}
		return &strImpl{s: string(b)}
	}
	return internSlow(slot, string(b))
}

// internSlow stores a new value for s (which it keeps) in an empty slot.
func internSlow(slot *atomic.Pointer[strImpl], s string) *strImpl {
	x := &strImpl{s: s}
	if slot.CompareAndSwap(nil, x) {
		return x
	}
	if y := slot.Load(); y.s == s {
		return y
	}
	return x
}

// MakeModelValue returns TLC's model value with the given name (mpgo
// addition). It equals only the model value of the same name, sorts after
// strings and before tuples (by name), and prints as the bare name.
func MakeModelValue(name string) Value { return Value{&modelImpl{name: name}} }

// mkTuple takes ownership of elems (which must hold no causal wrappers).
func mkTuple(elems []Value) Value {
	if len(elems) == 0 {
		return Value{emptyTuple}
	}
	return Value{&tupleImpl{elems: elems}}
}

// mkSet takes ownership of elems, which must be sorted and duplicate-free.
func mkSet(elems []Value) Value {
	if len(elems) == 0 {
		return Value{emptySet}
	}
	return Value{&setImpl{elems: elems}}
}

// mkFunc takes ownership of keys and vals (keys sorted and unique). A function
// with domain 1..n becomes a tuple, so the two forms are one value.
func mkFunc(keys, vals []Value) Value {
	if isOneToN(keys) {
		return mkTuple(vals)
	}
	return Value{&funcImpl{keys: keys, vals: vals}}
}

// isOneToN reports whether sorted, unique keys are exactly 1..len(keys). It
// suffices to check both ends: n distinct integers between 1 and n, with only
// numbers in between (kinds are contiguous in the order).
func isOneToN(keys []Value) bool {
	n := len(keys)
	if n == 0 {
		return true
	}
	first, ok1 := keys[0].data.(*numImpl)
	last, ok2 := keys[n-1].data.(*numImpl)
	return ok1 && ok2 && first.n == 1 && int(last.n) == n
}

// MakeSet returns the set of the given members; duplicates collapse.
func MakeSet(members ...Value) Value {
	if len(members) == 0 {
		return Value{emptySet}
	}
	s := newSet(len(members))
	for i, m := range members {
		s.elems[i] = strip(m)
	}
	s.elems = sortUnique(s.elems)
	return Value{s}
}

// MakeSetFromMap returns the set whose members are the keys of m.
func MakeSetFromMap(m *immutable.Map[Value, bool]) Value {
	if m == nil || m.Len() == 0 {
		return Value{emptySet}
	}
	elems := make([]Value, 0, m.Len())
	it := m.Iterator()
	for !it.Done() {
		k, _, _ := it.Next()
		elems = append(elems, strip(k))
	}
	return mkSet(sortUnique(elems))
}

// MakeTuple returns the sequence <<members...>>.
func MakeTuple(members ...Value) Value {
	if len(members) == 0 {
		return Value{emptyTuple}
	}
	t := newTuple(len(members))
	for i, m := range members {
		t.elems[i] = strip(m)
	}
	return Value{t}
}

// MakeTupleFromList returns the sequence of the list's elements.
func MakeTupleFromList(list *immutable.List[Value]) Value {
	if list == nil || list.Len() == 0 {
		return Value{emptyTuple}
	}
	t := newTuple(list.Len())
	it := list.Iterator()
	for !it.Done() {
		i, e := it.Next()
		t.elems[i] = strip(e)
	}
	return Value{t}
}

// RecordField is one key/value pair of MakeRecord, or one field of
// MakeRecordSet (Value is then a set).
type RecordField struct {
	Key, Value Value
}

// Hash combines the hashes of the key and the value.
func (field RecordField) Hash() uint32 {
	fp := mix(field.Key.Fingerprint(), field.Value.Fingerprint())
	return uint32(fp) ^ uint32(fp>>32)
}

// MakeRecord returns the function mapping each pair's key to its value. Keys
// may be of any kind; a later duplicate key wins.
func MakeRecord(pairs []RecordField) Value {
	n := len(pairs)
	if n == 0 {
		return Value{emptyTuple}
	}
	f := newFunc(n, true)
	for i, p := range pairs {
		f.keys[i], f.vals[i] = strip(p.Key), strip(p.Value)
	}
	m := sortPairs(f.keys, f.vals)
	if isOneToN(f.keys[:m]) {
		return tupleOf(f.vals[:m])
	}
	f.keys, f.vals = f.keys[:m:m], f.vals[:m:m]
	return Value{f}
}

// MakeRecordFromMap returns the function described by m.
func MakeRecordFromMap(m *immutable.Map[Value, Value]) Value {
	if m == nil || m.Len() == 0 {
		return Value{emptyTuple}
	}
	n := m.Len()
	buf := make([]Value, 2*n)
	keys, vals := buf[:n:n], buf[n:]
	it := m.Iterator()
	for i := 0; !it.Done(); i++ {
		k, v, _ := it.Next()
		keys[i], vals[i] = strip(k), strip(v)
	}
	c := sortPairs(keys, vals)
	return mkFunc(keys[:c:c], vals[:c:c])
}

// --- predicates and accessors ---

// IsBool reports whether v is TRUE or FALSE.
func (v Value) IsBool() bool { _, ok := v.base().(*boolImpl); return ok }

// IsNumber reports whether v is a number.
func (v Value) IsNumber() bool { _, ok := v.base().(*numImpl); return ok }

// IsString reports whether v is a string.
func (v Value) IsString() bool { _, ok := v.base().(*strImpl); return ok }

// IsModelValue reports whether v is a TLC model value (mpgo addition).
func (v Value) IsModelValue() bool { _, ok := v.base().(*modelImpl); return ok }

// IsSet reports whether v is a set, finite or not.
func (v Value) IsSet() bool { return kindOf(v.base()) == kindSet }

// IsTuple reports whether v is a function with domain 1..n (n ≥ 0).
func (v Value) IsTuple() bool { _, ok := v.base().(*tupleImpl); return ok }

// IsFunction reports whether v is a function; tuples are functions.
func (v Value) IsFunction() bool {
	switch v.base().(type) {
	case *tupleImpl, *funcImpl:
		return true
	}
	return false
}

func wrongKind(want string, v Value) {
	typeErrorf("expected %s, got %s %s", want, kindOf(v.base()), describe(v))
}

// AsBool returns the boolean; it panics (ErrTLAType) for other kinds.
func (v Value) AsBool() bool {
	b, ok := v.base().(*boolImpl)
	if !ok {
		wrongKind("a boolean", v)
	}
	return b.b
}

// AsNumber returns the number; it panics (ErrTLAType) for other kinds.
func (v Value) AsNumber() int32 {
	n, ok := v.base().(*numImpl)
	if !ok {
		wrongKind("a number", v)
	}
	return n.n
}

// AsString returns the string; it panics (ErrTLAType) for other kinds.
func (v Value) AsString() string {
	s, ok := v.base().(*strImpl)
	if !ok {
		wrongKind("a string", v)
	}
	return s.s
}

// AsModelValue returns a model value's name (mpgo addition).
func (v Value) AsModelValue() string {
	m, ok := v.base().(*modelImpl)
	if !ok {
		wrongKind("a model value", v)
	}
	return m.name
}

// AsSet returns the members of a finite set as an immutable map (member ↦
// TRUE). The map is built once per value and cached; it iterates in the
// immutable library's order, SortedElements gives the canonical one.
func (v Value) AsSet() *immutable.Map[Value, bool] {
	s := finiteSet(v)
	if m := s.m.Load(); m != nil {
		return m
	}
	b := immutable.NewMapBuilder[Value, bool](ValueHasher{})
	for _, e := range s.elems {
		b.Set(e, true)
	}
	m := b.Map()
	if !s.m.CompareAndSwap(nil, m) {
		return s.m.Load()
	}
	return m
}

// AsTuple returns a sequence's elements as an immutable list (cached).
func (v Value) AsTuple() *immutable.List[Value] {
	t, ok := v.base().(*tupleImpl)
	if !ok {
		wrongKind("a sequence (function with domain 1..n)", v)
	}
	if l := t.list.Load(); l != nil {
		return l
	}
	b := immutable.NewListBuilder[Value]()
	for _, e := range t.elems {
		b.Append(e)
	}
	l := b.List()
	if !t.list.CompareAndSwap(nil, l) {
		return t.list.Load()
	}
	return l
}

// AsFunction returns a function's graph as an immutable map; a tuple maps
// i ↦ element. Cached for non-tuple functions.
func (v Value) AsFunction() *immutable.Map[Value, Value] {
	switch f := v.base().(type) {
	case *tupleImpl:
		b := immutable.NewMapBuilder[Value, Value](ValueHasher{})
		for i, e := range f.elems {
			b.Set(MakeNumber(int32(i+1)), e)
		}
		return b.Map()
	case *funcImpl:
		if m := f.m.Load(); m != nil {
			return m
		}
		b := immutable.NewMapBuilder[Value, Value](ValueHasher{})
		for i, k := range f.keys {
			b.Set(k, f.vals[i])
		}
		m := b.Map()
		if !f.m.CompareAndSwap(nil, m) {
			return f.m.Load()
		}
		return m
	}
	wrongKind("a function", v)
	return nil
}

// ValueHasher implements immutable.Hasher[Value].
type ValueHasher struct{}

// Hash returns key.Hash().
func (ValueHasher) Hash(key Value) uint32 { return key.Hash() }

// Equal returns a.Equal(b).
func (ValueHasher) Equal(a, b Value) bool { return a.Equal(b) }

var _ immutable.Hasher[Value] = ValueHasher{}
