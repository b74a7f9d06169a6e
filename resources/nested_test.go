package resources_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/require"
)

// Nested archetypes written as gogen emits them (mpcal.md §7.4):
//
//	archetype ANestedRegister(ref in, ref out) variables value = 0, tentative = 0;
//	{ serve: with (req = in) {
//	      if (req.tpe = READ_REQ) { out := [tpe |-> READ_ACK, value |-> tentative] }
//	      else if (req.tpe = WRITE_REQ) {
//	        tentative := req.value; out := [tpe |-> WRITE_ACK];
//	        if (req.value = "stop") { goto Done } }
//	      else if (req.tpe = PRECOMMIT_REQ) {
//	        if (tentative < 0) { out := [tpe |-> ABORTED] } else { out := [tpe |-> PRECOMMIT_ACK] } }
//	      else if (req.tpe = COMMIT_REQ) { value := tentative; out := [tpe |-> COMMIT_ACK] }
//	      else { assert req.tpe = ABORT_REQ; tentative := value; out := [tpe |-> ABORT_ACK] } };
//	  goto serve; }
//	archetype ASilent(ref in) { s: with (req = in) { skip }; goto s; }
//	archetype AWrongAck(ref in, ref out) { w: with (req = in) { out := [tpe |-> WRITE_ACK] }; goto w; }
//	archetype AOuter(ref reg, ref out)
//	{ l1: reg := reg + 1;
//	  l2: if (reg < 3) { goto l1 } else { out := reg }; }
func nestedReply(tpe tla.Value, fields ...tla.RecordField) tla.Value {
	return tla.MakeRecord(append([]tla.RecordField{{Key: tla.MakeString("tpe"), Value: tpe}}, fields...))
}

var nestedJumpTable = distsys.MakeMPCalJumpTable(
	distsys.MPCalCriticalSection{
		Name: "ANestedRegister.serve",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			in, err := iface.RequireArchetypeResourceRef("ANestedRegister.in")
			if err != nil {
				return err
			}
			out, err := iface.RequireArchetypeResourceRef("ANestedRegister.out")
			if err != nil {
				return err
			}
			value := iface.RequireArchetypeResource("ANestedRegister.value")
			tentative := iface.RequireArchetypeResource("ANestedRegister.tentative")
			var reqRead tla.Value
			reqRead, err = iface.Read(in, nil)
			if err != nil {
				return err
			}
			var req tla.Value = reqRead
			tpe := req.ApplyFunction(tla.MakeString("tpe"))
			if tla.ModuleEqualsSymbol(tpe, iface.GetConstant("READ_REQ")()).AsBool() {
				var exprRead tla.Value
				exprRead, err = iface.Read(tentative, nil)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, nestedReply(iface.GetConstant("READ_ACK")(), tla.RecordField{Key: tla.MakeString("value"), Value: exprRead}))
				if err != nil {
					return err
				}
			} else if tla.ModuleEqualsSymbol(tpe, iface.GetConstant("WRITE_REQ")()).AsBool() {
				err = iface.Write(tentative, nil, req.ApplyFunction(tla.MakeString("value")))
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, nestedReply(iface.GetConstant("WRITE_ACK")()))
				if err != nil {
					return err
				}
				if tla.ModuleEqualsSymbol(req.ApplyFunction(tla.MakeString("value")), tla.MakeString("stop")).AsBool() {
					return iface.Goto("ANestedRegister.Done")
				}
			} else if tla.ModuleEqualsSymbol(tpe, iface.GetConstant("PRECOMMIT_REQ")()).AsBool() {
				var condition tla.Value
				condition, err = iface.Read(tentative, nil)
				if err != nil {
					return err
				}
				if condition.IsNumber() && tla.ModuleLessThanSymbol(condition, tla.MakeNumber(0)).AsBool() {
					err = iface.Write(out, nil, nestedReply(iface.GetConstant("ABORTED")()))
				} else {
					err = iface.Write(out, nil, nestedReply(iface.GetConstant("PRECOMMIT_ACK")()))
				}
				if err != nil {
					return err
				}
			} else if tla.ModuleEqualsSymbol(tpe, iface.GetConstant("COMMIT_REQ")()).AsBool() {
				var exprRead0 tla.Value
				exprRead0, err = iface.Read(tentative, nil)
				if err != nil {
					return err
				}
				err = iface.Write(value, nil, exprRead0)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, nestedReply(iface.GetConstant("COMMIT_ACK")()))
				if err != nil {
					return err
				}
			} else {
				if !tla.ModuleEqualsSymbol(tpe, iface.GetConstant("ABORT_REQ")()).AsBool() {
					return fmt.Errorf("%w: req.tpe = ABORT_REQ", distsys.ErrAssertionFailed)
				}
				var exprRead1 tla.Value
				exprRead1, err = iface.Read(value, nil)
				if err != nil {
					return err
				}
				err = iface.Write(tentative, nil, exprRead1)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, nestedReply(iface.GetConstant("ABORT_ACK")()))
				if err != nil {
					return err
				}
			}
			return iface.Goto("ANestedRegister.serve")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ANestedRegister.Done",
		Body: func(distsys.ArchetypeInterface) error { return distsys.ErrDone },
	},
	distsys.MPCalCriticalSection{
		Name: "ASilent.s",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			in, err := iface.RequireArchetypeResourceRef("ASilent.in")
			if err != nil {
				return err
			}
			_, err = iface.Read(in, nil)
			if err != nil {
				return err
			}
			return iface.Goto("ASilent.s")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "AWrongAck.w",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			in, err := iface.RequireArchetypeResourceRef("AWrongAck.in")
			if err != nil {
				return err
			}
			out, err := iface.RequireArchetypeResourceRef("AWrongAck.out")
			if err != nil {
				return err
			}
			_, err = iface.Read(in, nil)
			if err != nil {
				return err
			}
			err = iface.Write(out, nil, nestedReply(iface.GetConstant("WRITE_ACK")()))
			if err != nil {
				return err
			}
			return iface.Goto("AWrongAck.w")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "AOuter.l1",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			reg, err := iface.RequireArchetypeResourceRef("AOuter.reg")
			if err != nil {
				return err
			}
			var exprRead tla.Value
			exprRead, err = iface.Read(reg, nil)
			if err != nil {
				return err
			}
			err = iface.Write(reg, nil, tla.ModulePlusSymbol(exprRead, tla.MakeNumber(1)))
			if err != nil {
				return err
			}
			return iface.Goto("AOuter.l2")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "AOuter.l2",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			reg, err := iface.RequireArchetypeResourceRef("AOuter.reg")
			if err != nil {
				return err
			}
			out, err := iface.RequireArchetypeResourceRef("AOuter.out")
			if err != nil {
				return err
			}
			var condition tla.Value
			condition, err = iface.Read(reg, nil)
			if err != nil {
				return err
			}
			if tla.ModuleLessThanSymbol(condition, tla.MakeNumber(3)).AsBool() {
				return iface.Goto("AOuter.l1")
			}
			var exprRead tla.Value
			exprRead, err = iface.Read(reg, nil)
			if err != nil {
				return err
			}
			err = iface.Write(out, nil, exprRead)
			if err != nil {
				return err
			}
			return iface.Goto("AOuter.Done")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "AOuter.Done",
		Body: func(distsys.ArchetypeInterface) error { return distsys.ErrDone },
	},
)

