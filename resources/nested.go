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

// Nested archetypes as a resource (runtime.md §5.13).
//
// NewNested refines the resource an MPCal archetype implements: each
// ArchetypeResource operation becomes one request to the nested archetype and
// one reply from it, in order, over two Go channels. The nested archetype is
// the resource's specification made executable (and model-checkable); the
// adaptor adds only the timeouts and the mapping of replies to results.
//
// Protocol: the resource sends [tpe |-> READ_REQ | WRITE_REQ | PRECOMMIT_REQ |
// COMMIT_REQ | ABORT_REQ, value |-> v] (v is the written value for WRITE_REQ,
// defaultInitValue otherwise) on the nested archetype's receive channel and
// waits on its send channel for [tpe |-> READ_ACK, value |-> v], WRITE_ACK,
// PRECOMMIT_ACK, COMMIT_ACK, ABORT_ACK (matching the request) or ABORTED
// (read, write and precommit only: the section aborts). It assumes the nested
// archetype answers every request exactly once, in order.

// NestedArchetypeConstantDefs defines the protocol's constants for the nested
// archetype's context.
var NestedArchetypeConstantDefs = distsys.EnsureMPCalContextConfigs(
	distsys.DefineConstantValue("READ_REQ", tla.MakeString("read_req")),
	distsys.DefineConstantValue("WRITE_REQ", tla.MakeString("write_req")),
	distsys.DefineConstantValue("ABORT_REQ", tla.MakeString("abort_req")),
	distsys.DefineConstantValue("PRECOMMIT_REQ", tla.MakeString("precommit_req")),
	distsys.DefineConstantValue("COMMIT_REQ", tla.MakeString("commit_req")),

	distsys.DefineConstantValue("READ_ACK", tla.MakeString("read_ack")),
	distsys.DefineConstantValue("WRITE_ACK", tla.MakeString("write_ack")),
	distsys.DefineConstantValue("ABORT_ACK", tla.MakeString("abort_ack")),
	distsys.DefineConstantValue("PRECOMMIT_ACK", tla.MakeString("precommit_ack")),
	distsys.DefineConstantValue("COMMIT_ACK", tla.MakeString("commit_ack")),

	distsys.DefineConstantValue("ABORTED", tla.MakeString("aborted")),
)

var (
	// ErrNestedArchetypeProtocol: the nested archetype replied with the wrong
	// kind of message for the request.
	ErrNestedArchetypeProtocol = errors.New("nested archetype protocol error")
	// ErrNestedArchetypeSanity: a reply was not a record with a string tpe
	// field (and a value field for read_ack).
	ErrNestedArchetypeSanity = errors.New("nested archetype sanity check failed")
	// ErrNestedArchetypeStopped: a nested context has stopped, so the
	// resource can no longer serve requests.
	ErrNestedArchetypeStopped = errors.New("nested archetype stopped")
)

// nestedTimeout bounds read, write and precommit: sending the request and
// receiving the reply each (the section aborts).
const nestedTimeout = 100 * time.Millisecond

// nested is the resource of NewNested.
type nested struct {
	distsys.ArchetypeResourceLeafMixin

	requests chan tla.Value // to the nested archetype (its receiveCh)
	replies  chan tla.Value // from the nested archetype (its sendCh)
	ctxs     []*distsys.MPCalContext

	mu      sync.Mutex // serialises operations
	pending int        // replies still owed for requests that timed out; discarded when they arrive

	stopped   chan struct{} // closed when the first nested context stops
	stopOnce  sync.Once
	stopErr   error // the first stopped context's Run result; set before stopped is closed
	closed    chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup
}

var _ distsys.ArchetypeResource = (*nested)(nil)

// NewNested calls fn with the nested archetype's ends of two channels (it
// sends replies on sendCh and receives requests from receiveCh), runs every
// context fn returns in its own goroutine, and returns a resource driving
// them. Give the contexts NestedArchetypeConstantDefs. Close stops them.
func NewNested(fn func(sendCh chan<- tla.Value, receiveCh <-chan tla.Value) []*distsys.MPCalContext) distsys.ArchetypeResource {
	n := &nested{
		requests: make(chan tla.Value),
		replies:  make(chan tla.Value),
		stopped:  make(chan struct{}),
		closed:   make(chan struct{}),
	}
	n.ctxs = fn(n.replies, n.requests)
	for _, ctx := range n.ctxs {
		n.wg.Add(1)
		go func() {
			defer n.wg.Done()
			err := ctx.Run()
			n.stopOnce.Do(func() {
				n.stopErr = err
				close(n.stopped)
			})
		}()
	}
	return n
}

func (n *nested) stoppedErr() error {
	if n.stopErr != nil {
		return fmt.Errorf("%w: %w", ErrNestedArchetypeStopped, n.stopErr)
	}
	return ErrNestedArchetypeStopped
}

func nestedRequest(tpe string, value tla.Value) tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("tpe"), Value: tla.MakeString(tpe)},
		{Key: tla.MakeString("value"), Value: value},
	})
}

var (
	nestedTpe   = tla.MakeString("tpe")
	nestedValue = tla.MakeString("value")
)

