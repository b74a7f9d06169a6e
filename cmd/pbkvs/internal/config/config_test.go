package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const example = `
replicas:
  - id: 2
    mailbox: 127.0.0.1:7010
    monitor: 127.0.0.1:7014
  - id: 1
    mailbox: 127.0.0.1:7000
    monitor: 127.0.0.1:7004
clients:
  host: 127.0.0.1
  first_port: 7100
  count: 8
batch: 16
data_dir: /var/lib/pbkvs
timeouts:
  fd_interval: 50ms
  request: 3s
`

func TestParseExample(t *testing.T) {
	cfg, err := Parse([]byte(example))
	require.NoError(t, err)
	assert.Equal(t, 2, cfg.N())
	assert.Equal(t, 1, cfg.Replicas[0].ID, "sorted by id")
	assert.Equal(t, "127.0.0.1:7002", cfg.MailboxAddr(1, OffsetAck))
	assert.Equal(t, "127.0.0.1:7013", cfg.MailboxAddr(2, OffsetElection))
	assert.Equal(t, "127.0.0.1:7014", cfg.MonitorAddr(2))
	assert.Equal(t, "127.0.0.1:7104", cfg.ClientMailboxAddr(2))
	assert.Equal(t, "127.0.0.1:7105", cfg.ClientMonitorAddr(2))
	assert.Equal(t, 16, cfg.Batch)
	assert.Equal(t, "/var/lib/pbkvs", cfg.DataDir)
	assert.Equal(t, 50*time.Millisecond, cfg.Timeouts.FDInterval)
	assert.Equal(t, 3*time.Second, cfg.Timeouts.Request)
	assert.Equal(t, Defaults().Timeouts.Lock, cfg.Timeouts.Lock, "unset knobs keep their defaults")
}

func TestParseErrors(t *testing.T) {
	replicas := "replicas:\n  - {id: 1, mailbox: 127.0.0.1:7000, monitor: 127.0.0.1:7004}\n"
	clients := "clients: {host: 127.0.0.1, first_port: 7100, count: 2}\n"
	for name, tc := range map[string]struct{ yaml, want string }{
		"empty":           {"", "empty configuration"},
		"not yaml":        {"replicas: [", "yaml"},
		"wrong type":      {"batch: many\n" + replicas + clients, "cannot unmarshal"},
		"unknown key":     {replicas + clients + "bacth: 3\n", "field bacth not found"},
		"no replicas":     {clients, "no replicas"},
		"bad id":          {"replicas:\n  - {id: 2, mailbox: 127.0.0.1:7000, monitor: 127.0.0.1:7004}\n" + clients, "must be 1..1"},
		"duplicate id":    {replicas + "  - {id: 1, mailbox: 127.0.0.1:7010, monitor: 127.0.0.1:7014}\n" + clients, "replica id 1 appears twice"},
		"bad address":     {"replicas:\n  - {id: 1, mailbox: localhost, monitor: 127.0.0.1:7004}\n" + clients, "missing port"},
		"bad port":        {"replicas:\n  - {id: 1, mailbox: 127.0.0.1:99999, monitor: 127.0.0.1:7004}\n" + clients, "invalid port"},
		"port clash":      {"replicas:\n  - {id: 1, mailbox: 127.0.0.1:7000, monitor: 127.0.0.1:7003}\n" + clients, "both use port 7003"},
		"client clash":    {replicas + "clients: {host: 127.0.0.1, first_port: 6999, count: 2}\n", "both use port 7000"},
		"no first port":   {replicas + "clients: {count: 2}\n", "first_port is required"},
		"no client slots": {replicas + "clients: {host: 127.0.0.1, first_port: 7100, count: 0}\n", "count 0"},
		"bad batch":       {replicas + clients + "batch: 0\n", "batch 0"},
		"bad duration":    {replicas + clients + "timeouts: {fd_timeout: soon}\n", "cannot unmarshal"},
		"zero duration":   {replicas + clients + "timeouts: {fd_timeout: 0s}\n", "fd_timeout must be positive"},
		"lock too short":  {replicas + clients + "timeouts: {lock: 10ms, mailbox_read: 50ms}\n", "lock (10ms) must exceed mailbox_read (50ms)"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(path, []byte("batch: [\n"), 0o644))
	_, err := Load(path)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "config "+path+": "), err.Error())
	_, err = Load(filepath.Join(t.TempDir(), "missing.yaml"))
	require.Error(t, err)
}

func TestMarshalRoundTrip(t *testing.T) {
	cfg, err := Local("127.0.0.1", 3, 4, 30000)
	require.NoError(t, err)
	data, err := cfg.Marshal()
	require.NoError(t, err)
	again, err := Parse(data)
	require.NoError(t, err, "%s", data)
	assert.Equal(t, cfg, again)
	assert.Equal(t, LocalPorts(3, 4), again.Clients.FirstPort+2*again.Clients.Count-30000)
}

func TestClientIDs(t *testing.T) {
	cfg, err := Local("127.0.0.1", 3, 4, 30000)
	require.NoError(t, err)
	id := NewClientID(3)
	slot, ok := cfg.ClientSlot(id)
	require.True(t, ok, id)
	assert.Equal(t, 3, slot)
	assert.NotEqual(t, id, NewClientID(3), "a new session gets a new id")
	for _, bad := range []string{"", "c", "c4-0000000000000000", "c1", "c01-0000000000000000", "x1-0000000000000000", "c1-zz00000000000000", "c1-00", "c-1-0000000000000000"} {
		_, ok := cfg.ClientSlot(bad)
		assert.False(t, ok, bad)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte("replicas: [{id: 1, mailbox: ':1', monitor: ':5'}]\nclients: {host: h, first_port: 9, count: 1}\n"))
	f.Add([]byte("timeouts: {lock: -1s}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data)
		if err != nil {
			return
		}
		// A valid configuration survives a round trip and describes usable addresses.
		out, err := cfg.Marshal()
		require.NoError(t, err)
		again, err := Parse(out)
		require.NoError(t, err, "%s", out)
		require.Equal(t, cfg, again)
		for r := 1; r <= cfg.N(); r++ {
			for off := range MailboxPorts {
				_ = cfg.MailboxAddr(r, off)
			}
		}
	})
}

// The example in cmd/pbkvs/README.md parses and shows the defaults.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(readme), "```yaml\n")
	require.True(t, ok, "the README has a YAML example")
	example, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	cfg, err := Parse([]byte(example))
	require.NoError(t, err)
	d := Defaults()
	assert.Equal(t, d.Timeouts, cfg.Timeouts)
	assert.Equal(t, d.Batch, cfg.Batch)
	assert.Equal(t, d.Clients.Count, cfg.Clients.Count)
	assert.Equal(t, d.AsyncAnswers, cfg.AsyncAnswers)
	assert.Equal(t, d.DataDir, cfg.DataDir)
}
