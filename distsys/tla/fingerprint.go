package tla

import "math/bits"

// Fingerprints are 64-bit, deterministic (the same in every process) and
// consistent with Equal. Scalars go through a bijective finalizer (numbers,
// booleans) or a wyhash-style byte hash (strings, model-value names);
// composites fold their members' fingerprints in canonical order, which is
// well defined because sets and functions are stored sorted. Every kind has
// its own seed. A tuple and the function with domain 1..n are one internal
// form, so they share a fingerprint. Composite fingerprints are cached in the
// value (atomically), so shared sub-values are hashed once.

const (
	p0 = 0xa0761d6478bd642f
	p1 = 0xe7037ed1a0b428db
	p2 = 0x8ebc6af09c88c6e3
	p3 = 0x589965cc75374cc3

	seedDefault = 0x243f6a8885a308d3
	seedBool    = 0x13198a2e03707344
	seedNumber  = 0xa4093822299f31d0
	seedString  = 0x082efa98ec4e6c89
	seedModel   = 0x452821e638d01377
	seedTuple   = 0xbe5466cf34e90c6c
	seedSet     = 0xc0ac29b7c97c50dd
	seedFunc    = 0x3f84d5b5b5470917
	seedInf     = 0x9216d5d98979fb1b
)

// mum is wyhash's multiply-fold mixer.
func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// mix combines an accumulator with one more 64-bit input.
func mix(h, x uint64) uint64 { return mum(h^p0, x^p1) }

// fmix64 is MurmurHash3's finalizer, a bijection on uint64.
func fmix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func fpNumber(n int32) uint64 { return fmix64(uint64(uint32(n)) ^ seedNumber) }

func hashString(s string, seed uint64) uint64 {
	h := seed ^ uint64(len(s))*p2
	for len(s) >= 8 {
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		h = mum(h^p0, w^p1)
		s = s[8:]
	}
	var w uint64
	for i := 0; i < len(s); i++ {
		w |= uint64(s[i]) << (8 * i)
	}
	h = mum(h^p3, w^p2)
	return fmix64(h)
}

func finish(h uint64, n int) uint64 { return fmix64(h ^ uint64(n)*p3) }

// Fingerprint returns a 64-bit fingerprint of v (mpgo addition, for the model
// checker's seen-set): equal values have equal fingerprints, and different
// values collide with probability about 2^-64. Causal clocks are ignored.
func (v Value) Fingerprint() uint64 { return fpImpl(v.base()) }

// Hash returns a 32-bit hash that agrees with Equal (derived from the
// fingerprint).
func (v Value) Hash() uint32 {
	fp := fpImpl(v.base())
	return uint32(fp) ^ uint32(fp>>32)
}

func cachedFP(c *fpCache, compute func() uint64) uint64 {
	if fp := c.v.Load(); fp != 0 {
		return fp
	}
	fp := fixFP(compute())
	c.v.Store(fp)
	return fp
}

func fpImpl(i impl) uint64 {
	switch x := i.(type) {
	case *numImpl:
		return fpNumber(x.n)
	case *strImpl:
		if fp := x.fp.v.Load(); fp != 0 {
			return fp
		}
		fp := fixFP(hashString(x.s, seedString))
		x.fp.v.Store(fp)
		return fp
	case *tupleImpl:
		if fp := x.fp.v.Load(); fp != 0 {
			return fp
		}
		fp := fixFP(fpSlice(seedTuple, x.elems))
		x.fp.v.Store(fp)
		return fp
	case *funcImpl:
		if fp := x.fp.v.Load(); fp != 0 {
			return fp
		}
		h := uint64(seedFunc)
		for j, k := range x.keys {
			h = mix(h, fpImpl(k.data))
			h = mix(h, fpImpl(x.vals[j].data))
		}
		fp := fixFP(finish(h, len(x.keys)))
		x.fp.v.Store(fp)
		return fp
	case *setImpl:
		if fp := x.fp.v.Load(); fp != 0 {
			return fp
		}
		fp := fixFP(fpSlice(seedSet, x.elems))
		x.fp.v.Store(fp)
		return fp
	case *boolImpl:
		if x.b {
			return fmix64(seedBool ^ 1)
		}
		return fmix64(seedBool)
	case nil:
		return fmix64(seedDefault)
	case *modelImpl:
		return cachedFP(&x.fp, func() uint64 { return hashString(x.name, seedModel) })
	case *intervalImpl:
		// Same fold as the enumerated set, without materializing it.
		return cachedFP(&x.fp, func() uint64 {
			h := uint64(seedSet)
			for n := int64(x.lo); n <= int64(x.hi); n++ {
				h = mix(h, fpNumber(int32(n)))
			}
			return finish(h, int(x.card()))
		})
	case lazySet:
		if x.finite() {
			return fpImpl(x.materialize())
		}
		return fpInfinite(x)
	case *causalImpl:
		return fpImpl(x.value.data)
	}
	panic("tla: unknown value implementation")
}

func fpSlice(seed uint64, elems []Value) uint64 {
	h := seed
	for _, e := range elems {
		h = mix(h, fpImpl(e.data))
	}
	return finish(h, len(elems))
}

// fpInfinite hashes an infinite set's construction, as equality between
// infinite sets is structural.
func fpInfinite(s lazySet) uint64 {
	h := mix(seedInf, uint64(s.infRank()))
	switch x := s.(type) {
	case *seqSetImpl:
		h = mix(h, fpImpl(x.base.data))
	case *funcSetImpl:
		h = mix(mix(h, fpImpl(x.domSet.data)), fpImpl(x.rng.data))
	case *recSetImpl:
		for i, k := range x.keys {
			h = mix(mix(h, fpImpl(k.data)), fpImpl(x.sets[i].data))
		}
	case *powersetImpl:
		h = mix(h, fpImpl(x.base.data))
	}
	return fmix64(h)
}
