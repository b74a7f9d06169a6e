package resources

import (
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// InputChan is a read-only resource fed by a Go channel: each read takes the
// next value. Values read in an attempt that aborts are pushed back, so the
// retry reads them again in order.
type InputChan struct {
	distsys.ArchetypeResourceLeafMixin
	channel     <-chan tla.Value
	buffer      []tla.Value // pushed back by Abort; read before channel
	readAttempt []tla.Value // read in the current attempt
	timeout     time.Duration
}

// InputChanOption configures an InputChan.
type InputChanOption func(*InputChan)

// WithInputChanReadTimeout sets how long a read waits before aborting (20 ms).
func WithInputChanReadTimeout(t time.Duration) InputChanOption {
	return func(ic *InputChan) { ic.timeout = t }
}

var _ distsys.ArchetypeResource = (*InputChan)(nil)

// NewInputChan returns an InputChan reading ch.
func NewInputChan(ch <-chan tla.Value, opts ...InputChanOption) *InputChan {
	ic := &InputChan{channel: ch, timeout: 20 * time.Millisecond}
	for _, opt := range opts {
		opt(ic)
	}
	return ic
}

// ReadValue returns the next value, or aborts after the read timeout (or
// when the context is stopped).
func (ic *InputChan) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	if len(ic.buffer) > 0 {
		v := ic.buffer[0]
		ic.buffer[0] = tla.Value{}
		ic.buffer = ic.buffer[1:]
		ic.readAttempt = append(ic.readAttempt, v)
		return v, nil
	}
	select { // fast path: no timer when a value is ready
	case v := <-ic.channel:
		ic.readAttempt = append(ic.readAttempt, v)
		return v, nil
	default:
	}
	timer := time.NewTimer(ic.timeout)
	defer timer.Stop()
	select {
	case v := <-ic.channel:
		ic.readAttempt = append(ic.readAttempt, v)
		return v, nil
	case <-timer.C:
		return tla.Value{}, distsys.ErrCriticalSectionAborted
	case <-iface.Context().Done():
		return tla.Value{}, distsys.ErrCriticalSectionAborted
	}
}

// WriteValue panics: an InputChan is read-only.
func (ic *InputChan) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	panic("attempted to write to an input channel resource")
}

// PreCommit always succeeds.
func (ic *InputChan) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit forgets the values read.
func (ic *InputChan) Commit(distsys.ArchetypeInterface) chan struct{} {
	clear(ic.readAttempt)
	ic.readAttempt = ic.readAttempt[:0]
	return nil
}

// Abort pushes the values read back to the front, in order.
func (ic *InputChan) Abort(distsys.ArchetypeInterface) chan struct{} {
	if len(ic.readAttempt) > 0 {
		ic.buffer = append(append([]tla.Value(nil), ic.readAttempt...), ic.buffer...)
		clear(ic.readAttempt)
		ic.readAttempt = ic.readAttempt[:0]
	}
	return nil
}

// Close does nothing: the channel belongs to the user program.
func (ic *InputChan) Close() error { return nil }

// OutputChan is a write-only resource draining into a Go channel. Writes are
// buffered; Commit sends them in order and completes only when the user
// program has received every value, so the archetype blocks until then (Stop
// interrupts it). Abort discards the buffer.
type OutputChan struct {
	distsys.ArchetypeResourceLeafMixin
	channel   chan<- tla.Value
	buffer    []tla.Value
	closed    chan struct{}
	closeOnce sync.Once
}

var _ distsys.ArchetypeResource = (*OutputChan)(nil)

// NewOutputChan returns an OutputChan sending on ch.
func NewOutputChan(ch chan<- tla.Value) *OutputChan {
	return &OutputChan{channel: ch, closed: make(chan struct{})}
}

// ReadValue panics: an OutputChan is write-only.
func (oc *OutputChan) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	panic("attempted to read from an output channel resource")
}

// WriteValue buffers value until Commit.
func (oc *OutputChan) WriteValue(_ distsys.ArchetypeInterface, value tla.Value) error {
	oc.buffer = append(oc.buffer, value)
	return nil
}

// PreCommit always succeeds.
func (oc *OutputChan) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit sends the buffered values, re-wrapped with the current clock, from a
// goroutine; the returned channel closes once all were received (or the
// resource is closed).
func (oc *OutputChan) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	if len(oc.buffer) == 0 {
		return nil
	}
	values := oc.buffer
	oc.buffer = nil
	if sink := iface.GetVClockSink(); sink.Enabled() {
		clock := sink.GetVClock()
		for i, v := range values {
			values[i] = tla.WrapCausal(v.StripVClock(), clock)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, v := range values {
			select {
			case oc.channel <- v:
			case <-oc.closed:
				return
			}
		}
	}()
	return done
}

// Abort discards the buffered values.
func (oc *OutputChan) Abort(distsys.ArchetypeInterface) chan struct{} {
	oc.buffer = nil
	return nil
}

// Close abandons a pending Commit. It is idempotent.
func (oc *OutputChan) Close() error {
	oc.closeOnce.Do(func() { close(oc.closed) })
	return nil
}

// SingleOutputChan sends each value at write time, waiting at most 20 ms
// (then the section aborts). It is weaker than the contract: a value sent is
// visible before the section commits and cannot be taken back, so an Abort
// after a successful send panics.
type SingleOutputChan struct {
	distsys.ArchetypeResourceLeafMixin
	channel chan<- tla.Value
	sent    bool // a value was sent in the current attempt
	timeout time.Duration
}

var _ distsys.ArchetypeResource = (*SingleOutputChan)(nil)

// NewSingleOutputChan returns a SingleOutputChan sending on ch.
func NewSingleOutputChan(ch chan<- tla.Value) *SingleOutputChan {
	return &SingleOutputChan{channel: ch, timeout: 20 * time.Millisecond}
}

// ReadValue panics: a SingleOutputChan is write-only.
func (oc *SingleOutputChan) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	panic("attempted to read from a single output channel resource")
}

// WriteValue sends value now, or aborts after 20 ms.
func (oc *SingleOutputChan) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	timer := time.NewTimer(oc.timeout)
	defer timer.Stop()
	select {
	case oc.channel <- value:
		oc.sent = true
		return nil
	case <-timer.C:
		return distsys.ErrCriticalSectionAborted
	case <-iface.Context().Done():
		return distsys.ErrCriticalSectionAborted
	}
}

// PreCommit always succeeds.
func (oc *SingleOutputChan) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit does nothing: the values are already sent.
func (oc *SingleOutputChan) Commit(distsys.ArchetypeInterface) chan struct{} {
	oc.sent = false
	return nil
}

// Abort panics if a value was sent in this attempt (it cannot be unsent).
func (oc *SingleOutputChan) Abort(distsys.ArchetypeInterface) chan struct{} {
	if oc.sent {
		panic("SingleOutputChan: abort after a value was sent; it cannot be unsent")
	}
	return nil
}

// Close does nothing.
func (oc *SingleOutputChan) Close() error { return nil }
