package distsys

import (
	"fmt"
	"math/rand/v2"
)

// FairnessCounter chooses branches of either and elements of with (x \in S)
// so that retrying a label eventually takes every combination (runtime.md §3.8).
type FairnessCounter interface {
	BeginCriticalSection(pc string)
	NextFairnessCounter(id string, ceiling uint) uint
}

type choicePoint struct {
	id             string
	count, ceiling uint
}

// roundRobinFairnessCounter is an odometer over the choice points reached in
// an attempt, deepest least significant, so that retries of one label
// enumerate every combination of the choices on a fixed path. New entries start
// at a random digit: when control moves between labels the odometer restarts,
// and a fixed start would always pick the same element (a with inside a loop
// that changes pc would never see the others).
type roundRobinFairnessCounter struct {
	lastPC  string
	stack   []choicePoint
	reached int // choice points reached in the current attempt
	rng     *rand.Rand
}

// MakeRoundRobinFairnessCounter returns the default fairness counter.
func MakeRoundRobinFairnessCounter() FairnessCounter {
	return &roundRobinFairnessCounter{rng: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

func (fc *roundRobinFairnessCounter) BeginCriticalSection(pc string) {
	// Choice points not reached by the last attempt (it aborted earlier) must
	// not be advanced: they say nothing about the path taken now.
	fc.stack = fc.stack[:fc.reached]
	fc.reached = 0
	if pc != fc.lastPC {
		fc.lastPC = pc
		fc.stack = fc.stack[:0]
		return
	}
	for i := len(fc.stack) - 1; i >= 0; i-- {
		e := &fc.stack[i]
		e.count++
		if e.count < e.ceiling {
			return
		}
		e.count = 0 // carry into the next more significant choice point
	}
}

func (fc *roundRobinFairnessCounter) NextFairnessCounter(id string, ceiling uint) uint {
	if ceiling == 0 {
		panic(fmt.Sprintf("distsys: fairness counter %q asked to choose among 0 alternatives", id))
	}
	i := fc.reached
	fc.reached++
	if i < len(fc.stack) {
		if e := fc.stack[i]; e.id == id && e.ceiling == ceiling {
			return e.count
		}
		fc.stack = fc.stack[:i] // a different path from here on
	}
	start := uint(fc.rng.Uint64N(uint64(ceiling)))
	fc.stack = append(fc.stack, choicePoint{id: id, count: start, ceiling: ceiling})
	return start
}
