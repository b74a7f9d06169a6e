package binding

import (
	"sync"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// Detectors are one failure detector per replica, shared by the contexts of a process
// (a SingleFailureDetector is safe for concurrent reads). Close them once every context
// using them has stopped.
type Detectors struct {
	fds []*resources.SingleFailureDetector // replica r at r-1
}

// NewDetectors starts watching every replica's AReplica context through its Monitor;
// a replica never seen alive is reported crashed once grace has passed.
func NewDetectors(cfg *config.Config, grace time.Duration) *Detectors {
	t := cfg.Timeouts
	d := &Detectors{fds: make([]*resources.SingleFailureDetector, cfg.N())}
	for r := 1; r <= cfg.N(); r++ {
		d.fds[r-1] = resources.NewSingleFailureDetector(ReplicaID(r), cfg.MonitorAddr(r),
			resources.WithFailureDetectorPullInterval(t.FDInterval),
			resources.WithFailureDetectorTimeout(t.FDTimeout),
			resources.WithFailureDetectorGracePeriod(grace))
	}
	return d
}

// Alive reports whether replica r is currently not suspected.
func (d *Detectors) Alive(r int) bool { return d.fds[r-1].Alive() }

// Close stops every detector.
func (d *Detectors) Close() {
	for _, fd := range d.fds {
		_ = fd.Close()
	}
}

// FDMap is the fd[_] parameter of one context: fd[r] for a replica r is the shared
// detector of r; fd[c] for a client session c (only if the map watches clients) is a
// detector of c created when c is first indexed, so that its grace period starts when the
// replica first answers c (specs/pbkvs.tla); every other index reads TRUE (crashed), so
// a replica never answers a malformed client id. Detectors of client sessions that have
// been reported crashed for a while are stopped and forgotten.
type FDMap struct {
	distsys.ArchetypeResourceMapMixin
	cfg      *config.Config
	replicas *Detectors
	clients  bool
	crashed  *resources.Dummy

	mu       sync.Mutex
	sessions map[string]*session
	stop     chan struct{}
	done     chan struct{}
	once     sync.Once
}

type session struct {
	fd        *resources.SingleFailureDetector
	suspected time.Time // when the reaper first saw it suspected (zero: not suspected)
}

var _ distsys.ArchetypeResource = (*FDMap)(nil)

// Reaping of client-session detectors.
const (
	reapInterval = 5 * time.Second
	reapAfter    = time.Minute
)

// NewFDMap returns fd[_] over the shared replica detectors; watchClients adds detectors
// of client sessions (the replicas' fd).
func NewFDMap(cfg *config.Config, replicas *Detectors, watchClients bool) *FDMap {
	m := &FDMap{
		cfg:      cfg,
		replicas: replicas,
		clients:  watchClients,
		crashed:  resources.NewDummy(resources.WithDummyValue(tla.ModuleTRUE)),
		sessions: make(map[string]*session),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	if watchClients {
		go m.reap()
	} else {
		close(m.done)
	}
	return m
}

// Index returns the detector of id.
func (m *FDMap) Index(_ distsys.ArchetypeInterface, id tla.Value) (distsys.ArchetypeResource, error) {
	if r, ok := AsReplica(m.cfg, id); ok {
		return m.replicas.fds[r-1], nil
	}
	if !m.clients {
		return m.crashed, nil
	}
	slot, ok := AsClient(m.cfg, id)
	if !ok {
		return m.crashed, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id.AsString()]
	if !ok {
		t := m.cfg.Timeouts
		s = &session{fd: resources.NewSingleFailureDetector(id, m.cfg.ClientMonitorAddr(slot),
			resources.WithFailureDetectorPullInterval(t.ClientFDInterval),
			resources.WithFailureDetectorTimeout(t.FDTimeout),
			resources.WithFailureDetectorGracePeriod(t.ClientFDGrace))}
		m.sessions[id.AsString()] = s
	}
	return s.fd, nil
}

// reap stops the detectors of client sessions suspected for reapAfter: such a session has
// ended (its process is gone or runs a new session in its slot). Should the replica need
// it again, Index starts a new detector.
func (m *FDMap) reap() {
	defer close(m.done)
	ticker := time.NewTicker(reapInterval)
	defer ticker.Stop()
	for {
		select {
		case <-m.stop:
			return
		case now := <-ticker.C:
			var stale []*resources.SingleFailureDetector
			m.mu.Lock()
			for id, s := range m.sessions {
				switch {
				case s.fd.Alive():
					s.suspected = time.Time{}
				case s.suspected.IsZero():
					s.suspected = now
				case now.Sub(s.suspected) >= reapAfter:
					stale = append(stale, s.fd)
					delete(m.sessions, id)
				}
			}
			m.mu.Unlock()
			for _, fd := range stale {
				_ = fd.Close()
			}
		}
	}
}

// Sessions returns the number of client sessions watched.
func (m *FDMap) Sessions() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sessions)
}

// PreCommit does nothing: detectors are observations, not transactional state.
func (m *FDMap) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit does nothing.
func (m *FDMap) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }

// Abort does nothing.
func (m *FDMap) Abort(distsys.ArchetypeInterface) chan struct{} { return nil }

// Close stops the client-session detectors; the shared replica detectors belong to the
// caller of NewDetectors. It is idempotent.
func (m *FDMap) Close() error {
	m.once.Do(func() {
		close(m.stop)
		<-m.done
		m.mu.Lock()
		sessions := m.sessions
		m.sessions = map[string]*session{}
		m.mu.Unlock()
		for _, s := range sessions {
			_ = s.fd.Close()
		}
	})
	return nil
}

// Crashed reports whether the process behind id is reported crashed: a replica by its
// shared detector, a client session by its detector (false if the map has none yet). Any
// other id is reported crashed. It is safe for concurrent use.
func (m *FDMap) Crashed(id tla.Value) bool {
	if r, ok := AsReplica(m.cfg, id); ok {
		return !m.replicas.Alive(r)
	}
	if _, ok := AsClient(m.cfg, id); !ok || !m.clients {
		return !ok
	}
	m.mu.Lock()
	s, ok := m.sessions[id.AsString()]
	m.mu.Unlock()
	return ok && !s.fd.Alive()
}

// AbandonWhenCrashed returns the mailboxes option that gives up a commit to a mailbox
// whose owner crashed after acknowledging its prepare
// (resources.WithMailboxesAbandonWhen). Indices are <<node, kind>> (pbkvs) or a replica
// id (leader election).
func (m *FDMap) AbandonWhenCrashed() resources.MailboxesOption {
	return resources.WithMailboxesAbandonWhen(func(idx tla.Value) bool {
		if isPair(idx) {
			idx = idx.ApplyFunction(tla.MakeNumber(1))
		}
		return m.Crashed(idx)
	})
}
