// Package kvtest is the shared test and benchmark infrastructure for the replicated key-value
// stores built with mpgo (pbkvs, primary-backup, and raftkv, Raft). It is generic over the
// system under test: everything talks to a store through the [Client] interface.
//
// It provides:
//
//   - YCSB-style workloads ([Workload] A, B and C) with keys drawn from YCSB's Zipfian
//     distribution ([Zipfian]) and a load phase that writes every key once ([Load]);
//   - a closed-loop benchmark runner ([Run]) whose [Result] prints as an aligned table
//     ([FormatTable], [FormatMatrix]) or as JSON ([WriteJSON], [ReadJSON]);
//   - a thread-safe operation [History] (fed by [RecordingClient]) and a linearizability
//     checker built on porcupine with a per-key key-value model ([CheckLinearizable],
//     [CheckHistory], [LinearizabilityReport.Visualize]);
//   - an acknowledged-writes checker ([VerifyDurable]);
//   - a harness that runs server processes on loopback for integration tests ([Cluster],
//     [FreePorts], [WaitForTCP], [Poll]) and a fault helper ([SendGarbage]).
//
// # Outcomes
//
// A Client method that returns an error leaves the outcome unknown: a Put may or may not
// have taken effect, now or later. The checkers model such a Put as one that may have
// taken effect at any time after its invocation (in porcupine: a return time of +infinity
// and an output that matches anything). A Get that fails has no effect and is ignored. A
// client that knows for certain that a request was not applied can wrap [ErrNotApplied];
// such a Put is then ignored too.
//
// # Values
//
// The checkers identify writes by value, so the values written to one key should be
// distinct; the workload generators make every value unique.
package kvtest
