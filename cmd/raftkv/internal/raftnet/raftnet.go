// Package raftnet maps the identities of specs/raftkv.tla to the network: servers are the
// numbers 1..N, clients are strings "c/<host:port>/<nonce>" naming the address of their
// mailbox (so servers can answer clients they have never been told about) and a random
// nonce (so a client's identity, which the state machine uses to apply each request once,
// is never reused by a later client on the same port). It also builds the mailboxes and
// failure detectors both servers and clients bind to the archetypes.
package raftnet

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/config"
	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

const clientPrefix = "c/"

// NewClientID returns a fresh client identity for a client whose mailbox listens at addr.
func NewClientID(addr string) tla.Value {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return tla.MakeString(clientPrefix + addr + "/" + hex.EncodeToString(b[:]))
}

// ClientAddr returns the mailbox address of client identity id, or ok == false if id is not
// a client identity.
func ClientAddr(id tla.Value) (addr string, ok bool) {
	if !id.IsString() {
		return "", false
	}
	s, found := strings.CutPrefix(id.AsString(), clientPrefix)
	if !found {
		return "", false
	}
	i := strings.LastIndexByte(s, '/')
	if i <= 0 {
		return "", false
	}
	return s[:i], true
}

// ServerID returns the server number of id, or ok == false.
func ServerID(cfg *config.Config, id tla.Value) (int, bool) {
	if !id.IsNumber() {
		return 0, false
	}
	n := int(id.AsNumber())
	if n < 1 || n > cfg.N() {
		return 0, false
	}
	return n, true
}

// Mailboxes returns relaxed TCP mailboxes for one context: local is the identity whose
// mailbox this context owns and listens on at localAddr; a context that only sends passes
// an empty localAddr.
func Mailboxes(cfg *config.Config, local tla.Value, localAddr string) *resources.Mailboxes {
	opts := []resources.MailboxesOption{
		resources.WithMailboxesReadTimeout(cfg.Timeouts.MailboxRead),
		resources.WithMailboxesDialTimeout(cfg.Timeouts.MailboxDial),
		resources.WithMailboxesWriteTimeout(cfg.Timeouts.MailboxWrite),
		resources.WithMailboxesReceiveChanSize(1024),
	}
	hasLocal := localAddr != ""
	if hasLocal {
		opts = append(opts, resources.WithMailboxesLocalIndices(local))
	}
	return resources.NewRelaxedMailboxes(func(idx tla.Value) (resources.MailboxKind, string) {
		if hasLocal && idx.Equal(local) {
			return resources.MailboxesLocal, localAddr
		}
		if s, ok := ServerID(cfg, idx); ok {
			srv, _ := cfg.Server(s)
			return resources.MailboxesRemote, srv.Mailbox
		}
		if addr, ok := ClientAddr(idx); ok {
			return resources.MailboxesRemote, addr
		}
		panic(fmt.Errorf("raftnet: no mailbox for identity %v", idx))
	}, opts...)
}

// Detectors is the failure detection of one process, shared by its contexts (each gets
// its own handle, FD): servers are watched through their Monitors (a
// resources.SingleFailureDetector each, created at start so the grace period runs from
// the process start), clients by probing their mailbox address (a client whose port
// refuses connections is suspected). Both refine the model's UnreliableFD, which may
// answer anything: what matters in Go is that a send to a dead peer, which aborts the
// section (a relaxed mailbox dials at the first write), can be skipped.
type Detectors struct {
	cfg     *config.Config
	servers []*resources.SingleFailureDetector // index id-1

	mu      sync.Mutex
	clients map[string]*probe
}

type probe struct {
	at        time.Time
	suspected bool
}

// probeTTL is how long a client probe's result is reused; probeTimeout bounds one dial.
const (
	probeTTL     = time.Second
	probeTimeout = 200 * time.Millisecond
	maxProbes    = 4096
)

// NewDetectors starts watching every server but self (0 in a client process).
func NewDetectors(cfg *config.Config, self int) *Detectors {
	d := &Detectors{cfg: cfg, clients: map[string]*probe{}}
	for _, s := range cfg.Servers {
		if s.ID == self {
			d.servers = append(d.servers, nil)
			continue
		}
		d.servers = append(d.servers, resources.NewSingleFailureDetector(tla.MakeNumber(int32(s.ID)), s.Monitor,
			resources.WithFailureDetectorPullInterval(cfg.Timeouts.FDInterval),
			resources.WithFailureDetectorTimeout(cfg.Timeouts.FDTimeout),
			resources.WithFailureDetectorGracePeriod(cfg.Timeouts.FDGrace)))
	}
	return d
}

// Close stops the server detectors.
func (d *Detectors) Close() {
	for _, fd := range d.servers {
		if fd != nil {
			fd.Close()
		}
	}
}

// ServerAlive reports whether server id is not suspected (true for self).
func (d *Detectors) ServerAlive(id int) bool {
	if id < 1 || id > len(d.servers) || d.servers[id-1] == nil {
		return true
	}
	return d.servers[id-1].Alive()
}

func (d *Detectors) clientSuspected(addr string) bool {
	d.mu.Lock()
	p, ok := d.clients[addr]
	if ok && time.Since(p.at) < probeTTL {
		s := p.suspected
		d.mu.Unlock()
		return s
	}
	d.mu.Unlock()
	conn, err := net.DialTimeout("tcp", addr, probeTimeout)
	if err == nil {
		conn.Close()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.clients) >= maxProbes {
		for k, v := range d.clients {
			if time.Since(v.at) >= probeTTL {
				delete(d.clients, k)
			}
		}
	}
	d.clients[addr] = &probe{at: time.Now(), suspected: err != nil}
	return err != nil
}

// FD returns a handle for one context: fd[id] reads TRUE if id is suspected to have failed.
func (d *Detectors) FD() distsys.ArchetypeResource { return &fdMap{d: d} }

type fdMap struct {
	distsys.ArchetypeResourceMapMixin
	d *Detectors
}

func (m *fdMap) Index(_ distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	return &fdLeaf{d: m.d, id: index}, nil
}
func (m *fdMap) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (m *fdMap) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (m *fdMap) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (m *fdMap) Close() error                                    { return nil }

type fdLeaf struct {
	distsys.ArchetypeResourceLeafMixin
	d  *Detectors
	id tla.Value
}

func (l *fdLeaf) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	if s, ok := ServerID(l.d.cfg, l.id); ok {
		return tla.MakeBool(!l.d.ServerAlive(s)), nil
	}
	if addr, ok := ClientAddr(l.id); ok {
		return tla.MakeBool(l.d.clientSuspected(addr)), nil
	}
	return tla.MakeBool(true), nil // nobody: a send there can only be skipped
}
func (l *fdLeaf) WriteValue(distsys.ArchetypeInterface, tla.Value) error {
	panic("raftnet: attempted to write a failure detector")
}
func (l *fdLeaf) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (l *fdLeaf) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (l *fdLeaf) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (l *fdLeaf) Close() error                                    { return nil }
