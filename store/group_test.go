package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

func withApplyHook(h func(i, n int) error) Option {
	return func(o *options) { o.applyHook = h }
}

// gate blocks the committer inside its first group until released, so that
// the test can queue batches behind it deterministically.
type gate struct {
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func newGate() *gate {
	return &gate{entered: make(chan struct{}), release: make(chan struct{})}
}

func (g *gate) hook(i, n int) error {
	first := false
	g.once.Do(func() { first = true })
	if first {
		close(g.entered)
		<-g.release
	}
	return nil
}

// queued reports how many batches wait for the committer.
func queued(db *DB) int {
	db.mu.Lock()
	defer db.mu.Unlock()
	return len(db.queue)
}

// TestConcurrentCommitters: many goroutines commit; every acknowledged
// commit is durable (checked after reopening) and each goroutine's batches
// apply in its order.
func TestConcurrentCommitters(t *testing.T) {
	db, _ := openTemp(t)
	const goroutines, perG = 32, 15
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perG {
				var b Batch
				b.Put(fmt.Appendf(nil, "g/%02d/%03d", g, i), []byte("x"))
				b.Put(fmt.Appendf(nil, "last/%02d", g), []byte(strconv.Itoa(i)))
				if !assertNoError(t, db.Commit(&b)) {
					return
				}
			}
		})
	}
	wg.Wait()
	s := db.Stats()
	assertEqual(t, uint64(goroutines*perG), s.Commits)
	assertEqual(t, uint64(0), s.Failed)
	assertEqual(t, s.Groups, s.Syncs)
	// With 32 goroutines competing for one committer, groups must form.
	assertTrue(t, s.Groups < s.Commits, "groups %d, commits %d: no grouping", s.Groups, s.Commits)
	assertTrue(t, s.MaxGroupSize > 1, "max group %d", s.MaxGroupSize)
	t.Logf("stats: %+v (%.2f fsyncs/commit)", s, float64(s.Syncs)/float64(s.Commits))

	db = reopen(t, db)
	got := dump(t, db)
	assertLen(t, got, goroutines*perG+goroutines)
	for g := range goroutines {
		for i := range perG {
			assertContains(t, got, fmt.Sprintf("g/%02d/%03d", g, i))
		}
		assertEqual(t, strconv.Itoa(perG-1), got[fmt.Sprintf("last/%02d", g)])
	}
}

// TestGroupCommitIsDeterministic blocks the committer in its first group,
// queues batches behind it, and checks that they form one group (one
// transaction, one fsync) applied in submission order.
func TestGroupCommitIsDeterministic(t *testing.T) {
	g := newGate()
	db, _ := openTemp(t, withApplyHook(g.hook))
	first := db.CommitAsync(putBatch("first", "x"))
	<-g.entered

	const n = 100
	chans := make([]<-chan error, n)
	want := map[string]string{"first": "x"}
	for i := range n {
		var ops []mop
		entry := func(j int) string { return string(logKey("log/", uint64(j))) }
		switch i % 4 { // interleave ops on shared keys: order matters
		case 0:
			ops = []mop{put("shared", strconv.Itoa(i)), put(entry(i), "e"), put(entry(i+1), "e")}
		case 1:
			ops = []mop{del("shared"), put(entry(i+1), "e")}
		case 2:
			if i%8 == 2 {
				ops = []mop{truncate("log/", entry(i-1))} // drops entries i-1, i
			}
			ops = append(ops, put("shared", strconv.Itoa(i)))
		case 3:
			ops = []mop{put("shared", strconv.Itoa(i)), put(entry(i), "e3")}
		}
		applyModel(want, ops)
		chans[i] = db.CommitAsync(batchOf(ops))
	}
	assertEqual(t, n, queued(db))
	close(g.release)
	requireNoError(t, <-first)
	for i, ch := range chans {
		requireNoError(t, <-ch, "batch %d", i)
	}
	s := db.Stats()
	assertEqual(t, Stats{Commits: n + 1, Groups: 2, Syncs: 2, Ops: s.Ops, BytesWritten: s.BytesWritten, MaxGroupSize: n}, s)
	assertEqual(t, strconv.Itoa(n-1), want["shared"])
	assertTrue(t, len(want) > 50 && len(want) < 2*n, "model has %d keys", len(want))
	assertEqual(t, want, dump(t, db))

	db = reopen(t, db)
	assertEqual(t, want, dump(t, db))
}

func putBatch(kv ...string) *Batch {
	var b Batch
	for i := 0; i+1 < len(kv); i += 2 {
		b.Put([]byte(kv[i]), []byte(kv[i+1]))
	}
	return &b
}

