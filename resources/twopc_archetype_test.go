package resources_test

import (
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/require"
)

// An archetype over a replicated register, written as gogen emits it (the
// shape of PGo's shcounter system):
//
//	archetype ATwoPCInc(ref reg, ref out, ref park) variables i = 0, seen;
//	{ inc: if (i < ROUNDS) { reg := reg + 1; i := i + 1; goto inc };
//	  wait: await reg = ROUNDS * NODES; seen := reg;
//	  report: out := seen; \* a section of its own: reg's Commit has completed
//	  park: with (x = park) { skip }; goto park; }
var twoPCJumpTable = distsys.MakeMPCalJumpTable(
	distsys.MPCalCriticalSection{
		Name: "ATwoPCInc.inc",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			i := iface.RequireArchetypeResource("ATwoPCInc.i")
			reg, err := iface.RequireArchetypeResourceRef("ATwoPCInc.reg")
			if err != nil {
				return err
			}
			var condition tla.Value
			condition, err = iface.Read(i, nil)
			if err != nil {
				return err
			}
			if tla.ModuleLessThanSymbol(condition, iface.GetConstant("ROUNDS")()).AsBool() {
				var exprRead tla.Value
				exprRead, err = iface.Read(reg, nil)
				if err != nil {
					return err
				}
				err = iface.Write(reg, nil, tla.ModulePlusSymbol(exprRead, tla.MakeNumber(1)))
				if err != nil {
					return err
				}
				var exprRead0 tla.Value
				exprRead0, err = iface.Read(i, nil)
				if err != nil {
					return err
				}
				err = iface.Write(i, nil, tla.ModulePlusSymbol(exprRead0, tla.MakeNumber(1)))
				if err != nil {
					return err
				}
				return iface.Goto("ATwoPCInc.inc")
			}
			return iface.Goto("ATwoPCInc.wait")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ATwoPCInc.wait",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			reg, err := iface.RequireArchetypeResourceRef("ATwoPCInc.reg")
			if err != nil {
				return err
			}
			seen := iface.RequireArchetypeResource("ATwoPCInc.seen")
			var condition tla.Value
			condition, err = iface.Read(reg, nil)
			if err != nil {
				return err
			}
			if !tla.ModuleEqualsSymbol(condition, tla.ModuleAsteriskSymbol(iface.GetConstant("ROUNDS")(), iface.GetConstant("NODES")())).AsBool() {
				return distsys.ErrCriticalSectionAborted
			}
			var exprRead tla.Value
			exprRead, err = iface.Read(reg, nil)
			if err != nil {
				return err
			}
			err = iface.Write(seen, nil, exprRead)
			if err != nil {
				return err
			}
			return iface.Goto("ATwoPCInc.report")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ATwoPCInc.report",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			seen := iface.RequireArchetypeResource("ATwoPCInc.seen")
			out, err := iface.RequireArchetypeResourceRef("ATwoPCInc.out")
			if err != nil {
				return err
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
			return iface.Goto("ATwoPCInc.park")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ATwoPCInc.park",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			park, err := iface.RequireArchetypeResourceRef("ATwoPCInc.park")
			if err != nil {
				return err
			}
			_, err = iface.Read(park, nil)
			if err != nil {
				return err
			}
			return iface.Goto("ATwoPCInc.park")
		},
	},
)

var ATwoPCInc = distsys.MPCalArchetype{
	Name:              "ATwoPCInc",
	Label:             "ATwoPCInc.inc",
	RequiredRefParams: []string{"ATwoPCInc.reg", "ATwoPCInc.out", "ATwoPCInc.park"},
	RequiredValParams: []string{},
	JumpTable:         twoPCJumpTable,
	ProcTable:         distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("ATwoPCInc.i", tla.MakeNumber(0))
		iface.EnsureArchetypeResourceLocal("ATwoPCInc.seen", tla.Value{})
	},
}

// Three contexts increment one register replicated over RPC; no increment is
// lost, and Stop ends them (closing the replicas).
func TestTwoPCArchetypesOverRPC(t *testing.T) {
	const nodes, rounds = 3, 4
	c := newTwoPCCluster(t, nodes, num(0), true)
	out := make(chan tla.Value, nodes)
	errs := make(chan error, nodes)
	var ctxs []*distsys.MPCalContext
	for i, r := range c.res {
		ctx := distsys.NewMPCalContext(num(int32(i+1)), ATwoPCInc,
			distsys.DefineConstantValue("ROUNDS", num(rounds)),
			distsys.DefineConstantValue("NODES", num(nodes)),
			distsys.EnsureArchetypeRefParam("reg", r),
			distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(out)),
			distsys.EnsureArchetypeRefParam("park", resources.NewInputChan(make(chan tla.Value))))
		ctxs = append(ctxs, ctx)
		go func() { errs <- ctx.Run() }()
	}
	for i := 0; i < nodes; i++ {
		select {
		case v := <-out:
			assertValue(t, "total", v, num(nodes*rounds))
		case <-time.After(waitLimit):
			t.Fatal("increments did not complete")
		}
	}
	// Every context is parked, its last commit on reg complete.
	deadline := time.Now().Add(waitLimit)
	for {
		v0, ver0 := c.state(t, 0)
		agree := v0.Equal(num(nodes * rounds))
		for i := 1; i < nodes; i++ {
			v, ver := c.state(t, i)
			agree = agree && v.Equal(v0) && ver == ver0
		}
		if agree {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("replicas disagree")
		}
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	for _, ctx := range ctxs {
		ctx.Stop()
	}
	for i := 0; i < nodes; i++ {
		require.NoError(t, <-errs)
	}
	require.Less(t, time.Since(start), 2*time.Second)
}
