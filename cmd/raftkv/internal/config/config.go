// Package config reads and validates the YAML configuration of a raftkv cluster: the
// servers 1..N of specs/raftkv.tla with their addresses, where clients listen, the data
// directory, the batch size and the timeouts.
package config

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/mpgo/mpgo/internal/yamlconfig"
	"gopkg.in/yaml.v3"
)

// Config is a raftkv cluster.
type Config struct {
	// Servers are the servers 1..N, in any order in the file, sorted by id after Parse.
	Servers []Server `yaml:"servers"`
	// ClientHost is the address client processes listen on for responses (each client
	// picks a free port); servers dial it. Default 127.0.0.1.
	ClientHost string `yaml:"client_host"`
	// DataDir is where server N keeps its store (DataDir/server-N/raft.db); a relative path
	// is relative to the server's working directory. Default "data".
	DataDir string `yaml:"data_dir"`
	// Batch is the spec's MaxBatch: a leader appends its pending client requests once its
	// mailbox is empty or it holds this many. Default 256.
	Batch int `yaml:"batch"`
	// NoSync turns off fsync in the store (benchmarking only: not crash-safe).
	NoSync   bool     `yaml:"no_sync"`
	Timeouts Timeouts `yaml:"timeouts"`
}

// Server is one server's addresses.
type Server struct {
	ID int `yaml:"id"`
	// Mailbox is the host:port of the server's mailbox net[id] (Raft RPCs and client
	// requests).
	Mailbox string `yaml:"mailbox"`
	// Monitor is the host:port of the server process's resources.Monitor, which the
	// failure detectors of peers and clients poll.
	Monitor string `yaml:"monitor"`
	// Admin is the host:port of the HTTP status endpoint (GET /status).
	Admin string `yaml:"admin"`
}

// Timeouts are the durations of the resources and the client (YAML: "100ms", "2s", ...).
type Timeouts struct {
	// Election is the minimum election timeout; each wait draws from
	// [Election, Election+ElectionJitter).
	Election       time.Duration `yaml:"election"`
	ElectionJitter time.Duration `yaml:"election_jitter"`
	// Heartbeat is the period of the leader's AppendEntries to each follower without new
	// entries (the senders' periodic signal).
	Heartbeat time.Duration `yaml:"heartbeat"`
	// MailboxRead bounds a wait on an empty mailbox before another branch is tried.
	MailboxRead time.Duration `yaml:"mailbox_read"`
	// MailboxDial and MailboxWrite bound connecting to and writing to a mailbox.
	MailboxDial  time.Duration `yaml:"mailbox_dial"`
	MailboxWrite time.Duration `yaml:"mailbox_write"`
	// Lock bounds the wait for a server's shared state (LocalShared) before a section is
	// retried.
	Lock time.Duration `yaml:"lock"`
	// FDInterval and FDTimeout: the failure detector's poll period and poll timeout;
	// FDGrace: how long a peer never seen alive is not suspected.
	FDInterval time.Duration `yaml:"fd_interval"`
	FDTimeout  time.Duration `yaml:"fd_timeout"`
	FDGrace    time.Duration `yaml:"fd_grace"`
	// ClientRetry is the client's request timeout: after it the client resends the request
	// to the next server (the spec's timeout).
	ClientRetry time.Duration `yaml:"client_retry"`
	// Request bounds a whole client operation when the caller sets no deadline.
	Request time.Duration `yaml:"request"`
}

// Defaults returns the default tuning, suited to loopback clusters.
func Defaults() Config {
	return Config{
		ClientHost: "127.0.0.1",
		DataDir:    "data",
		Batch:      256,
		Timeouts: Timeouts{
			Election:       300 * time.Millisecond,
			ElectionJitter: 300 * time.Millisecond,
			Heartbeat:      50 * time.Millisecond,
			MailboxRead:    10 * time.Millisecond,
			MailboxDial:    500 * time.Millisecond,
			MailboxWrite:   2 * time.Second,
			Lock:           200 * time.Millisecond,
			FDInterval:     100 * time.Millisecond,
			FDTimeout:      500 * time.Millisecond,
			FDGrace:        10 * time.Second,
			ClientRetry:    500 * time.Millisecond,
			Request:        10 * time.Second,
		},
	}
}

// Load reads and validates the configuration file at path.
func Load(path string) (*Config, error) { return yamlconfig.Load(path, Defaults()) }

// Parse decodes a YAML configuration over Defaults and validates it. Unknown keys are
// errors, so that a misspelt knob is not silently ignored.
func Parse(data []byte) (*Config, error) { return yamlconfig.Parse(data, Defaults()) }

