package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/client"
	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/internal/kvtest"
	"github.com/stretchr/testify/require"
)

// testCluster is a loopback cluster of pbkvs server processes.
type testCluster struct {
	*kvtest.Cluster
	cfg     *config.Config
	cfgPath string
	pool    *client.Pool
}

// buildBinary builds cmd/pbkvs into a temporary directory of t.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pbkvs")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// startCluster starts n replicas and returns once every one listens, with a client pool.
func startCluster(t *testing.T, n int) *testCluster {
	t.Helper()
	bin := buildBinary(t)
	const slots = 16
	base, err := config.FreeRange("127.0.0.1", config.LocalPorts(n, slots))
	require.NoError(t, err)
	cfg, err := config.Local("127.0.0.1", n, slots, base)
	require.NoError(t, err)
	// Timeouts for a loaded 2-core machine: a live peer's monitor must answer a poll within
	// fd_timeout (the perfect-detector assumption).
	cfg.Timeouts.FDTimeout = 10 * time.Second
	cfg.Timeouts.FDGrace = 20 * time.Second
	data, err := cfg.Marshal()
	require.NoError(t, err)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "pbkvs.yaml")
	require.NoError(t, os.WriteFile(cfgPath, data, 0o644))

	cl := kvtest.NewTestCluster(t, kvtest.ClusterConfig{
		Binary: bin,
		N:      n,
		Args: func(id int) []string {
			return []string{"server", "-id", strconv.Itoa(id + 1), "-config", cfgPath, "-log-level", "debug"}
		},
		Ready: func(ctx context.Context, id int) error {
			return kvtest.WaitForTCP(ctx, cfg.MonitorAddr(id+1))
		},
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, cl.StartAll(ctx))
	pool := client.NewPool(cfg, nil)
	t.Cleanup(func() { pool.Close() })
	return &testCluster{Cluster: cl, cfg: cfg, cfgPath: cfgPath, pool: pool}
}

// newClient opens a client session, closed at the end of the test.
func (tc *testCluster) newClient(t *testing.T) *client.Client {
	t.Helper()
	c, err := tc.pool.NewClient()
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// waitServing waits until a put through c succeeds.
func waitServing(t *testing.T, c kvtest.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, kvtest.Poll(ctx, 50*time.Millisecond, func(ctx context.Context) error {
		return c.Put(ctx, "ready", "yes")
	}))
}

// load runs clients doing random puts and gets of a few keys until stop is closed. Every
// value written is unique. It counts the operations that succeed.
type load struct {
	wg   sync.WaitGroup
	stop chan struct{}
	ok   atomic.Int64
	errs atomic.Int64
}

func startLoad(clients []kvtest.Client, keys int, seq *atomic.Int64) *load {
	l := &load{stop: make(chan struct{})}
	for i, c := range clients {
		l.wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))
			for {
				select {
				case <-l.stop:
					return
				default:
				}
				key := fmt.Sprintf("k%d", r.IntN(keys))
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				var err error
				if r.IntN(2) == 0 {
					err = c.Put(ctx, key, fmt.Sprintf("c%d-v%d", i, seq.Add(1)))
				} else {
					_, _, err = c.Get(ctx, key)
				}
				cancel()
				if err != nil {
					l.errs.Add(1)
				} else {
					l.ok.Add(1)
				}
			}
		})
	}
	return l
}

func (l *load) finish() { close(l.stop); l.wg.Wait() }

