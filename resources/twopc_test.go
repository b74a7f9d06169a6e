package resources_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/require"
)

type twoPCCluster struct {
	res       []distsys.ArchetypeResource
	receivers []*resources.TwoPCReceiver
	handles   []resources.ReplicaHandle // handles[i] reaches replica i (for the test itself)
}

func twoPCID(i int) tla.Value { return tup(str("replica"), num(int32(i))) }

// newTwoPCCluster builds n replicas of one register holding init, connected
// in-process (rpc=false) or over net/rpc on loopback.
func newTwoPCCluster(t *testing.T, n int, init tla.Value, rpc bool) *twoPCCluster {
	t.Helper()
	c := &twoPCCluster{receivers: make([]*resources.TwoPCReceiver, n)}
	for i := 0; i < n; i++ {
		addr := ""
		if rpc {
			addr = "127.0.0.1:0"
		}
		r := resources.NewTwoPC(init, addr, nil, twoPCID(i), func(rcvr *resources.TwoPCReceiver) { c.receivers[i] = rcvr })
		require.NotNil(t, c.receivers[i], "onCreate not called")
		c.res = append(c.res, r)
		t.Cleanup(func() { _ = r.Close() })
	}
	mk := func(j int) resources.ReplicaHandle {
		if rpc {
			h := resources.MakeRPCReplicaHandle(c.receivers[j].ListenAddr, twoPCID(j))
			return &h
		}
		return resources.MakeLocalReplicaHandle(c.receivers[j])
	}
	for i, r := range c.res {
		var replicas []resources.ReplicaHandle
		for j := range c.res {
			if j != i {
				replicas = append(replicas, mk(j))
			}
		}
		r.(*resources.TwoPCArchetypeResource).SetReplicas(replicas)
	}
	for j := range c.res {
		h := mk(j)
		c.handles = append(c.handles, h)
		t.Cleanup(func() { _ = h.Close() })
	}
	return c
}

func send2PC(t *testing.T, h resources.ReplicaHandle, req resources.TwoPCRequest) resources.TwoPCResponse {
	t.Helper()
	var resp resources.TwoPCResponse
	select {
	case err := <-h.Send(req, &resp):
		require.NoError(t, err)
	case <-time.After(waitLimit):
		t.Fatal("Send did not complete")
	}
	return resp
}

// state reads replica i's committed state without opening a section.
func (c *twoPCCluster) state(t *testing.T, i int) (tla.Value, int) {
	resp := send2PC(t, c.handles[i], resources.TwoPCRequest{RequestType: resources.GetState, Sender: str("observer")})
	// Versions only grow (commits may still be arriving).
	require.GreaterOrEqual(t, resources.GetVersion(c.receivers[i]), resp.Version)
	require.GreaterOrEqual(t, resources.GetTwoPCVersion(c.receivers[i]), resp.Version)
	return resp.Value, resp.Version
}

// increment runs sections on r until one reading x and writing x+1 commits.
func increment(r distsys.ArchetypeResource) error {
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); {
		v, err := r.ReadValue(zero)
		if err == nil {
			err = r.WriteValue(zero, num(v.AsNumber()+1))
		}
		if err == nil {
			if ch := r.PreCommit(zero); ch != nil {
				err = <-ch
			}
		}
		if err == nil {
			if ch := r.Commit(zero); ch != nil {
				<-ch
			}
			return nil
		}
		if !errors.Is(err, distsys.ErrCriticalSectionAborted) {
			return err
		}
		if ch := r.Abort(zero); ch != nil {
			<-ch
		}
	}
	return errors.New("no section committed in time")
}

