package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/mpgo/mpgo/modelcheck"
)

func checkCommand() command {
	return command{
		name:    "check",
		summary: "model-check a TLA+ specification with a TLC configuration file",
		run:     runCheck,
	}
}

// workersFlag accepts a number or "auto" (one worker per core), as TLC.
type workersFlag int

func (w *workersFlag) String() string { return strconv.Itoa(int(*w)) }
func (w *workersFlag) Set(s string) error {
	if s == "auto" {
		*w = workersFlag(runtime.NumCPU())
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return fmt.Errorf("-workers wants a positive number or auto")
	}
	*w = workersFlag(n)
	return nil
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "model configuration `FILE.cfg` (default: SPEC.cfg)")
	workers := workersFlag(1)
	fs.Var(&workers, "workers", "number of worker goroutines, or auto")
	deadlock := fs.Bool("deadlock", false, "do not check for deadlock (as TLC's -deadlock)")
	jsonOut := fs.String("json", "", "write the summary as JSON to `FILE` (the schema of the corpus' expected.json)")
	dumpTrace := fs.String("dump-trace", "", "write the error trace as JSON to `FILE`")
	progress := fs.Duration("progress", time.Minute, "interval between Progress lines")
	ignoreTemporal := fs.Bool("ignore-temporal", false, "check only the safety part of the PROPERTIES (no liveness check)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: mpgo check [-config FILE.cfg] [-workers N] [-deadlock] [-ignore-temporal] [-json OUT] [-dump-trace OUT] SPEC.tla\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return modelcheck.ExitOther
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return modelcheck.ExitOther
	}
	defer tuneGC()()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := modelcheck.Check(ctx, modelcheck.Options{
		Spec:             fs.Arg(0),
		Config:           *config,
		Workers:          int(workers),
		NoDeadlock:       *deadlock,
		IgnoreTemporal:   *ignoreTemporal,
		Out:              stdout,
		ProgressInterval: *progress,
	})
	if err != nil {
		fmt.Fprintf(stderr, "mpgo check: %v\n", err)
	}
	if *jsonOut != "" {
		if werr := writeJSON(*jsonOut, res); werr != nil {
			fmt.Fprintf(stderr, "mpgo check: %v\n", werr)
		}
	}
	if *dumpTrace != "" {
		if werr := writeJSON(*dumpTrace, res.Trace); werr != nil {
			fmt.Fprintf(stderr, "mpgo check: %v\n", werr)
		}
	}
	return res.ExitCode
}

// tuneGC trades memory for speed unless GOGC or GOMEMLIMIT say otherwise.
// The checker's live heap is the BFS frontier plus large pointer-free
// arrays (the fingerprint set): with the default GOGC=100 a small heap is
// collected far too often, while a fixed higher GOGC lets a large heap
// balloon. So the heap goal is kept at max(2 x live heap, floor), the floor
// being an eighth of the machine's memory (at most 1 GiB), re-tuned every
// half second; a soft limit of a quarter of the memory (TLC's default
// heap) bounds it. The returned function stops the tuner.
func tuneGC() func() {
	mem := physicalMemory()
	if os.Getenv("GOMEMLIMIT") == "" && mem > 0 {
		debug.SetMemoryLimit(mem / 4)
	}
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	floor := int64(1 << 30)
	if mem > 0 && mem/8 < floor {
		floor = mem / 8
	}
	set := func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		live := int64(sample[0].Value.Uint64())
		pct := 100
		if live > 0 && floor > 2*live {
			pct = int(min(100*(floor-live)/live, 2000))
		}
		debug.SetGCPercent(pct)
	}
	set()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				set()
			}
		}
	}()
	return func() { close(done) }
}

// physicalMemory reads the machine's memory from /proc/meminfo (0 if
// unknown).
func physicalMemory() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	var kb int64
	for _, line := range strings.Split(string(data), "\n") {
		if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kb); err == nil {
			return kb * 1024
		}
	}
	return 0
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
