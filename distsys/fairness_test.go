package distsys_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eitherSection is
//
//	lK: either { x := 1 } or { x := 2 };
//	    either { y := 1 } or { y := 2 };
//	    await <<x, y>> = want; out := Append(out, <<x, y>>); goto next;
func eitherSection(arch, label, next string, want tla.Value) distsys.MPCalCriticalSection {
	name := arch + "." + label
	return distsys.MPCalCriticalSection{
		Name: name,
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			x := iface.RequireArchetypeResource(arch + ".x")
			y := iface.RequireArchetypeResource(arch + ".y")
			out, err := iface.RequireArchetypeResourceRef(arch + ".out")
			if err != nil {
				return err
			}
			switch iface.NextFairnessCounter(name+".0", 2) {
			case 0:
				err = iface.Write(x, nil, tla.MakeNumber(1))
				if err != nil {
					return err
				}
			case 1:
				err = iface.Write(x, nil, tla.MakeNumber(2))
				if err != nil {
					return err
				}
			default:
				panic("current branch of either matches no code paths!")
			}
			switch iface.NextFairnessCounter(name+".1", 2) {
			case 0:
				err = iface.Write(y, nil, tla.MakeNumber(1))
				if err != nil {
					return err
				}
			case 1:
				err = iface.Write(y, nil, tla.MakeNumber(2))
				if err != nil {
					return err
				}
			default:
				panic("current branch of either matches no code paths!")
			}
			var condition tla.Value
			condition, err = iface.Read(x, nil)
			if err != nil {
				return err
			}
			var condition0 tla.Value
			condition0, err = iface.Read(y, nil)
			if err != nil {
				return err
			}
			if !tla.ModuleEqualsSymbol(tla.MakeTuple(condition, condition0), want).AsBool() {
				return distsys.ErrCriticalSectionAborted
			}
			var exprRead tla.Value
			exprRead, err = iface.Read(out, nil)
			if err != nil {
				return err
			}
			err = iface.Write(out, nil, tla.ModuleAppend(exprRead, want))
			if err != nil {
				return err
			}
			return iface.Goto(arch + "." + next)
		},
	}
}

// withSection is
//
//	lK: with (a \in {1, 2}, b \in {1, 2}) { await <<a, b>> = want; out := Append(out, <<a, b>>) }; goto next;
func withSection(arch, label, next string, want tla.Value) distsys.MPCalCriticalSection {
	name := arch + "." + label
	return distsys.MPCalCriticalSection{
		Name: name,
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			out, err := iface.RequireArchetypeResourceRef(arch + ".out")
			if err != nil {
				return err
			}
			var aRead = tla.MakeSet(tla.MakeNumber(1), tla.MakeNumber(2))
			if aRead.AsSet().Len() == 0 {
				return distsys.ErrCriticalSectionAborted
			}
			var a tla.Value = aRead.SelectElement(iface.NextFairnessCounter(name+".0", uint(aRead.AsSet().Len())))
			var bRead = tla.MakeSet(tla.MakeNumber(1), tla.MakeNumber(2))
			if bRead.AsSet().Len() == 0 {
				return distsys.ErrCriticalSectionAborted
			}
			var b tla.Value = bRead.SelectElement(iface.NextFairnessCounter(name+".1", uint(bRead.AsSet().Len())))
			if !tla.ModuleEqualsSymbol(tla.MakeTuple(a, b), want).AsBool() {
				return distsys.ErrCriticalSectionAborted
			}
			var exprRead tla.Value
			exprRead, err = iface.Read(out, nil)
			if err != nil {
				return err
			}
			err = iface.Write(out, nil, tla.ModuleAppend(exprRead, tla.MakeTuple(a, b)))
			if err != nil {
				return err
			}
			return iface.Goto(arch + "." + next)
		},
	}
}

var combos = []tla.Value{tup(num(1), num(1)), tup(num(1), num(2)), tup(num(2), num(1)), tup(num(2), num(2))}

func comboArchetype(name string, section func(arch, label, next string, want tla.Value) distsys.MPCalCriticalSection) distsys.MPCalArchetype {
	var sections []distsys.MPCalCriticalSection
	for i, want := range combos {
		next := fmt.Sprintf("l%d", i+1)
		if i == len(combos)-1 {
			next = "Done"
		}
		sections = append(sections, section(name, fmt.Sprintf("l%d", i), next, want))
	}
	sections = append(sections, done(name))
	return distsys.MPCalArchetype{
		Name:              name,
		Label:             name + ".l0",
		RequiredRefParams: []string{name + ".out"},
		RequiredValParams: []string{},
		JumpTable:         distsys.MakeMPCalJumpTable(sections...),
		ProcTable:         distsys.MakeMPCalProcTable(),
		PreAmble: func(iface distsys.ArchetypeInterface) {
			iface.EnsureArchetypeResourceLocal(name+".x", tla.Value{})
			iface.EnsureArchetypeResourceLocal(name+".y", tla.Value{})
		},
	}
}

func TestFairnessEitherReachesEveryCombination(t *testing.T) {
	// Each label needs a different pair of branches; repeat with fresh random
	// starts to make a lucky pass unlikely.
	for i := 0; i < 20; i++ {
		out := newLocalProbe(tup())
		rec := &collector{}
		ctx := distsys.NewMPCalContext(num(1), comboArchetype("AEither", eitherSection),
			distsys.EnsureArchetypeRefParam("out", out), distsys.SetTraceRecorder(rec))
		require.NoError(t, runWithTimeout(t, ctx, 5*time.Second))
		assertValue(t, "out", out.value(t), tup(combos...))
		aborts := 0
		for _, e := range rec.all() {
			if e.IsAbort {
				aborts++
			}
		}
		assert.LessOrEqual(t, aborts, 4*3, "at most 3 retries per label: the odometer enumerates")
	}
}

