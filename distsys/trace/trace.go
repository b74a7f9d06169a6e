package trace

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mpgo/mpgo/distsys/tla"
)

// Recorder receives one Event per critical-section attempt. Implementations
// must be safe for concurrent use: several contexts may share one.
type Recorder interface {
	RecordEvent(event Event)
}

type localFileRecorder struct {
	mu   sync.Mutex
	file *os.File
	buf  []byte
}

// MakeLocalFileRecorder returns a Recorder appending one JSON line per event
// to file. It panics on an encoding or I/O error: a trace with holes would
// mislead trace validation.
func MakeLocalFileRecorder(file *os.File) Recorder {
	return &localFileRecorder{file: file}
}

// MakeLocalFileRecorderFromName creates filename (it must not exist yet) and
// returns a Recorder writing to it.
func MakeLocalFileRecorderFromName(filename string) Recorder {
	file, err := os.OpenFile(filename, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		panic(fmt.Errorf("trace: creating %s: %w", filename, err))
	}
	return MakeLocalFileRecorder(file)
}

func (r *localFileRecorder) RecordEvent(event Event) {
	line, err := event.MarshalJSON()
	if err != nil {
		panic(fmt.Errorf("trace: encoding event: %w", err))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buf = append(append(r.buf[:0], line...), '\n')
	if _, err := r.file.Write(r.buf); err != nil {
		panic(fmt.Errorf("trace: writing %s: %w", r.file.Name(), err))
	}
}

// Event is one critical-section attempt.
type Event struct {
	ArchetypeName      string
	Self               tla.Value
	Elements           []Element
	Clock              tla.VClock
	StartTime, EndTime time.Time
	IsAbort            bool
}

// Element is a ReadElement or a WriteElement.
type Element interface {
	isElement()
}

// ReadElement is one Read of a resource.
type ReadElement struct {
	Prefix, Name string
	Indices      []tla.Value
	Value        tla.Value
}

// WriteElement is one Write of a resource; OldValueHint is the overwritten
// value when the resource reported it.
type WriteElement struct {
	Prefix, Name string
	Indices      []tla.Value
	OldValueHint *tla.Value
	Value        tla.Value
}

func (ReadElement) isElement()  {}
func (WriteElement) isElement() {}

// The JSON shapes, in PGo's key order (see the package documentation).
type jsonName struct {
	Prefix string `json:"prefix"`
	Name   string `json:"name"`
	Self   string `json:"self"`
}

type jsonElement struct {
	Tag      string   `json:"tag"`
	Name     jsonName `json:"name"`
	Indices  []string `json:"indices"`
	Value    string   `json:"value"`
	OldValue *string  `json:"oldValue,omitempty"`
}

type jsonEvent struct {
	ArchetypeName string        `json:"archetypeName"`
	Self          string        `json:"self"`
	StartTime     time.Time     `json:"startTime"`
	EndTime       time.Time     `json:"endTime"`
	IsAbort       bool          `json:"isAbort"`
	Clock         tla.VClock    `json:"clock"`
	Elements      []jsonElement `json:"csElements"`
}

func renderIndices(indices []tla.Value) []string {
	out := make([]string, len(indices))
	for i, idx := range indices {
		out[i] = idx.String()
	}
	return out
}

// MarshalJSON renders the event as described in the package documentation.
func (event Event) MarshalJSON() ([]byte, error) {
	self := event.Self.String()
	elems := make([]jsonElement, 0, len(event.Elements))
	for _, e := range event.Elements {
		switch e := e.(type) {
		case ReadElement:
			elems = append(elems, jsonElement{
				Tag:     "read",
				Name:    jsonName{Prefix: e.Prefix, Name: e.Name, Self: self},
				Indices: renderIndices(e.Indices),
				Value:   e.Value.String(),
			})
		case WriteElement:
			je := jsonElement{
				Tag:     "write",
				Name:    jsonName{Prefix: e.Prefix, Name: e.Name, Self: self},
				Indices: renderIndices(e.Indices),
				Value:   e.Value.String(),
			}
			if e.OldValueHint != nil {
				old := e.OldValueHint.String()
				je.OldValue = &old
			}
			elems = append(elems, je)
		default:
			return nil, fmt.Errorf("trace: unknown element type %T", e)
		}
	}
	return json.Marshal(jsonEvent{
		ArchetypeName: event.ArchetypeName,
		Self:          self,
		StartTime:     event.StartTime,
		EndTime:       event.EndTime,
		IsAbort:       event.IsAbort,
		Clock:         event.Clock,
		Elements:      elems,
	})
}

// EventState accumulates the event of the current attempt of one context.
// Every method is a no-op without a Recorder.
type EventState struct {
	Recorder      Recorder
	ArchetypeName string
	ArchetypeSelf tla.Value

	elements  []Element
	startTime time.Time
}

// HasRecorder reports whether events are recorded; callers use it to skip
// preparing arguments when tracing is off.
func (acc *EventState) HasRecorder() bool { return acc.Recorder != nil }

// BeginEvent starts a new attempt.
func (acc *EventState) BeginEvent() {
	if acc.Recorder == nil {
		return
	}
	acc.elements = nil // the previous slice belongs to the recorded Event
	acc.startTime = time.Now()
}

// CommitEvent records the attempt, committed or aborted, with the given clock.
func (acc *EventState) CommitEvent(clock tla.VClock, isAbort bool) {
	if acc.Recorder == nil {
		return
	}
	elems := acc.elements
	acc.elements = nil
	acc.Recorder.RecordEvent(Event{
		ArchetypeName: acc.ArchetypeName,
		Self:          acc.ArchetypeSelf,
		Elements:      elems,
		Clock:         clock,
		StartTime:     acc.startTime,
		EndTime:       time.Now(),
		IsAbort:       isAbort,
	})
}

// splitName splits a resource name into prefix and name at the first "."; a
// ref parameter's "&" is dropped so it is traced under its parameter name.
func splitName(name string) (prefix, rest string) {
	name = strings.TrimPrefix(name, "&")
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

func copyIndices(indices []tla.Value) []tla.Value {
	if len(indices) == 0 {
		return nil
	}
	return append([]tla.Value(nil), indices...)
}

// RecordRead appends a read of resource name (at indices) that returned value.
func (acc *EventState) RecordRead(name string, indices []tla.Value, value tla.Value) {
	if acc.Recorder == nil {
		return
	}
	prefix, rest := splitName(name)
	acc.elements = append(acc.elements, ReadElement{
		Prefix: prefix, Name: rest, Indices: copyIndices(indices), Value: value.StripVClock(),
	})
}

// RecordWrite appends a write of value to resource name (at indices);
// oldValueHint is the overwritten value, or nil if unknown.
func (acc *EventState) RecordWrite(name string, indices []tla.Value, oldValueHint *tla.Value, value tla.Value) {
	if acc.Recorder == nil {
		return
	}
	prefix, rest := splitName(name)
	acc.elements = append(acc.elements, WriteElement{
		Prefix: prefix, Name: rest, Indices: copyIndices(indices), OldValueHint: oldValueHint, Value: value.StripVClock(),
	})
}
