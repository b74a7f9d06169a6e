package resources

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"sort"
	"time"

	"github.com/benbjohnson/immutable"
	"github.com/mpgo/mpgo/distsys/tla"
)

// The CRDT values of runtime.md §5.11. Each is an immutable state-based CRDT:
// Merge is a join (commutative, associative, idempotent) and Write is a local
// update that only moves the state up in that order, so replicas that
// exchange states in any order, any number of times, converge.

func init() {
	gob.Register(GCounter{})
	gob.Register(AWORSet{})
	gob.Register(LWWSet{})
}

func sortedKeys[V any](m *immutable.Map[tla.Value, V]) []tla.Value {
	if m == nil {
		return nil
	}
	keys := make([]tla.Value, 0, m.Len())
	it := m.Iterator()
	for !it.Done() {
		k, _, _ := it.Next()
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Compare(keys[j]) < 0 })
	return keys
}

func gobBytes(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func gobFromBytes(b []byte, v any) error {
	return gob.NewDecoder(bytes.NewReader(b)).Decode(v)
}

// ---------------------------------------------------------------- GCounter

// GCounter is a grow-only counter: one slot per node id. A write adds its
// (non-negative) number to the writer's slot, a read is the sum of the slots,
// and Merge takes the per-slot maximum. The zero GCounter{} is an empty
// counter.
type GCounter struct {
	*immutable.Map[tla.Value, int32]
}

// GCounterKeyVal is one slot of a GCounter's gob encoding.
type GCounterKeyVal struct {
	K tla.Value
	V int32
}

var _ CRDTValue = GCounter{}

func (c GCounter) slots() *immutable.Map[tla.Value, int32] {
	if c.Map == nil {
		return immutable.NewMap[tla.Value, int32](tla.ValueHasher{})
	}
	return c.Map
}

// Init returns the empty counter.
func (GCounter) Init() CRDTValue {
	return GCounter{immutable.NewMap[tla.Value, int32](tla.ValueHasher{})}
}

// Read returns the sum of the slots.
func (c GCounter) Read() tla.Value {
	var sum int32
	if c.Map != nil {
		it := c.Map.Iterator()
		for !it.Done() {
			_, v, _ := it.Next()
			sum += v
		}
	}
	return tla.MakeNumber(sum)
}

// Write adds value (a number >= 0) to id's slot. A negative increment would
// break the merge and panics.
func (c GCounter) Write(id tla.Value, value tla.Value) CRDTValue {
	n := value.AsNumber()
	if n < 0 {
		panic(fmt.Errorf("%w: GCounter increment %d is negative", tla.ErrTLAType, n))
	}
	m := c.slots()
	old, _ := m.Get(id)
	return GCounter{m.Set(id, old+n)}
}

// Merge takes the per-slot maximum; other must be a GCounter.
func (c GCounter) Merge(other CRDTValue) CRDTValue {
	o := other.(GCounter)
	m := c.slots()
	if o.Map == nil {
		return GCounter{m}
	}
	it := o.Map.Iterator()
	for !it.Done() {
		k, v, _ := it.Next()
		if mine, ok := m.Get(k); !ok || v > mine {
			m = m.Set(k, v)
		}
	}
	return GCounter{m}
}

// String prints the slots (for test failures).
func (c GCounter) String() string {
	var kvs []string
	for _, k := range sortedKeys(c.Map) {
		v, _ := c.Map.Get(k)
		kvs = append(kvs, fmt.Sprintf("%v:%d", k, v))
	}
	return fmt.Sprintf("GCounter%v", kvs)
}

// GobEncode encodes the slots in key order.
func (c GCounter) GobEncode() ([]byte, error) {
	var kvs []GCounterKeyVal
	for _, k := range sortedKeys(c.Map) {
		v, _ := c.Map.Get(k)
		kvs = append(kvs, GCounterKeyVal{K: k, V: v})
	}
	return gobBytes(kvs)
}

// GobDecode decodes what GobEncode produced.
func (c *GCounter) GobDecode(input []byte) error {
	var kvs []GCounterKeyVal
	if err := gobFromBytes(input, &kvs); err != nil {
		return err
	}
	m := immutable.NewMap[tla.Value, int32](tla.ValueHasher{})
	for _, kv := range kvs {
		m = m.Set(kv.K, kv.V)
	}
	c.Map = m
	return nil
}

// ---------------------------------------------------------------- vector clocks

// The results of comparing two vector clocks.
const (
	LT = iota // strictly before
	EQ        // equal
	GT        // strictly after
	CC        // concurrent
)

// vclock is an immutable vector clock over node ids (AWORSet's per-element
// clocks). The zero vclock is empty.
type vclock struct {
	m *immutable.Map[tla.Value, int64]
}

type vclockEntry struct {
	K tla.Value
	V int64
}

// MakeVClock returns an empty vector clock.
func MakeVClock() vclock {
	return vclock{immutable.NewMap[tla.Value, int64](tla.ValueHasher{})}
}

func (c vclock) get(id tla.Value) int64 {
	if c.m == nil {
		return 0
	}
	v, _ := c.m.Get(id)
	return v
}

func (c vclock) inc(id tla.Value) vclock {
	m := c.m
	if m == nil {
		m = MakeVClock().m
	}
	return vclock{m.Set(id, c.get(id)+1)}
}

func (c vclock) merge(o vclock) vclock {
	m := c.m
	if m == nil {
		m = MakeVClock().m
	}
	if o.m == nil {
		return vclock{m}
	}
	it := o.m.Iterator()
	for !it.Done() {
		k, v, _ := it.Next()
		if v > c.get(k) {
			m = m.Set(k, v)
		}
	}
	return vclock{m}
}

// compare returns LT, EQ, GT or CC.
func (c vclock) compare(o vclock) int {
	less, greater := false, false
	for _, k := range append(sortedKeys(c.m), sortedKeys(o.m)...) {
		a, b := c.get(k), o.get(k)
		if a < b {
			less = true
		} else if a > b {
			greater = true
		}
	}
	switch {
	case less && greater:
		return CC
	case less:
		return LT
	case greater:
		return GT
	}
	return EQ
}

func (c vclock) String() string {
	var kvs []string
	for _, k := range sortedKeys(c.m) {
		kvs = append(kvs, fmt.Sprintf("%v:%d", k, c.get(k)))
	}
	return fmt.Sprint(kvs)
}

// GobEncode encodes the entries in key order.
func (c vclock) GobEncode() ([]byte, error) {
	var es []vclockEntry
	for _, k := range sortedKeys(c.m) {
		es = append(es, vclockEntry{K: k, V: c.get(k)})
	}
	return gobBytes(es)
}

// GobDecode decodes what GobEncode produced.
func (c *vclock) GobDecode(input []byte) error {
	var es []vclockEntry
	if err := gobFromBytes(input, &es); err != nil {
		return err
	}
	m := MakeVClock().m
	for _, e := range es {
		m = m.Set(e.K, e.V)
	}
	c.m = m
	return nil
}

// ---------------------------------------------------------------- set commands

const (
	crdtSetAdd    = 1
	crdtSetRemove = 2
)

func crdtSetCommand(value tla.Value) (cmd int32, elem tla.Value) {
	cmd = value.ApplyFunction(tla.MakeString("cmd")).AsNumber()
	elem = value.ApplyFunction(tla.MakeString("elem"))
	if cmd != crdtSetAdd && cmd != crdtSetRemove {
		panic(fmt.Errorf("%w: set CRDT command %d is neither 1 (add) nor 2 (remove)", tla.ErrTLAType, cmd))
	}
	return cmd, elem
}

func setOfKeysWhere[V any](m *immutable.Map[tla.Value, V], keep func(k tla.Value, v V) bool) tla.Value {
	var elems []tla.Value
	for _, k := range sortedKeys(m) {
		v, _ := m.Get(k)
		if keep(k, v) {
			elems = append(elems, k)
		}
	}
	return tla.MakeSet(elems...)
}

// ---------------------------------------------------------------- AWORSet

// AWORSet is an add-wins observed-remove set. Each element carries the join of
// the vector clocks of the adds (addMap) and of the removes (remMap) seen for
// it; an operation at node i stamps the element with (add ⊔ rem).inc(i), so it
// follows every operation on the element it observed. An element is present
// iff it has an add clock that no remove clock dominates: a remove wins only
// over the adds it observed, a concurrent add wins. Merge is the pointwise
// join of both maps. Writes are records [cmd |-> 1 (add) | 2 (remove),
// elem |-> e]; a read is the set of present elements. The zero AWORSet{} is
// empty.
type AWORSet struct {
	addMap *immutable.Map[tla.Value, vclock]
	remMap *immutable.Map[tla.Value, vclock]
}

// AWORSetKeyVal is one element's clock in an AWORSet's gob encoding.
type AWORSetKeyVal struct {
	K tla.Value
	V vclock
}

// AddRemMaps is the gob encoding of an AWORSet.
type AddRemMaps struct {
	AddMap []AWORSetKeyVal
	RemMap []AWORSetKeyVal
}

var _ CRDTValue = AWORSet{}

func emptyClockMap() *immutable.Map[tla.Value, vclock] {
	return immutable.NewMap[tla.Value, vclock](tla.ValueHasher{})
}

func (s AWORSet) maps() (add, rem *immutable.Map[tla.Value, vclock]) {
	add, rem = s.addMap, s.remMap
	if add == nil {
		add = emptyClockMap()
	}
	if rem == nil {
		rem = emptyClockMap()
	}
	return add, rem
}

// Init returns the empty set.
func (AWORSet) Init() CRDTValue {
	add, rem := AWORSet{}.maps()
	return AWORSet{addMap: add, remMap: rem}
}

// Read returns the set of present elements.
func (s AWORSet) Read() tla.Value {
	add, rem := s.maps()
	return setOfKeysWhere(add, func(k tla.Value, a vclock) bool {
		r, ok := rem.Get(k)
		return !ok || a.compare(r) != LT
	})
}

// Write applies [cmd |-> 1 | 2, elem |-> e] as node id.
func (s AWORSet) Write(id tla.Value, value tla.Value) CRDTValue {
	cmd, elem := crdtSetCommand(value)
	add, rem := s.maps()
	a, _ := add.Get(elem)
	r, _ := rem.Get(elem)
	stamp := a.merge(r).inc(id)
	if cmd == crdtSetAdd {
		add = add.Set(elem, stamp)
	} else {
		rem = rem.Set(elem, stamp)
	}
	return AWORSet{addMap: add, remMap: rem}
}

func joinClockMaps(m, o *immutable.Map[tla.Value, vclock]) *immutable.Map[tla.Value, vclock] {
	if o == nil {
		return m
	}
	it := o.Iterator()
	for !it.Done() {
		k, v, _ := it.Next()
		mine, _ := m.Get(k)
		m = m.Set(k, mine.merge(v))
	}
	return m
}

// Merge joins the add and remove clocks element-wise; other must be an AWORSet.
func (s AWORSet) Merge(other CRDTValue) CRDTValue {
	o := other.(AWORSet)
	add, rem := s.maps()
	return AWORSet{addMap: joinClockMaps(add, o.addMap), remMap: joinClockMaps(rem, o.remMap)}
}

func clockMapEntries(m *immutable.Map[tla.Value, vclock]) []AWORSetKeyVal {
	var kvs []AWORSetKeyVal
	for _, k := range sortedKeys(m) {
		v, _ := m.Get(k)
		kvs = append(kvs, AWORSetKeyVal{K: k, V: v})
	}
	return kvs
}

// String prints both maps (for test failures).
func (s AWORSet) String() string {
	return fmt.Sprintf("AWORSet{add: %v, rem: %v}", clockMapEntries(s.addMap), clockMapEntries(s.remMap))
}

// GobEncode encodes both maps as AddRemMaps.
func (s AWORSet) GobEncode() ([]byte, error) {
	return gobBytes(AddRemMaps{AddMap: clockMapEntries(s.addMap), RemMap: clockMapEntries(s.remMap)})
}

// GobDecode decodes what GobEncode produced.
func (s *AWORSet) GobDecode(input []byte) error {
	var w AddRemMaps
	if err := gobFromBytes(input, &w); err != nil {
		return err
	}
	add, rem := emptyClockMap(), emptyClockMap()
	for _, kv := range w.AddMap {
		add = add.Set(kv.K, kv.V)
	}
	for _, kv := range w.RemMap {
		rem = rem.Set(kv.K, kv.V)
	}
	s.addMap, s.remMap = add, rem
	return nil
}

// ---------------------------------------------------------------- LWWSet

// LWWSet is a last-writer-wins element set with wall-clock timestamps (Unix
// nanoseconds). Each element keeps the latest add and the latest remove
// timestamp; an operation stamps max(now, latest stamp of the element + 1), so
// a node's own operations on an element are ordered even if its clock goes
// back. An element is present iff its add stamp is at least its remove stamp
// (ties: add wins). Merge takes the maximum of both stamps element-wise
// (DECISION, runtime.md §5.11: removes propagate; PGo drops the remove set).
// Commands and reads are as for AWORSet. The zero LWWSet{} is empty.
type LWWSet struct {
	addMap *immutable.Map[tla.Value, int64]
	remMap *immutable.Map[tla.Value, int64]
}

type lwwSetEntry struct {
	K tla.Value
	V int64
}

type lwwSetWire struct {
	AddMap []lwwSetEntry
	RemMap []lwwSetEntry
}

var _ CRDTValue = LWWSet{}

func emptyStampMap() *immutable.Map[tla.Value, int64] {
	return immutable.NewMap[tla.Value, int64](tla.ValueHasher{})
}

func (s LWWSet) maps() (add, rem *immutable.Map[tla.Value, int64]) {
	add, rem = s.addMap, s.remMap
	if add == nil {
		add = emptyStampMap()
	}
	if rem == nil {
		rem = emptyStampMap()
	}
	return add, rem
}

// Init returns the empty set.
func (LWWSet) Init() CRDTValue {
	add, rem := LWWSet{}.maps()
	return LWWSet{addMap: add, remMap: rem}
}

// Read returns the set of present elements.
func (s LWWSet) Read() tla.Value {
	add, rem := s.maps()
	return setOfKeysWhere(add, func(k tla.Value, a int64) bool {
		r, ok := rem.Get(k)
		return !ok || a >= r
	})
}

// Write applies [cmd |-> 1 | 2, elem |-> e].
func (s LWWSet) Write(_ tla.Value, value tla.Value) CRDTValue {
	cmd, elem := crdtSetCommand(value)
	return s.stamp(cmd, elem, time.Now().UnixNano())
}

func (s LWWSet) stamp(cmd int32, elem tla.Value, now int64) LWWSet {
	add, rem := s.maps()
	a, _ := add.Get(elem)
	r, _ := rem.Get(elem)
	t := max(now, a+1, r+1)
	if cmd == crdtSetAdd {
		add = add.Set(elem, t)
	} else {
		rem = rem.Set(elem, t)
	}
	return LWWSet{addMap: add, remMap: rem}
}

func maxStampMaps(m, o *immutable.Map[tla.Value, int64]) *immutable.Map[tla.Value, int64] {
	if o == nil {
		return m
	}
	it := o.Iterator()
	for !it.Done() {
		k, v, _ := it.Next()
		if mine, ok := m.Get(k); !ok || v > mine {
			m = m.Set(k, v)
		}
	}
	return m
}

// Merge takes the element-wise maximum of the add and of the remove stamps;
// other must be an LWWSet.
func (s LWWSet) Merge(other CRDTValue) CRDTValue {
	o := other.(LWWSet)
	add, rem := s.maps()
	return LWWSet{addMap: maxStampMaps(add, o.addMap), remMap: maxStampMaps(rem, o.remMap)}
}

func stampEntries(m *immutable.Map[tla.Value, int64]) []lwwSetEntry {
	var es []lwwSetEntry
	for _, k := range sortedKeys(m) {
		v, _ := m.Get(k)
		es = append(es, lwwSetEntry{K: k, V: v})
	}
	return es
}

// String prints both maps (for test failures).
func (s LWWSet) String() string {
	return fmt.Sprintf("LWWSet{add: %v, rem: %v}", stampEntries(s.addMap), stampEntries(s.remMap))
}

// GobEncode encodes both maps.
func (s LWWSet) GobEncode() ([]byte, error) {
	return gobBytes(lwwSetWire{AddMap: stampEntries(s.addMap), RemMap: stampEntries(s.remMap)})
}

// GobDecode decodes what GobEncode produced.
func (s *LWWSet) GobDecode(input []byte) error {
	var w lwwSetWire
	if err := gobFromBytes(input, &w); err != nil {
		return err
	}
	add, rem := emptyStampMap(), emptyStampMap()
	for _, e := range w.AddMap {
		add = add.Set(e.K, e.V)
	}
	for _, e := range w.RemMap {
		rem = rem.Set(e.K, e.V)
	}
	s.addMap, s.remMap = add, rem
	return nil
}
