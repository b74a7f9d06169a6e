package server_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/client"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/config"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/harness"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/server"
	"github.com/mpgo/mpgo/internal/kvtest"
)

// running is a server run in this process.
type running struct {
	s      *server.Server
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T, cfg *config.Config, id int) *running {
	t.Helper()
	s, err := server.New(cfg, id, nil)
	if err != nil {
		t.Fatalf("server %d: %v", id, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{s: s, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- s.Run(ctx) }()
	return r
}

func (r *running) stop(t *testing.T) {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("server stopped with %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
	}
}

// TestInProcessRestart runs three servers in this process (under the race detector when
// enabled), writes through a client, stops a server and starts it again on its store: it
// reloads its hardState and log, and catches up with the others.
func TestInProcessRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test")
	}
	cfg, err := harness.Config(3)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = filepath.Join(t.TempDir(), "data")
	servers := map[int]*running{}
	for id := 1; id <= 3; id++ {
		servers[id] = start(t, cfg, id)
	}
	defer func() {
		for _, r := range servers {
			r.stop(t)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	leader, _, err := harness.WaitLeader(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pool := client.NewPool(cfg, nil)
	defer pool.Close()
	h := kvtest.NewHistory()
	c, err := pool.New()
	if err != nil {
		t.Fatal(err)
	}
	rc := kvtest.NewRecordingClient(c, h, 0)
	defer rc.Close()
	for i := range 20 {
		if err := rc.Put(ctx, fmt.Sprintf("k%d", i%5), fmt.Sprintf("v%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	victim := leader%3 + 1
	before, err := servers[victim].s.Status(0)
	if err != nil {
		t.Fatal(err)
	}
	servers[victim].stop(t)
	delete(servers, victim)
	for i := 20; i < 40; i++ {
		if err := rc.Put(ctx, fmt.Sprintf("k%d", i%5), fmt.Sprintf("v%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	servers[victim] = start(t, cfg, victim)
	after, err := servers[victim].s.Status(0)
	if err != nil {
		t.Fatal(err)
	}
	if after.LogLength < before.LogLength || after.Term < before.Term {
		t.Errorf("server %d restarted with log %d term %d, had log %d term %d",
			victim, after.LogLength, after.Term, before.LogLength, before.Term)
	}
	if _, err := harness.WaitLogsAgree(ctx, cfg, leader, []int{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	kvtest.AssertLinearizable(t, h, 30*time.Second)
	if err := kvtest.VerifyDurable(ctx, rc, h); err != nil {
		t.Error(err)
	}
}
