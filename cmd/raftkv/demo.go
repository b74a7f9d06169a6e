package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/client"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/harness"
	"github.com/mpgo/mpgo/internal/kvtest"
)

// runDemo is `make demo`: a 3-server cluster of raftkv processes on loopback survives the
// SIGKILL of its leader without losing an acknowledged write, and the old leader, restarted
// on its data directory, catches up.
func runDemo(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	keep := fs.Bool("keep", false, "keep the demo's directory (configuration, data, logs)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	start := time.Now()
	say := func(format string, a ...any) {
		fmt.Fprintf(stdout, "[%5.2fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, a...))
	}
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "raftkv-demo-")
	if err != nil {
		return err
	}
	if *keep {
		defer say("kept %s", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	cfg, err := harness.Config(3)
	if err != nil {
		return err
	}
	c, err := harness.New(harness.Options{Binary: bin, Dir: dir, Config: cfg})
	if err != nil {
		return err
	}
	defer c.StopAll()

	say("starting 3 raftkv server processes on loopback (data and logs in %s)", dir)
	for _, s := range cfg.Servers {
		say("  server %d: mailbox %s, status http://%s/status", s.ID, s.Mailbox, s.Admin)
	}
	if err := c.StartAll(ctx); err != nil {
		return err
	}
	leader, term, err := harness.WaitLeader(ctx, cfg)
	if err != nil {
		return err
	}
	say("server %d was elected leader (term %d)", leader, term)

	pool := client.NewPool(cfg, nil)
	defer pool.Close()
	h := kvtest.NewHistory()
	cl, err := pool.New()
	if err != nil {
		return err
	}
	rc := kvtest.NewRecordingClient(cl, h, 0)
	defer rc.Close()
	fruits := []string{"apple", "banana", "cherry", "date", "elderberry"}
	for i, f := range fruits {
		if err := rc.Put(ctx, fmt.Sprintf("fruit%d", i+1), f); err != nil {
			return fmt.Errorf("put: %w", err)
		}
	}
	say("put fruit1..fruit5 = %s", strings.Join(fruits, ", "))
	var got []string
	for i := range fruits {
		v, _, err := rc.Get(ctx, fmt.Sprintf("fruit%d", i+1))
		if err != nil {
			return fmt.Errorf("get: %w", err)
		}
		got = append(got, v)
	}
	say("get fruit1..fruit5 -> %s (reads go through the log)", strings.Join(got, ", "))

	// Background writers keep writing through the crash; every acknowledgement is recorded.
	stopWriters := make(chan struct{})
	var wg sync.WaitGroup
	var acked atomic.Int64
	firstAckAfter := make(chan time.Time, 1)
	var killedAt atomic.Int64
	for w := 1; w <= 4; w++ {
		wc, err := pool.New()
		if err != nil {
			return err
		}
		rw := kvtest.NewRecordingClient(wc, h, w)
		wg.Go(func() {
			defer rw.Close()
			for i := 0; ; i++ {
				select {
				case <-stopWriters:
					return
				default:
				}
				invoked := time.Now().UnixNano()
				octx, ocancel := context.WithTimeout(ctx, 5*time.Second)
				err := rw.Put(octx, fmt.Sprintf("counter%d", w), fmt.Sprintf("w%d-%d", w, i))
				ocancel()
				if err == nil {
					acked.Add(1)
					// Only a write invoked after the kill is certainly the new leader's.
					if k := killedAt.Load(); k != 0 && invoked > k {
						select {
						case firstAckAfter <- time.Now():
						default:
						}
					}
				}
			}
		})
	}
	time.Sleep(time.Second)
	say("4 background clients are writing counter1..counter4: %d writes acknowledged so far", acked.Load())

	st := harness.Statuses(ctx, cfg, 0)[leader-1]
	say("SIGKILL the leader, server %d (its log has %d entries, commit index %d)", leader, st.LogLength, st.CommitIndex)
	killTime := time.Now()
	killedAt.Store(killTime.UnixNano())
	if err := c.Kill(harness.Process(leader)); err != nil {
		return err
	}
	newLeader, newTerm, err := harness.WaitLeader(ctx, cfg, leader)
	if err != nil {
		return err
	}
	say("server %d is the new leader (term %d; status polled %d ms after the kill)", newLeader, newTerm, time.Since(killTime).Milliseconds())
	select {
	case t := <-firstAckAfter:
		say("first write invoked after the kill acknowledged %d ms after the kill", t.Sub(killTime).Milliseconds())
	case <-time.After(10 * time.Second):
		return errors.New("no write acknowledged after the failover")
	}
	time.Sleep(time.Second)
	close(stopWriters)
	wg.Wait()

	vc, err := pool.New()
	if err != nil {
		return err
	}
	defer vc.Close()
	writes := 0
	for _, op := range h.Ops() {
		if op.Kind == kvtest.OpPut && op.Outcome == kvtest.OutcomeOK {
			writes++
		}
	}
	if err := kvtest.VerifyDurable(ctx, vc, h); err != nil {
		return fmt.Errorf("an acknowledged write was lost: %w", err)
	}
	say("all %d acknowledged writes survived: every key holds its last acknowledged value", writes)
	ok, info, err := kvtest.CheckLinearizable(h, 30*time.Second)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("history not linearizable: %s", info)
	}
	say("the history of %d operations is linearizable (porcupine)", len(h.Ops()))

	say("restarting server %d on its data directory", leader)
	if err := c.Start(ctx, harness.Process(leader)); err != nil {
		return err
	}
	if line := reloadLine(c.LogPath(harness.Process(leader))); line != "" {
		say("  its log: %s", line)
	}
	agree, err := harness.WaitLogsAgree(ctx, cfg, newLeader, []int{1, 2, 3})
	if err != nil {
		return err
	}
	say("server %d caught up: all 3 logs are identical up to the commit index %d", leader, agree.CommitIndex)
	printStatus(stdout, cfg, agree.Statuses)

	say("stopping the cluster (SIGTERM)")
	if err := c.StopAll(); err != nil {
		return err
	}
	for i := range cfg.N() {
		if exited, err := c.ExitErr(i); exited && err != nil {
			return fmt.Errorf("server %d exited with %v", i+1, err)
		}
	}
	say("done: every server shut down cleanly")
	return nil
}

// reloadLine returns the key part of the last "state reloaded" line of a server log.
func reloadLine(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var last string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if i := strings.Index(sc.Text(), `msg="state reloaded"`); i >= 0 {
			last = sc.Text()[i:]
		}
	}
	return last
}
