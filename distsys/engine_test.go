package distsys_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sequence is a non-transactional resource whose n-th read returns n.
type sequence struct {
	distsys.ArchetypeResourceLeafMixin
	n int32
}

func (s *sequence) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (s *sequence) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (s *sequence) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (s *sequence) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	s.n++
	return tla.MakeNumber(s.n), nil
}
func (s *sequence) WriteValue(distsys.ArchetypeInterface, tla.Value) error { return nil }
func (s *sequence) Close() error                                           { return nil }

// archetype AAwait(ref gate, ref out) variables tmp = 0;
// { l1: assert tmp = 0; tmp := 42; with (v = gate) { await v >= 3; out := tmp + v } }
var AAwait = distsys.MPCalArchetype{
	Name:              "AAwait",
	Label:             "AAwait.l1",
	RequiredRefParams: []string{"AAwait.gate", "AAwait.out"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "AAwait.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				tmp := iface.RequireArchetypeResource("AAwait.tmp")
				gate, err := iface.RequireArchetypeResourceRef("AAwait.gate")
				if err != nil {
					return err
				}
				out, err := iface.RequireArchetypeResourceRef("AAwait.out")
				if err != nil {
					return err
				}
				var condition tla.Value
				condition, err = iface.Read(tmp, nil)
				if err != nil {
					return err
				}
				if !tla.ModuleEqualsSymbol(condition, tla.MakeNumber(0)).AsBool() {
					return fmt.Errorf("%w: tmp = 0", distsys.ErrAssertionFailed)
				}
				err = iface.Write(tmp, nil, tla.MakeNumber(42))
				if err != nil {
					return err
				}
				var vRead tla.Value
				vRead, err = iface.Read(gate, nil)
				if err != nil {
					return err
				}
				var v tla.Value = vRead
				_ = v
				if !tla.ModuleGreaterThanOrEqualSymbol(v, tla.MakeNumber(3)).AsBool() {
					return distsys.ErrCriticalSectionAborted
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(tmp, nil)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, tla.ModulePlusSymbol(exprRead, v))
				if err != nil {
					return err
				}
				return iface.Goto("AAwait.Done")
			},
		},
		done("AAwait"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("AAwait.tmp", tla.MakeNumber(0))
	},
}

func TestAwaitAbortRetry(t *testing.T) {
	gate := newProbe(&sequence{})
	out := newLocalProbe(tla.Value{})
	ctx := distsys.NewMPCalContext(num(1), AAwait,
		distsys.EnsureArchetypeRefParam("gate", gate),
		distsys.EnsureArchetypeRefParam("out", out))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	assertValue(t, "out", out.value(t), num(45))
	assert.Equal(t, int32(3), gate.reads.Load(), "one read per attempt")
	assert.Equal(t, int32(2), gate.aborts.Load(), "two aborted attempts")
	assert.Equal(t, int32(1), gate.commits.Load())
	assertValue(t, "tmp", ctx.IFace().ReadArchetypeResourceLocal("AAwait.tmp"), num(42))
	assert.Equal(t, int32(1), gate.closes.Load())
	assert.Equal(t, int32(1), out.closes.Load())
}

// archetype ARollback(ref in, ref flaky, ref out) variables x = 0;
// { l1: x := x + 1; with (a = in, b = in) { with (f = flaky) { out := <<x, a, b>> } };
//
//	l2: out := <<x, in>>; }
//
// flaky aborts its first read.
type abortOnce struct {
	distsys.ArchetypeResourceLeafMixin
	aborted bool
}

func (r *abortOnce) Abort(distsys.ArchetypeInterface) chan struct{}  { return nil }
func (r *abortOnce) PreCommit(distsys.ArchetypeInterface) chan error { return nil }
func (r *abortOnce) Commit(distsys.ArchetypeInterface) chan struct{} { return nil }
func (r *abortOnce) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	if !r.aborted {
		r.aborted = true
		return tla.Value{}, fmt.Errorf("not ready: %w", distsys.ErrCriticalSectionAborted) // wrapped: errors.Is
	}
	return tla.ModuleTRUE, nil
}
func (r *abortOnce) WriteValue(distsys.ArchetypeInterface, tla.Value) error { return nil }
func (r *abortOnce) Close() error                                           { return nil }

