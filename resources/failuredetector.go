package resources

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/rpc"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/hashmap"
	"github.com/mpgo/mpgo/distsys/tla"
)

// ArchetypeState is what a Monitor knows about one archetype instance.
type ArchetypeState int

const (
	uninitialized ArchetypeState = iota
	alive
	failed
	finished
	unknown
)

func (s ArchetypeState) String() string {
	switch s {
	case uninitialized:
		return "uninitialized"
	case alive:
		return "alive"
	case failed:
		return "failed"
	case finished:
		return "finished"
	case unknown:
		return "unknown"
	}
	return fmt.Sprintf("ArchetypeState(%d)", int(s))
}

// errArchetypeNotFound is IsAlive's answer for an archetype the monitor
// never ran.
var errArchetypeNotFound = errors.New("archetype not found")

// Monitor (one per OS process) runs archetypes and answers, over net/rpc on
// TCP ("MonitorRPCReceiver.IsAlive"), whether each is alive, failed or
// finished. Failure detectors in other processes poll it.
type Monitor struct {
	ListenAddr string

	server *rpc.Server

	mu     sync.Mutex
	states *hashmap.HashMap[ArchetypeState]
	ln     net.Listener
	conns  map[net.Conn]struct{}
	closed bool
	done   chan struct{} // closed by Close
	wg     sync.WaitGroup
}

// MonitorRPCReceiver is the RPC face of a Monitor.
type MonitorRPCReceiver struct {
	m *Monitor
}

// NewMonitor returns a monitor that will listen at listenAddr (see Listen and
// ListenAndServe).
func NewMonitor(listenAddr string) *Monitor {
	m := &Monitor{
		ListenAddr: listenAddr,
		server:     rpc.NewServer(),
		states:     hashmap.New[ArchetypeState](),
		conns:      make(map[net.Conn]struct{}),
		done:       make(chan struct{}),
	}
	if err := m.server.RegisterName("MonitorRPCReceiver", &MonitorRPCReceiver{m: m}); err != nil {
		panic(fmt.Errorf("monitor: registering the RPC receiver: %w", err)) // a programming error
	}
	return m
}

// Listen (mpgo addition) binds ListenAddr now, so that a bind failure is
// reported synchronously and Addr is known before ListenAndServe runs in its
// goroutine. Calling it again, or ListenAndServe after it, reuses the
// listener.
func (m *Monitor) Listen() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return fmt.Errorf("monitor %s: %w", m.ListenAddr, net.ErrClosed)
	}
	if m.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", m.ListenAddr)
	if err != nil {
		return fmt.Errorf("monitor: %w", err)
	}
	m.ln = ln
	return nil
}

// Addr (mpgo addition) returns the bound address once Listen (or
// ListenAndServe) has bound it, else ListenAddr; with port 0 it tells the
// port the system chose.
func (m *Monitor) Addr() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ln != nil {
		return m.ln.Addr().String()
	}
	return m.ListenAddr
}

// ListenAndServe binds ListenAddr (unless Listen did) and serves IsAlive
// requests until Close; then it returns nil. It blocks: run it in a
// goroutine.
func (m *Monitor) ListenAndServe() error {
	if err := m.Listen(); err != nil {
		return err
	}
	m.mu.Lock()
	ln := m.ln
	m.mu.Unlock()
	var bo backoff
	for {
		conn, err := ln.Accept()
		if err != nil {
			select {
			case <-m.done:
				return nil
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			slog.Warn("monitor: accept failed; retrying", "addr", ln.Addr().String(), "err", err)
			timer := time.NewTimer(bo.next())
			select {
			case <-timer.C:
			case <-m.done:
				timer.Stop()
				return nil
			}
			continue
		}
		m.mu.Lock()
		if m.closed {
			m.mu.Unlock()
			_ = conn.Close()
			return nil
		}
		m.conns[conn] = struct{}{}
		m.wg.Add(1)
		m.mu.Unlock()
		go func() {
			defer m.wg.Done()
			m.server.ServeConn(conn) // returns when the connection closes
			m.mu.Lock()
			delete(m.conns, conn)
			m.mu.Unlock()
		}()
	}
}

func (m *Monitor) setState(id tla.Value, state ArchetypeState) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.states.Set(id, state)
}

