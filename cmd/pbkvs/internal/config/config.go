// Package config reads and validates the YAML configuration of a pbkvs cluster and maps the
// ids of specs/pbkvs.tla (replicas 1..N, client ids) to network addresses.
package config

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/mpgo/mpgo/internal/yamlconfig"
	"gopkg.in/yaml.v3"
)

// Ports a replica uses, as offsets from its mailbox port (Replica.Mailbox).
const (
	OffsetReq      = 0 // net[<<r, "req">>]: client requests
	OffsetRep      = 1 // net[<<r, "rep">>]: replication messages
	OffsetAck      = 2 // net[<<r, "ack">>]: acknowledgements of replication messages
	OffsetElection = 3 // the leader-election mailbox net[r] of gen/leaderelection
	// MailboxPorts is the number of consecutive ports from Replica.Mailbox.
	MailboxPorts = 4
)

// Config is a pbkvs cluster: its replicas, where clients listen, and the tuning knobs.
type Config struct {
	// Replicas are the replicas 1..N, in any order in the file, sorted by id after Parse.
	Replicas []Replica `yaml:"replicas"`
	// Clients says where client processes listen.
	Clients Clients `yaml:"clients"`
	// Batch is the spec's BATCH: the most client requests the primary takes in one step.
	Batch int `yaml:"batch"`
	// DataDir, if set, makes each replica keep its state in DataDir/replica-<id> (bbolt),
	// so that a cluster stopped as a whole and restarted keeps its data.
	DataDir string `yaml:"data_dir"`
	// AsyncAnswers makes replicas send their answers to clients from background senders
	// instead of within the answering step (see the README); default true.
	AsyncAnswers bool     `yaml:"async_answers"`
	Timeouts     Timeouts `yaml:"timeouts"`
}

// Replica is one replica's addresses.
type Replica struct {
	ID int `yaml:"id"`
	// Mailbox is host:port; the replica listens on MailboxPorts consecutive ports from port
	// (see the Offset constants).
	Mailbox string `yaml:"mailbox"`
	// Monitor is the host:port of the replica process's resources.Monitor, which failure
	// detectors poll.
	Monitor string `yaml:"monitor"`
}

// Clients is the address range client processes use. A client process runs one AClient
// context per concurrent client, each in a slot 0..Count-1: slot k listens for responses
// on FirstPort+2k and runs its Monitor on FirstPort+2k+1.
type Clients struct {
	Host      string `yaml:"host"`
	FirstPort int    `yaml:"first_port"`
	Count     int    `yaml:"count"`
}

// Timeouts are the durations of the resources and the client (YAML: "100ms", "2s", ...).
type Timeouts struct {
	// FDInterval is the pause between two polls of a peer's monitor.
	FDInterval time.Duration `yaml:"fd_interval"`
	// FDTimeout bounds one poll; a live peer must answer within it (the perfect failure
	// detector's timing assumption).
	FDTimeout time.Duration `yaml:"fd_timeout"`
	// FDGrace is how long a replica treats a peer it has never seen alive as alive: every
	// replica must start within it.
	FDGrace time.Duration `yaml:"fd_grace"`
	// ClientFDGrace is FDGrace for client processes, which join a running cluster: a replica
	// that is down when the client starts is reported crashed after it. Replicas also use it
	// for the detector of each client session, which starts when they first answer it.
	ClientFDGrace time.Duration `yaml:"client_fd_grace"`
	// ClientFDInterval is FDInterval for the replicas' detectors of client sessions: it
	// bounds how long a primary keeps retrying an answer to a client that crashed.
	ClientFDInterval time.Duration `yaml:"client_fd_interval"`
	// MailboxRead bounds a wait on an empty mailbox before the critical section is retried;
	// it bounds how long a replica holds its leader-view lock.
	MailboxRead time.Duration `yaml:"mailbox_read"`
	// ElectionRead is MailboxRead for the leader-election mailboxes.
	ElectionRead time.Duration `yaml:"election_read"`
	// MailboxDial bounds connecting to a peer's mailbox.
	MailboxDial time.Duration `yaml:"mailbox_dial"`
	// MailboxWrite bounds each send and each wait for a mailbox acknowledgement.
	MailboxWrite time.Duration `yaml:"mailbox_write"`
	// Lock bounds the wait for the leader-view lock shared by a replica's two contexts; it
	// must exceed MailboxRead.
	Lock time.Duration `yaml:"lock"`
	// Request bounds a client request when the caller sets no deadline.
	Request time.Duration `yaml:"request"`
}

