package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/client"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/harness"
)

// runFailover measures failovers: on a 3-server cluster of processes with clients
// writing continuously, it SIGKILLs the leader and measures the time from the kill to the
// first write acknowledged afterwards (necessarily by a new leader), then restarts the
// old leader, waits until it has caught up, and repeats.
func runFailover(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("failover", flag.ContinueOnError)
	runs := fs.Int("runs", 5, "number of leader kills")
	n := fs.Int("n", 3, "number of servers")
	writers := fs.Int("writers", 8, "concurrent writing clients")
	if err := fs.Parse(args); err != nil {
		return err
	}
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "raftkv-failover-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg, err := harness.Config(*n)
	if err != nil {
		return err
	}
	c, err := harness.New(harness.Options{Binary: bin, Dir: dir, Config: cfg})
	if err != nil {
		return err
	}
	defer c.StopAll()
	if err := c.StartAll(ctx); err != nil {
		return err
	}
	if _, _, err := harness.WaitLeader(ctx, cfg); err != nil {
		return err
	}
	pool := client.NewPool(cfg, nil)
	defer pool.Close()

	var lastAck atomic.Int64 // unix nanos of the latest acknowledged write
	acks := make(chan time.Time, 1024)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer func() { close(stop); wg.Wait() }()
	for w := range *writers {
		cl, err := pool.New()
		if err != nil {
			return err
		}
		wg.Go(func() {
			defer cl.Close()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				octx, cancel := context.WithTimeout(ctx, 10*time.Second)
				err := cl.Put(octx, fmt.Sprintf("failover%d", w), fmt.Sprint(i))
				cancel()
				if err == nil {
					now := time.Now()
					lastAck.Store(now.UnixNano())
					select {
					case acks <- now:
					default:
					}
				}
			}
		})
	}
	var results []time.Duration
	for run := 1; run <= *runs; run++ {
		time.Sleep(time.Second)
		// Kill a leader of a cluster that is serving writes.
		progress := time.Now().Add(30 * time.Second)
		for time.Since(time.Unix(0, lastAck.Load())) > 100*time.Millisecond {
			if time.Now().After(progress) {
				return errors.New("the writers are not making progress")
			}
			time.Sleep(10 * time.Millisecond)
		}
		leader, term, err := harness.WaitLeader(ctx, cfg)
		if err != nil {
			return err
		}
		killStart := time.Now()
		if err := c.Kill(harness.Process(leader)); err != nil {
			return err
		}
		killed := time.Now() // the process has exited: later acknowledgements come from a new leader
		var first time.Time
		for first.IsZero() {
			select {
			case t := <-acks:
				if t.After(killed) {
					first = t
				}
			case <-time.After(30 * time.Second):
				return errors.New("no write acknowledged within 30s of the kill")
			}
		}
		d := first.Sub(killStart)
		results = append(results, d)
		newLeader, newTerm, err := harness.WaitLeader(ctx, cfg, leader)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "run %d: killed leader %d (term %d); first write acknowledged after %d ms; new leader %d (term %d)\n",
			run, leader, term, d.Milliseconds(), newLeader, newTerm)
		if err := c.Start(ctx, harness.Process(leader)); err != nil {
			return err
		}
		all := make([]int, cfg.N())
		for i := range all {
			all[i] = i + 1
		}
		if _, err := harness.WaitLogsAgree(ctx, cfg, newLeader, all); err != nil {
			return fmt.Errorf("server %d did not catch up: %w", leader, err)
		}
	}
	slices.Sort(results)
	var sum time.Duration
	for _, d := range results {
		sum += d
	}
	fmt.Fprintf(stdout, "failover (SIGKILL of the leader to the first acknowledged write), %d runs: min %d ms, median %d ms, mean %d ms, max %d ms\n",
		len(results), results[0].Milliseconds(), results[len(results)/2].Milliseconds(),
		(sum / time.Duration(len(results))).Milliseconds(), results[len(results)-1].Milliseconds())
	return nil
}