var ARollback = distsys.MPCalArchetype{
	Name:              "ARollback",
	Label:             "ARollback.l1",
	RequiredRefParams: []string{"ARollback.in", "ARollback.flaky", "ARollback.out"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "ARollback.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				x := iface.RequireArchetypeResource("ARollback.x")
				in, err := iface.RequireArchetypeResourceRef("ARollback.in")
				if err != nil {
					return err
				}
				flaky, err := iface.RequireArchetypeResourceRef("ARollback.flaky")
				if err != nil {
					return err
				}
				out, err := iface.RequireArchetypeResourceRef("ARollback.out")
				if err != nil {
					return err
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(x, nil)
				if err != nil {
					return err
				}
				err = iface.Write(x, nil, tla.ModulePlusSymbol(exprRead, tla.MakeNumber(1)))
				if err != nil {
					return err
				}
				var aRead tla.Value
				aRead, err = iface.Read(in, nil)
				if err != nil {
					return err
				}
				var a tla.Value = aRead
				var bRead tla.Value
				bRead, err = iface.Read(in, nil)
				if err != nil {
					return err
				}
				var b tla.Value = bRead
				var fRead tla.Value
				fRead, err = iface.Read(flaky, nil)
				if err != nil {
					return err
				}
				var f tla.Value = fRead
				_ = f
				var exprRead0 tla.Value
				exprRead0, err = iface.Read(x, nil)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, tla.MakeTuple(exprRead0, a, b))
				if err != nil {
					return err
				}
				return iface.Goto("ARollback.l2")
			},
		},
		distsys.MPCalCriticalSection{
			Name: "ARollback.l2",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				x := iface.RequireArchetypeResource("ARollback.x")
				in, err := iface.RequireArchetypeResourceRef("ARollback.in")
				if err != nil {
					return err
				}
				out, err := iface.RequireArchetypeResourceRef("ARollback.out")
				if err != nil {
					return err
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(x, nil)
				if err != nil {
					return err
				}
				var exprRead0 tla.Value
				exprRead0, err = iface.Read(in, nil)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, tla.MakeTuple(exprRead, exprRead0))
				if err != nil {
					return err
				}
				return iface.Goto("ARollback.Done")
			},
		},
		done("ARollback"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("ARollback.x", tla.MakeNumber(0))
	},
}

func TestAbortRollsBackLocalsAndInputChan(t *testing.T) {
	inCh := make(chan tla.Value, 3)
	inCh <- num(1)
	inCh <- num(2)
	inCh <- num(3)
	outCh := make(chan tla.Value, 10)
	ctx := distsys.NewMPCalContext(num(1), ARollback,
		distsys.EnsureArchetypeRefParam("in", resources.NewInputChan(inCh)),
		distsys.EnsureArchetypeRefParam("flaky", &abortOnce{}),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(outCh)))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	close(outCh)
	var got []tla.Value
	for v := range outCh {
		got = append(got, v)
	}
	// The first attempt of l1 incremented x and consumed 1 and 2, then
	// aborted: x is rolled back to 0 and 1, 2 are pushed back in order.
	require.Len(t, got, 2)
	assertValue(t, "first output", got[0], tup(num(1), num(1), num(2)))
	assertValue(t, "second output", got[1], tup(num(1), num(3)))
	assertValue(t, "x", ctx.IFace().ReadArchetypeResourceLocal("ARollback.x"), num(1))
}

// archetype APreCommit(ref res, ref out) variables x = 0;
// { l1: x := x + 1; res := x; out := x; }
var APreCommit = distsys.MPCalArchetype{
	Name:              "APreCommit",
	Label:             "APreCommit.l1",
	RequiredRefParams: []string{"APreCommit.res", "APreCommit.out"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "APreCommit.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				x := iface.RequireArchetypeResource("APreCommit.x")
				res, err := iface.RequireArchetypeResourceRef("APreCommit.res")
				if err != nil {
					return err
				}
				out, err := iface.RequireArchetypeResourceRef("APreCommit.out")
				if err != nil {
					return err
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(x, nil)
				if err != nil {
					return err
				}
				err = iface.Write(x, nil, tla.ModulePlusSymbol(exprRead, tla.MakeNumber(1)))
				if err != nil {
					return err
				}
				var exprRead0 tla.Value
				exprRead0, err = iface.Read(x, nil)
				if err != nil {
					return err
				}
				err = iface.Write(res, nil, exprRead0)
				if err != nil {
					return err
				}
				var exprRead1 tla.Value
				exprRead1, err = iface.Read(x, nil)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, exprRead1)
				if err != nil {
					return err
				}
				return iface.Goto("APreCommit.Done")
			},
		},
		done("APreCommit"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("APreCommit.x", tla.MakeNumber(0))
	},
}

