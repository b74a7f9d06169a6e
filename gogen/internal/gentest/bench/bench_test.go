package bench

import (
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// bounded returns arch whose first section ends Run after n committed attempts, counted in
// Go as distsys's own benchmarks do, so the measured work is the generated section.
func bounded(arch distsys.MPCalArchetype, n int) distsys.MPCalArchetype {
	table := distsys.MPCalJumpTable{}
	for name, cs := range arch.JumpTable {
		table[name] = cs
	}
	loop := table[arch.Label]
	count := 0
	table[arch.Label] = distsys.MPCalCriticalSection{Name: loop.Name, Body: func(iface distsys.ArchetypeInterface) error {
		if count++; count > n {
			return distsys.ErrDone
		}
		return loop.Body(iface)
	}}
	arch.JumpTable = table
	return arch
}

func run(b *testing.B, arch distsys.MPCalArchetype, configs ...distsys.MPCalContextConfigFn) {
	ctx := distsys.NewMPCalContext(tla.MakeNumber(1), arch, configs...)
	b.ReportAllocs()
	b.ResetTimer()
	if err := ctx.Run(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkGeneratedTwoLocals: the generated section x := (x + 1) % 1000; y := x; goto loop.
func BenchmarkGeneratedTwoLocals(b *testing.B) {
	run(b, bounded(ABench, b.N))
}

// BenchmarkHandWrittenTwoLocals: distsys's BenchmarkTwoLocals section, verbatim, in the
// same harness (the hand-written equivalent to compare with).
func BenchmarkHandWrittenTwoLocals(b *testing.B) {
	arch := ABench
	arch.JumpTable = distsys.MakeMPCalJumpTable(distsys.MPCalCriticalSection{
		Name: "ABench.loop",
		Body: func(iface distsys.ArchetypeInterface) error {
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
			if err := iface.Write(y, nil, exprRead0); err != nil {
				return err
			}
			return iface.Goto("ABench.loop")
		},
	})
	run(b, bounded(arch, b.N))
}

// BenchmarkGeneratedCountLoop: while (i < N) { i := i + 1; y := i }, bounded in TLA+.
func BenchmarkGeneratedCountLoop(b *testing.B) {
	run(b, ACount, distsys.DefineConstantValue("N", tla.MakeNumber(int32(b.N))))
}

// The loops compute what they should.
func TestLoops(t *testing.T) {
	ctx := distsys.NewMPCalContext(tla.MakeNumber(1), bounded(ABench, 1234))
	if err := ctx.Run(); err != nil {
		t.Fatal(err)
	}
	if x, y := ctx.IFace().ReadArchetypeResourceLocal("ABench.x"), ctx.IFace().ReadArchetypeResourceLocal("ABench.y"); !x.Equal(tla.MakeNumber(234)) || !y.Equal(x) {
		t.Errorf("x, y = %v, %v", x, y)
	}
	ctx = distsys.NewMPCalContext(tla.MakeNumber(1), ACount, distsys.DefineConstantValue("N", tla.MakeNumber(500)))
	if err := ctx.Run(); err != nil {
		t.Fatal(err)
	}
	if y := ctx.IFace().ReadArchetypeResourceLocal("ACount.y"); !y.Equal(tla.MakeNumber(500)) {
		t.Errorf("y = %v", y)
	}
}
