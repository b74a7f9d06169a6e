package resources_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/distsys/trace"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Archetypes written as gogen emits them (mpcal.md §7.4):
//
//	archetype AClient(ref net[_], ref out) variables i = 1;
//	{ c1: net[SERVER] := [from |-> self, n |-> i];
//	  c2: with (resp = net[self]) { assert resp = i * 10; out := resp };
//	      i := i + 1; if (i <= N) { goto c1 }; }
//	archetype AServer(ref net[_], ref log)
//	{ s1: with (m = net[self]) { log := Append(log, m.n); net[m.from] := m.n * 10 }; goto s1; }
var exchangeJumpTable = distsys.MakeMPCalJumpTable(
	distsys.MPCalCriticalSection{
		Name: "AClient.c1",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			net, err := iface.RequireArchetypeResourceRef("AClient.net")
			if err != nil {
				return err
			}
			i := iface.RequireArchetypeResource("AClient.i")
			var exprRead tla.Value
			exprRead, err = iface.Read(i, nil)
			if err != nil {
				return err
			}
			err = iface.Write(net, []tla.Value{iface.GetConstant("SERVER")()}, tla.MakeRecord([]tla.RecordField{
				{Key: tla.MakeString("from"), Value: iface.Self()},
				{Key: tla.MakeString("n"), Value: exprRead},
			}))
			if err != nil {
				return err
			}
			return iface.Goto("AClient.c2")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "AClient.c2",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			net, err := iface.RequireArchetypeResourceRef("AClient.net")
			if err != nil {
				return err
			}
			i := iface.RequireArchetypeResource("AClient.i")
			out, err := iface.RequireArchetypeResourceRef("AClient.out")
			if err != nil {
				return err
			}
			var respRead tla.Value
			respRead, err = iface.Read(net, []tla.Value{iface.Self()})
			if err != nil {
				return err
			}
			var resp tla.Value = respRead
			var condition tla.Value
			condition, err = iface.Read(i, nil)
			if err != nil {
				return err
			}
			if !tla.ModuleEqualsSymbol(resp, tla.ModuleAsteriskSymbol(condition, tla.MakeNumber(10))).AsBool() {
				return fmt.Errorf("%w: resp = i * 10", distsys.ErrAssertionFailed)
			}
			err = iface.Write(out, nil, resp)
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
			var condition0 tla.Value
			condition0, err = iface.Read(i, nil)
			if err != nil {
				return err
			}
			if tla.ModuleLessThanOrEqualSymbol(condition0, iface.GetConstant("N")()).AsBool() {
				return iface.Goto("AClient.c1")
			}
			return iface.Goto("AClient.Done")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "AClient.Done",
		Body: func(distsys.ArchetypeInterface) error { return distsys.ErrDone },
	},
	distsys.MPCalCriticalSection{
		Name: "AServer.s1",
		Body: func(iface distsys.ArchetypeInterface) error {
			var err error
			_ = err
			net, err := iface.RequireArchetypeResourceRef("AServer.net")
			if err != nil {
				return err
			}
			log, err := iface.RequireArchetypeResourceRef("AServer.log")
			if err != nil {
				return err
			}
			var mRead tla.Value
			mRead, err = iface.Read(net, []tla.Value{iface.Self()})
			if err != nil {
				return err
			}
			var m tla.Value = mRead
			var exprRead tla.Value
			exprRead, err = iface.Read(log, nil)
			if err != nil {
				return err
			}
			err = iface.Write(log, nil, tla.ModuleAppend(exprRead, m.ApplyFunction(tla.MakeString("n"))))
			if err != nil {
				return err
			}
			err = iface.Write(net, []tla.Value{m.ApplyFunction(tla.MakeString("from"))}, tla.ModuleAsteriskSymbol(m.ApplyFunction(tla.MakeString("n")), tla.MakeNumber(10)))
			if err != nil {
				return err
			}
			return iface.Goto("AServer.s1")
		},
	},
	distsys.MPCalCriticalSection{
		Name: "AServer.Done",
		Body: func(distsys.ArchetypeInterface) error { return distsys.ErrDone },
	},
)

