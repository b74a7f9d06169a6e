package resources

import (
	"fmt"
	"sync"
	"time"
)

// InMemoryNetwork is an address namespace for mailboxes of one process
// (typically a test's contexts), with fault injection. Addresses are
// arbitrary strings; a listener binds one. Connections are identified by the
// dialler's identity (the address of its first local mailbox, or "") and the
// listener's address.
type InMemoryNetwork struct {
	mu         sync.Mutex
	listeners  map[string]*memListener
	pipes      map[*memPipe]struct{}
	partitions map[[2]string]struct{}
	delays     map[string]time.Duration
	faults     map[memFaultKey]int
}

// InMemoryFault is a one-shot protocol fault injected at a listening address.
type InMemoryFault int

const (
	// FaultLosePrepareAck loses the receiver's ack of a prepare (the
	// sender's PreCommit times out and the section aborts).
	FaultLosePrepareAck InMemoryFault = iota
	// FaultLoseCommitAck loses the receiver's ack of a commit after the batch
	// was delivered (the sender retries; the receiver must not deliver twice).
	FaultLoseCommitAck
	// FaultDropOnCommit closes the connection after the batch was delivered,
	// instead of sending the commit ack.
	FaultDropOnCommit
)

type memFaultKey struct {
	addr  string
	fault InMemoryFault
}

// NewInMemoryNetwork returns an empty network.
func NewInMemoryNetwork() *InMemoryNetwork {
	return &InMemoryNetwork{
		listeners:  make(map[string]*memListener),
		pipes:      make(map[*memPipe]struct{}),
		partitions: make(map[[2]string]struct{}),
		delays:     make(map[string]time.Duration),
		faults:     make(map[memFaultKey]int),
	}
}

func pairKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// Partition cuts a and b apart: new connections between them fail at once and
// frames on existing ones are silently lost, until Heal.
func (n *InMemoryNetwork) Partition(a, b string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.partitions[pairKey(a, b)] = struct{}{}
}

// Heal undoes Partition(a, b).
func (n *InMemoryNetwork) Heal(a, b string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.partitions, pairKey(a, b))
}

// DropConnections closes every open connection to or from addr; frames in
// flight are lost. Senders notice and reconnect.
func (n *InMemoryNetwork) DropConnections(addr string) {
	n.mu.Lock()
	var drop []*memPipe
	for p := range n.pipes {
		if p.dialer == addr || p.listenAddr == addr {
			drop = append(drop, p)
		}
	}
	n.mu.Unlock()
	for _, p := range drop {
		p.close()
	}
}

// SetDelay delays every frame sent to or from addr by d (0 removes the
// delay); order is kept.
func (n *InMemoryNetwork) SetDelay(addr string, d time.Duration) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if d <= 0 {
		delete(n.delays, addr)
	} else {
		n.delays[addr] = d
	}
}

// InjectFault makes the mailbox listening at addr suffer fault the next
// count times the situation arises.
func (n *InMemoryNetwork) InjectFault(addr string, fault InMemoryFault, count int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.faults[memFaultKey{addr, fault}] += count
}

// PendingFaults returns how many injections of fault at addr have not been
// triggered yet, so tests can check that the faults they injected happened.
func (n *InMemoryNetwork) PendingFaults(addr string, fault InMemoryFault) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.faults[memFaultKey{addr, fault}]
}

func (n *InMemoryNetwork) takeFault(addr string, fault InMemoryFault) bool {
	k := memFaultKey{addr, fault}
	if n.faults[k] > 0 {
		n.faults[k]--
		return true
	}
	return false
}

// memTransport is the in-memory mailboxTransport of one Mailboxes.
type memTransport struct {
	network      *InMemoryNetwork
	identity     string
	maxFrameSize int
}

func (t *memTransport) listen(addr string) (mailboxListener, error) {
	n := t.network
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.listeners[addr]; ok {
		return nil, fmt.Errorf("in-memory listen %s: address already in use", addr)
	}
	l := &memListener{network: n, addr: addr, accepts: make(chan *memEndpoint, 16), closed: make(chan struct{}), maxFrameSize: t.maxFrameSize}
	n.listeners[addr] = l
	return l, nil
}