func TestFairnessWithReachesEveryCombination(t *testing.T) {
	for i := 0; i < 20; i++ {
		out := newLocalProbe(tup())
		ctx := distsys.NewMPCalContext(num(1), comboArchetype("AWith", withSection), distsys.EnsureArchetypeRefParam("out", out))
		require.NoError(t, runWithTimeout(t, ctx, 5*time.Second))
		assertValue(t, "out", out.value(t), tup(combos...))
	}
}

// archetype ALoop(ref out) variables seen = {};
// { l1: with (e \in 1..4) { seen := seen \cup {e} };
//
//	l2: if (seen /= 1..4) { goto l1 } else { out := seen }; }
var ALoop = distsys.MPCalArchetype{
	Name:              "ALoop",
	Label:             "ALoop.l1",
	RequiredRefParams: []string{"ALoop.out"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "ALoop.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				seen := iface.RequireArchetypeResource("ALoop.seen")
				var eRead = tla.ModuleDotDotSymbol(tla.MakeNumber(1), tla.MakeNumber(4))
				if eRead.AsSet().Len() == 0 {
					return distsys.ErrCriticalSectionAborted
				}
				var e tla.Value = eRead.SelectElement(iface.NextFairnessCounter("ALoop.l1.0", uint(eRead.AsSet().Len())))
				var exprRead tla.Value
				exprRead, err = iface.Read(seen, nil)
				if err != nil {
					return err
				}
				err = iface.Write(seen, nil, tla.ModuleUnionSymbol(exprRead, tla.MakeSet(e)))
				if err != nil {
					return err
				}
				return iface.Goto("ALoop.l2")
			},
		},
		distsys.MPCalCriticalSection{
			Name: "ALoop.l2",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				seen := iface.RequireArchetypeResource("ALoop.seen")
				out, err := iface.RequireArchetypeResourceRef("ALoop.out")
				if err != nil {
					return err
				}
				var condition tla.Value
				condition, err = iface.Read(seen, nil)
				if err != nil {
					return err
				}
				if tla.ModuleNotEqualsSymbol(condition, tla.ModuleDotDotSymbol(tla.MakeNumber(1), tla.MakeNumber(4))).AsBool() {
					return iface.Goto("ALoop.l1")
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(seen, nil)
				if err != nil {
					return err
				}
				err = iface.Write(out, nil, exprRead)
				if err != nil {
					return err
				}
				return iface.Goto("ALoop.Done")
			},
		},
		done("ALoop"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("ALoop.seen", tla.MakeSet())
	},
}

func TestFairnessWithInLoopChangingPC(t *testing.T) {
	// pc alternates between l1 and l2, so the counter restarts at every visit
	// of l1: only the random start lets the loop see every element.
	for i := 0; i < 10; i++ {
		out := newLocalProbe(tla.Value{})
		ctx := distsys.NewMPCalContext(num(1), ALoop, distsys.EnsureArchetypeRefParam("out", out))
		require.NoError(t, runWithTimeout(t, ctx, 5*time.Second))
		assertValue(t, "out", out.value(t), tla.ModuleDotDotSymbol(num(1), num(4)))
	}
}

func TestRoundRobinOdometer(t *testing.T) {
	fc := distsys.MakeRoundRobinFairnessCounter()
	seen := map[[2]uint]bool{}
	for attempt := 0; attempt < 6; attempt++ {
		fc.BeginCriticalSection("A.l")
		a := fc.NextFairnessCounter("A.l.0", 2)
		b := fc.NextFairnessCounter("A.l.1", 3)
		require.Less(t, a, uint(2))
		require.Less(t, b, uint(3))
		seen[[2]uint{a, b}] = true
	}
	assert.Len(t, seen, 6, "six retries of one label enumerate all 2×3 combinations")

	// A different choice point at the same depth restarts the tail.
	fc.BeginCriticalSection("A.l")
	fc.NextFairnessCounter("A.l.0", 2)
	c := fc.NextFairnessCounter("A.l.2", 5)
	assert.Less(t, c, uint(5))

	// Moving to another label clears the stack; a 1-way choice is always 0.
	fc.BeginCriticalSection("A.m")
	assert.Equal(t, uint(0), fc.NextFairnessCounter("A.m.0", 1))
	assert.Panics(t, func() { fc.NextFairnessCounter("A.m.1", 0) })
}

func TestRoundRobinDoesNotAdvanceUnreachedChoices(t *testing.T) {
	// Attempt 0 reaches two choice points; later attempts abort before the
	// second. Advancing the stale deeper entry would never move the first.
	fc := distsys.MakeRoundRobinFairnessCounter()
	firsts := map[uint]bool{}
	for attempt := 0; attempt < 4; attempt++ {
		fc.BeginCriticalSection("A.l")
		firsts[fc.NextFairnessCounter("A.l.0", 3)] = true
		if attempt == 0 {
			fc.NextFairnessCounter("A.l.1", 4)
		}
	}
	assert.Len(t, firsts, 3)
}
