package resources_test

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/hashmap"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// counted is a local that counts commit-phase calls and can fail PreCommit.
type counted struct {
	*distsys.LocalArchetypeResource
	preCommits, commits, aborts, closes atomic.Int32
	failPreCommit                       error
}

func newCounted(v tla.Value) *counted {
	return &counted{LocalArchetypeResource: distsys.NewLocalArchetypeResource(v)}
}

func (c *counted) PreCommit(iface distsys.ArchetypeInterface) chan error {
	c.preCommits.Add(1)
	if c.failPreCommit != nil {
		ch := make(chan error, 1)
		ch <- c.failPreCommit
		return ch
	}
	return nil
}

func (c *counted) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	c.commits.Add(1)
	// Asynchronous completion exercises the fan-in.
	done := make(chan struct{})
	c.LocalArchetypeResource.Commit(iface)
	go close(done)
	return done
}

func (c *counted) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	c.aborts.Add(1)
	return c.LocalArchetypeResource.Abort(iface)
}

func (c *counted) Close() error {
	c.closes.Add(1)
	return nil
}

func TestIncMapFillsLazilyAndForwardsToTouchedChildren(t *testing.T) {
	children := map[int32]*counted{}
	fills := 0
	m := resources.NewIncMap(func(index tla.Value) distsys.ArchetypeResource {
		fills++
		c := newCounted(num(0))
		children[index.AsNumber()] = c
		return c
	})
	_, err := m.ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrArchetypeResourceMapReadWrite)
	require.ErrorIs(t, m.WriteValue(zero, num(1)), distsys.ErrArchetypeResourceMapReadWrite)

	require.NoError(t, index(t, m, num(1)).WriteValue(zero, num(10)))
	require.NoError(t, index(t, m, num(2)).WriteValue(zero, num(20)))
	require.NoError(t, index(t, m, num(1)).WriteValue(zero, num(11)))
	assert.Equal(t, 2, fills)
	require.NoError(t, section(t, m))
	assert.Equal(t, int32(1), children[1].commits.Load(), "each touched child once")
	assert.Equal(t, int32(1), children[2].commits.Load())

	// Only the child touched in the next attempt gets its calls.
	require.NoError(t, index(t, m, num(2)).WriteValue(zero, num(21)))
	abort(t, m)
	assert.Equal(t, int32(0), children[1].aborts.Load())
	assert.Equal(t, int32(1), children[2].aborts.Load())
	assertValue(t, "m[2]", mustRead(t, index(t, m, num(2))), num(20))
	abort(t, m)

	// The first PreCommit error is returned.
	children[1].failPreCommit = distsys.ErrCriticalSectionAborted
	index(t, m, num(1))
	index(t, m, num(2))
	require.ErrorIs(t, preCommit(t, m), distsys.ErrCriticalSectionAborted)
	abort(t, m)

	index(t, m, num(3))
	require.NoError(t, m.Close())
	for i, c := range children {
		assert.Equal(t, int32(1), c.closes.Load(), "child %d closed once", i)
	}
}

func TestHashMapResource(t *testing.T) {
	hm := hashmap.New[distsys.ArchetypeResource]()
	a, b := newCounted(num(1)), newCounted(num(2))
	hm.Set(str("a"), a)
	hm.Set(str("b"), b)
	m := resources.NewHashMap(hm)
	assertValue(t, "m.a", mustRead(t, index(t, m, str("a"))), num(1))
	require.NoError(t, section(t, m))
	assert.Equal(t, int32(1), a.commits.Load())
	assert.Equal(t, int32(0), b.commits.Load())
	assert.Panics(t, func() { _, _ = m.Index(zero, str("c")) })
	require.NoError(t, m.Close())
	assert.Equal(t, int32(1), a.closes.Load())
	assert.Equal(t, int32(1), b.closes.Load())
}

func TestInputChan(t *testing.T) {
	ch := make(chan tla.Value, 3)
	ch <- num(1)
	ch <- num(2)
	ch <- num(3)
	in := resources.NewInputChan(ch, resources.WithInputChanReadTimeout(5*time.Millisecond))
	assertValue(t, "read", mustRead(t, in), num(1))
	assertValue(t, "read", mustRead(t, in), num(2))
	abort(t, in) // 1 and 2 go back, in order
	assertValue(t, "read", mustRead(t, in), num(1))
	commit(t, in)
	assertValue(t, "read", mustRead(t, in), num(2))
	assertValue(t, "read", mustRead(t, in), num(3))
	commit(t, in)
	_, err := in.ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "empty: the read times out")
	assert.Panics(t, func() { _ = in.WriteValue(zero, num(1)) })
	_, err = in.Index(zero, num(1))
	require.ErrorIs(t, err, distsys.ErrArchetypeResourceLeafIndexed)
}