// Concurrent writers: every increment commits exactly once (no lost update),
// and all replicas converge to one value at one version.
func testTwoPCConcurrentIncrements(t *testing.T, rpc bool) {
	const n, perWriter = 3, 8
	c := newTwoPCCluster(t, n, num(0), rpc)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, r := range c.res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < perWriter; k++ {
				if err := increment(r); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	deadline := time.Now().Add(waitLimit)
	for {
		v0, ver0 := c.state(t, 0)
		same := true
		for i := 1; i < n; i++ {
			v, ver := c.state(t, i)
			same = same && v.Equal(v0) && ver == ver0
		}
		if same {
			assertValue(t, "final value", v0, num(n*perWriter))
			// Every committed section (reads included) made one version.
			require.GreaterOrEqual(t, ver0, n*perWriter)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("replicas did not converge")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A section on any replica now reads the common value.
	for i, r := range c.res {
		assertValue(t, "read", mustRead(t, r), num(n*perWriter))
		require.NoError(t, section(t, r), "replica %d", i)
	}
}

func TestTwoPCLocalConcurrentWritersConverge(t *testing.T) { testTwoPCConcurrentIncrements(t, false) }
func TestTwoPCRPCConcurrentWritersConverge(t *testing.T)   { testTwoPCConcurrentIncrements(t, true) }

func TestTwoPCSingleReplicaAndAbort(t *testing.T) {
	r := resources.NewTwoPC(str("a"), "", nil, num(1), nil)
	defer r.Close()
	require.NoError(t, r.WriteValue(zero, str("b")))
	assertValue(t, "own write", mustRead(t, r), str("b"))
	abort(t, r)
	assertValue(t, "after Abort", mustRead(t, r), str("a"))
	require.NoError(t, r.WriteValue(zero, str("c")))
	require.NoError(t, section(t, r))
	assertValue(t, "after Commit", mustRead(t, r), str("c"))
	require.NoError(t, section(t, r))
	_, err := r.Index(zero, num(1))
	require.ErrorIs(t, err, distsys.ErrArchetypeResourceLeafIndexed)
}

// A replica holding another proposer's prepared version rejects a competing
// PreCommit of the same version: the section aborts and restores its value.
// DECISION: the proposer is recognised (Equal, hashmap) after gob, so its
// Abort releases the replicas and a stale Abort does not.
func TestTwoPCConflictingPreCommitAborts(t *testing.T) {
	c := newTwoPCCluster(t, 3, num(0), false)
	ghost := tla.MakeRecord([]tla.RecordField{{Key: str("node"), Value: num(9)}, {Key: str("role"), Value: tup(str("x"))}})
	for _, i := range []int{1, 2} {
		resp := send2PC(t, c.handles[i], resources.TwoPCRequest{RequestType: resources.PreCommit, Value: num(100), Sender: ghost, Version: 1, SenderTime: 10})
		require.True(t, resp.Accept, "replica %d should accept the first PreCommit", i)
	}

	a := c.res[0]
	require.NoError(t, a.WriteValue(zero, num(1)))
	err := preCommit(t, a)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
	abort(t, a)
	assertValue(t, "restored", mustRead(t, a), num(0))
	abort(t, a)

	// Replicas holding the ghost's prepared version abort their own sections.
	_, err = c.res[1].ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
	abort(t, c.res[1])

	// A stale Abort from the ghost (older SenderTime) is ignored...
	for _, i := range []int{1, 2} {
		send2PC(t, c.handles[i], resources.TwoPCRequest{RequestType: resources.Abort, Sender: ghost, Version: 1, SenderTime: 5})
	}
	require.NoError(t, a.WriteValue(zero, num(1)))
	require.ErrorIs(t, preCommit(t, a), distsys.ErrCriticalSectionAborted)
	abort(t, a)

	// ...a current one releases the replicas, and a section commits.
	for _, i := range []int{1, 2} {
		send2PC(t, c.handles[i], resources.TwoPCRequest{RequestType: resources.Abort, Sender: ghost, Version: 1, SenderTime: 11})
	}
	require.NoError(t, increment(a))
	for i := range c.res {
		deadline := time.Now().Add(waitLimit)
		for {
			v, ver := c.state(t, i)
			if v.Equal(num(1)) && ver == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica %d: %v at version %d", i, v, ver)
			}
			time.Sleep(time.Millisecond)
		}
	}
	// A stale PreCommit from the ghost (version 1 <= committed version) is rejected with the newer state.
	resp := send2PC(t, c.handles[1], resources.TwoPCRequest{RequestType: resources.PreCommit, Value: num(100), Sender: ghost, Version: 1, SenderTime: 12})
	require.False(t, resp.Accept)
	require.Equal(t, 1, resp.Version)
	assertValue(t, "reply value", resp.Value, num(1))
}

// A peer's Commit arriving during a section fails the section; after Abort the
// replica reads the peer's value.
func TestTwoPCPeerCommitDuringSectionAborts(t *testing.T) {
	c := newTwoPCCluster(t, 3, str("init"), false)
	a, b := c.res[0], c.res[1]
	assertValue(t, "A reads", mustRead(t, a), str("init"))

	require.NoError(t, b.WriteValue(zero, str("from B")))
	// A is only in a section (not preparing), so it accepts B's PreCommit.
	require.NoError(t, section(t, b))
	deadline := time.Now().Add(waitLimit)
	for {
		if _, ver := c.state(t, 0); ver == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("A never received B's Commit")
		}
		time.Sleep(time.Millisecond)
	}
	_, err := a.ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
	require.ErrorIs(t, a.WriteValue(zero, str("from A")), distsys.ErrCriticalSectionAborted)
	abort(t, a)
	assertValue(t, "after Abort", mustRead(t, a), str("from B"))
	require.NoError(t, section(t, a))
}

// A proposer that learns of a newer version adopts it and aborts.
func TestTwoPCAdoptsNewerVersion(t *testing.T) {
	c := newTwoPCCluster(t, 3, num(0), false)
	a := c.res[0]
	require.NoError(t, a.WriteValue(zero, num(1)))
	// Replicas 1 and 2 get a Commit at version 5 that A never sees.
	for _, i := range []int{1, 2} {
		send2PC(t, c.handles[i], resources.TwoPCRequest{RequestType: resources.Commit, Value: num(50), Sender: twoPCID(7), Version: 5, SenderTime: 1})
	}
	require.ErrorIs(t, preCommit(t, a), distsys.ErrCriticalSectionAborted)
	abort(t, a)
	v, ver := c.state(t, 0)
	assertValue(t, "adopted value", v, num(50))
	require.Equal(t, 5, ver)
	require.NoError(t, increment(a))
	v, ver = c.state(t, 0)
	assertValue(t, "value", v, num(51))
	require.Equal(t, 6, ver)
}

func TestTwoPCCloseIsPromptAndIdempotent(t *testing.T) {
	c := newTwoPCCluster(t, 3, num(0), true)
	require.NoError(t, increment(c.res[0]))
	start := time.Now()
	for _, r := range c.res {
		require.NoError(t, r.Close())
		require.NoError(t, r.Close())
	}
	require.Less(t, time.Since(start), 2*time.Second)
	require.NoError(t, resources.CloseTwoPCReceiver(c.receivers[0]))
}

// With five replicas a proposer needs three of its four peers: sections keep
// committing after one replica stops, and fail once a majority is gone.
func TestTwoPCMajorityOfOthers(t *testing.T) {
	c := newTwoPCCluster(t, 5, num(0), true)
	require.NoError(t, c.res[4].Close())
	for i := 0; i < 3; i++ {
		require.NoError(t, increment(c.res[i]))
	}
	v, ver := c.state(t, 3)
	assertValue(t, "replica 3", v, num(3))
	require.Equal(t, 3, ver)

	require.NoError(t, c.res[3].Close())
	require.NoError(t, c.res[2].Close())
	a := c.res[0]
	require.NoError(t, a.WriteValue(zero, num(100)))
	require.ErrorIs(t, preCommit(t, a), distsys.ErrCriticalSectionAborted)
	abort(t, a)
	assertValue(t, "unchanged", mustRead(t, a), num(3))
}
