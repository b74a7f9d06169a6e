// Package distsys is the runtime engine that MPCal-generated Go code runs on:
// contexts, critical sections, the two-phase resource commit protocol,
// procedures and fairness (runtime.md §3, §4). It keeps PGo's distsys API.
//
// # Execution
//
// An MPCalContext runs one archetype instance on the goroutine calling Run.
// Each loop iteration is one attempt of the section named by the .pc
// resource: the section's Body reads and writes resources through the
// ArchetypeInterface, which marks each top-level resource touched ("dirty").
// If Body returns nil, the engine calls PreCommit on every dirty resource,
// awaits all of them, then (if all succeeded) Commit on all and awaits them.
// An error wrapping ErrCriticalSectionAborted (from Body or PreCommit) makes
// the engine Abort every dirty resource and retry the section; ErrDone ends
// Run with nil; any other error ends Run at once, without Abort.
//
// # Cancellation
//
// Each context owns a context.Context (ArchetypeInterface.Context) that Stop
// cancels. Resources select on it while waiting, so a blocked read returns
// (the section aborts and Run returns nil at the loop boundary). The engine
// waits for commit-phase channels or cancellation; cancelled mid-phase, it
// closes every resource (which must make pending operations return) and Run
// returns an error wrapping context.Canceled, since that section may be
// partially applied. Stop before Run closes the resources and makes Run return
// nil; every resource is closed exactly once per context.
//
// # Fairness
//
// either and with (x \in S) ask NextFairnessCounter for a choice. The default
// round-robin counter is an odometer over the choice points of an attempt,
// advanced on each retry of the same label, with a random start for new
// choice points; retrying a label thus reaches every combination.
//
// # Cost
//
// With no trace recorder and clocks off (the default), a section that only
// reads and writes local resources does no clock work and records nothing;
// an empty section (a Goto back to itself) does not allocate.
package distsys