func TestOutputChanBlocksUntilRead(t *testing.T) {
	ch := make(chan tla.Value)
	out := resources.NewOutputChan(ch)
	require.NoError(t, out.WriteValue(zero, num(1)))
	abort(t, out) // discarded
	require.NoError(t, out.WriteValue(zero, num(2)))
	require.NoError(t, out.WriteValue(zero, num(3)))
	done := out.Commit(zero)
	require.NotNil(t, done)
	select {
	case <-done:
		t.Fatal("Commit completed before the values were received")
	default:
	}
	assertValue(t, "first", <-ch, num(2))
	assertValue(t, "second", <-ch, num(3))
	awaitDone(t, "Commit", done)
	assert.Panics(t, func() { _, _ = out.ReadValue(zero) })

	// Close abandons a commit nobody reads.
	require.NoError(t, out.WriteValue(zero, num(4)))
	done = out.Commit(zero)
	require.NoError(t, out.Close())
	require.NoError(t, out.Close())
	awaitDone(t, "abandoned Commit", done)
}

func TestSingleOutputChan(t *testing.T) {
	ch := make(chan tla.Value, 1)
	out := resources.NewSingleOutputChan(ch)
	require.NoError(t, out.WriteValue(zero, num(1)))
	assertValue(t, "sent at write time", <-ch, num(1))
	assert.Panics(t, func() { out.Abort(zero) }, "a sent value cannot be unsent")
	commit(t, out)

	full := make(chan tla.Value)
	out = resources.NewSingleOutputChan(full)
	require.ErrorIs(t, out.WriteValue(zero, num(2)), distsys.ErrCriticalSectionAborted)
	abort(t, out) // nothing was sent: no panic
	assert.Panics(t, func() { _, _ = out.ReadValue(zero) })
}

func TestDummyAndPlaceHolder(t *testing.T) {
	d := resources.NewDummy(resources.WithDummyValue(num(7)))
	assertValue(t, "dummy", mustRead(t, d), num(7))
	require.NoError(t, d.WriteValue(zero, num(1)))
	assertValue(t, "dummy[1][2]", mustRead(t, index(t, index(t, d, num(1)), num(2))), num(7))
	require.NoError(t, section(t, d))
	assertValue(t, "default dummy", mustRead(t, resources.NewDummy()), tla.Value{})

	p := resources.NewPlaceHolder()
	for name, f := range map[string]func(){
		"read":      func() { _, _ = p.ReadValue(zero) },
		"write":     func() { _ = p.WriteValue(zero, num(1)) },
		"index":     func() { _, _ = p.Index(zero, num(1)) },
		"precommit": func() { p.PreCommit(zero) },
		"commit":    func() { p.Commit(zero) },
		"abort":     func() { p.Abort(zero) },
	} {
		func() {
			defer func() {
				r := recover()
				require.NotNil(t, r, name)
				assert.True(t, errors.Is(r.(error), resources.ErrPlaceHolderAccess), name)
			}()
			f()
		}()
	}
	require.NoError(t, p.Close())
}

func TestLocalSharedLockTimeout(t *testing.T) {
	mgr := resources.NewLocalSharedManager(num(0), resources.WithLocalSharedResourceTimeout(20*time.Millisecond))
	a, b := mgr.MakeLocalShared(), mgr.MakeLocalShared()

	require.NoError(t, a.WriteValue(zero, num(1))) // a takes the lock
	start := time.Now()
	_, err := b.ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted, "b cannot lock while a holds it")
	assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
	abort(t, b)

	commit(t, a) // releases
	assertValue(t, "b sees a's commit", mustRead(t, b), num(1))
	require.NoError(t, b.WriteValue(zero, num(2)))
	abort(t, b) // rolls back and releases
	assertValue(t, "a after b's abort", mustRead(t, a), num(1))
	commit(t, a)

	// Index locks too, and paths write into the shared value.
	mgr2 := resources.NewLocalSharedManager(tup(num(0), num(0)))
	h := mgr2.MakeLocalShared()
	require.NoError(t, index(t, h, num(2)).WriteValue(zero, num(5)))
	commit(t, h)
	assertValue(t, "shared", mustRead(t, h), tup(num(0), num(5)))
	commit(t, h)

	// State: GetState/SetState through any handle.
	state, err := a.GetState()
	require.NoError(t, err)
	h3 := resources.NewLocalSharedManager(tla.Value{}).MakeLocalShared()
	require.NoError(t, h3.(interface{ SetState([]byte) error }).SetState(state))
	assertValue(t, "restored", mustRead(t, h3), num(1))
	commit(t, h3)

	// Close releases a lock still held (a context stopped mid-section).
	require.NoError(t, a.WriteValue(zero, num(9)))
	require.NoError(t, a.Close())
	require.NoError(t, a.Close())
	assertValue(t, "after close", mustRead(t, b), num(1))
	commit(t, b)
}

func TestPersistableImplementations(t *testing.T) {
	var _ resources.Persistable = distsys.NewLocalArchetypeResource(num(1))
	var _ resources.Persistable = resources.NewLocalSharedManager(num(1)).MakeLocalShared()
}
