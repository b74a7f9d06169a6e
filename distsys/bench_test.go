package distsys_test

import (
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// benchArchetype loops on one section; the section body ends Run after n
// committed attempts (a Go counter, not a resource, so it adds no work).
func benchArchetype(n int, work func(iface distsys.ArchetypeInterface) error) distsys.MPCalArchetype {
	count := 0
	return distsys.MPCalArchetype{
		Name:              "ABench",
		Label:             "ABench.loop",
		RequiredRefParams: []string{},
		RequiredValParams: []string{},
		JumpTable: distsys.MakeMPCalJumpTable(distsys.MPCalCriticalSection{
			Name: "ABench.loop",
			Body: func(iface distsys.ArchetypeInterface) error {
				if count++; count > n {
					return distsys.ErrDone
				}
				if err := work(iface); err != nil {
					return err
				}
				return iface.Goto("ABench.loop")
			},
		}),
		ProcTable: distsys.MakeMPCalProcTable(),
		PreAmble: func(iface distsys.ArchetypeInterface) {
			iface.EnsureArchetypeResourceLocal("ABench.x", tla.MakeNumber(0))
			iface.EnsureArchetypeResourceLocal("ABench.y", tla.MakeNumber(0))
		},
	}
}

func runBench(b *testing.B, work func(iface distsys.ArchetypeInterface) error) {
	ctx := distsys.NewMPCalContext(tla.MakeNumber(1), benchArchetype(b.N, work))
	b.ReportAllocs()
	b.ResetTimer()
	if err := ctx.Run(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEmptySection: a section that only jumps back to itself.
func BenchmarkEmptySection(b *testing.B) {
	runBench(b, func(distsys.ArchetypeInterface) error { return nil })
}

// BenchmarkTwoLocals: a committed section reading and writing two locals,
// x := (x + 1) % 1000; y := x.
func BenchmarkTwoLocals(b *testing.B) {
	runBench(b, func(iface distsys.ArchetypeInterface) error {
		var err error
		x := iface.RequireArchetypeResource("ABench.x")
		y := iface.RequireArchetypeResource("ABench.y")
		var exprRead tla.Value
		exprRead, err = iface.Read(x, nil)
		if err != nil {
			return err
		}
		err = iface.Write(x, nil, tla.ModulePercentSymbol(tla.ModulePlusSymbol(exprRead, tla.MakeNumber(1)), tla.MakeNumber(1000)))
		if err != nil {
			return err
		}
		var exprRead0 tla.Value
		exprRead0, err = iface.Read(x, nil)
		if err != nil {
			return err
		}
		return iface.Write(y, nil, exprRead0)
	})
}

// BenchmarkTwoLocalsTuple: the same, writing a freshly built tuple to y
// (the one allocation is the tuple itself).
func BenchmarkTwoLocalsTuple(b *testing.B) {
	runBench(b, func(iface distsys.ArchetypeInterface) error {
		x := iface.RequireArchetypeResource("ABench.x")
		y := iface.RequireArchetypeResource("ABench.y")
		v, err := iface.Read(x, nil)
		if err != nil {
			return err
		}
		next := tla.ModulePercentSymbol(tla.ModulePlusSymbol(v, tla.MakeNumber(1)), tla.MakeNumber(1000))
		if err := iface.Write(x, nil, next); err != nil {
			return err
		}
		return iface.Write(y, nil, tla.MakeTuple(next, v))
	})
}
