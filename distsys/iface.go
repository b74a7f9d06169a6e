package distsys

import (
	"context"
	"fmt"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/distsys/trace"
)

// ArchetypeInterface is what generated code and resources see of a context.
// Use it only on the Run goroutine. The zero ArchetypeInterface{} may be
// passed to resources (runtime.md §4 rule 7); only Self, GetVClockSink and
// Context are meaningful on it.
type ArchetypeInterface struct {
	ctx *MPCalContext
}

// Self returns the archetype instance's identity.
func (iface ArchetypeInterface) Self() tla.Value {
	if iface.ctx == nil {
		return tla.Value{}
	}
	return iface.ctx.self
}

// Context (mpgo addition) returns a context.Context cancelled when the
// MPCalContext is stopped. Resources select on it while waiting, so Stop
// interrupts blocked reads and commits. The zero ArchetypeInterface gives
// context.Background().
func (iface ArchetypeInterface) Context() context.Context {
	if iface.ctx == nil {
		return context.Background()
	}
	return iface.ctx.cancelCtx
}

// RequireArchetypeResource returns the handle of a local or value parameter;
// it panics if name is not registered.
func (iface ArchetypeInterface) RequireArchetypeResource(name string) ArchetypeResourceHandle {
	h := ArchetypeResourceHandle(name)
	iface.ctx.getResource(h)
	return h
}

// RequireArchetypeResourceRef reads the pointer local name (without marking
// it dirty or tracing it) and returns the handle it names.
func (iface ArchetypeInterface) RequireArchetypeResourceRef(name string) (ArchetypeResourceHandle, error) {
	ptr := iface.ctx.getResource(ArchetypeResourceHandle(name))
	v, err := ptr.ReadValue(iface)
	if err != nil {
		return "", err
	}
	if !v.IsString() {
		panic(fmt.Sprintf("distsys: %s is not a ref parameter (it holds %v, not a resource name)", name, v))
	}
	h := ArchetypeResourceHandle(v.AsString())
	iface.ctx.getResource(h)
	return h, nil
}

// EnsureArchetypeResourceLocal creates the local name holding value, or
// replaces an existing resource. Inside a critical section (a procedure's
// PreAmble run by Call) an existing LocalArchetypeResource is assigned
// instead, so that the assignment is rolled back if the section aborts.
func (iface ArchetypeInterface) EnsureArchetypeResourceLocal(name string, value tla.Value) {
	ctx := iface.ctx
	h := ArchetypeResourceHandle(name)
	if ctx.inSection {
		if _, ok := ctx.resources[h].(*LocalArchetypeResource); ok {
			if err := iface.Write(h, nil, value); err != nil {
				panic(err) // a local write cannot fail
			}
			return
		}
	}
	ctx.ensureArchetypeResource(h, NewLocalArchetypeResource(value))
}

// ReadArchetypeResourceLocal peeks at the current (uncommitted) value of the
// local name; it panics if name is not a LocalArchetypeResource.
func (iface ArchetypeInterface) ReadArchetypeResourceLocal(name string) tla.Value {
	res := iface.ctx.getResource(ArchetypeResourceHandle(name))
	local, ok := res.(*LocalArchetypeResource)
	if !ok {
		panic(fmt.Sprintf("distsys: %s is a %T, not a local", name, res))
	}
	return local.value
}

// Read reads resource h (at indices, one Index per index), marking it dirty.
// A causal clock carried by the value is merged into the context's and
// stripped. After the context closed its resources it returns
// ErrContextClosed (so do Write, and Goto, Call, Return, TailCall through
// them).
func (iface ArchetypeInterface) Read(handle ArchetypeResourceHandle, indices []tla.Value) (tla.Value, error) {
	ctx := iface.ctx
	if ctx.closed.Load() {
		return tla.Value{}, ErrContextClosed
	}
	res := ctx.touch(handle)
	ctx.disrupt()
	var err error
	for _, index := range indices {
		if res, err = res.Index(iface, index); err != nil {
			return tla.Value{}, err
		}
	}
	value, err := res.ReadValue(iface)
	if err != nil {
		return tla.Value{}, err
	}
	if ctx.clocksOn {
		if clock := value.GetVClock(); clock != nil {
			ctx.vclockSink.WitnessVClock(*clock)
		}
		value = value.StripVClock()
	}
	if ctx.eventState.HasRecorder() {
		ctx.eventState.RecordRead(string(handle), indices, value)
	}
	return value, nil
}

// Write writes value to resource h (at indices), marking it dirty. With
// clocks on, the value carries the context's clock.
func (iface ArchetypeInterface) Write(handle ArchetypeResourceHandle, indices []tla.Value, value tla.Value) error {
	ctx := iface.ctx
	if ctx.closed.Load() {
		return ErrContextClosed
	}
	res := ctx.touch(handle)
	ctx.disrupt()
	var err error
	for _, index := range indices {
		if res, err = res.Index(iface, index); err != nil {
			return err
		}
	}
	var oldValue *tla.Value
	if ctx.eventState.HasRecorder() {
		if r, ok := res.(oldValueReporter); ok {
			if old, ok := r.currentValue(); ok {
				oldValue = &old
			}
		}
	}
	if ctx.clocksOn {
		value = tla.WrapCausal(value, ctx.vclockSink.GetVClock())
	}
	if err := res.WriteValue(iface, value); err != nil {
		return err
	}
	if ctx.eventState.HasRecorder() {
		ctx.eventState.RecordWrite(string(handle), indices, oldValue, value)
	}
	return nil
}

// Goto makes target the next section; it panics if target is not in the
// jump table.
func (iface ArchetypeInterface) Goto(target string) error {
	v, ok := iface.ctx.labels[target]
	if !ok {
		panic(fmt.Sprintf("distsys: archetype %s: goto unknown label %s", iface.ctx.archetype.Name, target))
	}
	return iface.Write(pcHandle, nil, v)
}

// NextFairnessCounter chooses among ceiling alternatives at choice point id.
func (iface ArchetypeInterface) NextFairnessCounter(id string, ceiling uint) uint {
	return iface.ctx.fairnessCounter.NextFairnessCounter(id, ceiling)
}

// GetConstant returns the constant (operator) name; it panics if undefined.
func (iface ArchetypeInterface) GetConstant(name string) func(args ...tla.Value) tla.Value {
	fn, ok := iface.ctx.constantDefns[name]
	if !ok {
		panic(fmt.Sprintf("distsys: constant %s is not defined", name))
	}
	return fn
}

// GetVClockSink gives resources access to the context's vector clock (nil
// for the zero ArchetypeInterface; a nil sink is disabled).
func (iface ArchetypeInterface) GetVClockSink() *trace.VClockSink {
	if iface.ctx == nil {
		return nil
	}
	return &iface.ctx.vclockSink
}
