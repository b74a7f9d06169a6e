package trace_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/distsys/trace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEventStateWithoutRecorderIsFree(t *testing.T) {
	var acc trace.EventState
	assert.False(t, acc.HasRecorder())
	v := tla.MakeNumber(1)
	allocs := testing.AllocsPerRun(100, func() {
		acc.BeginEvent()
		acc.RecordRead(".pc", nil, v)
		acc.RecordWrite("A.x", nil, nil, v)
		acc.CommitEvent(tla.VClock{}, false)
	})
	assert.Zero(t, allocs)
}

type sink []trace.Event

func (s *sink) RecordEvent(e trace.Event) { *s = append(*s, e) }

func TestEventStateRecordsInOrder(t *testing.T) {
	var got sink
	acc := trace.EventState{Recorder: &got, ArchetypeName: "A", ArchetypeSelf: tla.MakeString("s")}
	acc.BeginEvent()
	indices := []tla.Value{tla.MakeNumber(1)}
	acc.RecordRead(".stack", indices, tla.MakeTuple())
	indices[0] = tla.MakeNumber(9) // the recorder copied the indices
	acc.RecordWrite("Proc.v", nil, nil, tla.MakeBool(true))
	acc.CommitEvent(tla.VClock{}, true)
	acc.BeginEvent()
	acc.CommitEvent(tla.VClock{}, false)
	require.Len(t, got, 2)
	e := got[0]
	assert.True(t, e.IsAbort)
	require.Len(t, e.Elements, 2)
	r := e.Elements[0].(trace.ReadElement)
	assert.Equal(t, "", r.Prefix)
	assert.Equal(t, "stack", r.Name)
	assert.True(t, r.Indices[0].Equal(tla.MakeNumber(1)))
	w := e.Elements[1].(trace.WriteElement)
	assert.Equal(t, "Proc", w.Prefix)
	assert.Equal(t, "v", w.Name)
	assert.Nil(t, w.OldValueHint)
	assert.Empty(t, got[1].Elements, "each attempt starts empty")

	e.StartTime, e.EndTime = time.Time{}, time.Time{}
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Equal(t, `{"archetypeName":"A","self":"\"s\"","startTime":"0001-01-01T00:00:00Z","endTime":"0001-01-01T00:00:00Z","isAbort":true,"clock":[],"csElements":[`+
		`{"tag":"read","name":{"prefix":"","name":"stack","self":"\"s\""},"indices":["1"],"value":"\u003c\u003c\u003e\u003e"},`+
		`{"tag":"write","name":{"prefix":"Proc","name":"v","self":"\"s\""},"indices":[],"value":"TRUE"}]}`, string(b))
}

func TestVClockSink(t *testing.T) {
	var s trace.VClockSink
	self := tla.MakeNumber(1)
	s.InitCriticalSection("A", self)
	assert.Equal(t, 0, s.GetVClock().Get("A", self), "disabled: no clock work")
	s.SetEnabled(true)
	s.InitCriticalSection("A", self)
	s.InitCriticalSection("A", self)
	other := tla.VClock{}.Inc("B", self).Inc("B", self).Inc("B", self)
	s.WitnessVClock(other)
	c := s.GetVClock()
	assert.Equal(t, 2, c.Get("A", self))
	assert.Equal(t, 3, c.Get("B", self))
	s.SetEnabled(false)
	assert.Equal(t, 0, s.GetVClock().Get("A", self))
}
