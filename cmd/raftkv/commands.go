package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mpgo/mpgo/cmd/raftkv/internal/client"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/config"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/harness"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/server"
	"github.com/mpgo/mpgo/cmd/raftkv/internal/status"
	"github.com/mpgo/mpgo/internal/kvtest"
	"github.com/mpgo/mpgo/internal/procutil"
)

func loadConfig(fs *flag.FlagSet, path string) (*config.Config, error) {
	if path == "" {
		return nil, fmt.Errorf("%s: -config is required", fs.Name())
	}
	return config.Load(path)
}

func runServer(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	id := fs.Int("id", 0, "server id (1..N)")
	cfgPath := fs.String("config", "", "cluster configuration (YAML)")
	level := fs.String("log-level", "info", "log level: debug, info, warn, error")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memProfile := fs.String("memprofile", "", "write an allocation profile to this file at exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	stop, err := procutil.StartProfiles(*cpuProfile, *memProfile)
	if err != nil {
		return err
	}
	defer stop()
	procutil.TuneServerGC()
	cfg, err := loadConfig(fs, *cfgPath)
	if err != nil {
		return err
	}
	log, err := procutil.Logger(os.Stderr, *level)
	if err != nil {
		return err
	}
	s, err := server.New(cfg, *id, log)
	if err != nil {
		return err
	}
	return s.Run(ctx)
}

func runClient(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "cluster configuration (YAML)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(fs, *cfgPath)
	if err != nil {
		return err
	}
	pool := client.NewPool(cfg, nil)
	defer pool.Close()
	c, err := pool.New()
	if err != nil {
		return err
	}
	defer c.Close()
	if fs.NArg() > 0 {
		return clientCommand(ctx, c, fs.Args(), stdout)
	}
	// Interactive: one command per line.
	sc := bufio.NewScanner(stdin)
	for {
		fmt.Fprint(stdout, "> ")
		if !sc.Scan() {
			fmt.Fprintln(stdout)
			return sc.Err()
		}
		line := strings.Fields(sc.Text())
		if len(line) == 0 {
			continue
		}
		if line[0] == "quit" || line[0] == "exit" {
			return nil
		}
		if err := clientCommand(ctx, c, line, stdout); err != nil {
			fmt.Fprintln(stdout, "error:", err)
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

func clientCommand(ctx context.Context, c *client.Client, args []string, stdout io.Writer) error {
	switch {
	case len(args) == 2 && args[0] == "get":
		v, ok, err := c.Get(ctx, args[1])
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintf(stdout, "%s: (no value)\n", args[1])
		} else {
			fmt.Fprintf(stdout, "%s = %s\n", args[1], v)
		}
		return nil
	case len(args) == 3 && args[0] == "put":
		if err := c.Put(ctx, args[1], args[2]); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "ok")
		return nil
	}
	return fmt.Errorf("usage: get KEY | put KEY VALUE (got %q)", strings.Join(args, " "))
}

func runBench(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "cluster configuration (YAML)")
	workload := fs.String("workload", "a", "YCSB workload: a (50% reads), b (95%), c (100%)")
	clients := fs.Int("clients", 1, "concurrent closed-loop clients")
	duration := fs.Duration("duration", 10*time.Second, "measurement window")
	warmup := fs.Duration("warmup", time.Second, "unmeasured warm-up before the window")
	records := fs.Int("records", kvtest.DefaultRecords, "number of keys")
	valueSize := fs.Int("value-size", kvtest.DefaultValueSize, "value size in bytes")
	skipLoad := fs.Bool("skip-load", false, "skip the load phase")
	seed := fs.Uint64("seed", 1, "seed of the key and value choices")
	jsonOut := fs.String("json", "", "also write the result as JSON to this file")
	label := fs.String("label", "", "label of the result (default raftkv/N)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the clients to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	stop, err := procutil.StartProfiles(*cpuProfile, "")
	if err != nil {
		return err
	}
	defer stop()
	cfg, err := loadConfig(fs, *cfgPath)
	if err != nil {
		return err
	}
	w, err := kvtest.ParseWorkload(*workload)
	if err != nil {
		return err
	}
	if *label == "" {
		*label = fmt.Sprintf("raftkv/%d", cfg.N())
	}
	pool := client.NewPool(cfg, nil)
	defer pool.Close()
	res, err := kvtest.Run(ctx, func(int) (kvtest.Client, error) { return pool.New() }, kvtest.Options{
		Workload: w, Clients: *clients, Duration: *duration, Warmup: *warmup, Records: *records,
		ValueSize: *valueSize, Seed: *seed, SkipLoad: *skipLoad, Label: *label,
		OpTimeout: cfg.Timeouts.Request, ErrorBackoff: 10 * time.Millisecond,
	})
	if res != nil {
		fmt.Fprint(stdout, res.Table())
		if *jsonOut != "" {
			if jerr := kvtest.WriteJSONFile(*jsonOut, []*kvtest.Result{res}); jerr != nil {
				return jerr
			}
		}
	}
	return err
}

func runStatus(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "cluster configuration (YAML)")
	upto := fs.Int("upto", -1, "hash the first K log entries (default: the highest commit index)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(fs, *cfgPath)
	if err != nil {
		return err
	}
	sts := clusterStatus(ctx, cfg, *upto)
	printStatus(stdout, cfg, sts)
	return nil
}

// clusterStatus queries every server; a nil entry is a server that did not answer. With
// upto < 0 the log prefix hashed is the highest commit index reported.
func clusterStatus(ctx context.Context, cfg *config.Config, upto int) []*status.Status {
	if upto >= 0 {
		return harness.Statuses(ctx, cfg, upto)
	}
	commit := 0
	for _, st := range harness.Statuses(ctx, cfg, 0) {
		if st != nil {
			commit = max(commit, st.CommitIndex)
		}
	}
	return harness.Statuses(ctx, cfg, commit)
}

func printStatus(w io.Writer, cfg *config.Config, sts []*status.Status) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "server\tstate\tterm\tleader\tcommit\tlog\tprefix hash")
	for i, st := range sts {
		if st == nil {
			fmt.Fprintf(tw, "%d\tdown\t\t\t\t\t\n", cfg.Servers[i].ID)
			continue
		}
		h := st.PrefixHash
		if len(h) > 12 {
			h = fmt.Sprintf("%s (first %d)", h[:12], st.PrefixLength)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%d\t%s\n", st.ID, st.State, st.Term, st.Leader, st.CommitIndex, st.LogLength, h)
	}
	tw.Flush()
}

func runLocal(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("local", flag.ContinueOnError)
	n := fs.Int("n", 3, "number of servers")
	dir := fs.String("dir", "", "directory for the configuration and data (default: a new temporary directory)")
	level := fs.String("log-level", "warn", "log level of the servers")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the servers to this file")
	configOnly := fs.Bool("config-only", false, "write DIR/cluster.yaml (on free ports) and exit, to run the servers as processes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	stop, err := procutil.StartProfiles(*cpuProfile, "")
	if err != nil {
		return err
	}
	defer stop()
	if *n < 1 {
		return errors.New("local: -n must be at least 1")
	}
	log, err := procutil.Logger(os.Stderr, *level)
	if err != nil {
		return err
	}
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "raftkv-local-"); err != nil {
			return err
		}
	}
	ports, err := kvtest.FreePorts(3 * *n)
	if err != nil {
		return err
	}
	cfg, err := config.Loopback(*n, ports, filepath.Join(*dir, "data"))
	if err != nil {
		return err
	}
	cfgPath := filepath.Join(*dir, "cluster.yaml")
	if err := cfg.Write(cfgPath); err != nil {
		return err
	}
	if *configOnly {
		fmt.Fprintln(stdout, cfgPath)
		return nil
	}
	servers := make([]*server.Server, *n)
	for i := range servers {
		if servers[i], err = server.New(cfg, i+1, log); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "raftkv: %d servers on loopback\n", *n)
	for _, s := range cfg.Servers {
		fmt.Fprintf(stdout, "  server %d: mailbox %s  monitor %s  admin http://%s/status\n", s.ID, s.Mailbox, s.Monitor, s.Admin)
	}
	fmt.Fprintf(stdout, "configuration: %s\ndata: %s\n", cfgPath, cfg.DataDir)
	fmt.Fprintf(stdout, "try: raftkv client -config %s put k v\nrunning until SIGINT/SIGTERM\n", cfgPath)
	errs := make(chan error, *n)
	for _, s := range servers {
		go func() { errs <- s.Run(ctx) }()
	}
	var first error
	for range servers {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	fmt.Fprintln(stdout, "raftkv: local cluster stopped")
	return first
}

func runReport(args []string, stdout io.Writer) error {
	all, err := kvtest.ReadJSONFiles(args...)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, kvtest.FormatTable(all))
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "throughput (ops/s):")
	fmt.Fprint(stdout, kvtest.FormatMatrix(all))
	return nil
}
