package hashmap

import (
	"iter"

	"github.com/mpgo/mpgo/distsys/tla"
)

// Entry is one key/value pair.
type Entry[V any] struct {
	Key   tla.Value
	Value V
}

// node is an entry chained to the next entry of the same bucket (index into
// HashMap.entries, -1 ends the chain).
type node[V any] struct {
	Entry[V]
	hash uint32
	next int32
}

// HashMap maps tla.Values to V. The zero HashMap is not usable; call New.
type HashMap[V any] struct {
	buckets map[uint32]int32 // hash -> index of the bucket's last-inserted entry
	entries []node[V]        // insertion order
}

// New returns an empty map.
func New[V any]() *HashMap[V] {
	return &HashMap[V]{buckets: make(map[uint32]int32)}
}

func (h *HashMap[V]) find(k tla.Value, hash uint32) int32 {
	i, ok := h.buckets[hash]
	if !ok {
		return -1
	}
	for ; i >= 0; i = h.entries[i].next {
		if h.entries[i].hash == hash && h.entries[i].Key.Equal(k) {
			return i
		}
	}
	return -1
}

// Set maps k to v, replacing an existing mapping of an equal key (whose
// original key value is kept).
func (h *HashMap[V]) Set(k tla.Value, v V) {
	hash := k.Hash()
	if i := h.find(k, hash); i >= 0 {
		h.entries[i].Value = v
		return
	}
	next, ok := h.buckets[hash]
	if !ok {
		next = -1
	}
	h.buckets[hash] = int32(len(h.entries))
	h.entries = append(h.entries, node[V]{Entry: Entry[V]{Key: k, Value: v}, hash: hash, next: next})
}

// Get returns the value mapped to a key equal to k.
func (h *HashMap[V]) Get(k tla.Value) (V, bool) {
	if i := h.find(k, k.Hash()); i >= 0 {
		return h.entries[i].Value, true
	}
	var zero V
	return zero, false
}

// Keys returns the keys in insertion order (a fresh slice).
func (h *HashMap[V]) Keys() []tla.Value {
	keys := make([]tla.Value, len(h.entries))
	for i := range h.entries {
		keys[i] = h.entries[i].Key
	}
	return keys
}

// Len returns the number of entries (mpgo addition).
func (h *HashMap[V]) Len() int { return len(h.entries) }

// All iterates over the entries in insertion order (mpgo addition). The map
// must not be modified during the iteration.
func (h *HashMap[V]) All() iter.Seq2[tla.Value, V] {
	return func(yield func(tla.Value, V) bool) {
		for i := range h.entries {
			if !yield(h.entries[i].Key, h.entries[i].Value) {
				return
			}
		}
	}
}

// Clear removes every entry. It keeps the allocated storage, so a map that is
// cleared and refilled each critical section does not allocate in steady state.
func (h *HashMap[V]) Clear() {
	clear(h.buckets)
	clear(h.entries) // drop references for the garbage collector
	h.entries = h.entries[:0]
}
