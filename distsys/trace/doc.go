// Package trace records one event per critical-section attempt and tracks
// vector clocks, as the basis for trace validation (runtime.md §3.9, §6).
//
// The engine (package distsys) fills an EventState per context: BeginEvent at
// the start of an attempt, RecordRead/RecordWrite per resource access, and
// CommitEvent once the attempt has committed or aborted. Nothing is recorded,
// allocated or timed unless a Recorder is set (SetTraceRecorder or
// PGO_TRACE_DIR).
//
// # Format
//
// MakeLocalFileRecorder writes JSON lines, one object per event, byte-compatible
// with PGo's traces. Keys appear in this order:
//
//	{"archetypeName":"AClient",          // MPCalArchetype.Name
//	 "self":"1",                         // Self().String()
//	 "startTime":"2024-01-02T03:04:05.000000006Z", // RFC 3339 (time.Time JSON)
//	 "endTime":"2024-01-02T03:04:05.000000007Z",
//	 "isAbort":false,                    // true for an aborted attempt
//	 "clock":[[["AClient","1"],3]],      // tla.VClock JSON; [] when clocks are off
//	 "csElements":[                      // reads and writes in program order
//	   {"tag":"read",
//	    "name":{"prefix":"AClient","name":"net","self":"1"},
//	    "indices":["2"],                 // one String() per index; [] when none
//	    "value":"\u003c\u003c1, 2\u003e\u003e"}, // String() of the value read
//	   {"tag":"write",
//	    "name":{"prefix":"","name":"pc","self":"1"},
//	    "indices":[],
//	    "value":"\"AClient.recv\"",
//	    "oldValue":"\"AClient.send\""}]} // only when the resource reported it
//
// (shown indented here; each record is one line, encoded by encoding/json,
// which escapes <, > and & as \u003c, \u003e and \u0026). A resource name is split at
// its first "." into prefix (archetype or procedure name) and name; the
// runtime-internal ".pc" and ".stack" therefore have an empty prefix and the
// names "pc" and "stack". A ref parameter is recorded under its parameter
// name ("AClient.net"), not its "&AClient.net" resource. "self" inside "name"
// repeats the event's self: each archetype instance has its own copy of a
// local.
package trace
