package hashmap_test

import (
	"testing"

	"github.com/mpgo/mpgo/distsys/hashmap"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSetGetEqualKeys(t *testing.T) {
	h := hashmap.New[int]()
	h.Set(tla.MakeSet(tla.MakeNumber(1), tla.MakeNumber(2)), 1)
	h.Set(tla.MakeTuple(tla.MakeString("a")), 2)
	// An equal set built in another order is the same key.
	h.Set(tla.MakeSet(tla.MakeNumber(2), tla.MakeNumber(1)), 3)
	require.Equal(t, 2, h.Len())

	v, ok := h.Get(tla.MakeSet(tla.MakeNumber(1), tla.MakeNumber(2)))
	require.True(t, ok)
	assert.Equal(t, 3, v)

	// A tuple equals the function with domain 1..n.
	fn := tla.MakeRecord([]tla.RecordField{{Key: tla.MakeNumber(1), Value: tla.MakeString("a")}})
	v, ok = h.Get(fn)
	require.True(t, ok)
	assert.Equal(t, 2, v)

	_, ok = h.Get(tla.MakeNumber(1))
	assert.False(t, ok)
}

func TestInsertionOrderAndClear(t *testing.T) {
	h := hashmap.New[string]()
	for i := int32(100); i > 0; i-- {
		h.Set(tla.MakeNumber(i), tla.MakeNumber(i).String())
	}
	keys := h.Keys()
	require.Len(t, keys, 100)
	for i, k := range keys {
		assert.Equal(t, int32(100-i), k.AsNumber())
	}
	n := 0
	for k, v := range h.All() {
		assert.Equal(t, k.String(), v)
		n++
	}
	assert.Equal(t, 100, n)

	h.Clear()
	assert.Equal(t, 0, h.Len())
	assert.Empty(t, h.Keys())
	_, ok := h.Get(tla.MakeNumber(5))
	assert.False(t, ok)
	h.Set(tla.MakeNumber(5), "five")
	v, ok := h.Get(tla.MakeNumber(5))
	assert.True(t, ok)
	assert.Equal(t, "five", v)
}

func TestClearDoesNotAllocateInSteadyState(t *testing.T) {
	h := hashmap.New[int]()
	keys := []tla.Value{tla.MakeNumber(1), tla.MakeNumber(2), tla.MakeString("x")}
	fill := func() {
		for i, k := range keys {
			h.Set(k, i)
		}
		h.Clear()
	}
	fill()
	allocs := testing.AllocsPerRun(100, fill)
	assert.Zero(t, allocs)
}
