//go:build unix

package kvtest

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperEnv makes the test binary act as a helper server process instead of running tests.
const helperEnv = "KVTEST_HELPER_PROCESS"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// runHelper is the helper process: in mode "echo" a line-echo server on -addr, in mode
// "exit" a process that fails at once.
func runHelper(mode string, args []string) int {
	fs := flag.NewFlagSet("helper", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	ignoreTerm := fs.Bool("ignore-term", false, "ignore SIGTERM")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if mode == "exit" {
		fmt.Fprintln(os.Stderr, "helper: failing on purpose")
		return 3
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 1
	}
	wd, _ := os.Getwd()
	fmt.Printf("helper: listening on %s in %s\n", ln.Addr(), wd)
	fmt.Fprintln(os.Stderr, "helper: stderr is captured too")
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				sc := bufio.NewScanner(conn)
				for sc.Scan() {
					if _, err := fmt.Fprintf(conn, "%s\n", sc.Text()); err != nil {
						return
					}
				}
			}()
		}
	}()
	for range sigs {
		if *ignoreTerm {
			fmt.Println("helper: ignoring SIGTERM")
			continue
		}
		fmt.Println("helper: shutting down")
		ln.Close()
		return 0
	}
	return 0
}

// helperEnviron returns the environment of a helper process. Under the race detector a
// process sleeps 1s at exit by default; the helpers need not.
func helperEnviron(mode string) []string {
	return []string{helperEnv + "=" + mode, "GORACE=" + os.Getenv("GORACE") + " atexit_sleep_ms=0"}
}

// echo sends a line to addr and checks the answer.
func echo(ctx context.Context, addr, line string) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(conn, "%s\n", line); err != nil {
		return err
	}
	got, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if got != line+"\n" {
		return fmt.Errorf("echo returned %q, want %q", got, line)
	}
	return nil
}

func helperCluster(t *testing.T, n int, mode string, extraArgs ...string) (*Cluster, []string) {
	t.Helper()
	ports, err := FreePorts(n)
	if err != nil {
		t.Fatal(err)
	}
	addrs := make([]string, n)
	for i, p := range ports {
		addrs[i] = net.JoinHostPort("127.0.0.1", strconv.Itoa(p))
	}
	c := NewTestCluster(t, ClusterConfig{
		Binary: os.Args[0],
		N:      n,
		Args:   func(id int) []string { return append([]string{"-addr", addrs[id]}, extraArgs...) },
		Env:    func(int) []string { return helperEnviron(mode) },
		Ready: func(ctx context.Context, id int) error {
			return WaitForTCP(ctx, addrs[id])
		},
		StartTimeout: 20 * time.Second,
		StopTimeout:  5 * time.Second,
	})
	return c, addrs
}

func readLog(t *testing.T, c *Cluster, id int) string {
	t.Helper()
	b, err := os.ReadFile(c.LogPath(id))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestClusterLifecycle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	c, addrs := helperCluster(t, 2, "echo")
	if err := c.StartAll(ctx); err != nil {
		t.Fatal(err)
	}
	for id, a := range addrs {
		if !c.Alive(id) || c.Pid(id) == 0 {
			t.Fatalf("process %d not alive after start", id)
		}
		if err := echo(ctx, a, "hello"); err != nil {
			t.Fatalf("process %d: %v", id, err)
		}
	}
	if err := c.Start(ctx, 0); err == nil {
		t.Error("starting a running process succeeded")
	}
	if err := c.CheckAlive(); err != nil {
		t.Error(err)
	}

	// Crash: SIGKILL.
	pid := c.Pid(0)
	if err := c.Kill(0); err != nil {
		t.Fatal(err)
	}
	if c.Alive(0) {
		t.Fatal("killed process still alive")
	}
	exited, err := c.ExitErr(0)
	var ee *exec.ExitError
	if !exited || !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("ExitErr after Kill = %v, %v; want killed by SIGKILL", exited, err)
	}
	if err := c.CheckAlive(); err == nil || !strings.Contains(err.Error(), "process 0") {
		t.Errorf("CheckAlive after a kill = %v", err)
	}
	if err := echo(ctx, addrs[0], "x"); err == nil {
		t.Error("killed server still answers")
	}
	if err := c.Kill(0); err != nil {
		t.Errorf("killing a dead process: %v", err)
	}

	// Restart after the crash, in the same working directory.
	if err := c.Restart(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if c.Pid(0) == pid {
		t.Error("restart kept the pid")
	}
	if err := echo(ctx, addrs[0], "again"); err != nil {
		t.Fatal(err)
	}
	// Restart of a running process: graceful stop, then start.
	if err := c.Restart(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := echo(ctx, addrs[0], "and again"); err != nil {
		t.Fatal(err)
	}

	// Graceful stop: SIGTERM, exit status 0.
	if err := c.Stop(1); err != nil {
		t.Fatal(err)
	}
	if exited, err := c.ExitErr(1); !exited || err != nil {
		t.Errorf("ExitErr after Stop = %v, %v; want a clean exit", exited, err)
	}

	log0 := readLog(t, c, 0)
	for _, want := range []string{"start #1 ", "start #2 ", "start #3 ", "helper: listening on " + addrs[0], "stderr is captured too", "signal: killed", "helper: shutting down", "in " + c.NodeDir(0)} {
		if !strings.Contains(log0, want) {
			t.Errorf("log of process 0 lacks %q:\n%s", want, log0)
		}
	}
	if !strings.Contains(readLog(t, c, 1), "helper: shutting down") {
		t.Errorf("log of process 1 lacks the shutdown message")
	}
	if tail := c.Tail(0, 2); strings.Count(tail, "\n") != 1 || !strings.HasSuffix(tail, "helper: stderr is captured too") {
		t.Errorf("Tail(0, 2) = %q", tail)
	}
	if err := c.StopAll(); err != nil {
		t.Fatal(err)
	}
	if c.Alive(0) || c.Alive(1) {
		t.Error("processes alive after StopAll")
	}
	if err := c.Kill(7); err == nil {
		t.Error("Kill of a process that does not exist succeeded")
	}
}

func TestClusterStopEscalatesToKill(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ports, err := FreePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))
	c := NewTestCluster(t, ClusterConfig{
		Binary:      os.Args[0],
		N:           1,
		Args:        func(int) []string { return []string{"-addr", addr, "-ignore-term"} },
		Env:         func(int) []string { return helperEnviron("echo") },
		Ready:       func(ctx context.Context, _ int) error { return WaitForTCP(ctx, addr) },
		StopTimeout: 300 * time.Millisecond,
	})
	if err := c.Start(ctx, 0); err != nil {
		t.Fatal(err)
	}
	// Paused processes still get stopped.
	if err := c.Pause(0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := c.Stop(0); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("Stop returned after %v, before the SIGTERM timeout", d)
	}
	_, err = c.ExitErr(0)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Errorf("exit = %v, want killed", err)
	}
	log := readLog(t, c, 0)
	for _, want := range []string{"helper: ignoring SIGTERM", "sending SIGKILL"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if err := c.Resume(0); err == nil {
		t.Error("Resume of a stopped process succeeded")
	}
}