func TestMaxGroup(t *testing.T) {
	g := newGate()
	var maxSeen atomic.Int64
	hook := func(i, n int) error {
		if int64(n) > maxSeen.Load() {
			maxSeen.Store(int64(n))
		}
		return g.hook(i, n)
	}
	db, _ := openTemp(t, WithNoSync(), WithMaxGroup(10), withApplyHook(hook))
	first := db.CommitAsync(putBatch("first", "x"))
	<-g.entered
	var chans []<-chan error
	for i := range 95 {
		chans = append(chans, db.CommitAsync(putBatch(fmt.Sprintf("k%03d", i), "v")))
	}
	close(g.release)
	requireNoError(t, <-first)
	for _, ch := range chans {
		requireNoError(t, <-ch)
	}
	s := db.Stats()
	assertEqual(t, int64(10), maxSeen.Load())
	assertEqual(t, 10, s.MaxGroupSize)
	assertEqual(t, uint64(1+10), s.Groups) // 1 + ceil(95/10)
	assertLen(t, dump(t, db), 96)

	// WithMaxGroup(1) disables grouping.
	db1, _ := openTemp(t, WithNoSync(), WithMaxGroup(1))
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() { assertNoError(t, db1.Commit(putBatch(strconv.Itoa(i), "v"))) })
	}
	wg.Wait()
	assertEqual(t, uint64(40), db1.Stats().Groups)
}

// TestGroupErrorFailsWholeGroup injects an error in the middle of a group:
// every batch of that group fails and none is applied, earlier and later
// groups are unaffected, and the DB keeps working.
func TestGroupErrorFailsWholeGroup(t *testing.T) {
	g := newGate()
	injected := errors.New("injected")
	var groups atomic.Int32
	hook := func(i, n int) error {
		if i == 0 {
			groups.Add(1)
		}
		if err := g.hook(i, n); err != nil {
			return err
		}
		if groups.Load() == 2 && i == 3 {
			return injected
		}
		return nil
	}
	db, _ := openTemp(t, withApplyHook(hook))
	first := db.CommitAsync(putBatch("first", "x"))
	<-g.entered
	var chans []<-chan error
	for i := range 10 {
		chans = append(chans, db.CommitAsync(putBatch(fmt.Sprintf("bad/%d", i), "v", "first", "overwritten")))
	}
	close(g.release)
	requireNoError(t, <-first)
	for i, ch := range chans {
		err := <-ch
		assertErrorIs(t, err, injected, "batch %d", i)
		assertFalse(t, errors.Is(err, ErrFailed), "an apply error does not fail the DB")
	}
	requireNoError(t, db.Commit(putBatch("later", "y")))
	s := db.Stats()
	assertEqual(t, uint64(2), s.Commits)
	assertEqual(t, uint64(10), s.Failed)
	assertEqual(t, uint64(2), s.Groups)
	db = reopen(t, db)
	assertEqual(t, map[string]string{"first": "x", "later": "y"}, dump(t, db))
}

// TestCommitIOErrorFailsDB makes bbolt's commit itself fail (its file is
// closed behind its back): the group fails, the DB refuses later commits with
// ErrFailed instead of building on an unknown on-disk state, and reads and
// Close still return (no panic, no hang).
func TestCommitIOErrorFailsDB(t *testing.T) {
	var file *os.File
	openFile := func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	db, path := openTemp(t, func(o *options) { o.openFile = openFile })
	requireNoError(t, db.Commit(putBatch("before", "x")))
	requireNoError(t, file.Close())

	err := db.Commit(putBatch("k", "v"))
	requireError(t, err)
	t.Logf("commit error: %v", err)
	assertFalse(t, errors.Is(err, ErrInvalid))
	err = db.Commit(putBatch("k2", "v"))
	assertErrorIs(t, err, ErrFailed)
	assertErrorIs(t, <-db.CommitAsync(putBatch("k3", "v")), ErrFailed)
	v, ok := mustGet(t, db, "before")
	assertTrue(t, ok)
	assertEqual(t, "x", v)
	t.Logf("close: %v", db.Close()) // may report the closed file; must not hang or panic
	s := db.Stats()
	assertEqual(t, uint64(1), s.Commits)
	assertEqual(t, uint64(1), s.Failed, "later commits are rejected before the committer")

	db2, err := Open(path)
	requireNoError(t, err)
	defer db2.Close()
	got := dump(t, db2)
	assertEqual(t, "x", got["before"])
	assertFalse(t, got["k2"] != "" || got["k3"] != "", "commits after the failure are not applied")
}
