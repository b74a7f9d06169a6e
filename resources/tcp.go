package resources

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys/tla"
)

// NewTCPMailboxes returns strict (transactional, exactly-once) mailboxes over
// TCP (runtime.md §5.2). Local mailboxes listen at their address from the
// moment they are created; pass WithMailboxesLocalIndices so that happens in
// the constructor (a bind failure then panics with a descriptive error).
//
// Refinement. Strict mailboxes refine an unordered network that is lossless
// while the receiver lives, that is the mapping macro
//
//	mapping macro UnorderedReliableNetwork {   \* $variable: a bag of messages
//	    read  { await $variable # EmptyBag;
//	            with (m \in BagToSet($variable)) { $variable := $variable (-) SetToBag({m}); yield m; } }
//	    write { yield $variable (+) SetToBag({$value}); }
//	}
//
// where the writes of one critical section to one mailbox are added in one
// step (atomically) and the read takes a value when the section commits.
// Each committed batch is delivered exactly once, under the assumption that
// the receiving process stays alive (the dedup state is in memory): if it
// stops, batches it had received but not yet consumed are lost, and a batch
// whose Commit was in flight while it stopped may be delivered to it and,
// once more, to its successor on the same address. Batches committed
// (acknowledged) before a restart are never delivered again, and batches
// committed after it are delivered exactly once. Order is stronger than the
// macro requires: the batches of one sender (one Mailboxes value) to one
// mailbox arrive in commit order, so with a single writer per mailbox and one
// destination per section the resource also refines the FIFO queue
// ReliableFIFOLink (read: await Len($variable) > 0, yield Head, keep Tail;
// write: Append). Across senders or destinations there is no order (a
// message can overtake another that was committed causally before it on
// another path), hence the unordered macro in general.
func NewTCPMailboxes(addressMappingFn MailboxesAddressMappingFn, opts ...MailboxesOption) *Mailboxes {
	cfg := newMailboxesConfig(opts)
	return newMailboxes(newTCPTransport(cfg.maxFrameSize), false, addressMappingFn, cfg)
}

// NewRelaxedMailboxes returns relaxed (at-most-once) mailboxes over TCP
// (runtime.md §5.3): a section's writes are buffered, dialled at the first
// write (an unreachable peer aborts the section) and sent as one frame at
// Commit without acks; Abort sends nothing; a failed transmission drops the
// batch and the connection. Receiving, framing, eager listening and Close are
// as for NewTCPMailboxes.
//
// Refinement. Relaxed mailboxes refine the lossy unordered network
//
//	mapping macro UnorderedLossyNetwork {
//	    read  { (as UnorderedReliableNetwork) }
//	    write { either { yield $variable (+) SetToBag({$value}); } or { yield $variable; } }
//	}
//
// with the writes of one section to one mailbox added or lost together: no
// duplicates, and while connections and the receiver stay up (no write
// timeout, no reset) nothing is lost. Batches of one sender to one mailbox
// over one connection arrive in commit order.
func NewRelaxedMailboxes(addressMappingFn MailboxesAddressMappingFn, opts ...MailboxesOption) *Mailboxes {
	cfg := newMailboxesConfig(opts)
	return newMailboxes(newTCPTransport(cfg.maxFrameSize), true, addressMappingFn, cfg)
}

// ListenAddr (mpgo addition) returns the address local mailbox index is
// bound to, creating (and binding) it if needed; with a configured port 0 it
// tells the port the system chose. It panics if index is not local. Like
// Index, call it from the goroutine that uses the mailboxes (for instance
// before starting the context).
func (m *Mailboxes) ListenAddr(index tla.Value) string {
	mb, ok := m.IncMap.child(index).(*localMailbox)
	if !ok {
		panic(fmt.Errorf("mailboxes: ListenAddr: index %v is not a local mailbox", index))
	}
	if b, ok := mb.listener.(interface{ boundAddr() string }); ok {
		return b.boundAddr()
	}
	return mb.addr
}

