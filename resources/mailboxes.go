package resources

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// MailboxKind says whether this process owns a mailbox or sends to it.
type MailboxKind int

const (
	MailboxesLocal  MailboxKind = iota // this process owns (listens for) the mailbox and reads it
	MailboxesRemote                    // this process writes to the mailbox, owned elsewhere
)

func (k MailboxKind) String() string {
	switch k {
	case MailboxesLocal:
		return "LocalMailbox"
	case MailboxesRemote:
		return "RemoteMailbox"
	}
	return fmt.Sprintf("MailboxKind(%d)", int(k))
}

// MailboxesAddressMappingFn maps a mailbox index to its kind and address.
type MailboxesAddressMappingFn func(tla.Value) (MailboxKind, string)

// Mailboxes is a map of mailboxes, net[i], indexed by any value. Reading
// net[self] (a local mailbox) dequeues; writing net[i] (a remote one)
// enqueues. See the package documentation for the model each constructor
// refines.
type Mailboxes struct {
	*IncMap
}

type mailboxesConfig struct {
	receiveChanSize int
	dialTimeout     time.Duration
	readTimeout     time.Duration
	writeTimeout    time.Duration
	localIndices    []tla.Value
	maxFrameSize    int
	abandon         func(index tla.Value) bool
}

// MailboxesOption configures mailboxes.
type MailboxesOption func(*mailboxesConfig)

// WithMailboxesReceiveChanSize sets how many committed batches a local
// mailbox buffers before senders block (100).
func WithMailboxesReceiveChanSize(s int) MailboxesOption {
	return func(c *mailboxesConfig) { c.receiveChanSize = s }
}

// WithMailboxesDialTimeout bounds connecting to a remote mailbox (1 s).
func WithMailboxesDialTimeout(t time.Duration) MailboxesOption {
	return func(c *mailboxesConfig) { c.dialTimeout = t }
}

// WithMailboxesReadTimeout bounds how long a read of an empty local mailbox
// waits before aborting the section (1 s).
func WithMailboxesReadTimeout(t time.Duration) MailboxesOption {
	return func(c *mailboxesConfig) { c.readTimeout = t }
}

// WithMailboxesWriteTimeout bounds each send and each wait for an ack (1 s).
func WithMailboxesWriteTimeout(t time.Duration) MailboxesOption {
	return func(c *mailboxesConfig) { c.writeTimeout = t }
}

// WithMailboxesLocalIndices (mpgo addition) creates these local mailboxes in
// the constructor, so they listen before any peer dials. A bind failure
// panics.
func WithMailboxesLocalIndices(indices ...tla.Value) MailboxesOption {
	return func(c *mailboxesConfig) { c.localIndices = append(c.localIndices, indices...) }
}

// WithMailboxesMaxFrameSize (mpgo addition) bounds one frame (64 MiB): a
// larger incoming frame closes its connection, a larger outgoing batch fails
// the section with an error.
func WithMailboxesMaxFrameSize(n int) MailboxesOption {
	return func(c *mailboxesConfig) { c.maxFrameSize = n }
}

// WithMailboxesAbandonWhen (mpgo addition) lets a strict remote mailbox give up
// a batch whose Commit cannot complete because its receiver crashed after
// acknowledging the prepare. Without it, Commit retries until acknowledged, so
// a sender whose receiver died in that window blocks forever in the commit of
// its section. With it, Commit stops retrying, and the section completes, once
// abandon(index) reports the mailbox's receiver crashed (checked after each
// failed attempt and every 50 ms while backing off); the batch is then lost, unless a commit sent
// before giving up reached the receiver, and the mailbox's next batch takes the
// next sequence number (so the receiver, should it be alive, discards the
// abandoned prepared batch instead of delivering it later). abandon is called from
// commit goroutines, so it must be safe for concurrent use. With a failure
// detector that reports only crashed processes (a perfect one), this refines
// the models' network, in which a message to a crashed process is never read.
func WithMailboxesAbandonWhen(abandon func(index tla.Value) bool) MailboxesOption {
	return func(c *mailboxesConfig) { c.abandon = abandon }
}

func newMailboxesConfig(opts []MailboxesOption) *mailboxesConfig {
	cfg := &mailboxesConfig{
		receiveChanSize: 100,
		dialTimeout:     time.Second,
		readTimeout:     time.Second,
		writeTimeout:    time.Second,
		maxFrameSize:    64 << 20,
	}
	for _, opt := range opts {
		opt(cfg)
	}
	return cfg
}

