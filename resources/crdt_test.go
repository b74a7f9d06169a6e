package resources_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"net"
	"net/rpc"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/require"
)

// freeAddrs reserves n loopback ports (bind to port 0, then release), for
// resources that must know their peers' addresses before listening.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	var lns []net.Listener
	var addrs []string
	for i := 0; i < n; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		lns = append(lns, ln)
		addrs = append(addrs, ln.Addr().String())
	}
	for _, ln := range lns {
		require.NoError(t, ln.Close())
	}
	return addrs
}

func setCmd(cmd int32, elem tla.Value) tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: str("cmd"), Value: num(cmd)},
		{Key: str("elem"), Value: elem},
	})
}

func addCmd(e tla.Value) tla.Value { return setCmd(1, e) }
func remCmd(e tla.Value) tla.Value { return setCmd(2, e) }

// crdtOp is one local update on node id.
type crdtOp struct {
	id    int32
	value tla.Value
}

func applyOps(v resources.CRDTValue, ops ...crdtOp) resources.CRDTValue {
	for _, op := range ops {
		v = v.Write(num(op.id), op.value)
	}
	return v
}

// gobRoundTrip sends v through gob as the interface field of ReceiveValueArgs, as the resource does.
func gobRoundTrip(t *testing.T, v resources.CRDTValue) resources.CRDTValue {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, gob.NewEncoder(&buf).Encode(resources.ReceiveValueArgs{Value: v}))
	var out resources.ReceiveValueArgs
	require.NoError(t, gob.NewDecoder(&buf).Decode(&out))
	return out.Value
}

// checkJoinLaws checks that Merge is commutative, associative and idempotent
// on the given states, comparing whole states (their canonical String form)
// and reads, also after a gob round trip.
func checkJoinLaws(t *testing.T, states []resources.CRDTValue) {
	t.Helper()
	eq := func(what string, a, b resources.CRDTValue) {
		t.Helper()
		if !a.Read().Equal(b.Read()) {
			t.Errorf("%s: read %v != %v", what, a.Read(), b.Read())
		}
		if sa, sb := fmt.Sprint(a), fmt.Sprint(b); sa != sb {
			t.Errorf("%s: state %s != %s", what, sa, sb)
		}
	}
	for _, a := range states {
		eq("idempotent", a.Merge(a), a)
		eq("gob", gobRoundTrip(t, a), a)
		for _, b := range states {
			eq("commutative", a.Merge(b), b.Merge(a))
			eq("absorbs", a.Merge(b).Merge(b), a.Merge(b))
			for _, c := range states {
				eq("associative", a.Merge(b).Merge(c), a.Merge(b.Merge(c)))
			}
		}
	}
}

func TestGCounterValue(t *testing.T) {
	zero := resources.GCounter{}.Init()
	tests := []struct {
		name string
		ops  []crdtOp
		want int32
	}{
		{"empty", nil, 0},
		{"one node", []crdtOp{{1, num(2)}, {1, num(3)}}, 5},
		{"several nodes", []crdtOp{{1, num(2)}, {2, num(3)}, {3, num(0)}, {2, num(1)}}, 6},
	}
	var states []resources.CRDTValue
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := applyOps(zero, tc.ops...)
			assertValue(t, "read", v.Read(), num(tc.want))
			assertValue(t, "read after gob", gobRoundTrip(t, v).Read(), num(tc.want))
			states = append(states, v)
		})
	}
	// Merge takes per-slot maxima: node 1's slot 5 and node 2's slot 3 give 8,
	// not 5+3+... duplicates.
	a := applyOps(zero, crdtOp{1, num(5)})
	b := applyOps(a, crdtOp{2, num(3)})
	assertValue(t, "merge", a.Merge(b).Read(), num(8))
	assertValue(t, "merge twice", a.Merge(b).Merge(b).Read(), num(8))
	assertValue(t, "zero GCounter{} is usable", resources.GCounter{}.Write(num(1), num(4)).Merge(resources.GCounter{}).Read(), num(4))
	states = append(states, a, b, applyOps(zero, crdtOp{3, num(7)}, crdtOp{1, num(1)}))
	checkJoinLaws(t, states)
	require.Panics(t, func() { zero.Write(num(1), num(-1)) })
}

