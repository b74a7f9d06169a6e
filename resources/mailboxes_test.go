package resources_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func addr(i int32) string { return fmt.Sprintf("node-%d", i) }

// mapping makes self's mailbox local and every other one remote.
func mapping(self int32) resources.MailboxesAddressMappingFn {
	return func(index tla.Value) (resources.MailboxKind, string) {
		if index.AsNumber() == self {
			return resources.MailboxesLocal, addr(self)
		}
		return resources.MailboxesRemote, addr(index.AsNumber())
	}
}

// fastOpts keeps timeouts short so fault tests retry quickly.
var fastOpts = []resources.MailboxesOption{
	resources.WithMailboxesReadTimeout(50 * time.Millisecond),
	resources.WithMailboxesWriteTimeout(50 * time.Millisecond),
	resources.WithMailboxesDialTimeout(50 * time.Millisecond),
}

func newNode(t *testing.T, network *resources.InMemoryNetwork, self int32, relaxed bool, opts ...resources.MailboxesOption) *resources.Mailboxes {
	t.Helper()
	opts = append(append([]resources.MailboxesOption{resources.WithMailboxesLocalIndices(num(self))}, fastOpts...), opts...)
	var m *resources.Mailboxes
	if relaxed {
		m = resources.NewInMemoryRelaxedMailboxes(network, mapping(self), opts...)
	} else {
		m = resources.NewInMemoryMailboxes(network, mapping(self), opts...)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// send writes values to net[to] in one section and commits it.
func send(t *testing.T, from *resources.Mailboxes, to int32, values ...tla.Value) error {
	t.Helper()
	box := index(t, from, num(to))
	for _, v := range values {
		if err := box.WriteValue(zero, v); err != nil {
			abort(t, from)
			return err
		}
	}
	return section(t, from)
}

// receive reads n values from net[self] in one section and commits it.
func receive(t *testing.T, m *resources.Mailboxes, self int32, n int) []tla.Value {
	t.Helper()
	box := index(t, m, num(self))
	var out []tla.Value
	deadline := time.Now().Add(waitLimit)
	for len(out) < n {
		v, err := box.ReadValue(zero)
		if err != nil {
			require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
			require.True(t, time.Now().Before(deadline), "timed out receiving; got %v", out)
			continue
		}
		out = append(out, v)
	}
	require.NoError(t, section(t, m))
	return out
}

func nums(ns ...int32) []tla.Value {
	out := make([]tla.Value, len(ns))
	for i, n := range ns {
		out[i] = num(n)
	}
	return out
}

func assertValues(t *testing.T, got []tla.Value, want ...int32) {
	t.Helper()
	require.Len(t, got, len(want), "got %v", got)
	for i := range want {
		assertValue(t, fmt.Sprintf("value %d", i), got[i], num(want[i]))
	}
}

func TestMailboxKindString(t *testing.T) {
	assert.Equal(t, "LocalMailbox", resources.MailboxesLocal.String())
	assert.Equal(t, "RemoteMailbox", resources.MailboxesRemote.String())
}

func TestMailboxFIFOAndPushBack(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a, b := newNode(t, network, 1, false), newNode(t, network, 2, false)
	require.NoError(t, send(t, a, 2, nums(1, 2)...))
	require.NoError(t, send(t, a, 2, num(3)))

	box := index(t, b, num(2))
	assertValue(t, "first", mustRead(t, box), num(1))
	assertValue(t, "second", mustRead(t, box), num(2))
	abort(t, b) // 1 and 2 go back to the front
	assertValues(t, receive(t, b, 2, 3), 1, 2, 3)

	_, err := box.ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "empty mailbox: the read times out")
	abort(t, b)

	assert.Panics(t, func() { _ = box.WriteValue(zero, num(1)) }, "writing a local mailbox")
	assert.Panics(t, func() { _, _ = index(t, a, num(2)).ReadValue(zero) }, "reading a remote mailbox")
	abort(t, a)
	abort(t, b)
}

func TestMailboxBatchesAreAtomic(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a, b := newNode(t, network, 1, false), newNode(t, network, 2, false)
	length := resources.NewMailboxesLength(b)

	out := index(t, a, num(2))
	require.NoError(t, out.WriteValue(zero, num(1)))
	require.NoError(t, out.WriteValue(zero, num(2)))
	require.NoError(t, preCommit(t, a)) // prepared at the receiver, not delivered
	_, err := index(t, b, num(2)).ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "a prepared batch is invisible")
	abort(t, b)
	assertValue(t, "len before commit", mustRead(t, index(t, length, num(2))), num(0))
	commit(t, a)

	// An aborted section's batch is never delivered, even after PreCommit.
	require.NoError(t, index(t, a, num(2)).WriteValue(zero, num(99))) // Index marks the child touched
	require.NoError(t, preCommit(t, a))
	abort(t, a)
	require.NoError(t, send(t, a, 2, num(3)))

	assertValue(t, "len: one batch moved into the backlog", mustRead(t, index(t, length, num(2))), num(2))
	assertValues(t, receive(t, b, 2, 3), 1, 2, 3)
	_, err = index(t, b, num(2)).ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "99 was never delivered")
	abort(t, b)
	assertValue(t, "len when empty", mustRead(t, index(t, length, num(2))), num(0))
	assert.Panics(t, func() { _ = index(t, length, num(2)).WriteValue(zero, num(1)) })
	assert.Panics(t, func() { _, _ = length.Index(zero, num(1)) }, "length of a remote mailbox")
	require.NoError(t, length.Close())
}

