package distsys_test

import (
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The procedures and archetypes below are written as gogen emits them
// (mpcal.md §7.4), sharing one procedure table and one jump table.
//
//	procedure P(ref out, n) variables x = n;
//	{ p1: flaky := 1; if (n > 0) { call P(ref out, n - 1) };
//	  p2: out := Append(out, x); return; }
//	procedure Q(ref out, v) { q1: out := Append(out, v); return; }
//	procedure T(ref out, v) variables y = v * 10; { t1: call Q(ref out, y); return; }
//	procedure Inc(ref c) { i1: c := c + 1; return; }
//	procedure Fwd(ref d) { f1: call Inc(ref d); f2: return; }
//	procedure F() { f1: skip; }
//
//	archetype ARec(ref out, ref flaky) { a1: call P(ref out, 2); }
//	archetype ATail(ref out) variables z = 5; { a1: call T(ref out, 1); a2: out := Append(out, z); }
//	archetype ARef(ref p) variables x = 0;
//	{ a1: call Inc(ref x); a2: call Inc(ref p); a3: call Fwd(ref x); a4: call Fwd(ref p); }
//	archetype AFall() { a1: call F(); }
var procTable = distsys.MakeMPCalProcTable(
	distsys.MPCalProc{
		Name:      "P",
		Label:     "P.p1",
		StateVars: []string{"P.out", "P.n", "P.x"},
		PreAmble: func(iface distsys.ArchetypeInterface) error {
			// PGo's style: (re)create the local from the argument.
			iface.EnsureArchetypeResourceLocal("P.x", iface.ReadArchetypeResourceLocal("P.n"))
			return nil
		},
	},
	distsys.MPCalProc{
		Name:      "Q",
		Label:     "Q.q1",
		StateVars: []string{"Q.out", "Q.v"},
		PreAmble:  func(iface distsys.ArchetypeInterface) error { return nil },
	},
	distsys.MPCalProc{
		Name:      "T",
		Label:     "T.t1",
		StateVars: []string{"T.out", "T.v", "T.y"},
		PreAmble: func(iface distsys.ArchetypeInterface) error {
			// Assignment style: a transactional write of the initialiser.
			var err error
			v, err := iface.Read(iface.RequireArchetypeResource("T.v"), nil)
			if err != nil {
				return err
			}
			return iface.Write(iface.RequireArchetypeResource("T.y"), nil, tla.ModuleAsteriskSymbol(v, tla.MakeNumber(10)))
		},
	},
	distsys.MPCalProc{
		Name:      "Inc",
		Label:     "Inc.i1",
		StateVars: []string{"Inc.c"},
		PreAmble:  func(iface distsys.ArchetypeInterface) error { return nil },
	},
	distsys.MPCalProc{
		Name:      "Fwd",
		Label:     "Fwd.f1",
		StateVars: []string{"Fwd.d"},
		PreAmble:  func(iface distsys.ArchetypeInterface) error { return nil },
	},
	distsys.MPCalProc{
		Name:      "F",
		Label:     "F.f1",
		StateVars: []string{},
		PreAmble:  func(iface distsys.ArchetypeInterface) error { return nil },
	},
)

func appendSection(name, outVar, valueVar, next string) distsys.MPCalCriticalSection {
	return distsys.MPCalCriticalSection{
		Name: name,
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			out, err := iface.RequireArchetypeResourceRef(outVar)
			if err != nil {
				return err
			}
			value := iface.RequireArchetypeResource(valueVar)
			var exprRead tla.Value
			exprRead, err = iface.Read(out, nil)
			if err != nil {
				return err
			}
			var exprRead0 tla.Value
			exprRead0, err = iface.Read(value, nil)
			if err != nil {
				return err
			}
			err = iface.Write(out, nil, tla.ModuleAppend(exprRead, exprRead0))
			if err != nil {
				return err
			}
			if next == "" {
				return iface.Return()
			}
			return iface.Goto(next)
		},
	}
}

