package kvtest

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestHistogramBuckets(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	prev := -1
	for v := int64(0); v < 5000; v++ {
		i := histIndex(v)
		if i < prev || i > prev+1 {
			t.Fatalf("index of %d is %d after %d: not contiguous", v, i, prev)
		}
		prev = i
	}
	for range 100_000 {
		v := r.Int64N(math.MaxInt64)
		if r.IntN(2) == 0 {
			v = r.Int64N(1 << 40)
		}
		i := histIndex(v)
		if i < 0 || i >= histBuckets {
			t.Fatalf("index %d of %d out of range", i, v)
		}
		up := histUpper(i)
		if up < v || float64(up-v) > float64(v)/histSub+1 {
			t.Fatalf("bucket %d of %d has upper bound %d", i, v, up)
		}
		if i > 0 && histUpper(i-1) >= v {
			t.Fatalf("%d also fits bucket %d", v, i-1)
		}
	}
	if got := histIndex(math.MaxInt64); got >= histBuckets {
		t.Fatalf("index of MaxInt64 is %d, have %d buckets", got, histBuckets)
	}
}

func TestHistogramQuantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	var h histogram
	var samples []int64
	for range 50_000 {
		// Log-normal-ish latencies from 10µs to 100ms.
		v := int64(math.Exp(r.Float64()*math.Log(1e4)) * 1e4)
		samples = append(samples, v)
		h.record(time.Duration(v))
	}
	slices.Sort(samples)
	for _, q := range []float64{0.01, 0.5, 0.95, 0.99, 0.999, 1} {
		exact := samples[max(int(math.Ceil(q*float64(len(samples))))-1, 0)]
		got := int64(h.quantile(q))
		if got < exact || float64(got-exact) > float64(exact)/histSub+1 {
			t.Errorf("quantile %v = %d, exact %d", q, got, exact)
		}
	}
	if h.quantile(1) != time.Duration(samples[len(samples)-1]) || h.max != samples[len(samples)-1] || h.min != samples[0] {
		t.Errorf("max/min not exact")
	}

	var a, b histogram
	a.record(5 * time.Millisecond)
	b.record(time.Millisecond)
	b.record(9 * time.Millisecond)
	a.merge(&b)
	a.merge(&histogram{})
	if a.total != 3 || a.min != int64(time.Millisecond) || a.max != int64(9*time.Millisecond) || a.mean() != 5*time.Millisecond {
		t.Errorf("merged histogram: total %d min %d max %d mean %v", a.total, a.min, a.max, a.mean())
	}
	var empty histogram
	if empty.quantile(0.5) != 0 || empty.mean() != 0 {
		t.Error("empty histogram has non-zero quantile or mean")
	}
}
