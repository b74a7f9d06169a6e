package resources

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/rpc"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// CRDTValue is a state-based CRDT (runtime.md §5.11). Implementations must be
// immutable values (Write and Merge return new values), gob-registered, and
// Merge must be a join: commutative, associative and idempotent.
type CRDTValue interface {
	Init() CRDTValue
	Read() tla.Value
	Write(id tla.Value, value tla.Value) CRDTValue
	Merge(other CRDTValue) CRDTValue
}

// CRDTAddressMappingFn maps a node id to the address its CRDT resource listens
// on.
type CRDTAddressMappingFn func(id tla.Value) string

// CRDTOption configures NewCRDT.
type CRDTOption func(c *crdt)

// WithCRDTBroadcastInterval sets how often pending values are sent (50 ms).
func WithCRDTBroadcastInterval(d time.Duration) CRDTOption {
	return func(c *crdt) { c.broadcastInterval = d }
}

// WithCRDTSendTimeout bounds one send to a peer, reply included (2 s).
func WithCRDTSendTimeout(d time.Duration) CRDTOption {
	return func(c *crdt) { c.sendTimeout = d }
}

// WithCRDTDialTimeout bounds dialling a peer (2 s).
func WithCRDTDialTimeout(d time.Duration) CRDTOption {
	return func(c *crdt) { c.dialTimeout = d }
}

// ReceiveValueArgs carries a sender's stable value.
type ReceiveValueArgs struct {
	Value CRDTValue
}

// ReceiveValueResp carries the receiver's stable value back.
type ReceiveValueResp struct {
	Value CRDTValue
}

// CRDTRPCReceiver is the net/rpc service ("CRDTRPCReceiver.ReceiveValue") a
// CRDT resource serves.
type CRDTRPCReceiver struct {
	crdt *crdt
}

// ReceiveValue queues args.Value for merging (at once if no critical section
// is open, otherwise when it ends) and replies with the receiver's stable
// value.
func (rcvr *CRDTRPCReceiver) ReceiveValue(args ReceiveValueArgs, reply *ReceiveValueResp) error {
	if args.Value == nil {
		return errors.New("crdt: received no value")
	}
	reply.Value = rcvr.crdt.deliver(args.Value)
	return nil
}

// crdt is the resource of NewCRDT.
//
// It refines a replicated state-based CRDT: each node's committed state only
// grows (Write and Merge are inflationary), every committed local write is
// eventually received by every peer that is (eventually) reachable, and
// receipt merges; hence all replicas that stop writing converge to the join
// of all committed writes. Within a section, accesses see the node's state as
// of the section's start plus its own writes (the section is atomic: no merge
// happens between two of its accesses), and Abort discards its writes only.
//
// It assumes CRDTValue implementations are immutable joins (see CRDTValue)
// and that addressMappingFn gives every node a distinct, stable address.
type crdt struct {
	distsys.ArchetypeResourceLeafMixin

	id                tla.Value
	peerIds           []tla.Value
	addressMappingFn  CRDTAddressMappingFn
	broadcastInterval time.Duration
	sendTimeout       time.Duration
	dialTimeout       time.Duration

	mu        sync.Mutex
	inCS      bool        // a section has accessed the resource and not yet committed or aborted
	committed CRDTValue   // the stable value: sent to peers, merged into between sections
	value     CRDTValue   // committed plus this section's writes
	wrote     bool        // this section wrote
	incoming  []CRDTValue // received during a section; merged when it ends
	gen       uint64      // number of committed sections that wrote
	acked     []uint64    // per peer: the highest gen that peer has received
	inflight  []bool      // per peer: a send is running
	clients   []*rpc.Client
	conns     map[net.Conn]struct{} // accepted connections
	closed    bool

	listener  net.Listener
	server    *rpc.Server
	done      chan struct{}
	ctx       context.Context // cancelled by Close (ends dials)
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
}

var _ distsys.ArchetypeResource = (*crdt)(nil)

// NewCRDT returns a CRDT resource for node id holding crdtValue.Init(). It
// listens for net/rpc at addressMappingFn(id) from construction (a bind
// failure panics: a start-up configuration error) and, after local writes,
// sends its stable value every broadcast interval to each peer in peerIds (id
// itself is skipped) until that peer has received it.
//
// DECISIONS (runtime.md §5.11): values received from peers, and the peers'
// replies, are merged only between critical sections; a peer's pending
// broadcast is cleared only by that peer's receipt, so a peer that is down
// gets the value once it is up.
func NewCRDT(id tla.Value, peerIds []tla.Value, addressMappingFn CRDTAddressMappingFn, crdtValue CRDTValue, opts ...CRDTOption) distsys.ArchetypeResource {
	c := &crdt{
		id:                id,
		addressMappingFn:  addressMappingFn,
		broadcastInterval: 50 * time.Millisecond,
		sendTimeout:       2 * time.Second,
		dialTimeout:       2 * time.Second,
		conns:             make(map[net.Conn]struct{}),
		done:              make(chan struct{}),
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	for _, p := range peerIds {
		if !p.Equal(id) {
			c.peerIds = append(c.peerIds, p)
		}
	}
	for _, opt := range opts {
		opt(c)
	}
	c.committed = crdtValue.Init()
	c.value = c.committed
	c.acked = make([]uint64, len(c.peerIds))
	c.inflight = make([]bool, len(c.peerIds))
	c.clients = make([]*rpc.Client, len(c.peerIds))

	c.server = rpc.NewServer()
	if err := c.server.Register(&CRDTRPCReceiver{crdt: c}); err != nil {
		panic(fmt.Errorf("crdt: registering the RPC receiver: %w", err))
	}
	addr := addressMappingFn(id)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		panic(fmt.Errorf("crdt %v: cannot listen on %q: %w", id, addr, err))
	}
	c.listener = ln
	c.wg.Add(2)
	go c.acceptLoop()
	go c.broadcastLoop()
	return c
}

