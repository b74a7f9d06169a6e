// Package resources holds archetype resources: the bridge between generated
// code and channels, mailboxes, failure detectors, leader election, files,
// persistent storage and timers (runtime.md §5).
//
// Every resource obeys the distsys.ArchetypeResource contract: effects are
// tentative until Commit, Abort restores the committed state (un-consuming
// input), reads never block without bound, only PreCommit may fail, and Close
// stops every goroutine promptly. Waits also end when the context is stopped
// (ArchetypeInterface.Context).
//
// # Mailboxes
//
// Mailboxes model the PlusCal channel net[i]: net[i] := m enqueues, reading
// net[self] dequeues (aborting while empty). The receive side (local
// mailboxes: listening, exactly-once delivery, backlog, push-back on Abort,
// read timeout) and the send side (per-attempt buffer, prepare/commit with
// acks, bounded exponential backoff with jitter from 10 ms to 1 s, stop on
// Close) are written once over a small connection-oriented transport
// (mailboxTransport: listen(addr), dial(addr) -> conn moving whole frames);
// the in-memory network and TCP are transports.
//
// Strict mailboxes (NewInMemoryMailboxes; NewTCPMailboxes over TCP) refine
// an unordered network that is lossless while the receiver lives (the
// UnorderedReliableNetwork macro spelled out on NewTCPMailboxes); the
// batches of one sender to one mailbox also keep their commit order, so with
// one writer per mailbox they refine the FIFO queue net[i]
// (ReliableFIFOLink). The values a section writes to one mailbox form one
// batch, delivered atomically and exactly once. The sender
// picks a random 64-bit session id and numbers its batches; PreCommit sends
// the batch as a prepare and awaits its ack (an unreachable peer aborts the
// section); Commit sends commit and retries until acknowledged, re-preparing
// when the receiver lost the batch. The receiver delivers batch n of a
// session only if n exceeds the last delivered one, and acknowledges
// duplicates without delivering them, so lost acks and dropped connections
// never duplicate or lose a committed batch (for the receiving process's
// lifetime).
//
// Relaxed mailboxes (NewInMemoryRelaxedMailboxes; NewRelaxedMailboxes over
// TCP) refine an at-most-once channel: a lossy FIFO queue per connection. A
// section's writes are buffered and sent at Commit without acks; Abort sends
// nothing; a transmission failure loses the batch.
//
// NewMailboxesLength exposes Len(net[i]) for local mailboxes: a lower bound,
// 0 exactly when nothing is receivable now.
//
// TCP frames are a 4-byte big-endian length and the payload, at most
// WithMailboxesMaxFrameSize bytes; an oversize, undecodable or
// out-of-protocol frame closes its connection (logged with slog) and the
// receiver keeps serving.
//
// # Other resources
//
// Each doc comment names the mapping macro the resource refines and the
// assumptions it needs:
//
//   - Monitor, NewFailureDetector, NewSingleFailureDetector: a practical
//     failure detector (eventually complete, no accuracy; PracticalFD), and a
//     perfect one (PerfectFD) while polls of live peers are answered within
//     the timeout and peers start within the grace period.
//   - NewLeaderElection: the primary of primary-backup, min of the replicas
//     not removed (LeaderElection), driven by a failure detector.
//   - NewFileSystem: files under a directory, replaced atomically at Commit.
//   - MakePersistent, NewPersistentLog: state and logs in a store.DB, durable
//     at Commit (group commit) and reloaded after a crash.
//   - NewTimerResource, NewCustomInChan: randomized timeouts with resets, and
//     an input channel that yields TRUE at least every interval.
package resources
