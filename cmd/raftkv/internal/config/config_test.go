package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

const sample = `
servers:
  - id: 2
    mailbox: 127.0.0.1:7201
    monitor: 127.0.0.1:7202
    admin: 127.0.0.1:7203
  - id: 1
    mailbox: 127.0.0.1:7101
    monitor: 127.0.0.1:7102
    admin: 127.0.0.1:7103
  - id: 3
    mailbox: 127.0.0.1:7301
    monitor: 127.0.0.1:7302
    admin: 127.0.0.1:7303
data_dir: /var/lib/raftkv
batch: 64
timeouts:
  election: 500ms
  heartbeat: 100ms
  client_retry: 1s
`

func TestParse(t *testing.T) {
	cfg, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.N() != 3 {
		t.Fatalf("N = %d", cfg.N())
	}
	for i, s := range cfg.Servers {
		if s.ID != i+1 {
			t.Errorf("servers not sorted: position %d holds %d", i, s.ID)
		}
	}
	if cfg.Servers[0].Mailbox != "127.0.0.1:7101" {
		t.Errorf("server 1 mailbox %q", cfg.Servers[0].Mailbox)
	}
	if cfg.Batch != 64 || cfg.DataDir != "/var/lib/raftkv" {
		t.Errorf("batch %d, data dir %q", cfg.Batch, cfg.DataDir)
	}
	to := cfg.Timeouts
	if to.Election != 500*time.Millisecond || to.Heartbeat != 100*time.Millisecond || to.ClientRetry != time.Second {
		t.Errorf("timeouts %+v", to)
	}
	// Unset knobs keep their defaults.
	def := Defaults()
	if to.ElectionJitter != def.Timeouts.ElectionJitter || cfg.ClientHost != def.ClientHost {
		t.Errorf("defaults lost: %+v", cfg)
	}
	if got, want := cfg.StorePath(2), "/var/lib/raftkv/server-2/raft.db"; got != want {
		t.Errorf("StorePath(2) = %q, want %q", got, want)
	}
	if _, err := cfg.Server(4); err == nil {
		t.Error("Server(4) of 3: no error")
	}
}

func TestParseRoundTrip(t *testing.T) {
	cfg, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	data, err := cfg.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(data)
	if err != nil {
		t.Fatalf("parsing the marshalled config: %v\n%s", err, data)
	}
	if again.Timeouts != cfg.Timeouts || again.N() != cfg.N() || again.Servers[2] != cfg.Servers[2] {
		t.Errorf("round trip changed the config:\n%+v\n%+v", cfg, again)
	}
}

func TestParseErrors(t *testing.T) {
	srv := func(id int, p string) string {
		return "  - id: " + string(rune('0'+id)) + "\n    mailbox: 127.0.0.1:" + p + "1\n    monitor: 127.0.0.1:" + p + "2\n    admin: 127.0.0.1:" + p + "3\n"
	}
	two := "servers:\n" + srv(1, "710") + srv(2, "720")
	cases := []struct{ name, yaml, want string }{
		{"empty", "", "empty configuration"},
		{"no servers", "batch: 3\n", "no servers"},
		{"unknown key", two + "bacth: 3\n", "bacth"},
		{"id gap", "servers:\n" + srv(1, "710") + srv(3, "720"), "must be 1..2"},
		{"duplicate id", "servers:\n" + srv(1, "710") + srv(1, "720"), "twice"},
		{"shared port", "servers:\n" + srv(1, "710") + srv(2, "710"), "share the address"},
		{"bad address", strings.Replace(two, "127.0.0.1:7101", "nowhere", 1), "mailbox"},
		{"bad port", strings.Replace(two, "127.0.0.1:7101", "127.0.0.1:99999", 1), "bad port"},
		{"zero batch", two + "batch: 0\n", "batch"},
		{"bad duration", two + "timeouts:\n  election: soon\n", "soon"},
		{"negative timeout", two + "timeouts:\n  heartbeat: -1s\n", "heartbeat"},
		{"heartbeat too long", two + "timeouts:\n  election: 100ms\n  heartbeat: 60ms\n", "half"},
		{"no client host", two + "client_host: \"\"\n", "client_host"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.yaml))
			if err == nil {
				t.Fatalf("no error for\n%s", c.yaml)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func TestLoopback(t *testing.T) {
	ports := make([]int, 15)
	for i := range ports {
		ports[i] = 20000 + i
	}
	cfg, err := Loopback(5, ports, "d")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.N() != 5 || cfg.Servers[4].Admin != "127.0.0.1:20014" || cfg.DataDir != "d" {
		t.Errorf("loopback config: %+v", cfg)
	}
	if _, err := Loopback(5, ports[:14], "d"); err == nil {
		t.Error("too few ports: no error")
	}
}

// FuzzParse: any input gives a configuration or an error, never a panic, and a valid
// configuration survives a round trip through Marshal.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("servers: [{id: 1, mailbox: ':1', monitor: ':2', admin: ':3'}]\n"))
	f.Add([]byte("timeouts: {election: -1s}"))
	f.Add([]byte("servers: [{id: 0}]\nbogus: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data)
		if err != nil {
			return
		}
		out, err := cfg.Marshal()
		if err != nil {
			t.Fatalf("Marshal of a parsed configuration: %v", err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("a marshalled configuration does not parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(cfg, again) {
			t.Fatalf("round trip changed the configuration:\n%+v\n%+v", cfg, again)
		}
		for id := 1; id <= cfg.N(); id++ {
			if _, err := cfg.Server(id); err != nil {
				t.Fatalf("server %d of a valid configuration: %v", id, err)
			}
		}
	})
}
