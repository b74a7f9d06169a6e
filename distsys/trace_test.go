package distsys_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/distsys/trace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// archetype ATrace(ref gate, ref out) variables x = 1;
// { l1: with (g = gate) { out[2] := x } }
var ATrace = distsys.MPCalArchetype{
	Name:              "ATrace",
	Label:             "ATrace.l1",
	RequiredRefParams: []string{"ATrace.gate", "ATrace.out"},
	RequiredValParams: []string{},
	JumpTable: distsys.MakeMPCalJumpTable(
		distsys.MPCalCriticalSection{
			Name: "ATrace.l1",
			Body: func(iface distsys.ArchetypeInterface) error {
				var err error
				_ = err
				x := iface.RequireArchetypeResource("ATrace.x")
				gate, err := iface.RequireArchetypeResourceRef("ATrace.gate")
				if err != nil {
					return err
				}
				out, err := iface.RequireArchetypeResourceRef("ATrace.out")
				if err != nil {
					return err
				}
				var exprRead tla.Value
				exprRead, err = iface.Read(x, nil)
				if err != nil {
					return err
				}
				var gRead tla.Value
				gRead, err = iface.Read(gate, nil)
				if err != nil {
					return err
				}
				var g tla.Value = gRead
				_ = g
				err = iface.Write(out, []tla.Value{tla.MakeNumber(2)}, exprRead)
				if err != nil {
					return err
				}
				return iface.Goto("ATrace.Done")
			},
		},
		done("ATrace"),
	),
	ProcTable: distsys.MakeMPCalProcTable(),
	PreAmble: func(iface distsys.ArchetypeInterface) {
		iface.EnsureArchetypeResourceLocal("ATrace.x", tla.MakeNumber(1))
	},
}

func traceContext(self tla.Value, opts ...distsys.MPCalContextConfigFn) (*distsys.MPCalContext, *probe) {
	out := newLocalProbe(tup(num(0), num(0)))
	opts = append(opts,
		distsys.EnsureArchetypeRefParam("gate", &abortOnce{}),
		distsys.EnsureArchetypeRefParam("out", out))
	return distsys.NewMPCalContext(self, ATrace, opts...), out
}

// The golden lines: PGo's key order, names split at the first ".", ref
// parameters under their parameter name, values rendered with String(), the
// overwritten value of a local (written through a path) as oldValue.
const (
	goldenAbort = `{"archetypeName":"ATrace","self":"1","startTime":"2024-01-02T03:04:05.000000006Z","endTime":"2024-01-02T03:04:05.000000007Z","isAbort":true,"clock":[],"csElements":[` +
		`{"tag":"read","name":{"prefix":"","name":"pc","self":"1"},"indices":[],"value":"\"ATrace.l1\""},` +
		`{"tag":"read","name":{"prefix":"ATrace","name":"x","self":"1"},"indices":[],"value":"1"}]}`
	goldenCommit = `{"archetypeName":"ATrace","self":"1","startTime":"2024-01-02T03:04:05.000000006Z","endTime":"2024-01-02T03:04:05.000000007Z","isAbort":false,"clock":[],"csElements":[` +
		`{"tag":"read","name":{"prefix":"","name":"pc","self":"1"},"indices":[],"value":"\"ATrace.l1\""},` +
		`{"tag":"read","name":{"prefix":"ATrace","name":"x","self":"1"},"indices":[],"value":"1"},` +
		`{"tag":"read","name":{"prefix":"ATrace","name":"gate","self":"1"},"indices":[],"value":"TRUE"},` +
		`{"tag":"write","name":{"prefix":"ATrace","name":"out","self":"1"},"indices":["2"],"value":"1","oldValue":"0"},` +
		`{"tag":"write","name":{"prefix":"","name":"pc","self":"1"},"indices":[],"value":"\"ATrace.Done\"","oldValue":"\"ATrace.l1\""}]}`
)

func TestTraceJSONGolden(t *testing.T) {
	rec := &collector{}
	ctx, out := traceContext(num(1), distsys.SetTraceRecorder(rec))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	assertValue(t, "out", out.value(t), tup(num(0), num(1)))

	events := rec.all()
	require.Len(t, events, 2, "one event per attempt; the Done section records none")
	start := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
	for i, want := range []string{goldenAbort, goldenCommit} {
		e := events[i]
		assert.False(t, e.StartTime.IsZero())
		assert.False(t, e.EndTime.Before(e.StartTime))
		e.StartTime, e.EndTime = start, start.Add(time.Nanosecond)
		got, err := json.Marshal(e)
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}
}