// RunArchetype marks ctx's archetype alive, runs it, and marks it finished
// (Run returned nil) or failed (an error, or a panic, which is recovered and
// returned as an error).
func (m *Monitor) RunArchetype(ctx *distsys.MPCalContext) (err error) {
	self := ctx.IFace().Self()
	m.setState(self, alive)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("archetype %v panicked: %v", self, r)
			if e, ok := r.(error); ok {
				err = fmt.Errorf("archetype %v panicked: %w", self, e)
			}
		}
		if err != nil {
			m.setState(self, failed)
		} else {
			m.setState(self, finished)
		}
	}()
	return ctx.Run()
}

// Close stops serving: it closes the listener and every connection (so
// pollers see the monitor as gone at once) and waits, bounded, for the
// serving goroutines. It is idempotent.
func (m *Monitor) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	close(m.done)
	ln := m.ln
	conns := make([]net.Conn, 0, len(m.conns))
	for c := range m.conns {
		conns = append(conns, c)
	}
	m.mu.Unlock()
	var err error
	if ln != nil {
		if cerr := ln.Close(); cerr != nil && !errors.Is(cerr, net.ErrClosed) {
			err = cerr
		}
	}
	for _, c := range conns {
		_ = c.Close()
	}
	waitBounded(&m.wg, closeWait)
	return err
}

// IsAlive reports the state of archetype arg, or "archetype not found".
func (rcvr *MonitorRPCReceiver) IsAlive(arg tla.Value, reply *ArchetypeState) error {
	m := rcvr.m
	m.mu.Lock()
	defer m.mu.Unlock()
	state, ok := m.states.Get(arg)
	if !ok {
		return errArchetypeNotFound
	}
	*reply = state
	return nil
}

// Failure detector defaults.
const (
	defaultFailureDetectorTimeout      = time.Second
	defaultFailureDetectorPullInterval = 2 * time.Second
	defaultFailureDetectorGracePeriod  = 5 * time.Second
)

// FailureDetectorOption configures a failure detector.
type FailureDetectorOption func(fd *SingleFailureDetector)

// WithFailureDetectorTimeout bounds each poll, dial and RPC together (1 s).
func WithFailureDetectorTimeout(t time.Duration) FailureDetectorOption {
	return func(fd *SingleFailureDetector) { fd.timeout = t }
}

// WithFailureDetectorPullInterval sets the pause between polls (2 s).
func WithFailureDetectorPullInterval(t time.Duration) FailureDetectorOption {
	return func(fd *SingleFailureDetector) { fd.pullInterval = t }
}

// WithFailureDetectorGracePeriod (mpgo addition) sets how long after
// construction a peer never seen alive still reads as not failed (5 s), so
// peers starting in any order are not suspected at start-up.
func WithFailureDetectorGracePeriod(t time.Duration) FailureDetectorOption {
	return func(fd *SingleFailureDetector) { fd.gracePeriod = t }
}

// withFailureDetectorStart makes the grace period run from start (the
// construction of the FailureDetector map rather than of the lazily created
// per-peer detector).
func withFailureDetectorStart(start time.Time) FailureDetectorOption {
	return func(fd *SingleFailureDetector) { fd.start = start }
}

