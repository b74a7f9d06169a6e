package modelcheck

import (
	"sync"
	"sync/atomic"
)

// fpSet is a concurrent set of 64-bit fingerprints: open addressing with
// linear probing, split into shards by the top bits of the fingerprint, each
// shard locked on its own and grown (doubled) at 3/4 load. 0 marks an empty
// slot, so the fingerprint 0 is stored as 1.
type fpSet struct {
	shards [fpShards]fpShard
	count  atomic.Int64
}

const (
	fpShardBits = 6
	fpShards    = 1 << fpShardBits
)

type fpShard struct {
	mu   sync.Mutex
	keys []uint64
	n    int
	_    [40]byte // keep shards on separate cache lines
}

func newFPSet(expected int) *fpSet {
	s := &fpSet{}
	per := 1024
	for per*3/4 < expected/fpShards {
		per *= 2
	}
	for i := range s.shards {
		s.shards[i].keys = make([]uint64, per)
	}
	return s
}

// insert adds fp and reports whether it was not there yet.
func (s *fpSet) insert(fp uint64) bool {
	if fp == 0 {
		fp = 1
	}
	sh := &s.shards[fp>>(64-fpShardBits)]
	sh.mu.Lock()
	mask := uint64(len(sh.keys) - 1)
	for i := fp & mask; ; i = (i + 1) & mask {
		k := sh.keys[i]
		if k == fp {
			sh.mu.Unlock()
			return false
		}
		if k == 0 {
			sh.keys[i] = fp
			sh.n++
			if sh.n*4 > len(sh.keys)*3 {
				sh.grow()
			}
			sh.mu.Unlock()
			s.count.Add(1)
			return true
		}
	}
}

func (sh *fpShard) grow() {
	old := sh.keys
	keys := make([]uint64, 2*len(old))
	mask := uint64(len(keys) - 1)
	for _, k := range old {
		if k == 0 {
			continue
		}
		i := k & mask
		for keys[i] != 0 {
			i = (i + 1) & mask
		}
		keys[i] = k
	}
	sh.keys = keys
}

// chunked is an append-only array stored in fixed-size chunks, so that it
// grows without copying (the per-state arrays reach tens of millions).
type chunked[T any] struct {
	chunks [][]T
	n      int
}

const chunkBits = 16

func (a *chunked[T]) append(v T) int {
	i := a.n
	if i>>chunkBits == len(a.chunks) {
		a.chunks = append(a.chunks, make([]T, 1<<chunkBits))
	}
	a.chunks[i>>chunkBits][i&(1<<chunkBits-1)] = v
	a.n++
	return i
}

func (a *chunked[T]) get(i int) T { return a.chunks[i>>chunkBits][i&(1<<chunkBits-1)] }

func (a *chunked[T]) len() int { return a.n }