func TestTraceOldValueFromLocal(t *testing.T) {
	// EventState directly: old values, several indices, a ref parameter's
	// "&" name, a clock, and encoding/json's escaping of <, > and &.
	var acc trace.EventState
	acc.Recorder = &collector{}
	acc.ArchetypeName = "A"
	acc.ArchetypeSelf = num(1)
	acc.BeginEvent()
	old := num(0)
	acc.RecordWrite("A.log", []tla.Value{num(4), str("foo")}, &old, num(43))
	acc.RecordRead("&A.net", []tla.Value{tup(num(1), num(2))}, str("m"))
	acc.CommitEvent(tla.VClock{}.Inc("A", num(1)), false)
	e := acc.Recorder.(*collector).all()[0]
	e.StartTime, e.EndTime = time.Time{}, time.Time{}
	got, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Equal(t, `{"archetypeName":"A","self":"1","startTime":"0001-01-01T00:00:00Z","endTime":"0001-01-01T00:00:00Z","isAbort":false,"clock":[[["A","1"],1]],"csElements":[`+
		`{"tag":"write","name":{"prefix":"A","name":"log","self":"1"},"indices":["4","\"foo\""],"value":"43","oldValue":"0"},`+
		`{"tag":"read","name":{"prefix":"A","name":"net","self":"1"},"indices":["\u003c\u003c1, 2\u003e\u003e"],"value":"\"m\""}]}`, string(got))
}

func TestLocalFileRecorder(t *testing.T) {
	name := filepath.Join(t.TempDir(), "trace.log")
	rec := trace.MakeLocalFileRecorderFromName(name)
	ctx, _ := traceContext(num(1), distsys.SetTraceRecorder(rec))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	lines := readLines(t, name)
	require.Len(t, lines, 2)
	for _, line := range lines {
		assert.True(t, strings.HasPrefix(line, `{"archetypeName":"ATrace","self":"1","startTime":"`), line)
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m))
	}
	assert.Panics(t, func() { trace.MakeLocalFileRecorderFromName(name) }, "the file exists")
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	require.NoError(t, sc.Err())
	return lines
}

func TestTraceDirEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PGO_TRACE_DIR", dir)
	ctx, _ := traceContext(str("n1"))
	require.True(t, ctx.IFace().GetVClockSink().Enabled())
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	files, err := filepath.Glob(filepath.Join(dir, "trace-n1-*.log"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	lines := readLines(t, files[0])
	require.Len(t, lines, 2)
	// Clocks are on: each attempt ticks this context's entry.
	assert.Contains(t, lines[0], `"clock":[[["ATrace","\"n1\""],1]]`)
	assert.Contains(t, lines[1], `"clock":[[["ATrace","\"n1\""],2]]`)
	assert.Equal(t, 3, ctx.IFace().GetVClockSink().GetVClock().Get("ATrace", str("n1")), "the Done attempt ticks too")
}

func TestTracingOffByDefault(t *testing.T) {
	ctx, _ := traceContext(num(1))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	sink := ctx.IFace().GetVClockSink()
	assert.False(t, sink.Enabled())
	assert.Equal(t, 0, sink.GetVClock().Get("ATrace", num(1)))
	var nilSink *trace.VClockSink
	assert.False(t, nilSink.Enabled())
}

func TestDisruptConcurrency(t *testing.T) {
	t.Setenv("PGO_DISRUPT_CONCURRENCY", "200us")
	gate := newProbe(&sequence{})
	out := newLocalProbe(tla.Value{})
	ctx := distsys.NewMPCalContext(num(1), AAwait,
		distsys.EnsureArchetypeRefParam("gate", gate),
		distsys.EnsureArchetypeRefParam("out", out))
	require.NoError(t, runWithTimeout(t, ctx, 10*time.Second))
	assertValue(t, "out", out.value(t), num(45))

	t.Setenv("PGO_DISRUPT_CONCURRENCY", "not a duration")
	assert.Panics(t, func() { distsys.NewMPCalContext(num(1), AAwait) })
}
