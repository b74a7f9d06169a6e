package binding

import (
	"log/slog"
	"sync"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// Asynchronous answers.
//
// A strict TCP mailbox write costs its section two round trips (prepare, then commit,
// each acknowledged), and the primary answers the requests of a batch one section each,
// so the round trips to the clients would bound its throughput. A replica therefore hands
// the answers it writes to net[<<c, "resp">>] to a per-client sender goroutine at the
// commit of the section, and the section completes at once. Each sender delivers its
// client's answers in order over a strict mailbox of its own (so exactly once while the
// client lives), retrying until they are acknowledged or the failure detector reports
// the client crashed.
//
// Refinement. An answer handed over is in the network, delivered later (a network delay).
// The one difference from a strict write is that answers still queued when the replica
// crashes are lost, whereas in specs/pbkvs.tla a crashed replica's messages stay
// deliverable. That loses nothing the model relies on: a client reads its mailbox in
// receive only when fd[prim] is FALSE, so once the primary's crash is detected the model
// client resends the request (same id) to the next replica without reading, and an answer
// the new primary gives is one the model allows too (the done table keeps a retried put
// from being applied twice; a retried get executes again at the new primary). An answer
// delivered late, after the crash but before its detection, is one the model client
// reads before the crash step (detection delay is stuttering).

// asyncIdle is how long a sender with nothing to send waits before exiting.
const asyncIdle = 30 * time.Second

// asyncResponses manages the senders of one replica.
type asyncResponses struct {
	cfg     *config.Config
	opts    []resources.MailboxesOption
	crashed func(client tla.Value) bool
	log     *slog.Logger

	mu      sync.Mutex
	senders map[string]*asyncSender
	closed  bool
	wg      sync.WaitGroup
}

func newAsyncResponses(cfg *config.Config, crashed func(tla.Value) bool, log *slog.Logger, opts ...resources.MailboxesOption) *asyncResponses {
	return &asyncResponses{cfg: cfg, opts: opts, crashed: crashed, log: log, senders: make(map[string]*asyncSender)}
}

// asyncSender delivers the answers of one client session, in order.
type asyncSender struct {
	a      *asyncResponses
	client tla.Value
	idx    tla.Value
	addr   string

	mu    sync.Mutex
	queue []tla.Value
	wake  chan struct{} // capacity 1
	stop  chan struct{}
	exit  bool // set (under a.mu) when the goroutine is exiting
}

// enqueue hands values (the answers of one committed section) to client's sender.
func (a *asyncResponses) enqueue(client tla.Value, values []tla.Value) {
	key := client.AsString()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	s := a.senders[key]
	if s == nil {
		addr, _, _ := mailboxAddr(a.cfg, Index(client, KindResp))
		s = &asyncSender{a: a, client: client, idx: Index(client, KindResp), addr: addr,
			wake: make(chan struct{}, 1), stop: make(chan struct{})}
		a.senders[key] = s
		a.wg.Add(1)
		go s.run()
	}
	s.mu.Lock()
	s.queue = append(s.queue, values...)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// close stops every sender, abandoning undelivered answers (as a crash would).
func (a *asyncResponses) close() {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	a.closed = true
	for _, s := range a.senders {
		close(s.stop)
	}
	a.mu.Unlock()
	a.wg.Wait()
}

func (s *asyncSender) take() []tla.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queue
	s.queue = nil
	return q
}

func (s *asyncSender) run() {
	defer s.a.wg.Done()
	addr := s.addr
	mb := resources.NewTCPMailboxes(func(tla.Value) (resources.MailboxKind, string) {
		return resources.MailboxesRemote, addr
	}, append(s.a.opts, resources.WithMailboxesAbandonWhen(func(tla.Value) bool { return s.a.crashed(s.client) }))...)
	defer mb.Close()
	idle := time.NewTimer(asyncIdle)
	defer idle.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-s.wake:
		case <-idle.C:
			// Exit unless answers arrived meanwhile (enqueue holds a.mu while queueing).
			s.a.mu.Lock()
			s.mu.Lock()
			empty := len(s.queue) == 0
			s.mu.Unlock()
			if empty {
				delete(s.a.senders, s.client.AsString())
				s.a.mu.Unlock()
				return
			}
			s.a.mu.Unlock()
		}
		if batch := s.take(); len(batch) > 0 {
			s.deliver(mb, batch)
		}
		if !idle.Stop() {
			select {
			case <-idle.C:
			default:
			}
		}
		idle.Reset(asyncIdle)
	}
}

// deliver sends batch as one strict mailbox batch, retrying until it is committed or the
// client is reported crashed (then the answers are dropped: nobody will read them).
func (s *asyncSender) deliver(mb *resources.Mailboxes, batch []tla.Value) {
	var iface distsys.ArchetypeInterface // no context: the mailboxes use none
	delay := 10 * time.Millisecond
	for {
		if s.a.crashed(s.client) {
			return
		}
		child, err := mb.Index(iface, s.idx)
		if err != nil {
			s.a.log.Error("answer sender", "client", s.client.String(), "err", err)
			return
		}
		for _, v := range batch {
			_ = child.WriteValue(iface, v) // buffers; never fails
		}
		if ch := mb.PreCommit(iface); ch != nil {
			if err := <-ch; err != nil {
				if ch := mb.Abort(iface); ch != nil {
					<-ch
				}
				timer := time.NewTimer(delay)
				select {
				case <-timer.C:
				case <-s.stop:
					timer.Stop()
					return
				}
				delay = min(2*delay, time.Second)
				continue
			}
		}
		if ch := mb.Commit(iface); ch != nil {
			// Done once acknowledged or abandoned (client crashed); on stop, run's
			// deferred Close of the mailboxes ends the commit.
			select {
			case <-ch:
			case <-s.stop:
			}
		}
		return
	}
}
