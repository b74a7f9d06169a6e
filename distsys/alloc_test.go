package distsys

import (
	"testing"

	"github.com/mpgo/mpgo/distsys/tla"
)

// These tests drive single attempts (step) to measure the engine's own
// allocations, which Run's setup would otherwise blur.

func loopArchetype(body func(iface ArchetypeInterface) error) MPCalArchetype {
	return MPCalArchetype{
		Name:      "ALoop",
		Label:     "ALoop.loop",
		JumpTable: MakeMPCalJumpTable(MPCalCriticalSection{Name: "ALoop.loop", Body: body}),
		ProcTable: MakeMPCalProcTable(),
		PreAmble: func(iface ArchetypeInterface) {
			iface.EnsureArchetypeResourceLocal("ALoop.x", tla.MakeNumber(0))
			iface.EnsureArchetypeResourceLocal("ALoop.y", tla.MakeNumber(0))
		},
	}
}

func stepAllocs(t *testing.T, arch MPCalArchetype) float64 {
	t.Helper()
	ctx := NewMPCalContext(tla.MakeNumber(1), arch)
	iface := ctx.IFace()
	arch.PreAmble(iface)
	for i := 0; i < 10; i++ { // warm up: grow the reusable buffers
		if _, err := ctx.step(iface); err != nil {
			t.Fatal(err)
		}
	}
	return testing.AllocsPerRun(1000, func() {
		if _, err := ctx.step(iface); err != nil {
			t.Fatal(err)
		}
	})
}

func TestEmptySectionDoesNotAllocate(t *testing.T) {
	allocs := stepAllocs(t, loopArchetype(func(iface ArchetypeInterface) error {
		return iface.Goto("ALoop.loop")
	}))
	if allocs != 0 {
		t.Errorf("an empty section allocates %v times per attempt, want 0", allocs)
	}
}

func TestLocalSectionDoesNotAllocate(t *testing.T) {
	// x := (x + 1) % 1000; y := x: small numbers are preallocated by tla.
	allocs := stepAllocs(t, loopArchetype(func(iface ArchetypeInterface) error {
		x := iface.RequireArchetypeResource("ALoop.x")
		y := iface.RequireArchetypeResource("ALoop.y")
		v, err := iface.Read(x, nil)
		if err != nil {
			return err
		}
		if err := iface.Write(x, nil, tla.ModulePercentSymbol(tla.ModulePlusSymbol(v, tla.MakeNumber(1)), tla.MakeNumber(1000))); err != nil {
			return err
		}
		v, err = iface.Read(x, nil)
		if err != nil {
			return err
		}
		if err := iface.Write(y, nil, v); err != nil {
			return err
		}
		return iface.Goto("ALoop.loop")
	}))
	if allocs != 0 {
		t.Errorf("a section over two locals allocates %v times per attempt, want 0", allocs)
	}
}
