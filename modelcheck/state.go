package modelcheck

import (
	"math/bits"

	"github.com/mpgo/mpgo/distsys/tla"
)

// A state is the values of the variables, in declaration order.

func cloneState(s []tla.Value) []tla.Value {
	out := make([]tla.Value, len(s))
	copy(out, s)
	return out
}

func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

const (
	fpSeed = 0x6a09e667f3bcc908
	fpK0   = 0xa0761d6478bd642f
	fpK1   = 0xe7037ed1a0b428db
)

// combineFP folds the variables' fingerprints (tla.Value.Fingerprint) in
// order into the state's fingerprint.
func combineFP(st []tla.Value) uint64 {
	h := uint64(fpSeed)
	for _, v := range st {
		h = mum(h^fpK0, v.Fingerprint()^fpK1)
	}
	return mum(h^fpK1, uint64(len(st))^fpK0)
}

// fingerprint identifies a state for the seen-set: the fingerprint of the
// VIEW if there is one, else of the variables; under SYMMETRY the least
// fingerprint over the permutations of the state.
func (m *model) fingerprint(c *ctx, st []tla.Value) uint64 {
	if m.view != nil {
		saved := c.cur
		c.cur = st
		v := m.view.eval(c)
		c.cur = saved
		return mum(v.Fingerprint()^fpK0, fpSeed)
	}
	fp := combineFP(st)
	if len(m.perms) == 0 {
		return fp
	}
	tmp := make([]tla.Value, len(st))
	for _, p := range m.perms {
		for i, v := range st {
			tmp[i] = permute(v, p)
		}
		if f := combineFP(tmp); f < fp {
			fp = f
		}
	}
	return fp
}

// permute applies a permutation of model values to a value.
func permute(v tla.Value, p map[uint64]tla.Value) tla.Value {
	switch {
	case v.IsModelValue():
		if img, ok := p[v.Fingerprint()]; ok {
			return img
		}
		return v
	case v.IsTuple():
		l := v.AsTuple()
		elems := make([]tla.Value, l.Len())
		for i := range elems {
			elems[i] = permute(l.Get(i), p)
		}
		return tla.MakeTuple(elems...)
	case v.IsFunction():
		keys := v.SortedKeys()
		pairs := make([]tla.RecordField, len(keys))
		for i, k := range keys {
			pairs[i] = tla.RecordField{Key: permute(k, p), Value: permute(v.ApplyFunction(k), p)}
		}
		return tla.MakeRecord(pairs)
	case v.IsSet():
		if !tla.ModuleIsFiniteSet(v).AsBool() {
			return v
		}
		elems := v.SortedElements()
		out := make([]tla.Value, len(elems))
		for i, e := range elems {
			out[i] = permute(e, p)
		}
		return tla.MakeSet(out...)
	}
	return v
}
