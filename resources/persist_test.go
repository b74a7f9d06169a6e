package resources_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/mpgo/mpgo/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func openStore(tb testing.TB, path string) *store.DB {
	tb.Helper()
	db, err := store.Open(path)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

func wait(ch chan struct{}) {
	if ch != nil {
		<-ch
	}
}

func waitErr(ch chan error) error {
	if ch == nil {
		return nil
	}
	return <-ch
}

// persistChild keeps two persistent resources: "local", a record written
// through Index (local.k := n), and "shared", a LocalShared value written
// through two handles (odd values through the first, even through the
// second), both in one store. It prints "loaded <local.k> <shared>", then
// obeys "write <n>" (answering "written <n>") and "commit" (answering
// "committed" once durable).
func persistChild(out *childOut, in *bufio.Scanner) error {
	db, err := store.Open(os.Getenv(envPath))
	if err != nil {
		return err
	}
	rec := func(k int32) tla.Value {
		return tla.MakeRecord([]tla.RecordField{{Key: str("k"), Value: num(k)}, {Key: str("other"), Value: str("x")}})
	}
	var iface distsys.ArchetypeInterface
	local := resources.MakePersistent("local", db, distsys.NewLocalArchetypeResource(rec(0)))
	manager := resources.NewLocalSharedManager(num(0))
	handles := []distsys.ArchetypeResource{
		resources.MakePersistent("shared", db, manager.MakeLocalShared()),
		resources.MakePersistent("shared", db, manager.MakeLocalShared()),
	}
	lv, err := local.ReadValue(iface)
	if err != nil {
		return err
	}
	sv, err := handles[0].ReadValue(iface)
	if err != nil {
		return err
	}
	wait(handles[0].Commit(iface)) // releases the lock taken by the read
	if !lv.ApplyFunction(str("other")).Equal(str("x")) {
		return fmt.Errorf("reloaded record lost a field: %v", lv)
	}
	out.say("loaded %d %d", lv.ApplyFunction(str("k")).AsNumber(), sv.AsNumber())
	var touched distsys.ArchetypeResource
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		switch cmd {
		case "write":
			n, err := strconv.Atoi(arg)
			if err != nil {
				return err
			}
			k, err := local.Index(iface, str("k"))
			if err != nil {
				return err
			}
			if err := k.WriteValue(iface, num(int32(n))); err != nil {
				return err
			}
			touched = handles[n%2]
			if err := touched.WriteValue(iface, num(int32(n))); err != nil {
				return err
			}
			out.say("written %d", n)
		case "commit":
			for _, r := range []distsys.ArchetypeResource{local, touched} {
				if err := waitErr(r.PreCommit(iface)); err != nil {
					return err
				}
			}
			done := []chan struct{}{local.Commit(iface), touched.Commit(iface)}
			for _, ch := range done {
				wait(ch)
			}
			out.say("committed")
		default:
			return fmt.Errorf("unknown command %q", cmd)
		}
	}
	return in.Err()
}

// TestPersistentSurvivesKill kills a child with SIGKILL after commits and
// between a write and its commit; every restart finds exactly the last
// committed state, for a local written through Index and for LocalShared
// handles.
func TestPersistentSurvivesKill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.db")
	start := func() *helperProc {
		return startHelper(t, "persist", envPath+"="+path)
	}
	writeCommit := func(c *helperProc, n int) {
		c.send(fmt.Sprintf("write %d", n))
		c.expect("written")
		c.send("commit")
		c.expect("committed")
	}

	c := start()
	assert.Equal(t, "0 0", c.expect("loaded "))
	writeCommit(c, 1)
	writeCommit(c, 2)
	c.kill() // after commit
	c = start()
	assert.Equal(t, "2 2", c.expect("loaded "), "committed state after kill -9")

	c.send("write 3")
	c.expect("written")
	c.kill() // between write and commit
	c = start()
	assert.Equal(t, "2 2", c.expect("loaded "), "an uncommitted write is gone")

	writeCommit(c, 4)
	writeCommit(c, 5)
	c.send("write 6")
	c.expect("written")
	c.kill()
	c = start()
	assert.Equal(t, "5 5", c.expect("loaded "))
	c.kill()
}

