package resources_test

import (
	"context"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimerFiresWithinRange(t *testing.T) {
	const timeout, offset = 20 * time.Millisecond, 30 * time.Millisecond
	timer := resources.NewTimerResource(timeout, offset)
	defer timer.Close()
	for range 5 {
		start := time.Now()
		v := mustRead(t, timer)
		elapsed := time.Since(start)
		assert.True(t, v.AsBool(), "the timeout fired")
		assert.GreaterOrEqual(t, elapsed, timeout, "never before timeout")
		assert.Less(t, elapsed, timeout+offset+time.Second, "about timeout+offset at most (scheduling slack)")
	}
	fixed := resources.NewTimerResource(10*time.Millisecond, 0) // DECISION: offset 0 is a fixed timeout
	start := time.Now()
	assert.True(t, mustRead(t, fixed).AsBool())
	assert.GreaterOrEqual(t, time.Since(start), 10*time.Millisecond)
	require.NoError(t, section(t, timer), "commit-phase calls do nothing")
}

// TestTimerResetPostponesTimeout: a write by another context wakes a waiting
// reader with FALSE, long before its timeout, and its next read waits a full
// timeout again.
func TestTimerResetPostponesTimeout(t *testing.T) {
	const timeout = 400 * time.Millisecond
	timer := resources.NewTimerResource(timeout, 0)
	defer timer.Close()
	type result struct {
		v       tla.Value
		elapsed time.Duration
	}
	got := make(chan result, 1)
	start := time.Now()
	go func() {
		v, _ := timer.ReadValue(zero)
		got <- result{v, time.Since(start)}
	}()
	var r result
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for done := false; !done; {
		select {
		case r = <-got:
			done = true
		case <-tick.C: // a reset with no waiting reader is lost: keep resetting
			require.NoError(t, timer.WriteValue(zero, tla.MakeBool(true)))
		}
	}
	assert.False(t, r.v.AsBool(), "reset")
	assert.Less(t, r.elapsed, timeout, "woken early")

	reset := time.Now()
	assert.True(t, mustRead(t, timer).AsBool())
	assert.GreaterOrEqual(t, time.Since(reset), timeout, "the next timeout counts from the reset")
	assert.GreaterOrEqual(t, time.Since(start), timeout)

	// Close wakes readers with FALSE; the stopped context aborts the read.
	go func() { time.Sleep(20 * time.Millisecond); _ = timer.Close() }()
	assert.False(t, mustRead(t, timer).AsBool())
	assert.False(t, mustRead(t, timer).AsBool(), "closed: at once")
}

func TestTimerHonoursContextCancellation(t *testing.T) {
	timer := resources.NewTimerResource(time.Hour, 0)
	defer timer.Close()
	ch := make(chan tla.Value)
	arch := distsys.MPCalArchetype{
		Name: "AT", Label: "AT.l", RequiredRefParams: []string{"AT.timer"}, RequiredValParams: []string{},
		JumpTable: distsys.MakeMPCalJumpTable(distsys.MPCalCriticalSection{
			Name: "AT.l", Body: func(iface distsys.ArchetypeInterface) error {
				h, err := iface.RequireArchetypeResourceRef("AT.timer")
				if err != nil {
					return err
				}
				ch <- tla.MakeBool(true)
				_, err = iface.Read(h, nil)
				if err != nil {
					return err
				}
				return iface.Goto("AT.l")
			},
		}),
		ProcTable: distsys.MakeMPCalProcTable(), PreAmble: func(distsys.ArchetypeInterface) {},
	}
	ctx := distsys.NewMPCalContext(num(1), arch, distsys.EnsureArchetypeRefParam("timer", timer))
	errc := make(chan error, 1)
	go func() { errc <- ctx.Run() }()
	<-ch
	start := time.Now()
	ctx.Stop()
	err := <-errc
	if err != nil {
		require.ErrorIs(t, err, context.Canceled)
	}
	assert.Less(t, time.Since(start), 5*time.Second, "Stop does not wait for the hour")
}

func TestCustomInChan(t *testing.T) {
	ch := make(chan tla.Value, 4)
	in := resources.NewCustomInChan(ch, 30*time.Millisecond)
	ch <- num(1)
	ch <- num(2)
	assertValue(t, "value", mustRead(t, in), num(1))
	assertValue(t, "value", mustRead(t, in), num(2))
	abort(t, in) // pushed back in order
	assertValue(t, "after abort", mustRead(t, in), num(1))
	commit(t, in)
	assertValue(t, "pushed back", mustRead(t, in), num(2))
	commit(t, in)

	start := time.Now()
	v := mustRead(t, in)
	assertValue(t, "timeout", v, tla.MakeBool(true))
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
	abort(t, in) // a timeout's TRUE is not pushed back
	ch <- num(3)
	assertValue(t, "after the timeout", mustRead(t, in), num(3))
	commit(t, in)
	assert.Panics(t, func() { _ = in.WriteValue(zero, num(1)) })
	require.NoError(t, in.Close())
}

func TestConstantDefs(t *testing.T) {
	ctx := distsys.NewMPCalContextWithoutArchetype(resources.LeaderTimeoutConstantDefs, resources.PersistentLogConstantDefs)
	iface := ctx.IFace()
	assertValue(t, "LeaderTimeoutReset", iface.GetConstant("LeaderTimeoutReset")(), tla.MakeBool(true))
	assertValue(t, "LogConcat", iface.GetConstant("LogConcat")(), str(resources.LogConcat))
	assertValue(t, "LogPop", iface.GetConstant("LogPop")(), str(resources.LogPop))
}
