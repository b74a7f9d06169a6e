package resources_test

import (
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// archetype APing(ref net[_]) { p0: net[2] := 0;
//
//	p1: with (v = net[1]) { if (v < N) { net[2] := v + 1; goto p1 } }; }
//
// archetype APong(ref net[_]) { q1: with (v = net[2]) { net[1] := v }; goto q1; }
var pingJumpTable = distsys.MakeMPCalJumpTable(
	distsys.MPCalCriticalSection{
		Name: "APing.p0",
		Body: func(iface distsys.ArchetypeInterface) error {
			net, err := iface.RequireArchetypeResourceRef("APing.net")
			if err != nil {
				return err
			}
			if err = iface.Write(net, []tla.Value{tla.MakeNumber(2)}, tla.MakeNumber(0)); err != nil {
				return err
			}
			return iface.Goto("APing.p1")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "APing.p1",
		Body: func(iface distsys.ArchetypeInterface) error {
			net, err := iface.RequireArchetypeResourceRef("APing.net")
			if err != nil {
				return err
			}
			var vRead tla.Value
			vRead, err = iface.Read(net, []tla.Value{tla.MakeNumber(1)})
			if err != nil {
				return err
			}
			if tla.ModuleLessThanSymbol(vRead, iface.GetConstant("N")()).AsBool() {
				if err = iface.Write(net, []tla.Value{tla.MakeNumber(2)}, tla.ModulePlusSymbol(vRead, tla.MakeNumber(1))); err != nil {
					return err
				}
				return iface.Goto("APing.p1")
			}
			return iface.Goto("APing.Done")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "APing.Done",
		Body: func(distsys.ArchetypeInterface) error { return distsys.ErrDone },
	},
	distsys.MPCalCriticalSection{
		Name: "APong.q1",
		Body: func(iface distsys.ArchetypeInterface) error {
			net, err := iface.RequireArchetypeResourceRef("APong.net")
			if err != nil {
				return err
			}
			var vRead tla.Value
			vRead, err = iface.Read(net, []tla.Value{tla.MakeNumber(2)})
			if err != nil {
				return err
			}
			if err = iface.Write(net, []tla.Value{tla.MakeNumber(1)}, vRead); err != nil {
				return err
			}
			return iface.Goto("APong.q1")
		},
	},
)

var APing = distsys.MPCalArchetype{
	Name: "APing", Label: "APing.p0",
	RequiredRefParams: []string{"APing.net"}, RequiredValParams: []string{},
	JumpTable: pingJumpTable, ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(distsys.ArchetypeInterface) {},
}

var APong = distsys.MPCalArchetype{
	Name: "APong", Label: "APong.q1",
	RequiredRefParams: []string{"APong.net"}, RequiredValParams: []string{},
	JumpTable: pingJumpTable, ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(distsys.ArchetypeInterface) {},
}

func benchPingPong(b *testing.B, relaxed bool) {
	network := resources.NewInMemoryNetwork()
	mk := resources.NewInMemoryMailboxes
	if relaxed {
		mk = resources.NewInMemoryRelaxedMailboxes
	}
	netFor := func(self int32) *resources.Mailboxes {
		return mk(network, func(index tla.Value) (resources.MailboxKind, string) {
			if index.AsNumber() == self {
				return resources.MailboxesLocal, addr(self)
			}
			return resources.MailboxesRemote, addr(index.AsNumber())
		}, resources.WithMailboxesLocalIndices(tla.MakeNumber(self)))
	}
	pong := distsys.NewMPCalContext(tla.MakeNumber(2), APong, distsys.EnsureArchetypeRefParam("net", netFor(2)))
	ping := distsys.NewMPCalContext(tla.MakeNumber(1), APing,
		distsys.DefineConstantValue("N", tla.MakeNumber(int32(b.N))),
		distsys.EnsureArchetypeRefParam("net", netFor(1)))
	pongErr := make(chan error, 1)
	go func() { pongErr <- pong.Run() }()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	if err := ping.Run(); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	pong.Stop()
	<-pongErr
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "roundtrips/s")
}

// BenchmarkPingPongInMemory: round trips between two archetypes over strict
// in-memory mailboxes (each message: prepare + commit with acks).
func BenchmarkPingPongInMemory(b *testing.B) { benchPingPong(b, false) }

// BenchmarkPingPongInMemoryRelaxed: the same over relaxed mailboxes.
func BenchmarkPingPongInMemoryRelaxed(b *testing.B) { benchPingPong(b, true) }
