package kvtest

import (
	"math"
	"math/bits"
	"time"
)

// histogram is a log-linear latency histogram in the spirit of HdrHistogram: values below
// 2*histSub are counted exactly, larger values in buckets of relative width at most
// 1/histSub (under 0.8%). It covers every non-negative int64 in a fixed 58 KiB array.
// Its zero value is ready to use; it is not safe for concurrent use.
type histogram struct {
	counts []uint64
	total  uint64
	sum    float64
	min    int64
	max    int64
}

const (
	histSubBits = 7
	histSub     = 1 << histSubBits // sub-buckets per power of two
	histBuckets = (64-histSubBits-1)*histSub + 2*histSub
)

// histIndex maps a value v >= 0 to its bucket.
func histIndex(v int64) int {
	if v < 2*histSub {
		return int(v)
	}
	shift := bits.Len64(uint64(v)) - histSubBits - 1 // >= 1
	return shift*histSub + int(v>>shift)
}

// histUpper returns the largest value that maps to bucket i.
func histUpper(i int) int64 {
	if i < 2*histSub {
		return int64(i)
	}
	shift := i/histSub - 1
	sub := int64(i - shift*histSub) // in [histSub, 2*histSub)
	return (sub+1)<<shift - 1
}

func (h *histogram) record(d time.Duration) {
	v := max(int64(d), 0)
	if h.counts == nil {
		h.counts = make([]uint64, histBuckets)
	}
	h.counts[histIndex(v)]++
	if h.total == 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.total++
	h.sum += float64(v)
}

func (h *histogram) merge(o *histogram) {
	if o.total == 0 {
		return
	}
	if h.counts == nil {
		h.counts = make([]uint64, histBuckets)
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.total == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.total += o.total
	h.sum += o.sum
}

// quantile returns the value at quantile q in [0, 1]: the upper bound of the bucket holding
// the ceil(q*total)-th smallest value, capped by the exact maximum (so it never exceeds
// Max and is at most 0.8% above the true sample value).
func (h *histogram) quantile(q float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.total)))
	rank = max(1, min(rank, h.total))
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return time.Duration(max(min(histUpper(i), h.max), h.min))
		}
	}
	return time.Duration(h.max)
}

func (h *histogram) mean() time.Duration {
	if h.total == 0 {
		return 0
	}
	return time.Duration(h.sum / float64(h.total))
}
