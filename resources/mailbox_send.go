package resources

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// remoteMailbox is the send side of one mailbox. Writes of an attempt are
// buffered. Strict mode: PreCommit sends the batch as a prepare and awaits
// its ack (failure aborts the section); Commit sends commit, retrying with
// bounded backoff (re-preparing when the receiver lost the batch) until it is
// acknowledged or the mailbox closes. Relaxed mode: Commit sends the batch
// once, without acks.
type remoteMailbox struct {
	distsys.ArchetypeResourceLeafMixin
	tr      mailboxTransport
	addr    string
	relaxed bool
	cfg     *mailboxesConfig
	session uint64
	// abandoned, if set, reports that the receiver crashed: Commit then gives
	// up (WithMailboxesAbandonWhen).
	abandoned func() bool

	buffer []tla.Value // written in the current attempt (Run goroutine only)

	mu        sync.Mutex // guards the fields below against the commit goroutine and Close
	conn      mailboxConn
	seq       uint64 // last batch acknowledged as delivered
	prep      uint64 // last prepare attempt number
	isClosed  bool
	closed    chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup
}

var _ distsys.ArchetypeResource = (*remoteMailbox)(nil)

var errMailboxClosed = fmt.Errorf("mailbox: %w", distsys.ErrContextClosed)

func newRemoteMailbox(tr mailboxTransport, addr string, relaxed bool, cfg *mailboxesConfig) *remoteMailbox {
	return &remoteMailbox{
		tr:      tr,
		addr:    addr,
		relaxed: relaxed,
		cfg:     cfg,
		session: rand.Uint64(),
		closed:  make(chan struct{}),
	}
}

func (r *remoteMailbox) abortErr(err error) error {
	return fmt.Errorf("%w: mailbox %s: %v", distsys.ErrCriticalSectionAborted, r.addr, err)
}

// getConn returns the open connection, dialling if there is none.
func (r *remoteMailbox) getConn() (mailboxConn, error) {
	r.mu.Lock()
	if r.isClosed {
		r.mu.Unlock()
		return nil, errMailboxClosed
	}
	c := r.conn
	r.mu.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := r.tr.dial(r.addr, r.cfg.dialTimeout)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.isClosed {
		c.close()
		return nil, errMailboxClosed
	}
	r.conn = c
	return c, nil
}

// dropConn closes c and forgets it, so the next exchange redials.
func (r *remoteMailbox) dropConn(c mailboxConn) {
	r.mu.Lock()
	if r.conn == c {
		r.conn = nil
	}
	r.mu.Unlock()
	c.close()
}

// roundTrip sends a request and waits for its ack (matched by kind, seq and
// prep), both bounded by the write timeout.
func (r *remoteMailbox) roundTrip(c mailboxConn, req []byte, ackKind byte, seq, prep uint64) (byte, error) {
	deadline := time.Now().Add(r.cfg.writeTimeout)
	if err := c.send(req, deadline); err != nil {
		return 0, err
	}
	for {
		payload, err := c.recv(deadline)
		if err != nil {
			return 0, err
		}
		f, err := decodeFrame(payload)
		if err != nil {
			return 0, err
		}
		if f.kind == ackKind && f.seq == seq && f.prep == prep {
			return f.status, nil
		}
		// An ack of an earlier request on this connection: skip it.
	}
}

func (r *remoteMailbox) encode(f mailboxFrame) ([]byte, error) {
	enc, err := encodeFrame(f)
	if err != nil {
		return nil, err
	}
	if len(enc) > r.cfg.maxFrameSize {
		return nil, fmt.Errorf("mailbox %s: batch of %d values encodes to %d bytes, over the maximum frame size %d",
			r.addr, len(f.values), len(enc), r.cfg.maxFrameSize)
	}
	return enc, nil
}

// ReadValue panics: a remote mailbox is only written by this process.
func (r *remoteMailbox) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	panic(fmt.Errorf("mailboxes: attempted to read remote mailbox %s", r.addr))
}

// WriteValue buffers value. In relaxed mode the first write of an attempt
// dials if needed, so an unreachable peer aborts the section.
func (r *remoteMailbox) WriteValue(_ distsys.ArchetypeInterface, value tla.Value) error {
	if r.relaxed && len(r.buffer) == 0 {
		if _, err := r.getConn(); err != nil {
			return r.abortErr(err)
		}
	}
	r.buffer = append(r.buffer, value)
	return nil
}

// PreCommit (strict) delivers the batch as a prepare and awaits the ack.
func (r *remoteMailbox) PreCommit(distsys.ArchetypeInterface) chan error {
	if r.relaxed || len(r.buffer) == 0 {
		return nil
	}
	r.mu.Lock()
	seq := r.seq + 1
	r.prep++
	prep := r.prep
	r.mu.Unlock()
	ch := make(chan error, 1)
	req, err := r.encode(mailboxFrame{kind: framePrepare, session: r.session, seq: seq, prep: prep, values: r.buffer})
	if err != nil {
		ch <- err // not retriable: the section fails
		return ch
	}
	go func() {
		ch <- r.prepare(req, seq, prep)
	}()
	return ch
}

