package resources_test

import (
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/require"
)

// An archetype over a GCounter, written as gogen emits it (the shape of PGo's
// gcounter system):
//
//	archetype ACounter(ref cntr[_], ref out, ref park) variables i = 0;
//	{ inc: if (i < ROUNDS) { cntr[self] := 1; i := i + 1; goto inc };
//	  wait: await cntr[self] = ROUNDS * NODES; out := cntr[self];
//	  park: with (x = park) { skip }; goto park; }
var crdtJumpTable = distsys.MakeMPCalJumpTable(
	distsys.MPCalCriticalSection{
		Name: "ACounter.inc",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			i := iface.RequireArchetypeResource("ACounter.i")
			cntr, err := iface.RequireArchetypeResourceRef("ACounter.cntr")
			if err != nil {
				return err
			}
			var condition tla.Value
			condition, err = iface.Read(i, nil)
			if err != nil {
				return err
			}
			if tla.ModuleLessThanSymbol(condition, iface.GetConstant("ROUNDS")()).AsBool() {
				err = iface.Write(cntr, []tla.Value{iface.Self()}, tla.MakeNumber(1))
				if err != nil {
					return err
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(i, nil)
				if err != nil {
					return err
				}
				err = iface.Write(i, nil, tla.ModulePlusSymbol(exprRead, tla.MakeNumber(1)))
				if err != nil {
					return err
				}
				return iface.Goto("ACounter.inc")
			}
			return iface.Goto("ACounter.wait")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ACounter.wait",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			cntr, err := iface.RequireArchetypeResourceRef("ACounter.cntr")
			if err != nil {
				return err
			}
			out, err := iface.RequireArchetypeResourceRef("ACounter.out")
			if err != nil {
				return err
			}
			var condition tla.Value
			condition, err = iface.Read(cntr, []tla.Value{iface.Self()})
			if err != nil {
				return err
			}
			if !tla.ModuleEqualsSymbol(condition, tla.ModuleAsteriskSymbol(iface.GetConstant("ROUNDS")(), iface.GetConstant("NODES")())).AsBool() {
				return distsys.ErrCriticalSectionAborted
			}
			var exprRead tla.Value
			exprRead, err = iface.Read(cntr, []tla.Value{iface.Self()})
			if err != nil {
				return err
			}
			err = iface.Write(out, nil, exprRead)
			if err != nil {
				return err
			}
			return iface.Goto("ACounter.park")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "ACounter.park",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			park, err := iface.RequireArchetypeResourceRef("ACounter.park")
			if err != nil {
				return err
			}
			_, err = iface.Read(park, nil)
			if err != nil {
				return err
			}
			return iface.Goto("ACounter.park")
		},
	},
)

var ACounter = distsys.MPCalArchetype{
	Name:              "ACounter",
	Label:             "ACounter.inc",
	RequiredRefParams: []string{"ACounter.cntr", "ACounter.out", "ACounter.park"},
	RequiredValParams: []string{},
	JumpTable:         crdtJumpTable,
	ProcTable:         distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("ACounter.i", tla.MakeNumber(0))
	},
}

// Three contexts, each owning one GCounter node exposed as cntr[self] through
// an IncMap, increment concurrently and all observe the total.
func TestCRDTGCounterArchetypes(t *testing.T) {
	const nodes, rounds = 3, 3
	addrs := freeAddrs(t, nodes)
	out := make(chan tla.Value, nodes)
	var ctxs []*distsys.MPCalContext
	errs := make(chan error, nodes)
	for i := int32(1); i <= nodes; i++ {
		self := num(i)
		var peers []tla.Value
		for j := int32(1); j <= nodes; j++ {
			peers = append(peers, num(j))
		}
		node := resources.NewCRDT(self, peers, func(id tla.Value) string { return addrs[id.AsNumber()-1] }, resources.GCounter{},
			resources.WithCRDTBroadcastInterval(5*time.Millisecond))
		cntr := resources.NewIncMap(func(index tla.Value) distsys.ArchetypeResource {
			if !index.Equal(self) {
				panic("cntr indexed with another node's id")
			}
			return node
		})
		ctx := distsys.NewMPCalContext(self, ACounter,
			distsys.DefineConstantValue("ROUNDS", num(rounds)),
			distsys.DefineConstantValue("NODES", num(nodes)),
			distsys.EnsureArchetypeRefParam("cntr", cntr),
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
			t.Fatal("counters did not converge")
		}
	}
	for _, ctx := range ctxs {
		ctx.Stop()
	}
	for i := 0; i < nodes; i++ {
		require.NoError(t, <-errs)
	}
}
