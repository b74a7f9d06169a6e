package tla

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/benbjohnson/immutable"
)

// tracingEnabled is read once at start-up: causal tracking is on only when
// PGO_TRACE_DIR is non-empty (runtime.md §2.7). It is never written again.
var tracingEnabled = os.Getenv("PGO_TRACE_DIR") != ""

// VClock is an immutable vector clock keyed by <<archetypeName, self>>. The
// zero VClock is empty and usable.
type VClock struct {
	clock *immutable.Map[Value, int]
}

func clockKey(archetypeName string, self Value) Value {
	return MakeTuple(MakeString(archetypeName), self)
}

func (clock VClock) entries() *immutable.Map[Value, int] {
	if clock.clock == nil {
		return immutable.NewMap[Value, int](ValueHasher{})
	}
	return clock.clock
}

// Inc returns the clock with the <<archetypeName, self>> component plus one.
func (clock VClock) Inc(archetypeName string, self Value) VClock {
	key := clockKey(archetypeName, self)
	m := clock.entries()
	old, _ := m.Get(key)
	return VClock{m.Set(key, old+1)}
}

// Merge returns the pointwise maximum of two clocks.
func (clock VClock) Merge(other VClock) VClock {
	if other.clock == nil || other.clock.Len() == 0 {
		return clock
	}
	if clock.clock == nil || clock.clock.Len() == 0 {
		return other
	}
	m := clock.clock
	it := other.clock.Iterator()
	for !it.Done() {
		k, v, _ := it.Next()
		if old, ok := m.Get(k); !ok || old < v {
			m = m.Set(k, v)
		}
	}
	return VClock{m}
}

// Get returns the <<archetypeId, self>> component (0 if absent).
func (clock VClock) Get(archetypeId string, self Value) int {
	if clock.clock == nil {
		return 0
	}
	v, _ := clock.clock.Get(clockKey(archetypeId, self))
	return v
}

type clockEntry struct {
	key   Value // <<name, self>>
	count int
}

// sorted lists the entries in canonical key order, so printing and encoding
// are deterministic.
func (clock VClock) sorted() []clockEntry {
	if clock.clock == nil {
		return nil
	}
	out := make([]clockEntry, 0, clock.clock.Len())
	it := clock.clock.Iterator()
	for !it.Done() {
		k, v, _ := it.Next()
		out = append(out, clockEntry{k, v})
	}
	slices.SortFunc(out, func(a, b clockEntry) int { return a.key.Compare(b.key) })
	return out
}

// String prints {<<"name", self>> -> count, …} in canonical key order.
func (clock VClock) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, e := range clock.sorted() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.key.String())
		b.WriteString(" -> ")
		b.WriteString(strconv.Itoa(e.count))
	}
	b.WriteByte('}')
	return b.String()
}

// MarshalJSON encodes [[[name, selfString], count], …] in canonical key order.
func (clock VClock) MarshalJSON() ([]byte, error) {
	entries := clock.sorted()
	out := make([][2]any, len(entries))
	for i, e := range entries {
		t := e.key.data.(*tupleImpl)
		out[i] = [2]any{[2]string{t.elems[0].AsString(), t.elems[1].String()}, e.count}
	}
	return json.Marshal(out)
}

// GobEncode encodes the clock in the binary value format.
func (clock *VClock) GobEncode() ([]byte, error) {
	return appendClock([]byte{encodingVersion}, *clock), nil
}

// GobDecode decodes what GobEncode produced.
func (clock *VClock) GobDecode(b []byte) error {
	d := decoder{buf: b}
	if err := d.version(); err != nil {
		return err
	}
	c, err := d.clock()
	if err != nil {
		return err
	}
	if err := d.end(); err != nil {
		return err
	}
	*clock = c
	return nil
}

// causalImpl is a value carrying the writer's vector clock. Everything but
// GetVClock, StripVClock and the encoding looks through it.
type causalImpl struct {
	value Value // never itself wrapped
	clock VClock
}

func (c *causalImpl) kind() kind { return kindOf(c.value.data) }

// WrapCausal attaches clock to value when tracing is enabled (PGO_TRACE_DIR
// set at start-up); otherwise it returns value unchanged.
func WrapCausal(value Value, clock VClock) Value {
	if !tracingEnabled {
		return value
	}
	return wrapCausal(value, clock)
}

func wrapCausal(value Value, clock VClock) Value {
	return Value{&causalImpl{value: strip(value), clock: clock}}
}

// GetVClock returns the attached clock, or nil for an unwrapped value.
func (v Value) GetVClock() *VClock {
	if c, ok := v.data.(*causalImpl); ok {
		clock := c.clock
		return &clock
	}
	return nil
}

// StripVClock returns the value without its clock.
func (v Value) StripVClock() Value { return strip(v) }
