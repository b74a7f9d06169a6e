package server

import (
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// flow paces each AServerSender to one request in flight per peer. The spec's sender sends
// every entry from nextIndex[p] at each wake-up, and nextIndex advances only with the
// peer's answer, so a sender woken at every new batch resends the unacknowledged suffix
// again and again; a follower that falls behind then receives ever larger requests and
// falls further behind, until its election timer fires. With pacing, a sender's wake-up
// waits until the peer has answered its previous request (any message from the peer
// reaching AServer counts) or maxWait has passed; the next request then carries everything
// new. This only changes when the signal read yields, which the model's Signal leaves free.
type flow struct {
	maxWait time.Duration
	peers   map[int]*peerFlow
}

type peerFlow struct {
	mu          sync.Mutex
	outstanding bool          // a request was sent and not answered
	answered    chan struct{} // closed and replaced at each answer
}

func newFlow(srv, n int, maxWait time.Duration) *flow {
	f := &flow{maxWait: maxWait, peers: map[int]*peerFlow{}}
	for p := 1; p <= n; p++ {
		if p != srv {
			f.peers[p] = &peerFlow{answered: make(chan struct{})}
		}
	}
	return f
}

// sent records that a request to p was sent.
func (f *flow) sent(p int) {
	if pf, ok := f.peers[p]; ok {
		pf.mu.Lock()
		pf.outstanding = true
		pf.mu.Unlock()
	}
}

// heard records a message from p.
func (f *flow) heard(p int) {
	if pf, ok := f.peers[p]; ok {
		pf.mu.Lock()
		if pf.outstanding {
			pf.outstanding = false
			close(pf.answered)
			pf.answered = make(chan struct{})
		}
		pf.mu.Unlock()
	}
}

// wait blocks while a request to p is unanswered, at most maxWait.
func (f *flow) wait(iface distsys.ArchetypeInterface, p int) {
	pf, ok := f.peers[p]
	if !ok {
		return
	}
	pf.mu.Lock()
	outstanding, answered := pf.outstanding, pf.answered
	pf.mu.Unlock()
	if !outstanding {
		return
	}
	t := time.NewTimer(f.maxWait)
	defer t.Stop()
	select {
	case <-answered:
	case <-t.C:
		pf.mu.Lock()
		pf.outstanding = false // give up on that answer
		pf.mu.Unlock()
	case <-iface.Context().Done():
	}
}

// tap wraps AServer's mailboxes: reading a message from peer p out of net[srv] tells
// flow that p answered.
func (f *flow) tap(net distsys.ArchetypeResource, srv tla.Value) distsys.ArchetypeResource {
	return &netTap{ArchetypeResource: net, f: f, srv: srv}
}

type netTap struct {
	distsys.ArchetypeResource
	f   *flow
	srv tla.Value
}

func (t *netTap) Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	child, err := t.ArchetypeResource.Index(iface, index)
	if err != nil || !index.Equal(t.srv) {
		return child, err
	}
	return &netTapChild{ArchetypeResource: child, f: t.f}, nil
}

type netTapChild struct {
	distsys.ArchetypeResource
	f *flow
}

func (c *netTapChild) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	v, err := c.ArchetypeResource.ReadValue(iface)
	if err == nil && v.IsFunction() {
		// LookupFunction, not AsFunction, which builds a persistent map per message.
		if src, ok := v.LookupFunction(tla.MakeString("msource")); ok && src.IsNumber() {
			c.f.heard(int(src.AsNumber()))
		}
	}
	return v, err
}

// sendTap wraps the mailboxes of the sender to peer: a committed section that wrote to
// net[peer] has a request in flight.
func (f *flow) sendTap(net distsys.ArchetypeResource, peer int) distsys.ArchetypeResource {
	return &sendTap{ArchetypeResource: net, f: f, peer: peer}
}

type sendTap struct {
	distsys.ArchetypeResource
	f       *flow
	peer    int
	written bool // in the current attempt
}

func (t *sendTap) Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	child, err := t.ArchetypeResource.Index(iface, index)
	if err != nil {
		return nil, err
	}
	return &sendTapChild{ArchetypeResource: child, t: t}, nil
}

func (t *sendTap) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	if t.written {
		t.written = false
		t.f.sent(t.peer)
	}
	return t.ArchetypeResource.Commit(iface)
}

func (t *sendTap) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	t.written = false
	return t.ArchetypeResource.Abort(iface)
}

type sendTapChild struct {
	distsys.ArchetypeResource
	t *sendTap
}

func (c *sendTapChild) WriteValue(iface distsys.ArchetypeInterface, v tla.Value) error {
	if err := c.ArchetypeResource.WriteValue(iface, v); err != nil {
		return err
	}
	c.t.written = true
	return nil
}
