//go:build unix

package kvtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ClusterConfig configures a [Cluster]. Zero values select the defaults noted.
type ClusterConfig struct {
	// Binary is the server executable.
	Binary string
	// N is the number of server processes; their ids are 0 .. N-1.
	N int
	// Args returns the command-line arguments of process id. It is called at every start,
	// so it may return different arguments for a restart. Nil means no arguments.
	Args func(id int) []string
	// Env returns extra environment variables ("KEY=value") for process id, added to the
	// current environment. Optional.
	Env func(id int) []string
	// Dir is where the cluster keeps its files: the log of process id is
	// Dir/logs/node-<id>.log (kept across restarts) and its working directory is
	// Dir/node-<id> (kept across restarts, so relative data paths survive a restart).
	// Required by NewCluster; NewTestCluster defaults it to a test temp dir.
	Dir string
	// Ready, if set, is called after a process starts and must return nil once it is ready
	// (typically WaitForTCP on its address). Start fails if it does not within
	// StartTimeout or if the process exits first.
	Ready func(ctx context.Context, id int) error
	// StartTimeout bounds Ready; default 30s.
	StartTimeout time.Duration
	// StopTimeout is how long Stop waits after SIGTERM before sending SIGKILL, and how long
	// any wait for a signalled process to exit lasts; default 5s.
	StopTimeout time.Duration
	// TailLines is how many lines of each log NewTestCluster prints when a test fails, and
	// Start includes in its error; default 50.
	TailLines int
	// Logger receives lifecycle messages; default none.
	Logger *slog.Logger
}

// Cluster runs server processes for integration tests. Each process's stdout and stderr go
// to its log file, preceded by a line marking each start and followed by one marking its
// exit. Methods that act on one process are serialized per process and safe for concurrent
// use.
type Cluster struct {
	cfg   ClusterConfig
	log   *slog.Logger
	nodes []*node
}

type node struct {
	id      int
	dir     string
	logPath string

	lifecycle sync.Mutex // serializes Start, Stop, Kill and Restart of this process
	starts    int        // guarded by lifecycle

	mu  sync.Mutex // guards run
	run *procRun
}

// procRun is one execution of a process.
type procRun struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited and err is set
	err  error         // cmd.Wait's result
}