func TestPreCommitFailureAbortsSection(t *testing.T) {
	res := newLocalProbe(num(0))
	res.failPreCommits.Store(2)
	outCh := make(chan tla.Value, 10)
	out := newProbe(resources.NewOutputChan(outCh))
	ctx := distsys.NewMPCalContext(num(1), APreCommit,
		distsys.EnsureArchetypeRefParam("res", res),
		distsys.EnsureArchetypeRefParam("out", out))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	close(outCh)
	var got []tla.Value
	for v := range outCh {
		got = append(got, v)
	}
	// Nothing of the two failed attempts leaks: one output, x incremented once.
	require.Len(t, got, 1)
	assertValue(t, "output", got[0], num(1))
	assertValue(t, "x", ctx.IFace().ReadArchetypeResourceLocal("APreCommit.x"), num(1))
	assertValue(t, "res", res.value(t), num(1))
	assert.Equal(t, int32(3), res.preCommits.Load())
	assert.Equal(t, int32(2), res.aborts.Load())
	assert.Equal(t, int32(2), out.aborts.Load(), "siblings of a failed PreCommit are aborted")
	assert.Equal(t, int32(1), res.commits.Load())
	assert.Equal(t, int32(1), out.commits.Load())
}

// archetype AAssert(ref res) { l1: res := 1; assert FALSE; }
var AAssert = distsys.MPCalArchetype{
	Name:              "AAssert",
	Label:             "AAssert.l1",
	RequiredRefParams: []string{"AAssert.res"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "AAssert.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				res, err := iface.RequireArchetypeResourceRef("AAssert.res")
				if err != nil {
					return err
				}
				err = iface.Write(res, nil, tla.MakeNumber(1))
				if err != nil {
					return err
				}
				if !tla.ModuleFALSE.AsBool() {
					return fmt.Errorf("%w: FALSE", distsys.ErrAssertionFailed)
				}
				return iface.Goto("AAssert.Done")
			},
		},
		done("AAssert"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble:  func(iface distsys.ArchetypeInterface) {},
}

func TestAssertionFailureWithoutAbort(t *testing.T) {
	res := newLocalProbe(num(0))
	ctx := distsys.NewMPCalContext(num(1), AAssert, distsys.EnsureArchetypeRefParam("res", res))
	err := runWithTimeout(t, ctx, 10*time.Second)
	require.ErrorIs(t, err, distsys.ErrAssertionFailed)
	assert.Contains(t, err.Error(), "FALSE")
	assert.Zero(t, res.aborts.Load(), "no Abort after an assertion failure")
	assert.Zero(t, res.preCommits.Load())
	assert.Zero(t, res.commits.Load())
	assert.Equal(t, int32(1), res.closes.Load())
}