func (t *memTransport) dial(addr string, timeout time.Duration) (mailboxConn, error) {
	n := t.network
	n.mu.Lock()
	l := n.listeners[addr]
	_, cut := n.partitions[pairKey(t.identity, addr)]
	n.mu.Unlock()
	if l == nil {
		return nil, fmt.Errorf("in-memory dial %s: connection refused", addr)
	}
	if cut {
		return nil, fmt.Errorf("in-memory dial %s: network unreachable (partitioned)", addr)
	}
	p := &memPipe{network: n, dialer: t.identity, listenAddr: addr, closed: make(chan struct{})}
	toServer, toClient := make(chan memFrame, 64), make(chan memFrame, 64)
	client := &memEndpoint{pipe: p, in: toClient, out: toServer, maxFrameSize: t.maxFrameSize}
	server := &memEndpoint{pipe: p, in: toServer, out: toClient, server: true, maxFrameSize: l.maxFrameSize}
	n.mu.Lock()
	n.pipes[p] = struct{}{}
	n.mu.Unlock()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case l.accepts <- server:
		return client, nil
	case <-l.closed:
	case <-timer.C:
	}
	p.close()
	return nil, fmt.Errorf("in-memory dial %s: connection refused", addr)
}

type memListener struct {
	network      *InMemoryNetwork
	addr         string
	accepts      chan *memEndpoint
	closed       chan struct{}
	once         sync.Once
	maxFrameSize int
}

func (l *memListener) accept() (mailboxConn, error) {
	select {
	case e := <-l.accepts:
		return e, nil
	case <-l.closed:
		return nil, errTransportClosed
	}
}

func (l *memListener) close() error {
	l.once.Do(func() {
		n := l.network
		n.mu.Lock()
		if n.listeners[l.addr] == l {
			delete(n.listeners, l.addr)
		}
		n.mu.Unlock()
		close(l.closed)
		for { // refuse connections queued but not accepted
			select {
			case e := <-l.accepts:
				e.pipe.close()
			default:
				return
			}
		}
	})
	return nil
}

// memPipe is one connection; closing it closes both endpoints.
type memPipe struct {
	network            *InMemoryNetwork
	dialer, listenAddr string
	closed             chan struct{}
	once               sync.Once
}

func (p *memPipe) close() {
	p.once.Do(func() {
		close(p.closed)
		p.network.mu.Lock()
		delete(p.network.pipes, p)
		p.network.mu.Unlock()
	})
}

type memFrame struct {
	data []byte
	at   time.Time // not delivered before
}

type memEndpoint struct {
	pipe         *memPipe
	in, out      chan memFrame
	server       bool
	maxFrameSize int
}

// faultAction decides what happens to a frame the listener side sends.
func (e *memEndpoint) faultAction(frame []byte) (lose, drop bool) {
	if !e.server || len(frame) == 0 {
		return false, false
	}
	n, addr := e.pipe.network, e.pipe.listenAddr
	switch frame[0] {
	case frameAckPrepare:
		return n.takeFault(addr, FaultLosePrepareAck), false
	case frameAckCommit:
		if n.takeFault(addr, FaultDropOnCommit) {
			return false, true
		}
		return n.takeFault(addr, FaultLoseCommitAck), false
	}
	return false, false
}

func (e *memEndpoint) send(frame []byte, deadline time.Time) error {
	p := e.pipe
	select {
	case <-p.closed:
		return errTransportClosed
	default:
	}
	n := p.network
	n.mu.Lock()
	_, cut := n.partitions[pairKey(p.dialer, p.listenAddr)]
	delay := max(n.delays[p.dialer], n.delays[p.listenAddr])
	lose, drop := e.faultAction(frame)
	n.mu.Unlock()
	if drop {
		p.close()
		return errTransportClosed
	}
	if cut || lose {
		return nil // accepted by "the kernel", never arrives
	}
	f := memFrame{data: append([]byte(nil), frame...)}
	if delay > 0 {
		f.at = time.Now().Add(delay)
	}
	select {
	case e.out <- f:
		return nil
	default:
	}
	var timeout <-chan time.Time
	if !deadline.IsZero() {
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case e.out <- f:
		return nil
	case <-p.closed:
		return errTransportClosed
	case <-timeout:
		return errTransportTimeout
	}
}

func (e *memEndpoint) recv(deadline time.Time) ([]byte, error) {
	p := e.pipe
	var timeout <-chan time.Time
	if !deadline.IsZero() {
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		timeout = timer.C
	}
	var f memFrame
	select {
	case f = <-e.in:
	case <-p.closed:
		return nil, errTransportClosed
	case <-timeout:
		return nil, errTransportTimeout
	}
	if wait := time.Until(f.at); !f.at.IsZero() && wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-p.closed:
			return nil, errTransportClosed
		case <-timeout:
			return nil, errTransportTimeout
		}
	}
	if e.maxFrameSize > 0 && len(f.data) > e.maxFrameSize {
		return nil, fmt.Errorf("in-memory recv: %w: %d bytes (maximum %d)", errFrameTooLarge, len(f.data), e.maxFrameSize)
	}
	return f.data, nil
}

func (e *memEndpoint) close() error {
	e.pipe.close()
	return nil
}
