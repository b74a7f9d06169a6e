package distsys_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/distsys/trace"
)

// collector is a trace.Recorder keeping every event.
type collector struct {
	mu     sync.Mutex
	events []trace.Event
}

func (c *collector) RecordEvent(e trace.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.events = append(c.events, e)
}

func (c *collector) all() []trace.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]trace.Event(nil), c.events...)
}

// probe wraps a resource and counts every contract call; hooks let tests
// observe the engine's progress without sleeping, and make PreCommit fail.
type probe struct {
	inner distsys.ArchetypeResource

	reads, writes, preCommits, commits, aborts, closes atomic.Int32
	failPreCommits                                     atomic.Int32 // fail this many PreCommits with ErrCriticalSectionAborted
	failAlternate                                      atomic.Bool  // fail every other PreCommit (the 1st, 3rd, …)

	onRead   func()
	onCommit func()
}

var _ distsys.ArchetypeResource = (*probe)(nil)

func newProbe(inner distsys.ArchetypeResource) *probe { return &probe{inner: inner} }

func newLocalProbe(v tla.Value) *probe { return newProbe(distsys.NewLocalArchetypeResource(v)) }

func (p *probe) Abort(iface distsys.ArchetypeInterface) chan struct{} {
	p.aborts.Add(1)
	return p.inner.Abort(iface)
}

func (p *probe) PreCommit(iface distsys.ArchetypeInterface) chan error {
	p.preCommits.Add(1)
	fail := p.failAlternate.Load() && p.preCommits.Load()%2 == 1
	if p.failPreCommits.Load() > 0 {
		p.failPreCommits.Add(-1)
		fail = true
	}
	if fail {
		ch := make(chan error, 1)
		go func() { ch <- distsys.ErrCriticalSectionAborted }() // asynchronously, like a network resource
		return ch
	}
	return p.inner.PreCommit(iface)
}

func (p *probe) Commit(iface distsys.ArchetypeInterface) chan struct{} {
	p.commits.Add(1)
	if p.onCommit != nil {
		p.onCommit()
	}
	return p.inner.Commit(iface)
}

func (p *probe) ReadValue(iface distsys.ArchetypeInterface) (tla.Value, error) {
	p.reads.Add(1)
	if p.onRead != nil {
		p.onRead()
	}
	return p.inner.ReadValue(iface)
}

func (p *probe) WriteValue(iface distsys.ArchetypeInterface, value tla.Value) error {
	p.writes.Add(1)
	return p.inner.WriteValue(iface, value)
}

func (p *probe) Index(iface distsys.ArchetypeInterface, index tla.Value) (distsys.ArchetypeResource, error) {
	return p.inner.Index(iface, index)
}

func (p *probe) Close() error {
	p.closes.Add(1)
	return p.inner.Close()
}

// value peeks at a probed local's current value.
func (p *probe) value(t *testing.T) tla.Value {
	t.Helper()
	v, err := p.inner.ReadValue(distsys.ArchetypeInterface{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// runWithTimeout runs ctx and fails the test if it does not finish in d
// (stopping it so the test ends).
func runWithTimeout(t *testing.T, ctx *distsys.MPCalContext, d time.Duration) error {
	t.Helper()
	errCh := make(chan error, 1)
	go func() { errCh <- ctx.Run() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-errCh:
		return err
	case <-timer.C:
		ctx.Stop()
		t.Fatalf("archetype %s did not finish within %v", ctx.Archetype().Name, d)
		return nil
	}
}

// signal is a one-shot notification usable from resource hooks.
type signal struct {
	once sync.Once
	ch   chan struct{}
}

func newSignal() *signal { return &signal{ch: make(chan struct{})} }
func (s *signal) fire()  { s.once.Do(func() { close(s.ch) }) }

func (s *signal) wait(t *testing.T, what string) {
	t.Helper()
	select {
	case <-s.ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func num(n int32) tla.Value { return tla.MakeNumber(n) }

func tup(vs ...tla.Value) tla.Value { return tla.MakeTuple(vs...) }

func str(s string) tla.Value { return tla.MakeString(s) }

func done(name string) distsys.MPCalCriticalSection {
	return distsys.MPCalCriticalSection{
		Name: name + ".Done",
		Body: func(distsys.ArchetypeInterface) error { return distsys.ErrDone },
	}
}

func procError(name string) distsys.MPCalCriticalSection {
	return distsys.MPCalCriticalSection{
		Name: name + ".Error",
		Body: func(distsys.ArchetypeInterface) error { return distsys.ErrProcedureFallthrough },
	}
}

func assertValue(t *testing.T, what string, got, want tla.Value) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
