package resources

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var noIface distsys.ArchetypeInterface

// tcpWait bounds every wait of these tests; generous, since the machine may
// be shared and heavily loaded.
const tcpWait = 30 * time.Second

var tcpFastOpts = []MailboxesOption{
	WithMailboxesReadTimeout(50 * time.Millisecond),
	WithMailboxesWriteTimeout(time.Second),
	WithMailboxesDialTimeout(time.Second),
}

// tcpNode is one side of a TCP mailbox test: mailboxes whose index 0 is
// local (bound at addr) and every other index remote at peers[index].
type tcpNode struct {
	m  *Mailboxes
	tr *tcpTransport
}

type tcpAddrs struct {
	mu    sync.Mutex
	addrs map[int32]string
}

func (a *tcpAddrs) set(i int32, addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.addrs[i] = addr
}

func (a *tcpAddrs) get(i int32) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.addrs[i]
}

// newTCPNode builds mailboxes for self: net[self] is local at listen
// ("127.0.0.1:0" for a fresh port), other indices are remote at book's
// addresses. The bound address is recorded in book.
func newTCPNode(t *testing.T, book *tcpAddrs, self int32, listen string, relaxed bool, opts ...MailboxesOption) *tcpNode {
	t.Helper()
	opts = append(append([]MailboxesOption{WithMailboxesLocalIndices(tla.MakeNumber(self))}, tcpFastOpts...), opts...)
	cfg := newMailboxesConfig(opts)
	tr := newTCPTransport(cfg.maxFrameSize)
	m := newMailboxes(tr, relaxed, func(index tla.Value) (MailboxKind, string) {
		if index.AsNumber() == self {
			return MailboxesLocal, listen
		}
		return MailboxesRemote, book.get(index.AsNumber())
	}, cfg)
	book.set(self, m.ListenAddr(tla.MakeNumber(self)))
	t.Cleanup(func() { _ = m.Close() })
	return &tcpNode{m: m, tr: tr}
}

func waitChan[T any](t *testing.T, what string, ch chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(tcpWait):
		t.Fatalf("%s did not complete", what)
		panic("unreachable")
	}
}

func (n *tcpNode) preCommit(t *testing.T) error {
	t.Helper()
	if ch := n.m.PreCommit(noIface); ch != nil {
		return waitChan(t, "PreCommit", ch)
	}
	return nil
}

func (n *tcpNode) commit(t *testing.T) {
	t.Helper()
	if ch := n.m.Commit(noIface); ch != nil {
		waitChan(t, "Commit", ch)
	}
}

func (n *tcpNode) abort(t *testing.T) {
	t.Helper()
	if ch := n.m.Abort(noIface); ch != nil {
		waitChan(t, "Abort", ch)
	}
}

func (n *tcpNode) write(t *testing.T, to int32, values ...tla.Value) {
	t.Helper()
	box, err := n.m.Index(noIface, tla.MakeNumber(to))
	require.NoError(t, err)
	for _, v := range values {
		require.NoError(t, box.WriteValue(noIface, v))
	}
}

// send commits one section writing values to net[to], retrying the section
// while it aborts.
func (n *tcpNode) send(t *testing.T, to int32, values ...tla.Value) {
	t.Helper()
	deadline := time.Now().Add(tcpWait)
	for {
		n.write(t, to, values...)
		err := n.preCommit(t)
		if err == nil {
			n.commit(t)
			return
		}
		require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
		n.abort(t)
		require.True(t, time.Now().Before(deadline), "send kept aborting: %v", err)
	}
}

// drain reads net[self] in committed sections until a read times out and
// returns everything read.
func (n *tcpNode) drain(t *testing.T, self int32) []tla.Value {
	t.Helper()
	var out []tla.Value
	for {
		box, err := n.m.Index(noIface, tla.MakeNumber(self)) // touched anew in each section
		require.NoError(t, err)
		v, err := box.ReadValue(noIface)
		if err != nil {
			require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
			n.abort(t)
			return out
		}
		out = append(out, v)
		n.commit(t)
	}
}