func TestAWORSetValue(t *testing.T) {
	x, y := str("x"), str("y")
	zero := resources.AWORSet{}.Init()
	base := applyOps(zero, crdtOp{1, addCmd(x)}) // both nodes have seen add(x)
	tests := []struct {
		name string
		v    resources.CRDTValue
		want tla.Value
	}{
		{"empty", zero, tla.MakeSet()},
		{"add", base, tla.MakeSet(x)},
		{"add remove", applyOps(base, crdtOp{1, remCmd(x)}), tla.MakeSet()},
		{"add remove add", applyOps(base, crdtOp{1, remCmd(x)}, crdtOp{1, addCmd(x)}), tla.MakeSet(x)},
		{"remove unknown", applyOps(zero, crdtOp{1, remCmd(y)}), tla.MakeSet()},
		{"observed remove on another node",
			base.Merge(applyOps(base, crdtOp{2, remCmd(x)})), tla.MakeSet()},
		{"add wins over a concurrent remove",
			applyOps(base, crdtOp{1, addCmd(x)}).Merge(applyOps(base, crdtOp{2, remCmd(x)})), tla.MakeSet(x)},
		{"add wins, other order",
			applyOps(base, crdtOp{2, remCmd(x)}).Merge(applyOps(base, crdtOp{1, addCmd(x)})), tla.MakeSet(x)},
		{"concurrent adds of different elements",
			applyOps(zero, crdtOp{1, addCmd(x)}).Merge(applyOps(zero, crdtOp{2, addCmd(y)})), tla.MakeSet(x, y)},
		{"remove after seeing a concurrent add and remove",
			applyOps(applyOps(base, crdtOp{1, addCmd(x)}).Merge(applyOps(base, crdtOp{2, remCmd(x)})), crdtOp{3, remCmd(x)}),
			tla.MakeSet()},
	}
	var states []resources.CRDTValue
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertValue(t, "read", tc.v.Read(), tc.want)
			assertValue(t, "read after gob", gobRoundTrip(t, tc.v).Read(), tc.want)
		})
		states = append(states, tc.v)
	}
	checkJoinLaws(t, states)
	require.Panics(t, func() { zero.Write(num(1), setCmd(3, x)) })
}

func TestLWWSetValue(t *testing.T) {
	x, y := str("x"), str("y")
	zero := resources.LWWSet{}.Init()
	added := applyOps(zero, crdtOp{1, addCmd(x)})
	removedElsewhere := applyOps(added, crdtOp{2, remCmd(x)})
	tests := []struct {
		name string
		v    resources.CRDTValue
		want tla.Value
	}{
		{"empty", zero, tla.MakeSet()},
		{"add", added, tla.MakeSet(x)},
		{"add remove", applyOps(added, crdtOp{1, remCmd(x)}), tla.MakeSet()},
		{"add remove add", applyOps(added, crdtOp{1, remCmd(x)}, crdtOp{1, addCmd(x)}), tla.MakeSet(x)},
		// DECISION: the remove set is merged, so a remove made elsewhere propagates.
		{"remove propagates by merge", added.Merge(removedElsewhere), tla.MakeSet()},
		{"remove propagates, other order", removedElsewhere.Merge(added), tla.MakeSet()},
		{"later add wins", removedElsewhere.Merge(applyOps(removedElsewhere, crdtOp{1, addCmd(x)})), tla.MakeSet(x)},
		{"two elements", added.Merge(applyOps(zero, crdtOp{2, addCmd(y)})), tla.MakeSet(x, y)},
	}
	var states []resources.CRDTValue
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertValue(t, "read", tc.v.Read(), tc.want)
			assertValue(t, "read after gob", gobRoundTrip(t, tc.v).Read(), tc.want)
		})
		states = append(states, tc.v)
	}
	checkJoinLaws(t, states)
}

