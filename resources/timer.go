package resources

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// LeaderTimeoutConstantDefs defines LeaderTimeoutReset = TRUE, the value
// archetypes write to a timer resource to reset it.
var LeaderTimeoutConstantDefs = distsys.EnsureMPCalContextConfigs(
	distsys.DefineConstantValue("LeaderTimeoutReset", tla.MakeBool(true)),
)

// TimerResource is a randomized election timeout shared by the contexts of
// one server (runtime.md §5.14).
//
// A read blocks for a duration drawn uniformly from [timeout,
// timeout+offset) (exactly timeout when offset is 0) and yields TRUE (the
// timeout fired), or yields FALSE early when another context writes the
// timer meanwhile (a reset) or the timer is closed; if the reading context is
// stopped, the read aborts the section. A write resets every waiting reader
// at once, whatever value is written; a write with no waiting reader is lost.
// The timer is not transactional: reads and writes take effect immediately
// and commit, abort and precommit do nothing. Close (once per sharing
// context) wakes the readers; later reads yield FALSE at once.
//
// Refinement. Real time is not in the models: a timeout may fire at any
// moment, so the timer refines
//
//	mapping macro LeaderTimeout {
//	    read  { either { yield TRUE; } or { yield FALSE; } }
//	    write { yield $value; }
//	}
//
// with no assumption. Its timing provides the liveness the model takes from
// fairness: without resets, a read yields TRUE within timeout+offset, and a
// reset postpones every waiting reader's timeout by a fresh draw.
type TimerResource struct {
	distsys.ArchetypeResourceLeafMixin
	timeout, offset time.Duration

	mu     sync.Mutex
	reset  chan struct{} // closed and replaced by each write
	closed chan struct{}
	once   sync.Once
}

var _ distsys.ArchetypeResource = (*TimerResource)(nil)

// NewTimerResource returns a timer firing after timeout plus a random part
// of offset. A zero offset means a fixed timeout (PGo panics); a negative
// one is treated as zero.
func NewTimerResource(timeout, offset time.Duration) distsys.ArchetypeResource {
	return &TimerResource{
		timeout: timeout,
		offset:  max(offset, 0),
		reset:   make(chan struct{}),
		closed:  make(chan struct{}),
	}
}

// draw picks one timeout in [timeout, timeout+offset).
func (t *TimerResource) draw() time.Duration {
	if t.offset <= 0 {
		return t.timeout
	}
	return t.timeout + rand.N(t.offset)
}

// ReadValue waits for the timeout (TRUE), a reset or Close (FALSE).
func (t *TimerResource) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	t.mu.Lock()
	reset := t.reset
	t.mu.Unlock()
	select {
	case <-t.closed:
		return tla.MakeBool(false), nil
	default:
	}
	timer := time.NewTimer(t.draw())
	defer timer.Stop()
	select {
	case <-timer.C:
		return tla.MakeBool(true), nil
	case <-reset:
		return tla.MakeBool(false), nil
	case <-t.closed:
		return tla.MakeBool(false), nil
	case <-iface.Context().Done():
		return tla.Value{}, distsys.ErrCriticalSectionAborted
	}
}

// WriteValue resets the waiting readers.
func (t *TimerResource) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	t.mu.Lock()
	close(t.reset)
	t.reset = make(chan struct{})
	t.mu.Unlock()
	return nil
}

func (t *TimerResource) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (t *TimerResource) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (t *TimerResource) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }

// Close wakes every reader; it is idempotent.
func (t *TimerResource) Close() error {
	t.once.Do(func() { close(t.closed) })
	return nil
}

// CustomInChan is an InputChan whose read timeout yields TRUE instead of
// aborting: a periodic-signal input channel, which yields on a signal or at
// least every interval. Raft's leader drives its AppendEntries heartbeat with
// it (the program pushes TRUE to fire at once, for instance on becoming
// leader). Values read are pushed back on Abort and forgotten on Commit; a
// timeout's TRUE is not pushed back. Writing panics. If the reading context
// is stopped, the read aborts the section.
//
// Refinement. It refines the channel read with an escape,
//
//	mapping macro PeriodicSignal {   \* $variable: the sequence of pending values
//	    read  { either { await Len($variable) > 0; with (v = Head($variable)) { $variable := Tail($variable); yield v; } }
//	            or     { yield TRUE; } }
//	    write { assert FALSE; }
//	}
//
// with no assumption; timing adds that a read yields within the interval
// (plus scheduling delay).
type CustomInChan struct {
	distsys.ArchetypeResourceLeafMixin
	channel     <-chan tla.Value
	timeout     time.Duration
	buffer      []tla.Value // pushed back by Abort; read before channel
	readAttempt []tla.Value // values (not timeouts) read in the current attempt
}

var _ distsys.ArchetypeResource = (*CustomInChan)(nil)

// NewCustomInChan returns a CustomInChan reading ch and yielding TRUE after
// timeout without a value.
func NewCustomInChan(ch <-chan tla.Value, timeout time.Duration) *CustomInChan {
	return &CustomInChan{channel: ch, timeout: timeout}
}

// ReadValue returns the next value, or TRUE once timeout has passed without
// one.
func (c *CustomInChan) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	if len(c.buffer) > 0 {
		v := c.buffer[0]
		c.buffer[0] = tla.Value{}
		c.buffer = c.buffer[1:]
		c.readAttempt = append(c.readAttempt, v)
		return v, nil
	}
	select {
	case v := <-c.channel:
		c.readAttempt = append(c.readAttempt, v)
		return v, nil
	default:
	}
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	select {
	case v := <-c.channel:
		c.readAttempt = append(c.readAttempt, v)
		return v, nil
	case <-timer.C:
		return tla.MakeBool(true), nil
	case <-iface.Context().Done():
		return tla.Value{}, distsys.ErrCriticalSectionAborted
	}
}

// WriteValue panics: a CustomInChan is read-only.
func (c *CustomInChan) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	panic("attempted to write to a custom input channel resource")
}

func (c *CustomInChan) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit forgets the values read.
func (c *CustomInChan) Commit(distsys.ArchetypeInterface) chan struct{} {
	clear(c.readAttempt)
	c.readAttempt = c.readAttempt[:0]
	return nil
}

// Abort pushes the values read back to the front, in order.
func (c *CustomInChan) Abort(distsys.ArchetypeInterface) chan struct{} {
	if len(c.readAttempt) > 0 {
		c.buffer = append(append([]tla.Value(nil), c.readAttempt...), c.buffer...)
		clear(c.readAttempt)
		c.readAttempt = c.readAttempt[:0]
	}
	return nil
}

// Close does nothing: the channel belongs to the user program.
func (c *CustomInChan) Close() error { return nil }