// Marshal returns c as YAML that Parse accepts.
func (c *Config) Marshal() ([]byte, error) { return yaml.Marshal(c) }

// Write writes c as YAML to path.
func (c *Config) Write(path string) error {
	data, err := c.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// N returns the number of servers.
func (c *Config) N() int { return len(c.Servers) }

// Server returns server id (1..N).
func (c *Config) Server(id int) (Server, error) {
	if id < 1 || id > len(c.Servers) {
		return Server{}, fmt.Errorf("no server %d (the servers are 1..%d)", id, len(c.Servers))
	}
	return c.Servers[id-1], nil
}

// StorePath returns the path of server id's store file.
func (c *Config) StorePath(id int) string {
	return filepath.Join(c.DataDir, "server-"+strconv.Itoa(id), "raft.db")
}

// Validate checks that the server ids are exactly 1..N, that every address is well formed
// and unique, and that the knobs are positive; it sorts Servers by id.
func (c *Config) Validate() error {
	n := len(c.Servers)
	if n == 0 {
		return errors.New("no servers")
	}
	byID := make([]*Server, n+1)
	for i := range c.Servers {
		s := &c.Servers[i]
		if s.ID < 1 || s.ID > n {
			return fmt.Errorf("server id %d: the ids of %d servers must be 1..%d", s.ID, n, n)
		}
		if byID[s.ID] != nil {
			return fmt.Errorf("server id %d appears twice", s.ID)
		}
		byID[s.ID] = s
	}
	sorted := make([]Server, n)
	for id := 1; id <= n; id++ {
		sorted[id-1] = *byID[id]
	}
	c.Servers = sorted
	seen := map[string]string{}
	for _, s := range c.Servers {
		for _, a := range []struct{ what, addr string }{{"mailbox", s.Mailbox}, {"monitor", s.Monitor}, {"admin", s.Admin}} {
			if err := checkAddr(a.addr); err != nil {
				return fmt.Errorf("server %d: %s: %w", s.ID, a.what, err)
			}
			what := fmt.Sprintf("server %d %s", s.ID, a.what)
			if other, ok := seen[a.addr]; ok {
				return fmt.Errorf("%s and %s share the address %s", other, what, a.addr)
			}
			seen[a.addr] = what
		}
	}
	if c.ClientHost == "" {
		return errors.New("client_host is empty")
	}
	if c.DataDir == "" {
		return errors.New("data_dir is empty")
	}
	if c.Batch < 1 {
		return fmt.Errorf("batch %d: must be at least 1", c.Batch)
	}
	t := c.Timeouts
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"election", t.Election}, {"heartbeat", t.Heartbeat}, {"mailbox_read", t.MailboxRead},
		{"mailbox_dial", t.MailboxDial}, {"mailbox_write", t.MailboxWrite}, {"lock", t.Lock},
		{"fd_interval", t.FDInterval}, {"fd_timeout", t.FDTimeout}, {"client_retry", t.ClientRetry},
		{"request", t.Request},
	} {
		if d.v <= 0 {
			return fmt.Errorf("timeouts.%s must be positive (got %v)", d.name, d.v)
		}
	}
	if t.ElectionJitter < 0 || t.FDGrace < 0 {
		return errors.New("timeouts.election_jitter and timeouts.fd_grace must not be negative")
	}
	if t.Heartbeat*2 >= t.Election {
		return fmt.Errorf("timeouts.heartbeat (%v) must be less than half of timeouts.election (%v)", t.Heartbeat, t.Election)
	}
	return nil
}

func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "" {
		return fmt.Errorf("%q has no host", addr)
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("%q: bad port", addr)
	}
	return nil
}

// Loopback returns a configuration of n servers on 127.0.0.1 using the 3n ports given
// (mailbox, monitor, admin for each server in turn), with the default tuning.
func Loopback(n int, ports []int, dataDir string) (*Config, error) {
	if len(ports) < 3*n {
		return nil, fmt.Errorf("loopback config: need %d ports, have %d", 3*n, len(ports))
	}
	cfg := Defaults()
	if dataDir != "" {
		cfg.DataDir = dataDir
	}
	addr := func(p int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(p)) }
	for i := range n {
		cfg.Servers = append(cfg.Servers, Server{
			ID: i + 1, Mailbox: addr(ports[3*i]), Monitor: addr(ports[3*i+1]), Admin: addr(ports[3*i+2]),
		})
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}