// archetype AIndexing(ref out) variables log = [i \in 1..4 |-> [foo |-> 0]];
// { l1: log[4]["foo"] := 43; out := log[4].foo + log[1].foo; }
var AIndexing = distsys.MPCalArchetype{
	Name:              "AIndexing",
	Label:             "AIndexing.l1",
	RequiredRefParams: []string{"AIndexing.out"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "AIndexing.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				log := iface.RequireArchetypeResource("AIndexing.log")
				out, err := iface.RequireArchetypeResourceRef("AIndexing.out")
				if err != nil {
					return err
				}
				err = iface.Write(log, []tla.Value{tla.MakeNumber(4), tla.MakeString("foo")}, tla.MakeNumber(43))
				if err != nil {
					return err
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(log, nil)
				if err != nil {
					return err
				}
				var exprRead0 tla.Value
				exprRead0, err = iface.Read(log, []tla.Value{tla.MakeNumber(1), tla.MakeString("foo")})
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, tla.ModulePlusSymbol(exprRead.ApplyFunction(tla.MakeNumber(4)).ApplyFunction(tla.MakeString("foo")), exprRead0))
				if err != nil {
					return err
				}
				return iface.Goto("AIndexing.Done")
			},
		},
		done("AIndexing"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("AIndexing.log", tla.MakeFunction([]tla.Value{tla.ModuleDotDotSymbol(tla.MakeNumber(1), tla.MakeNumber(4))}, func(args []tla.Value) tla.Value {
			return tla.MakeRecord([]tla.RecordField{{Key: tla.MakeString("foo"), Value: tla.MakeNumber(0)}})
		}))
	},
}

func TestIndexedLocalWrites(t *testing.T) {
	out := newLocalProbe(tla.Value{})
	ctx := distsys.NewMPCalContext(num(1), AIndexing, distsys.EnsureArchetypeRefParam("out", out))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	assertValue(t, "out", out.value(t), num(43))
	log := ctx.IFace().ReadArchetypeResourceLocal("AIndexing.log")
	assertValue(t, "log[4]", log.ApplyFunction(num(4)), tla.MakeRecord([]tla.RecordField{{Key: str("foo"), Value: num(43)}}))
}

func TestLocalPathWriteOutsideDomainPanics(t *testing.T) {
	local := distsys.NewLocalArchetypeResource(tup(num(1)))
	sub, err := local.Index(distsys.ArchetypeInterface{}, num(5))
	require.NoError(t, err)
	defer func() {
		r := recover()
		require.NotNil(t, r)
		require.ErrorIs(t, r.(error), tla.ErrTLAType)
	}()
	_ = sub.WriteValue(distsys.ArchetypeInterface{}, num(2))
}

func TestLocalResourceStateRoundTrip(t *testing.T) {
	a := distsys.NewLocalArchetypeResource(tup(num(1), str("x")))
	state, err := a.GetState()
	require.NoError(t, err)
	b := distsys.NewLocalArchetypeResource(tla.Value{})
	require.NoError(t, b.SetState(state))
	v, _ := b.ReadValue(distsys.ArchetypeInterface{})
	assertValue(t, "restored", v, tup(num(1), str("x")))
	// SetState sets the committed value too: an Abort keeps it.
	require.NoError(t, b.WriteValue(distsys.ArchetypeInterface{}, num(9)))
	b.Abort(distsys.ArchetypeInterface{})
	v, _ = b.ReadValue(distsys.ArchetypeInterface{})
	assertValue(t, "after abort", v, tup(num(1), str("x")))
	require.Error(t, b.SetState([]byte{0xff, 0xff}))
}

// archetype AValParam(v, ref out) variables y = v + 1; { l1: out := y; }
var AValParam = distsys.MPCalArchetype{
	Name:              "AValParam",
	Label:             "AValParam.l1",
	RequiredRefParams: []string{"AValParam.out"},
	RequiredValParams: []string{"AValParam.v"},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "AValParam.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				y := iface.RequireArchetypeResource("AValParam.y")
				out, err := iface.RequireArchetypeResourceRef("AValParam.out")
				if err != nil {
					return err
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(y, nil)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, exprRead)
				if err != nil {
					return err
				}
				return iface.Goto("AValParam.Done")
			},
		},
		done("AValParam"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("AValParam.y", tla.ModulePlusSymbol(iface.ReadArchetypeResourceLocal("AValParam.v"), tla.MakeNumber(1)))
	},
}

func TestValueParamInPreAmble(t *testing.T) {
	out := newLocalProbe(tla.Value{})
	ctx := distsys.NewMPCalContext(num(1), AValParam,
		distsys.EnsureArchetypeValueParam("v", num(1)),
		distsys.EnsureArchetypeValueParam("v", num(41)), // re-registering replaces
		distsys.EnsureArchetypeRefParam("out", out))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	assertValue(t, "out", out.value(t), num(42))
}

