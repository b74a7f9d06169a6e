package store

// Crash tests with real processes. The test binary re-executes itself as a
// child (TestHelperProcess, role chosen by an environment variable); the child
// opens a DB and commits a deterministic sequence of batches (crashBatch),
// printing "sub <id>" before submitting batch id and "ack <id>" once its commit
// returned. The parent kills the child with SIGKILL at chosen points, reads
// everything the child printed, reopens the DB and checks that its content is
// exactly the result of batches 0..m-1 for some m with
// max(acked) < m <= max(submitted)+1: every acknowledged batch is present, no
// batch is torn, and batches are applied in submission order.
//
// SIGKILL leaves the OS page cache intact, so these tests check atomicity,
// ordering and the acknowledgement protocol across process death, not the
// fsync itself (that would need power-loss emulation such as dm-flakey).

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	envRole = "MPGO_STORE_CRASH_ROLE"
	envDB   = "MPGO_STORE_CRASH_DB"

	tornKeys      = 4                // keys "b/<id>/<j>" written by every batch
	childLifetime = 20 * time.Second // a forgotten child exits by itself
)

// crashBatch is batch id of the crash tests' sequence. Every batch sets
// "head" to its id, writes tornKeys keys of its own (one in twenty batches
// with an overflow-page sized value), appends two log entries, sometimes
// truncates the log first, and moves a few shared keys.
func crashBatch(id int) []mop {
	r := rand.New(rand.NewPCG(uint64(id), 0x6d70676f))
	entry := func(i int) string { return string(logKey("log/", uint64(i))) }
	ops := []mop{put("head", strconv.Itoa(id))}
	for j := range tornKeys {
		size := 16 + r.IntN(600)
		if r.IntN(20) == 0 {
			size = 6000
		}
		ops = append(ops, put(fmt.Sprintf("b/%06d/%d", id, j), crashValue(id, j, size)))
	}
	if id > 0 && r.IntN(4) == 0 {
		ops = append(ops, truncate("log/", entry(r.IntN(2*id))))
	}
	ops = append(ops,
		put(entry(2*id), crashValue(id, -1, 100)),
		put(entry(2*id+1), crashValue(id, -2, 100)),
		put(fmt.Sprintf("x/%d", id%7), strconv.Itoa(id)),
		del(fmt.Sprintf("x/%d", (id+3)%7)),
	)
	return ops
}

func crashValue(id, j, size int) string {
	unit := fmt.Sprintf("%d.%d;", id, j)
	return strings.Repeat(unit, size/len(unit)+1)[:size]
}

// TestHelperProcess is the child process of the crash tests; it does nothing
// in a normal test run.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(envRole)
	if role == "" {
		return
	}
	db, err := Open(os.Getenv(envDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(2)
	}
	var outMu sync.Mutex
	say := func(format string, args ...any) {
		outMu.Lock()
		defer outMu.Unlock()
		fmt.Fprintf(os.Stdout, format+"\n", args...) // unbuffered: one write
	}
	check := func(err error) {
		if err != nil {
			fmt.Fprintln(os.Stderr, "commit:", err)
			os.Exit(2)
		}
	}
	deadline := time.Now().Add(childLifetime)
	switch role {
	case "seq": // one committer: one batch per transaction
		for id := 0; time.Now().Before(deadline); id++ {
			b := batchOf(crashBatch(id))
			say("sub %d", id)
			check(db.Commit(b))
			say("ack %d", id)
		}
	case "conc": // many committers: group commit
		var (
			mu   sync.Mutex
			next int
			wg   sync.WaitGroup
		)
		for range 16 {
			wg.Go(func() {
				for time.Now().Before(deadline) {
					// Submission order is id order: ids are taken and
					// batches submitted under one lock.
					mu.Lock()
					id := next
					next++
					b := batchOf(crashBatch(id))
					say("sub %d", id)
					done := db.CommitAsync(b)
					mu.Unlock()
					check(<-done)
					say("ack %d", id)
				}
			})
		}
		wg.Wait()
	case "step": // the parent says "go" before each commit
		in := bufio.NewScanner(os.Stdin)
		for id := 0; time.Now().Before(deadline); id++ {
			b := batchOf(crashBatch(id))
			say("built %d", id)
			if !in.Scan() {
				break
			}
			say("sub %d", id)
			check(db.Commit(b))
			say("ack %d", id)
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown role", role)
		os.Exit(2)
	}
	_ = db.Close()
	os.Exit(0)
}

type child struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  *os.File
	lines  chan string
	stderr strings.Builder

	acked     map[int]bool
	maxAck    int
	maxSub    int
	maxBuilt  int
	submitted int
}

