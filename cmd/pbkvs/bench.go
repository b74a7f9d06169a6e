package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/client"
	"github.com/mpgo/mpgo/internal/kvtest"
)

// benchCmd runs a YCSB-style closed-loop benchmark (kvtest.Run) against a running cluster.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs, true)
	common.logLevel = "warn"
	workload := fs.String("workload", "a", "YCSB workload: a (50% reads, 50% updates), b (95/5) or c (reads only)")
	clients := fs.Int("clients", 1, "concurrent closed-loop clients")
	duration := fs.Duration("duration", 10*time.Second, "length of the measurement")
	warmup := fs.Duration("warmup", time.Second, "unmeasured run before the measurement")
	records := fs.Int("records", kvtest.DefaultRecords, "number of keys (loaded before the run)")
	valueSize := fs.Int("value-size", kvtest.DefaultValueSize, "size of the values written, in bytes")
	seed := fs.Uint64("seed", 1, "seed of the key and value choices")
	skipLoad := fs.Bool("skip-load", false, "skip the load phase (the store already holds the keys)")
	jsonOut := fs.String("json", "", "also write the result as JSON to this file")
	label := fs.String("label", "", "label of the result (default pbkvs/<replicas>)")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	log, err := common.logger(stderr)
	if err != nil {
		return err
	}
	w, err := kvtest.ParseWorkload(*workload)
	if err != nil {
		return usageError{err.Error()}
	}
	if *clients < 1 {
		return usagef("-clients must be at least 1")
	}
	cfg, err := common.load()
	if err != nil {
		return err
	}
	if *clients > cfg.Clients.Count {
		return usagef("-clients %d exceeds the configuration's client slots (clients.count %d)", *clients, cfg.Clients.Count)
	}
	if *label == "" {
		*label = fmt.Sprintf("pbkvs/%d", cfg.N())
	}
	stopProfile, err := common.startProfile()
	if err != nil {
		return err
	}
	defer stopProfile()
	pool := client.NewPool(cfg, log)
	defer pool.Close()
	// kvtest.Run closes the clients it opens.
	newClient := func(int) (kvtest.Client, error) { return pool.NewClient() }
	res, err := kvtest.Run(ctx, newClient, kvtest.Options{
		Workload:     w,
		Clients:      *clients,
		Duration:     *duration,
		Warmup:       *warmup,
		Records:      *records,
		ValueSize:    *valueSize,
		Seed:         *seed,
		SkipLoad:     *skipLoad,
		OpTimeout:    cfg.Timeouts.Request,
		ErrorBackoff: 10 * time.Millisecond,
		Label:        *label,
		Logger:       log,
	})
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, res.Table())
	if *jsonOut != "" {
		if err := kvtest.WriteJSONFile(*jsonOut, []*kvtest.Result{res}); err != nil {
			return err
		}
	}
	return nil
}

// reportCmd prints the results of several bench -json files as one table.
func reportCmd(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef("no result files")
	}
	all, err := kvtest.ReadJSONFiles(args...)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, kvtest.FormatTable(all))
	return nil
}