func (r *remoteMailbox) prepare(req []byte, seq, prep uint64) error {
	c, err := r.getConn()
	if err != nil {
		return r.abortErr(err)
	}
	status, err := r.roundTrip(c, req, frameAckPrepare, seq, prep)
	if err != nil {
		r.dropConn(c)
		return r.abortErr(err)
	}
	if status != ackOK {
		return r.abortErr(fmt.Errorf("prepare rejected (status %d)", status))
	}
	return nil
}

// Commit completes the batch in the background and signals once it is
// acknowledged (or the mailbox is closed).
func (r *remoteMailbox) Commit(distsys.ArchetypeInterface) chan struct{} {
	if len(r.buffer) == 0 {
		return nil
	}
	values := r.buffer
	r.buffer = nil
	done := make(chan struct{})
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(done)
		if r.relaxed {
			r.send(values)
		} else {
			r.commit(values)
		}
	}()
	return done
}

// send transmits a relaxed batch once; on failure the values are lost (at
// most once) and the connection dropped.
func (r *remoteMailbox) send(values []tla.Value) {
	req, err := r.encode(mailboxFrame{kind: frameData, values: values})
	if err != nil {
		panic(err) // Commit cannot fail: an oversize relaxed batch is a program error
	}
	c, err := r.getConn()
	if err != nil {
		return
	}
	if err := c.send(req, time.Now().Add(r.cfg.writeTimeout)); err != nil {
		r.dropConn(c)
	}
}

// commit retries until the receiver acknowledges batch seq. The receiver
// delivers a batch number at most once per session, so retries after a lost
// ack or a dropped connection never duplicate it.
func (r *remoteMailbox) commit(values []tla.Value) {
	r.mu.Lock()
	seq, prep := r.seq+1, r.prep
	r.mu.Unlock()
	var bo backoff
	needPrepare := false
	for {
		select {
		case <-r.closed:
			return
		default:
		}
		status, err := r.tryCommit(values, seq, &prep, needPrepare)
		if err == nil && status == ackOK {
			r.mu.Lock()
			r.seq = seq
			r.mu.Unlock()
			return
		}
		if errors.Is(err, errMailboxClosed) {
			return
		}
		if r.giveUp(seq) {
			return
		}
		retryNow := err == nil && status == ackUnknown && !needPrepare
		// The receiver does not hold the batch (it lost the prepare): send it again.
		needPrepare = true
		if retryNow {
			continue
		}
		if !r.backoffWait(bo.next(), seq) {
			return
		}
	}
}

// giveUp reports whether the receiver is known to have crashed; if so, batch
// seq is abandoned: the next batch takes the next sequence number (a receiver
// still holding seq as prepared, not committed, replaces it then).
func (r *remoteMailbox) giveUp(seq uint64) bool {
	if r.abandoned == nil || !r.abandoned() {
		return false
	}
	r.mu.Lock()
	r.seq = seq
	r.mu.Unlock()
	return true
}

// backoffWait waits d before the next commit retry; it returns false if the
// mailbox closed or the batch was abandoned meanwhile.
func (r *remoteMailbox) backoffWait(d time.Duration, seq uint64) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	var tick <-chan time.Time
	if r.abandoned != nil {
		ticker := time.NewTicker(abandonPollInterval)
		defer ticker.Stop()
		tick = ticker.C
	}
	for {
		select {
		case <-timer.C:
			return true
		case <-r.closed:
			return false
		case <-tick:
			if r.giveUp(seq) {
				return false
			}
		}
	}
}

// abandonPollInterval is how often a commit in backoff asks whether its
// receiver crashed (WithMailboxesAbandonWhen).
const abandonPollInterval = 50 * time.Millisecond

func (r *remoteMailbox) tryCommit(values []tla.Value, seq uint64, prep *uint64, needPrepare bool) (byte, error) {
	c, err := r.getConn()
	if err != nil {
		return 0, err
	}
	if needPrepare {
		r.mu.Lock()
		r.prep++
		*prep = r.prep
		r.mu.Unlock()
		req, err := r.encode(mailboxFrame{kind: framePrepare, session: r.session, seq: seq, prep: *prep, values: values})
		if err != nil {
			panic(err) // the same batch was encoded by PreCommit
		}
		status, err := r.roundTrip(c, req, frameAckPrepare, seq, *prep)
		if err != nil {
			r.dropConn(c)
			return 0, err
		}
		if status != ackOK {
			return status, nil
		}
	}
	req, _ := encodeFrame(mailboxFrame{kind: frameCommit, session: r.session, seq: seq, prep: *prep})
	status, err := r.roundTrip(c, req, frameAckCommit, seq, *prep)
	if err != nil {
		r.dropConn(c)
		return 0, err
	}
	return status, nil
}

// Abort discards the attempt's writes. A batch the receiver holds as
// prepared is never delivered: the next prepare replaces it.
func (r *remoteMailbox) Abort(distsys.ArchetypeInterface) chan struct{} {
	r.buffer = nil
	return nil
}

// Close stops retries, closes the connection and waits (bounded) for a
// pending commit to notice. It is idempotent.
func (r *remoteMailbox) Close() error {
	r.closeOnce.Do(func() {
		r.mu.Lock()
		r.isClosed = true
		close(r.closed)
		c := r.conn
		r.conn = nil
		r.mu.Unlock()
		if c != nil {
			c.close()
		}
		waitBounded(&r.wg, closeWait)
	})
	return nil
}
