package resources

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// localMailbox is the receive side of a mailbox: it listens at its address
// from construction, delivers each committed batch once (deduplicated by
// sender session and batch number), and serves reads transactionally.
type localMailbox struct {
	distsys.ArchetypeResourceLeafMixin
	addr string
	cfg  *mailboxesConfig

	batches chan []tla.Value // committed batches, in delivery order

	// Read-side transaction state: only touched by the Run goroutine.
	backlog     []tla.Value // received, not yet consumed; the front is next
	readAttempt []tla.Value // consumed in the current attempt, in order

	listener  mailboxListener
	mu        sync.Mutex
	conns     map[mailboxConn]struct{}
	sessions  map[uint64]*recvSession
	closed    chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup
}

// recvSession is what the receiver knows about one sender: the last batch
// delivered and the batch prepared but not yet committed. Its lock is held
// while delivering, so a retry of the same batch on another connection waits
// and then sees it as a duplicate.
type recvSession struct {
	mu          sync.Mutex
	delivered   uint64
	hasPending  bool
	pendingSeq  uint64
	pendingPrep uint64
	pending     []tla.Value
}

var _ distsys.ArchetypeResource = (*localMailbox)(nil)

func newLocalMailbox(tr mailboxTransport, addr string, cfg *mailboxesConfig) (*localMailbox, error) {
	l, err := tr.listen(addr)
	if err != nil {
		return nil, err
	}
	mb := &localMailbox{
		addr:     addr,
		cfg:      cfg,
		batches:  make(chan []tla.Value, cfg.receiveChanSize),
		listener: l,
		conns:    make(map[mailboxConn]struct{}),
		sessions: make(map[uint64]*recvSession),
		closed:   make(chan struct{}),
	}
	mb.wg.Add(1)
	go mb.acceptLoop()
	return mb, nil
}

func (mb *localMailbox) acceptLoop() {
	defer mb.wg.Done()
	for {
		c, err := mb.listener.accept()
		if err != nil {
			return
		}
		mb.mu.Lock()
		select {
		case <-mb.closed:
			mb.mu.Unlock()
			c.close()
			return
		default:
		}
		mb.conns[c] = struct{}{}
		mb.wg.Add(1)
		mb.mu.Unlock()
		go mb.serve(c)
	}
}

func (mb *localMailbox) session(id uint64) *recvSession {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	s, ok := mb.sessions[id]
	if !ok {
		s = &recvSession{}
		mb.sessions[id] = s
	}
	return s
}

// deliver pushes a batch to the readers, blocking while the receive channel
// is full (backpressure on the sender); false if the mailbox closed first.
func (mb *localMailbox) deliver(values []tla.Value) bool {
	select {
	case mb.batches <- values:
		return true
	case <-mb.closed:
		return false
	}
}

func (mb *localMailbox) serve(c mailboxConn) {
	defer mb.wg.Done()
	defer func() {
		c.close()
		mb.mu.Lock()
		delete(mb.conns, c)
		mb.mu.Unlock()
	}()
	for {
		payload, err := c.recv(time.Time{})
		if err != nil {
			if errors.Is(err, errFrameTooLarge) {
				slog.Warn("mailbox: closing connection after an oversize frame", "addr", mb.addr, "err", err)
			}
			return
		}
		f, err := decodeFrame(payload)
		if err != nil {
			slog.Warn("mailbox: closing connection after a bad frame", "addr", mb.addr, "err", err)
			return
		}
		var ack mailboxFrame
		switch f.kind {
		case framePrepare:
			ack = mailboxFrame{kind: frameAckPrepare, seq: f.seq, prep: f.prep, status: mb.prepare(f)}
		case frameCommit:
			status, ok := mb.commit(f)
			if !ok {
				return
			}
			ack = mailboxFrame{kind: frameAckCommit, seq: f.seq, prep: f.prep, status: status}
		case frameData:
			if !mb.deliver(f.values) {
				return
			}
			continue
		default:
			slog.Warn("mailbox: closing connection after an out-of-protocol frame", "addr", mb.addr, "kind", f.kind)
			return
		}
		enc, _ := encodeFrame(ack)
		if err := c.send(enc, time.Now().Add(mb.cfg.writeTimeout)); err != nil {
			return
		}
	}
}