var (
	ANestedRegister = distsys.MPCalArchetype{
		Name:              "ANestedRegister",
		Label:             "ANestedRegister.serve",
		RequiredRefParams: []string{"ANestedRegister.in", "ANestedRegister.out"},
		RequiredValParams: []string{},
		JumpTable:         nestedJumpTable,
		ProcTable:         distsys.MakeMPCalProcTable(),
		PreAmble: func(iface distsys.ArchetypeInterface) {
			iface.EnsureArchetypeResourceLocal("ANestedRegister.value", tla.MakeNumber(0))
			iface.EnsureArchetypeResourceLocal("ANestedRegister.tentative", tla.MakeNumber(0))
		},
	}
	ASilent = distsys.MPCalArchetype{
		Name:              "ASilent",
		Label:             "ASilent.s",
		RequiredRefParams: []string{"ASilent.in"},
		RequiredValParams: []string{},
		JumpTable:         nestedJumpTable,
		ProcTable:         distsys.MakeMPCalProcTable(),
		PreAmble:          func(distsys.ArchetypeInterface) {},
	}
	AWrongAck = distsys.MPCalArchetype{
		Name:              "AWrongAck",
		Label:             "AWrongAck.w",
		RequiredRefParams: []string{"AWrongAck.in", "AWrongAck.out"},
		RequiredValParams: []string{},
		JumpTable:         nestedJumpTable,
		ProcTable:         distsys.MakeMPCalProcTable(),
		PreAmble:          func(distsys.ArchetypeInterface) {},
	}
	AOuter = distsys.MPCalArchetype{
		Name:              "AOuter",
		Label:             "AOuter.l1",
		RequiredRefParams: []string{"AOuter.reg", "AOuter.out"},
		RequiredValParams: []string{},
		JumpTable:         nestedJumpTable,
		ProcTable:         distsys.MakeMPCalProcTable(),
		PreAmble:          func(distsys.ArchetypeInterface) {},
	}
)

// newNested builds a Nested resource around one context of arch; the context
// is returned too.
func newNested(t *testing.T, arch distsys.MPCalArchetype) (distsys.ArchetypeResource, *distsys.MPCalContext) {
	t.Helper()
	var ctx *distsys.MPCalContext
	r := resources.NewNested(func(sendCh chan<- tla.Value, receiveCh <-chan tla.Value) []*distsys.MPCalContext {
		configs := []distsys.MPCalContextConfigFn{
			resources.NestedArchetypeConstantDefs,
			distsys.EnsureArchetypeRefParam("in", resources.NewInputChan(receiveCh)),
		}
		if len(arch.RequiredRefParams) > 1 {
			configs = append(configs, distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(sendCh)))
		}
		ctx = distsys.NewMPCalContext(num(1), arch, configs...)
		return []*distsys.MPCalContext{ctx}
	})
	t.Cleanup(func() { _ = r.Close() })
	return r, ctx
}

