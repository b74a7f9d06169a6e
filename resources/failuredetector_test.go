package resources_test

import (
	"errors"
	"net"
	"net/rpc"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// AIdle waits on an input channel forever: a live archetype that does
// nothing. A value on the channel makes it fail (an assertion failure).
//
//	archetype AIdle(ref in) { l: with (v = in) { assert FALSE } ; goto l; }
var AIdle = distsys.MPCalArchetype{
	Name: "AIdle", Label: "AIdle.l",
	RequiredRefParams: []string{"AIdle.in"}, RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(distsys.MPCalCriticalSection{
		Name: "AIdle.l",
		Body: func(iface distsys.ArchetypeInterface) error {
			in, err := iface.RequireArchetypeResourceRef("AIdle.in")
			if err != nil {
				return err
			}
			if _, err := iface.Read(in, nil); err != nil {
				return err
			}
			return errors.Join(distsys.ErrAssertionFailed, errors.New("FALSE"))
		},
	}),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble:  func(distsys.ArchetypeInterface) {},
}

// peer is one process: a Monitor on a fresh port running AIdle as self.
type peer struct {
	monitor *resources.Monitor
	ctx     *distsys.MPCalContext
	kill    chan tla.Value // a value makes the archetype fail
	runErr  chan error
}

func startPeer(t *testing.T, self int32, listen string) *peer {
	t.Helper()
	m := resources.NewMonitor(listen)
	require.NoError(t, m.Listen())
	serveErr := make(chan error, 1)
	go func() { serveErr <- m.ListenAndServe() }()
	kill := make(chan tla.Value, 1)
	ctx := distsys.NewMPCalContext(num(self), AIdle,
		distsys.EnsureArchetypeRefParam("in", resources.NewInputChan(kill, resources.WithInputChanReadTimeout(100*time.Millisecond))))
	p := &peer{monitor: m, ctx: ctx, kill: kill, runErr: make(chan error, 1)}
	go func() { p.runErr <- m.RunArchetype(ctx) }()
	t.Cleanup(func() {
		ctx.Stop()
		require.NoError(t, m.Close())
		require.NoError(t, <-serveErr, "ListenAndServe returns nil after Close")
	})
	return p
}

func fdOpts(grace time.Duration) []resources.FailureDetectorOption {
	return []resources.FailureDetectorOption{
		resources.WithFailureDetectorTimeout(200 * time.Millisecond),
		resources.WithFailureDetectorPullInterval(50 * time.Millisecond),
		resources.WithFailureDetectorGracePeriod(grace),
	}
}

func readBool(t *testing.T, r distsys.ArchetypeResource) bool {
	t.Helper()
	v, err := r.ReadValue(zero)
	require.NoError(t, err)
	return v.AsBool()
}

// awaitSeenAlive waits until the detector has seen the peer alive: after
// the grace period a peer never seen alive would read TRUE.
func awaitSeenAlive(t *testing.T, fd *resources.SingleFailureDetector, grace time.Duration, since time.Time) {
	t.Helper()
	time.Sleep(time.Until(since.Add(grace))) // the grace period itself is what is awaited
	require.Eventually(t, func() bool { return !readBool(t, fd) }, waitLimit, 5*time.Millisecond)
}

func TestArchetypeStateString(t *testing.T) {
	assert.Equal(t, "alive", resources.ArchetypeState(1).String())
	assert.Equal(t, "failed", resources.ArchetypeState(2).String())
	assert.Equal(t, "finished", resources.ArchetypeState(3).String())
	assert.Equal(t, "uninitialized", resources.ArchetypeState(0).String())
}

func TestMonitorIsAliveOverRPC(t *testing.T) {
	p := startPeer(t, 1, "127.0.0.1:0")
	client, err := rpc.Dial("tcp", p.monitor.Addr())
	require.NoError(t, err)
	defer client.Close()
	var st resources.ArchetypeState
	require.Eventually(t, func() bool {
		return client.Call("MonitorRPCReceiver.IsAlive", num(1), &st) == nil && st.String() == "alive"
	}, waitLimit, 5*time.Millisecond)
	err = client.Call("MonitorRPCReceiver.IsAlive", num(99), &st)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "archetype not found")

	fd := resources.NewSingleFailureDetector(num(1), p.monitor.Addr(), fdOpts(time.Hour)...)
	defer fd.Close()
	require.Eventually(t, fd.Alive, waitLimit, 5*time.Millisecond)
	assert.False(t, readBool(t, fd))
	assert.Panics(t, func() { _ = fd.WriteValue(zero, tla.MakeBool(true)) })

	// An archetype the monitor never ran is "not found": with no grace
	// period, it reads failed.
	ghost := resources.NewSingleFailureDetector(num(99), p.monitor.Addr(), fdOpts(0)...)
	defer ghost.Close()
	assert.True(t, readBool(t, ghost))
}