// crdtNode builds node id of a CRDT cluster whose node i listens at addrs[i-1].
func crdtNode(t *testing.T, addrs []string, id int32, value resources.CRDTValue) distsys.ArchetypeResource {
	t.Helper()
	var peers []tla.Value
	for i := range addrs {
		peers = append(peers, num(int32(i+1)))
	}
	r := resources.NewCRDT(num(id), peers, func(id tla.Value) string { return addrs[id.AsNumber()-1] }, value,
		resources.WithCRDTBroadcastInterval(5*time.Millisecond),
		resources.WithCRDTSendTimeout(time.Second),
		resources.WithCRDTDialTimeout(time.Second))
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// crdtWrite runs one committed section writing v.
func crdtWrite(t *testing.T, r distsys.ArchetypeResource, v tla.Value) {
	t.Helper()
	require.NoError(t, r.WriteValue(zero, v))
	require.NoError(t, section(t, r))
}

// crdtRead runs one committed read-only section.
func crdtRead(t *testing.T, r distsys.ArchetypeResource) tla.Value {
	t.Helper()
	v := mustRead(t, r)
	require.NoError(t, section(t, r))
	return v
}

func eventuallyReads(t *testing.T, r distsys.ArchetypeResource, want tla.Value) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		got := crdtRead(t, r)
		if got.Equal(want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("read %v, want %v", got, want)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestCRDTGCounterConvergesOnLoopback(t *testing.T) {
	addrs := freeAddrs(t, 3)
	var nodes []distsys.ArchetypeResource
	for i := int32(1); i <= 3; i++ {
		nodes = append(nodes, crdtNode(t, addrs, i, resources.GCounter{}))
	}
	// Interleave sections on all nodes: node i adds i, three times.
	for round := 0; round < 3; round++ {
		for i, n := range nodes {
			crdtWrite(t, n, num(int32(i+1)))
		}
	}
	for _, n := range nodes {
		eventuallyReads(t, n, num(18))
	}
}

func TestCRDTAWORSetConvergesOnLoopback(t *testing.T) {
	addrs := freeAddrs(t, 3)
	var nodes []distsys.ArchetypeResource
	for i := int32(1); i <= 3; i++ {
		nodes = append(nodes, crdtNode(t, addrs, i, resources.AWORSet{}))
	}
	crdtWrite(t, nodes[0], addCmd(str("a")))
	crdtWrite(t, nodes[1], addCmd(str("b")))
	crdtWrite(t, nodes[2], addCmd(str("c")))
	for _, n := range nodes {
		eventuallyReads(t, n, tla.MakeSet(str("a"), str("b"), str("c")))
	}
	crdtWrite(t, nodes[2], remCmd(str("a")))
	for _, n := range nodes {
		eventuallyReads(t, n, tla.MakeSet(str("b"), str("c")))
	}
}

// DECISION: LWWSet removes propagate between nodes.
func TestCRDTLWWSetRemovePropagates(t *testing.T) {
	addrs := freeAddrs(t, 2)
	a := crdtNode(t, addrs, 1, resources.LWWSet{})
	b := crdtNode(t, addrs, 2, resources.LWWSet{})
	crdtWrite(t, a, addCmd(str("x")))
	eventuallyReads(t, b, tla.MakeSet(str("x")))
	crdtWrite(t, b, remCmd(str("x")))
	eventuallyReads(t, b, tla.MakeSet())
	eventuallyReads(t, a, tla.MakeSet())
}

func TestCRDTWriteIsAnOperationAndAbortRestores(t *testing.T) {
	addrs := freeAddrs(t, 1)
	r := crdtNode(t, addrs, 1, resources.GCounter{})
	crdtWrite(t, r, num(3))
	require.NoError(t, r.WriteValue(zero, num(4)))
	assertValue(t, "read own writes", mustRead(t, r), num(7))
	require.NoError(t, r.WriteValue(zero, num(1)))
	assertValue(t, "writes add up", mustRead(t, r), num(8))
	abort(t, r)
	assertValue(t, "after Abort", crdtRead(t, r), num(3))
	_, err := r.Index(zero, num(1))
	require.ErrorIs(t, err, distsys.ErrArchetypeResourceLeafIndexed)
}

// sendCRDTValue plays a peer: it delivers v to the resource listening at addr
// and returns the resource's reply.
func sendCRDTValue(t *testing.T, addr string, v resources.CRDTValue) resources.CRDTValue {
	t.Helper()
	client, err := rpc.Dial("tcp", addr)
	require.NoError(t, err)
	defer client.Close()
	var resp resources.ReceiveValueResp
	require.NoError(t, client.Call("CRDTRPCReceiver.ReceiveValue", resources.ReceiveValueArgs{Value: v}, &resp))
	return resp.Value
}

// DECISION: values received during a section are merged only after it ends,
// and an Abort does not lose them.
func TestCRDTNoMergeMidSection(t *testing.T) {
	addrs := freeAddrs(t, 2) // the second node never runs: the test plays it
	r := crdtNode(t, addrs, 1, resources.GCounter{})
	crdtWrite(t, r, num(1))

	assertValue(t, "section start", mustRead(t, r), num(1))
	reply := sendCRDTValue(t, addrs[0], resources.GCounter{}.Write(num(2), num(10)))
	assertValue(t, "reply is the stable value", reply.Read(), num(1))
	assertValue(t, "no merge mid-section", mustRead(t, r), num(1))
	require.NoError(t, r.WriteValue(zero, num(5)))
	assertValue(t, "own write, still no merge", mustRead(t, r), num(6))
	abort(t, r)
	assertValue(t, "merged after Abort, not lost", crdtRead(t, r), num(11))

	// Likewise across a committed section.
	require.NoError(t, r.WriteValue(zero, num(2)))
	sendCRDTValue(t, addrs[0], resources.GCounter{}.Write(num(2), num(20)))
	assertValue(t, "no merge mid-section", mustRead(t, r), num(13))
	commit(t, r)
	assertValue(t, "merged after Commit", crdtRead(t, r), num(23))

	// Between sections a received value is merged at once.
	sendCRDTValue(t, addrs[0], resources.GCounter{}.Write(num(2), num(30)))
	assertValue(t, "merged between sections", crdtRead(t, r), num(33))
}

// DECISION: a peer's pending broadcast is cleared only by that peer's receipt:
// a peer that is down when the value is written gets it once it is up, though
// it never writes itself (so never asks for it).
func TestCRDTPeerDownThenUpGetsValue(t *testing.T) {
	addrs := freeAddrs(t, 3)
	a := crdtNode(t, addrs, 1, resources.GCounter{})
	c := crdtNode(t, addrs, 3, resources.GCounter{})
	crdtWrite(t, a, num(7))
	eventuallyReads(t, c, num(7))     // the live peer got it; node 2 is still down
	time.Sleep(50 * time.Millisecond) // several failed broadcast rounds to node 2
	b := crdtNode(t, addrs, 2, resources.GCounter{})
	eventuallyReads(t, b, num(7))
}

func TestCRDTCloseIsPromptAndIdempotent(t *testing.T) {
	addrs := freeAddrs(t, 2)
	r := crdtNode(t, addrs, 1, resources.GCounter{})
	crdtWrite(t, r, num(1)) // peer 2 is down: broadcasts keep failing
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	require.NoError(t, r.Close())
	require.NoError(t, r.Close())
	require.Less(t, time.Since(start), time.Second)
	_, err := net.DialTimeout("tcp", addrs[0], time.Second)
	require.Error(t, err, "listener still open after Close")
}