var AClient = distsys.MPCalArchetype{
	Name:              "AClient",
	Label:             "AClient.c1",
	RequiredRefParams: []string{"AClient.net", "AClient.out"},
	RequiredValParams: []string{},
	JumpTable:         exchangeJumpTable,
	ProcTable:         distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("AClient.i", tla.MakeNumber(1))
	},
}

var AServer = distsys.MPCalArchetype{
	Name:              "AServer",
	Label:             "AServer.s1",
	RequiredRefParams: []string{"AServer.net", "AServer.log"},
	RequiredValParams: []string{},
	JumpTable:         exchangeJumpTable,
	ProcTable:         distsys.MakeMPCalProcTable(),
	PreAmble:          func(iface distsys.ArchetypeInterface) {},
}

// abortSignal is a trace.Recorder that reports every aborted attempt, and
// every committed attempt that wrote net (a request sent by the client).
type abortSignal struct {
	aborts chan struct{}
	sent   chan struct{}
}

func (s abortSignal) RecordEvent(e trace.Event) {
	ch := s.aborts
	if !e.IsAbort {
		ch = nil
		for _, el := range e.Elements {
			if w, ok := el.(trace.WriteElement); ok && w.Name == "net" {
				ch = s.sent
			}
		}
	}
	if ch != nil {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func TestClientServerExactlyOnceUnderFaults(t *testing.T) {
	const n = 30
	const server, client = 0, 1
	network := resources.NewInMemoryNetwork()
	consts := distsys.EnsureMPCalContextConfigs(
		distsys.DefineConstantValue("SERVER", num(server)),
		distsys.DefineConstantValue("N", num(n)))

	log := distsys.NewLocalArchetypeResource(tup())
	serverCtx := distsys.NewMPCalContext(num(server), AServer, consts,
		distsys.EnsureArchetypeRefParam("net", newNode(t, network, server, false)),
		distsys.EnsureArchetypeRefParam("log", log))
	outCh := make(chan tla.Value)
	signals := abortSignal{aborts: make(chan struct{}, 100), sent: make(chan struct{}, 100)}
	aborts := signals.aborts
	clientCtx := distsys.NewMPCalContext(num(client), AClient, consts,
		distsys.EnsureArchetypeRefParam("net", newNode(t, network, client, false)),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(outCh)),
		distsys.SetTraceRecorder(signals))

	// Faults triggered as traffic flows: lost acks both ways, connections
	// dropped after delivery.
	faults := []struct {
		addr  string
		fault resources.InMemoryFault
	}{
		{addr(server), resources.FaultLoseCommitAck},
		{addr(server), resources.FaultDropOnCommit},
		{addr(server), resources.FaultLosePrepareAck},
		{addr(client), resources.FaultLoseCommitAck},
		{addr(client), resources.FaultDropOnCommit},
	}
	for _, f := range faults {
		network.InjectFault(f.addr, f.fault, 2)
	}

	serverErr := make(chan error, 1)
	go func() { serverErr <- serverCtx.Run() }()
	clientErr := make(chan error, 1)
	go func() { clientErr <- clientCtx.Run() }()

	for i := int32(1); i <= n; i++ {
		if i == n/2 {
			// Partition once request i has been committed (delivered): no
			// commit of the client can then be pending across the partition
			// (its next one needs response i, whose OutputChan Commit waits
			// for us), so every attempt it makes now fails. Wait for a few
			// such aborts, taking response i if it was already on its way,
			// then heal.
			for k := int32(0); k < i; k++ { // requests 1..i
				waitChanT(t, "request sent", signals.sent)
			}
			for len(aborts) > 0 {
				<-aborts
			}
			network.Partition(addr(client), addr(server))
			got := false
			for k := 0; k < 3; {
				select {
				case <-aborts:
					k++
				case v := <-outCh:
					require.False(t, got, "a second response during the partition")
					assertValue(t, "response", v, num(i*10))
					got = true
				case <-time.After(waitLimit):
					t.Fatal("the client never noticed the partition")
				}
			}
			network.Heal(addr(client), addr(server))
			if got {
				continue
			}
		}
		select {
		case v := <-outCh:
			assertValue(t, "response", v, num(i*10))
		case err := <-clientErr:
			t.Fatalf("client stopped early: %v", err)
		case <-time.After(waitLimit):
			t.Fatalf("no response %d", i)
		}
	}
	require.NoError(t, <-clientErr)
	serverCtx.Stop()
	if err := <-serverErr; err != nil {
		require.ErrorIs(t, err, context.Canceled) // stopped while committing a reply
	}
	for _, f := range faults {
		assert.Zero(t, network.PendingFaults(f.addr, f.fault), "fault %v at %s was injected", f.fault, f.addr)
	}

	// Every request was processed exactly once, in order.
	want := make([]tla.Value, n)
	for i := range want {
		want[i] = num(int32(i + 1))
	}
	got, err := log.ReadValue(zero)
	require.NoError(t, err)
	assertValue(t, "server log", got, tup(want...))
}

// archetype AInc(ref counter, ref other) variables i = 0;
// { l1: if (i < ROUNDS) { counter := counter + 1; other := other + 1; i := i + 1; goto l1 } }
var AInc = distsys.MPCalArchetype{
	Name:              "AInc",
	Label:             "AInc.l1",
	RequiredRefParams: []string{"AInc.counter", "AInc.other"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "AInc.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				i := iface.RequireArchetypeResource("AInc.i")
				counter, err := iface.RequireArchetypeResourceRef("AInc.counter")
				if err != nil {
					return err
				}
				var condition tla.Value
				condition, err = iface.Read(i, nil)
				if err != nil {
					return err
				}
				if !tla.ModuleLessThanSymbol(condition, iface.GetConstant("ROUNDS")()).AsBool() {
					return iface.Goto("AInc.Done")
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(counter, nil)
				if err != nil {
					return err
				}
				err = iface.Write(counter, nil, tla.ModulePlusSymbol(exprRead, tla.MakeNumber(1)))
				if err != nil {
					return err
				}
				other, err := iface.RequireArchetypeResourceRef("AInc.other")
				if err != nil {
					return err
				}
				var exprRead1 tla.Value
				exprRead1, err = iface.Read(other, nil)
				if err != nil {
					return err
				}
				err = iface.Write(other, nil, tla.ModulePlusSymbol(exprRead1, tla.MakeNumber(1)))
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
				return iface.Goto("AInc.l1")
			},
		},
		distsys.MPCalCriticalSection{
			Name: "AInc.Done",
			Body: func(distsys.ArchetypeInterface) error { return distsys.ErrDone },
		},
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("AInc.i", tla.MakeNumber(0))
	},
}