// errFrameTooLarge is returned by a transport's recv for a frame over the
// maximum size; the receiver logs it and closes the connection.
var errFrameTooLarge = errors.New("frame exceeds the maximum frame size")

// tcpTransport is the TCP mailboxTransport: frames are a 4-byte big-endian
// payload length followed by the payload.
type tcpTransport struct {
	maxFrameSize int

	mu    sync.Mutex
	conns map[*tcpConn]struct{} // open connections, for dropConnections
	// sendHook, if set, sees every frame before it is sent; returning true
	// closes the connection instead of sending (fault injection in tests).
	sendHook func(server bool, frame []byte) bool
}

func newTCPTransport(maxFrameSize int) *tcpTransport {
	return &tcpTransport{maxFrameSize: maxFrameSize, conns: make(map[*tcpConn]struct{})}
}

func (t *tcpTransport) setSendHook(hook func(server bool, frame []byte) bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sendHook = hook
}

// dropConnections closes every open connection of this transport, both
// accepted and dialled (fault injection in tests); it returns how many.
func (t *tcpTransport) dropConnections() int {
	t.mu.Lock()
	conns := make([]*tcpConn, 0, len(t.conns))
	for c := range t.conns {
		conns = append(conns, c)
	}
	t.mu.Unlock()
	for _, c := range conns {
		_ = c.close()
	}
	return len(conns)
}

func (t *tcpTransport) track(nc net.Conn, server bool) *tcpConn {
	c := &tcpConn{tr: t, nc: nc, rd: bufio.NewReaderSize(nc, 16<<10), server: server}
	t.mu.Lock()
	t.conns[c] = struct{}{}
	t.mu.Unlock()
	return c
}

func (t *tcpTransport) listen(addr string) (mailboxListener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &tcpListener{tr: t, ln: ln, closed: make(chan struct{})}, nil
}

func (t *tcpTransport) dial(addr string, timeout time.Duration) (mailboxConn, error) {
	nc, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return t.track(nc, false), nil
}

type tcpListener struct {
	tr        *tcpTransport
	ln        net.Listener
	closed    chan struct{}
	closeOnce sync.Once
}

func (l *tcpListener) boundAddr() string { return l.ln.Addr().String() }

// accept returns the next connection. Transient errors (for instance running
// out of file descriptors) are logged and retried with backoff rather than
// ending the accept loop.
func (l *tcpListener) accept() (mailboxConn, error) {
	var bo backoff
	for {
		nc, err := l.ln.Accept()
		if err == nil {
			return l.tr.track(nc, true), nil
		}
		select {
		case <-l.closed:
			return nil, errTransportClosed
		default:
		}
		if errors.Is(err, net.ErrClosed) {
			return nil, errTransportClosed
		}
		slog.Warn("mailbox: accept failed; retrying", "addr", l.ln.Addr().String(), "err", err)
		timer := time.NewTimer(bo.next())
		select {
		case <-timer.C:
		case <-l.closed:
			timer.Stop()
			return nil, errTransportClosed
		}
	}
}

func (l *tcpListener) close() error {
	var err error
	l.closeOnce.Do(func() {
		close(l.closed)
		err = l.ln.Close()
	})
	return err
}

// tcpConn is one TCP connection carrying frames. send may be called from
// several goroutines (frames never interleave); recv from one at a time.
type tcpConn struct {
	tr     *tcpTransport
	nc     net.Conn
	rd     *bufio.Reader
	server bool

	sendMu        sync.Mutex
	writeDeadline time.Time // the write deadline set on nc (guarded by sendMu)
	scratch       []byte    // send buffer for small frames (guarded by sendMu)
	closeOnce     sync.Once
}

// transportErr maps net errors to the transport's: a timeout to
// errTransportTimeout, a closed connection to errTransportClosed.
func transportErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("%w: %v", errTransportTimeout, err)
	case errors.Is(err, net.ErrClosed), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %v", errTransportClosed, err)
	}
	return err
}

