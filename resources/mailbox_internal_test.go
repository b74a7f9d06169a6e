package resources

import (
	"bytes"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFrameRoundTrip(t *testing.T) {
	values := []tla.Value{tla.MakeNumber(1), tla.MakeString("x"), tla.MakeTuple(tla.MakeSet(tla.MakeNumber(2)))}
	for _, f := range []mailboxFrame{
		{kind: framePrepare, session: 1 << 60, seq: 3, prep: 7, values: values},
		{kind: frameCommit, session: 42, seq: 3, prep: 7},
		{kind: frameAckPrepare, seq: 3, prep: 7, status: ackStale},
		{kind: frameAckCommit, seq: 9, prep: 1, status: ackUnknown},
		{kind: frameData, values: values[:1]},
	} {
		enc, err := encodeFrame(f)
		require.NoError(t, err)
		got, err := decodeFrame(enc)
		require.NoError(t, err)
		assert.Equal(t, f.kind, got.kind)
		assert.Equal(t, f.session, got.session)
		assert.Equal(t, f.seq, got.seq)
		assert.Equal(t, f.prep, got.prep)
		assert.Equal(t, f.status, got.status)
		require.Len(t, got.values, len(f.values))
		for i := range f.values {
			assert.True(t, got.values[i].Equal(f.values[i]))
		}
		// Every truncation and any trailing byte is rejected.
		for n := 0; n < len(enc); n++ {
			_, err := decodeFrame(enc[:n])
			assert.ErrorIs(t, err, errMalformedFrame, "truncated at %d", n)
		}
		_, err = decodeFrame(append(enc, 0))
		assert.ErrorIs(t, err, errMalformedFrame)
	}
	_, err := decodeFrame([]byte{99})
	assert.ErrorIs(t, err, errMalformedFrame)
	_, err = decodeFrame([]byte{frameData, 0}) // empty batches are never sent
	assert.ErrorIs(t, err, errMalformedFrame)
}

func FuzzDecodeFrame(f *testing.F) {
	for _, fr := range []mailboxFrame{
		{kind: framePrepare, session: 5, seq: 1, prep: 1, values: []tla.Value{tla.MakeNumber(1)}},
		{kind: frameCommit, session: 5, seq: 1, prep: 1},
		{kind: frameAckCommit, seq: 1, prep: 1},
		{kind: frameData, values: []tla.Value{tla.MakeString("hello"), tla.MakeTuple()}},
	} {
		enc, err := encodeFrame(fr)
		require.NoError(f, err)
		f.Add(enc)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := decodeFrame(data)
		if err != nil {
			return
		}
		// A frame that decodes re-encodes to a frame that decodes equally.
		enc, err := encodeFrame(fr)
		require.NoError(t, err)
		again, err := decodeFrame(enc)
		require.NoError(t, err)
		require.Equal(t, fr.kind, again.kind)
		require.Len(t, again.values, len(fr.values))
	})
}

func TestHostileFramesCloseOnlyTheirConnection(t *testing.T) {
	network := NewInMemoryNetwork()
	cfg := newMailboxesConfig([]MailboxesOption{WithMailboxesMaxFrameSize(1024), WithMailboxesReadTimeout(20 * time.Millisecond)})
	tr := &memTransport{network: network, identity: "evil", maxFrameSize: cfg.maxFrameSize}
	mb, err := newLocalMailbox(tr, "victim", cfg)
	require.NoError(t, err)
	defer mb.Close()

	for name, payload := range map[string][]byte{
		"undecodable":     {framePrepare, 0xff},
		"out of protocol": mustEncode(t, mailboxFrame{kind: frameAckCommit, seq: 1, prep: 1}),
		"oversize":        append([]byte{frameData}, bytes.Repeat([]byte{1}, 2000)...),
	} {
		c, err := tr.dial("victim", time.Second)
		require.NoError(t, err, name)
		require.NoError(t, c.send(payload, time.Now().Add(time.Second)), name)
		_, err = c.recv(time.Now().Add(5 * time.Second))
		require.ErrorIs(t, err, errTransportClosed, "%s: the server closes the connection", name)
	}

	// The server still serves well-behaved senders.
	sender := newRemoteMailbox(tr, "victim", false, cfg)
	defer sender.Close()
	require.NoError(t, sender.WriteValue(distsys.ArchetypeInterface{}, tla.MakeNumber(1)))
	require.NoError(t, <-sender.PreCommit(distsys.ArchetypeInterface{}))
	<-sender.Commit(distsys.ArchetypeInterface{})
	v, err := mb.ReadValue(distsys.ArchetypeInterface{})
	require.NoError(t, err)
	assert.True(t, v.Equal(tla.MakeNumber(1)))
}