func TestRequiredParamsPanicAndStillClose(t *testing.T) {
	out := newLocalProbe(tla.Value{})
	// The value parameter is missing.
	ctx := distsys.NewMPCalContext(num(1), AValParam, distsys.EnsureArchetypeRefParam("out", out))
	assert.Panics(t, func() { _ = ctx.Run() })
	assert.Equal(t, int32(1), out.closes.Load(), "resources are closed when Run panics")
	ctx.Stop() // returns at once after Run

	// A value parameter bound as ref.
	ctx = distsys.NewMPCalContext(num(1), AValParam,
		distsys.EnsureArchetypeRefParam("out", newLocalProbe(tla.Value{})),
		distsys.EnsureArchetypeRefParam("v", newLocalProbe(num(1))))
	assert.Panics(t, func() { _ = ctx.Run() })

	// A ref parameter bound as value.
	ctx = distsys.NewMPCalContext(num(1), AValParam,
		distsys.EnsureArchetypeValueParam("out", num(1)),
		distsys.EnsureArchetypeValueParam("v", num(1)))
	assert.Panics(t, func() { _ = ctx.Run() })
}

func TestRunTwicePanics(t *testing.T) {
	ctx := distsys.NewMPCalContext(num(1), AValParam,
		distsys.EnsureArchetypeValueParam("v", num(1)),
		distsys.EnsureArchetypeRefParam("out", newLocalProbe(tla.Value{})))
	require.NoError(t, ctx.Run())
	assert.Panics(t, func() { _ = ctx.Run() })
	ctx.Stop()
	assert.Panics(t, func() { _ = ctx.Run() }, "Stop after Run does not allow another Run")
	assert.Panics(t, func() { _ = distsys.NewMPCalContextWithoutArchetype().Run() })
}

func TestCloseExactlyOncePerResource(t *testing.T) {
	out := newLocalProbe(tla.Value{})
	shared := newLocalProbe(num(0))
	unused := newLocalProbe(num(0))
	replaced := newLocalProbe(num(0))
	ctx := distsys.NewMPCalContext(num(1), AValParam,
		distsys.EnsureArchetypeValueParam("v", num(1)),
		distsys.EnsureArchetypeRefParam("out", out),
		distsys.EnsureArchetypeRefParam("extra1", shared),
		distsys.EnsureArchetypeRefParam("extra2", shared), // one resource under two names
		distsys.EnsureArchetypeRefParam("extra3", replaced),
		distsys.EnsureArchetypeRefParam("extra3", unused))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	ctx.Stop()
	ctx.Stop()
	assert.Equal(t, int32(1), out.closes.Load())
	assert.Equal(t, int32(1), shared.closes.Load())
	assert.Equal(t, int32(1), unused.closes.Load())
	assert.Zero(t, replaced.closes.Load(), "a replaced registration is no longer the context's")
}

func TestStopBeforeRun(t *testing.T) {
	out := newLocalProbe(tla.Value{})
	ctx := distsys.NewMPCalContext(num(1), AValParam,
		distsys.EnsureArchetypeValueParam("v", num(1)),
		distsys.EnsureArchetypeRefParam("out", out))
	ctx.Stop()
	assert.Equal(t, int32(1), out.closes.Load())
	require.NoError(t, ctx.Run(), "Run after Stop returns nil without running")
	assert.Zero(t, out.writes.Load(), "nothing ran")
	assert.Equal(t, int32(1), out.closes.Load(), "not closed again")
	ctx.Stop()
	assert.Panics(t, func() { _ = ctx.Run() }, "a second Run still panics")

	// Operations after close report it; peeking at locals still works.
	iface := ctx.IFace()
	_, err := iface.Read(iface.RequireArchetypeResource("AValParam.v"), nil)
	require.ErrorIs(t, err, distsys.ErrContextClosed)
	require.ErrorIs(t, iface.Write(iface.RequireArchetypeResource("AValParam.v"), nil, num(2)), distsys.ErrContextClosed)
	require.ErrorIs(t, iface.Goto("AValParam.l1"), distsys.ErrContextClosed)
	assertValue(t, "v", iface.ReadArchetypeResourceLocal("AValParam.v"), num(1))
}