// SingleFailureDetector watches one archetype instance through the Monitor
// of its process. fd reads TRUE when the peer is suspected to have failed.
//
// A goroutine polls the monitor (IsAlive) every PullInterval; a poll is a
// heartbeat request whose "alive" reply must arrive within Timeout. A peer
// never seen alive reads FALSE until the grace period since construction has
// elapsed, TRUE after it. Once seen alive, each poll's outcome replaces the
// previous one: an alive reply reads FALSE; an error, a timeout, "archetype
// not found", failed or finished reads TRUE. Writes panic; the commit-phase
// calls do nothing (a detector is an observation of the environment, not
// transactional state).
//
// Refinement. The detector refines the practical failure detector of the
// models,
//
//	mapping macro PracticalFD {   \* $variable: TRUE iff the peer crashed
//	    read { if ($variable = FALSE) { either { yield FALSE; } or { yield TRUE; } }   \* no accuracy
//	           else { yield $variable; } }                                        \* completeness
//	    write { yield $value; }
//	}
//
// with eventual (strong) completeness: a peer that crashes (its process dies,
// its Monitor closes, or its archetype fails or finishes) reads TRUE from at
// most Timeout + PullInterval after the crash if it was seen alive, and from
// the end of the grace period otherwise, for as long as it stays down; it
// gives no accuracy guarantee. Under the timing assumptions that every peer
// starts (enters RunArchetype) within the grace period and that a poll of a
// live peer is answered within Timeout (message delays plus process and GC
// pauses on both sides stay below Timeout), no live peer is ever suspected
// and a suspected peer stays down, so it refines the perfect failure detector
//
//	mapping macro PerfectFD { read { yield $variable; } write { yield $value; } }
//
// up to the detection delay (the crash step is observed at most
// Timeout + PullInterval late, a stuttering delay).
type SingleFailureDetector struct {
	distsys.ArchetypeResourceLeafMixin
	archetypeID  tla.Value
	monitorAddr  string
	timeout      time.Duration
	pullInterval time.Duration
	gracePeriod  time.Duration
	start        time.Time

	mu        sync.Mutex
	seenAlive bool
	state     ArchetypeState // outcome of the last poll once seen alive: alive or failed
	polls     int            // completed polls

	stop      context.CancelFunc // interrupts a pending dial on Close
	stopCtx   context.Context
	closeOnce sync.Once
	done      chan struct{} // closed when the poll goroutine exits
}

var _ distsys.ArchetypeResource = (*SingleFailureDetector)(nil)

// NewSingleFailureDetector starts watching archetypeID through the monitor
// at monitorAddr.
func NewSingleFailureDetector(archetypeID tla.Value, monitorAddr string, opts ...FailureDetectorOption) *SingleFailureDetector {
	fd := &SingleFailureDetector{
		archetypeID:  archetypeID,
		monitorAddr:  monitorAddr,
		timeout:      defaultFailureDetectorTimeout,
		pullInterval: defaultFailureDetectorPullInterval,
		gracePeriod:  defaultFailureDetectorGracePeriod,
		start:        time.Now(),
		state:        uninitialized,
		done:         make(chan struct{}),
	}
	for _, opt := range opts {
		opt(fd)
	}
	fd.stopCtx, fd.stop = context.WithCancel(context.Background())
	go fd.run()
	return fd
}

func (fd *SingleFailureDetector) run() {
	defer close(fd.done)
	var client *rpc.Client
	defer func() {
		if client != nil {
			_ = client.Close()
		}
	}()
	for {
		var state ArchetypeState
		state, client = fd.poll(client)
		if fd.stopCtx.Err() != nil {
			return
		}
		fd.record(state)
		timer := time.NewTimer(fd.pullInterval)
		select {
		case <-timer.C:
		case <-fd.stopCtx.Done():
			timer.Stop()
			return
		}
	}
}