// call sends one request and returns the reply's tpe and record. With
// timeout > 0 each step is bounded and a timeout aborts the section;
// otherwise it waits until the nested archetype answers, stops or the
// resource is closed. n.mu is held.
func (n *nested) call(tpe string, value tla.Value, timeout time.Duration, done <-chan struct{}) (string, tla.Value, error) {
	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	aborted := fmt.Errorf("%w: nested archetype did not answer %s within %v", distsys.ErrCriticalSectionAborted, tpe, timeout)
	select {
	case <-n.stopped:
		return "", tla.Value{}, n.stoppedErr()
	default:
	}
	// Replies owed for timed-out requests may arrive before we can send.
	for sent := false; !sent; {
		var owed chan tla.Value
		if n.pending > 0 {
			owed = n.replies
		}
		select {
		case n.requests <- nestedRequest(tpe, value):
			sent = true
		case <-owed:
			n.pending--
		case <-timer:
			return "", tla.Value{}, aborted
		case <-n.stopped:
			return "", tla.Value{}, n.stoppedErr()
		case <-n.closed:
			return "", tla.Value{}, errNestedClosed
		case <-done:
			return "", tla.Value{}, aborted
		}
	}
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	for {
		select {
		case reply := <-n.replies:
			if n.pending > 0 {
				n.pending--
				continue
			}
			if !reply.IsFunction() {
				return "", reply, fmt.Errorf("%w: reply %v to %s is not a record", ErrNestedArchetypeSanity, reply, tpe)
			}
			tv, ok := reply.AsFunction().Get(nestedTpe)
			if !ok || !tv.IsString() {
				return "", reply, fmt.Errorf("%w: reply %v to %s has no string tpe", ErrNestedArchetypeSanity, reply, tpe)
			}
			return tv.AsString(), reply, nil
		case <-timer:
			n.pending++
			return "", tla.Value{}, aborted
		case <-n.stopped:
			return "", tla.Value{}, n.stoppedErr()
		case <-n.closed:
			return "", tla.Value{}, errNestedClosed
		case <-done:
			n.pending++
			return "", tla.Value{}, aborted
		}
	}
}

var errNestedClosed = fmt.Errorf("%w: nested archetype resource closed", distsys.ErrCriticalSectionAborted)

// expect runs a bounded request whose reply must be ack (or ABORTED).
func (n *nested) expect(iface distsys.ArchetypeInterface, req, ack string, value tla.Value) (tla.Value, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	tpe, reply, err := n.call(req, value, nestedTimeout, iface.Context().Done())
	if err != nil {
		return tla.Value{}, err
	}
	switch tpe {
	case ack:
		return reply, nil
	case "aborted":
		return tla.Value{}, fmt.Errorf("%w: nested archetype aborted %s", distsys.ErrCriticalSectionAborted, req)
	}
	return tla.Value{}, fmt.Errorf("%w: reply %v to %s, want %s or aborted", ErrNestedArchetypeProtocol, reply, req, ack)
}

// ReadValue sends read_req and returns the read_ack's value.
func (n *nested) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	reply, err := n.expect(iface, "read_req", "read_ack", tla.Value{})
	if err != nil {
		return tla.Value{}, err
	}
	v, ok := reply.AsFunction().Get(nestedValue)
	if !ok {
		return tla.Value{}, fmt.Errorf("%w: read_ack %v has no value", ErrNestedArchetypeSanity, reply)
	}
	return v, nil
}

// WriteValue sends write_req with value and awaits write_ack.
func (n *nested) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	_, err := n.expect(iface, "write_req", "write_ack", value)
	return err
}

// PreCommit sends precommit_req and awaits precommit_ack.
func (n *nested) PreCommit(iface distsys.ArchetypeInterface) chan error {
	ch := make(chan error, 1)
	go func() {
		_, err := n.expect(iface, "precommit_req", "precommit_ack", tla.Value{})
		ch <- err
	}()
	return ch
}

// finish runs commit_req or abort_req, waiting without a time limit until the
// nested archetype answers, stops, the resource is closed or the context is
// stopped. Errors cannot be reported by the contract; they are logged.
func (n *nested) finish(iface distsys.ArchetypeInterface, req, ack string) chan struct{} {
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		n.mu.Lock()
		defer n.mu.Unlock()
		tpe, reply, err := n.call(req, tla.Value{}, 0, iface.Context().Done())
		switch {
		case err != nil && !errors.Is(err, ErrNestedArchetypeStopped) && !errors.Is(err, distsys.ErrCriticalSectionAborted):
			slog.Warn("nested archetype: bad reply", "request", req, "err", err)
		case err == nil && tpe != ack:
			slog.Warn("nested archetype: protocol error", "request", req, "reply", reply.String(), "want", ack)
		}
	}()
	return ch
}

// Commit sends commit_req and awaits commit_ack.
func (n *nested) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	return n.finish(iface, "commit_req", "commit_ack")
}

// Abort sends abort_req and awaits abort_ack.
func (n *nested) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	return n.finish(iface, "abort_req", "abort_ack")
}

// Close stops every nested context and waits for them; it is idempotent.
func (n *nested) Close() error {
	n.closeOnce.Do(func() {
		close(n.closed)
		var wg sync.WaitGroup
		for _, ctx := range n.ctxs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx.Stop()
			}()
		}
		wg.Wait()
		n.wg.Wait()
	})
	return nil
}
