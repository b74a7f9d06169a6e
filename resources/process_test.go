package resources_test

// Child processes for crash tests and cross-process benchmarks. The test
// binary re-executes itself running only TestHelperProcess, with the role in
// an environment variable; the child talks to its parent through line-based
// stdin/stdout and exits by itself after childLifetime.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	envRole       = "MPGO_RESOURCES_HELPER_ROLE"
	envPath       = "MPGO_RESOURCES_HELPER_PATH"
	envRelaxed    = "MPGO_RESOURCES_HELPER_RELAXED"
	childLifetime = 120 * time.Second
	lineWait      = 60 * time.Second
)

// TestHelperProcess is the child process; it does nothing in a normal run.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(envRole)
	if role == "" {
		return
	}
	go func() { // a forgotten child exits by itself
		time.Sleep(childLifetime)
		os.Exit(3)
	}()
	out := &childOut{}
	in := bufio.NewScanner(os.Stdin)
	var err error
	switch role {
	case "persist":
		err = persistChild(out, in)
	case "plog":
		err = plogChild(out)
	case "tcp-recv":
		err = tcpReceiverChild(out, os.Getenv(envRelaxed) != "")
	default:
		err = fmt.Errorf("unknown role %q", role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// childOut prints whole lines atomically (one write each, unbuffered).
type childOut struct{ mu sync.Mutex }

func (o *childOut) say(format string, args ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fmt.Fprintf(os.Stdout, format+"\n", args...)
}

// helperProc is the parent's handle on a child.
type helperProc struct {
	tb     testing.TB
	cmd    *exec.Cmd
	stdin  *os.File
	lines  chan string
	tail   []string // unread lines of a killed child
	stderr strings.Builder
}

func startHelper(tb testing.TB, role string, env ...string) *helperProc {
	tb.Helper()
	h := &helperProc{tb: tb, lines: make(chan string, 4096)}
	h.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1", "-test.bench=^$")
	h.cmd.Env = append(append(os.Environ(), envRole+"="+role), env...)
	h.cmd.Stderr = &h.stderr
	stdout, err := h.cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	h.cmd.Stdin = r
	h.stdin = w
	if err := h.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	_ = r.Close()
	go func() {
		defer close(h.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			h.lines <- sc.Text()
		}
	}()
	tb.Cleanup(func() {
		_ = h.cmd.Process.Kill()
		_ = h.stdin.Close()
		_ = h.cmd.Wait()
	})
	return h
}

// next returns the child's next line.
func (h *helperProc) next() string {
	h.tb.Helper()
	select {
	case line, ok := <-h.lines:
		if !ok {
			h.tb.Fatalf("child exited; stderr: %s", h.stderr.String())
		}
		return line
	case <-time.After(lineWait):
		h.tb.Fatal("timed out waiting for the child")
	}
	return ""
}

// expect reads lines until one starting with prefix and returns the rest.
func (h *helperProc) expect(prefix string) string {
	h.tb.Helper()
	for {
		if line := h.next(); strings.HasPrefix(line, prefix) {
			return strings.TrimPrefix(line, prefix)
		}
	}
}

func (h *helperProc) send(line string) {
	h.tb.Helper()
	if _, err := h.stdin.WriteString(line + "\n"); err != nil {
		h.tb.Fatal(err)
	}
}

// kill sends SIGKILL, collects what the child printed before dying (see
// rest) and reaps it.
func (h *helperProc) kill() {
	h.tb.Helper()
	if err := h.cmd.Process.Kill(); err != nil {
		h.tb.Fatal(err)
	}
	for line := range h.lines { // before Wait, which closes the pipe
		h.tail = append(h.tail, line)
	}
	err := h.cmd.Wait()
	if err == nil || !strings.Contains(err.Error(), "killed") {
		h.tb.Fatalf("child was not killed: %v; stderr: %s", err, h.stderr.String())
	}
}

// rest returns the lines the killed child printed that were not read.
func (h *helperProc) rest() []string { return h.tail }