// Defaults returns the default tuning: loopback-friendly timeouts and BATCH 32.
func Defaults() Config {
	return Config{
		Batch:        32,
		AsyncAnswers: true,
		Clients: Clients{
			Host:  "127.0.0.1",
			Count: 64,
		},
		Timeouts: Timeouts{
			FDInterval:       100 * time.Millisecond,
			FDTimeout:        2 * time.Second,
			FDGrace:          10 * time.Second,
			ClientFDGrace:    2 * time.Second,
			ClientFDInterval: 500 * time.Millisecond,
			MailboxRead:      50 * time.Millisecond,
			ElectionRead:     20 * time.Millisecond,
			MailboxDial:      500 * time.Millisecond,
			MailboxWrite:     time.Second,
			Lock:             500 * time.Millisecond,
			Request:          10 * time.Second,
		},
	}
}

// Load reads and validates the configuration file at path.
func Load(path string) (*Config, error) { return yamlconfig.Load(path, Defaults()) }

// Parse decodes a YAML configuration over Defaults and validates it. Unknown keys are
// errors, so that a misspelt knob is not silently ignored.
func Parse(data []byte) (*Config, error) { return yamlconfig.Parse(data, Defaults()) }

// Marshal returns cfg as YAML that Parse accepts.
func (c *Config) Marshal() ([]byte, error) {
	return yaml.Marshal(c)
}

// Validate checks that the replica ids are exactly 1..N, that every address is well formed
// and that no two listeners share a port; it sorts Replicas by id.
func (c *Config) Validate() error {
	n := len(c.Replicas)
	if n == 0 {
		return errors.New("no replicas")
	}
	byID := make([]*Replica, n+1)
	for i := range c.Replicas {
		r := &c.Replicas[i]
		if r.ID < 1 || r.ID > n {
			return fmt.Errorf("replica id %d: the ids of %d replicas must be 1..%d", r.ID, n, n)
		}
		if byID[r.ID] != nil {
			return fmt.Errorf("replica id %d appears twice", r.ID)
		}
		byID[r.ID] = r
	}
	sorted := make([]Replica, n)
	for id := 1; id <= n; id++ {
		sorted[id-1] = *byID[id]
	}
	c.Replicas = sorted

	ports := portSet{}
	for _, r := range c.Replicas {
		host, port, err := splitHostPort(r.Mailbox)
		if err != nil {
			return fmt.Errorf("replica %d: mailbox: %w", r.ID, err)
		}
		if port+MailboxPorts-1 > 65535 {
			return fmt.Errorf("replica %d: mailbox ports %d..%d out of range", r.ID, port, port+MailboxPorts-1)
		}
		for k := range MailboxPorts {
			if err := ports.add(host, port+k, fmt.Sprintf("replica %d mailbox", r.ID)); err != nil {
				return err
			}
		}
		host, port, err = splitHostPort(r.Monitor)
		if err != nil {
			return fmt.Errorf("replica %d: monitor: %w", r.ID, err)
		}
		if err := ports.add(host, port, fmt.Sprintf("replica %d monitor", r.ID)); err != nil {
			return err
		}
	}
	cl := c.Clients
	if cl.Host == "" {
		return errors.New("clients: no host")
	}
	if cl.Count < 1 {
		return fmt.Errorf("clients: count %d: want at least 1", cl.Count)
	}
	if cl.FirstPort == 0 {
		return errors.New("clients: first_port is required")
	}
	if cl.FirstPort < 1 || cl.FirstPort+2*cl.Count-1 > 65535 {
		return fmt.Errorf("clients: ports %d..%d out of range", cl.FirstPort, cl.FirstPort+2*cl.Count-1)
	}
	for k := range 2 * cl.Count {
		if err := ports.add(cl.Host, cl.FirstPort+k, "client slots"); err != nil {
			return err
		}
	}
	if c.Batch < 1 {
		return fmt.Errorf("batch %d: want at least 1", c.Batch)
	}
	t := c.Timeouts
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"fd_interval", t.FDInterval}, {"fd_timeout", t.FDTimeout}, {"fd_grace", t.FDGrace},
		{"client_fd_grace", t.ClientFDGrace}, {"client_fd_interval", t.ClientFDInterval},
		{"mailbox_read", t.MailboxRead},
		{"election_read", t.ElectionRead}, {"mailbox_dial", t.MailboxDial},
		{"mailbox_write", t.MailboxWrite}, {"lock", t.Lock}, {"request", t.Request},
	} {
		if d.v <= 0 {
			return fmt.Errorf("timeouts: %s must be positive (got %v)", d.name, d.v)
		}
	}
	// A replica holds its leader-view lock while it waits on a mailbox (specs/pbkvs.tla).
	if t.Lock <= t.MailboxRead {
		return fmt.Errorf("timeouts: lock (%v) must exceed mailbox_read (%v)", t.Lock, t.MailboxRead)
	}
	return nil
}

// portSet detects two listeners configured on one port. Hosts are compared as written,
// except that a listener on an unspecified address (0.0.0.0, ::, "") clashes with any.
type portSet map[int][]hostUse

type hostUse struct{ host, what string }