func TestLocalSharedCounterNeverLosesIncrements(t *testing.T) {
	// Three contexts increment two shared counters per section; one takes the
	// locks in the opposite order, so deadlocks happen and must turn into
	// retries (lock timeout), never into lost updates.
	const rounds, workers = 300, 3
	a := resources.NewLocalSharedManager(num(0), resources.WithLocalSharedResourceTimeout(time.Millisecond))
	b := resources.NewLocalSharedManager(num(0), resources.WithLocalSharedResourceTimeout(time.Millisecond))
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		first, second := a, b
		if w == 1 {
			first, second = b, a
		}
		ctx := distsys.NewMPCalContext(num(int32(w)), AInc,
			distsys.DefineConstantValue("ROUNDS", num(rounds)),
			distsys.EnsureArchetypeRefParam("counter", first.MakeLocalShared()),
			distsys.EnsureArchetypeRefParam("other", second.MakeLocalShared()))
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = ctx.Run()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	for name, mgr := range map[string]*resources.LocalSharedManager{"a": a, "b": b} {
		h := mgr.MakeLocalShared()
		assertValue(t, name, mustRead(t, h), num(rounds*workers))
		commit(t, h)
	}
}

func waitChanT(t *testing.T, what string, ch chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(waitLimit):
		t.Fatalf("%s: timed out", what)
	}
}