// poll asks the monitor once, within Timeout, reusing client's connection
// when it is healthy. It returns the reply (failed for any failure) and the
// client to reuse (nil: dial next time).
func (fd *SingleFailureDetector) poll(client *rpc.Client) (ArchetypeState, *rpc.Client) {
	ctx, cancel := context.WithTimeout(fd.stopCtx, fd.timeout)
	defer cancel()
	if client == nil {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", fd.monitorAddr)
		if err != nil {
			return failed, nil
		}
		client = rpc.NewClient(conn)
	}
	var reply ArchetypeState
	call := client.Go("MonitorRPCReceiver.IsAlive", fd.archetypeID, &reply, make(chan *rpc.Call, 1))
	select {
	case <-call.Done:
		if call.Error != nil {
			var serverErr rpc.ServerError
			if errors.As(call.Error, &serverErr) {
				return failed, client // "archetype not found": the connection is fine
			}
			_ = client.Close()
			return failed, nil
		}
		return reply, client
	case <-ctx.Done():
		// Timed out (or closing): a late reply must not be taken for the
		// next poll's, so start over on a new connection.
		_ = client.Close()
		return failed, nil
	}
}

func (fd *SingleFailureDetector) record(state ArchetypeState) {
	fd.mu.Lock()
	defer fd.mu.Unlock()
	fd.polls++
	switch {
	case state == alive:
		fd.seenAlive = true
		fd.state = alive
	case fd.seenAlive:
		fd.state = failed // failed, finished, not found, error or timeout
	}
}

// suspected is the detector's current output: TRUE in ReadValue.
func (fd *SingleFailureDetector) suspected() bool {
	fd.mu.Lock()
	defer fd.mu.Unlock()
	if !fd.seenAlive {
		return time.Since(fd.start) >= fd.gracePeriod
	}
	return fd.state != alive
}

// Alive (mpgo addition) reports whether the peer is currently not suspected:
// the negation of what ReadValue returns. It is safe for concurrent use.
func (fd *SingleFailureDetector) Alive() bool { return !fd.suspected() }

// ReadValue returns TRUE if the peer is suspected to have failed.
func (fd *SingleFailureDetector) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	return tla.MakeBool(fd.suspected()), nil
}

// WriteValue panics: a failure detector is read-only.
func (fd *SingleFailureDetector) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	panic(fmt.Errorf("failure detector for %v: attempted to write", fd.archetypeID))
}

func (fd *SingleFailureDetector) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (fd *SingleFailureDetector) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (fd *SingleFailureDetector) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }

// Close stops polling, interrupting a pending poll; it returns promptly and
// is idempotent (a detector shared by several contexts is closed by each).
func (fd *SingleFailureDetector) Close() error {
	fd.closeOnce.Do(func() {
		fd.stop()
		select {
		case <-fd.done:
		case <-time.After(closeWait):
			slog.Warn("failure detector: poll goroutine did not stop in time", "peer", fd.archetypeID.String())
		}
	})
	return nil
}

// FailureDetectorAddressMappingFn maps an archetype id to the address of
// the Monitor that runs it.
type FailureDetectorAddressMappingFn func(tla.Value) string

// FailureDetector is fd[id]: a lazily filled map of SingleFailureDetectors,
// one per peer, with the same options; the grace period of every peer runs
// from the map's construction. See SingleFailureDetector for semantics and
// refinement.
type FailureDetector struct {
	*IncMap
}

// NewFailureDetector returns fd[id], polling id's monitor at
// addressMappingFn(id) from the first time id is indexed.
func NewFailureDetector(addressMappingFn FailureDetectorAddressMappingFn, opts ...FailureDetectorOption) *FailureDetector {
	start := time.Now()
	opts = append(append([]FailureDetectorOption(nil), opts...), withFailureDetectorStart(start))
	return &FailureDetector{IncMap: NewIncMap(func(index tla.Value) distsys.ArchetypeResource {
		return NewSingleFailureDetector(index, addressMappingFn(index), opts...)
	})}
}

// Alive (mpgo addition) reports whether peer id is currently not suspected
// (creating its detector if needed). Like Index, use it from the goroutine
// that uses the map. It makes a FailureDetector an AliveQuery for
// NewLeaderElection.
func (fd *FailureDetector) Alive(id tla.Value) bool {
	return fd.IncMap.child(id).(*SingleFailureDetector).Alive()
}