func startChild(t *testing.T, role, path string) *child {
	t.Helper()
	c := &child{t: t, lines: make(chan string, 1024), acked: map[int]bool{}, maxAck: -1, maxSub: -1, maxBuilt: -1}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	c.cmd.Env = append(os.Environ(), envRole+"="+role, envDB+"="+path)
	c.cmd.Stderr = &c.stderr
	stdout, err := c.cmd.StdoutPipe()
	requireNoError(t, err)
	r, w, err := os.Pipe()
	requireNoError(t, err)
	c.cmd.Stdin = r
	c.stdin = w
	requireNoError(t, c.cmd.Start())
	_ = r.Close()
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		// Safety net for a failed test; normally the child is killed already.
		_ = c.cmd.Process.Kill()
		_ = c.stdin.Close()
	})
	return c
}

// record notes what a line of the child says.
func (c *child) record(line string) (kind string, id int) {
	kind, num, ok := strings.Cut(line, " ")
	id, err := strconv.Atoi(num)
	if !ok || err != nil {
		c.t.Fatalf("unexpected child output %q (stderr: %s)", line, c.stderr.String())
	}
	switch kind {
	case "ack":
		c.acked[id] = true
		c.maxAck = max(c.maxAck, id)
	case "sub":
		c.submitted++
		c.maxSub = max(c.maxSub, id)
	case "built":
		c.maxBuilt = max(c.maxBuilt, id)
	default:
		c.t.Fatalf("unexpected child output %q", line)
	}
	return kind, id
}

// waitFor reads lines until one of the given kind (and id, if id >= 0).
func (c *child) waitFor(kind string, id int) {
	c.t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				c.t.Fatalf("child exited while waiting for %s %d; stderr: %s", kind, id, c.stderr.String())
			}
			if k, i := c.record(line); k == kind && (id < 0 || i == id) {
				return
			}
		case <-timeout:
			c.t.Fatalf("timeout waiting for %s %d", kind, id)
		}
	}
}

// waitAcks reads lines until n commits are acknowledged.
func (c *child) waitAcks(n int) {
	c.t.Helper()
	for len(c.acked) < n {
		c.waitFor("ack", -1)
	}
}

// waitInFlight reads lines until at least n submitted commits are not yet
// acknowledged.
func (c *child) waitInFlight(n int) {
	c.t.Helper()
	for c.submitted-len(c.acked) < n {
		c.waitFor("sub", -1)
	}
}

func (c *child) send(line string) {
	c.t.Helper()
	_, err := c.stdin.WriteString(line + "\n")
	requireNoError(c.t, err)
}

// kill sends SIGKILL, then reads everything the child printed before dying
// (all of it counts as acknowledged) and reaps it.
func (c *child) kill() {
	c.t.Helper()
	requireNoError(c.t, c.cmd.Process.Kill())
	for line := range c.lines {
		c.record(line)
	}
	err := c.cmd.Wait()
	if err == nil || !strings.Contains(err.Error(), "killed") {
		c.t.Fatalf("child was not killed: %v; stderr: %s", err, c.stderr.String())
	}
}

// verifyCrash reopens the DB after the child died and checks it against the
// batch sequence; it returns m, the number of batches found applied.
func verifyCrash(t *testing.T, path string, c *child) int {
	t.Helper()
	db, err := Open(path)
	requireNoError(t, err, "reopen after crash")
	got := dump(t, db)
	requireNoError(t, db.Close())

	m := 0
	if head, ok := got["head"]; ok {
		last, err := strconv.Atoi(head)
		requireNoError(t, err)
		m = last + 1
	}
	if m-1 < c.maxAck {
		t.Fatalf("acknowledged batch lost: head %d, max acknowledged %d", m-1, c.maxAck)
	}
	if m-1 > c.maxSub {
		t.Fatalf("head %d was never submitted (max submitted %d)", m-1, c.maxSub)
	}
	// No torn batches: all or none of a batch's own keys, all for id < m.
	perBatch := map[int]int{}
	for k := range got {
		if rest, ok := strings.CutPrefix(k, "b/"); ok {
			id, err := strconv.Atoi(rest[:6])
			requireNoError(t, err)
			perBatch[id]++
		}
	}
	for id, n := range perBatch {
		if n != tornKeys {
			t.Errorf("torn batch %d: %d of %d keys present", id, n, tornKeys)
		}
		if id >= m {
			t.Errorf("batch %d applied beyond head %d", id, m-1)
		}
	}
	for id := range m {
		if perBatch[id] != tornKeys {
			t.Errorf("batch %d < m = %d is missing (%d keys)", id, m, perBatch[id])
		}
	}
	// Exactly the prefix 0..m-1 of the sequence, in order.
	model := map[string]string{}
	for id := range m {
		applyModel(model, crashBatch(id))
	}
	if !assertEqual(t, len(model), len(got), "key count") || !assertEqual(t, model, got) {
		t.FailNow()
	}
	t.Logf("killed with %d acked, %d submitted (max sub %d); found batches 0..%d", len(c.acked), c.submitted, c.maxSub, m-1)
	return m
}

