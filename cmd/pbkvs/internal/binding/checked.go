package binding

import (
	"log/slog"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// CheckedMailboxes wraps the net parameter of a context so that a local mailbox never
// yields a message the generated code cannot handle. The mailboxes already drop frames
// that are oversize, undecodable or outside their protocol; a frame that follows the
// protocol but carries a value of the wrong shape (a request without an id, say) would
// make the generated code panic on a TLA+ type error and stop the process. Such a value
// is replaced by an inert message of the right shape that the archetype ignores: a get
// from a client id the failure detector reports crashed (never answered), a replication
// message of epoch -1 (below every accepted epoch), an acknowledgement of epoch -1, or an
// answer with id 0 (no request has it). In the model these values are simply never sent:
// the network delivers only messages of the protocol.
//
// On a replica (WithAsyncAnswers), writes to clients' response mailboxes are
// asynchronous: see async.go.
type CheckedMailboxes struct {
	*resources.Mailboxes
	cfg  *config.Config
	self tla.Value
	log  *slog.Logger

	async   *asyncResponses
	touched []*asyncChild // async writes of the current attempt
}

// CheckedOption configures NewCheckedMailboxes.
type CheckedOption func(*CheckedMailboxes)

// WithAsyncAnswers makes writes to clients' response mailboxes asynchronous (async.go):
// crashed reports whether a client session crashed (FDMap.Crashed), opts configure the
// senders' mailboxes.
func WithAsyncAnswers(crashed func(tla.Value) bool, opts ...resources.MailboxesOption) CheckedOption {
	return func(m *CheckedMailboxes) { m.async = newAsyncResponses(m.cfg, crashed, m.log, opts...) }
}

// NewCheckedMailboxes wraps mb, the net parameter of the context whose node is self.
func NewCheckedMailboxes(cfg *config.Config, self tla.Value, mb *resources.Mailboxes, log *slog.Logger, opts ...CheckedOption) *CheckedMailboxes {
	m := &CheckedMailboxes{Mailboxes: mb, cfg: cfg, self: self, log: log}
	for _, opt := range opts {
		opt(m)
	}
	return m
}

// asyncChild is net[<<c, "resp">>] on a replica with asynchronous answers.
type asyncChild struct {
	distsys.ArchetypeResourceLeafMixin
	client tla.Value
	buffer []tla.Value
}

func (c *asyncChild) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	panic("mailboxes: attempted to read a client's response mailbox on a replica")
}
func (c *asyncChild) WriteValue(_ distsys.ArchetypeInterface, v tla.Value) error {
	c.buffer = append(c.buffer, v)
	return nil
}
func (c *asyncChild) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (c *asyncChild) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (c *asyncChild) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (c *asyncChild) Close() error                                    { return nil }

// PreCommit prepares the synchronous writes; asynchronous answers need nothing.
func (m *CheckedMailboxes) PreCommit(iface distsys.ArchetypeInterface) chan error {
	return m.Mailboxes.PreCommit(iface)
}

// Commit commits the synchronous writes and hands the asynchronous answers to their
// senders.
func (m *CheckedMailboxes) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	for _, c := range m.touched {
		if len(c.buffer) > 0 {
			m.async.enqueue(c.client, c.buffer)
		}
	}
	m.touched = nil
	return m.Mailboxes.Commit(iface)
}

// Abort drops the attempt's writes.
func (m *CheckedMailboxes) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	m.touched = nil
	return m.Mailboxes.Abort(iface)
}

// Close stops the answer senders and closes the mailboxes.
func (m *CheckedMailboxes) Close() error {
	if m.async != nil {
		m.async.close()
	}
	return m.Mailboxes.Close()
}

// Index returns net[idx]; a local mailbox of self is wrapped in a shape check.
func (m *CheckedMailboxes) Index(iface distsys.ArchetypeInterface, idx tla.Value) (distsys.ArchetypeResource, error) {
	if m.async != nil {
		if _, node, ok := mailboxAddr(m.cfg, idx); ok && node.IsString() && !node.Equal(m.self) {
			for _, c := range m.touched {
				if c.client.Equal(node) {
					return c, nil
				}
			}
			c := &asyncChild{client: node}
			m.touched = append(m.touched, c)
			return c, nil
		}
	}
	child, err := m.Mailboxes.Index(iface, idx)
	if err != nil || !isPair(idx) || !idx.ApplyFunction(tla.MakeNumber(1)).Equal(m.self) {
		return child, err
	}
	kind := idx.ApplyFunction(tla.MakeNumber(2))
	if !kind.IsString() {
		return child, nil
	}
	c := &checkedMailbox{inner: child, log: m.log, kind: kind.AsString()}
	switch c.kind {
	case KindReq:
		c.valid, c.inert = func(v tla.Value) bool { return ValidRequest(m.cfg, v) }, inertRequest
	case KindRep:
		c.valid, c.inert = func(v tla.Value) bool { return validReplication(m.cfg, v) }, inertReplication
	case KindAck:
		c.valid, c.inert = func(v tla.Value) bool { return validAck(m.cfg, v) }, inertAck
	case KindResp:
		c.valid = func(v tla.Value) bool {
			_, ok := ParseAnswer(v)
			return ok
		}
		c.inert = func() tla.Value { return inertAnswer(m.self) }
		// An answer to another session (a late answer to an earlier session in the same
		// client slot, re-sent by a replica whose commit had not been acknowledged) is not
		// for this client, whatever its id: expected, so logged at debug level only.
		c.foreign = func(v tla.Value) bool {
			to, ok := field(v, "to")
			return !ok || !to.Equal(m.self)
		}
	default:
		return child, nil
	}
	return c, nil
}