// receive reads exactly k values (waiting for them), committing each.
func (n *tcpNode) receive(t *testing.T, self int32, k int) []tla.Value {
	t.Helper()
	deadline := time.Now().Add(tcpWait)
	var out []tla.Value
	for len(out) < k {
		box, err := n.m.Index(noIface, tla.MakeNumber(self)) // touched anew in each section
		require.NoError(t, err)
		v, err := box.ReadValue(noIface)
		if err != nil {
			require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
			n.abort(t)
			require.True(t, time.Now().Before(deadline), "timed out receiving; got %v", out)
			continue
		}
		out = append(out, v)
		n.commit(t)
	}
	return out
}

func numbers(vs []tla.Value) []int32 {
	out := make([]int32, len(vs))
	for i, v := range vs {
		out[i] = v.AsNumber()
	}
	return out
}

func mkNums(ns ...int32) []tla.Value {
	out := make([]tla.Value, len(ns))
	for i, n := range ns {
		out[i] = tla.MakeNumber(n)
	}
	return out
}

func TestTCPMailboxesFIFOAtomicAndLength(t *testing.T) {
	book := &tcpAddrs{addrs: map[int32]string{}}
	recv := newTCPNode(t, book, 1, "127.0.0.1:0", false)
	send := newTCPNode(t, book, 2, "127.0.0.1:0", false)
	length := NewMailboxesLength(recv.m)
	lenOf := func() int32 {
		c, err := length.Index(noIface, tla.MakeNumber(1))
		require.NoError(t, err)
		v, err := c.ReadValue(noIface)
		require.NoError(t, err)
		return v.AsNumber()
	}
	assert.Equal(t, int32(0), lenOf())

	send.write(t, 1, mkNums(1, 2)...)
	require.NoError(t, send.preCommit(t))
	assert.Equal(t, int32(0), lenOf(), "a prepared batch is not receivable")
	send.commit(t)
	send.send(t, 1, tla.MakeNumber(3))
	require.Eventually(t, func() bool { return lenOf() == 2 }, tcpWait, time.Millisecond, "one batch moves into the backlog")

	box, err := recv.m.Index(noIface, tla.MakeNumber(1))
	require.NoError(t, err)
	v, err := box.ReadValue(noIface)
	require.NoError(t, err)
	assert.Equal(t, int32(1), v.AsNumber())
	recv.abort(t) // pushed back
	assert.Equal(t, []int32{1, 2, 3}, numbers(recv.receive(t, 1, 3)))
	assert.Empty(t, recv.drain(t, 1))
	assert.Equal(t, int32(0), lenOf())
}

func TestTCPRelaxedMailboxes(t *testing.T) {
	book := &tcpAddrs{addrs: map[int32]string{}}
	recv := newTCPNode(t, book, 1, "127.0.0.1:0", true)
	send := newTCPNode(t, book, 2, "127.0.0.1:0", true)
	send.write(t, 1, tla.MakeNumber(9))
	send.abort(t) // a section that writes and aborts sends nothing
	send.write(t, 1, mkNums(1, 2)...)
	require.NoError(t, send.preCommit(t))
	send.commit(t)
	send.send(t, 1, tla.MakeNumber(3))
	assert.Equal(t, []int32{1, 2, 3}, numbers(recv.receive(t, 1, 3)))
	assert.Empty(t, recv.drain(t, 1))

	// An unreachable peer aborts the write (dialled at the first write).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	book.set(3, ln.Addr().String())
	require.NoError(t, ln.Close())
	box, err := send.m.Index(noIface, tla.MakeNumber(3))
	require.NoError(t, err)
	require.ErrorIs(t, box.WriteValue(noIface, tla.MakeNumber(1)), distsys.ErrCriticalSectionAborted)
	send.abort(t)
}

