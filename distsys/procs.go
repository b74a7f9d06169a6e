package distsys

import (
	"fmt"

	"github.com/mpgo/mpgo/distsys/tla"
)

var framePCKey = tla.MakeString(".pc")

func (ctx *MPCalContext) getProc(name string) MPCalProc {
	proc, ok := ctx.archetype.ProcTable[name]
	if !ok {
		panic(fmt.Sprintf("distsys: procedure %s not found", name))
	}
	return proc
}

// Call calls procedure procName, returning to returnPC. It pushes a frame
// holding returnPC and the current value of each of the procedure's state
// variables (so a recursive caller keeps its locals), binds the arguments,
// runs the procedure's PreAmble and jumps to its first label. Every step is a
// Read or Write of this section, so an abort undoes the call.
func (iface ArchetypeInterface) Call(procName string, returnPC string, argVals ...tla.Value) error {
	ctx := iface.ctx
	proc := ctx.getProc(procName)
	if len(argVals) > len(proc.StateVars) {
		panic(fmt.Sprintf("distsys: procedure %s called with %d arguments, has %d state variables",
			procName, len(argVals), len(proc.StateVars)))
	}
	stack, err := iface.Read(stackHandle, nil)
	if err != nil {
		return err
	}
	fields := make([]tla.RecordField, 0, 1+len(proc.StateVars))
	fields = append(fields, tla.RecordField{Key: framePCKey, Value: tla.MakeString(returnPC)})
	for _, name := range proc.StateVars {
		h := ArchetypeResourceHandle(name)
		// Created only when missing: an existing one holds a caller's value
		// (possibly uncommitted), which the frame must save.
		if _, ok := ctx.resources[h]; !ok {
			ctx.ensureArchetypeResource(h, NewLocalArchetypeResource(tla.Value{}))
		}
		v, err := iface.Read(h, nil)
		if err != nil {
			return err
		}
		fields = append(fields, tla.RecordField{Key: tla.MakeString(name), Value: v})
	}
	for i, arg := range argVals {
		if err := iface.Write(ArchetypeResourceHandle(proc.StateVars[i]), nil, arg); err != nil {
			return err
		}
	}
	frame := tla.MakeRecord(fields)
	if err := iface.Write(stackHandle, nil, tla.ModuleOSymbol(tla.MakeTuple(frame), stack)); err != nil {
		return err
	}
	if proc.PreAmble != nil {
		if err := proc.PreAmble(iface); err != nil {
			return err
		}
	}
	return iface.Goto(proc.Label)
}

// Return pops the innermost frame and writes every saved entry back, .pc
// included, which jumps to the caller's return label.
func (iface ArchetypeInterface) Return() error {
	frame, err := iface.popFrame()
	if err != nil {
		return err
	}
	for _, key := range frame.SortedKeys() {
		if err := iface.Write(ArchetypeResourceHandle(key.AsString()), nil, frame.ApplyFunction(key)); err != nil {
			return err
		}
	}
	return nil
}

func (iface ArchetypeInterface) popFrame() (tla.Value, error) {
	stack, err := iface.Read(stackHandle, nil)
	if err != nil {
		return tla.Value{}, err
	}
	if stack.AsTuple().Len() == 0 {
		panic(fmt.Sprintf("distsys: archetype %s: return with an empty call stack", iface.ctx.archetype.Name))
	}
	if err := iface.Write(stackHandle, nil, tla.ModuleTail(stack)); err != nil {
		return tla.Value{}, err
	}
	return tla.ModuleHead(stack), nil
}

// TailCall replaces the current procedure's frame by a call of procName that
// returns where the current one would have.
func (iface ArchetypeInterface) TailCall(procName string, argVals ...tla.Value) error {
	stack, err := iface.Read(stackHandle, nil)
	if err != nil {
		return err
	}
	if stack.AsTuple().Len() == 0 {
		panic(fmt.Sprintf("distsys: archetype %s: tail call with an empty call stack", iface.ctx.archetype.Name))
	}
	returnPC := tla.ModuleHead(stack).ApplyFunction(framePCKey).AsString()
	if err := iface.Return(); err != nil {
		return err
	}
	return iface.Call(procName, returnPC, argVals...)
}