// archetype ABlockedRead(ref in, ref out) { l1: out := in; goto l1; }
var ABlocked = distsys.MPCalArchetype{
	Name:              "ABlocked",
	Label:             "ABlocked.l1",
	RequiredRefParams: []string{"ABlocked.in", "ABlocked.out"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "ABlocked.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				in, err := iface.RequireArchetypeResourceRef("ABlocked.in")
				if err != nil {
					return err
				}
				out, err := iface.RequireArchetypeResourceRef("ABlocked.out")
				if err != nil {
					return err
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(in, nil)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, exprRead)
				if err != nil {
					return err
				}
				return iface.Goto("ABlocked.l1")
			},
		},
		done("ABlocked"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble:  func(iface distsys.ArchetypeInterface) {},
}

func stopPromptly(t *testing.T, ctx *distsys.MPCalContext) {
	t.Helper()
	stopped := make(chan struct{})
	go func() {
		ctx.Stop()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not return promptly")
	}
}

func TestStopDuringBlockedRead(t *testing.T) {
	inCh := make(chan tla.Value)
	blocked := newSignal()
	in := newProbe(resources.NewInputChan(inCh, resources.WithInputChanReadTimeout(time.Hour)))
	in.onRead = blocked.fire
	out := newLocalProbe(tla.Value{})
	ctx := distsys.NewMPCalContext(num(1), ABlocked,
		distsys.EnsureArchetypeRefParam("in", in),
		distsys.EnsureArchetypeRefParam("out", out))
	errCh := make(chan error, 1)
	go func() { errCh <- ctx.Run() }()
	blocked.wait(t, "the read to block")
	stopPromptly(t, ctx)
	require.NoError(t, <-errCh, "a read interrupted by Stop aborts the section; Run returns nil")
	assert.Equal(t, int32(1), in.aborts.Load())
	assert.Equal(t, int32(1), in.closes.Load())
	assert.Equal(t, int32(1), out.closes.Load())
}

func TestStopDuringBlockedCommit(t *testing.T) {
	inCh := make(chan tla.Value, 1)
	inCh <- num(7)
	outCh := make(chan tla.Value) // nobody reads it
	committing := newSignal()
	out := newProbe(resources.NewOutputChan(outCh))
	out.onCommit = committing.fire
	ctx := distsys.NewMPCalContext(num(1), ABlocked,
		distsys.EnsureArchetypeRefParam("in", resources.NewInputChan(inCh)),
		distsys.EnsureArchetypeRefParam("out", out))
	errCh := make(chan error, 1)
	go func() { errCh <- ctx.Run() }()
	committing.wait(t, "the commit to start")
	stopPromptly(t, ctx)
	err := <-errCh
	require.ErrorIs(t, err, context.Canceled, "stopped mid-commit: the section may be partial")
	assert.Equal(t, int32(1), out.closes.Load())
}

func TestStopBetweenSectionsReturnsNil(t *testing.T) {
	inCh := make(chan tla.Value)
	outCh := make(chan tla.Value)
	in := newProbe(resources.NewInputChan(inCh))
	waiting := newSignal()
	var echoed atomic.Bool
	in.onRead = func() {
		if echoed.Load() { // a read started after the last echo was received: the next section
			waiting.fire()
		}
	}
	ctx := distsys.NewMPCalContext(num(1), ABlocked,
		distsys.EnsureArchetypeRefParam("in", in),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(outCh)))
	errCh := make(chan error, 1)
	go func() { errCh <- ctx.Run() }()
	for i := int32(0); i < 5; i++ {
		inCh <- num(i)
		assertValue(t, "echo", <-outCh, num(i))
	}
	echoed.Store(true)
	waiting.wait(t, "the sixth read")
	stopPromptly(t, ctx)
	require.NoError(t, <-errCh)
	ctx.Stop() // after Run: returns at once
}

func TestErrorsIsDispatch(t *testing.T) {
	wrapped := fmt.Errorf("resource: %w", distsys.ErrCriticalSectionAborted)
	assert.True(t, errors.Is(wrapped, distsys.ErrCriticalSectionAborted))
	assert.NotErrorIs(t, distsys.ErrContextClosed, distsys.ErrCriticalSectionAborted)
}
