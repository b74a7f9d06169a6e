package server

import (
	"fmt"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// signals is sig[<<srv, x>>] of one server (the spec's GO BINDINGS): one Go channel of
// capacity 1 per reader (a signal pending is one token; more signals coalesce), x a peer
// p (read by AServerSender(srv, p)), LeaderSig (AServerBecomeLeader) or CommitSig
// (AServerAdvanceCommitIndex). A write of <<srv, x>> is a non-blocking send at Commit (an
// aborted section signals nothing); ReplicateSig and ElectionSig wake every sender. The
// read side is a resources.CustomInChan per reader, which also yields TRUE every interval
// (PeriodicSignal, refining the model's Signal macro).
type signals struct {
	srv, n   int
	interval time.Duration
	chans    map[int]chan tla.Value
	flow     *flow // if set, paces the senders (see flow)
}

func newSignals(srv, n int, interval time.Duration, fl *flow) *signals {
	s := &signals{srv: srv, n: n, interval: interval, chans: map[int]chan tla.Value{}, flow: fl}
	for p := 1; p <= n; p++ {
		if p != srv {
			s.chans[p] = make(chan tla.Value, 1)
		}
	}
	s.chans[s.leaderSig()] = make(chan tla.Value, 1)
	s.chans[s.commitSig()] = make(chan tla.Value, 1)
	return s
}

func (s *signals) replicateSig() int { return s.n + 1 }
func (s *signals) electionSig() int  { return s.n + 2 }
func (s *signals) leaderSig() int    { return s.n + 3 }
func (s *signals) commitSig() int    { return s.n + 4 }

// targets returns the reader channels woken by a write of <<srv, x>>.
func (s *signals) targets(x int) []chan tla.Value {
	if x == s.replicateSig() || x == s.electionSig() {
		var cs []chan tla.Value
		for p := 1; p <= s.n; p++ {
			if p != s.srv {
				cs = append(cs, s.chans[p])
			}
		}
		return cs
	}
	if c, ok := s.chans[x]; ok {
		return []chan tla.Value{c}
	}
	return nil
}

// handle returns one context's sig resource. ready, if set, is consulted before a read
// blocks: if it reports true, the read yields TRUE at once without consuming a token (a
// level-triggered wake-up, used by AServerAdvanceCommitIndex while committed entries
// remain to apply).
func (s *signals) handle(ready func(iface distsys.ArchetypeInterface) (bool, error)) distsys.ArchetypeResource {
	return &sigHandle{s: s, readers: map[int]*resources.CustomInChan{}, ready: ready}
}

type sigHandle struct {
	distsys.ArchetypeResourceMapMixin
	s       *signals
	readers map[int]*resources.CustomInChan
	touched []*resources.CustomInChan
	pending []int
	ready   func(iface distsys.ArchetypeInterface) (bool, error)
}

func (h *sigHandle) Index(_ distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	// ModuleLen and ApplyFunction, not AsTuple, which builds a persistent list.
	if !index.IsTuple() || tla.ModuleLen(index).AsNumber() != 2 {
		panic(fmt.Errorf("%w: sig index %v is not a pair", tla.ErrTLAType, index))
	}
	if int(index.ApplyFunction(tla.MakeNumber(1)).AsNumber()) != h.s.srv {
		panic(fmt.Errorf("sig index %v: not server %d's signal", index, h.s.srv))
	}
	return &sigLeaf{h: h, x: int(index.ApplyFunction(tla.MakeNumber(2)).AsNumber())}, nil
}

func (h *sigHandle) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

func (h *sigHandle) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	for _, r := range h.touched {
		r.Commit(iface)
	}
	h.touched = h.touched[:0]
	for _, x := range h.pending {
		for _, c := range h.s.targets(x) {
			select {
			case c <- tla.MakeBool(true):
			default: // a signal is already pending
			}
		}
	}
	h.pending = h.pending[:0]
	return nil
}

func (h *sigHandle) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	for _, r := range h.touched {
		r.Abort(iface)
	}
	h.touched = h.touched[:0]
	h.pending = h.pending[:0]
	return nil
}

func (h *sigHandle) Close() error { return nil }

type sigLeaf struct {
	distsys.ArchetypeResourceLeafMixin
	h *sigHandle
	x int
}

func (l *sigLeaf) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	h := l.h
	if h.ready != nil {
		ok, err := h.ready(iface)
		if err != nil {
			return tla.Value{}, err
		}
		if ok {
			return tla.MakeBool(true), nil
		}
	}
	r, ok := h.readers[l.x]
	if !ok {
		c, found := h.s.chans[l.x]
		if !found {
			panic(fmt.Errorf("sig <<%d, %d>> has no reader channel", h.s.srv, l.x))
		}
		r = resources.NewCustomInChan(c, h.s.interval)
		h.readers[l.x] = r
	}
	if h.s.flow != nil {
		h.s.flow.wait(iface, l.x)
	}
	h.touched = append(h.touched, r)
	return r.ReadValue(iface)
}

func (l *sigLeaf) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	l.h.pending = append(l.h.pending, l.x)
	return nil
}

func (l *sigLeaf) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (l *sigLeaf) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (l *sigLeaf) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (l *sigLeaf) Close() error                                    { return nil }