// checkedMailbox is a local mailbox whose reads are shape-checked. The commit-phase calls
// go through the parent Mailboxes, which tracks the inner mailbox.
type checkedMailbox struct {
	distsys.ArchetypeResourceLeafMixin
	inner   distsys.ArchetypeResource
	log     *slog.Logger
	kind    string
	valid   func(tla.Value) bool
	inert   func() tla.Value
	foreign func(tla.Value) bool // optional: a well-formed message not for this node
}

func (c *checkedMailbox) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	v, err := c.inner.ReadValue(iface)
	if err != nil {
		return v, err
	}
	if !c.valid(v) {
		c.log.Warn("dropping a malformed message", "mailbox", c.kind, "value", abbrev(v.String()))
		return c.inert(), nil
	}
	if c.foreign != nil && c.foreign(v) {
		c.log.Debug("dropping a message for another session", "mailbox", c.kind, "value", abbrev(v.String()))
		return c.inert(), nil
	}
	return v, nil
}

func (c *checkedMailbox) WriteValue(iface distsys.ArchetypeInterface, v tla.Value) error {
	return c.inner.WriteValue(iface, v)
}
func (c *checkedMailbox) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (c *checkedMailbox) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (c *checkedMailbox) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (c *checkedMailbox) Close() error                                    { return nil }

func abbrev(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// field returns v.name, or false if v is not a record with that field.
func field(v tla.Value, name string) (tla.Value, bool) {
	if !v.IsFunction() {
		return tla.Value{}, false
	}
	// LookupFunction, not AsFunction, which builds a persistent map per message.
	return v.LookupFunction(tla.MakeString(name))
}

func numberField(v tla.Value, name string) bool {
	f, ok := field(v, name)
	return ok && f.IsNumber()
}

func replicaField(cfg *config.Config, v tla.Value, name string) bool {
	f, ok := field(v, name)
	if !ok {
		return false
	}
	_, ok = AsReplica(cfg, f)
	return ok
}

// ValidRequest reports whether v is a client request the primary can execute and answer:
// [from |-> a client session id, id |-> n >= 1, op |-> "put" or "get", key |-> a string,
// value |-> a string for a put].
func ValidRequest(cfg *config.Config, v tla.Value) bool {
	from, ok := field(v, "from")
	if !ok {
		return false
	}
	if _, ok := AsClient(cfg, from); !ok {
		return false
	}
	id, ok := field(v, "id")
	if !ok || !id.IsNumber() || id.AsNumber() < 1 {
		return false
	}
	key, ok := field(v, "key")
	if !ok || !key.IsString() {
		return false
	}
	op, ok := field(v, "op")
	if !ok || !op.IsString() {
		return false
	}
	value, ok := field(v, "value")
	if !ok {
		return false
	}
	switch op.AsString() {
	case "put":
		return value.IsString()
	case "get":
		return true
	}
	return false
}

func inertRequest() tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("from"), Value: tla.MakeString("invalid")},
		{Key: tla.MakeString("id"), Value: tla.MakeNumber(1)},
		{Key: tla.MakeString("op"), Value: tla.MakeString("get")},
		{Key: tla.MakeString("key"), Value: tla.MakeString("")},
		{Key: tla.MakeString("value"), Value: Null},
	})
}

// validReplication checks [from, epoch, seq, full, body] with body a state
// [kv |-> key -> string, done |-> client -> number].
func validReplication(cfg *config.Config, v tla.Value) bool {
	if !replicaField(cfg, v, "from") || !numberField(v, "epoch") || !numberField(v, "seq") {
		return false
	}
	full, ok := field(v, "full")
	if !ok || !full.IsBool() {
		return false
	}
	body, ok := field(v, "body")
	if !ok {
		return false
	}
	kv, ok := field(body, "kv")
	if !ok || !kv.IsFunction() {
		return false
	}
	done, ok := field(body, "done")
	if !ok || !done.IsFunction() {
		return false
	}
	return allValues(kv, tla.Value.IsString) && allValues(done, tla.Value.IsNumber)
}

// allValues reports whether every value of the function f satisfies ok.
func allValues(f tla.Value, ok func(tla.Value) bool) bool {
	for _, k := range f.SortedKeys() {
		if !ok(f.ApplyFunction(k)) {
			return false
		}
	}
	return true
}

func inertReplication() tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("from"), Value: tla.MakeNumber(0)},
		{Key: tla.MakeString("epoch"), Value: tla.MakeNumber(-1)},
		{Key: tla.MakeString("seq"), Value: tla.MakeNumber(0)},
		{Key: tla.MakeString("full"), Value: tla.ModuleFALSE},
		{Key: tla.MakeString("body"), Value: tla.MakeRecord([]tla.RecordField{
			{Key: tla.MakeString("kv"), Value: tla.MakeRecord(nil)},
			{Key: tla.MakeString("done"), Value: tla.MakeRecord(nil)},
		})},
	})
}

func validAck(cfg *config.Config, v tla.Value) bool {
	return replicaField(cfg, v, "from") && numberField(v, "epoch") && numberField(v, "seq")
}

func inertAck() tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("from"), Value: tla.MakeNumber(0)},
		{Key: tla.MakeString("epoch"), Value: tla.MakeNumber(-1)},
		{Key: tla.MakeString("seq"), Value: tla.MakeNumber(-1)},
	})
}

func inertAnswer(self tla.Value) tla.Value {
	return tla.MakeRecord([]tla.RecordField{
		{Key: tla.MakeString("from"), Value: tla.MakeNumber(0)},
		{Key: tla.MakeString("to"), Value: self},
		{Key: tla.MakeString("id"), Value: tla.MakeNumber(0)},
		{Key: tla.MakeString("value"), Value: Null},
	})
}