func mustEncode(t *testing.T, f mailboxFrame) []byte {
	enc, err := encodeFrame(f)
	require.NoError(t, err)
	return enc
}

func TestBackoffIsBoundedWithJitter(t *testing.T) {
	var b backoff
	prevMax := time.Duration(0)
	for i := 0; i < 20; i++ {
		d := b.next()
		assert.GreaterOrEqual(t, d, backoffMin/2)
		assert.LessOrEqual(t, d, backoffMax)
		prevMax = max(prevMax, d)
	}
	assert.Greater(t, prevMax, backoffMax/2, "reaches the cap")
	assert.Equal(t, backoffMax, b.d)
}

// A receiver that crashes after acknowledging a prepare blocks the sender's Commit until
// WithMailboxesAbandonWhen reports it crashed; the sender's next batch then goes through to
// a new receiver at the address.
func TestMailboxCommitAbandonedWhenReceiverCrashed(t *testing.T) {
	network := NewInMemoryNetwork()
	var crashed atomic.Bool
	idx := tla.MakeString("victim")
	mapping := func(tla.Value) (MailboxKind, string) { return MailboxesRemote, "victim" }
	sender := NewInMemoryMailboxes(network, mapping,
		WithMailboxesWriteTimeout(100*time.Millisecond),
		WithMailboxesAbandonWhen(func(index tla.Value) bool { return index.Equal(idx) && crashed.Load() }))
	defer sender.Close()
	cfg := newMailboxesConfig([]MailboxesOption{WithMailboxesReadTimeout(20 * time.Millisecond)})
	rtr := &memTransport{network: network, identity: "victim", maxFrameSize: cfg.maxFrameSize}
	receiver, err := newLocalMailbox(rtr, "victim", cfg)
	require.NoError(t, err)

	iface := distsys.ArchetypeInterface{}
	child, err := sender.Index(iface, idx)
	require.NoError(t, err)
	require.NoError(t, child.WriteValue(iface, tla.MakeNumber(1)))
	require.NoError(t, <-sender.PreCommit(iface))
	receiver.Close() // the receiver crashes between prepare and commit
	done := sender.Commit(iface)
	select {
	case <-done:
		t.Fatal("the commit completed although its receiver is gone and not reported crashed")
	case <-time.After(300 * time.Millisecond):
	}
	crashed.Store(true)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the commit did not give up after the receiver was reported crashed")
	}

	// A new receiver at the address gets the next batch, not the abandoned one.
	receiver2, err := newLocalMailbox(rtr, "victim", cfg)
	require.NoError(t, err)
	defer receiver2.Close()
	child, err = sender.Index(iface, idx)
	require.NoError(t, err)
	require.NoError(t, child.WriteValue(iface, tla.MakeNumber(2)))
	require.NoError(t, <-sender.PreCommit(iface))
	<-sender.Commit(iface)
	v, err := receiver2.ReadValue(iface)
	require.NoError(t, err)
	assert.True(t, v.Equal(tla.MakeNumber(2)))
	receiver2.Commit(iface)
	_, err = receiver2.ReadValue(iface)
	assert.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "the abandoned batch is never delivered")
}