func TestFailureDetectorDetectsMonitorClose(t *testing.T) {
	const grace = 300 * time.Millisecond
	p := startPeer(t, 1, "127.0.0.1:0")
	start := time.Now()
	fd := resources.NewSingleFailureDetector(num(1), p.monitor.Addr(), fdOpts(grace)...)
	defer fd.Close()
	awaitSeenAlive(t, fd, grace, start)

	killed := time.Now()
	require.NoError(t, p.monitor.Close())
	require.Eventually(t, func() bool { return readBool(t, fd) }, waitLimit, time.Millisecond)
	detect := time.Since(killed)
	t.Logf("monitor close detected after %v", detect)
	assert.Less(t, detect, 200*time.Millisecond+50*time.Millisecond+time.Second, "within timeout + interval (+ scheduling slack)")
	assert.False(t, fd.Alive())
}

func TestFailureDetectorDetectsFailedArchetype(t *testing.T) {
	const grace = 300 * time.Millisecond
	p := startPeer(t, 1, "127.0.0.1:0")
	start := time.Now()
	fd := resources.NewSingleFailureDetector(num(1), p.monitor.Addr(), fdOpts(grace)...)
	defer fd.Close()
	awaitSeenAlive(t, fd, grace, start)

	killed := time.Now()
	p.kill <- tla.MakeBool(true)
	err := <-p.runErr
	require.ErrorIs(t, err, distsys.ErrAssertionFailed)
	require.Eventually(t, func() bool { return readBool(t, fd) }, waitLimit, time.Millisecond)
	t.Logf("failed archetype detected after %v", time.Since(killed))
	assert.Less(t, time.Since(killed), 200*time.Millisecond+50*time.Millisecond+time.Second)
}

func TestFailureDetectorTimeoutOnSilentPeer(t *testing.T) {
	// A "monitor" that accepts connections and never answers, after the
	// detector saw the real one alive at the same address.
	const grace = 300 * time.Millisecond
	p := startPeer(t, 1, "127.0.0.1:0")
	addr := p.monitor.Addr()
	start := time.Now()
	fd := resources.NewSingleFailureDetector(num(1), addr, fdOpts(grace)...)
	defer fd.Close()
	awaitSeenAlive(t, fd, grace, start)
	require.NoError(t, p.monitor.Close())
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot rebind %s: %v", addr, err)
	}
	var conns sync.WaitGroup
	var accepted atomic.Int32
	acceptDone := make(chan struct{})
	defer func() { // stop accepting before waiting for the handlers
		_ = ln.Close()
		<-acceptDone
		conns.Wait()
	}()
	go func() {
		defer close(acceptDone)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conns.Go(func() {
				_, _ = c.Read(make([]byte, 1024)) // never replies
				_ = c.Close()
			})
		}
	}()
	// Each poll times out and starts over on a new connection; a timed-out
	// poll reads failed.
	require.Eventually(t, func() bool { return accepted.Load() >= 2 }, waitLimit, time.Millisecond)
	assert.True(t, readBool(t, fd))
	start = time.Now()
	require.NoError(t, fd.Close(), "Close interrupts a pending poll")
	assert.Less(t, time.Since(start), time.Second)
	require.NoError(t, fd.Close(), "idempotent")
}

// TestFailureDetectorGracePeriod: a peer that starts late is not reported
// dead during the grace period, and a peer that never starts is reported
// once it is over.
func TestFailureDetectorGracePeriod(t *testing.T) {
	// The late peer's address is first held by a listener that drops every
	// connection, so the detector's polls demonstrably fail.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	var polls atomic.Int32
	acceptDone := make(chan struct{})
	go func() {
		defer close(acceptDone)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			polls.Add(1)
			_ = c.Close()
		}
	}()
	never, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	neverAddr := never.Addr().String()
	require.NoError(t, never.Close())

	const grace = 1500 * time.Millisecond
	start := time.Now()
	fd := resources.NewFailureDetector(func(id tla.Value) string {
		if id.AsNumber() == 1 {
			return addr
		}
		return neverAddr
	}, fdOpts(grace)...)
	defer fd.Close()
	late, err := fd.Index(zero, num(1))
	require.NoError(t, err)
	absent, err := fd.Index(zero, num(2))
	require.NoError(t, err)

	for polls.Load() < 3 {
		require.False(t, readBool(t, late), "failed polls within the grace period read FALSE")
		require.Less(t, time.Since(start), grace, "the detector polls")
		time.Sleep(5 * time.Millisecond)
	}
	assert.False(t, readBool(t, absent))
	require.NoError(t, ln.Close())
	<-acceptDone
	m := resources.NewMonitor(addr)
	if err := m.Listen(); err != nil {
		t.Skipf("cannot rebind %s: %v", addr, err)
	}
	go func() { _ = m.ListenAndServe() }()
	defer m.Close()
	kill := make(chan tla.Value)
	ctx := distsys.NewMPCalContext(num(1), AIdle, distsys.EnsureArchetypeRefParam("in", resources.NewInputChan(kill)))
	go func() { _ = m.RunArchetype(ctx) }()
	defer ctx.Stop()
	require.Less(t, time.Since(start), grace, "the peer started within the grace period")

	// The late peer reads FALSE throughout, before and after the grace
	// period; the absent one turns TRUE once it is over.
	for !readBool(t, absent) {
		require.False(t, readBool(t, late))
		time.Sleep(5 * time.Millisecond)
	}
	assert.GreaterOrEqual(t, time.Since(start), grace, "not before the grace period ends")
	assert.False(t, readBool(t, late))
	assert.True(t, fd.Alive(num(1)))
	assert.False(t, fd.Alive(num(2)))
	require.NoError(t, section(t, fd))
}