var procJumpTable = distsys.MakeMPCalJumpTable(
	distsys.MPCalCriticalSection{
		Name: "P.p1",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			flaky, err := iface.RequireArchetypeResourceRef("ARec.flaky")
			if err != nil {
				return err
			}
			n := iface.RequireArchetypeResource("P.n")
			err = iface.Write(flaky, nil, tla.MakeNumber(1))
			if err != nil {
				return err
			}
			var condition tla.Value
			condition, err = iface.Read(n, nil)
			if err != nil {
				return err
			}
			if tla.ModuleGreaterThanSymbol(condition, tla.MakeNumber(0)).AsBool() {
				var resourceRead tla.Value
				resourceRead, err = iface.Read(n, nil)
				if err != nil {
					return err
				}
				return iface.Call("P", "P.p2", iface.ReadArchetypeResourceLocal("P.out"), tla.ModuleMinusSymbol(resourceRead, tla.MakeNumber(1)))
			}
			return iface.Goto("P.p2")
		},
	},
	appendSection("P.p2", "P.out", "P.x", ""),
	procError("P"),
	appendSection("Q.q1", "Q.out", "Q.v", ""),
	procError("Q"),
	distsys.MPCalCriticalSection{
		Name: "T.t1",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			y := iface.RequireArchetypeResource("T.y")
			var resourceRead tla.Value
			resourceRead, err = iface.Read(y, nil)
			if err != nil {
				return err
			}
			return iface.TailCall("Q", iface.ReadArchetypeResourceLocal("T.out"), resourceRead)
		},
	},
	procError("T"),
	distsys.MPCalCriticalSection{
		Name: "Inc.i1",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			c, err := iface.RequireArchetypeResourceRef("Inc.c")
			if err != nil {
				return err
			}
			var exprRead tla.Value
			exprRead, err = iface.Read(c, nil)
			if err != nil {
				return err
			}
			err = iface.Write(c, nil, tla.ModulePlusSymbol(exprRead, tla.MakeNumber(1)))
			if err != nil {
				return err
			}
			return iface.Return()
		},
	},
	procError("Inc"),
	distsys.MPCalCriticalSection{
		Name: "Fwd.f1",
		Body: func(iface distsys.ArchetypeInterface) error {
			return iface.Call("Inc", "Fwd.f2", iface.ReadArchetypeResourceLocal("Fwd.d"))
		},
	},
	distsys.MPCalCriticalSection{
		Name: "Fwd.f2",
		Body: func(iface distsys.ArchetypeInterface) error { return iface.Return() },
	},
	procError("Fwd"),
	distsys.MPCalCriticalSection{
		Name: "F.f1",
		Body: func(iface distsys.ArchetypeInterface) error {
			// skip
			return iface.Goto("F.Error")
		},
	},
	procError("F"),
	distsys.MPCalCriticalSection{
		Name: "ARec.a1",
		Body: func(iface distsys.ArchetypeInterface) error {
			return iface.Call("P", "ARec.Done", iface.ReadArchetypeResourceLocal("ARec.out"), tla.MakeNumber(2))
		},
	},
	done("ARec"),
	distsys.MPCalCriticalSection{
		Name: "ATail.a1",
		Body: func(iface distsys.ArchetypeInterface) error {
			return iface.Call("T", "ATail.a2", iface.ReadArchetypeResourceLocal("ATail.out"), tla.MakeNumber(1))
		},
	},
	appendSection("ATail.a2", "ATail.out", "ATail.z", "ATail.Done"),
	done("ATail"),
	distsys.MPCalCriticalSection{
		Name: "ARef.a1",
		Body: func(iface distsys.ArchetypeInterface) error {
			return iface.Call("Inc", "ARef.a2", tla.MakeString("ARef.x"))
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ARef.a2",
		Body: func(iface distsys.ArchetypeInterface) error {
			return iface.Call("Inc", "ARef.a3", iface.ReadArchetypeResourceLocal("ARef.p"))
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ARef.a3",
		Body: func(iface distsys.ArchetypeInterface) error {
			return iface.Call("Fwd", "ARef.a4", tla.MakeString("ARef.x"))
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ARef.a4",
		Body: func(iface distsys.ArchetypeInterface) error {
			return iface.Call("Fwd", "ARef.Done", iface.ReadArchetypeResourceLocal("ARef.p"))
		},
	},
	done("ARef"),
	distsys.MPCalCriticalSection{
		Name: "AFall.a1",
		Body: func(iface distsys.ArchetypeInterface) error {
			return iface.Call("F", "AFall.Done")
		},
	},
	done("AFall"),
)

var ARec = distsys.MPCalArchetype{
	Name:              "ARec",
	Label:             "ARec.a1",
	RequiredRefParams: []string{"ARec.out", "ARec.flaky"},
	RequiredValParams: []string{},
	JumpTable:         procJumpTable,
	ProcTable:         procTable,
	PreAmble:          func(iface distsys.ArchetypeInterface) {},
}

var ATail = distsys.MPCalArchetype{
	Name:              "ATail",
	Label:             "ATail.a1",
	RequiredRefParams: []string{"ATail.out"},
	RequiredValParams: []string{},
	JumpTable:         procJumpTable,
	ProcTable:         procTable,
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("ATail.z", tla.MakeNumber(5))
	},
}

var ARef = distsys.MPCalArchetype{
	Name:              "ARef",
	Label:             "ARef.a1",
	RequiredRefParams: []string{"ARef.p"},
	RequiredValParams: []string{},
	JumpTable:         procJumpTable,
	ProcTable:         procTable,
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("ARef.x", tla.MakeNumber(0))
	},
}