// TestTCPCutMidCommit cuts connections (by closing the sockets) at every
// point of the two-phase exchange and checks that each committed batch is
// delivered exactly once and aborted ones never.
func TestTCPCutMidCommit(t *testing.T) {
	book := &tcpAddrs{addrs: map[int32]string{}}
	recv := newTCPNode(t, book, 1, "127.0.0.1:0", false)
	send := newTCPNode(t, book, 2, "127.0.0.1:0", false)

	// Every connection is cut between PreCommit and Commit.
	send.write(t, 1, mkNums(1, 2)...)
	require.NoError(t, send.preCommit(t))
	require.Positive(t, send.tr.dropConnections())
	send.commit(t)

	// The receiver delivers, then its commit ack is lost with the connection
	// (twice): the sender retries and the receiver acknowledges the
	// duplicate without delivering it.
	var ackCuts atomic.Int32
	ackCuts.Store(2)
	recv.tr.setSendHook(func(server bool, frame []byte) bool {
		return server && frame[0] == frameAckCommit && ackCuts.Add(-1) >= 0
	})
	send.send(t, 1, tla.MakeNumber(3))
	assert.LessOrEqual(t, ackCuts.Load(), int32(0), "the ack cuts happened")
	recv.tr.setSendHook(nil)

	// The commit request itself is cut before it reaches the receiver.
	var commitCuts atomic.Int32
	commitCuts.Store(1)
	send.tr.setSendHook(func(server bool, frame []byte) bool {
		return !server && frame[0] == frameCommit && commitCuts.Add(-1) >= 0
	})
	send.send(t, 1, tla.MakeNumber(4))
	assert.LessOrEqual(t, commitCuts.Load(), int32(0))
	send.tr.setSendHook(nil)

	// The prepare ack is cut: PreCommit fails, the section aborts and its
	// prepared batch is never delivered; the retry is delivered once.
	var prepCuts atomic.Int32
	prepCuts.Store(1)
	recv.tr.setSendHook(func(server bool, frame []byte) bool {
		return server && frame[0] == frameAckPrepare && prepCuts.Add(-1) >= 0
	})
	send.write(t, 1, tla.MakeNumber(99))
	require.ErrorIs(t, send.preCommit(t), distsys.ErrCriticalSectionAborted)
	send.abort(t)
	recv.tr.setSendHook(nil)
	send.send(t, 1, tla.MakeNumber(5))

	// Both sides' connections are cut while a commit is pending at the
	// receiver's end.
	send.write(t, 1, tla.MakeNumber(6))
	require.NoError(t, send.preCommit(t))
	recv.tr.dropConnections()
	send.commit(t)

	assert.Equal(t, []int32{1, 2, 3, 4, 5, 6}, numbers(recv.receive(t, 1, 6)))
	assert.Empty(t, recv.drain(t, 1), "no duplicates")
}

// TestTCPReceiverRestart replaces the receiver by a new resource on the same
// address while a batch is prepared but not committed.
func TestTCPReceiverRestart(t *testing.T) {
	book := &tcpAddrs{addrs: map[int32]string{}}
	recv := newTCPNode(t, book, 1, "127.0.0.1:0", false)
	send := newTCPNode(t, book, 2, "127.0.0.1:0", false)
	addr := book.get(1)

	send.send(t, 1, mkNums(1, 2)...)
	assert.Equal(t, []int32{1, 2}, numbers(recv.receive(t, 1, 2)))

	send.write(t, 1, tla.MakeNumber(3))
	require.NoError(t, send.preCommit(t))
	require.NoError(t, recv.m.Close())
	done := send.m.Commit(noIface) // retries with backoff while nobody listens
	require.NotNil(t, done)

	recv2 := newTCPNode(t, book, 1, addr, false)
	waitChan(t, "Commit across the restart", done)
	send.send(t, 1, tla.MakeNumber(4))
	assert.Equal(t, []int32{3, 4}, numbers(recv2.receive(t, 1, 2)))
	assert.Empty(t, recv2.drain(t, 1), "batches acknowledged before the restart are not redelivered")
}