func TestClusterStartFailure(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, _ := helperCluster(t, 1, "exit")
	err := c.Start(ctx, 0)
	if err == nil {
		t.Fatal("a process that exits at once started")
	}
	for _, want := range []string{"exited during startup", "exit status 3", "helper: failing on purpose"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if err := c.Wait(ctx, 0); err == nil {
		t.Error("Wait: no exit error")
	}

	bad, err := NewCluster(ClusterConfig{Binary: filepath.Join(t.TempDir(), "no-such-binary"), N: 1, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Start(ctx, 0); err == nil {
		t.Error("starting a missing binary succeeded")
	}
	for _, cfg := range []ClusterConfig{{N: 1, Dir: "x"}, {Binary: "x", Dir: "x"}, {Binary: "x", N: 1}} {
		if _, err := NewCluster(cfg); err == nil {
			t.Errorf("NewCluster(%+v) accepted", cfg)
		}
	}
}

func TestTestClusterDumpsLogsOnFailure(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ports, err := FreePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))
	ftb := &fakeTB{dir: t.TempDir(), failed: true}
	c := NewTestCluster(ftb, ClusterConfig{
		Binary: os.Args[0],
		N:      1,
		Args:   func(int) []string { return []string{"-addr", addr} },
		Env:    func(int) []string { return helperEnviron("echo") },
		Ready:  func(ctx context.Context, _ int) error { return WaitForTCP(ctx, addr) },
	})
	if err := c.Start(ctx, 0); err != nil {
		t.Fatal(err)
	}
	ftb.runCleanups()
	if c.Alive(0) {
		t.Error("cleanup left the process running")
	}
	all := strings.Join(ftb.logs, "\n")
	if !strings.Contains(all, "node 0's log") || !strings.Contains(all, "helper: listening on") || !strings.Contains(all, "helper: shutting down") {
		t.Errorf("cleanup of a failed test did not dump the log tail:\n%s", all)
	}
}

func TestFreePortsAndWaitForTCP(t *testing.T) {
	ports, err := FreePorts(5)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range ports {
		if p <= 0 || seen[p] {
			t.Fatalf("bad ports %v", ports)
		}
		seen[p] = true
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := WaitForTCP(ctx, addr); err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitForTCP on a closed port = %v, want a deadline error", err)
	}

	// A listener that appears later is found.
	ready := make(chan net.Listener, 1)
	go func() {
		time.Sleep(50 * time.Millisecond) // the server starts late
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			ready <- nil
			return
		}
		ready <- ln
	}()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	err = WaitForTCP(ctx2, addr)
	ln := <-ready
	if ln == nil {
		t.Skip("port taken by another process")
	}
	defer ln.Close()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSendGarbage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, addrs := helperCluster(t, 1, "echo")
	if err := c.Start(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := SendGarbage(addrs[0]); err != nil {
		t.Fatal(err)
	}
	if err := SendGarbage(addrs[0], []byte("hello\n"), PrefixThenGarbage([]byte("x"), 10, 1)); err != nil {
		t.Fatal(err)
	}
	if !c.Alive(0) {
		t.Fatal("server died")
	}
	if err := echo(ctx, addrs[0], "still here"); err != nil {
		t.Fatal(err)
	}
	if err := c.Kill(0); err != nil {
		t.Fatal(err)
	}
	if err := SendGarbage(addrs[0]); err == nil {
		t.Error("SendGarbage to a dead server succeeded")
	}
}

func TestGarbagePayloads(t *testing.T) {
	a, b := GarbagePayloads(1), GarbagePayloads(1)
	if len(a) < 10 || len(a) != len(b) {
		t.Fatalf("%d and %d payloads", len(a), len(b))
	}
	for i := range a {
		if string(a[i]) != string(b[i]) {
			t.Errorf("payload %d not deterministic", i)
		}
	}
	if string(GarbagePayloads(2)[0]) == string(a[0]) {
		t.Error("seed does not change the random payload")
	}
	p := PrefixThenGarbage([]byte("HDR"), 5, 1)
	if len(p) != 8 || string(p[:3]) != "HDR" {
		t.Errorf("PrefixThenGarbage = %q", p)
	}
}