func TestMonitorRecoversPanics(t *testing.T) {
	m := resources.NewMonitor("127.0.0.1:0")
	require.NoError(t, m.Listen())
	go func() { _ = m.ListenAndServe() }()
	defer m.Close()
	boom := distsys.MPCalArchetype{
		Name: "ABoom", Label: "ABoom.l", RequiredRefParams: []string{}, RequiredValParams: []string{},
		JumpTable: distsys.MakeMPCalJumpTable(distsys.MPCalCriticalSection{
			Name: "ABoom.l", Body: func(distsys.ArchetypeInterface) error { panic("boom") },
		}),
		ProcTable: distsys.MakeMPCalProcTable(), PreAmble: func(distsys.ArchetypeInterface) {},
	}
	err := m.RunArchetype(distsys.NewMPCalContext(num(7), boom))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "boom")
	client, err := rpc.Dial("tcp", m.Addr())
	require.NoError(t, err)
	defer client.Close()
	var st resources.ArchetypeState
	require.NoError(t, client.Call("MonitorRPCReceiver.IsAlive", num(7), &st))
	assert.Equal(t, "failed", st.String(), "a panicked archetype is failed")
}

// TestLeaderElectionFailsOver: three replicas, each with its own monitor;
// the primary is the lowest live id and moves on when its monitor stops.
func TestLeaderElectionFailsOver(t *testing.T) {
	const grace = 300 * time.Millisecond
	addrs := map[int32]string{}
	peers := map[int32]*peer{}
	for id := int32(1); id <= 3; id++ {
		peers[id] = startPeer(t, id, "127.0.0.1:0")
		addrs[id] = peers[id].monitor.Addr()
	}
	start := time.Now()
	fd := resources.NewFailureDetector(func(id tla.Value) string { return addrs[id.AsNumber()] }, fdOpts(grace)...)
	defer fd.Close()
	le := resources.NewLeaderElection(
		resources.WithLeaderElectionReplicas(num(3), num(1), num(2)),
		resources.WithLeaderElectionAlive(fd))
	time.Sleep(time.Until(start.Add(grace))) // past the grace period: only peers seen alive read alive
	require.Eventually(t, func() bool { return fd.Alive(num(1)) && fd.Alive(num(2)) && fd.Alive(num(3)) }, waitLimit, 5*time.Millisecond)
	assertValue(t, "primary", mustRead(t, le), num(1))

	require.NoError(t, peers[1].monitor.Close())
	require.Eventually(t, func() bool {
		v := mustRead(t, le)
		return v.Equal(num(2))
	}, waitLimit, time.Millisecond, "the primary moves to the next-lowest replica")
	require.NoError(t, section(t, le))

	// Writing a crashed replica's id removes it: tentatively until Commit.
	require.NoError(t, le.WriteValue(zero, num(2)))
	assertValue(t, "after a tentative removal", mustRead(t, le), num(3))
	abort(t, le)
	assertValue(t, "after Abort", mustRead(t, le), num(2))
	require.NoError(t, le.WriteValue(zero, num(2)))
	require.NoError(t, section(t, le))
	assertValue(t, "after Commit", mustRead(t, le), num(3))
	p, ok := le.Primary()
	assert.True(t, ok)
	assertValue(t, "Primary", p, num(3))
}

func TestLeaderElectionWithAliveFuncIsMonotonic(t *testing.T) {
	var mu sync.Mutex
	down := map[int32]bool{}
	alive := resources.AliveFunc(func(id tla.Value) bool {
		mu.Lock()
		defer mu.Unlock()
		return !down[id.AsNumber()]
	})
	le := resources.NewLeaderElection(resources.WithLeaderElectionReplicas(num(1), num(2), num(3)), resources.WithLeaderElectionAlive(alive))
	assertValue(t, "primary", mustRead(t, le), num(1))
	mu.Lock()
	down[1] = true
	mu.Unlock()
	assertValue(t, "primary after 1 fails", mustRead(t, le), num(2))
	mu.Lock()
	down[1] = false // a false suspicion ends, or 1 restarts
	mu.Unlock()
	assertValue(t, "1 never comes back", mustRead(t, le), num(2))
	require.NoError(t, le.WriteValue(zero, num(9)), "a non-replica id changes nothing")
	require.NoError(t, le.WriteValue(zero, num(2)))
	require.NoError(t, le.WriteValue(zero, num(3)))
	_, err := le.ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "no live replica left")
	require.ErrorIs(t, err, resources.ErrNoLiveReplica)
	abort(t, le)
	assertValue(t, "after Abort", mustRead(t, le), num(2))

	assert.Panics(t, func() { resources.NewLeaderElection() }, "PGo's zero-argument stub is not offered")
}