// waitProgress waits until the load has completed n more operations.
func (l *load) waitProgress(t *testing.T, n int64, timeout time.Duration) {
	t.Helper()
	target := l.ok.Load() + n
	deadline := time.Now().Add(timeout)
	for l.ok.Load() < target {
		if time.Now().After(deadline) {
			t.Fatalf("no progress: %d operations succeeded, waiting for %d (errors: %d)", l.ok.Load(), target, l.errs.Load())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFailover runs 3 replicas and 3 concurrent clients, SIGKILLs the primary mid-load,
// then the second primary: after each crash the clients fail over, every acknowledged write
// is readable, and the whole history is linearizable.
func TestFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	tc := startCluster(t, 3)
	h := kvtest.NewHistory()
	var clients []kvtest.Client
	var sessions []*client.Client
	for i := range 3 {
		c := tc.newClient(t)
		if i == 0 {
			waitServing(t, c)
		}
		sessions = append(sessions, c)
		clients = append(clients, kvtest.NewRecordingClient(c, h, i))
	}
	var seq atomic.Int64
	check := func(stage string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		verifier := tc.newClient(t)
		require.NoError(t, kvtest.VerifyDurable(ctx, verifier, h), "%s: acknowledged writes", stage)
		require.True(t, kvtest.AssertLinearizable(t, h, time.Minute), "%s: linearizability", stage)
		t.Logf("%s: %d operations, durable and linearizable", stage, h.Len())
	}

	for stage, victim := range []int{0, 1} { // replica 1, then replica 2
		l := startLoad(clients, 5, &seq)
		l.waitProgress(t, 300, 30*time.Second)
		for i, c := range sessions {
			require.Equal(t, victim+1, c.LastPrimary(), "client %d's primary before the crash", i)
		}
		t0 := time.Now()
		require.NoError(t, tc.Kill(victim))
		l.waitProgress(t, 300, 60*time.Second)
		t.Logf("killed replica %d: the clients completed 300 more operations %v later", victim+1, time.Since(t0).Round(time.Millisecond))
		l.finish()
		require.Zero(t, l.errs.Load(), "failed operations")
		for i, c := range sessions {
			require.Equal(t, victim+2, c.LastPrimary(), "client %d failed over to the next primary", i)
		}
		for id := victim + 1; id < 3; id++ {
			require.True(t, tc.Alive(id), "replica %d is still running", id+1)
		}
		check(fmt.Sprintf("after crash %d", stage+1))
	}
}

// TestBackupQueuesRequests checks what the spec says about a request sent to a backup: a
// backup never reads its request mailbox, so the request is not answered (nor executed)
// while the primary lives; once the primary crashes and the backup takes over, it executes
// and answers it.
func TestBackupQueuesRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	tc := startCluster(t, 3)
	c := tc.newClient(t)
	waitServing(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, c.Put(ctx, "x", "before"))

	raw := startRawClient(t, tc.cfg)
	raw.send(t, 2, 1, "put", "x", "sent-to-backup")
	if a, ok := raw.answer(2 * time.Second); ok {
		t.Fatalf("backup 2 answered %+v while replica 1 is primary", a)
	}
	v, found, err := c.Get(ctx, "x")
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, "before", v, "the request queued at the backup was not executed")

	require.NoError(t, tc.Kill(0))
	a, ok := raw.answer(30 * time.Second)
	require.True(t, ok, "replica 2 answers the queued request once it is primary")
	require.Equal(t, 2, a.From)
	require.Equal(t, 1, a.ID)
	require.Equal(t, "sent-to-backup", a.Value)
	v, _, err = c.Get(ctx, "x")
	require.NoError(t, err)
	require.Equal(t, "sent-to-backup", v)
}

// TestGarbageDoesNotCrashServers sends malformed and oversize frames to every port of
// every replica; the replicas keep running and serving.
func TestGarbageDoesNotCrashServers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	tc := startCluster(t, 3)
	c := tc.newClient(t)
	waitServing(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var addrs []string
	for r := 1; r <= 3; r++ {
		for off := range config.MailboxPorts {
			addrs = append(addrs, tc.cfg.MailboxAddr(r, off))
		}
		addrs = append(addrs, tc.cfg.MonitorAddr(r))
	}
	for i, addr := range addrs {
		require.NoError(t, kvtest.SendGarbageContext(ctx, addr, kvtest.GarbagePayloads(uint64(i))...), addr)
		require.NoError(t, c.Put(ctx, "k", fmt.Sprint(i)), "after garbage to %s", addr)
		v, _, err := c.Get(ctx, "k")
		require.NoError(t, err)
		require.Equal(t, fmt.Sprint(i), v)
	}
	// Well-framed mailbox messages carrying values of the wrong shape are dropped too.
	raw := startRawClient(t, tc.cfg)
	for r := 1; r <= 3; r++ {
		for _, kind := range []string{"req", "rep", "ack"} {
			raw.sendValue(t, r, kind, malformed())
		}
	}
	require.NoError(t, c.Put(ctx, "k", "after"))
	v, _, err := c.Get(ctx, "k")
	require.NoError(t, err)
	require.Equal(t, "after", v)
	require.NoError(t, tc.CheckAlive())
	if _, ok := raw.answer(500 * time.Millisecond); ok {
		t.Fatal("a malformed request was answered")
	}
	// The primary reads requests and acks, the backups replication messages: each dropped
	// the malformed ones it read.
	expect := map[int][]string{0: {"req", "ack"}, 1: {"rep"}, 2: {"rep"}}
	require.NoError(t, kvtest.Poll(ctx, 50*time.Millisecond, func(context.Context) error {
		for id, kinds := range expect {
			log := tc.Tail(id, 1000)
			for _, kind := range kinds {
				if !strings.Contains(log, fmt.Sprintf(`msg="dropping a malformed message" replica=%d mailbox=%s`, id+1, kind)) {
					return fmt.Errorf("replica %d has not dropped a malformed message in %s", id+1, kind)
				}
			}
		}
		return nil
	}))
}