func (c *tcpConn) send(frame []byte, deadline time.Time) error {
	if len(frame) > c.tr.maxFrameSize {
		return fmt.Errorf("%w: sending %d bytes (maximum %d)", errFrameTooLarge, len(frame), c.tr.maxFrameSize)
	}
	c.tr.mu.Lock()
	hook := c.tr.sendHook
	c.tr.mu.Unlock()
	if hook != nil && hook(c.server, frame) {
		_ = c.close()
		return errTransportClosed
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if c.needDeadline(deadline) {
		if err := c.nc.SetWriteDeadline(deadline); err != nil {
			return transportErr(err)
		}
		c.writeDeadline = deadline
	}
	if len(frame) <= smallFrame {
		// Small frames (acks, commits, most batches): copy behind the header into the
		// connection's scratch buffer and write once; writev's net.Buffers allocates.
		c.scratch = binary.BigEndian.AppendUint32(c.scratch[:0], uint32(len(frame)))
		c.scratch = append(c.scratch, frame...)
		_, err := c.nc.Write(c.scratch)
		return transportErr(err)
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(frame)))
	bufs := net.Buffers{hdr[:], frame} // one writev, no copy
	_, err := bufs.WriteTo(c.nc)
	return transportErr(err)
}

// smallFrame is the largest frame send copies into one write.
const smallFrame = 4 << 10

// maxDeadlineSlack bounds how much earlier than asked a write may time out: setting a
// deadline updates a runtime timer, a measurable cost at one frame per send, so send
// keeps the current deadline when the new one is only slightly later.
const maxDeadlineSlack = 100 * time.Millisecond

// needDeadline reports whether the write deadline must be reset for a send bounded by
// deadline: always if it is earlier than (or, for none, different from) the current
// one, else if it is later by more than min(maxDeadlineSlack, 1/8 of its remaining
// time). Called with sendMu held.
func (c *tcpConn) needDeadline(deadline time.Time) bool {
	cur := c.writeDeadline
	if deadline.IsZero() || cur.IsZero() || deadline.Before(cur) {
		return !deadline.Equal(cur)
	}
	return deadline.Sub(cur) > min(maxDeadlineSlack, time.Until(deadline)/8)
}

// recv reads one whole frame. The length is checked against the maximum
// before anything is allocated, and the payload buffer grows only as bytes
// actually arrive, so a peer announcing a large frame cannot make us allocate
// it up front.
func (c *tcpConn) recv(deadline time.Time) ([]byte, error) {
	if err := c.nc.SetReadDeadline(deadline); err != nil {
		return nil, transportErr(err)
	}
	var hdr [4]byte
	if _, err := io.ReadFull(c.rd, hdr[:]); err != nil {
		return nil, transportErr(err)
	}
	n := int64(binary.BigEndian.Uint32(hdr[:]))
	if n > int64(c.tr.maxFrameSize) {
		return nil, fmt.Errorf("%w: peer announced %d bytes (maximum %d)", errFrameTooLarge, n, c.tr.maxFrameSize)
	}
	const chunk = 64 << 10
	buf := make([]byte, 0, min(n, chunk))
	for int64(len(buf)) < n {
		want := min(n-int64(len(buf)), chunk)
		if cap(buf)-len(buf) < int(want) {
			buf = append(buf, make([]byte, want)...)[:len(buf)]
		}
		m, err := io.ReadFull(c.rd, buf[len(buf):len(buf)+int(want)])
		buf = buf[:len(buf)+m]
		if err != nil {
			return nil, transportErr(err)
		}
	}
	return buf, nil
}

func (c *tcpConn) close() error {
	var err error
	c.closeOnce.Do(func() {
		c.tr.mu.Lock()
		delete(c.tr.conns, c)
		c.tr.mu.Unlock()
		err = c.nc.Close()
	})
	return err
}