func TestPersistentReadOnlySectionsStoreNothing(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "s.db"))
	p := resources.MakePersistent("x", db, distsys.NewLocalArchetypeResource(num(1)))
	assertValue(t, "read", mustRead(t, p), num(1))
	require.NoError(t, section(t, p))
	_, found, err := db.Get([]byte("pres-x"))
	require.NoError(t, err)
	assert.False(t, found, "a section that only reads stores nothing")
	require.NoError(t, p.WriteValue(zero, num(2)))
	abort(t, p)
	_, found, _ = db.Get([]byte("pres-x"))
	assert.False(t, found, "an aborted write stores nothing")
	require.NoError(t, p.WriteValue(zero, num(3)))
	require.NoError(t, section(t, p))
	state, found, err := db.Get([]byte("pres-x"))
	require.NoError(t, err)
	require.True(t, found)
	var v tla.Value
	require.NoError(t, v.UnmarshalBinary(state))
	assertValue(t, "stored", v, num(3))
	require.NoError(t, p.Close())

	// A stored state needs a resource that can restore it.
	assert.Panics(t, func() {
		local := distsys.NewLocalArchetypeResource(num(0))
		resources.MakePersistent("x", db, noSetState{local, local})
	})
}

// noSetState is a Persistable without SetState.
type noSetState struct {
	distsys.ArchetypeResource
	local *distsys.LocalArchetypeResource
}

func (n noSetState) GetState() ([]byte, error) { return n.local.GetState() }

// plogBatch is batch j of log g in the crash test: every fifth batch first
// drops the last entry, then each appends 1..3 entries <<g, j, e>>.
func plogBatch(g, j int) (pop int, entries []tla.Value) {
	if j%5 == 4 {
		pop = 1
	}
	for e := range 1 + (g+j)%3 {
		entries = append(entries, tla.MakeTuple(num(int32(g)), num(int32(j)), num(int32(e))))
	}
	return pop, entries
}

func plogCmd(cmd string, field string, v tla.Value) tla.Value {
	return tla.MakeRecord([]tla.RecordField{{Key: str("cmd"), Value: str(cmd)}, {Key: str(field), Value: v}})
}

// applyPlogBatch applies batch j of log g to a Go slice (the model).
func applyPlogBatch(log []tla.Value, g, j int) []tla.Value {
	pop, entries := plogBatch(g, j)
	log = log[:max(len(log)-pop, 0)]
	return append(log, entries...)
}

const plogLogs = 8

// plogChild appends to plogLogs logs concurrently, one goroutine (a
// context) each, all in one store, printing "sub <g> <j>" before committing
// batch j of log g and "ack <g> <j>" once it is durable.
func plogChild(out *childOut) error {
	db, err := store.Open(os.Getenv(envPath))
	if err != nil {
		return err
	}
	var iface distsys.ArchetypeInterface
	var wg sync.WaitGroup
	for g := range plogLogs {
		l := resources.NewPersistentLog(fmt.Sprintf("log-%d", g), db)
		wg.Go(func() {
			for j := 0; ; j++ {
				pop, entries := plogBatch(g, j)
				if pop > 0 {
					_ = l.WriteValue(iface, plogCmd(resources.LogPop, "cnt", num(int32(pop))))
				}
				_ = l.WriteValue(iface, plogCmd(resources.LogConcat, "entries", tla.MakeTuple(entries...)))
				out.say("sub %d %d", g, j)
				wait(l.Commit(iface))
				out.say("ack %d %d", g, j)
			}
		})
	}
	wg.Wait()
	return nil
}