// retryAborted repeats op while it aborts (a timeout on a loaded machine); the
// operations it is used with are idempotent.
func retryAborted(t *testing.T, op func() error) error {
	t.Helper()
	var err error
	for i := 0; i < 20; i++ {
		if err = op(); !errors.Is(err, distsys.ErrCriticalSectionAborted) {
			return err
		}
	}
	return err
}

func nestedRead(t *testing.T, r distsys.ArchetypeResource) tla.Value {
	t.Helper()
	var v tla.Value
	require.NoError(t, retryAborted(t, func() (err error) { v, err = r.ReadValue(zero); return err }))
	return v
}

func nestedWrite(t *testing.T, r distsys.ArchetypeResource, v tla.Value) {
	t.Helper()
	require.NoError(t, retryAborted(t, func() error { return r.WriteValue(zero, v) }))
}

func TestNestedReadWriteCommitAbort(t *testing.T) {
	r, _ := newNested(t, ANestedRegister)
	assertValue(t, "initial", nestedRead(t, r), num(0))
	nestedWrite(t, r, num(5))
	assertValue(t, "own write", nestedRead(t, r), num(5))
	require.NoError(t, retryAborted(t, func() error { return preCommit(t, r) }))
	commit(t, r)
	assertValue(t, "committed", nestedRead(t, r), num(5))
	nestedWrite(t, r, num(7))
	abort(t, r)
	assertValue(t, "after Abort", nestedRead(t, r), num(5))

	// The nested archetype rejects negative values at precommit: ABORTED aborts the section.
	nestedWrite(t, r, num(-1))
	err := preCommit(t, r)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
	abort(t, r)
	assertValue(t, "after rejected precommit", nestedRead(t, r), num(5))
	_, err = r.Index(zero, num(1))
	require.ErrorIs(t, err, distsys.ErrArchetypeResourceLeafIndexed)
}

// An outer archetype uses the nested register as a ref parameter.
func TestNestedDrivenByOuterArchetype(t *testing.T) {
	r, _ := newNested(t, ANestedRegister)
	out := make(chan tla.Value, 1)
	ctx := distsys.NewMPCalContext(num(1), AOuter,
		distsys.EnsureArchetypeRefParam("reg", r),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(out)))
	require.NoError(t, ctx.Run())
	assertValue(t, "out", <-out, num(3))
	// Run closed the nested resource (and its context).
	_, err := r.ReadValue(zero)
	require.ErrorIs(t, err, resources.ErrNestedArchetypeStopped)
}

func TestNestedTimeoutAborts(t *testing.T) {
	r, _ := newNested(t, ASilent)
	start := time.Now()
	_, err := r.ReadValue(zero)
	require.ErrorIs(t, err, distsys.ErrCriticalSectionAborted)
	require.ErrorIs(t, r.WriteValue(zero, num(1)), distsys.ErrCriticalSectionAborted)
	require.ErrorIs(t, preCommit(t, r), distsys.ErrCriticalSectionAborted)
	elapsed := time.Since(start)
	require.GreaterOrEqual(t, elapsed, 300*time.Millisecond, "each operation waits 100 ms")
	require.Less(t, elapsed, 3*time.Second)
	start = time.Now()
	require.NoError(t, r.Close())
	require.Less(t, time.Since(start), 2*time.Second)
}

func TestNestedProtocolError(t *testing.T) {
	r, _ := newNested(t, AWrongAck)
	nestedWrite(t, r, num(1)) // write_ack is right for a write
	var err error
	for i := 0; i < 20; i++ {
		if _, err = r.ReadValue(zero); !errors.Is(err, distsys.ErrCriticalSectionAborted) {
			break
		}
	}
	require.ErrorIs(t, err, resources.ErrNestedArchetypeProtocol)
}

func TestNestedStopped(t *testing.T) {
	t.Run("stopped context", func(t *testing.T) {
		r, ctx := newNested(t, ANestedRegister)
		nestedWrite(t, r, num(1))
		ctx.Stop()
		_, err := r.ReadValue(zero)
		require.ErrorIs(t, err, resources.ErrNestedArchetypeStopped)
		require.ErrorIs(t, r.WriteValue(zero, num(2)), resources.ErrNestedArchetypeStopped)
		require.ErrorIs(t, preCommit(t, r), resources.ErrNestedArchetypeStopped)
		abort(t, r) // returns at once
	})
	t.Run("archetype finished", func(t *testing.T) {
		r, _ := newNested(t, ANestedRegister)
		nestedWrite(t, r, str("stop"))
		_, err := r.ReadValue(zero)
		require.ErrorIs(t, err, resources.ErrNestedArchetypeStopped)
		commit(t, r)
	})
}
