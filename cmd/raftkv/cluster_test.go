package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/client"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/harness"
	"github.com/mpgo/mpgo/internal/kvtest"
)

// binary is the raftkv executable built once for the tests of this package.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(func() int {
		if testing.Short() {
			return m.Run()
		}
		dir, err := os.MkdirTemp("", "raftkv-test-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		binary = filepath.Join(dir, "raftkv")
		args := []string{"build", "-o", binary}
		if raceEnabled {
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, ".")...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building raftkv:", err)
			return 1
		}
		return m.Run()
	}())
}

// testCluster starts an n-server cluster and waits for a leader.
func testCluster(t *testing.T, n int) (*harness.Cluster, *client.Pool) {
	t.Helper()
	if testing.Short() {
		t.Skip("cluster test: not in -short mode")
	}
	cfg, err := harness.Config(n)
	if err != nil {
		t.Fatal(err)
	}
	c, err := harness.New(harness.Options{Binary: binary, Dir: t.TempDir(), Config: cfg, TB: t})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.StartAll(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := harness.WaitLeader(ctx, cfg); err != nil {
		t.Fatalf("no leader: %v", err)
	}
	pool := client.NewPool(cfg, nil)
	t.Cleanup(pool.Close)
	return c, pool
}

// load runs recording clients against the cluster until stop is called.
type load struct {
	h       *kvtest.History
	stopped chan struct{}
	wg      sync.WaitGroup
	acked   atomic.Int64 // successful operations
}

func startLoad(t *testing.T, pool *client.Pool, clients, keys int) *load {
	t.Helper()
	l := &load{h: kvtest.NewHistory(), stopped: make(chan struct{})}
	for i := range clients {
		c, err := pool.New()
		if err != nil {
			t.Fatal(err)
		}
		rc := kvtest.NewRecordingClient(c, l.h, i)
		l.wg.Go(func() {
			defer rc.Close()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			for seq := 0; ; seq++ {
				select {
				case <-l.stopped:
					return
				default:
				}
				key := fmt.Sprintf("k%d", r.IntN(keys))
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				var err error
				if r.IntN(2) == 0 {
					_, _, err = rc.Get(ctx, key)
				} else {
					err = rc.Put(ctx, key, fmt.Sprintf("c%d-%d", i, seq))
				}
				cancel()
				if err == nil {
					l.acked.Add(1)
				} else {
					time.Sleep(10 * time.Millisecond)
				}
			}
		})
	}
	return l
}

func (l *load) stop() { close(l.stopped); l.wg.Wait() }

// waitProgress lets the load run for a second and waits until it has acknowledged some
// more operations.
func (l *load) waitProgress(t *testing.T, what string, d time.Duration) {
	t.Helper()
	base := l.acked.Load()
	start := time.Now()
	deadline := start.Add(d)
	for l.acked.Load() < base+20 || time.Since(start) < time.Second {
		if time.Now().After(deadline) {
			t.Fatalf("%s: no progress in %v (acknowledged %d before)", what, d, base)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// check verifies the history (porcupine), that no acknowledged write was lost, and that
// every server's log equals the leader's up to its commit index.
func check(t *testing.T, c *harness.Cluster, pool *client.Pool, l *load) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := c.CheckAlive(); err != nil {
		t.Errorf("a server died: %v", err)
	}
	checkLogs(t, c)
	ops := l.h.Ops()
	t.Logf("history: %d operations, %d acknowledged", len(ops), l.acked.Load())
	kvtest.AssertLinearizable(t, l.h, time.Minute)
	vc, err := pool.New()
	if err != nil {
		t.Fatal(err)
	}
	defer vc.Close()
	if err := kvtest.VerifyDurable(ctx, vc, l.h); err != nil {
		t.Errorf("durability: %v", err)
	}
	leader, _, err := harness.WaitLeader(ctx, c.Config)
	if err != nil {
		t.Fatalf("no leader at the end: %v", err)
	}
	all := make([]int, c.Config.N())
	for i := range all {
		all[i] = i + 1
	}
	agree, err := harness.WaitLogsAgree(ctx, c.Config, leader, all)
	if err != nil {
		t.Fatalf("logs do not agree: %v", err)
	}
	t.Logf("all %d logs agree up to the commit index %d", len(all), agree.CommitIndex)
}

func killAndRestart(t *testing.T, n int, pick func(leader int) int) {
	c, pool := testCluster(t, n)
	l := startLoad(t, pool, 4, 5)
	l.waitProgress(t, "start", 20*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	leader, term, err := harness.WaitLeader(ctx, c.Config)
	if err != nil {
		t.Fatal(err)
	}
	victim := pick(leader)
	t.Logf("leader %d (term %d); SIGKILL server %d", leader, term, victim)
	if err := c.Kill(harness.Process(victim)); err != nil {
		t.Fatal(err)
	}
	newLeader, newTerm, err := harness.WaitLeader(ctx, c.Config, victim)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("leader %d (term %d) with server %d down", newLeader, newTerm, victim)
	l.waitProgress(t, "after the kill", 20*time.Second)
	if err := c.Start(ctx, harness.Process(victim)); err != nil {
		t.Fatal(err)
	}
	if n := reloadedLogLength(t, c, victim); n == 0 {
		t.Errorf("server %d restarted with an empty log (persistence not reloaded)", victim)
	} else {
		t.Logf("server %d restarted, reloading %d log entries from its store", victim, n)
	}
	l.waitProgress(t, "after the restart", 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	l.stop()
	check(t, c, pool, l)
}

func TestLeaderKillRestart3(t *testing.T) {
	killAndRestart(t, 3, func(leader int) int { return leader })
}

func TestFollowerKillRestart3(t *testing.T) {
	killAndRestart(t, 3, func(leader int) int { return leader%3 + 1 })
}

func TestLeaderKillRestart5(t *testing.T) {
	killAndRestart(t, 5, func(leader int) int { return leader })
}

func TestWholeClusterRestart(t *testing.T) {
	c, pool := testCluster(t, 3)
	l := startLoad(t, pool, 4, 5)
	l.waitProgress(t, "start", 20*time.Second)
	for id := 1; id <= 3; id++ {
		if err := c.Kill(harness.Process(id)); err != nil {
			t.Fatal(err)
		}
	}
	t.Log("SIGKILLed every server")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := c.StartAll(ctx); err != nil {
		t.Fatal(err)
	}
	leader, term, err := harness.WaitLeader(ctx, c.Config)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("restarted; leader %d (term %d)", leader, term)
	for id := 1; id <= 3; id++ {
		if n := reloadedLogLength(t, c, id); n == 0 {
			t.Errorf("server %d restarted with an empty log (persistence not reloaded)", id)
		}
	}
	l.waitProgress(t, "after the restart", 30*time.Second)
	l.stop()
	check(t, c, pool, l)
}

func TestGarbageOnServerPorts(t *testing.T) {
	c, pool := testCluster(t, 3)
	for _, s := range c.Config.Servers {
		for _, addr := range []string{s.Mailbox, s.Monitor, s.Admin} {
			if err := kvtest.SendGarbage(addr); err != nil {
				t.Errorf("server %d: %v", s.ID, err)
			}
		}
	}
	if err := c.CheckAlive(); err != nil {
		t.Fatalf("garbage crashed a server: %v", err)
	}
	cl, err := pool.New()
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := cl.Put(ctx, "after-garbage", "ok"); err != nil {
		t.Fatalf("put after garbage: %v", err)
	}
	v, found, err := cl.Get(ctx, "after-garbage")
	if err != nil || !found || v != "ok" {
		t.Fatalf("get after garbage: %q %v %v", v, found, err)
	}
	if err := c.CheckAlive(); err != nil {
		t.Fatalf("garbage crashed a server: %v", err)
	}
	checkLogs(t, c)
}

// checkLogs fails the test if a server log reports a data race (the servers are built
// with -race when the tests are) or a panic.
func checkLogs(t *testing.T, c *harness.Cluster) {
	t.Helper()
	for i := range c.Config.N() {
		data, err := os.ReadFile(c.LogPath(i))
		if err != nil {
			t.Error(err)
			continue
		}
		for _, bad := range []string{"WARNING: DATA RACE", "panic:"} {
			if strings.Contains(string(data), bad) {
				t.Errorf("server %d's log reports %q", i+1, bad)
			}
		}
	}
}

// reloadedLogLength returns the log length the last start of server id reported having
// reloaded from its store.
func reloadedLogLength(t *testing.T, c *harness.Cluster, id int) int {
	t.Helper()
	data, err := os.ReadFile(c.LogPath(harness.Process(id)))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`msg="state reloaded" server=\d+ log_length=(\d+)`).FindAllStringSubmatch(string(data), -1)
	if len(m) == 0 {
		t.Fatalf("server %d's log has no reload line", id)
	}
	n, _ := strconv.Atoi(m[len(m)-1][1])
	return n
}

// TestCommandLine drives the client and status subcommands against a cluster.
func TestCommandLine(t *testing.T) {
	c, _ := testCluster(t, 3)
	run := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(binary, args...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("raftkv %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if out := run("", "client", "-config", c.ConfigPath, "put", "color", "blue"); !strings.Contains(out, "ok") {
		t.Errorf("put: %q", out)
	}
	if out := run("", "client", "-config", c.ConfigPath, "get", "color"); !strings.Contains(out, "color = blue") {
		t.Errorf("get: %q", out)
	}
	out := run("put shape round\nget shape\nget nothing\nbogus\nquit\n", "client", "-config", c.ConfigPath)
	for _, want := range []string{"ok", "shape = round", "nothing: (no value)", "error: usage"} {
		if !strings.Contains(out, want) {
			t.Errorf("interactive client output lacks %q:\n%s", want, out)
		}
	}
	out = run("", "status", "-config", c.ConfigPath)
	if n := len(regexp.MustCompile(`(?m)^\d+\s+leader\s`).FindAllString(out, -1)); n != 1 {
		t.Errorf("status:\n%s", out)
	}
}