// TestPersistentLogSurvivesKillDuringGroupCommit kills a child appending to
// several logs concurrently (their commits grouped into shared fsyncs) and
// checks, on reload, that each log is exactly the result of its first k
// batches with every acknowledged batch included: no lost ack, no torn or
// reordered batch.
func TestPersistentLogSurvivesKillDuringGroupCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plog.db")
	c := startHelper(t, "plog", envPath+"="+path)
	maxAck := make([]int, plogLogs)
	maxSub := make([]int, plogLogs)
	for g := range plogLogs {
		maxAck[g], maxSub[g] = -1, -1
	}
	acks := 0
	record := func(line string) {
		var kind string
		var g, j int
		_, err := fmt.Sscanf(line, "%s %d %d", &kind, &g, &j)
		require.NoError(t, err, line)
		switch kind {
		case "ack":
			acks++
			maxAck[g] = max(maxAck[g], j)
		case "sub":
			maxSub[g] = max(maxSub[g], j)
		}
	}
	for acks < 400 {
		record(c.next())
	}
	c.kill()
	for _, line := range c.rest() {
		record(line)
	}

	db := openStore(t, path)
	before := db.Stats()
	for g := range plogLogs {
		l := resources.NewPersistentLog(fmt.Sprintf("log-%d", g), db)
		got := mustRead(t, l).AsTuple()
		var model []tla.Value
		found := -1
		for k := 0; k <= maxSub[g]+1; k++ {
			if k > 0 {
				model = applyPlogBatch(model, g, k-1)
			}
			if len(model) == got.Len() {
				same := true
				for i := range model {
					same = same && model[i].Equal(got.Get(i))
				}
				if same && k > maxAck[g] { // batches 0..k-1, every ack included
					found = k
					break
				}
			}
		}
		require.GreaterOrEqual(t, found, 0, "log %d (acked up to %d, submitted up to %d) is not a batch prefix: %v", g, maxAck[g], maxSub[g], got)
		t.Logf("log %d: %d batches on disk, %d acknowledged", g, found, maxAck[g]+1)
	}
	assert.Equal(t, before.Commits, db.Stats().Commits, "reloading writes nothing")
}

func TestPersistentLogCommandsAbortAndReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	db := openStore(t, path)
	l := resources.NewPersistentLog("raft", db)
	other := resources.NewPersistentLog("raft2", db) // a name extending another must not see its keys
	concat := func(r distsys.ArchetypeResource, vs ...tla.Value) {
		require.NoError(t, r.WriteValue(zero, plogCmd(resources.LogConcat, "entries", tla.MakeTuple(vs...))))
	}
	pop := func(r distsys.ArchetypeResource, n int32) {
		require.NoError(t, r.WriteValue(zero, plogCmd(resources.LogPop, "cnt", num(n))))
	}
	concat(l, num(1), num(2), num(3))
	require.NoError(t, section(t, l))
	concat(other, str("x"))
	require.NoError(t, section(t, other))
	assertValue(t, "log", mustRead(t, l), tup(num(1), num(2), num(3)))
	assertValue(t, "entry 2", mustRead(t, index(t, l, num(2))), num(2))
	assert.Panics(t, func() { _, _ = l.Index(zero, num(4)) }, "out of range")
	assert.Panics(t, func() { _ = index(t, l, num(1)).WriteValue(zero, num(0)) }, "entries are read-only")

	// Pop below the committed length and append again, then abort.
	pop(l, 2)
	concat(l, num(7))
	pop(l, 2)
	concat(l, num(8), num(9))
	assertValue(t, "tentative", mustRead(t, l), tup(num(8), num(9)))
	abort(t, l)
	assertValue(t, "after Abort", mustRead(t, l), tup(num(1), num(2), num(3)))

	// The same, committed: one batch with a suffix delete and puts.
	pop(l, 2)
	concat(l, num(7))
	pop(l, 1)
	concat(l, num(8), num(9), num(10))
	require.NoError(t, section(t, l))
	assertValue(t, "committed", mustRead(t, l), tup(num(1), num(8), num(9), num(10)))
	pop(l, 3)
	require.NoError(t, section(t, l))
	pop(l, 5) // more than there is: empties the log
	abort(t, l)
	require.NoError(t, l.Close())

	reloaded := resources.NewPersistentLog("raft", db)
	assertValue(t, "reloaded", mustRead(t, reloaded), tup(num(1)))
	assertValue(t, "other log", mustRead(t, resources.NewPersistentLog("raft2", db)), tup(str("x")))
	assert.Panics(t, func() { resources.NewPersistentLog("a\x00b", db) })

}

func TestPersistentCommitsGroupAcrossContexts(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "g.db"))
	const contexts, appends = 16, 20
	var wg sync.WaitGroup
	for c := range contexts {
		l := resources.NewPersistentLog(fmt.Sprintf("l%d", c), db)
		wg.Go(func() {
			for i := range appends {
				_ = l.WriteValue(zero, plogCmd(resources.LogConcat, "entries", tup(num(int32(i)))))
				wait(l.Commit(zero))
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(waitLimit * 3):
		t.Fatal("appends did not complete")
	}
	st := db.Stats()
	t.Logf("%d commits in %d syncs", st.Commits, st.Syncs)
	assert.Equal(t, uint64(contexts*appends), st.Commits)
	assert.Less(t, st.Syncs, st.Commits, "concurrent commits share fsyncs")
}