// TestCrashAfterAck kills a sequential committer right after it acknowledged
// its k-th commit.
func TestCrashAfterAck(t *testing.T) {
	for _, k := range []int{1, 5, 40} {
		t.Run(strconv.Itoa(k), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.db")
			c := startChild(t, "seq", path)
			c.waitAcks(k)
			c.kill()
			verifyCrash(t, path, c)
		})
	}
}

// TestCrashDuringCommit kills a sequential committer at arbitrary moments of
// its commit loop (most land inside a transaction or its fsync), then lets a
// second process continue the sequence on the recovered file and kills that
// one too.
func TestCrashDuringCommit(t *testing.T) {
	for _, delay := range []time.Duration{0, 3 * time.Millisecond, 17 * time.Millisecond, 60 * time.Millisecond} {
		t.Run(delay.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.db")
			c := startChild(t, "seq", path)
			c.waitAcks(1)
			time.Sleep(delay)
			c.kill()
			verifyCrash(t, path, c)
		})
	}
}

// TestCrashDuringGroupCommit kills 16 concurrent committers while many
// commits are in flight and being grouped.
func TestCrashDuringGroupCommit(t *testing.T) {
	for _, k := range []int{1, 20, 300} {
		t.Run(strconv.Itoa(k), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.db")
			c := startChild(t, "conc", path)
			c.waitAcks(k)
			c.waitInFlight(8) // kill with at least 8 commits in flight
			c.kill()
			verifyCrash(t, path, c)
		})
	}
	for i := range 5 {
		t.Run(fmt.Sprintf("random-%d", i), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.db")
			c := startChild(t, "conc", path)
			c.waitAcks(1)
			time.Sleep(time.Duration(rand.IntN(80)) * time.Millisecond)
			c.kill()
			verifyCrash(t, path, c)
		})
	}
}

// TestCrashBetweenBuildAndCommit kills the child after it built a batch but
// before it submitted it (the batch must be absent and everything before it
// present), and right after letting it submit (the batch may or may not be
// present, but nothing else may differ).
func TestCrashBetweenBuildAndCommit(t *testing.T) {
	for _, n := range []int{0, 3} {
		t.Run("built-"+strconv.Itoa(n), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.db")
			c := startChild(t, "step", path)
			for id := range n {
				c.waitFor("built", id)
				c.send("go")
				c.waitFor("ack", id)
			}
			c.waitFor("built", n)
			c.kill()
			assertEqual(t, n, verifyCrash(t, path, c))
		})
		t.Run("submitted-"+strconv.Itoa(n), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crash.db")
			c := startChild(t, "step", path)
			for id := range n {
				c.waitFor("built", id)
				c.send("go")
				c.waitFor("ack", id)
			}
			c.waitFor("built", n)
			c.send("go")
			c.waitFor("sub", n)
			c.kill()
			m := verifyCrash(t, path, c)
			assertTrue(t, m == n || m == n+1, "found %d batches, want %d or %d", m, n, n+1)
		})
	}
}

// TestCrashRecoveryContinues: a process recovering a killed store can keep
// committing on it, and survives a second crash.
func TestCrashRecoveryContinues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.db")
	c := startChild(t, "seq", path)
	c.waitAcks(10)
	c.kill()
	m := verifyCrash(t, path, c)

	// Continue the sequence from m in this process, then crash another child
	// that starts over (its batches rewrite the same keys from id 0).
	db, err := Open(path)
	requireNoError(t, err)
	for id := m; id < m+5; id++ {
		requireNoError(t, db.Commit(batchOf(crashBatch(id))))
	}
	requireNoError(t, db.Close())
	c2 := startChild(t, "seq", path)
	c2.waitAcks(3)
	c2.kill()
	db, err = Open(path)
	requireNoError(t, err)
	defer db.Close()
	head, ok := mustGet(t, db, "head")
	assertTrue(t, ok)
	h, err := strconv.Atoi(head)
	requireNoError(t, err)
	assertTrue(t, h >= c2.maxAck && h <= c2.maxSub, "head %d, acked %d, submitted %d", h, c2.maxAck, c2.maxSub)
}