func TestMailboxUnreachablePeerAbortsPreCommit(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a := newNode(t, network, 1, false)
	err := send(t, a, 3, num(1)) // nobody listens at node-3
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)

	// A lost prepare ack also aborts, and the retry delivers once.
	b := newNode(t, network, 2, false)
	network.InjectFault(addr(2), resources.FaultLosePrepareAck, 1)
	require.ErrorIs(t, send(t, a, 2, num(7)), distsys.ErrCriticalSectionAborted)
	assert.Zero(t, network.PendingFaults(addr(2), resources.FaultLosePrepareAck))
	require.NoError(t, send(t, a, 2, num(8)))
	assertValues(t, receive(t, b, 2, 1), 8)
}

func TestMailboxExactlyOnceUnderFaults(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a, b := newNode(t, network, 1, false), newNode(t, network, 2, false)

	// A lost commit ack: the sender retries, the receiver acks the duplicate.
	network.InjectFault(addr(2), resources.FaultLoseCommitAck, 2)
	require.NoError(t, send(t, a, 2, num(1)))
	assert.Zero(t, network.PendingFaults(addr(2), resources.FaultLoseCommitAck))
	// The connection drops after delivery, before the ack.
	network.InjectFault(addr(2), resources.FaultDropOnCommit, 2)
	require.NoError(t, send(t, a, 2, num(2)))
	assert.Zero(t, network.PendingFaults(addr(2), resources.FaultDropOnCommit))
	// Every connection drops between PreCommit and Commit.
	require.NoError(t, index(t, a, num(2)).WriteValue(zero, num(3)))
	require.NoError(t, preCommit(t, a))
	network.DropConnections(addr(2))
	commit(t, a)

	// A partition between PreCommit and Commit: Commit keeps retrying with
	// backoff until the partition heals.
	require.NoError(t, index(t, a, num(2)).WriteValue(zero, num(4)))
	require.NoError(t, preCommit(t, a))
	network.Partition(addr(1), addr(2))
	done := a.Commit(zero)
	require.NotNil(t, done)
	select {
	case <-done:
		t.Fatal("Commit completed across a partition")
	case <-time.After(100 * time.Millisecond): // a few retries happen meanwhile
	}
	network.Heal(addr(1), addr(2))
	awaitDone(t, "Commit after heal", done)

	// Delayed frames keep their order.
	network.SetDelay(addr(2), 5*time.Millisecond)
	require.NoError(t, send(t, a, 2, num(5)))
	network.SetDelay(addr(2), 0)

	assertValues(t, receive(t, b, 2, 5), 1, 2, 3, 4, 5)
	_, err := index(t, b, num(2)).ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "no duplicates")
	abort(t, b)
}

