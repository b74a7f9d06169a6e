package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
)

// localCmd starts n replica processes (this executable's server command) on loopback with
// a fresh configuration, prints how to use them, and runs until SIGINT/SIGTERM, when it
// stops them with SIGTERM. A replica that exits is reported and not restarted (replicas
// are crash-stop).
func localCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs, false)
	n := fs.Int("n", 3, "number of replicas")
	dir := fs.String("dir", "", "directory for the configuration and the replicas' logs (default: a new temporary directory)")
	host := fs.String("host", "127.0.0.1", "address to listen on")
	base := fs.Int("base-port", 0, "first of the consecutive ports to use (default: a free range)")
	slots := fs.Int("client-slots", 64, "client slots (concurrent clients) in the configuration")
	batch := fs.Int("batch", 0, "BATCH: most requests per replication round (default: the configuration default)")
	dataDir := fs.Bool("persist", false, "keep each replica's state in DIR/data (see README: whole-cluster restarts only)")
	configOnly := fs.Bool("config-only", false, "write the configuration, print its path and exit without starting replicas")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	log, err := common.logger(stderr)
	if err != nil {
		return err
	}
	if *n < 1 {
		return usagef("-n must be at least 1")
	}
	span := config.LocalPorts(*n, *slots)
	if *base == 0 {
		if *base, err = config.FreeRange(*host, span); err != nil {
			return err
		}
	}
	cfg, err := config.Local(*host, *n, *slots, *base)
	if err != nil {
		return err
	}
	if *batch != 0 {
		cfg.Batch = *batch
	}
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "pbkvs-local-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	if *dataDir {
		cfg.DataDir = filepath.Join(*dir, "data")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	data, err := cfg.Marshal()
	if err != nil {
		return err
	}
	cfgPath := filepath.Join(*dir, "pbkvs.yaml")
	if err := os.WriteFile(cfgPath, data, 0o644); err != nil {
		return err
	}
	if *configOnly {
		fmt.Fprintln(stdout, cfgPath)
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}

	type proc struct {
		id   int
		cmd  *exec.Cmd
		done chan struct{}
	}
	var procs []*proc
	var wg sync.WaitGroup
	stopAll := func() {
		for _, p := range procs {
			select {
			case <-p.done:
			default:
				_ = p.cmd.Process.Signal(syscall.SIGTERM)
			}
		}
		timer := time.AfterFunc(10*time.Second, func() {
			for _, p := range procs {
				_ = p.cmd.Process.Kill()
			}
		})
		wg.Wait()
		timer.Stop()
	}
	for id := 1; id <= *n; id++ {
		cmd := exec.Command(exe, "server", "-id", fmt.Sprint(id), "-config", cfgPath, "-log-level", common.logLevel)
		logPath := filepath.Join(*dir, fmt.Sprintf("replica-%d.log", id))
		f, err := os.Create(logPath)
		if err != nil {
			stopAll()
			return err
		}
		// Each replica logs to its file and, prefixed, to our stderr.
		pr, pw := io.Pipe()
		cmd.Stdout, cmd.Stderr = io.MultiWriter(f, pw), io.MultiWriter(f, pw)
		if err := cmd.Start(); err != nil {
			f.Close()
			stopAll()
			return err
		}
		p := &proc{id: id, cmd: cmd, done: make(chan struct{})}
		procs = append(procs, p)
		wg.Add(2)
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(pr)
			sc.Buffer(make([]byte, 64<<10), 1<<20)
			for sc.Scan() {
				fmt.Fprintf(stderr, "[replica %d] %s\n", id, sc.Text())
			}
			io.Copy(io.Discard, pr)
		}()
		go func() {
			defer wg.Done()
			err := cmd.Wait()
			pw.Close()
			f.Close()
			close(p.done)
			if ctx.Err() == nil {
				log.Warn("replica exited", "replica", id, "err", err)
			}
		}()
	}

	fmt.Fprintf(stdout, "pbkvs: %d replicas on %s (ports %d..%d)\n", *n, *host, *base, *base+span-1)
	for _, p := range procs {
		r, _ := cfg.Replica(p.id)
		fmt.Fprintf(stdout, "  replica %d: pid %d, mailboxes %s (+%d ports), monitor %s\n",
			p.id, p.cmd.Process.Pid, r.Mailbox, config.MailboxPorts-1, r.Monitor)
	}
	fmt.Fprintf(stdout, "configuration: %s\nlogs: %s/replica-*.log\n", cfgPath, *dir)
	fmt.Fprintf(stdout, "try:\n  %[1]s client -config %[2]s put hello world\n  %[1]s client -config %[2]s get hello\n  %[1]s bench -config %[2]s -workload a -clients 8 -duration 10s\n  kill -9 %[3]d   # crash the primary; clients fail over\n",
		exe, cfgPath, procs[0].cmd.Process.Pid)
	fmt.Fprintln(stdout, "press Ctrl-C to stop")

	<-ctx.Done()
	fmt.Fprintln(stdout, "stopping")
	stopAll()
	return nil
}