func (mb *localMailbox) prepare(f mailboxFrame) byte {
	s := mb.session(f.session)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case f.seq <= s.delivered:
		return ackOK // already delivered: the sender will commit a duplicate
	case s.hasPending && s.pendingSeq == f.seq && f.prep < s.pendingPrep:
		return ackStale
	}
	s.hasPending, s.pendingSeq, s.pendingPrep, s.pending = true, f.seq, f.prep, f.values
	return ackOK
}

func (mb *localMailbox) commit(f mailboxFrame) (status byte, ok bool) {
	s := mb.session(f.session)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case f.seq <= s.delivered:
		return ackOK, true // duplicate: acknowledged, not delivered again
	case s.hasPending && s.pendingSeq == f.seq && s.pendingPrep == f.prep:
		if !mb.deliver(s.pending) {
			return 0, false
		}
		s.delivered = f.seq
		s.hasPending, s.pending = false, nil
		return ackOK, true
	}
	return ackUnknown, true
}

// available moves one pending batch into an empty backlog and returns the
// backlog's size (NewMailboxesLength).
func (mb *localMailbox) available() int {
	if len(mb.backlog) == 0 {
		select {
		case b := <-mb.batches:
			mb.backlog = b
		default:
		}
	}
	return len(mb.backlog)
}

// ReadValue dequeues the next value: from the backlog, else from the next
// batch (waiting up to the read timeout, then aborting).
func (mb *localMailbox) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	if len(mb.backlog) == 0 {
		select {
		case b := <-mb.batches:
			mb.backlog = b
		default:
			timer := time.NewTimer(mb.cfg.readTimeout)
			defer timer.Stop()
			select {
			case b := <-mb.batches:
				mb.backlog = b
			case <-timer.C:
				return tla.Value{}, distsys.ErrCriticalSectionAborted
			case <-iface.Context().Done():
				return tla.Value{}, distsys.ErrCriticalSectionAborted
			case <-mb.closed:
				return tla.Value{}, fmt.Errorf("mailbox %s: %w", mb.addr, distsys.ErrContextClosed)
			}
		}
	}
	v := mb.backlog[0]
	mb.backlog = mb.backlog[1:]
	mb.readAttempt = append(mb.readAttempt, v)
	return v, nil
}

// WriteValue panics: only the owner reads a local mailbox, nobody writes it
// through this process's map.
func (mb *localMailbox) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	panic(fmt.Errorf("mailboxes: attempted to write to local mailbox %s", mb.addr))
}

func (mb *localMailbox) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit forgets the values read in this attempt.
func (mb *localMailbox) Commit(distsys.ArchetypeInterface) chan struct{} {
	clear(mb.readAttempt)
	mb.readAttempt = mb.readAttempt[:0]
	return nil
}

// Abort pushes the values read in this attempt back to the front.
func (mb *localMailbox) Abort(distsys.ArchetypeInterface) chan struct{} {
	if len(mb.readAttempt) > 0 {
		mb.backlog = append(append([]tla.Value(nil), mb.readAttempt...), mb.backlog...)
		clear(mb.readAttempt)
		mb.readAttempt = mb.readAttempt[:0]
	}
	return nil
}

// Close stops accepting, closes every connection and waits (bounded) for the
// mailbox's goroutines. It is idempotent.
func (mb *localMailbox) Close() error {
	var err error
	mb.closeOnce.Do(func() {
		mb.mu.Lock()
		close(mb.closed)
		conns := make([]mailboxConn, 0, len(mb.conns))
		for c := range mb.conns {
			conns = append(conns, c)
		}
		mb.mu.Unlock()
		err = mb.listener.close()
		for _, c := range conns {
			c.close()
		}
		waitBounded(&mb.wg, closeWait)
	})
	return err
}

// closeWait bounds how long Close waits for a resource's goroutines; they
// only need to notice closed connections.
const closeWait = 2 * time.Second

func waitBounded(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}