func (c *crdt) acceptLoop() {
	defer c.wg.Done()
	for {
		conn, err := c.listener.Accept()
		if err != nil {
			return // closed
		}
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			_ = conn.Close()
			return
		}
		c.conns[conn] = struct{}{}
		c.wg.Add(1)
		c.mu.Unlock()
		go func() {
			defer c.wg.Done()
			c.server.ServeConn(conn)
			c.mu.Lock()
			delete(c.conns, conn)
			c.mu.Unlock()
		}()
	}
}

// deliver merges v into the stable value now, or queues it while a section is
// open, and returns the stable value.
func (c *crdt) deliver(v CRDTValue) CRDTValue {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inCS {
		c.incoming = append(c.incoming, v)
	} else {
		c.committed = c.committed.Merge(v)
		c.value = c.committed
	}
	return c.committed
}

func (c *crdt) broadcastLoop() {
	defer c.wg.Done()
	ticker := time.NewTicker(c.broadcastInterval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ticker.C:
		}
		c.mu.Lock()
		stable, gen := c.committed, c.gen
		for i := range c.peerIds {
			if c.acked[i] < gen && !c.inflight[i] && !c.closed {
				c.inflight[i] = true
				c.wg.Add(1)
				go c.send(i, stable, gen)
			}
		}
		c.mu.Unlock()
	}
}

// send delivers stable (as of generation gen) to peer i; on success the peer
// has received every write up to gen, and its reply is merged.
func (c *crdt) send(i int, stable CRDTValue, gen uint64) {
	defer c.wg.Done()
	reply, err := c.call(i, stable)
	c.mu.Lock()
	c.inflight[i] = false
	if err == nil && c.acked[i] < gen {
		c.acked[i] = gen
	}
	c.mu.Unlock()
	if err == nil && reply != nil {
		c.deliver(reply)
	}
}

func (c *crdt) call(i int, stable CRDTValue) (CRDTValue, error) {
	c.mu.Lock()
	client := c.clients[i]
	c.mu.Unlock()
	if client == nil {
		dialer := net.Dialer{Timeout: c.dialTimeout}
		conn, err := dialer.DialContext(c.ctx, "tcp", c.addressMappingFn(c.peerIds[i]))
		if err != nil {
			return nil, err
		}
		client = rpc.NewClient(conn)
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			_ = client.Close()
			return nil, net.ErrClosed
		}
		c.clients[i] = client
		c.mu.Unlock()
	}
	var resp ReceiveValueResp
	call := client.Go("CRDTRPCReceiver.ReceiveValue", ReceiveValueArgs{Value: stable}, &resp, make(chan *rpc.Call, 1))
	timer := time.NewTimer(c.sendTimeout)
	defer timer.Stop()
	var err error
	select {
	case <-call.Done:
		err = call.Error
	case <-timer.C:
		err = errors.New("crdt: send timed out")
	case <-c.done:
		err = net.ErrClosed
	}
	if err != nil {
		// Drop the connection; the next tick redials.
		c.mu.Lock()
		if c.clients[i] == client {
			c.clients[i] = nil
		}
		c.mu.Unlock()
		_ = client.Close()
		return nil, err
	}
	return resp.Value, nil
}

// begin opens the section at its first access.
func (c *crdt) begin() {
	c.inCS = true
}

// endSection merges what arrived during the section and closes it. c.mu is held.
func (c *crdt) endSection() {
	for _, v := range c.incoming {
		c.committed = c.committed.Merge(v)
	}
	c.incoming = nil
	c.value = c.committed
	c.wrote = false
	c.inCS = false
}

// ReadValue returns Read() of the section's value.
func (c *crdt) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.begin()
	return c.value.Read(), nil
}

// WriteValue applies Write(id, value), an operation rather than an assignment.
func (c *crdt) WriteValue(_ distsys.ArchetypeInterface, value tla.Value) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.begin()
	c.value = c.value.Write(c.id, value)
	c.wrote = true
	return nil
}

// PreCommit always succeeds.
func (c *crdt) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit makes the section's writes stable (to be broadcast to every peer),
// then merges the values received meanwhile.
func (c *crdt) Commit(distsys.ArchetypeInterface) chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.committed = c.value
	if c.wrote {
		c.gen++
	}
	c.endSection()
	return nil
}

// Abort discards the section's writes, then merges the values received
// meanwhile.
func (c *crdt) Abort(distsys.ArchetypeInterface) chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.endSection()
	return nil
}

// Close stops listening and broadcasting, closes every connection and waits
// for the resource's goroutines. It is idempotent.
func (c *crdt) Close() error {
	var err error
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		close(c.done)
		c.cancel()
		err = c.listener.Close()
		for conn := range c.conns {
			_ = conn.Close()
		}
		for i, client := range c.clients {
			if client != nil {
				_ = client.Close()
				c.clients[i] = nil
			}
		}
		c.mu.Unlock()
		c.wg.Wait()
	})
	return err
}