// newMailboxes builds mailboxes over a transport; relaxed selects the
// at-most-once sender. Every constructor (in-memory, TCP) is a call of it.
func newMailboxes(tr mailboxTransport, relaxed bool, addressMappingFn MailboxesAddressMappingFn, cfg *mailboxesConfig) *Mailboxes {
	locals := make(map[string]*localMailbox)
	fill := func(index tla.Value) distsys.ArchetypeResource {
		kind, addr := addressMappingFn(index)
		switch kind {
		case MailboxesLocal:
			if mb, ok := locals[addr]; ok {
				return mb
			}
			mb, err := newLocalMailbox(tr, addr, cfg)
			if err != nil {
				panic(fmt.Errorf("mailboxes: local mailbox %v at %s: %w", index, addr, err))
			}
			locals[addr] = mb
			return mb
		case MailboxesRemote:
			mb := newRemoteMailbox(tr, addr, relaxed, cfg)
			if cfg.abandon != nil {
				mb.abandoned = func() bool { return cfg.abandon(index) }
			}
			return mb
		}
		panic(fmt.Errorf("mailboxes: index %v: invalid mailbox kind %v", index, kind))
	}
	m := &Mailboxes{IncMap: NewIncMap(fill)}
	for _, index := range cfg.localIndices {
		if kind, _ := addressMappingFn(index); kind != MailboxesLocal {
			panic(fmt.Errorf("mailboxes: WithMailboxesLocalIndices: index %v maps to a %v", index, kind))
		}
		m.IncMap.child(index)
	}
	return m
}

// localIdentity is the address of the first local index: how an in-memory
// network recognises this process's outgoing connections for partitions.
func localIdentity(addressMappingFn MailboxesAddressMappingFn, cfg *mailboxesConfig) string {
	if len(cfg.localIndices) == 0 {
		return ""
	}
	_, addr := addressMappingFn(cfg.localIndices[0])
	return addr
}

// NewInMemoryMailboxes returns strict mailboxes over an in-memory network:
// exactly the semantics of TCP mailboxes, in one process, with fault
// injection. On the network, this process is identified by the address of its
// first local index (WithMailboxesLocalIndices), which Partition refers to.
func NewInMemoryMailboxes(network *InMemoryNetwork, addressMappingFn MailboxesAddressMappingFn, opts ...MailboxesOption) *Mailboxes {
	cfg := newMailboxesConfig(opts)
	tr := &memTransport{network: network, identity: localIdentity(addressMappingFn, cfg), maxFrameSize: cfg.maxFrameSize}
	return newMailboxes(tr, false, addressMappingFn, cfg)
}

// NewInMemoryRelaxedMailboxes returns relaxed (at-most-once) mailboxes over
// an in-memory network.
func NewInMemoryRelaxedMailboxes(network *InMemoryNetwork, addressMappingFn MailboxesAddressMappingFn, opts ...MailboxesOption) *Mailboxes {
	cfg := newMailboxesConfig(opts)
	tr := &memTransport{network: network, identity: localIdentity(addressMappingFn, cfg), maxFrameSize: cfg.maxFrameSize}
	return newMailboxes(tr, true, addressMappingFn, cfg)
}

// NewMailboxesLength returns len[i], a read-only view of the number of
// values receivable now from local mailbox i: the backlog's size, after
// moving one pending batch into an empty backlog. It is a lower bound and 0
// exactly when nothing is receivable now. Indexing a remote mailbox or
// writing panics.
func NewMailboxesLength(mailboxes *Mailboxes) distsys.ArchetypeResource {
	return NewIncMap(func(index tla.Value) distsys.ArchetypeResource {
		mb, ok := mailboxes.IncMap.child(index).(*localMailbox)
		if !ok {
			panic(fmt.Errorf("mailboxes length: index %v is not a local mailbox", index))
		}
		return &mailboxLength{mailbox: mb}
	})
}

type mailboxLength struct {
	distsys.ArchetypeResourceLeafMixin
	mailbox *localMailbox
}

func (l *mailboxLength) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	return tla.MakeNumber(int32(l.mailbox.available())), nil
}

func (l *mailboxLength) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	panic("mailboxes length: attempted to write a read-only length")
}

func (l *mailboxLength) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (l *mailboxLength) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (l *mailboxLength) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (l *mailboxLength) Close() error                                    { return nil }

// backoff is the bounded exponential backoff with jitter of commit retries:
// from 10 ms, doubling, capped at 1 s; each wait is uniform in [d/2, d].
type backoff struct{ d time.Duration }

const (
	backoffMin = 10 * time.Millisecond
	backoffMax = time.Second
)

func (b *backoff) next() time.Duration {
	if b.d == 0 {
		b.d = backoffMin
	}
	d := b.d
	b.d = min(2*b.d, backoffMax)
	return d/2 + rand.N(d/2+1)
}
