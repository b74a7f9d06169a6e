package kvtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Outcome is what is known about the effect of a recorded operation.
type Outcome uint8

// Outcomes of recorded operations.
const (
	// OutcomePending: invoked, no response recorded (yet). For checking, a pending Put is
	// treated like OutcomeUnknown and a pending Get is ignored.
	OutcomePending Outcome = iota
	// OutcomeOK: the operation completed and its result is known.
	OutcomeOK
	// OutcomeUnknown: the operation returned an error; a Put may or may not have taken
	// effect, at any time after its invocation.
	OutcomeUnknown
	// OutcomeFailed: the operation definitely had no effect (a Get that returned an error,
	// or a Put whose error wraps ErrNotApplied).
	OutcomeFailed
)

func (o Outcome) String() string {
	switch o {
	case OutcomePending:
		return "pending"
	case OutcomeOK:
		return "ok"
	case OutcomeUnknown:
		return "unknown"
	case OutcomeFailed:
		return "failed"
	}
	return fmt.Sprintf("outcome(%d)", uint8(o))
}

// HistoryOp is one recorded operation.
type HistoryOp struct {
	ID     int    // index in the history
	Client int    // the recording client's id
	Kind   OpKind // OpGet or OpPut
	Key    string
	// Value is the value written by a Put, or the value read by a successful Get that
	// found the key.
	Value   string
	Found   bool // for a successful Get: whether the key had a value
	Outcome Outcome
	Err     string // the error's text, if the operation returned one
	// Call and Return are the times of invocation and response, measured on the monotonic
	// clock from the creation of the history. Return is meaningless while pending.
	Call   time.Duration
	Return time.Duration
}

func (op HistoryOp) String() string {
	var s string
	switch op.Kind {
	case OpPut:
		s = fmt.Sprintf("put(%q, %q)", op.Key, abbrev(op.Value))
	case OpGet:
		s = fmt.Sprintf("get(%q)", op.Key)
		if op.Outcome == OutcomeOK {
			if op.Found {
				s += fmt.Sprintf(" -> %q", abbrev(op.Value))
			} else {
				s += " -> not found"
			}
		}
	default:
		s = op.Kind.String()
	}
	s = fmt.Sprintf("#%d client %d %s [%v", op.ID, op.Client, s, op.Call)
	if op.Outcome == OutcomePending {
		return s + ", pending]"
	}
	s += fmt.Sprintf(", %v] %s", op.Return, op.Outcome)
	if op.Err != "" {
		s += ": " + op.Err
	}
	return s
}

// abbrev shortens long values for messages.
func abbrev(v string) string {
	const n = 24
	if len(v) <= n {
		return v
	}
	return v[:n] + "…"
}

// History records the operations of concurrent clients for the checkers. It is safe for
// concurrent use. Record operations with [RecordingClient], or with Invoke and the
// matching Return* call.
type History struct {
	start time.Time
	mu    sync.Mutex
	ops   []HistoryOp
}

// NewHistory returns an empty history whose clock starts now.
func NewHistory() *History { return &History{start: time.Now()} }

func (h *History) now() time.Duration { return time.Since(h.start) }

// Invoke records the invocation of an operation and returns its id. Call it just before
// sending the request. For a Put, value is the value written; for a Get it is ignored.
func (h *History) Invoke(client int, kind OpKind, key, value string) int {
	if kind != OpPut {
		value = ""
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	id := len(h.ops)
	h.ops = append(h.ops, HistoryOp{ID: id, Client: client, Kind: kind, Key: key, Value: value, Call: h.now()})
	return id
}

// ReturnGet records the response of the Get with the given id.
func (h *History) ReturnGet(id int, value string, found bool, err error) {
	t := h.now()
	h.mu.Lock()
	defer h.mu.Unlock()
	op := &h.ops[id]
	op.Return = t
	if err != nil {
		op.Outcome, op.Err = OutcomeFailed, err.Error()
		return
	}
	op.Outcome, op.Found = OutcomeOK, found
	if found {
		op.Value = value
	}
}

// ReturnPut records the response of the Put with the given id.
func (h *History) ReturnPut(id int, err error) {
	t := h.now()
	h.mu.Lock()
	defer h.mu.Unlock()
	op := &h.ops[id]
	op.Return = t
	switch {
	case err == nil:
		op.Outcome = OutcomeOK
	case errors.Is(err, ErrNotApplied):
		op.Outcome, op.Err = OutcomeFailed, err.Error()
	default:
		op.Outcome, op.Err = OutcomeUnknown, err.Error()
	}
}

// Ops returns a copy of the operations recorded so far, in invocation order.
func (h *History) Ops() []HistoryOp {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]HistoryOp(nil), h.ops...)
}

// Len returns the number of operations recorded so far.
func (h *History) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.ops)
}

// RecordingClient wraps a Client and records every call into a History.
type RecordingClient struct {
	c  Client
	h  *History
	id int
}

// NewRecordingClient returns a Client that forwards to c and records every Get and Put in
// h under client id id. For readable visualizations give each goroutine its own id.
func NewRecordingClient(c Client, h *History, id int) *RecordingClient {
	return &RecordingClient{c: c, h: h, id: id}
}

// Get forwards to the wrapped client and records the call.
func (r *RecordingClient) Get(ctx context.Context, key string) (string, bool, error) {
	id := r.h.Invoke(r.id, OpGet, key, "")
	v, found, err := r.c.Get(ctx, key)
	r.h.ReturnGet(id, v, found, err)
	return v, found, err
}

// Put forwards to the wrapped client and records the call.
func (r *RecordingClient) Put(ctx context.Context, key, value string) error {
	id := r.h.Invoke(r.id, OpPut, key, value)
	err := r.c.Put(ctx, key, value)
	r.h.ReturnPut(id, err)
	return err
}

// Close closes the wrapped client.
func (r *RecordingClient) Close() error { return r.c.Close() }