// TestTCPConcurrentSendersExactlyOnce runs several senders against one
// receiver while connections are cut at random (sockets closed on both
// sides, commit acks lost) and checks that every sender's batches arrive
// exactly once, whole and in order.
func TestTCPConcurrentSendersExactlyOnce(t *testing.T) {
	const senders, sections = 4, 100
	book := &tcpAddrs{addrs: map[int32]string{}}
	recv := newTCPNode(t, book, 0, "127.0.0.1:0", false)
	var lostAcks atomic.Int32
	recv.tr.setSendHook(func(server bool, frame []byte) bool {
		if server && frame[0] == frameAckCommit && rand.IntN(8) == 0 {
			lostAcks.Add(1)
			return true
		}
		return false
	})

	var wg sync.WaitGroup
	errs := make(chan error, senders)
	for s := int32(1); s <= senders; s++ {
		node := newTCPNode(t, book, s, "127.0.0.1:0", false)
		wg.Go(func() {
			for i := int32(1); i <= sections; i++ {
				// Each section sends a batch of two values: (s, i, 1), (s, i, 2).
				vals := []tla.Value{tla.MakeTuple(tla.MakeNumber(s), tla.MakeNumber(i), tla.MakeNumber(1)),
					tla.MakeTuple(tla.MakeNumber(s), tla.MakeNumber(i), tla.MakeNumber(2))}
				deadline := time.Now().Add(tcpWait)
				for {
					box, _ := node.m.Index(noIface, tla.MakeNumber(0))
					for _, v := range vals {
						_ = box.WriteValue(noIface, v)
					}
					var err error
					if ch := node.m.PreCommit(noIface); ch != nil {
						err = <-ch
					}
					if err == nil {
						if ch := node.m.Commit(noIface); ch != nil {
							<-ch
						}
						break
					}
					if ch := node.m.Abort(noIface); ch != nil {
						<-ch
					}
					if time.Now().After(deadline) {
						errs <- fmt.Errorf("sender %d section %d kept aborting: %v", s, i, err)
						return
					}
				}
			}
		})
	}
	stopChaos := make(chan struct{})
	chaosDone := make(chan int)
	go func() {
		cuts := 0
		for {
			select {
			case <-stopChaos:
				chaosDone <- cuts
				return
			case <-time.After(time.Duration(10+rand.IntN(30)) * time.Millisecond):
				cuts += recv.tr.dropConnections()
			}
		}
	}()

	got := recv.receive(t, 0, senders*sections*2)
	wg.Wait()
	close(stopChaos)
	cuts := <-chaosDone
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	recv.tr.setSendHook(nil)
	assert.Empty(t, recv.drain(t, 0), "no duplicates")
	t.Logf("%d connections cut, %d commit acks lost", cuts, lostAcks.Load())

	next := map[int32]int32{} // sender -> next expected section
	for k := 0; k < len(got); k += 2 {
		a, b := got[k].AsTuple(), got[k+1].AsTuple()
		s, i := a.Get(0).AsNumber(), a.Get(1).AsNumber()
		require.Equal(t, int32(1), a.Get(2).AsNumber(), "batch starts at position %d", k)
		require.True(t, b.Get(0).AsNumber() == s && b.Get(1).AsNumber() == i && b.Get(2).AsNumber() == 2,
			"batch (%d,%d) is whole", s, i)
		require.Equal(t, next[s]+1, i, "sender %d: batches in order, once", s)
		next[s] = i
	}
	for s := int32(1); s <= senders; s++ {
		assert.Equal(t, int32(sections), next[s], "sender %d", s)
	}
}

