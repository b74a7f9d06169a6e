package kvtest

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// ZipfianConstant is YCSB's default Zipfian skew (the exponent theta).
const ZipfianConstant = 0.99

// Zipfian draws integers in [0, n) following a Zipfian distribution: item i (its rank) is
// drawn with probability proportional to 1/(i+1)^theta, so item 0 is the most popular.
//
// It is YCSB's ZipfianGenerator, the algorithm of Gray et al., "Quickly Generating
// Billion-Record Synthetic Databases" (SIGMOD 1994), which works for 0 < theta < 1; YCSB's
// default is theta = 0.99 ([ZipfianConstant]). math/rand/v2's Zipf cannot be used for it:
// it requires an exponent s > 1. Ranks 0 and 1 are drawn with their exact probabilities;
// higher ranks follow the continuous approximation of the paper, as in YCSB.
//
// Unlike YCSB's ScrambledZipfianGenerator, ranks are not hashed: the caller maps ranks to
// keys (the workloads use key [KeyName](rank), so the hottest keys are the lowest-numbered
// ones; the stores under test are hash maps, where key order does not matter).
//
// A Zipfian holds only constants computed once (computing zeta(n) costs O(n)); it is safe
// for concurrent use, each goroutine passing its own random source to Next.
type Zipfian struct {
	items     int
	theta     float64
	alpha     float64
	zetan     float64
	zeta2     float64
	eta       float64
	halfPowTh float64 // 0.5^theta
}

// NewZipfian returns a Zipfian distribution over [0, items) with exponent theta, which
// must be in (0, 1).
func NewZipfian(items int, theta float64) (*Zipfian, error) {
	if items <= 0 {
		return nil, fmt.Errorf("kvtest: zipfian over %d items: need at least one", items)
	}
	if !(theta > 0 && theta < 1) {
		return nil, fmt.Errorf("kvtest: zipfian theta %v: must be in (0, 1)", theta)
	}
	z := &Zipfian{
		items:     items,
		theta:     theta,
		alpha:     1 / (1 - theta),
		zetan:     zeta(items, theta),
		zeta2:     zeta(2, theta),
		halfPowTh: math.Pow(0.5, theta),
	}
	z.eta = (1 - math.Pow(2/float64(items), 1-theta)) / (1 - z.zeta2/z.zetan)
	return z, nil
}

// zeta returns sum_{i=1..n} 1/i^theta.
func zeta(n int, theta float64) float64 {
	var sum float64
	for i := 1; i <= n; i++ {
		sum += 1 / math.Pow(float64(i), theta)
	}
	return sum
}

// Items returns the number of items n; Next returns values in [0, n).
func (z *Zipfian) Items() int { return z.items }

// Prob returns the exact Zipfian probability of rank i, 1/((i+1)^theta * zeta(n)). (Next
// follows it exactly for ranks 0 and 1 and approximately for the others.)
func (z *Zipfian) Prob(i int) float64 {
	if i < 0 || i >= z.items {
		return 0
	}
	return 1 / (math.Pow(float64(i+1), z.theta) * z.zetan)
}

// Next draws a rank using r.
func (z *Zipfian) Next(r *rand.Rand) int {
	u := r.Float64()
	uz := u * z.zetan
	if uz < 1 {
		return 0
	}
	if uz < 1+z.halfPowTh {
		return min(1, z.items-1)
	}
	v := int(float64(z.items) * math.Pow(z.eta*u-z.eta+1, z.alpha))
	return max(0, min(v, z.items-1))
}