func (r *procRun) exited() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// NewCluster validates cfg and prepares the cluster's directories; it starts nothing.
func NewCluster(cfg ClusterConfig) (*Cluster, error) {
	if cfg.Binary == "" {
		return nil, errors.New("kvtest: cluster: no binary")
	}
	if cfg.N <= 0 {
		return nil, fmt.Errorf("kvtest: cluster: %d processes", cfg.N)
	}
	if cfg.Dir == "" {
		return nil, errors.New("kvtest: cluster: no directory")
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = 30 * time.Second
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = 5 * time.Second
	}
	if cfg.TailLines <= 0 {
		cfg.TailLines = 50
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(filepath.Join(cfg.Dir, "logs"), 0o755); err != nil {
		return nil, fmt.Errorf("kvtest: cluster: %w", err)
	}
	c := &Cluster{cfg: cfg, log: log.With("binary", filepath.Base(cfg.Binary))}
	for id := range cfg.N {
		n := &node{
			id:      id,
			dir:     filepath.Join(cfg.Dir, fmt.Sprintf("node-%d", id)),
			logPath: filepath.Join(cfg.Dir, "logs", fmt.Sprintf("node-%d.log", id)),
		}
		if err := os.MkdirAll(n.dir, 0o755); err != nil {
			return nil, fmt.Errorf("kvtest: cluster: %w", err)
		}
		c.nodes = append(c.nodes, n)
	}
	return c, nil
}

// NewTestCluster is NewCluster for a test: cfg.Dir defaults to a temporary directory of t,
// an error fails the test, and at the end of the test every process is stopped and, if the
// test failed, the tail of every log is printed with t.Logf.
func NewTestCluster(t TB, cfg ClusterConfig) *Cluster {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	c, err := NewCluster(cfg)
	if err != nil {
		t.Fatalf("%v", err)
	}
	// Registered after TempDir's cleanup, so it runs before the directory is removed.
	t.Cleanup(func() {
		if err := c.StopAll(); err != nil {
			t.Logf("stopping the cluster: %v", err)
		}
		if t.Failed() {
			for id := range c.nodes {
				t.Logf("--- last %d lines of node %d's log (%s) ---\n%s",
					c.cfg.TailLines, id, c.LogPath(id), c.Tail(id, c.cfg.TailLines))
			}
		}
	})
	return c
}

// N returns the number of processes.
func (c *Cluster) N() int { return len(c.nodes) }

func (c *Cluster) node(id int) (*node, error) {
	if id < 0 || id >= len(c.nodes) {
		return nil, fmt.Errorf("kvtest: cluster: no process %d (have %d)", id, len(c.nodes))
	}
	return c.nodes[id], nil
}

func (n *node) current() *procRun {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.run
}

// LogPath returns the path of process id's log file.
func (c *Cluster) LogPath(id int) string {
	n, err := c.node(id)
	if err != nil {
		return ""
	}
	return n.logPath
}

// NodeDir returns the working directory of process id.
func (c *Cluster) NodeDir(id int) string {
	n, err := c.node(id)
	if err != nil {
		return ""
	}
	return n.dir
}

// StartAll starts every process that is not running, concurrently.
func (c *Cluster) StartAll(ctx context.Context) error {
	errs := make([]error, len(c.nodes))
	var wg sync.WaitGroup
	for id, n := range c.nodes {
		wg.Go(func() {
			n.lifecycle.Lock()
			defer n.lifecycle.Unlock()
			if r := n.current(); r != nil && !r.exited() {
				return
			}
			errs[id] = c.start(ctx, n)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Start starts process id, which must not be running, and waits until it is ready (see
// ClusterConfig.Ready). If it does not become ready, it is killed and the error includes
// the tail of its log.
func (c *Cluster) Start(ctx context.Context, id int) error {
	n, err := c.node(id)
	if err != nil {
		return err
	}
	n.lifecycle.Lock()
	defer n.lifecycle.Unlock()
	if r := n.current(); r != nil && !r.exited() {
		return fmt.Errorf("kvtest: cluster: process %d is already running (pid %d)", id, r.cmd.Process.Pid)
	}
	return c.start(ctx, n)
}

// Restart stops process id gracefully (see Stop) if it is running, and starts it again.
func (c *Cluster) Restart(ctx context.Context, id int) error {
	n, err := c.node(id)
	if err != nil {
		return err
	}
	n.lifecycle.Lock()
	defer n.lifecycle.Unlock()
	if err := c.stop(n, syscall.SIGTERM); err != nil {
		return err
	}
	return c.start(ctx, n)
}

// Stop sends SIGTERM to process id and waits for it to exit; after StopTimeout it sends
// SIGKILL. Stopping a process that is not running does nothing.
func (c *Cluster) Stop(id int) error {
	return c.withNode(id, func(n *node) error { return c.stop(n, syscall.SIGTERM) })
}

// Kill sends SIGKILL to process id (a crash) and waits for it to exit.
func (c *Cluster) Kill(id int) error {
	return c.withNode(id, func(n *node) error { return c.stop(n, syscall.SIGKILL) })
}

// Pause suspends process id with SIGSTOP (it keeps its sockets but stops responding).
func (c *Cluster) Pause(id int) error { return c.signal(id, syscall.SIGSTOP) }

// Resume resumes process id with SIGCONT after Pause.
func (c *Cluster) Resume(id int) error { return c.signal(id, syscall.SIGCONT) }

// StopAll stops every process concurrently (see Stop).
func (c *Cluster) StopAll() error {
	errs := make([]error, len(c.nodes))
	var wg sync.WaitGroup
	for id := range c.nodes {
		wg.Go(func() { errs[id] = c.Stop(id) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Alive reports whether process id has been started and has not exited.
func (c *Cluster) Alive(id int) bool {
	n, err := c.node(id)
	if err != nil {
		return false
	}
	r := n.current()
	return r != nil && !r.exited()
}

// Pid returns the process id of the last start of process id, or 0 if it never started.
func (c *Cluster) Pid(id int) int {
	n, err := c.node(id)
	if err != nil {
		return 0
	}
	if r := n.current(); r != nil {
		return r.cmd.Process.Pid
	}
	return 0
}

// ExitErr reports whether the last start of process id has exited, and if so with what
// error (nil for exit status 0; an *exec.ExitError otherwise).
func (c *Cluster) ExitErr(id int) (exited bool, err error) {
	n, nerr := c.node(id)
	if nerr != nil {
		return false, nerr
	}
	r := n.current()
	if r == nil || !r.exited() {
		return false, nil
	}
	return true, r.err
}

// Wait waits until the last start of process id exits and returns its exit error (nil
// for exit status 0), or returns ctx's error.
func (c *Cluster) Wait(ctx context.Context, id int) error {
	n, err := c.node(id)
	if err != nil {
		return err
	}
	r := n.current()
	if r == nil {
		return fmt.Errorf("kvtest: cluster: process %d was never started", id)
	}
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// CheckAlive returns an error naming every started process that has exited.
func (c *Cluster) CheckAlive() error {
	var errs []error
	for id, n := range c.nodes {
		if r := n.current(); r != nil && r.exited() {
			errs = append(errs, fmt.Errorf("kvtest: cluster: process %d (pid %d) exited: %v", id, r.cmd.Process.Pid, r.err))
		}
	}
	return errors.Join(errs...)
}

// Tail returns the last lines of process id's log (at most the last 64 KiB).
func (c *Cluster) Tail(id, lines int) string {
	n, err := c.node(id)
	if err != nil {
		return err.Error()
	}
	return tailFile(n.logPath, lines)
}

func (c *Cluster) withNode(id int, f func(*node) error) error {
	n, err := c.node(id)
	if err != nil {
		return err
	}
	n.lifecycle.Lock()
	defer n.lifecycle.Unlock()
	return f(n)
}

func (c *Cluster) signal(id int, sig syscall.Signal) error {
	n, err := c.node(id)
	if err != nil {
		return err
	}
	r := n.current()
	if r == nil || r.exited() {
		return fmt.Errorf("kvtest: cluster: process %d is not running", id)
	}
	if err := r.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("kvtest: cluster: signalling process %d: %w", id, err)
	}
	return nil
}

// start starts n; the caller holds n.lifecycle and n is not running.
func (c *Cluster) start(ctx context.Context, n *node) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n.starts++
	var args, env []string
	if c.cfg.Args != nil {
		args = c.cfg.Args(n.id)
	}
	if c.cfg.Env != nil {
		env = c.cfg.Env(n.id)
	}
	f, err := os.OpenFile(n.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("kvtest: cluster: %w", err)
	}
	fmt.Fprintf(f, "=== kvtest: start #%d of node %d at %s: %s %s\n",
		n.starts, n.id, time.Now().Format(time.RFC3339Nano), c.cfg.Binary, strings.Join(args, " "))
	cmd := exec.Command(c.cfg.Binary, args...)
	cmd.Dir = n.dir
	// With *os.File outputs the child writes to the log directly (no copying goroutine),
	// so its output survives whatever happens to this process.
	cmd.Stdout, cmd.Stderr = f, f
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = sysProcAttr()
	err = cmd.Start()
	f.Close()
	if err != nil {
		appendLog(n.logPath, "=== kvtest: start failed: %v\n", err)
		return fmt.Errorf("kvtest: cluster: starting process %d: %w", n.id, err)
	}
	r := &procRun{cmd: cmd, done: make(chan struct{})}
	n.mu.Lock()
	n.run = r
	n.mu.Unlock()
	pid := cmd.Process.Pid
	log := c.log.With("node", n.id, "pid", pid)
	log.Info("started", "start", n.starts, "args", args)
	go func() {
		err := cmd.Wait()
		appendLog(n.logPath, "=== kvtest: node %d (pid %d) exited at %s: %v\n",
			n.id, pid, time.Now().Format(time.RFC3339Nano), exitDescription(err))
		r.err = err
		close(r.done)
		log.Info("exited", "status", exitDescription(err))
	}()

	if c.cfg.Ready == nil {
		return nil
	}
	rctx, cancel := context.WithTimeoutCause(ctx, c.cfg.StartTimeout,
		fmt.Errorf("not ready after %v", c.cfg.StartTimeout))
	defer cancel()
	rctx, cancelExit := context.WithCancelCause(rctx)
	defer cancelExit(nil)
	go func() {
		select {
		case <-r.done:
			cancelExit(fmt.Errorf("process exited during startup: %s", exitDescription(r.err)))
		case <-rctx.Done():
		}
	}()
	if err := c.cfg.Ready(rctx, n.id); err != nil {
		if cause := context.Cause(rctx); cause != nil {
			err = fmt.Errorf("%w (%v)", err, cause)
		}
		if kerr := c.stop(n, syscall.SIGKILL); kerr != nil {
			err = errors.Join(err, kerr)
		}
		return fmt.Errorf("kvtest: cluster: process %d did not become ready: %w\n--- last lines of %s ---\n%s",
			n.id, err, n.logPath, tailFile(n.logPath, c.cfg.TailLines))
	}
	log.Info("ready")
	return nil
}

// stop ends n's process with sig (SIGTERM escalates to SIGKILL after StopTimeout) and waits
// for it to exit; the caller holds n.lifecycle.
func (c *Cluster) stop(n *node, sig syscall.Signal) error {
	r := n.current()
	if r == nil || r.exited() {
		return nil
	}
	send := func(s syscall.Signal) {
		if err := r.cmd.Process.Signal(s); err != nil && !errors.Is(err, os.ErrProcessDone) {
			c.log.Warn("signal failed", "node", n.id, "signal", s, "err", err)
		}
	}
	send(sig)
	if sig == syscall.SIGTERM {
		send(syscall.SIGCONT) // a paused process must run to handle SIGTERM
		if waitClosed(r.done, c.cfg.StopTimeout) {
			return nil
		}
		c.log.Warn("no exit after SIGTERM: sending SIGKILL", "node", n.id, "timeout", c.cfg.StopTimeout)
		appendLog(n.logPath, "=== kvtest: no exit %v after SIGTERM: sending SIGKILL\n", c.cfg.StopTimeout)
		send(syscall.SIGKILL)
	}
	if waitClosed(r.done, c.cfg.StopTimeout) {
		return nil
	}
	return fmt.Errorf("kvtest: cluster: process %d (pid %d) did not exit %v after SIGKILL", n.id, r.cmd.Process.Pid, c.cfg.StopTimeout)
}

// waitClosed waits until done is closed or d has passed.
func waitClosed(done <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

func exitDescription(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}

// appendLog appends a line of the harness's own to a log file, ignoring errors (the log is
// a debugging aid).
func appendLog(path, format string, args ...any) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, format, args...)
}

// tailFile returns the last n lines of the file at path, reading at most its last 64 KiB.
func tailFile(path string, n int) string {
	const maxRead = 64 << 10
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read log: %v)", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Sprintf("(cannot read log: %v)", err)
	}
	off := max(st.Size()-maxRead, 0)
	buf := make([]byte, st.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Sprintf("(cannot read log: %v)", err)
	}
	lines := strings.Split(strings.TrimRight(string(buf), "\n"), "\n")
	if off > 0 && len(lines) > 1 {
		lines = lines[1:] // the first line is probably cut
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