// captureLogs redirects slog's default logger for the test.
func captureLogs(t *testing.T) *syncBuffer {
	buf := &syncBuffer{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(buf, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return buf
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestTCPHostileFrames sends garbage and oversize frames over raw sockets:
// each closes only its own connection, is logged, and the receiver keeps
// serving.
func TestTCPHostileFrames(t *testing.T) {
	logs := captureLogs(t)
	book := &tcpAddrs{addrs: map[int32]string{}}
	recv := newTCPNode(t, book, 1, "127.0.0.1:0", false, WithMailboxesMaxFrameSize(1024))
	addr := book.get(1)

	frame := func(payload []byte) []byte {
		return binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
	}
	cases := map[string][]byte{
		"garbage payload":     append(frame(make([]byte, 5)), 0xde, 0xad, 0xbe, 0xef, 0x01),
		"unknown kind":        append(frame([]byte{77}), 77),
		"out of protocol":     append(frame([]byte{frameAckCommit, 1, 1, 0}), frameAckCommit, 1, 1, 0),
		"oversize announced":  binary.BigEndian.AppendUint32(nil, 0xffffffff),
		"oversize just above": append(binary.BigEndian.AppendUint32(nil, 1025), bytes.Repeat([]byte{1}, 1025)...),
		"empty frame":         frame(nil),
	}
	for name, data := range cases {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		require.NoError(t, err, name)
		_, err = c.Write(data)
		require.NoError(t, err, name)
		require.NoError(t, c.SetReadDeadline(time.Now().Add(tcpWait)))
		_, err = io.ReadAll(c) // returns once the server closed the connection
		if err != nil {
			assert.NotErrorIs(t, err, errTransportTimeout, name)
			var ne net.Error
			if assert.ErrorAs(t, err, &ne, name) {
				assert.False(t, ne.Timeout(), "%s: the server closes the connection", name)
			}
		}
		_ = c.Close()
	}
	// A truncated frame followed by a half close.
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	_, err = c.Write([]byte{0, 0, 0, 10, framePrepare})
	require.NoError(t, err)
	require.NoError(t, c.(*net.TCPConn).CloseWrite())
	require.NoError(t, c.SetReadDeadline(time.Now().Add(tcpWait)))
	_, _ = io.ReadAll(c)
	_ = c.Close()

	// The receiver still serves well-behaved senders.
	send := newTCPNode(t, book, 2, "127.0.0.1:0", false)
	send.send(t, 1, tla.MakeNumber(42))
	assert.Equal(t, []int32{42}, numbers(recv.receive(t, 1, 1)))
	out := logs.String()
	assert.Contains(t, out, "oversize frame")
	assert.Contains(t, out, "bad frame")
	assert.Contains(t, out, "out-of-protocol")
}

func TestTCPBindFailurePanics(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	taken := ln.Addr().String()
	defer func() {
		r := recover()
		require.NotNil(t, r, "binding a taken address panics")
		msg := fmt.Sprint(r)
		assert.Contains(t, msg, taken)
		assert.Contains(t, msg, "address already in use")
	}()
	NewTCPMailboxes(func(tla.Value) (MailboxKind, string) { return MailboxesLocal, taken },
		WithMailboxesLocalIndices(tla.MakeNumber(1)))
}

// TestTCPClosePrompt: Close neither sleeps nor waits for a commit that
// cannot complete.
func TestTCPClosePrompt(t *testing.T) {
	book := &tcpAddrs{addrs: map[int32]string{}}
	recv := newTCPNode(t, book, 1, "127.0.0.1:0", false)
	send := newTCPNode(t, book, 2, "127.0.0.1:0", false)
	send.send(t, 1, tla.MakeNumber(1))
	send.write(t, 1, tla.MakeNumber(2))
	require.NoError(t, send.preCommit(t))
	start := time.Now()
	require.NoError(t, recv.m.Close())
	assert.Less(t, time.Since(start), 1500*time.Millisecond, "receiver Close (no sleep)")
	done := send.m.Commit(noIface) // nobody listens any more: retries forever
	start = time.Now()
	require.NoError(t, send.m.Close())
	waitChan(t, "abandoned Commit", done)
	assert.Less(t, time.Since(start), 1500*time.Millisecond, "sender Close (no sleep)")
	require.NoError(t, send.m.Close(), "idempotent")
	assert.False(t, strings.Contains(book.get(1), ":0"), "a real port was bound")
}

// FuzzTCPFrameReader feeds arbitrary bytes to the TCP frame reader: it never
// panics, never returns a frame over the maximum size, and returns exactly
// the frames a well-formed prefix announces.
func FuzzTCPFrameReader(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, frameData})
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 1, 2, 3})
	f.Add(append([]byte{0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 2}, 9, 9))
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxFrame = 64
		client, server := net.Pipe()
		tr := newTCPTransport(maxFrame)
		c := tr.track(server, true)
		go func() {
			_, _ = client.Write(data)
			_ = client.Close()
		}()
		rest := data
		for {
			frame, err := c.recv(time.Now().Add(5 * time.Second))
			if err != nil {
				break
			}
			require.LessOrEqual(t, len(frame), maxFrame)
			require.GreaterOrEqual(t, len(rest), 4+len(frame))
			require.Equal(t, uint32(len(frame)), binary.BigEndian.Uint32(rest))
			require.Equal(t, rest[4:4+len(frame)], frame)
			rest = rest[4+len(frame):]
		}
		_ = c.close()
	})
}