func (s portSet) add(host string, port int, what string) error {
	for _, u := range s[port] {
		if u.host == host || isUnspecified(u.host) || isUnspecified(host) {
			return fmt.Errorf("%s and %s both use port %d", u.what, what, port)
		}
	}
	s[port] = append(s[port], hostUse{host, what})
	return nil
}

func isUnspecified(host string) bool {
	ip := net.ParseIP(host)
	return host == "" || ip != nil && ip.IsUnspecified()
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("invalid port in %q", addr)
	}
	return host, port, nil
}

// N is the number of replicas (the spec's NUM_REPLICAS).
func (c *Config) N() int { return len(c.Replicas) }

// Replica returns replica id (1..N).
func (c *Config) Replica(id int) (Replica, bool) {
	if id < 1 || id > len(c.Replicas) {
		return Replica{}, false
	}
	return c.Replicas[id-1], true
}

// MailboxAddr returns the address of one of replica id's mailboxes (offset: an Offset
// constant). It panics on an unknown id: Validate has checked every id the system uses.
func (c *Config) MailboxAddr(id, offset int) string {
	r, ok := c.Replica(id)
	if !ok {
		panic(fmt.Sprintf("config: no replica %d", id))
	}
	host, port, err := splitHostPort(r.Mailbox)
	if err != nil {
		panic(err) // validated
	}
	return net.JoinHostPort(host, strconv.Itoa(port+offset))
}

// MonitorAddr returns the monitor address of replica id.
func (c *Config) MonitorAddr(id int) string {
	r, ok := c.Replica(id)
	if !ok {
		panic(fmt.Sprintf("config: no replica %d", id))
	}
	return r.Monitor
}

// ClientMailboxAddr returns where the client in slot listens for responses.
func (c *Config) ClientMailboxAddr(slot int) string {
	return net.JoinHostPort(c.Clients.Host, strconv.Itoa(c.Clients.FirstPort+2*slot))
}

// ClientMonitorAddr returns the monitor address of the client in slot.
func (c *Config) ClientMonitorAddr(slot int) string {
	return net.JoinHostPort(c.Clients.Host, strconv.Itoa(c.Clients.FirstPort+2*slot+1))
}

// Client ids. The spec needs client ids outside 1..NUM_REPLICAS and keeps, per client id,
// the id of the last put it applied (the done table, which makes retries idempotent), so
// an id must never be reused by a new client session: its first puts would be taken for
// retries and dropped. A client id is therefore the string "c<slot>-<nonce>", where slot
// gives the addresses and nonce is 64 random bits chosen per session.

// ClientID returns the id of a client session in slot.
func ClientID(slot int, nonce uint64) string {
	return fmt.Sprintf("c%d-%016x", slot, nonce)
}

// NewClientID returns the id of a new session in slot.
func NewClientID(slot int) string { return ClientID(slot, rand.Uint64()) }

// ClientSlot parses a client id, returning its slot if it is well formed and in range.
func (c *Config) ClientSlot(id string) (int, bool) {
	rest, ok := strings.CutPrefix(id, "c")
	if !ok {
		return 0, false
	}
	s, nonce, ok := strings.Cut(rest, "-")
	if !ok || len(nonce) != 16 {
		return 0, false
	}
	if _, err := strconv.ParseUint(nonce, 16, 64); err != nil {
		return 0, false
	}
	slot, err := strconv.Atoi(s)
	if err != nil || slot < 0 || slot >= c.Clients.Count || strconv.Itoa(slot) != s {
		return 0, false
	}
	return slot, true
}

// LocalPorts is the number of consecutive ports Local uses for n replicas and count client
// slots.
func LocalPorts(n, count int) int { return n*(MailboxPorts+1) + 2*count }

// Local returns the default configuration of n replicas and count client slots on host,
// using the LocalPorts(n, count) consecutive ports from base: replica r's mailboxes from
// base+5(r-1), its monitor at base+5(r-1)+4, then the client slots.
func Local(host string, n, count, base int) (*Config, error) {
	cfg := Defaults()
	for r := 1; r <= n; r++ {
		p := base + (r-1)*(MailboxPorts+1)
		cfg.Replicas = append(cfg.Replicas, Replica{
			ID:      r,
			Mailbox: net.JoinHostPort(host, strconv.Itoa(p)),
			Monitor: net.JoinHostPort(host, strconv.Itoa(p+MailboxPorts)),
		})
	}
	cfg.Clients = Clients{Host: host, FirstPort: base + n*(MailboxPorts+1), Count: count}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// FreeRange returns the first port of span consecutive ports that are free on host now
// (probed by binding each), trying random bases in [20000, 60000). Another process may
// take them before they are used; callers that fail to bind should retry.
func FreeRange(host string, span int) (int, error) {
	for range 100 {
		base := 20000 + rand.IntN(40000-span)
		ok := true
		for p := base; p < base+span && ok; p++ {
			l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p)))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return base, nil
		}
	}
	return 0, fmt.Errorf("no %d consecutive free ports on %s", span, host)
}