var AFall = distsys.MPCalArchetype{
	Name:              "AFall",
	Label:             "AFall.a1",
	RequiredRefParams: []string{},
	RequiredValParams: []string{},
	JumpTable:         procJumpTable,
	ProcTable:         procTable,
	PreAmble:          func(iface distsys.ArchetypeInterface) {},
}

func TestRecursionKeepsCallersLocals(t *testing.T) {
	out := newLocalProbe(tup())
	flaky := newLocalProbe(num(0))
	flaky.failAlternate.Store(true) // every call section aborts once after the Call: frames must roll back
	ctx := distsys.NewMPCalContext(num(1), ARec,
		distsys.EnsureArchetypeRefParam("out", out),
		distsys.EnsureArchetypeRefParam("flaky", flaky))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	assertValue(t, "out", out.value(t), tup(num(0), num(1), num(2)))
	assert.Equal(t, int32(3), flaky.aborts.Load(), "each of the three p1 sections aborted once")
	iface := ctx.IFace()
	assertValue(t, ".stack", iface.ReadArchetypeResourceLocal(".stack"), tup())
	assertValue(t, ".pc", iface.ReadArchetypeResourceLocal(".pc"), str("ARec.Done"))
	// The outermost Return restored the values saved by the first Call.
	assertValue(t, "P.x", iface.ReadArchetypeResourceLocal("P.x"), tla.Value{})
}

func TestTailCall(t *testing.T) {
	out := newLocalProbe(tup())
	ctx := distsys.NewMPCalContext(num(1), ATail, distsys.EnsureArchetypeRefParam("out", out))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	// T(1) tail-calls Q(10), which returns straight to ATail.a2.
	assertValue(t, "out", out.value(t), tup(num(10), num(5)))
	iface := ctx.IFace()
	assertValue(t, ".stack", iface.ReadArchetypeResourceLocal(".stack"), tup())
	assertValue(t, "T.y", iface.ReadArchetypeResourceLocal("T.y"), tla.Value{})
}

func TestRefParamsByResourceName(t *testing.T) {
	p := newLocalProbe(num(0))
	ctx := distsys.NewMPCalContext(num(1), ARef, distsys.EnsureArchetypeRefParam("p", p))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	// Inc(ref x) and Fwd(ref x) -> Inc(ref d): a ref to an archetype local,
	// passed by name and forwarded by a procedure.
	assertValue(t, "x", ctx.IFace().ReadArchetypeResourceLocal("ARef.x"), num(2))
	// Inc(ref p) and Fwd(ref p): the archetype's ref parameter forwarded as its
	// pointer string "&ARef.p".
	assertValue(t, "p", p.value(t), num(2))
	assert.Equal(t, int32(2), p.commits.Load())
}

func TestProcedureFallthrough(t *testing.T) {
	ctx := distsys.NewMPCalContext(num(1), AFall)
	err := runWithTimeout(t, ctx, 10*time.Second)
	require.ErrorIs(t, err, distsys.ErrProcedureFallthrough)
}

func TestCallUnknownProcedurePanics(t *testing.T) {
	arch := distsys.MPCalArchetype{
		Name:  "AX",
		Label: "AX.a1",
		JumpTable: distsys.MakeMPCalJumpTable(distsys.MPCalCriticalSection{
			Name: "AX.a1",
			Body: func(iface distsys.ArchetypeInterface) error { return iface.Call("Nope", "AX.a1") },
		}),
		ProcTable: distsys.MakeMPCalProcTable(),
	}
	assert.Panics(t, func() { _ = distsys.NewMPCalContext(num(1), arch).Run() })
	arch.JumpTable = distsys.MakeMPCalJumpTable(distsys.MPCalCriticalSection{
		Name: "AX.a1",
		Body: func(iface distsys.ArchetypeInterface) error { return iface.Goto("AX.nowhere") },
	})
	assert.Panics(t, func() { _ = distsys.NewMPCalContext(num(1), arch).Run() })
	assert.Panics(t, func() {
		distsys.MakeMPCalJumpTable(done("A"), done("A"))
	})
}