func TestMailboxBackpressureKeepsExactlyOnce(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a := newNode(t, network, 1, false)
	b := newNode(t, network, 2, false, resources.WithMailboxesReceiveChanSize(1))
	require.NoError(t, send(t, a, 2, num(1))) // fills the receive channel

	// The next commit blocks at the receiver longer than the write timeout,
	// so the sender times out and retries on new connections meanwhile.
	out := index(t, a, num(2))
	require.NoError(t, out.WriteValue(zero, num(2)))
	require.NoError(t, preCommit(t, a))
	done := a.Commit(zero)
	select {
	case <-done:
		t.Fatal("Commit completed while the receiver was full")
	case <-time.After(150 * time.Millisecond):
	}
	assertValues(t, receive(t, b, 2, 1), 1) // frees the channel
	awaitDone(t, "Commit", done)
	assertValues(t, receive(t, b, 2, 1), 2)
	_, err := index(t, b, num(2)).ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "no duplicates")
	abort(t, b)
}

func TestMailboxCloseStopsRetries(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a, _ := newNode(t, network, 1, false), newNode(t, network, 2, false)
	out := index(t, a, num(2))
	require.NoError(t, out.WriteValue(zero, num(1)))
	require.NoError(t, preCommit(t, a))
	network.Partition(addr(1), addr(2))
	done := a.Commit(zero)
	start := time.Now()
	require.NoError(t, a.Close())
	awaitDone(t, "abandoned Commit", done)
	assert.Less(t, time.Since(start), time.Second, "Close does not wait for the partition")
	require.NoError(t, a.Close())
}

func TestMailboxOversizeBatchFails(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a := newNode(t, network, 1, false, resources.WithMailboxesMaxFrameSize(64))
	_ = newNode(t, network, 2, false)
	err := send(t, a, 2, str(string(make([]byte, 100))))
	require.Error(t, err)
	assert.NotErrorIs(t, err, distsys.ErrCriticalSectionAborted, "retrying cannot help")
}

func TestMailboxLocalIndicesListenAtConstruction(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a := newNode(t, network, 1, false)
	_ = newNode(t, network, 2, false)
	// node-2 has not touched its mailbox, yet it can receive.
	require.NoError(t, send(t, a, 2, num(1)))
	// Binding the same address again is a start-up error.
	assert.Panics(t, func() {
		resources.NewInMemoryMailboxes(network, mapping(2), resources.WithMailboxesLocalIndices(num(2)))
	})
	// Declaring a remote index local is too.
	assert.Panics(t, func() {
		resources.NewInMemoryMailboxes(network, mapping(5), resources.WithMailboxesLocalIndices(num(6)))
	})
}

func TestRelaxedMailboxes(t *testing.T) {
	network := resources.NewInMemoryNetwork()
	a, b := newNode(t, network, 1, true), newNode(t, network, 2, true)

	// A section that writes and then aborts sends nothing.
	require.NoError(t, index(t, a, num(2)).WriteValue(zero, num(1)))
	abort(t, a)
	require.NoError(t, send(t, a, 2, nums(2, 3)...))
	require.NoError(t, send(t, a, 2, num(4)))
	assertValues(t, receive(t, b, 2, 3), 2, 3, 4)

	// The dial happens at the first write: an unreachable peer aborts it.
	err := index(t, a, num(3)).WriteValue(zero, num(1))
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
	abort(t, a)

	// Values sent into a partition are lost (at most once), and Commit does
	// not block on them.
	require.NoError(t, index(t, a, num(2)).WriteValue(zero, num(5)))
	network.Partition(addr(1), addr(2))
	require.NoError(t, section(t, a))
	network.Heal(addr(1), addr(2))
	require.NoError(t, send(t, a, 2, num(6)))
	assertValues(t, receive(t, b, 2, 1), 6)
}
