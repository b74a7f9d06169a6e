---- MODULE raftkv_truncate_plog_only ----
\* raftkv: a replicated key-value store on Raft, written once in Modular PlusCal. `mpgo check`
\* model-checks it (tlc/raftkv.cfg, tlc/raftkv-large.cfg), `mpgo gogen` compiles its archetypes
\* to gen/raftkv, which cmd/raftkv binds to real resources.
\*
\* SERVERS. Server s (1..NumServers) runs 4 + (NumServers - 1) archetype instances ("contexts" in
\* Go) that share the server's state through resources (each loops over one label, except the
\* client, so a context's state between steps is its locals):
\*   AServer(s)                     the message handler, sole owner of the mailbox net[s] and of
\*                                  the persistent log plog[s]: RequestVote and AppendEntries RPCs
\*                                  and their replies, client requests (buffered while leader,
\*                                  redirected otherwise), and the leader's batched appends (all
\*                                  pending client requests, after the no-op that starts a term).
\*   AServerRequestVote(s)          the election timer: on a timeout a non-leader starts an election.
\*   AServerBecomeLeader(s)         turns a candidate holding a quorum of votes into the leader.
\*   AServerSender(s, p)            one per peer p: AppendEntries to p as leader (every entry from
\*                                  nextIndex[p] on: batches; empty ones are heartbeats),
\*                                  RequestVote to p as candidate until p answered.
\*   AServerAdvanceCommitIndex(s)   the leader's commit rule (a quorum of matchIndex and an entry
\*                                  of the current term), and the state machine: applies committed
\*                                  entries in order, one per step, the leader answering clients.
\* Shared state: hardState[s] = [term |-> currentTerm, votedFor |-> votedFor] (persistent, one
\* resource so that a term change and its vote reset are durable together, as etcd's HardState),
\* plog[s] (persistent log), and the volatile log[s] (a copy of plog[s] for the other contexts),
\* state[s], leader[s], commitIndex[s], nextIndex[s], matchIndex[s], votesResponded[s],
\* votesGranted[s]. The state machine (kv store and the request-id table) is local to
\* AServerAdvanceCommitIndex.
\*
\* PERSISTENCE. A critical section commits its resources concurrently and in no fixed order, so
\* the model never lets a section both write persistent state and send something that depends on
\* it: a step of the handler that writes hardState or plog sends nothing, and leaves the reply
\* (out) and the change of the volatile log (popCnt, newEntries) to its next step. The engine
\* starts a context's next section only after every commit of the previous one, and a
\* persistent resource makes its new value visible to other contexts only once durable, so the
\* reply leaves, and the volatile log[s] changes, only after the write is durable: every entry
\* another context sees in log[s] (the leader counting its own copy toward a quorum, a
\* candidate advertising its last entry) is durable. No section writes two persistent resources
\* either (their commits are not atomic together): a newer term carried by an AppendEntries
\* request is persisted alone and the request handled in the next step (deferred), while a vote
\* request of a newer term is answered in the same write of hardState.
\*
\* CLIENTS. AClient(c) takes requests [type, key, value] from reqCh, numbers them (reqId: a
\* retried Put is applied once, the state machine keeping the last applied reqId per client),
\* sends them to the server it believes leads, follows redirections (mleaderHint) and on a
\* timeout tries the next server, and delivers each response [key, value] on respCh. Reads go
\* through the log: a Get is answered when its entry is applied, so it is linearizable (the
\* commit is the leader's confirmation by a majority, and the no-op lets a new leader commit).
\*
\* MODEL ONLY (not compiled to Go): the mapping macros (the environment's behaviour: an
\* unordered bag of messages that may drop, unreliable timeouts and failure detectors, input and
\* output channels), the ghost histories elected and committed (bound to a Dummy in Go), and
\* the Crasher process. A crash stops every context of a server (their instances await
\* alive[self], a Dummy reading TRUE in Go) and resets its volatile state; a restart starts a
\* new incarnation of each context (a distinct process whose alive flag turns TRUE, starting at
\* its first label with fresh locals) and reloads the volatile log from plog. In Go that is a
\* process kill (kill -9) and a restart of the binary on the same store: MakePersistent and
\* NewPersistentLog reload hardState and plog, the bootstrap initialises the volatile log from
\* the persistent one, everything else starts from its initial value.
\*
\* GO BINDINGS (per server s; Go self ids are free, the archetypes use self only for alive and,
\* in clients, as the client's mailbox id):
\*   net             relaxed TCP mailboxes (NewRelaxedMailboxes; refine LossyNetwork), local
\*                   index s for AServer, clients' indices = their self
\*   netLen          NewMailboxesLength(net) (refines NetworkLength)
\*   fd              NewFailureDetector (refines PracticalFD; the model's UnreliableFD is weaker)
\*   alive           NewDummy(WithDummyValue(TRUE))
\*   hardState       MakePersistent("hardState", db, LocalShared) per context, one manager
\*   plog            NewPersistentLog("log", db), AServer only (refines PersistentLog)
\*   log, state, leader, commitIndex, nextIndex, matchIndex, votesResponded, votesGranted
\*                   LocalShared handles (one manager each; log initialised from plog at start)
\*   timer           NewTimerResource(electionTimeout, jitter), shared (refines LeaderTimeout)
\*   sig             signal channels: read side NewCustomInChan (refines PeriodicSignal, of
\*                   which the model's Signal macro is the abstraction), write side a
\*                   non-blocking send on the same Go channel; <<s, p>> wakes AServerSender(s, p),
\*                   <<s, ReplicateSig>> and <<s, ElectionSig>> wake every sender of s,
\*                   <<s, LeaderSig>> AServerBecomeLeader, <<s, CommitSig>> AServerAdvanceCommitIndex
\*   elected, committed   NewDummy() (ghost histories)
\*   clients: reqCh InputChan, respCh OutputChan, timeout an InputChan fed by a ticker
EXTENDS Naturals, Sequences, FiniteSets, Bags, TLC

CONSTANTS
    NumServers,         \* servers are 1..NumServers
    NumClients,         \* model: number of clients
    MaxBatch,           \* a leader appends pending requests once its mailbox is empty or it has this many
    LogConcat, LogPop,  \* persistent log commands (Go: resources.PersistentLogConstantDefs)
    LeaderTimeoutReset, \* written to the timer to reset it (Go: resources.LeaderTimeoutConstantDefs)
    MaxCrashes,         \* model: how many crashes (each followed by a restart) may happen
    ReqsPerClient,      \* model: how many requests each client makes (1..3)
    MaxClientTimeouts   \* model: how many times each client may time out

Servers == 1 .. NumServers
Nil == 0

Follower == "follower"
Candidate == "candidate"
Leader == "leader"

RequestVoteRequest == "rvq"
RequestVoteResponse == "rvp"
AppendEntriesRequest == "aeq"
AppendEntriesResponse == "aep"
ClientRequest == "cq"
ClientResponse == "cp"
NoMsg == [mtype |-> "none"]

PutCmd == "put"
GetCmd == "get"
NoopCmd == "noop"
NoopEntryCmd == [type |-> NoopCmd, key |-> Nil, value |-> Nil, client |-> Nil, reqId |-> 0]

\* signal channel indices <<s, x>>: x a peer (wakes AServerSender(s, x)) or one of these
ReplicateSig == NumServers + 1
ElectionSig == NumServers + 2
LeaderSig == NumServers + 3
CommitSig == NumServers + 4

Max(a, b) == IF a >= b THEN a ELSE b
Min(a, b) == IF a <= b THEN a ELSE b
SetMax(S) == CHOOSE x \in S : \A y \in S : y <= x
SetMin(S) == CHOOSE x \in S : \A y \in S : x <= y

IsQuorum(S) == Cardinality(S) * 2 > NumServers

LogTerm(l, i) == IF i = 0 THEN 0 ELSE l[i].term
LastTerm(l) == LogTerm(l, Len(l))
\* a candidate whose last entry has term lastTerm and index lastIndex has a log at least as
\* up-to-date as l (the election restriction)
LogUpToDate(lastTerm, lastIndex, l) ==
    lastTerm > LastTerm(l) \/ (lastTerm = LastTerm(l) /\ lastIndex >= Len(l))

\* AppendEntries receiver rules 3 and 4 for entries es following index prev of log l: the first
\* position k of es that l lacks (no entry at prev + k, or one with another term), Len(es) + 1 if
\* l has them all; the entries to drop from l (a conflict) and the entries to append.
FirstNew(l, prev, es) ==
    LET ks == {k \in 1 .. Len(es) : prev + k > Len(l) \/ l[prev + k].term # es[k].term}
    IN IF ks = {} THEN Len(es) + 1 ELSE SetMin(ks)
PopCount(l, prev, es) ==
    LET k == FirstNew(l, prev, es)
    IN IF k <= Len(es) /\ prev + k <= Len(l) THEN Len(l) - (prev + k) + 1 ELSE 0
NewEntries(l, prev, es) == SubSeq(es, FirstNew(l, prev, es), Len(es))

\* the key-value state machine: kv maps keys to values, dedup clients to their last applied Put
InitSM == [kv |-> <<>>, dedup |-> <<>>]
KVGet(sm, k) == IF k \in DOMAIN sm.kv THEN sm.kv[k] ELSE Nil
IsDuplicate(sm, c) == c.client \in DOMAIN sm.dedup /\ sm.dedup[c.client] >= c.reqId
ApplyEntry(sm, e) ==
    IF e.cmd.type = PutCmd /\ ~IsDuplicate(sm, e.cmd)
    THEN [kv |-> (e.cmd.key :> e.cmd.value) @@ sm.kv, dedup |-> (e.cmd.client :> e.cmd.reqId) @@ sm.dedup]
    ELSE sm
\* the answer to a client request applied in state sm (before applying it)
EntryResponse(sm, e) ==
    [key |-> e.cmd.key, value |-> IF e.cmd.type = GetCmd THEN KVGet(sm, e.cmd.key) ELSE e.cmd.value]

NextServer(s) == (s % NumServers) + 1

\* ---- model only: process ids and the clients' workload ----
\* The instance of kind r (0 AServer, 1 AServerRequestVote, 2 AServerBecomeLeader,
\* 3 AServerAdvanceCommitIndex, 3 + p AServerSender to peer p) of server s in incarnation k.
NumKinds == 4 + NumServers
Incarnations == 0 .. MaxCrashes
ProcId(k, r, s) == (k * NumKinds + r) * NumServers + s
ServerOfProc(p) == ((p - 1) % NumServers) + 1
KindOfProc(p) == ((p - 1) \div NumServers) % NumKinds
IncOfProc(p) == ((p - 1) \div NumServers) \div NumKinds
PeerOfProc(p) == KindOfProc(p) - 3
KindProcs(r) == {ProcId(k, r, s) : k \in Incarnations, s \in Servers}
SenderProcs == {ProcId(x[1], 3 + x[3], x[2]) : x \in {y \in Incarnations \X Servers \X Servers : y[2] # y[3]}}
ServerProcs == (UNION {KindProcs(r) : r \in 0 .. 3}) \cup SenderProcs
ClientBase == (MaxCrashes + 1) * NumKinds * NumServers
Clients == {ClientBase + c : c \in 1 .. NumClients}
NetIds == Servers \cup Clients
SigIds == Servers \X (Servers \cup {ReplicateSig, ElectionSig, LeaderSig, CommitSig})
\* client c works on its own key c - ClientBase: Put 1, Put 2, Get (the first ReqsPerClient)
ClientKey(c) == c - ClientBase
AllOps(c) == << [type |-> PutCmd, key |-> ClientKey(c), value |-> 1],
                [type |-> PutCmd, key |-> ClientKey(c), value |-> 2],
                [type |-> GetCmd, key |-> ClientKey(c), value |-> Nil] >>
ClientOps(c) == SubSeq(AllOps(c), 1, ReqsPerClient)

(* --mpcal raftkv {

  \* ---------------------------------------------------------------------------------------
  \* Macros shared by the archetypes (expanded in place; free names bind at the call site).

  \* Send msg unless its destination is suspected to have failed (a send to a dead peer would
  \* abort the section and block the context).
  macro Send(msg) {
    either { net[msg.mdest] := msg; } or { await fd[msg.mdest]; };
  }

  \* AServer: handle message msg whose term (if any) is at most currentTerm. A path that writes
  \* persistent state leaves its reply in out (and the log change in popCnt, newEntries,
  \* newCommit) for the handler's next step, taken once this one is durable.
  macro HandleMsg(msg) {
    if (msg.mtype = RequestVoteRequest) {
      with (hs = hardState[srv],
            grant = msg.mterm = hs.term /\ LogUpToDate(msg.mlastLogTerm, msg.mlastLogIndex, log[srv])
                    /\ hs.votedFor \in {Nil, msg.msource},
            reply = [mtype |-> RequestVoteResponse, mterm |-> hs.term, mvoteGranted |-> grant,
                     msource |-> srv, mdest |-> msg.msource]) {
        if (grant /\ hs.votedFor = Nil) {
          \* the vote is made durable before the reply leaves
          hardState[srv] := [term |-> hs.term, votedFor |-> msg.msource];
          timer[srv] := LeaderTimeoutReset;
          out := reply;
        } else {
          Send(reply);
        };
      };
    } else if (msg.mtype = RequestVoteResponse) {
      if (msg.mterm = hardState[srv].term /\ state[srv] = Candidate) {
        votesResponded[srv] := votesResponded[srv] \cup {msg.msource};
        if (msg.mvoteGranted) {
          votesGranted[srv] := votesGranted[srv] \cup {msg.msource};
          sig[<<srv, LeaderSig>>] := TRUE;
        };
      };
    } else if (msg.mtype = AppendEntriesRequest) {
      with (hs = hardState[srv], l = log[srv]) {
        if (msg.mterm < hs.term) {
          Send([mtype |-> AppendEntriesResponse, mterm |-> hs.term, msuccess |-> FALSE,
                mmatchIndex |-> 0, msource |-> srv, mdest |-> msg.msource]);
        } else {
          \* msg.msource leads this term
          state[srv] := Follower;
          leader[srv] := msg.msource;
          timer[srv] := LeaderTimeoutReset;
          with (prev = msg.mprevLogIndex,
                logOk = prev = 0 \/ (prev <= Len(l) /\ l[prev].term = msg.mprevLogTerm)) {
            if (~logOk) {
              \* mmatchIndex: our log's length, a hint for the leader's nextIndex
              Send([mtype |-> AppendEntriesResponse, mterm |-> hs.term, msuccess |-> FALSE,
                    mmatchIndex |-> Len(l), msource |-> srv, mdest |-> msg.msource]);
            } else {
              with (pop = PopCount(l, prev, msg.mentries),
                    new = NewEntries(l, prev, msg.mentries),
                    lastNew = prev + Len(msg.mentries),
                    reply = [mtype |-> AppendEntriesResponse, mterm |-> hs.term, msuccess |-> TRUE,
                             mmatchIndex |-> lastNew, msource |-> srv, mdest |-> msg.msource]) {
                if (pop > 0 \/ new # <<>>) {
                  \* persist the change now; the volatile log, the commit index and the
                  \* reply follow in the next step, once it is durable
                  if (pop > 0) {
                    plog[srv] := [cmd |-> LogPop, cnt |-> pop];
                  };
                  if (new # <<>>) {
                    plog[srv] := [cmd |-> LogConcat, entries |-> new];
                  };
                  popCnt := pop;
                  newEntries := new;
                  newCommit := Min(msg.mcommitIndex, lastNew);
                  out := reply;
                } else {
                  if (Min(msg.mcommitIndex, lastNew) > commitIndex[srv]) {
                    commitIndex[srv] := Min(msg.mcommitIndex, lastNew);
                    sig[<<srv, CommitSig>>] := TRUE;
                  };
                  Send(reply);
                };
              };
            };
          };
        };
      };
    } else if (msg.mtype = AppendEntriesResponse) {
      if (msg.mterm = hardState[srv].term /\ state[srv] = Leader) {
        if (msg.msuccess) {
          nextIndex[srv] := [nextIndex[srv] EXCEPT ![msg.msource] = Max(@, msg.mmatchIndex + 1)];
          matchIndex[srv] := [matchIndex[srv] EXCEPT ![msg.msource] = Max(@, msg.mmatchIndex)];
          sig[<<srv, CommitSig>>] := TRUE;
        } else {
          nextIndex[srv] := [nextIndex[srv] EXCEPT ![msg.msource] = Max(1, Min(@ - 1, msg.mmatchIndex + 1))];
          sig[<<srv, msg.msource>>] := TRUE;
        };
      };
    } else if (msg.mtype = ClientRequest) {
      if (state[srv] = Leader) {
        pending := Append(pending, msg.mcmd);
      } else {
        Send([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> msg.mcmd.reqId,
              mresponse |-> [key |-> msg.mcmd.key, value |-> Nil], mleaderHint |-> leader[srv],
              msource |-> srv, mdest |-> msg.msource]);
      };
    };
  }

  \* ---------------------------------------------------------------------------------------
  \* Mapping macros: the environment, for model checking only. Each Go resource bound to these
  \* parameters refines the macro (see the resource's doc comment).

  \* relaxed mailboxes: an unordered bag; a send may be lost
  mapping macro LossyNetwork {
    read {
      await $variable # EmptyBag;
      with (m \in BagToSet($variable)) {
        $variable := $variable (-) SetToBag({m});
        yield m;
      };
    }
    write {
      either {
        yield $variable (+) SetToBag({$value});
      } or {
        yield $variable;
      };
    }
  }

  \* NewMailboxesLength: how many messages are receivable
  mapping macro NetworkLength {
    read { yield BagCardinality($variable); }
    write { assert FALSE; }
  }

  \* a failure detector without accuracy (NewFailureDetector's PracticalFD is stronger)
  mapping macro UnreliableFD {
    read {
      either { yield TRUE; } or { yield FALSE; };
    }
    write { assert FALSE; }
  }

  \* NewTimerResource: a timeout may fire at any moment
  mapping macro LeaderTimeout {
    read {
      either { yield TRUE; } or { yield FALSE; };
    }
    write { yield $value; }
  }

  \* NewPersistentLog
  mapping macro PersistentLog {
    read { yield $variable; }
    write {
      if ($value.cmd = LogConcat) {
        yield $variable \o $value.entries;
      } else if ($value.cmd = LogPop) {
        yield SubSeq($variable, 1, Len($variable) - $value.cnt);
      };
    }
  }

  \* signal channels: the reader (a CustomInChan, PeriodicSignal) may wake at any moment, since
  \* it also wakes periodically; what was written does not matter (every signal is TRUE and a
  \* writer never blocks), so the channel's contents are abstracted away
  mapping macro Signal {
    read { yield TRUE; }
    write { yield $variable; }
  }

  \* the clients' InputChan of requests, fed by the user program
  mapping macro InputQueue {
    read {
      await Len($variable) > 0;
      with (v = Head($variable)) {
        $variable := Tail($variable);
        yield v;
      };
    }
    write { assert FALSE; }
  }

  \* the clients' OutputChan of responses: the model keeps them as a history
  mapping macro OutputQueue {
    read { assert FALSE; }
    write { yield Append($variable, $value); }
  }

  \* a client's request timeout (a ticker in Go) may fire at any moment; $variable is the
  \* number of timeouts the model explores (MaxClientTimeouts)
  mapping macro Timeout {
    read {
      await $variable > 0;
      $variable := $variable - 1;
      yield TRUE;
    }
    write { assert FALSE; }
  }

  \* ghost histories (a Dummy in Go): writes add a set of records
  mapping macro History {
    read { yield $variable; }
    write { yield $variable \cup $value; }
  }

  \* the history of commits keeps, per index and entry, the first (lowest) term it was declared
  \* committed in, the strongest fact for LeaderCompleteness (a later leader re-declaring the
  \* same entry adds nothing; a different entry at a committed index is recorded)
  mapping macro CommitHistory {
    read { yield $variable; }
    write { yield $variable \cup {r \in $value : ~\E c \in $variable : c.index = r.index /\ c.entry = r.entry}; }
  }

  \* ---------------------------------------------------------------------------------------
  \* Archetypes. Every critical section first awaits alive[self]: a crashed incarnation takes
  \* no further step (Go: the process is gone; alive is a Dummy reading TRUE).

  archetype AServer(srv, ref net[_], ref netLen[_], ref fd[_], ref alive[_],
                    ref hardState[_], ref plog[_], ref log[_], ref state[_], ref leader[_],
                    ref commitIndex[_], ref nextIndex[_], ref matchIndex[_],
                    ref votesResponded[_], ref votesGranted[_], ref timer[_], ref sig[_])
    variables
      pending = <<>>,    \* client commands received as leader, not yet in the log
      deferred = NoMsg,  \* a request to handle after its term change is durable
      out = NoMsg,       \* a reply to send once the state it reports is durable
      popCnt = 0,        \* the change of the log made durable, to apply to the volatile log
      newEntries = <<>>,
      newCommit = 0;
  {
  \* One label: each step first finishes what the previous one made durable (a reply in out, a
  \* leader's batch in newEntries, a request deferred behind its term change), else takes a
  \* message, or appends the pending requests as leader.
  serverLoop:
    while (TRUE) {
      await alive[self];
      if (out # NoMsg) {
        \* the previous step's vote or log change is durable: update the volatile log, learn
        \* the commit index, reply
        if (popCnt > 0 \/ newEntries # <<>>) {
          log[srv] := log[srv] \o newEntries;
        };
        if (newCommit > commitIndex[srv]) {
          commitIndex[srv] := newCommit;
          sig[<<srv, CommitSig>>] := TRUE;
        };
        Send(out);
        out := NoMsg;
        popCnt := 0;
        newEntries := <<>>;
        newCommit := 0;
      } else if (newEntries # <<>>) {
        \* the leader's batch is durable: the volatile log (which the senders replicate and
        \* the commit rule counts) gets it
        log[srv] := log[srv] \o newEntries;
        newEntries := <<>>;
        sig[<<srv, ReplicateSig>>] := TRUE;
        sig[<<srv, CommitSig>>] := TRUE;
      } else if (deferred # NoMsg) {
        \* the term change of the previous step is durable: handle its request
        with (msg = deferred) {
          deferred := NoMsg;
          HandleMsg(msg);
        };
      } else {
        either {
          with (msg = net[srv]) {
            if (msg.mtype # ClientRequest /\ msg.mterm > hardState[srv].term) {
              \* a newer term: become a follower of it. This step persists only hardState: a
              \* vote request is answered in the same write (and replied to in the next step),
              \* an AppendEntries request is handled in the next step.
              state[srv] := Follower;
              leader[srv] := Nil;
              if (msg.mtype = RequestVoteRequest) {
                with (grant = LogUpToDate(msg.mlastLogTerm, msg.mlastLogIndex, log[srv])) {
                  hardState[srv] := [term |-> msg.mterm, votedFor |-> IF grant THEN msg.msource ELSE Nil];
                  if (grant) {
                    timer[srv] := LeaderTimeoutReset;
                  };
                  out := [mtype |-> RequestVoteResponse, mterm |-> msg.mterm, mvoteGranted |-> grant,
                          msource |-> srv, mdest |-> msg.msource];
                };
              } else {
                hardState[srv] := [term |-> msg.mterm, votedFor |-> Nil];
                if (msg.mtype = AppendEntriesRequest) {
                  deferred := msg;
                };
              };
            } else {
              HandleMsg(msg);
            };
          };
        } or {
          \* the leader appends, in one durable batch, the no-op starting its term (if its log
          \* has no entry of the term yet) and every pending client request; it waits for its
          \* mailbox to be drained (or MaxBatch requests) so that batches grow with the load
          await state[srv] = Leader;
          with (t = hardState[srv].term,
                batch = (IF LastTerm(log[srv]) < t THEN <<[term |-> t, cmd |-> NoopEntryCmd]>> ELSE <<>>)
                        \o [i \in 1 .. Len(pending) |-> [term |-> t, cmd |-> pending[i]]]) {
            await batch # <<>> /\ (netLen[srv] = 0 \/ Len(pending) >= MaxBatch);
            plog[srv] := [cmd |-> LogConcat, entries |-> batch];
            pending := <<>>;
            newEntries := batch;
          };
        } or {
          \* no longer leader: drop the pending requests (their clients time out and retry)
          await state[srv] # Leader /\ pending # <<>>;
          pending := <<>>;
        };
      };
      \* (a statement after the branching keeps pcalgen from writing a dead write-back after
      \* it; see the pcalgen issue on repeated writes before a final if)
      skip;
    };
  }

  archetype AServerRequestVote(srv, ref alive[_], ref timer[_], ref hardState[_], ref state[_],
                               ref leader[_], ref votesResponded[_], ref votesGranted[_], ref sig[_])
  {
  electionLoop:
    while (TRUE) {
      await alive[self];
      \* Go: blocks for the (randomised) election timeout; FALSE if it was reset meanwhile
      with (fired = timer[srv]) {
        if (fired /\ state[srv] # Leader) {
          \* a new term, voting for ourselves (one durable write); the senders then ask the
          \* peers for their votes
          hardState[srv] := [term |-> hardState[srv].term + 1, votedFor |-> srv];
          state[srv] := Candidate;
          leader[srv] := Nil;
          votesResponded[srv] := {srv};
          votesGranted[srv] := {srv};
          sig[<<srv, ElectionSig>>] := TRUE;
          sig[<<srv, LeaderSig>>] := TRUE;
        };
      };
    };
  }

  archetype AServerBecomeLeader(srv, ref alive[_], ref sig[_], ref hardState[_], ref state[_],
                                ref leader[_], ref votesGranted[_], ref log[_],
                                ref nextIndex[_], ref matchIndex[_], ref elected)
  {
  leaderLoop:
    while (TRUE) {
      await alive[self];
      await sig[<<srv, LeaderSig>>];
      if (state[srv] = Candidate /\ IsQuorum(votesGranted[srv])) {
        state[srv] := Leader;
        leader[srv] := srv;
        nextIndex[srv] := [j \in Servers |-> Len(log[srv]) + 1];
        matchIndex[srv] := [j \in Servers |-> 0];
        elected := {[term |-> hardState[srv].term, server |-> srv]};
        \* the handler appends the no-op; the senders start the heartbeats
        sig[<<srv, ReplicateSig>>] := TRUE;
      };
    };
  }

  archetype AServerSender(srv, peer, ref net[_], ref fd[_], ref alive[_], ref sig[_],
                          ref hardState[_], ref state[_], ref log[_], ref commitIndex[_],
                          ref nextIndex[_], ref votesResponded[_])
  {
  sendLoop:
    while (TRUE) {
      await alive[self];
      \* Go: wakes on a signal or after the heartbeat interval
      await sig[<<srv, peer>>];
      with (st = state[srv], t = hardState[srv].term, l = log[srv]) {
        if (st = Leader) {
          with (ni = nextIndex[srv][peer], prev = ni - 1) {
            Send([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev,
                  mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)),
                  mcommitIndex |-> commitIndex[srv], msource |-> srv, mdest |-> peer]);
          };
        } else if (st = Candidate /\ peer \notin votesResponded[srv]) {
          Send([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l),
                mlastLogIndex |-> Len(l), msource |-> srv, mdest |-> peer]);
        };
      };
    };
  }

  archetype AServerAdvanceCommitIndex(srv, ref net[_], ref fd[_], ref alive[_], ref sig[_],
                                      ref hardState[_], ref state[_], ref log[_],
                                      ref commitIndex[_], ref matchIndex[_], ref committed)
    variables
      sm = InitSM,     \* the key-value state machine
      lastApplied = 0;
  {
  \* One label: apply the next committed entry if there is one, else (as leader) advance the
  \* commit index.
  commitLoop:
    while (TRUE) {
      await alive[self];
      await sig[<<srv, CommitSig>>];
      if (lastApplied < commitIndex[srv]) {
        with (e = log[srv][lastApplied + 1]) {
          if (state[srv] = Leader /\ e.cmd.type # NoopCmd) {
            Send([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> e.cmd.reqId,
                  mresponse |-> EntryResponse(sm, e), mleaderHint |-> srv,
                  msource |-> srv, mdest |-> e.cmd.client]);
          };
          sm := ApplyEntry(sm, e);
          lastApplied := lastApplied + 1;
        };
      } else if (state[srv] = Leader) {
        \* the highest index of the current term stored on a quorum (the leader's log[srv] is
        \* durable) is committed, and with it every entry before it
        with (t = hardState[srv].term, l = log[srv], ci = commitIndex[srv], mi = matchIndex[srv],
              agreed = {i \in ci + 1 .. Len(l) :
                          l[i].term = t /\ IsQuorum({srv} \cup {j \in Servers : mi[j] >= i})}) {
          if (agreed # {}) {
            commitIndex[srv] := SetMax(agreed);
            committed := {[index |-> i, term |-> t, entry |-> l[i]] : i \in ci + 1 .. SetMax(agreed)};
          };
        };
      };
    };
  }

  archetype AClient(ref net[_], ref fd[_], ref reqCh[_], ref respCh[_], ref timeout[_])
    variables
      leaderGuess = 1,
      req = Nil,
      curReqId = 0;
  {
  clientLoop:
    while (TRUE) {
      req := reqCh[self];
      curReqId := curReqId + 1;
    sendReq:
      Send([mtype |-> ClientRequest,
            mcmd |-> [type |-> req.type, key |-> req.key, value |-> req.value,
                      client |-> self, reqId |-> curReqId],
            msource |-> self, mdest |-> leaderGuess]);
    awaitResp:
      either {
        with (m = net[self]) {
          if (m.mreqId = curReqId) {
            if (m.msuccess) {
              respCh[self] := m.mresponse;
              goto clientLoop;
            } else {
              \* redirected: try the leader the server knows, else the next server
              leaderGuess := IF m.mleaderHint # Nil THEN m.mleaderHint ELSE NextServer(leaderGuess);
              goto sendReq;
            };
          } else {
            \* a late answer to an earlier request
            goto awaitResp;
          };
        };
      } or {
        await timeout[self];
        leaderGuess := NextServer(leaderGuess);
        goto sendReq;
      };
    };
  }

  variables
    net = [i \in NetIds |-> EmptyBag],
    fdVar = [i \in NetIds |-> FALSE],
    alive = [p \in ServerProcs |-> IncOfProc(p) = 0],
    up = [s \in Servers |-> TRUE],
    incarnation = [s \in Servers |-> 0],
    crashes = 0,
    hardState = [s \in Servers |-> [term |-> 0, votedFor |-> Nil]],
    plog = [s \in Servers |-> <<>>],
    log = [s \in Servers |-> <<>>],
    state = [s \in Servers |-> Follower],
    leader = [s \in Servers |-> Nil],
    commitIndex = [s \in Servers |-> 0],
    nextIndex = [s \in Servers |-> [j \in Servers |-> 1]],
    matchIndex = [s \in Servers |-> [j \in Servers |-> 0]],
    votesResponded = [s \in Servers |-> {}],
    votesGranted = [s \in Servers |-> {}],
    timer = [s \in Servers |-> LeaderTimeoutReset],
    sig = [x \in SigIds |-> TRUE],
    reqQueue = [c \in Clients |-> ClientOps(c)],
    respHist = [c \in Clients |-> <<>>],
    clientTimeout = [c \in Clients |-> MaxClientTimeouts],
    elected = {},
    committed = {};

  process (Handler \in KindProcs(0)) == instance AServer(ServerOfProc(Handler),
      ref net[_], ref net[_], ref fdVar[_], ref alive[_], ref hardState[_], ref plog[_], ref log[_],
      ref state[_], ref leader[_], ref commitIndex[_], ref nextIndex[_], ref matchIndex[_],
      ref votesResponded[_], ref votesGranted[_], ref timer[_], ref sig[_])
    mapping @2[_] via LossyNetwork
    mapping @3[_] via NetworkLength
    mapping fdVar[_] via UnreliableFD
    mapping plog[_] via PersistentLog
    mapping timer[_] via LeaderTimeout
    mapping sig[_] via Signal;

  process (RequestVote \in KindProcs(1)) == instance AServerRequestVote(ServerOfProc(RequestVote),
      ref alive[_], ref timer[_], ref hardState[_], ref state[_], ref leader[_],
      ref votesResponded[_], ref votesGranted[_], ref sig[_])
    mapping timer[_] via LeaderTimeout
    mapping sig[_] via Signal;

  process (BecomeLeader \in KindProcs(2)) == instance AServerBecomeLeader(ServerOfProc(BecomeLeader),
      ref alive[_], ref sig[_], ref hardState[_], ref state[_], ref leader[_], ref votesGranted[_],
      ref log[_], ref nextIndex[_], ref matchIndex[_], ref elected)
    mapping sig[_] via Signal
    mapping elected via History;

  process (AdvanceCommitIndex \in KindProcs(3)) == instance AServerAdvanceCommitIndex(
      ServerOfProc(AdvanceCommitIndex), ref net[_], ref fdVar[_], ref alive[_], ref sig[_],
      ref hardState[_], ref state[_], ref log[_], ref commitIndex[_], ref matchIndex[_],
      ref committed)
    mapping net[_] via LossyNetwork
    mapping fdVar[_] via UnreliableFD
    mapping sig[_] via Signal
    mapping committed via CommitHistory;

  process (Sender \in SenderProcs) == instance AServerSender(ServerOfProc(Sender), PeerOfProc(Sender),
      ref net[_], ref fdVar[_], ref alive[_], ref sig[_], ref hardState[_], ref state[_], ref log[_],
      ref commitIndex[_], ref nextIndex[_], ref votesResponded[_])
    mapping net[_] via LossyNetwork
    mapping fdVar[_] via UnreliableFD
    mapping sig[_] via Signal;

  process (Client \in Clients) == instance AClient(ref net[_], ref fdVar[_], ref reqQueue[_],
      ref respHist[_], ref clientTimeout[_])
    mapping net[_] via LossyNetwork
    mapping fdVar[_] via UnreliableFD
    mapping reqQueue[_] via InputQueue
    mapping respHist[_] via OutputQueue
    mapping clientTimeout[_] via Timeout;

  \* crash and restart (model only): a crash stops every context of server s and loses its
  \* volatile state; a restart runs a new incarnation of each context, the volatile log
  \* reloaded from the persistent one (hardState and plog survive)
  process (Crasher = 0)
  {
  crashLoop:
    while (TRUE) {
      either {
        with (s \in {x \in Servers : up[x]}) {
          await crashes < MaxCrashes;
          crashes := crashes + 1;
          up[s] := FALSE;
          alive := [p \in DOMAIN alive |-> IF ServerOfProc(p) = s THEN FALSE ELSE alive[p]];
          state[s] := Follower;
          leader[s] := Nil;
          log[s] := <<>>;
          commitIndex[s] := 0;
          nextIndex[s] := [j \in Servers |-> 1];
          matchIndex[s] := [j \in Servers |-> 0];
          votesResponded[s] := {};
          votesGranted[s] := {};
        };
      } or {
        with (s \in {x \in Servers : ~up[x]}, k = incarnation[s] + 1) {
          up[s] := TRUE;
          incarnation[s] := k;
          alive := [p \in DOMAIN alive |-> IF ServerOfProc(p) = s /\ IncOfProc(p) = k THEN TRUE ELSE alive[p]];
          log[s] := plog[s];
        };
      };
    };
  }
}

\* BEGIN PLUSCAL TRANSLATION
--algorithm raftkv {
  variables net = [i \in NetIds |-> EmptyBag]; fdVar = [i \in NetIds |-> FALSE]; alive = [p \in ServerProcs |-> (IncOfProc(p)) = (0)]; up = [s \in Servers |-> TRUE]; incarnation = [s \in Servers |-> 0]; crashes = 0; hardState = [s \in Servers |-> [term |-> 0, votedFor |-> Nil]]; plog = [s \in Servers |-> <<>>]; log = [s \in Servers |-> <<>>]; state = [s \in Servers |-> Follower]; leader = [s \in Servers |-> Nil]; commitIndex = [s \in Servers |-> 0]; nextIndex = [s \in Servers |-> [j \in Servers |-> 1]]; matchIndex = [s \in Servers |-> [j \in Servers |-> 0]]; votesResponded = [s \in Servers |-> {}]; votesGranted = [s \in Servers |-> {}]; timer = [s \in Servers |-> LeaderTimeoutReset]; sig = [x \in SigIds |-> TRUE]; reqQueue = [c \in Clients |-> ClientOps(c)]; respHist = [c \in Clients |-> <<>>]; clientTimeout = [c \in Clients |-> MaxClientTimeouts]; elected = {}; committed = {};

  process (Crasher = 0)
  {
    crashLoop:
      if (TRUE) {
        either {
          with (s \in {x \in Servers : (up)[x]}) {
            await (crashes) < (MaxCrashes);
            crashes := (crashes) + (1);
            up := [up EXCEPT ![s] = FALSE];
            alive := [p \in DOMAIN (alive) |-> IF (ServerOfProc(p)) = (s) THEN FALSE ELSE (alive)[p]];
            state := [state EXCEPT ![s] = Follower];
            leader := [leader EXCEPT ![s] = Nil];
            log := [log EXCEPT ![s] = <<>>];
            commitIndex := [commitIndex EXCEPT ![s] = 0];
            nextIndex := [nextIndex EXCEPT ![s] = [j \in Servers |-> 1]];
            matchIndex := [matchIndex EXCEPT ![s] = [j \in Servers |-> 0]];
            votesResponded := [votesResponded EXCEPT ![s] = {}];
            votesGranted := [votesGranted EXCEPT ![s] = {}];
            goto crashLoop;
          };
        } or {
          with (
            s \in {x \in Servers : ~ ((up)[x])},
            k = ((incarnation)[s]) + (1)
          ) {
            up := [up EXCEPT ![s] = TRUE];
            incarnation := [incarnation EXCEPT ![s] = k];
            alive := [p \in DOMAIN (alive) |-> IF ((ServerOfProc(p)) = (s)) /\ ((IncOfProc(p)) = (k)) THEN TRUE ELSE (alive)[p]];
            log := [log EXCEPT ![s] = (plog)[s]];
            goto crashLoop;
          };
        };
      } else {
        goto Done;
      };
  }

  process (Handler \in KindProcs(0))
    variables srv = ServerOfProc(self); pending = <<>>; deferred = NoMsg; out = NoMsg; popCnt = 0; newEntries = <<>>; newCommit = 0;
  {
    serverLoop:
      if (TRUE) {
        await (alive)[self];
        if ((out) # (NoMsg)) {
          if (((popCnt) > (0)) \/ ((newEntries) # (<<>>))) {
            log := [log EXCEPT ![srv] = ((log)[srv]) \o (newEntries)];
            if ((newCommit) > ((commitIndex)[srv])) {
              commitIndex := [commitIndex EXCEPT ![srv] = newCommit];
              with (value0 = TRUE) {
                sig := [sig EXCEPT ![<<srv, CommitSig>>] = (sig)[<<srv, CommitSig>>]];
                either {
                  with (value1 = out) {
                    either {
                      net := [net EXCEPT ![(out).mdest] = ((net)[(out).mdest]) (+) (SetToBag({value1}))];
                      out := NoMsg;
                      popCnt := 0;
                      newEntries := <<>>;
                      newCommit := 0;
                      skip;
                      goto serverLoop;
                    } or {
                      net := [net EXCEPT ![(out).mdest] = (net)[(out).mdest]];
                      out := NoMsg;
                      popCnt := 0;
                      newEntries := <<>>;
                      newCommit := 0;
                      skip;
                      goto serverLoop;
                    };
                  };
                } or {
                  either {
                    with (yielded_fdVar = TRUE) {
                      await yielded_fdVar;
                      out := NoMsg;
                      popCnt := 0;
                      newEntries := <<>>;
                      newCommit := 0;
                      skip;
                      goto serverLoop;
                    };
                  } or {
                    with (yielded_fdVar = FALSE) {
                      await yielded_fdVar;
                      out := NoMsg;
                      popCnt := 0;
                      newEntries := <<>>;
                      newCommit := 0;
                      skip;
                      goto serverLoop;
                    };
                  };
                };
              };
            } else {
              either {
                with (value1 = out) {
                  either {
                    net := [net EXCEPT ![(out).mdest] = ((net)[(out).mdest]) (+) (SetToBag({value1}))];
                    out := NoMsg;
                    popCnt := 0;
                    newEntries := <<>>;
                    newCommit := 0;
                    skip;
                    goto serverLoop;
                  } or {
                    net := [net EXCEPT ![(out).mdest] = (net)[(out).mdest]];
                    out := NoMsg;
                    popCnt := 0;
                    newEntries := <<>>;
                    newCommit := 0;
                    skip;
                    goto serverLoop;
                  };
                };
              } or {
                either {
                  with (yielded_fdVar = TRUE) {
                    await yielded_fdVar;
                    out := NoMsg;
                    popCnt := 0;
                    newEntries := <<>>;
                    newCommit := 0;
                    skip;
                    goto serverLoop;
                  };
                } or {
                  with (yielded_fdVar = FALSE) {
                    await yielded_fdVar;
                    out := NoMsg;
                    popCnt := 0;
                    newEntries := <<>>;
                    newCommit := 0;
                    skip;
                    goto serverLoop;
                  };
                };
              };
            };
          } else {
            if ((newCommit) > ((commitIndex)[srv])) {
              commitIndex := [commitIndex EXCEPT ![srv] = newCommit];
              with (value0 = TRUE) {
                sig := [sig EXCEPT ![<<srv, CommitSig>>] = (sig)[<<srv, CommitSig>>]];
                either {
                  with (value1 = out) {
                    either {
                      net := [net EXCEPT ![(out).mdest] = ((net)[(out).mdest]) (+) (SetToBag({value1}))];
                      out := NoMsg;
                      popCnt := 0;
                      newEntries := <<>>;
                      newCommit := 0;
                      skip;
                      goto serverLoop;
                    } or {
                      net := [net EXCEPT ![(out).mdest] = (net)[(out).mdest]];
                      out := NoMsg;
                      popCnt := 0;
                      newEntries := <<>>;
                      newCommit := 0;
                      skip;
                      goto serverLoop;
                    };
                  };
                } or {
                  either {
                    with (yielded_fdVar = TRUE) {
                      await yielded_fdVar;
                      out := NoMsg;
                      popCnt := 0;
                      newEntries := <<>>;
                      newCommit := 0;
                      skip;
                      goto serverLoop;
                    };
                  } or {
                    with (yielded_fdVar = FALSE) {
                      await yielded_fdVar;
                      out := NoMsg;
                      popCnt := 0;
                      newEntries := <<>>;
                      newCommit := 0;
                      skip;
                      goto serverLoop;
                    };
                  };
                };
              };
            } else {
              either {
                with (value1 = out) {
                  either {
                    net := [net EXCEPT ![(out).mdest] = ((net)[(out).mdest]) (+) (SetToBag({value1}))];
                    out := NoMsg;
                    popCnt := 0;
                    newEntries := <<>>;
                    newCommit := 0;
                    skip;
                    goto serverLoop;
                  } or {
                    net := [net EXCEPT ![(out).mdest] = (net)[(out).mdest]];
                    out := NoMsg;
                    popCnt := 0;
                    newEntries := <<>>;
                    newCommit := 0;
                    skip;
                    goto serverLoop;
                  };
                };
              } or {
                either {
                  with (yielded_fdVar = TRUE) {
                    await yielded_fdVar;
                    out := NoMsg;
                    popCnt := 0;
                    newEntries := <<>>;
                    newCommit := 0;
                    skip;
                    goto serverLoop;
                  };
                } or {
                  with (yielded_fdVar = FALSE) {
                    await yielded_fdVar;
                    out := NoMsg;
                    popCnt := 0;
                    newEntries := <<>>;
                    newCommit := 0;
                    skip;
                    goto serverLoop;
                  };
                };
              };
            };
          };
        } else {
          if ((newEntries) # (<<>>)) {
            log := [log EXCEPT ![srv] = ((log)[srv]) \o (newEntries)];
            newEntries := <<>>;
            with (
              value2 = TRUE,
              sig0 = [sig EXCEPT ![<<srv, ReplicateSig>>] = (sig)[<<srv, ReplicateSig>>]],
              value3 = TRUE
            ) {
              sig := [sig0 EXCEPT ![<<srv, CommitSig>>] = (sig0)[<<srv, CommitSig>>]];
              skip;
              goto serverLoop;
            };
          } else {
            if ((deferred) # (NoMsg)) {
              with (msg = deferred) {
                deferred := NoMsg;
                if (((msg).mtype) = (RequestVoteRequest)) {
                  with (
                    hs0 = (hardState)[srv],
                    grant0 = ((((msg).mterm) = ((hs0).term)) /\ (LogUpToDate((msg).mlastLogTerm, (msg).mlastLogIndex, (log)[srv]))) /\ (((hs0).votedFor) \in ({Nil, (msg).msource})),
                    reply0 = [mtype |-> RequestVoteResponse, mterm |-> (hs0).term, mvoteGranted |-> grant0, msource |-> srv, mdest |-> (msg).msource]
                  ) {
                    if ((grant0) /\ (((hs0).votedFor) = (Nil))) {
                      hardState := [hardState EXCEPT ![srv] = [term |-> (hs0).term, votedFor |-> (msg).msource]];
                      with (value4 = LeaderTimeoutReset) {
                        timer := [timer EXCEPT ![srv] = value4];
                        out := reply0;
                        skip;
                        goto serverLoop;
                      };
                    } else {
                      either {
                        with (value5 = reply0) {
                          either {
                            net := [net EXCEPT ![(reply0).mdest] = ((net)[(reply0).mdest]) (+) (SetToBag({value5}))];
                            skip;
                            goto serverLoop;
                          } or {
                            net := [net EXCEPT ![(reply0).mdest] = (net)[(reply0).mdest]];
                            skip;
                            goto serverLoop;
                          };
                        };
                      } or {
                        either {
                          with (yielded_fdVar0 = TRUE) {
                            await yielded_fdVar0;
                            skip;
                            goto serverLoop;
                          };
                        } or {
                          with (yielded_fdVar0 = FALSE) {
                            await yielded_fdVar0;
                            skip;
                            goto serverLoop;
                          };
                        };
                      };
                    };
                  };
                } else {
                  if (((msg).mtype) = (RequestVoteResponse)) {
                    if ((((msg).mterm) = (((hardState)[srv]).term)) /\ (((state)[srv]) = (Candidate))) {
                      votesResponded := [votesResponded EXCEPT ![srv] = ((votesResponded)[srv]) \cup ({(msg).msource})];
                      if ((msg).mvoteGranted) {
                        votesGranted := [votesGranted EXCEPT ![srv] = ((votesGranted)[srv]) \cup ({(msg).msource})];
                        with (value6 = TRUE) {
                          sig := [sig EXCEPT ![<<srv, LeaderSig>>] = (sig)[<<srv, LeaderSig>>]];
                          skip;
                          goto serverLoop;
                        };
                      } else {
                        skip;
                        goto serverLoop;
                      };
                    } else {
                      skip;
                      goto serverLoop;
                    };
                  } else {
                    if (((msg).mtype) = (AppendEntriesRequest)) {
                      with (
                        hs1 = (hardState)[srv],
                        l0 = (log)[srv]
                      ) {
                        if (((msg).mterm) < ((hs1).term)) {
                          either {
                            with (value7 = [mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]) {
                              either {
                                net := [net EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]).mdest] = ((net)[([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value7}))];
                                skip;
                                goto serverLoop;
                              } or {
                                net := [net EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]).mdest] = (net)[([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]).mdest]];
                                skip;
                                goto serverLoop;
                              };
                            };
                          } or {
                            either {
                              with (yielded_fdVar1 = TRUE) {
                                await yielded_fdVar1;
                                skip;
                                goto serverLoop;
                              };
                            } or {
                              with (yielded_fdVar1 = FALSE) {
                                await yielded_fdVar1;
                                skip;
                                goto serverLoop;
                              };
                            };
                          };
                        } else {
                          state := [state EXCEPT ![srv] = Follower];
                          leader := [leader EXCEPT ![srv] = (msg).msource];
                          with (value8 = LeaderTimeoutReset) {
                            timer := [timer EXCEPT ![srv] = value8];
                            with (
                              prev0 = (msg).mprevLogIndex,
                              logOk0 = ((prev0) = (0)) \/ (((prev0) <= (Len(l0))) /\ ((((l0)[prev0]).term) = ((msg).mprevLogTerm)))
                            ) {
                              if (~ (logOk0)) {
                                either {
                                  with (value9 = [mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv, mdest |-> (msg).msource]) {
                                    either {
                                      net := [net EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv, mdest |-> (msg).msource]).mdest] = ((net)[([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv, mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value9}))];
                                      skip;
                                      goto serverLoop;
                                    } or {
                                      net := [net EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv, mdest |-> (msg).msource]).mdest] = (net)[([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv, mdest |-> (msg).msource]).mdest]];
                                      skip;
                                      goto serverLoop;
                                    };
                                  };
                                } or {
                                  either {
                                    with (yielded_fdVar2 = TRUE) {
                                      await yielded_fdVar2;
                                      skip;
                                      goto serverLoop;
                                    };
                                  } or {
                                    with (yielded_fdVar2 = FALSE) {
                                      await yielded_fdVar2;
                                      skip;
                                      goto serverLoop;
                                    };
                                  };
                                };
                              } else {
                                with (
                                  pop0 = PopCount(l0, prev0, (msg).mentries),
                                  new0 = NewEntries(l0, prev0, (msg).mentries),
                                  lastNew0 = (prev0) + (Len((msg).mentries)),
                                  reply1 = [mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> TRUE, mmatchIndex |-> lastNew0, msource |-> srv, mdest |-> (msg).msource]
                                ) {
                                  if (((pop0) > (0)) \/ ((new0) # (<<>>))) {
                                    if ((pop0) > (0)) {
                                      with (value10 = [cmd |-> LogPop, cnt |-> pop0]) {
                                        if (((value10).cmd) = (LogConcat)) {
                                          with (plog0 = [plog EXCEPT ![srv] = ((plog)[srv]) \o ((value10).entries)]) {
                                            if ((new0) # (<<>>)) {
                                              with (value11 = [cmd |-> LogConcat, entries |-> new0]) {
                                                if (((value11).cmd) = (LogConcat)) {
                                                  plog := [plog0 EXCEPT ![srv] = ((plog0)[srv]) \o ((value11).entries)];
                                                  popCnt := pop0;
                                                  newEntries := new0;
                                                  newCommit := Min((msg).mcommitIndex, lastNew0);
                                                  out := reply1;
                                                  skip;
                                                  goto serverLoop;
                                                } else {
                                                  if (((value11).cmd) = (LogPop)) {
                                                    plog := [plog0 EXCEPT ![srv] = SubSeq((plog0)[srv], 1, (Len((plog0)[srv])) - ((value11).cnt))];
                                                    popCnt := pop0;
                                                    newEntries := new0;
                                                    newCommit := Min((msg).mcommitIndex, lastNew0);
                                                    out := reply1;
                                                    skip;
                                                    goto serverLoop;
                                                  } else {
                                                    popCnt := pop0;
                                                    newEntries := new0;
                                                    newCommit := Min((msg).mcommitIndex, lastNew0);
                                                    out := reply1;
                                                    skip;
                                                    plog := plog0;
                                                    goto serverLoop;
                                                  };
                                                };
                                              };
                                            } else {
                                              popCnt := pop0;
                                              newEntries := new0;
                                              newCommit := Min((msg).mcommitIndex, lastNew0);
                                              out := reply1;
                                              skip;
                                              plog := plog0;
                                              goto serverLoop;
                                            };
                                          };
                                        } else {
                                          if (((value10).cmd) = (LogPop)) {
                                            with (plog1 = [plog EXCEPT ![srv] = SubSeq((plog)[srv], 1, (Len((plog)[srv])) - ((value10).cnt))]) {
                                              if ((new0) # (<<>>)) {
                                                with (value11 = [cmd |-> LogConcat, entries |-> new0]) {
                                                  if (((value11).cmd) = (LogConcat)) {
                                                    plog := [plog1 EXCEPT ![srv] = ((plog1)[srv]) \o ((value11).entries)];
                                                    popCnt := pop0;
                                                    newEntries := new0;
                                                    newCommit := Min((msg).mcommitIndex, lastNew0);
                                                    out := reply1;
                                                    skip;
                                                    goto serverLoop;
                                                  } else {
                                                    if (((value11).cmd) = (LogPop)) {
                                                      plog := [plog1 EXCEPT ![srv] = SubSeq((plog1)[srv], 1, (Len((plog1)[srv])) - ((value11).cnt))];
                                                      popCnt := pop0;
                                                      newEntries := new0;
                                                      newCommit := Min((msg).mcommitIndex, lastNew0);
                                                      out := reply1;
                                                      skip;
                                                      goto serverLoop;
                                                    } else {
                                                      popCnt := pop0;
                                                      newEntries := new0;
                                                      newCommit := Min((msg).mcommitIndex, lastNew0);
                                                      out := reply1;
                                                      skip;
                                                      plog := plog1;
                                                      goto serverLoop;
                                                    };
                                                  };
                                                };
                                              } else {
                                                popCnt := pop0;
                                                newEntries := new0;
                                                newCommit := Min((msg).mcommitIndex, lastNew0);
                                                out := reply1;
                                                skip;
                                                plog := plog1;
                                                goto serverLoop;
                                              };
                                            };
                                          } else {
                                            if ((new0) # (<<>>)) {
                                              with (value11 = [cmd |-> LogConcat, entries |-> new0]) {
                                                if (((value11).cmd) = (LogConcat)) {
                                                  plog := [plog EXCEPT ![srv] = ((plog)[srv]) \o ((value11).entries)];
                                                  popCnt := pop0;
                                                  newEntries := new0;
                                                  newCommit := Min((msg).mcommitIndex, lastNew0);
                                                  out := reply1;
                                                  skip;
                                                  goto serverLoop;
                                                } else {
                                                  if (((value11).cmd) = (LogPop)) {
                                                    plog := [plog EXCEPT ![srv] = SubSeq((plog)[srv], 1, (Len((plog)[srv])) - ((value11).cnt))];
                                                    popCnt := pop0;
                                                    newEntries := new0;
                                                    newCommit := Min((msg).mcommitIndex, lastNew0);
                                                    out := reply1;
                                                    skip;
                                                    goto serverLoop;
                                                  } else {
                                                    popCnt := pop0;
                                                    newEntries := new0;
                                                    newCommit := Min((msg).mcommitIndex, lastNew0);
                                                    out := reply1;
                                                    skip;
                                                    goto serverLoop;
                                                  };
                                                };
                                              };
                                            } else {
                                              popCnt := pop0;
                                              newEntries := new0;
                                              newCommit := Min((msg).mcommitIndex, lastNew0);
                                              out := reply1;
                                              skip;
                                              goto serverLoop;
                                            };
                                          };
                                        };
                                      };
                                    } else {
                                      if ((new0) # (<<>>)) {
                                        with (value11 = [cmd |-> LogConcat, entries |-> new0]) {
                                          if (((value11).cmd) = (LogConcat)) {
                                            plog := [plog EXCEPT ![srv] = ((plog)[srv]) \o ((value11).entries)];
                                            popCnt := pop0;
                                            newEntries := new0;
                                            newCommit := Min((msg).mcommitIndex, lastNew0);
                                            out := reply1;
                                            skip;
                                            goto serverLoop;
                                          } else {
                                            if (((value11).cmd) = (LogPop)) {
                                              plog := [plog EXCEPT ![srv] = SubSeq((plog)[srv], 1, (Len((plog)[srv])) - ((value11).cnt))];
                                              popCnt := pop0;
                                              newEntries := new0;
                                              newCommit := Min((msg).mcommitIndex, lastNew0);
                                              out := reply1;
                                              skip;
                                              goto serverLoop;
                                            } else {
                                              popCnt := pop0;
                                              newEntries := new0;
                                              newCommit := Min((msg).mcommitIndex, lastNew0);
                                              out := reply1;
                                              skip;
                                              goto serverLoop;
                                            };
                                          };
                                        };
                                      } else {
                                        popCnt := pop0;
                                        newEntries := new0;
                                        newCommit := Min((msg).mcommitIndex, lastNew0);
                                        out := reply1;
                                        skip;
                                        goto serverLoop;
                                      };
                                    };
                                  } else {
                                    if ((Min((msg).mcommitIndex, lastNew0)) > ((commitIndex)[srv])) {
                                      commitIndex := [commitIndex EXCEPT ![srv] = Min((msg).mcommitIndex, lastNew0)];
                                      with (value12 = TRUE) {
                                        sig := [sig EXCEPT ![<<srv, CommitSig>>] = (sig)[<<srv, CommitSig>>]];
                                        either {
                                          with (value13 = reply1) {
                                            either {
                                              net := [net EXCEPT ![(reply1).mdest] = ((net)[(reply1).mdest]) (+) (SetToBag({value13}))];
                                              skip;
                                              goto serverLoop;
                                            } or {
                                              net := [net EXCEPT ![(reply1).mdest] = (net)[(reply1).mdest]];
                                              skip;
                                              goto serverLoop;
                                            };
                                          };
                                        } or {
                                          either {
                                            with (yielded_fdVar3 = TRUE) {
                                              await yielded_fdVar3;
                                              skip;
                                              goto serverLoop;
                                            };
                                          } or {
                                            with (yielded_fdVar3 = FALSE) {
                                              await yielded_fdVar3;
                                              skip;
                                              goto serverLoop;
                                            };
                                          };
                                        };
                                      };
                                    } else {
                                      either {
                                        with (value13 = reply1) {
                                          either {
                                            net := [net EXCEPT ![(reply1).mdest] = ((net)[(reply1).mdest]) (+) (SetToBag({value13}))];
                                            skip;
                                            goto serverLoop;
                                          } or {
                                            net := [net EXCEPT ![(reply1).mdest] = (net)[(reply1).mdest]];
                                            skip;
                                            goto serverLoop;
                                          };
                                        };
                                      } or {
                                        either {
                                          with (yielded_fdVar3 = TRUE) {
                                            await yielded_fdVar3;
                                            skip;
                                            goto serverLoop;
                                          };
                                        } or {
                                          with (yielded_fdVar3 = FALSE) {
                                            await yielded_fdVar3;
                                            skip;
                                            goto serverLoop;
                                          };
                                        };
                                      };
                                    };
                                  };
                                };
                              };
                            };
                          };
                        };
                      };
                    } else {
                      if (((msg).mtype) = (AppendEntriesResponse)) {
                        if ((((msg).mterm) = (((hardState)[srv]).term)) /\ (((state)[srv]) = (Leader))) {
                          if ((msg).msuccess) {
                            nextIndex := [nextIndex EXCEPT ![srv] = [(nextIndex)[srv] EXCEPT ![(msg).msource] = Max(@, ((msg).mmatchIndex) + (1))]];
                            matchIndex := [matchIndex EXCEPT ![srv] = [(matchIndex)[srv] EXCEPT ![(msg).msource] = Max(@, (msg).mmatchIndex)]];
                            with (value14 = TRUE) {
                              sig := [sig EXCEPT ![<<srv, CommitSig>>] = (sig)[<<srv, CommitSig>>]];
                              skip;
                              goto serverLoop;
                            };
                          } else {
                            nextIndex := [nextIndex EXCEPT ![srv] = [(nextIndex)[srv] EXCEPT ![(msg).msource] = Max(1, Min((@) - (1), ((msg).mmatchIndex) + (1)))]];
                            with (value15 = TRUE) {
                              sig := [sig EXCEPT ![<<srv, (msg).msource>>] = (sig)[<<srv, (msg).msource>>]];
                              skip;
                              goto serverLoop;
                            };
                          };
                        } else {
                          skip;
                          goto serverLoop;
                        };
                      } else {
                        if (((msg).mtype) = (ClientRequest)) {
                          if (((state)[srv]) = (Leader)) {
                            pending := Append(pending, (msg).mcmd);
                            skip;
                            goto serverLoop;
                          } else {
                            either {
                              with (value16 = [mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]) {
                                either {
                                  net := [net EXCEPT ![([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]).mdest] = ((net)[([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value16}))];
                                  skip;
                                  goto serverLoop;
                                } or {
                                  net := [net EXCEPT ![([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]).mdest] = (net)[([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]).mdest]];
                                  skip;
                                  goto serverLoop;
                                };
                              };
                            } or {
                              either {
                                with (yielded_fdVar4 = TRUE) {
                                  await yielded_fdVar4;
                                  skip;
                                  goto serverLoop;
                                };
                              } or {
                                with (yielded_fdVar4 = FALSE) {
                                  await yielded_fdVar4;
                                  skip;
                                  goto serverLoop;
                                };
                              };
                            };
                          };
                        } else {
                          skip;
                          goto serverLoop;
                        };
                      };
                    };
                  };
                };
              };
            } else {
              either {
                await ((net)[srv]) # (EmptyBag);
                with (
                  m0 \in BagToSet((net)[srv]),
                  net0 = [net EXCEPT ![srv] = ((net)[srv]) (-) (SetToBag({m0}))],
                  yielded_net = m0,
                  msg = yielded_net
                ) {
                  if ((((msg).mtype) # (ClientRequest)) /\ (((msg).mterm) > (((hardState)[srv]).term))) {
                    state := [state EXCEPT ![srv] = Follower];
                    leader := [leader EXCEPT ![srv] = Nil];
                    if (((msg).mtype) = (RequestVoteRequest)) {
                      with (grant = LogUpToDate((msg).mlastLogTerm, (msg).mlastLogIndex, (log)[srv])) {
                        hardState := [hardState EXCEPT ![srv] = [term |-> (msg).mterm, votedFor |-> IF grant THEN (msg).msource ELSE Nil]];
                        if (grant) {
                          with (value17 = LeaderTimeoutReset) {
                            timer := [timer EXCEPT ![srv] = value17];
                            out := [mtype |-> RequestVoteResponse, mterm |-> (msg).mterm, mvoteGranted |-> grant, msource |-> srv, mdest |-> (msg).msource];
                            skip;
                            net := net0;
                            goto serverLoop;
                          };
                        } else {
                          out := [mtype |-> RequestVoteResponse, mterm |-> (msg).mterm, mvoteGranted |-> grant, msource |-> srv, mdest |-> (msg).msource];
                          skip;
                          net := net0;
                          goto serverLoop;
                        };
                      };
                    } else {
                      hardState := [hardState EXCEPT ![srv] = [term |-> (msg).mterm, votedFor |-> Nil]];
                      if (((msg).mtype) = (AppendEntriesRequest)) {
                        deferred := msg;
                        skip;
                        net := net0;
                        goto serverLoop;
                      } else {
                        skip;
                        net := net0;
                        goto serverLoop;
                      };
                    };
                  } else {
                    if (((msg).mtype) = (RequestVoteRequest)) {
                      with (
                        hs2 = (hardState)[srv],
                        grant1 = ((((msg).mterm) = ((hs2).term)) /\ (LogUpToDate((msg).mlastLogTerm, (msg).mlastLogIndex, (log)[srv]))) /\ (((hs2).votedFor) \in ({Nil, (msg).msource})),
                        reply2 = [mtype |-> RequestVoteResponse, mterm |-> (hs2).term, mvoteGranted |-> grant1, msource |-> srv, mdest |-> (msg).msource]
                      ) {
                        if ((grant1) /\ (((hs2).votedFor) = (Nil))) {
                          hardState := [hardState EXCEPT ![srv] = [term |-> (hs2).term, votedFor |-> (msg).msource]];
                          with (value18 = LeaderTimeoutReset) {
                            timer := [timer EXCEPT ![srv] = value18];
                            out := reply2;
                            skip;
                            net := net0;
                            goto serverLoop;
                          };
                        } else {
                          either {
                            with (value19 = reply2) {
                              either {
                                net := [net0 EXCEPT ![(reply2).mdest] = ((net0)[(reply2).mdest]) (+) (SetToBag({value19}))];
                                skip;
                                goto serverLoop;
                              } or {
                                net := [net0 EXCEPT ![(reply2).mdest] = (net0)[(reply2).mdest]];
                                skip;
                                goto serverLoop;
                              };
                            };
                          } or {
                            either {
                              with (yielded_fdVar5 = TRUE) {
                                await yielded_fdVar5;
                                skip;
                                net := net0;
                                goto serverLoop;
                              };
                            } or {
                              with (yielded_fdVar5 = FALSE) {
                                await yielded_fdVar5;
                                skip;
                                net := net0;
                                goto serverLoop;
                              };
                            };
                          };
                        };
                      };
                    } else {
                      if (((msg).mtype) = (RequestVoteResponse)) {
                        if ((((msg).mterm) = (((hardState)[srv]).term)) /\ (((state)[srv]) = (Candidate))) {
                          votesResponded := [votesResponded EXCEPT ![srv] = ((votesResponded)[srv]) \cup ({(msg).msource})];
                          if ((msg).mvoteGranted) {
                            votesGranted := [votesGranted EXCEPT ![srv] = ((votesGranted)[srv]) \cup ({(msg).msource})];
                            with (value20 = TRUE) {
                              sig := [sig EXCEPT ![<<srv, LeaderSig>>] = (sig)[<<srv, LeaderSig>>]];
                              skip;
                              net := net0;
                              goto serverLoop;
                            };
                          } else {
                            skip;
                            net := net0;
                            goto serverLoop;
                          };
                        } else {
                          skip;
                          net := net0;
                          goto serverLoop;
                        };
                      } else {
                        if (((msg).mtype) = (AppendEntriesRequest)) {
                          with (
                            hs3 = (hardState)[srv],
                            l1 = (log)[srv]
                          ) {
                            if (((msg).mterm) < ((hs3).term)) {
                              either {
                                with (value21 = [mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]) {
                                  either {
                                    net := [net0 EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]).mdest] = ((net0)[([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value21}))];
                                    skip;
                                    goto serverLoop;
                                  } or {
                                    net := [net0 EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]).mdest] = (net0)[([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv, mdest |-> (msg).msource]).mdest]];
                                    skip;
                                    goto serverLoop;
                                  };
                                };
                              } or {
                                either {
                                  with (yielded_fdVar6 = TRUE) {
                                    await yielded_fdVar6;
                                    skip;
                                    net := net0;
                                    goto serverLoop;
                                  };
                                } or {
                                  with (yielded_fdVar6 = FALSE) {
                                    await yielded_fdVar6;
                                    skip;
                                    net := net0;
                                    goto serverLoop;
                                  };
                                };
                              };
                            } else {
                              state := [state EXCEPT ![srv] = Follower];
                              leader := [leader EXCEPT ![srv] = (msg).msource];
                              with (value22 = LeaderTimeoutReset) {
                                timer := [timer EXCEPT ![srv] = value22];
                                with (
                                  prev1 = (msg).mprevLogIndex,
                                  logOk1 = ((prev1) = (0)) \/ (((prev1) <= (Len(l1))) /\ ((((l1)[prev1]).term) = ((msg).mprevLogTerm)))
                                ) {
                                  if (~ (logOk1)) {
                                    either {
                                      with (value23 = [mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv, mdest |-> (msg).msource]) {
                                        either {
                                          net := [net0 EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv, mdest |-> (msg).msource]).mdest] = ((net0)[([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv, mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value23}))];
                                          skip;
                                          goto serverLoop;
                                        } or {
                                          net := [net0 EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv, mdest |-> (msg).msource]).mdest] = (net0)[([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv, mdest |-> (msg).msource]).mdest]];
                                          skip;
                                          goto serverLoop;
                                        };
                                      };
                                    } or {
                                      either {
                                        with (yielded_fdVar7 = TRUE) {
                                          await yielded_fdVar7;
                                          skip;
                                          net := net0;
                                          goto serverLoop;
                                        };
                                      } or {
                                        with (yielded_fdVar7 = FALSE) {
                                          await yielded_fdVar7;
                                          skip;
                                          net := net0;
                                          goto serverLoop;
                                        };
                                      };
                                    };
                                  } else {
                                    with (
                                      pop1 = PopCount(l1, prev1, (msg).mentries),
                                      new1 = NewEntries(l1, prev1, (msg).mentries),
                                      lastNew1 = (prev1) + (Len((msg).mentries)),
                                      reply3 = [mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> TRUE, mmatchIndex |-> lastNew1, msource |-> srv, mdest |-> (msg).msource]
                                    ) {
                                      if (((pop1) > (0)) \/ ((new1) # (<<>>))) {
                                        if ((pop1) > (0)) {
                                          with (value24 = [cmd |-> LogPop, cnt |-> pop1]) {
                                            if (((value24).cmd) = (LogConcat)) {
                                              with (plog2 = [plog EXCEPT ![srv] = ((plog)[srv]) \o ((value24).entries)]) {
                                                if ((new1) # (<<>>)) {
                                                  with (value25 = [cmd |-> LogConcat, entries |-> new1]) {
                                                    if (((value25).cmd) = (LogConcat)) {
                                                      plog := [plog2 EXCEPT ![srv] = ((plog2)[srv]) \o ((value25).entries)];
                                                      popCnt := pop1;
                                                      newEntries := new1;
                                                      newCommit := Min((msg).mcommitIndex, lastNew1);
                                                      out := reply3;
                                                      skip;
                                                      net := net0;
                                                      goto serverLoop;
                                                    } else {
                                                      if (((value25).cmd) = (LogPop)) {
                                                        plog := [plog2 EXCEPT ![srv] = SubSeq((plog2)[srv], 1, (Len((plog2)[srv])) - ((value25).cnt))];
                                                        popCnt := pop1;
                                                        newEntries := new1;
                                                        newCommit := Min((msg).mcommitIndex, lastNew1);
                                                        out := reply3;
                                                        skip;
                                                        net := net0;
                                                        goto serverLoop;
                                                      } else {
                                                        popCnt := pop1;
                                                        newEntries := new1;
                                                        newCommit := Min((msg).mcommitIndex, lastNew1);
                                                        out := reply3;
                                                        skip;
                                                        net := net0;
                                                        plog := plog2;
                                                        goto serverLoop;
                                                      };
                                                    };
                                                  };
                                                } else {
                                                  popCnt := pop1;
                                                  newEntries := new1;
                                                  newCommit := Min((msg).mcommitIndex, lastNew1);
                                                  out := reply3;
                                                  skip;
                                                  net := net0;
                                                  plog := plog2;
                                                  goto serverLoop;
                                                };
                                              };
                                            } else {
                                              if (((value24).cmd) = (LogPop)) {
                                                with (plog3 = [plog EXCEPT ![srv] = SubSeq((plog)[srv], 1, (Len((plog)[srv])) - ((value24).cnt))]) {
                                                  if ((new1) # (<<>>)) {
                                                    with (value25 = [cmd |-> LogConcat, entries |-> new1]) {
                                                      if (((value25).cmd) = (LogConcat)) {
                                                        plog := [plog3 EXCEPT ![srv] = ((plog3)[srv]) \o ((value25).entries)];
                                                        popCnt := pop1;
                                                        newEntries := new1;
                                                        newCommit := Min((msg).mcommitIndex, lastNew1);
                                                        out := reply3;
                                                        skip;
                                                        net := net0;
                                                        goto serverLoop;
                                                      } else {
                                                        if (((value25).cmd) = (LogPop)) {
                                                          plog := [plog3 EXCEPT ![srv] = SubSeq((plog3)[srv], 1, (Len((plog3)[srv])) - ((value25).cnt))];
                                                          popCnt := pop1;
                                                          newEntries := new1;
                                                          newCommit := Min((msg).mcommitIndex, lastNew1);
                                                          out := reply3;
                                                          skip;
                                                          net := net0;
                                                          goto serverLoop;
                                                        } else {
                                                          popCnt := pop1;
                                                          newEntries := new1;
                                                          newCommit := Min((msg).mcommitIndex, lastNew1);
                                                          out := reply3;
                                                          skip;
                                                          net := net0;
                                                          plog := plog3;
                                                          goto serverLoop;
                                                        };
                                                      };
                                                    };
                                                  } else {
                                                    popCnt := pop1;
                                                    newEntries := new1;
                                                    newCommit := Min((msg).mcommitIndex, lastNew1);
                                                    out := reply3;
                                                    skip;
                                                    net := net0;
                                                    plog := plog3;
                                                    goto serverLoop;
                                                  };
                                                };
                                              } else {
                                                if ((new1) # (<<>>)) {
                                                  with (value25 = [cmd |-> LogConcat, entries |-> new1]) {
                                                    if (((value25).cmd) = (LogConcat)) {
                                                      plog := [plog EXCEPT ![srv] = ((plog)[srv]) \o ((value25).entries)];
                                                      popCnt := pop1;
                                                      newEntries := new1;
                                                      newCommit := Min((msg).mcommitIndex, lastNew1);
                                                      out := reply3;
                                                      skip;
                                                      net := net0;
                                                      goto serverLoop;
                                                    } else {
                                                      if (((value25).cmd) = (LogPop)) {
                                                        plog := [plog EXCEPT ![srv] = SubSeq((plog)[srv], 1, (Len((plog)[srv])) - ((value25).cnt))];
                                                        popCnt := pop1;
                                                        newEntries := new1;
                                                        newCommit := Min((msg).mcommitIndex, lastNew1);
                                                        out := reply3;
                                                        skip;
                                                        net := net0;
                                                        goto serverLoop;
                                                      } else {
                                                        popCnt := pop1;
                                                        newEntries := new1;
                                                        newCommit := Min((msg).mcommitIndex, lastNew1);
                                                        out := reply3;
                                                        skip;
                                                        net := net0;
                                                        goto serverLoop;
                                                      };
                                                    };
                                                  };
                                                } else {
                                                  popCnt := pop1;
                                                  newEntries := new1;
                                                  newCommit := Min((msg).mcommitIndex, lastNew1);
                                                  out := reply3;
                                                  skip;
                                                  net := net0;
                                                  goto serverLoop;
                                                };
                                              };
                                            };
                                          };
                                        } else {
                                          if ((new1) # (<<>>)) {
                                            with (value25 = [cmd |-> LogConcat, entries |-> new1]) {
                                              if (((value25).cmd) = (LogConcat)) {
                                                plog := [plog EXCEPT ![srv] = ((plog)[srv]) \o ((value25).entries)];
                                                popCnt := pop1;
                                                newEntries := new1;
                                                newCommit := Min((msg).mcommitIndex, lastNew1);
                                                out := reply3;
                                                skip;
                                                net := net0;
                                                goto serverLoop;
                                              } else {
                                                if (((value25).cmd) = (LogPop)) {
                                                  plog := [plog EXCEPT ![srv] = SubSeq((plog)[srv], 1, (Len((plog)[srv])) - ((value25).cnt))];
                                                  popCnt := pop1;
                                                  newEntries := new1;
                                                  newCommit := Min((msg).mcommitIndex, lastNew1);
                                                  out := reply3;
                                                  skip;
                                                  net := net0;
                                                  goto serverLoop;
                                                } else {
                                                  popCnt := pop1;
                                                  newEntries := new1;
                                                  newCommit := Min((msg).mcommitIndex, lastNew1);
                                                  out := reply3;
                                                  skip;
                                                  net := net0;
                                                  goto serverLoop;
                                                };
                                              };
                                            };
                                          } else {
                                            popCnt := pop1;
                                            newEntries := new1;
                                            newCommit := Min((msg).mcommitIndex, lastNew1);
                                            out := reply3;
                                            skip;
                                            net := net0;
                                            goto serverLoop;
                                          };
                                        };
                                      } else {
                                        if ((Min((msg).mcommitIndex, lastNew1)) > ((commitIndex)[srv])) {
                                          commitIndex := [commitIndex EXCEPT ![srv] = Min((msg).mcommitIndex, lastNew1)];
                                          with (value26 = TRUE) {
                                            sig := [sig EXCEPT ![<<srv, CommitSig>>] = (sig)[<<srv, CommitSig>>]];
                                            either {
                                              with (value27 = reply3) {
                                                either {
                                                  net := [net0 EXCEPT ![(reply3).mdest] = ((net0)[(reply3).mdest]) (+) (SetToBag({value27}))];
                                                  skip;
                                                  goto serverLoop;
                                                } or {
                                                  net := [net0 EXCEPT ![(reply3).mdest] = (net0)[(reply3).mdest]];
                                                  skip;
                                                  goto serverLoop;
                                                };
                                              };
                                            } or {
                                              either {
                                                with (yielded_fdVar8 = TRUE) {
                                                  await yielded_fdVar8;
                                                  skip;
                                                  net := net0;
                                                  goto serverLoop;
                                                };
                                              } or {
                                                with (yielded_fdVar8 = FALSE) {
                                                  await yielded_fdVar8;
                                                  skip;
                                                  net := net0;
                                                  goto serverLoop;
                                                };
                                              };
                                            };
                                          };
                                        } else {
                                          either {
                                            with (value27 = reply3) {
                                              either {
                                                net := [net0 EXCEPT ![(reply3).mdest] = ((net0)[(reply3).mdest]) (+) (SetToBag({value27}))];
                                                skip;
                                                goto serverLoop;
                                              } or {
                                                net := [net0 EXCEPT ![(reply3).mdest] = (net0)[(reply3).mdest]];
                                                skip;
                                                goto serverLoop;
                                              };
                                            };
                                          } or {
                                            either {
                                              with (yielded_fdVar8 = TRUE) {
                                                await yielded_fdVar8;
                                                skip;
                                                net := net0;
                                                goto serverLoop;
                                              };
                                            } or {
                                              with (yielded_fdVar8 = FALSE) {
                                                await yielded_fdVar8;
                                                skip;
                                                net := net0;
                                                goto serverLoop;
                                              };
                                            };
                                          };
                                        };
                                      };
                                    };
                                  };
                                };
                              };
                            };
                          };
                        } else {
                          if (((msg).mtype) = (AppendEntriesResponse)) {
                            if ((((msg).mterm) = (((hardState)[srv]).term)) /\ (((state)[srv]) = (Leader))) {
                              if ((msg).msuccess) {
                                nextIndex := [nextIndex EXCEPT ![srv] = [(nextIndex)[srv] EXCEPT ![(msg).msource] = Max(@, ((msg).mmatchIndex) + (1))]];
                                matchIndex := [matchIndex EXCEPT ![srv] = [(matchIndex)[srv] EXCEPT ![(msg).msource] = Max(@, (msg).mmatchIndex)]];
                                with (value28 = TRUE) {
                                  sig := [sig EXCEPT ![<<srv, CommitSig>>] = (sig)[<<srv, CommitSig>>]];
                                  skip;
                                  net := net0;
                                  goto serverLoop;
                                };
                              } else {
                                nextIndex := [nextIndex EXCEPT ![srv] = [(nextIndex)[srv] EXCEPT ![(msg).msource] = Max(1, Min((@) - (1), ((msg).mmatchIndex) + (1)))]];
                                with (value29 = TRUE) {
                                  sig := [sig EXCEPT ![<<srv, (msg).msource>>] = (sig)[<<srv, (msg).msource>>]];
                                  skip;
                                  net := net0;
                                  goto serverLoop;
                                };
                              };
                            } else {
                              skip;
                              net := net0;
                              goto serverLoop;
                            };
                          } else {
                            if (((msg).mtype) = (ClientRequest)) {
                              if (((state)[srv]) = (Leader)) {
                                pending := Append(pending, (msg).mcmd);
                                skip;
                                net := net0;
                                goto serverLoop;
                              } else {
                                either {
                                  with (value30 = [mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]) {
                                    either {
                                      net := [net0 EXCEPT ![([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]).mdest] = ((net0)[([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value30}))];
                                      skip;
                                      goto serverLoop;
                                    } or {
                                      net := [net0 EXCEPT ![([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]).mdest] = (net0)[([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv], msource |-> srv, mdest |-> (msg).msource]).mdest]];
                                      skip;
                                      goto serverLoop;
                                    };
                                  };
                                } or {
                                  either {
                                    with (yielded_fdVar9 = TRUE) {
                                      await yielded_fdVar9;
                                      skip;
                                      net := net0;
                                      goto serverLoop;
                                    };
                                  } or {
                                    with (yielded_fdVar9 = FALSE) {
                                      await yielded_fdVar9;
                                      skip;
                                      net := net0;
                                      goto serverLoop;
                                    };
                                  };
                                };
                              };
                            } else {
                              skip;
                              net := net0;
                              goto serverLoop;
                            };
                          };
                        };
                      };
                    };
                  };
                };
              } or {
                await ((state)[srv]) = (Leader);
                with (
                  t = ((hardState)[srv]).term,
                  batch = (IF (LastTerm((log)[srv])) < (t) THEN <<[term |-> t, cmd |-> NoopEntryCmd]>> ELSE <<>>) \o ([i \in (1) .. (Len(pending)) |-> [term |-> t, cmd |-> (pending)[i]]]),
                  yielded_net0 = BagCardinality((net)[srv])
                ) {
                  await ((batch) # (<<>>)) /\ (((yielded_net0) = (0)) \/ ((Len(pending)) >= (MaxBatch)));
                  with (value31 = [cmd |-> LogConcat, entries |-> batch]) {
                    if (((value31).cmd) = (LogConcat)) {
                      plog := [plog EXCEPT ![srv] = ((plog)[srv]) \o ((value31).entries)];
                      pending := <<>>;
                      newEntries := batch;
                      skip;
                      goto serverLoop;
                    } else {
                      if (((value31).cmd) = (LogPop)) {
                        plog := [plog EXCEPT ![srv] = SubSeq((plog)[srv], 1, (Len((plog)[srv])) - ((value31).cnt))];
                        pending := <<>>;
                        newEntries := batch;
                        skip;
                        goto serverLoop;
                      } else {
                        pending := <<>>;
                        newEntries := batch;
                        skip;
                        goto serverLoop;
                      };
                    };
                  };
                };
              } or {
                await (((state)[srv]) # (Leader)) /\ ((pending) # (<<>>));
                pending := <<>>;
                skip;
                goto serverLoop;
              };
            };
          };
        };
      } else {
        goto Done;
      };
  }

  process (RequestVote \in KindProcs(1))
    variables srv0 = ServerOfProc(self);
  {
    electionLoop:
      if (TRUE) {
        await (alive)[self];
        either {
          with (
            yielded_timer = TRUE,
            fired = yielded_timer
          ) {
            if ((fired) /\ (((state)[srv0]) # (Leader))) {
              hardState := [hardState EXCEPT ![srv0] = [term |-> (((hardState)[srv0]).term) + (1), votedFor |-> srv0]];
              state := [state EXCEPT ![srv0] = Candidate];
              leader := [leader EXCEPT ![srv0] = Nil];
              votesResponded := [votesResponded EXCEPT ![srv0] = {srv0}];
              votesGranted := [votesGranted EXCEPT ![srv0] = {srv0}];
              with (
                value32 = TRUE,
                sig1 = [sig EXCEPT ![<<srv0, ElectionSig>>] = (sig)[<<srv0, ElectionSig>>]],
                value33 = TRUE
              ) {
                sig := [sig1 EXCEPT ![<<srv0, LeaderSig>>] = (sig1)[<<srv0, LeaderSig>>]];
                goto electionLoop;
              };
            } else {
              goto electionLoop;
            };
          };
        } or {
          with (
            yielded_timer = FALSE,
            fired = yielded_timer
          ) {
            if ((fired) /\ (((state)[srv0]) # (Leader))) {
              hardState := [hardState EXCEPT ![srv0] = [term |-> (((hardState)[srv0]).term) + (1), votedFor |-> srv0]];
              state := [state EXCEPT ![srv0] = Candidate];
              leader := [leader EXCEPT ![srv0] = Nil];
              votesResponded := [votesResponded EXCEPT ![srv0] = {srv0}];
              votesGranted := [votesGranted EXCEPT ![srv0] = {srv0}];
              with (
                value32 = TRUE,
                sig2 = [sig EXCEPT ![<<srv0, ElectionSig>>] = (sig)[<<srv0, ElectionSig>>]],
                value33 = TRUE
              ) {
                sig := [sig2 EXCEPT ![<<srv0, LeaderSig>>] = (sig2)[<<srv0, LeaderSig>>]];
                goto electionLoop;
              };
            } else {
              goto electionLoop;
            };
          };
        };
      } else {
        goto Done;
      };
  }

  process (BecomeLeader \in KindProcs(2))
    variables srv1 = ServerOfProc(self);
  {
    leaderLoop:
      if (TRUE) {
        await (alive)[self];
        with (yielded_sig = TRUE) {
          await yielded_sig;
          if ((((state)[srv1]) = (Candidate)) /\ (IsQuorum((votesGranted)[srv1]))) {
            state := [state EXCEPT ![srv1] = Leader];
            leader := [leader EXCEPT ![srv1] = srv1];
            nextIndex := [nextIndex EXCEPT ![srv1] = [j \in Servers |-> (Len((log)[srv1])) + (1)]];
            matchIndex := [matchIndex EXCEPT ![srv1] = [j \in Servers |-> 0]];
            with (value34 = {[term |-> ((hardState)[srv1]).term, server |-> srv1]}) {
              elected := (elected) \cup (value34);
              with (value35 = TRUE) {
                sig := [sig EXCEPT ![<<srv1, ReplicateSig>>] = (sig)[<<srv1, ReplicateSig>>]];
                goto leaderLoop;
              };
            };
          } else {
            goto leaderLoop;
          };
        };
      } else {
        goto Done;
      };
  }

  process (AdvanceCommitIndex \in KindProcs(3))
    variables srv2 = ServerOfProc(self); sm = InitSM; lastApplied = 0;
  {
    commitLoop:
      if (TRUE) {
        await (alive)[self];
        with (yielded_sig0 = TRUE) {
          await yielded_sig0;
          if ((lastApplied) < ((commitIndex)[srv2])) {
            with (e = ((log)[srv2])[(lastApplied) + (1)]) {
              if ((((state)[srv2]) = (Leader)) /\ ((((e).cmd).type) # (NoopCmd))) {
                either {
                  with (value36 = [mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm, e), mleaderHint |-> srv2, msource |-> srv2, mdest |-> ((e).cmd).client]) {
                    either {
                      net := [net EXCEPT ![([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm, e), mleaderHint |-> srv2, msource |-> srv2, mdest |-> ((e).cmd).client]).mdest] = ((net)[([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm, e), mleaderHint |-> srv2, msource |-> srv2, mdest |-> ((e).cmd).client]).mdest]) (+) (SetToBag({value36}))];
                    } or {
                      net := [net EXCEPT ![([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm, e), mleaderHint |-> srv2, msource |-> srv2, mdest |-> ((e).cmd).client]).mdest] = (net)[([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm, e), mleaderHint |-> srv2, msource |-> srv2, mdest |-> ((e).cmd).client]).mdest]];
                    };
                  };
                } or {
                  either {
                    with (yielded_fdVar10 = TRUE) {
                      await yielded_fdVar10;
                    };
                  } or {
                    with (yielded_fdVar10 = FALSE) {
                      await yielded_fdVar10;
                    };
                  };
                };
              };
              sm := ApplyEntry(sm, e);
              lastApplied := (lastApplied) + (1);
              goto commitLoop;
            };
          } else {
            if (((state)[srv2]) = (Leader)) {
              with (
                t = ((hardState)[srv2]).term,
                l = (log)[srv2],
                ci = (commitIndex)[srv2],
                mi = (matchIndex)[srv2],
                agreed = {i \in ((ci) + (1)) .. (Len(l)) : ((((l)[i]).term) = (t)) /\ (IsQuorum(({srv2}) \cup ({j \in Servers : ((mi)[j]) >= (i)})))}
              ) {
                if ((agreed) # ({})) {
                  commitIndex := [commitIndex EXCEPT ![srv2] = SetMax(agreed)];
                  with (value37 = {[index |-> i, term |-> t, entry |-> (l)[i]] : i \in ((ci) + (1)) .. (SetMax(agreed))}) {
                    committed := (committed) \cup ({r \in value37 : ~ (\E c \in committed : (((c).index) = ((r).index)) /\ (((c).entry) = ((r).entry)))});
                    goto commitLoop;
                  };
                } else {
                  goto commitLoop;
                };
              };
            } else {
              goto commitLoop;
            };
          };
        };
      } else {
        goto Done;
      };
  }

  process (Sender \in SenderProcs)
    variables srv3 = ServerOfProc(self); peer = PeerOfProc(self);
  {
    sendLoop:
      if (TRUE) {
        await (alive)[self];
        with (yielded_sig1 = TRUE) {
          await yielded_sig1;
          with (
            st = (state)[srv3],
            t = ((hardState)[srv3]).term,
            l = (log)[srv3]
          ) {
            if ((st) = (Leader)) {
              with (
                ni = ((nextIndex)[srv3])[peer],
                prev = (ni) - (1)
              ) {
                either {
                  with (value38 = [mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3], msource |-> srv3, mdest |-> peer]) {
                    either {
                      net := [net EXCEPT ![([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3], msource |-> srv3, mdest |-> peer]).mdest] = ((net)[([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3], msource |-> srv3, mdest |-> peer]).mdest]) (+) (SetToBag({value38}))];
                    } or {
                      net := [net EXCEPT ![([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3], msource |-> srv3, mdest |-> peer]).mdest] = (net)[([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3], msource |-> srv3, mdest |-> peer]).mdest]];
                    };
                    goto sendLoop;
                  };
                } or {
                  either {
                    with (yielded_fdVar11 = TRUE) {
                      await yielded_fdVar11;
                    };
                  } or {
                    with (yielded_fdVar11 = FALSE) {
                      await yielded_fdVar11;
                    };
                  };
                  goto sendLoop;
                };
              };
            } else {
              if (((st) = (Candidate)) /\ ((peer) \notin ((votesResponded)[srv3]))) {
                either {
                  with (value39 = [mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3, mdest |-> peer]) {
                    either {
                      net := [net EXCEPT ![([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3, mdest |-> peer]).mdest] = ((net)[([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3, mdest |-> peer]).mdest]) (+) (SetToBag({value39}))];
                    } or {
                      net := [net EXCEPT ![([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3, mdest |-> peer]).mdest] = (net)[([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3, mdest |-> peer]).mdest]];
                    };
                    goto sendLoop;
                  };
                } or {
                  either {
                    with (yielded_fdVar12 = TRUE) {
                      await yielded_fdVar12;
                    };
                  } or {
                    with (yielded_fdVar12 = FALSE) {
                      await yielded_fdVar12;
                    };
                  };
                  goto sendLoop;
                };
              } else {
                goto sendLoop;
              };
            };
          };
        };
      } else {
        goto Done;
      };
  }

  process (Client \in Clients)
    variables leaderGuess = 1; req = Nil; curReqId = 0;
  {
    clientLoop:
      if (TRUE) {
        await (Len((reqQueue)[self])) > (0);
        with (v0 = Head((reqQueue)[self])) {
          reqQueue := [reqQueue EXCEPT ![self] = Tail((reqQueue)[self])];
          with (yielded_reqQueue = v0) {
            req := yielded_reqQueue;
            curReqId := (curReqId) + (1);
            goto sendReq;
          };
        };
      } else {
        goto Done;
      };
    sendReq:
      either {
        with (value40 = [mtype |-> ClientRequest, mcmd |-> [type |-> (req).type, key |-> (req).key, value |-> (req).value, client |-> self, reqId |-> curReqId], msource |-> self, mdest |-> leaderGuess]) {
          either {
            net := [net EXCEPT ![([mtype |-> ClientRequest, mcmd |-> [type |-> (req).type, key |-> (req).key, value |-> (req).value, client |-> self, reqId |-> curReqId], msource |-> self, mdest |-> leaderGuess]).mdest] = ((net)[([mtype |-> ClientRequest, mcmd |-> [type |-> (req).type, key |-> (req).key, value |-> (req).value, client |-> self, reqId |-> curReqId], msource |-> self, mdest |-> leaderGuess]).mdest]) (+) (SetToBag({value40}))];
          } or {
            net := [net EXCEPT ![([mtype |-> ClientRequest, mcmd |-> [type |-> (req).type, key |-> (req).key, value |-> (req).value, client |-> self, reqId |-> curReqId], msource |-> self, mdest |-> leaderGuess]).mdest] = (net)[([mtype |-> ClientRequest, mcmd |-> [type |-> (req).type, key |-> (req).key, value |-> (req).value, client |-> self, reqId |-> curReqId], msource |-> self, mdest |-> leaderGuess]).mdest]];
          };
          goto awaitResp;
        };
      } or {
        either {
          with (yielded_fdVar13 = TRUE) {
            await yielded_fdVar13;
          };
        } or {
          with (yielded_fdVar13 = FALSE) {
            await yielded_fdVar13;
          };
        };
        goto awaitResp;
      };
    awaitResp:
      either {
        await ((net)[self]) # (EmptyBag);
        with (m1 \in BagToSet((net)[self])) {
          net := [net EXCEPT ![self] = ((net)[self]) (-) (SetToBag({m1}))];
          with (
            yielded_net1 = m1,
            m = yielded_net1
          ) {
            if (((m).mreqId) = (curReqId)) {
              if ((m).msuccess) {
                with (value41 = (m).mresponse) {
                  respHist := [respHist EXCEPT ![self] = Append((respHist)[self], value41)];
                  goto clientLoop;
                };
              } else {
                leaderGuess := IF ((m).mleaderHint) # (Nil) THEN (m).mleaderHint ELSE NextServer(leaderGuess);
                goto sendReq;
              };
            } else {
              goto awaitResp;
            };
          };
        };
      } or {
        await ((clientTimeout)[self]) > (0);
        clientTimeout := [clientTimeout EXCEPT ![self] = ((clientTimeout)[self]) - (1)];
        with (yielded_clientTimeout = TRUE) {
          await yielded_clientTimeout;
          leaderGuess := NextServer(leaderGuess);
          goto sendReq;
        };
      };
  }
}

\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
VARIABLES pc, net, fdVar, alive, up, incarnation, crashes, hardState, plog, 
          log, state, leader, commitIndex, nextIndex, matchIndex, 
          votesResponded, votesGranted, timer, sig, reqQueue, respHist, 
          clientTimeout, elected, committed, srv, pending, deferred, out, 
          popCnt, newEntries, newCommit, srv0, srv1, srv2, sm, lastApplied, 
          srv3, peer, leaderGuess, req, curReqId

vars == << pc, net, fdVar, alive, up, incarnation, crashes, hardState, plog, 
           log, state, leader, commitIndex, nextIndex, matchIndex, 
           votesResponded, votesGranted, timer, sig, reqQueue, respHist, 
           clientTimeout, elected, committed, srv, pending, deferred, out, 
           popCnt, newEntries, newCommit, srv0, srv1, srv2, sm, lastApplied, 
           srv3, peer, leaderGuess, req, curReqId >>

ProcSet == {0} \cup (KindProcs(0)) \cup (KindProcs(1)) \cup (KindProcs(2)) \cup (KindProcs(3)) \cup (SenderProcs) \cup (Clients)

Init == (* Global variables *)
        /\ net = [i \in NetIds |-> EmptyBag]
        /\ fdVar = [i \in NetIds |-> FALSE]
        /\ alive = [p \in ServerProcs |-> (IncOfProc(p)) = (0)]
        /\ up = [s \in Servers |-> TRUE]
        /\ incarnation = [s \in Servers |-> 0]
        /\ crashes = 0
        /\ hardState = [s \in Servers |-> [term |-> 0, votedFor |-> Nil]]
        /\ plog = [s \in Servers |-> <<>>]
        /\ log = [s \in Servers |-> <<>>]
        /\ state = [s \in Servers |-> Follower]
        /\ leader = [s \in Servers |-> Nil]
        /\ commitIndex = [s \in Servers |-> 0]
        /\ nextIndex = [s \in Servers |-> [j \in Servers |-> 1]]
        /\ matchIndex = [s \in Servers |-> [j \in Servers |-> 0]]
        /\ votesResponded = [s \in Servers |-> {}]
        /\ votesGranted = [s \in Servers |-> {}]
        /\ timer = [s \in Servers |-> LeaderTimeoutReset]
        /\ sig = [x \in SigIds |-> TRUE]
        /\ reqQueue = [c \in Clients |-> ClientOps(c)]
        /\ respHist = [c \in Clients |-> <<>>]
        /\ clientTimeout = [c \in Clients |-> MaxClientTimeouts]
        /\ elected = {}
        /\ committed = {}
        (* Process Handler *)
        /\ srv = [self \in KindProcs(0) |-> ServerOfProc(self)]
        /\ pending = [self \in KindProcs(0) |-> <<>>]
        /\ deferred = [self \in KindProcs(0) |-> NoMsg]
        /\ out = [self \in KindProcs(0) |-> NoMsg]
        /\ popCnt = [self \in KindProcs(0) |-> 0]
        /\ newEntries = [self \in KindProcs(0) |-> <<>>]
        /\ newCommit = [self \in KindProcs(0) |-> 0]
        (* Process RequestVote *)
        /\ srv0 = [self \in KindProcs(1) |-> ServerOfProc(self)]
        (* Process BecomeLeader *)
        /\ srv1 = [self \in KindProcs(2) |-> ServerOfProc(self)]
        (* Process AdvanceCommitIndex *)
        /\ srv2 = [self \in KindProcs(3) |-> ServerOfProc(self)]
        /\ sm = [self \in KindProcs(3) |-> InitSM]
        /\ lastApplied = [self \in KindProcs(3) |-> 0]
        (* Process Sender *)
        /\ srv3 = [self \in SenderProcs |-> ServerOfProc(self)]
        /\ peer = [self \in SenderProcs |-> PeerOfProc(self)]
        (* Process Client *)
        /\ leaderGuess = [self \in Clients |-> 1]
        /\ req = [self \in Clients |-> Nil]
        /\ curReqId = [self \in Clients |-> 0]
        /\ pc = [self \in ProcSet |-> CASE self = 0 -> "crashLoop"
                                        [] self \in KindProcs(0) -> "serverLoop"
                                        [] self \in KindProcs(1) -> "electionLoop"
                                        [] self \in KindProcs(2) -> "leaderLoop"
                                        [] self \in KindProcs(3) -> "commitLoop"
                                        [] self \in SenderProcs -> "sendLoop"
                                        [] self \in Clients -> "clientLoop"]

crashLoop == /\ pc[0] = "crashLoop"
             /\ IF TRUE
                   THEN /\ \/ /\ \E s \in {x \in Servers : (up)[x]}:
                                   /\ (crashes) < (MaxCrashes)
                                   /\ crashes' = (crashes) + (1)
                                   /\ up' = [up EXCEPT ![s] = FALSE]
                                   /\ alive' = [p \in DOMAIN (alive) |-> IF (ServerOfProc(p)) = (s) THEN FALSE ELSE (alive)[p]]
                                   /\ state' = [state EXCEPT ![s] = Follower]
                                   /\ leader' = [leader EXCEPT ![s] = Nil]
                                   /\ log' = [log EXCEPT ![s] = <<>>]
                                   /\ commitIndex' = [commitIndex EXCEPT ![s] = 0]
                                   /\ nextIndex' = [nextIndex EXCEPT ![s] = [j \in Servers |-> 1]]
                                   /\ matchIndex' = [matchIndex EXCEPT ![s] = [j \in Servers |-> 0]]
                                   /\ votesResponded' = [votesResponded EXCEPT ![s] = {}]
                                   /\ votesGranted' = [votesGranted EXCEPT ![s] = {}]
                                   /\ pc' = [pc EXCEPT ![0] = "crashLoop"]
                              /\ UNCHANGED incarnation
                           \/ /\ \E s \in {x \in Servers : ~ ((up)[x])}:
                                   LET k == ((incarnation)[s]) + (1) IN
                                     /\ up' = [up EXCEPT ![s] = TRUE]
                                     /\ incarnation' = [incarnation EXCEPT ![s] = k]
                                     /\ alive' = [p \in DOMAIN (alive) |-> IF ((ServerOfProc(p)) = (s)) /\ ((IncOfProc(p)) = (k)) THEN TRUE ELSE (alive)[p]]
                                     /\ log' = [log EXCEPT ![s] = (plog)[s]]
                                     /\ pc' = [pc EXCEPT ![0] = "crashLoop"]
                              /\ UNCHANGED <<crashes, state, leader, 
                                             commitIndex, nextIndex, 
                                             matchIndex, votesResponded, 
                                             votesGranted>>
                   ELSE /\ pc' = [pc EXCEPT ![0] = "Done"]
                        /\ UNCHANGED << alive, up, incarnation, crashes, log, 
                                        state, leader, commitIndex, nextIndex, 
                                        matchIndex, votesResponded, 
                                        votesGranted >>
             /\ UNCHANGED << net, fdVar, hardState, plog, timer, sig, reqQueue, 
                             respHist, clientTimeout, elected, committed, srv, 
                             pending, deferred, out, popCnt, newEntries, 
                             newCommit, srv0, srv1, srv2, sm, lastApplied, 
                             srv3, peer, leaderGuess, req, curReqId >>

Crasher == crashLoop

serverLoop(self) == /\ pc[self] = "serverLoop"
                    /\ IF TRUE
                          THEN /\ (alive)[self]
                               /\ IF (out[self]) # (NoMsg)
                                     THEN /\ IF ((popCnt[self]) > (0)) \/ ((newEntries[self]) # (<<>>))
                                                THEN /\ log' = [log EXCEPT ![srv[self]] = ((log)[srv[self]]) \o (newEntries[self])]
                                                     /\ IF (newCommit[self]) > ((commitIndex)[srv[self]])
                                                           THEN /\ commitIndex' = [commitIndex EXCEPT ![srv[self]] = newCommit[self]]
                                                                /\ LET value0 == TRUE IN
                                                                     /\ sig' = [sig EXCEPT ![<<srv[self], CommitSig>>] = (sig)[<<srv[self], CommitSig>>]]
                                                                     /\ \/ /\ LET value1 == out[self] IN
                                                                                \/ /\ net' = [net EXCEPT ![(out[self]).mdest] = ((net)[(out[self]).mdest]) (+) (SetToBag({value1}))]
                                                                                   /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                   /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                   /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                   /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                   /\ TRUE
                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                \/ /\ net' = [net EXCEPT ![(out[self]).mdest] = (net)[(out[self]).mdest]]
                                                                                   /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                   /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                   /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                   /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                   /\ TRUE
                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                        \/ /\ \/ /\ LET yielded_fdVar == TRUE IN
                                                                                      /\ yielded_fdVar
                                                                                      /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                      /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                      /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                      /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                      /\ TRUE
                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                              \/ /\ LET yielded_fdVar == FALSE IN
                                                                                      /\ yielded_fdVar
                                                                                      /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                      /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                      /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                      /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                      /\ TRUE
                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                           /\ net' = net
                                                           ELSE /\ \/ /\ LET value1 == out[self] IN
                                                                           \/ /\ net' = [net EXCEPT ![(out[self]).mdest] = ((net)[(out[self]).mdest]) (+) (SetToBag({value1}))]
                                                                              /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                              /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                              /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                              /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                              /\ TRUE
                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                           \/ /\ net' = [net EXCEPT ![(out[self]).mdest] = (net)[(out[self]).mdest]]
                                                                              /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                              /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                              /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                              /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                              /\ TRUE
                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                   \/ /\ \/ /\ LET yielded_fdVar == TRUE IN
                                                                                 /\ yielded_fdVar
                                                                                 /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                 /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                 /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                 /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                 /\ TRUE
                                                                                 /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                         \/ /\ LET yielded_fdVar == FALSE IN
                                                                                 /\ yielded_fdVar
                                                                                 /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                 /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                 /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                 /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                 /\ TRUE
                                                                                 /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                      /\ net' = net
                                                                /\ UNCHANGED << commitIndex, 
                                                                                sig >>
                                                ELSE /\ IF (newCommit[self]) > ((commitIndex)[srv[self]])
                                                           THEN /\ commitIndex' = [commitIndex EXCEPT ![srv[self]] = newCommit[self]]
                                                                /\ LET value0 == TRUE IN
                                                                     /\ sig' = [sig EXCEPT ![<<srv[self], CommitSig>>] = (sig)[<<srv[self], CommitSig>>]]
                                                                     /\ \/ /\ LET value1 == out[self] IN
                                                                                \/ /\ net' = [net EXCEPT ![(out[self]).mdest] = ((net)[(out[self]).mdest]) (+) (SetToBag({value1}))]
                                                                                   /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                   /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                   /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                   /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                   /\ TRUE
                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                \/ /\ net' = [net EXCEPT ![(out[self]).mdest] = (net)[(out[self]).mdest]]
                                                                                   /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                   /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                   /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                   /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                   /\ TRUE
                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                        \/ /\ \/ /\ LET yielded_fdVar == TRUE IN
                                                                                      /\ yielded_fdVar
                                                                                      /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                      /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                      /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                      /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                      /\ TRUE
                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                              \/ /\ LET yielded_fdVar == FALSE IN
                                                                                      /\ yielded_fdVar
                                                                                      /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                      /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                      /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                      /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                      /\ TRUE
                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                           /\ net' = net
                                                           ELSE /\ \/ /\ LET value1 == out[self] IN
                                                                           \/ /\ net' = [net EXCEPT ![(out[self]).mdest] = ((net)[(out[self]).mdest]) (+) (SetToBag({value1}))]
                                                                              /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                              /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                              /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                              /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                              /\ TRUE
                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                           \/ /\ net' = [net EXCEPT ![(out[self]).mdest] = (net)[(out[self]).mdest]]
                                                                              /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                              /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                              /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                              /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                              /\ TRUE
                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                   \/ /\ \/ /\ LET yielded_fdVar == TRUE IN
                                                                                 /\ yielded_fdVar
                                                                                 /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                 /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                 /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                 /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                 /\ TRUE
                                                                                 /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                         \/ /\ LET yielded_fdVar == FALSE IN
                                                                                 /\ yielded_fdVar
                                                                                 /\ out' = [out EXCEPT ![self] = NoMsg]
                                                                                 /\ popCnt' = [popCnt EXCEPT ![self] = 0]
                                                                                 /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                                                 /\ newCommit' = [newCommit EXCEPT ![self] = 0]
                                                                                 /\ TRUE
                                                                                 /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                      /\ net' = net
                                                                /\ UNCHANGED << commitIndex, 
                                                                                sig >>
                                                     /\ log' = log
                                          /\ UNCHANGED << hardState, plog, 
                                                          state, leader, 
                                                          nextIndex, 
                                                          matchIndex, 
                                                          votesResponded, 
                                                          votesGranted, timer, 
                                                          pending, deferred >>
                                     ELSE /\ IF (newEntries[self]) # (<<>>)
                                                THEN /\ log' = [log EXCEPT ![srv[self]] = ((log)[srv[self]]) \o (newEntries[self])]
                                                     /\ newEntries' = [newEntries EXCEPT ![self] = <<>>]
                                                     /\ LET value2 == TRUE IN
                                                          LET sig0 == [sig EXCEPT ![<<srv[self], ReplicateSig>>] = (sig)[<<srv[self], ReplicateSig>>]] IN
                                                            LET value3 == TRUE IN
                                                              /\ sig' = [sig0 EXCEPT ![<<srv[self], CommitSig>>] = (sig0)[<<srv[self], CommitSig>>]]
                                                              /\ TRUE
                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                     /\ UNCHANGED << net, 
                                                                     hardState, 
                                                                     plog, 
                                                                     state, 
                                                                     leader, 
                                                                     commitIndex, 
                                                                     nextIndex, 
                                                                     matchIndex, 
                                                                     votesResponded, 
                                                                     votesGranted, 
                                                                     timer, 
                                                                     pending, 
                                                                     deferred, 
                                                                     out, 
                                                                     popCnt, 
                                                                     newCommit >>
                                                ELSE /\ IF (deferred[self]) # (NoMsg)
                                                           THEN /\ LET msg == deferred[self] IN
                                                                     /\ deferred' = [deferred EXCEPT ![self] = NoMsg]
                                                                     /\ IF ((msg).mtype) = (RequestVoteRequest)
                                                                           THEN /\ LET hs0 == (hardState)[srv[self]] IN
                                                                                     LET grant0 == ((((msg).mterm) = ((hs0).term)) /\ (LogUpToDate((msg).mlastLogTerm, (msg).mlastLogIndex, (log)[srv[self]]))) /\ (((hs0).votedFor) \in ({Nil, (msg).msource})) IN
                                                                                       LET reply0 == [mtype |-> RequestVoteResponse, mterm |-> (hs0).term, mvoteGranted |-> grant0, msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                         IF (grant0) /\ (((hs0).votedFor) = (Nil))
                                                                                            THEN /\ hardState' = [hardState EXCEPT ![srv[self]] = [term |-> (hs0).term, votedFor |-> (msg).msource]]
                                                                                                 /\ LET value4 == LeaderTimeoutReset IN
                                                                                                      /\ timer' = [timer EXCEPT ![srv[self]] = value4]
                                                                                                      /\ out' = [out EXCEPT ![self] = reply0]
                                                                                                      /\ TRUE
                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                 /\ net' = net
                                                                                            ELSE /\ \/ /\ LET value5 == reply0 IN
                                                                                                            \/ /\ net' = [net EXCEPT ![(reply0).mdest] = ((net)[(reply0).mdest]) (+) (SetToBag({value5}))]
                                                                                                               /\ TRUE
                                                                                                               /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                            \/ /\ net' = [net EXCEPT ![(reply0).mdest] = (net)[(reply0).mdest]]
                                                                                                               /\ TRUE
                                                                                                               /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                    \/ /\ \/ /\ LET yielded_fdVar0 == TRUE IN
                                                                                                                  /\ yielded_fdVar0
                                                                                                                  /\ TRUE
                                                                                                                  /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                          \/ /\ LET yielded_fdVar0 == FALSE IN
                                                                                                                  /\ yielded_fdVar0
                                                                                                                  /\ TRUE
                                                                                                                  /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                       /\ net' = net
                                                                                                 /\ UNCHANGED << hardState, 
                                                                                                                 timer, 
                                                                                                                 out >>
                                                                                /\ UNCHANGED << plog, 
                                                                                                state, 
                                                                                                leader, 
                                                                                                commitIndex, 
                                                                                                nextIndex, 
                                                                                                matchIndex, 
                                                                                                votesResponded, 
                                                                                                votesGranted, 
                                                                                                sig, 
                                                                                                pending, 
                                                                                                popCnt, 
                                                                                                newEntries, 
                                                                                                newCommit >>
                                                                           ELSE /\ IF ((msg).mtype) = (RequestVoteResponse)
                                                                                      THEN /\ IF (((msg).mterm) = (((hardState)[srv[self]]).term)) /\ (((state)[srv[self]]) = (Candidate))
                                                                                                 THEN /\ votesResponded' = [votesResponded EXCEPT ![srv[self]] = ((votesResponded)[srv[self]]) \cup ({(msg).msource})]
                                                                                                      /\ IF (msg).mvoteGranted
                                                                                                            THEN /\ votesGranted' = [votesGranted EXCEPT ![srv[self]] = ((votesGranted)[srv[self]]) \cup ({(msg).msource})]
                                                                                                                 /\ LET value6 == TRUE IN
                                                                                                                      /\ sig' = [sig EXCEPT ![<<srv[self], LeaderSig>>] = (sig)[<<srv[self], LeaderSig>>]]
                                                                                                                      /\ TRUE
                                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                            ELSE /\ TRUE
                                                                                                                 /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                 /\ UNCHANGED << votesGranted, 
                                                                                                                                 sig >>
                                                                                                 ELSE /\ TRUE
                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                      /\ UNCHANGED << votesResponded, 
                                                                                                                      votesGranted, 
                                                                                                                      sig >>
                                                                                           /\ UNCHANGED << net, 
                                                                                                           plog, 
                                                                                                           state, 
                                                                                                           leader, 
                                                                                                           commitIndex, 
                                                                                                           nextIndex, 
                                                                                                           matchIndex, 
                                                                                                           timer, 
                                                                                                           pending, 
                                                                                                           out, 
                                                                                                           popCnt, 
                                                                                                           newEntries, 
                                                                                                           newCommit >>
                                                                                      ELSE /\ IF ((msg).mtype) = (AppendEntriesRequest)
                                                                                                 THEN /\ LET hs1 == (hardState)[srv[self]] IN
                                                                                                           LET l0 == (log)[srv[self]] IN
                                                                                                             IF ((msg).mterm) < ((hs1).term)
                                                                                                                THEN /\ \/ /\ LET value7 == [mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                                                \/ /\ net' = [net EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource]).mdest] = ((net)[([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value7}))]
                                                                                                                                   /\ TRUE
                                                                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                \/ /\ net' = [net EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource]).mdest] = (net)[([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource]).mdest]]
                                                                                                                                   /\ TRUE
                                                                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                        \/ /\ \/ /\ LET yielded_fdVar1 == TRUE IN
                                                                                                                                      /\ yielded_fdVar1
                                                                                                                                      /\ TRUE
                                                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                              \/ /\ LET yielded_fdVar1 == FALSE IN
                                                                                                                                      /\ yielded_fdVar1
                                                                                                                                      /\ TRUE
                                                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                           /\ net' = net
                                                                                                                     /\ UNCHANGED << plog, 
                                                                                                                                     state, 
                                                                                                                                     leader, 
                                                                                                                                     commitIndex, 
                                                                                                                                     timer, 
                                                                                                                                     sig, 
                                                                                                                                     out, 
                                                                                                                                     popCnt, 
                                                                                                                                     newEntries, 
                                                                                                                                     newCommit >>
                                                                                                                ELSE /\ state' = [state EXCEPT ![srv[self]] = Follower]
                                                                                                                     /\ leader' = [leader EXCEPT ![srv[self]] = (msg).msource]
                                                                                                                     /\ LET value8 == LeaderTimeoutReset IN
                                                                                                                          /\ timer' = [timer EXCEPT ![srv[self]] = value8]
                                                                                                                          /\ LET prev0 == (msg).mprevLogIndex IN
                                                                                                                               LET logOk0 == ((prev0) = (0)) \/ (((prev0) <= (Len(l0))) /\ ((((l0)[prev0]).term) = ((msg).mprevLogTerm))) IN
                                                                                                                                 IF ~ (logOk0)
                                                                                                                                    THEN /\ \/ /\ LET value9 == [mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                                                                    \/ /\ net' = [net EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv[self], mdest |-> (msg).msource]).mdest] = ((net)[([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv[self], mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value9}))]
                                                                                                                                                       /\ TRUE
                                                                                                                                                       /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                    \/ /\ net' = [net EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv[self], mdest |-> (msg).msource]).mdest] = (net)[([mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> FALSE, mmatchIndex |-> Len(l0), msource |-> srv[self], mdest |-> (msg).msource]).mdest]]
                                                                                                                                                       /\ TRUE
                                                                                                                                                       /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                            \/ /\ \/ /\ LET yielded_fdVar2 == TRUE IN
                                                                                                                                                          /\ yielded_fdVar2
                                                                                                                                                          /\ TRUE
                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                  \/ /\ LET yielded_fdVar2 == FALSE IN
                                                                                                                                                          /\ yielded_fdVar2
                                                                                                                                                          /\ TRUE
                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                               /\ net' = net
                                                                                                                                         /\ UNCHANGED << plog, 
                                                                                                                                                         commitIndex, 
                                                                                                                                                         sig, 
                                                                                                                                                         out, 
                                                                                                                                                         popCnt, 
                                                                                                                                                         newEntries, 
                                                                                                                                                         newCommit >>
                                                                                                                                    ELSE /\ LET pop0 == PopCount(l0, prev0, (msg).mentries) IN
                                                                                                                                              LET new0 == NewEntries(l0, prev0, (msg).mentries) IN
                                                                                                                                                LET lastNew0 == (prev0) + (Len((msg).mentries)) IN
                                                                                                                                                  LET reply1 == [mtype |-> AppendEntriesResponse, mterm |-> (hs1).term, msuccess |-> TRUE, mmatchIndex |-> lastNew0, msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                                                                    IF ((pop0) > (0)) \/ ((new0) # (<<>>))
                                                                                                                                                       THEN /\ IF (pop0) > (0)
                                                                                                                                                                  THEN /\ LET value10 == [cmd |-> LogPop, cnt |-> pop0] IN
                                                                                                                                                                            IF ((value10).cmd) = (LogConcat)
                                                                                                                                                                               THEN /\ LET plog0 == [plog EXCEPT ![srv[self]] = ((plog)[srv[self]]) \o ((value10).entries)] IN
                                                                                                                                                                                         IF (new0) # (<<>>)
                                                                                                                                                                                            THEN /\ LET value11 == [cmd |-> LogConcat, entries |-> new0] IN
                                                                                                                                                                                                      IF ((value11).cmd) = (LogConcat)
                                                                                                                                                                                                         THEN /\ plog' = [plog0 EXCEPT ![srv[self]] = ((plog0)[srv[self]]) \o ((value11).entries)]
                                                                                                                                                                                                              /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                              /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                              /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                              /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                              /\ TRUE
                                                                                                                                                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                         ELSE /\ IF ((value11).cmd) = (LogPop)
                                                                                                                                                                                                                    THEN /\ plog' = [plog0 EXCEPT ![srv[self]] = SubSeq((plog0)[srv[self]], 1, (Len((plog0)[srv[self]])) - ((value11).cnt))]
                                                                                                                                                                                                                         /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                                         /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                                         /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                                         /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                                         /\ TRUE
                                                                                                                                                                                                                         /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                    ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                                         /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                                         /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                                         /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                                         /\ TRUE
                                                                                                                                                                                                                         /\ plog' = plog0
                                                                                                                                                                                                                         /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                            ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                 /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                 /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                 /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                 /\ TRUE
                                                                                                                                                                                                 /\ plog' = plog0
                                                                                                                                                                                                 /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                               ELSE /\ IF ((value10).cmd) = (LogPop)
                                                                                                                                                                                          THEN /\ LET plog1 == [plog EXCEPT ![srv[self]] = SubSeq((plog)[srv[self]], 1, (Len((plog)[srv[self]])) - ((value10).cnt))] IN
                                                                                                                                                                                                    IF (new0) # (<<>>)
                                                                                                                                                                                                       THEN /\ LET value11 == [cmd |-> LogConcat, entries |-> new0] IN
                                                                                                                                                                                                                 IF ((value11).cmd) = (LogConcat)
                                                                                                                                                                                                                    THEN /\ plog' = [plog1 EXCEPT ![srv[self]] = ((plog1)[srv[self]]) \o ((value11).entries)]
                                                                                                                                                                                                                         /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                                         /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                                         /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                                         /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                                         /\ TRUE
                                                                                                                                                                                                                         /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                    ELSE /\ IF ((value11).cmd) = (LogPop)
                                                                                                                                                                                                                               THEN /\ plog' = [plog1 EXCEPT ![srv[self]] = SubSeq((plog1)[srv[self]], 1, (Len((plog1)[srv[self]])) - ((value11).cnt))]
                                                                                                                                                                                                                                    /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                                                    /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                                                    /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                                                    /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                                                    /\ TRUE
                                                                                                                                                                                                                                    /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                               ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                                                    /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                                                    /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                                                    /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                                                    /\ TRUE
                                                                                                                                                                                                                                    /\ plog' = plog1
                                                                                                                                                                                                                                    /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                       ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                            /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                            /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                            /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                            /\ TRUE
                                                                                                                                                                                                            /\ plog' = plog1
                                                                                                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                          ELSE /\ IF (new0) # (<<>>)
                                                                                                                                                                                                     THEN /\ LET value11 == [cmd |-> LogConcat, entries |-> new0] IN
                                                                                                                                                                                                               IF ((value11).cmd) = (LogConcat)
                                                                                                                                                                                                                  THEN /\ plog' = [plog EXCEPT ![srv[self]] = ((plog)[srv[self]]) \o ((value11).entries)]
                                                                                                                                                                                                                       /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                                       /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                                       /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                                       /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                                       /\ TRUE
                                                                                                                                                                                                                       /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                  ELSE /\ IF ((value11).cmd) = (LogPop)
                                                                                                                                                                                                                             THEN /\ plog' = [plog EXCEPT ![srv[self]] = SubSeq((plog)[srv[self]], 1, (Len((plog)[srv[self]])) - ((value11).cnt))]
                                                                                                                                                                                                                                  /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                                                  /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                                                  /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                                                  /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                                                  /\ TRUE
                                                                                                                                                                                                                                  /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                             ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                                                  /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                                                  /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                                                  /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                                                  /\ TRUE
                                                                                                                                                                                                                                  /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                                  /\ plog' = plog
                                                                                                                                                                                                     ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                          /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                          /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                          /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                          /\ TRUE
                                                                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                          /\ plog' = plog
                                                                                                                                                                  ELSE /\ IF (new0) # (<<>>)
                                                                                                                                                                             THEN /\ LET value11 == [cmd |-> LogConcat, entries |-> new0] IN
                                                                                                                                                                                       IF ((value11).cmd) = (LogConcat)
                                                                                                                                                                                          THEN /\ plog' = [plog EXCEPT ![srv[self]] = ((plog)[srv[self]]) \o ((value11).entries)]
                                                                                                                                                                                               /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                               /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                               /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                               /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                               /\ TRUE
                                                                                                                                                                                               /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                          ELSE /\ IF ((value11).cmd) = (LogPop)
                                                                                                                                                                                                     THEN /\ plog' = [plog EXCEPT ![srv[self]] = SubSeq((plog)[srv[self]], 1, (Len((plog)[srv[self]])) - ((value11).cnt))]
                                                                                                                                                                                                          /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                          /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                          /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                          /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                          /\ TRUE
                                                                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                     ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                                          /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                                          /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                                          /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                                          /\ TRUE
                                                                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                          /\ plog' = plog
                                                                                                                                                                             ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop0]
                                                                                                                                                                                  /\ newEntries' = [newEntries EXCEPT ![self] = new0]
                                                                                                                                                                                  /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                                  /\ out' = [out EXCEPT ![self] = reply1]
                                                                                                                                                                                  /\ TRUE
                                                                                                                                                                                  /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                  /\ plog' = plog
                                                                                                                                                            /\ UNCHANGED << net, 
                                                                                                                                                                            commitIndex, 
                                                                                                                                                                            sig >>
                                                                                                                                                       ELSE /\ IF (Min((msg).mcommitIndex, lastNew0)) > ((commitIndex)[srv[self]])
                                                                                                                                                                  THEN /\ commitIndex' = [commitIndex EXCEPT ![srv[self]] = Min((msg).mcommitIndex, lastNew0)]
                                                                                                                                                                       /\ LET value12 == TRUE IN
                                                                                                                                                                            /\ sig' = [sig EXCEPT ![<<srv[self], CommitSig>>] = (sig)[<<srv[self], CommitSig>>]]
                                                                                                                                                                            /\ \/ /\ LET value13 == reply1 IN
                                                                                                                                                                                       \/ /\ net' = [net EXCEPT ![(reply1).mdest] = ((net)[(reply1).mdest]) (+) (SetToBag({value13}))]
                                                                                                                                                                                          /\ TRUE
                                                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                       \/ /\ net' = [net EXCEPT ![(reply1).mdest] = (net)[(reply1).mdest]]
                                                                                                                                                                                          /\ TRUE
                                                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                               \/ /\ \/ /\ LET yielded_fdVar3 == TRUE IN
                                                                                                                                                                                             /\ yielded_fdVar3
                                                                                                                                                                                             /\ TRUE
                                                                                                                                                                                             /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                     \/ /\ LET yielded_fdVar3 == FALSE IN
                                                                                                                                                                                             /\ yielded_fdVar3
                                                                                                                                                                                             /\ TRUE
                                                                                                                                                                                             /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                  /\ net' = net
                                                                                                                                                                  ELSE /\ \/ /\ LET value13 == reply1 IN
                                                                                                                                                                                  \/ /\ net' = [net EXCEPT ![(reply1).mdest] = ((net)[(reply1).mdest]) (+) (SetToBag({value13}))]
                                                                                                                                                                                     /\ TRUE
                                                                                                                                                                                     /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                  \/ /\ net' = [net EXCEPT ![(reply1).mdest] = (net)[(reply1).mdest]]
                                                                                                                                                                                     /\ TRUE
                                                                                                                                                                                     /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                          \/ /\ \/ /\ LET yielded_fdVar3 == TRUE IN
                                                                                                                                                                                        /\ yielded_fdVar3
                                                                                                                                                                                        /\ TRUE
                                                                                                                                                                                        /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                \/ /\ LET yielded_fdVar3 == FALSE IN
                                                                                                                                                                                        /\ yielded_fdVar3
                                                                                                                                                                                        /\ TRUE
                                                                                                                                                                                        /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                             /\ net' = net
                                                                                                                                                                       /\ UNCHANGED << commitIndex, 
                                                                                                                                                                                       sig >>
                                                                                                                                                            /\ UNCHANGED << plog, 
                                                                                                                                                                            out, 
                                                                                                                                                                            popCnt, 
                                                                                                                                                                            newEntries, 
                                                                                                                                                                            newCommit >>
                                                                                                      /\ UNCHANGED << nextIndex, 
                                                                                                                      matchIndex, 
                                                                                                                      pending >>
                                                                                                 ELSE /\ IF ((msg).mtype) = (AppendEntriesResponse)
                                                                                                            THEN /\ IF (((msg).mterm) = (((hardState)[srv[self]]).term)) /\ (((state)[srv[self]]) = (Leader))
                                                                                                                       THEN /\ IF (msg).msuccess
                                                                                                                                  THEN /\ nextIndex' = [nextIndex EXCEPT ![srv[self]] = [(nextIndex)[srv[self]] EXCEPT ![(msg).msource] = Max(@, ((msg).mmatchIndex) + (1))]]
                                                                                                                                       /\ matchIndex' = [matchIndex EXCEPT ![srv[self]] = [(matchIndex)[srv[self]] EXCEPT ![(msg).msource] = Max(@, (msg).mmatchIndex)]]
                                                                                                                                       /\ LET value14 == TRUE IN
                                                                                                                                            /\ sig' = [sig EXCEPT ![<<srv[self], CommitSig>>] = (sig)[<<srv[self], CommitSig>>]]
                                                                                                                                            /\ TRUE
                                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                  ELSE /\ nextIndex' = [nextIndex EXCEPT ![srv[self]] = [(nextIndex)[srv[self]] EXCEPT ![(msg).msource] = Max(1, Min((@) - (1), ((msg).mmatchIndex) + (1)))]]
                                                                                                                                       /\ LET value15 == TRUE IN
                                                                                                                                            /\ sig' = [sig EXCEPT ![<<srv[self], (msg).msource>>] = (sig)[<<srv[self], (msg).msource>>]]
                                                                                                                                            /\ TRUE
                                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                       /\ UNCHANGED matchIndex
                                                                                                                       ELSE /\ TRUE
                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                            /\ UNCHANGED << nextIndex, 
                                                                                                                                            matchIndex, 
                                                                                                                                            sig >>
                                                                                                                 /\ UNCHANGED << net, 
                                                                                                                                 pending >>
                                                                                                            ELSE /\ IF ((msg).mtype) = (ClientRequest)
                                                                                                                       THEN /\ IF ((state)[srv[self]]) = (Leader)
                                                                                                                                  THEN /\ pending' = [pending EXCEPT ![self] = Append(pending[self], (msg).mcmd)]
                                                                                                                                       /\ TRUE
                                                                                                                                       /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                       /\ net' = net
                                                                                                                                  ELSE /\ \/ /\ LET value16 == [mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                                                                  \/ /\ net' = [net EXCEPT ![([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource]).mdest] = ((net)[([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value16}))]
                                                                                                                                                     /\ TRUE
                                                                                                                                                     /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                  \/ /\ net' = [net EXCEPT ![([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource]).mdest] = (net)[([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource]).mdest]]
                                                                                                                                                     /\ TRUE
                                                                                                                                                     /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                          \/ /\ \/ /\ LET yielded_fdVar4 == TRUE IN
                                                                                                                                                        /\ yielded_fdVar4
                                                                                                                                                        /\ TRUE
                                                                                                                                                        /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                \/ /\ LET yielded_fdVar4 == FALSE IN
                                                                                                                                                        /\ yielded_fdVar4
                                                                                                                                                        /\ TRUE
                                                                                                                                                        /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                             /\ net' = net
                                                                                                                                       /\ UNCHANGED pending
                                                                                                                       ELSE /\ TRUE
                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                            /\ UNCHANGED << net, 
                                                                                                                                            pending >>
                                                                                                                 /\ UNCHANGED << nextIndex, 
                                                                                                                                 matchIndex, 
                                                                                                                                 sig >>
                                                                                                      /\ UNCHANGED << plog, 
                                                                                                                      state, 
                                                                                                                      leader, 
                                                                                                                      commitIndex, 
                                                                                                                      timer, 
                                                                                                                      out, 
                                                                                                                      popCnt, 
                                                                                                                      newEntries, 
                                                                                                                      newCommit >>
                                                                                           /\ UNCHANGED << votesResponded, 
                                                                                                           votesGranted >>
                                                                                /\ UNCHANGED hardState
                                                           ELSE /\ \/ /\ ((net)[srv[self]]) # (EmptyBag)
                                                                      /\ \E m0 \in BagToSet((net)[srv[self]]):
                                                                           LET net0 == [net EXCEPT ![srv[self]] = ((net)[srv[self]]) (-) (SetToBag({m0}))] IN
                                                                             LET yielded_net == m0 IN
                                                                               LET msg == yielded_net IN
                                                                                 IF (((msg).mtype) # (ClientRequest)) /\ (((msg).mterm) > (((hardState)[srv[self]]).term))
                                                                                    THEN /\ state' = [state EXCEPT ![srv[self]] = Follower]
                                                                                         /\ leader' = [leader EXCEPT ![srv[self]] = Nil]
                                                                                         /\ IF ((msg).mtype) = (RequestVoteRequest)
                                                                                               THEN /\ LET grant == LogUpToDate((msg).mlastLogTerm, (msg).mlastLogIndex, (log)[srv[self]]) IN
                                                                                                         /\ hardState' = [hardState EXCEPT ![srv[self]] = [term |-> (msg).mterm, votedFor |-> IF grant THEN (msg).msource ELSE Nil]]
                                                                                                         /\ IF grant
                                                                                                               THEN /\ LET value17 == LeaderTimeoutReset IN
                                                                                                                         /\ timer' = [timer EXCEPT ![srv[self]] = value17]
                                                                                                                         /\ out' = [out EXCEPT ![self] = [mtype |-> RequestVoteResponse, mterm |-> (msg).mterm, mvoteGranted |-> grant, msource |-> srv[self], mdest |-> (msg).msource]]
                                                                                                                         /\ TRUE
                                                                                                                         /\ net' = net0
                                                                                                                         /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                               ELSE /\ out' = [out EXCEPT ![self] = [mtype |-> RequestVoteResponse, mterm |-> (msg).mterm, mvoteGranted |-> grant, msource |-> srv[self], mdest |-> (msg).msource]]
                                                                                                                    /\ TRUE
                                                                                                                    /\ net' = net0
                                                                                                                    /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                    /\ timer' = timer
                                                                                                    /\ UNCHANGED deferred
                                                                                               ELSE /\ hardState' = [hardState EXCEPT ![srv[self]] = [term |-> (msg).mterm, votedFor |-> Nil]]
                                                                                                    /\ IF ((msg).mtype) = (AppendEntriesRequest)
                                                                                                          THEN /\ deferred' = [deferred EXCEPT ![self] = msg]
                                                                                                               /\ TRUE
                                                                                                               /\ net' = net0
                                                                                                               /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                          ELSE /\ TRUE
                                                                                                               /\ net' = net0
                                                                                                               /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                               /\ UNCHANGED deferred
                                                                                                    /\ UNCHANGED << timer, 
                                                                                                                    out >>
                                                                                         /\ UNCHANGED << plog, 
                                                                                                         commitIndex, 
                                                                                                         nextIndex, 
                                                                                                         matchIndex, 
                                                                                                         votesResponded, 
                                                                                                         votesGranted, 
                                                                                                         sig, 
                                                                                                         pending, 
                                                                                                         popCnt, 
                                                                                                         newEntries, 
                                                                                                         newCommit >>
                                                                                    ELSE /\ IF ((msg).mtype) = (RequestVoteRequest)
                                                                                               THEN /\ LET hs2 == (hardState)[srv[self]] IN
                                                                                                         LET grant1 == ((((msg).mterm) = ((hs2).term)) /\ (LogUpToDate((msg).mlastLogTerm, (msg).mlastLogIndex, (log)[srv[self]]))) /\ (((hs2).votedFor) \in ({Nil, (msg).msource})) IN
                                                                                                           LET reply2 == [mtype |-> RequestVoteResponse, mterm |-> (hs2).term, mvoteGranted |-> grant1, msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                             IF (grant1) /\ (((hs2).votedFor) = (Nil))
                                                                                                                THEN /\ hardState' = [hardState EXCEPT ![srv[self]] = [term |-> (hs2).term, votedFor |-> (msg).msource]]
                                                                                                                     /\ LET value18 == LeaderTimeoutReset IN
                                                                                                                          /\ timer' = [timer EXCEPT ![srv[self]] = value18]
                                                                                                                          /\ out' = [out EXCEPT ![self] = reply2]
                                                                                                                          /\ TRUE
                                                                                                                          /\ net' = net0
                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                ELSE /\ \/ /\ LET value19 == reply2 IN
                                                                                                                                \/ /\ net' = [net0 EXCEPT ![(reply2).mdest] = ((net0)[(reply2).mdest]) (+) (SetToBag({value19}))]
                                                                                                                                   /\ TRUE
                                                                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                \/ /\ net' = [net0 EXCEPT ![(reply2).mdest] = (net0)[(reply2).mdest]]
                                                                                                                                   /\ TRUE
                                                                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                        \/ /\ \/ /\ LET yielded_fdVar5 == TRUE IN
                                                                                                                                      /\ yielded_fdVar5
                                                                                                                                      /\ TRUE
                                                                                                                                      /\ net' = net0
                                                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                              \/ /\ LET yielded_fdVar5 == FALSE IN
                                                                                                                                      /\ yielded_fdVar5
                                                                                                                                      /\ TRUE
                                                                                                                                      /\ net' = net0
                                                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                     /\ UNCHANGED << hardState, 
                                                                                                                                     timer, 
                                                                                                                                     out >>
                                                                                                    /\ UNCHANGED << plog, 
                                                                                                                    state, 
                                                                                                                    leader, 
                                                                                                                    commitIndex, 
                                                                                                                    nextIndex, 
                                                                                                                    matchIndex, 
                                                                                                                    votesResponded, 
                                                                                                                    votesGranted, 
                                                                                                                    sig, 
                                                                                                                    pending, 
                                                                                                                    popCnt, 
                                                                                                                    newEntries, 
                                                                                                                    newCommit >>
                                                                                               ELSE /\ IF ((msg).mtype) = (RequestVoteResponse)
                                                                                                          THEN /\ IF (((msg).mterm) = (((hardState)[srv[self]]).term)) /\ (((state)[srv[self]]) = (Candidate))
                                                                                                                     THEN /\ votesResponded' = [votesResponded EXCEPT ![srv[self]] = ((votesResponded)[srv[self]]) \cup ({(msg).msource})]
                                                                                                                          /\ IF (msg).mvoteGranted
                                                                                                                                THEN /\ votesGranted' = [votesGranted EXCEPT ![srv[self]] = ((votesGranted)[srv[self]]) \cup ({(msg).msource})]
                                                                                                                                     /\ LET value20 == TRUE IN
                                                                                                                                          /\ sig' = [sig EXCEPT ![<<srv[self], LeaderSig>>] = (sig)[<<srv[self], LeaderSig>>]]
                                                                                                                                          /\ TRUE
                                                                                                                                          /\ net' = net0
                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                ELSE /\ TRUE
                                                                                                                                     /\ net' = net0
                                                                                                                                     /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                     /\ UNCHANGED << votesGranted, 
                                                                                                                                                     sig >>
                                                                                                                     ELSE /\ TRUE
                                                                                                                          /\ net' = net0
                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                          /\ UNCHANGED << votesResponded, 
                                                                                                                                          votesGranted, 
                                                                                                                                          sig >>
                                                                                                               /\ UNCHANGED << plog, 
                                                                                                                               state, 
                                                                                                                               leader, 
                                                                                                                               commitIndex, 
                                                                                                                               nextIndex, 
                                                                                                                               matchIndex, 
                                                                                                                               timer, 
                                                                                                                               pending, 
                                                                                                                               out, 
                                                                                                                               popCnt, 
                                                                                                                               newEntries, 
                                                                                                                               newCommit >>
                                                                                                          ELSE /\ IF ((msg).mtype) = (AppendEntriesRequest)
                                                                                                                     THEN /\ LET hs3 == (hardState)[srv[self]] IN
                                                                                                                               LET l1 == (log)[srv[self]] IN
                                                                                                                                 IF ((msg).mterm) < ((hs3).term)
                                                                                                                                    THEN /\ \/ /\ LET value21 == [mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                                                                    \/ /\ net' = [net0 EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource]).mdest] = ((net0)[([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value21}))]
                                                                                                                                                       /\ TRUE
                                                                                                                                                       /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                    \/ /\ net' = [net0 EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource]).mdest] = (net0)[([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> 0, msource |-> srv[self], mdest |-> (msg).msource]).mdest]]
                                                                                                                                                       /\ TRUE
                                                                                                                                                       /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                            \/ /\ \/ /\ LET yielded_fdVar6 == TRUE IN
                                                                                                                                                          /\ yielded_fdVar6
                                                                                                                                                          /\ TRUE
                                                                                                                                                          /\ net' = net0
                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                  \/ /\ LET yielded_fdVar6 == FALSE IN
                                                                                                                                                          /\ yielded_fdVar6
                                                                                                                                                          /\ TRUE
                                                                                                                                                          /\ net' = net0
                                                                                                                                                          /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                         /\ UNCHANGED << plog, 
                                                                                                                                                         state, 
                                                                                                                                                         leader, 
                                                                                                                                                         commitIndex, 
                                                                                                                                                         timer, 
                                                                                                                                                         sig, 
                                                                                                                                                         out, 
                                                                                                                                                         popCnt, 
                                                                                                                                                         newEntries, 
                                                                                                                                                         newCommit >>
                                                                                                                                    ELSE /\ state' = [state EXCEPT ![srv[self]] = Follower]
                                                                                                                                         /\ leader' = [leader EXCEPT ![srv[self]] = (msg).msource]
                                                                                                                                         /\ LET value22 == LeaderTimeoutReset IN
                                                                                                                                              /\ timer' = [timer EXCEPT ![srv[self]] = value22]
                                                                                                                                              /\ LET prev1 == (msg).mprevLogIndex IN
                                                                                                                                                   LET logOk1 == ((prev1) = (0)) \/ (((prev1) <= (Len(l1))) /\ ((((l1)[prev1]).term) = ((msg).mprevLogTerm))) IN
                                                                                                                                                     IF ~ (logOk1)
                                                                                                                                                        THEN /\ \/ /\ LET value23 == [mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                                                                                        \/ /\ net' = [net0 EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv[self], mdest |-> (msg).msource]).mdest] = ((net0)[([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv[self], mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value23}))]
                                                                                                                                                                           /\ TRUE
                                                                                                                                                                           /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                        \/ /\ net' = [net0 EXCEPT ![([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv[self], mdest |-> (msg).msource]).mdest] = (net0)[([mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> FALSE, mmatchIndex |-> Len(l1), msource |-> srv[self], mdest |-> (msg).msource]).mdest]]
                                                                                                                                                                           /\ TRUE
                                                                                                                                                                           /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                \/ /\ \/ /\ LET yielded_fdVar7 == TRUE IN
                                                                                                                                                                              /\ yielded_fdVar7
                                                                                                                                                                              /\ TRUE
                                                                                                                                                                              /\ net' = net0
                                                                                                                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                      \/ /\ LET yielded_fdVar7 == FALSE IN
                                                                                                                                                                              /\ yielded_fdVar7
                                                                                                                                                                              /\ TRUE
                                                                                                                                                                              /\ net' = net0
                                                                                                                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                             /\ UNCHANGED << plog, 
                                                                                                                                                                             commitIndex, 
                                                                                                                                                                             sig, 
                                                                                                                                                                             out, 
                                                                                                                                                                             popCnt, 
                                                                                                                                                                             newEntries, 
                                                                                                                                                                             newCommit >>
                                                                                                                                                        ELSE /\ LET pop1 == PopCount(l1, prev1, (msg).mentries) IN
                                                                                                                                                                  LET new1 == NewEntries(l1, prev1, (msg).mentries) IN
                                                                                                                                                                    LET lastNew1 == (prev1) + (Len((msg).mentries)) IN
                                                                                                                                                                      LET reply3 == [mtype |-> AppendEntriesResponse, mterm |-> (hs3).term, msuccess |-> TRUE, mmatchIndex |-> lastNew1, msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                                                                                        IF ((pop1) > (0)) \/ ((new1) # (<<>>))
                                                                                                                                                                           THEN /\ IF (pop1) > (0)
                                                                                                                                                                                      THEN /\ LET value24 == [cmd |-> LogPop, cnt |-> pop1] IN
                                                                                                                                                                                                IF ((value24).cmd) = (LogConcat)
                                                                                                                                                                                                   THEN /\ LET plog2 == [plog EXCEPT ![srv[self]] = ((plog)[srv[self]]) \o ((value24).entries)] IN
                                                                                                                                                                                                             IF (new1) # (<<>>)
                                                                                                                                                                                                                THEN /\ LET value25 == [cmd |-> LogConcat, entries |-> new1] IN
                                                                                                                                                                                                                          IF ((value25).cmd) = (LogConcat)
                                                                                                                                                                                                                             THEN /\ plog' = [plog2 EXCEPT ![srv[self]] = ((plog2)[srv[self]]) \o ((value25).entries)]
                                                                                                                                                                                                                                  /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                  /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                  /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                  /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                  /\ TRUE
                                                                                                                                                                                                                                  /\ net' = net0
                                                                                                                                                                                                                                  /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                             ELSE /\ IF ((value25).cmd) = (LogPop)
                                                                                                                                                                                                                                        THEN /\ plog' = [plog2 EXCEPT ![srv[self]] = SubSeq((plog2)[srv[self]], 1, (Len((plog2)[srv[self]])) - ((value25).cnt))]
                                                                                                                                                                                                                                             /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                             /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                             /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                             /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                             /\ TRUE
                                                                                                                                                                                                                                             /\ net' = net0
                                                                                                                                                                                                                                             /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                                        ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                             /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                             /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                             /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                             /\ TRUE
                                                                                                                                                                                                                                             /\ net' = net0
                                                                                                                                                                                                                                             /\ plog' = plog2
                                                                                                                                                                                                                                             /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                     /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                     /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                     /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                     /\ TRUE
                                                                                                                                                                                                                     /\ net' = net0
                                                                                                                                                                                                                     /\ plog' = plog2
                                                                                                                                                                                                                     /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                   ELSE /\ IF ((value24).cmd) = (LogPop)
                                                                                                                                                                                                              THEN /\ LET plog3 == [plog EXCEPT ![srv[self]] = SubSeq((plog)[srv[self]], 1, (Len((plog)[srv[self]])) - ((value24).cnt))] IN
                                                                                                                                                                                                                        IF (new1) # (<<>>)
                                                                                                                                                                                                                           THEN /\ LET value25 == [cmd |-> LogConcat, entries |-> new1] IN
                                                                                                                                                                                                                                     IF ((value25).cmd) = (LogConcat)
                                                                                                                                                                                                                                        THEN /\ plog' = [plog3 EXCEPT ![srv[self]] = ((plog3)[srv[self]]) \o ((value25).entries)]
                                                                                                                                                                                                                                             /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                             /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                             /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                             /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                             /\ TRUE
                                                                                                                                                                                                                                             /\ net' = net0
                                                                                                                                                                                                                                             /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                                        ELSE /\ IF ((value25).cmd) = (LogPop)
                                                                                                                                                                                                                                                   THEN /\ plog' = [plog3 EXCEPT ![srv[self]] = SubSeq((plog3)[srv[self]], 1, (Len((plog3)[srv[self]])) - ((value25).cnt))]
                                                                                                                                                                                                                                                        /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                                        /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                                        /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                                        /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                                        /\ TRUE
                                                                                                                                                                                                                                                        /\ net' = net0
                                                                                                                                                                                                                                                        /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                                                   ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                                        /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                                        /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                                        /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                                        /\ TRUE
                                                                                                                                                                                                                                                        /\ net' = net0
                                                                                                                                                                                                                                                        /\ plog' = plog3
                                                                                                                                                                                                                                                        /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                           ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                /\ TRUE
                                                                                                                                                                                                                                /\ net' = net0
                                                                                                                                                                                                                                /\ plog' = plog3
                                                                                                                                                                                                                                /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                              ELSE /\ IF (new1) # (<<>>)
                                                                                                                                                                                                                         THEN /\ LET value25 == [cmd |-> LogConcat, entries |-> new1] IN
                                                                                                                                                                                                                                   IF ((value25).cmd) = (LogConcat)
                                                                                                                                                                                                                                      THEN /\ plog' = [plog EXCEPT ![srv[self]] = ((plog)[srv[self]]) \o ((value25).entries)]
                                                                                                                                                                                                                                           /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                           /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                           /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                           /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                           /\ TRUE
                                                                                                                                                                                                                                           /\ net' = net0
                                                                                                                                                                                                                                           /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                                      ELSE /\ IF ((value25).cmd) = (LogPop)
                                                                                                                                                                                                                                                 THEN /\ plog' = [plog EXCEPT ![srv[self]] = SubSeq((plog)[srv[self]], 1, (Len((plog)[srv[self]])) - ((value25).cnt))]
                                                                                                                                                                                                                                                      /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                                      /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                                      /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                                      /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                                      /\ TRUE
                                                                                                                                                                                                                                                      /\ net' = net0
                                                                                                                                                                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                                                 ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                                                      /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                                                      /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                                                      /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                                                      /\ TRUE
                                                                                                                                                                                                                                                      /\ net' = net0
                                                                                                                                                                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                                                      /\ plog' = plog
                                                                                                                                                                                                                         ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                              /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                              /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                              /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                              /\ TRUE
                                                                                                                                                                                                                              /\ net' = net0
                                                                                                                                                                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                              /\ plog' = plog
                                                                                                                                                                                      ELSE /\ IF (new1) # (<<>>)
                                                                                                                                                                                                 THEN /\ LET value25 == [cmd |-> LogConcat, entries |-> new1] IN
                                                                                                                                                                                                           IF ((value25).cmd) = (LogConcat)
                                                                                                                                                                                                              THEN /\ plog' = [plog EXCEPT ![srv[self]] = ((plog)[srv[self]]) \o ((value25).entries)]
                                                                                                                                                                                                                   /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                   /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                   /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                   /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                   /\ TRUE
                                                                                                                                                                                                                   /\ net' = net0
                                                                                                                                                                                                                   /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                              ELSE /\ IF ((value25).cmd) = (LogPop)
                                                                                                                                                                                                                         THEN /\ plog' = [plog EXCEPT ![srv[self]] = SubSeq((plog)[srv[self]], 1, (Len((plog)[srv[self]])) - ((value25).cnt))]
                                                                                                                                                                                                                              /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                              /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                              /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                              /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                              /\ TRUE
                                                                                                                                                                                                                              /\ net' = net0
                                                                                                                                                                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                         ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                                              /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                                              /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                                              /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                                              /\ TRUE
                                                                                                                                                                                                                              /\ net' = net0
                                                                                                                                                                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                                              /\ plog' = plog
                                                                                                                                                                                                 ELSE /\ popCnt' = [popCnt EXCEPT ![self] = pop1]
                                                                                                                                                                                                      /\ newEntries' = [newEntries EXCEPT ![self] = new1]
                                                                                                                                                                                                      /\ newCommit' = [newCommit EXCEPT ![self] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                                      /\ out' = [out EXCEPT ![self] = reply3]
                                                                                                                                                                                                      /\ TRUE
                                                                                                                                                                                                      /\ net' = net0
                                                                                                                                                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                      /\ plog' = plog
                                                                                                                                                                                /\ UNCHANGED << commitIndex, 
                                                                                                                                                                                                sig >>
                                                                                                                                                                           ELSE /\ IF (Min((msg).mcommitIndex, lastNew1)) > ((commitIndex)[srv[self]])
                                                                                                                                                                                      THEN /\ commitIndex' = [commitIndex EXCEPT ![srv[self]] = Min((msg).mcommitIndex, lastNew1)]
                                                                                                                                                                                           /\ LET value26 == TRUE IN
                                                                                                                                                                                                /\ sig' = [sig EXCEPT ![<<srv[self], CommitSig>>] = (sig)[<<srv[self], CommitSig>>]]
                                                                                                                                                                                                /\ \/ /\ LET value27 == reply3 IN
                                                                                                                                                                                                           \/ /\ net' = [net0 EXCEPT ![(reply3).mdest] = ((net0)[(reply3).mdest]) (+) (SetToBag({value27}))]
                                                                                                                                                                                                              /\ TRUE
                                                                                                                                                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                           \/ /\ net' = [net0 EXCEPT ![(reply3).mdest] = (net0)[(reply3).mdest]]
                                                                                                                                                                                                              /\ TRUE
                                                                                                                                                                                                              /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                   \/ /\ \/ /\ LET yielded_fdVar8 == TRUE IN
                                                                                                                                                                                                                 /\ yielded_fdVar8
                                                                                                                                                                                                                 /\ TRUE
                                                                                                                                                                                                                 /\ net' = net0
                                                                                                                                                                                                                 /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                         \/ /\ LET yielded_fdVar8 == FALSE IN
                                                                                                                                                                                                                 /\ yielded_fdVar8
                                                                                                                                                                                                                 /\ TRUE
                                                                                                                                                                                                                 /\ net' = net0
                                                                                                                                                                                                                 /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                      ELSE /\ \/ /\ LET value27 == reply3 IN
                                                                                                                                                                                                      \/ /\ net' = [net0 EXCEPT ![(reply3).mdest] = ((net0)[(reply3).mdest]) (+) (SetToBag({value27}))]
                                                                                                                                                                                                         /\ TRUE
                                                                                                                                                                                                         /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                      \/ /\ net' = [net0 EXCEPT ![(reply3).mdest] = (net0)[(reply3).mdest]]
                                                                                                                                                                                                         /\ TRUE
                                                                                                                                                                                                         /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                              \/ /\ \/ /\ LET yielded_fdVar8 == TRUE IN
                                                                                                                                                                                                            /\ yielded_fdVar8
                                                                                                                                                                                                            /\ TRUE
                                                                                                                                                                                                            /\ net' = net0
                                                                                                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                                    \/ /\ LET yielded_fdVar8 == FALSE IN
                                                                                                                                                                                                            /\ yielded_fdVar8
                                                                                                                                                                                                            /\ TRUE
                                                                                                                                                                                                            /\ net' = net0
                                                                                                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                                           /\ UNCHANGED << commitIndex, 
                                                                                                                                                                                                           sig >>
                                                                                                                                                                                /\ UNCHANGED << plog, 
                                                                                                                                                                                                out, 
                                                                                                                                                                                                popCnt, 
                                                                                                                                                                                                newEntries, 
                                                                                                                                                                                                newCommit >>
                                                                                                                          /\ UNCHANGED << nextIndex, 
                                                                                                                                          matchIndex, 
                                                                                                                                          pending >>
                                                                                                                     ELSE /\ IF ((msg).mtype) = (AppendEntriesResponse)
                                                                                                                                THEN /\ IF (((msg).mterm) = (((hardState)[srv[self]]).term)) /\ (((state)[srv[self]]) = (Leader))
                                                                                                                                           THEN /\ IF (msg).msuccess
                                                                                                                                                      THEN /\ nextIndex' = [nextIndex EXCEPT ![srv[self]] = [(nextIndex)[srv[self]] EXCEPT ![(msg).msource] = Max(@, ((msg).mmatchIndex) + (1))]]
                                                                                                                                                           /\ matchIndex' = [matchIndex EXCEPT ![srv[self]] = [(matchIndex)[srv[self]] EXCEPT ![(msg).msource] = Max(@, (msg).mmatchIndex)]]
                                                                                                                                                           /\ LET value28 == TRUE IN
                                                                                                                                                                /\ sig' = [sig EXCEPT ![<<srv[self], CommitSig>>] = (sig)[<<srv[self], CommitSig>>]]
                                                                                                                                                                /\ TRUE
                                                                                                                                                                /\ net' = net0
                                                                                                                                                                /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                      ELSE /\ nextIndex' = [nextIndex EXCEPT ![srv[self]] = [(nextIndex)[srv[self]] EXCEPT ![(msg).msource] = Max(1, Min((@) - (1), ((msg).mmatchIndex) + (1)))]]
                                                                                                                                                           /\ LET value29 == TRUE IN
                                                                                                                                                                /\ sig' = [sig EXCEPT ![<<srv[self], (msg).msource>>] = (sig)[<<srv[self], (msg).msource>>]]
                                                                                                                                                                /\ TRUE
                                                                                                                                                                /\ net' = net0
                                                                                                                                                                /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                           /\ UNCHANGED matchIndex
                                                                                                                                           ELSE /\ TRUE
                                                                                                                                                /\ net' = net0
                                                                                                                                                /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                /\ UNCHANGED << nextIndex, 
                                                                                                                                                                matchIndex, 
                                                                                                                                                                sig >>
                                                                                                                                     /\ UNCHANGED pending
                                                                                                                                ELSE /\ IF ((msg).mtype) = (ClientRequest)
                                                                                                                                           THEN /\ IF ((state)[srv[self]]) = (Leader)
                                                                                                                                                      THEN /\ pending' = [pending EXCEPT ![self] = Append(pending[self], (msg).mcmd)]
                                                                                                                                                           /\ TRUE
                                                                                                                                                           /\ net' = net0
                                                                                                                                                           /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                      ELSE /\ \/ /\ LET value30 == [mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource] IN
                                                                                                                                                                      \/ /\ net' = [net0 EXCEPT ![([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource]).mdest] = ((net0)[([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource]).mdest]) (+) (SetToBag({value30}))]
                                                                                                                                                                         /\ TRUE
                                                                                                                                                                         /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                      \/ /\ net' = [net0 EXCEPT ![([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource]).mdest] = (net0)[([mtype |-> ClientResponse, msuccess |-> FALSE, mreqId |-> ((msg).mcmd).reqId, mresponse |-> [key |-> ((msg).mcmd).key, value |-> Nil], mleaderHint |-> (leader)[srv[self]], msource |-> srv[self], mdest |-> (msg).msource]).mdest]]
                                                                                                                                                                         /\ TRUE
                                                                                                                                                                         /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                              \/ /\ \/ /\ LET yielded_fdVar9 == TRUE IN
                                                                                                                                                                            /\ yielded_fdVar9
                                                                                                                                                                            /\ TRUE
                                                                                                                                                                            /\ net' = net0
                                                                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                                    \/ /\ LET yielded_fdVar9 == FALSE IN
                                                                                                                                                                            /\ yielded_fdVar9
                                                                                                                                                                            /\ TRUE
                                                                                                                                                                            /\ net' = net0
                                                                                                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                           /\ UNCHANGED pending
                                                                                                                                           ELSE /\ TRUE
                                                                                                                                                /\ net' = net0
                                                                                                                                                /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                                                                /\ UNCHANGED pending
                                                                                                                                     /\ UNCHANGED << nextIndex, 
                                                                                                                                                     matchIndex, 
                                                                                                                                                     sig >>
                                                                                                                          /\ UNCHANGED << plog, 
                                                                                                                                          state, 
                                                                                                                                          leader, 
                                                                                                                                          commitIndex, 
                                                                                                                                          timer, 
                                                                                                                                          out, 
                                                                                                                                          popCnt, 
                                                                                                                                          newEntries, 
                                                                                                                                          newCommit >>
                                                                                                               /\ UNCHANGED << votesResponded, 
                                                                                                                               votesGranted >>
                                                                                                    /\ UNCHANGED hardState
                                                                                         /\ UNCHANGED deferred
                                                                   \/ /\ ((state)[srv[self]]) = (Leader)
                                                                      /\ LET t == ((hardState)[srv[self]]).term IN
                                                                           LET batch == (IF (LastTerm((log)[srv[self]])) < (t) THEN <<[term |-> t, cmd |-> NoopEntryCmd]>> ELSE <<>>) \o ([i \in (1) .. (Len(pending[self])) |-> [term |-> t, cmd |-> (pending[self])[i]]]) IN
                                                                             LET yielded_net0 == BagCardinality((net)[srv[self]]) IN
                                                                               /\ ((batch) # (<<>>)) /\ (((yielded_net0) = (0)) \/ ((Len(pending[self])) >= (MaxBatch)))
                                                                               /\ LET value31 == [cmd |-> LogConcat, entries |-> batch] IN
                                                                                    IF ((value31).cmd) = (LogConcat)
                                                                                       THEN /\ plog' = [plog EXCEPT ![srv[self]] = ((plog)[srv[self]]) \o ((value31).entries)]
                                                                                            /\ pending' = [pending EXCEPT ![self] = <<>>]
                                                                                            /\ newEntries' = [newEntries EXCEPT ![self] = batch]
                                                                                            /\ TRUE
                                                                                            /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                       ELSE /\ IF ((value31).cmd) = (LogPop)
                                                                                                  THEN /\ plog' = [plog EXCEPT ![srv[self]] = SubSeq((plog)[srv[self]], 1, (Len((plog)[srv[self]])) - ((value31).cnt))]
                                                                                                       /\ pending' = [pending EXCEPT ![self] = <<>>]
                                                                                                       /\ newEntries' = [newEntries EXCEPT ![self] = batch]
                                                                                                       /\ TRUE
                                                                                                       /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                  ELSE /\ pending' = [pending EXCEPT ![self] = <<>>]
                                                                                                       /\ newEntries' = [newEntries EXCEPT ![self] = batch]
                                                                                                       /\ TRUE
                                                                                                       /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                                                       /\ plog' = plog
                                                                      /\ UNCHANGED <<net, 
                                                                                     hardState, 
                                                                                     state, 
                                                                                     leader, 
                                                                                     commitIndex, 
                                                                                     nextIndex, 
                                                                                     matchIndex, 
                                                                                     votesResponded, 
                                                                                     votesGranted, 
                                                                                     timer, 
                                                                                     sig, 
                                                                                     deferred, 
                                                                                     out, 
                                                                                     popCnt, 
                                                                                     newCommit>>
                                                                   \/ /\ (((state)[srv[self]]) # (Leader)) /\ ((pending[self]) # (<<>>))
                                                                      /\ pending' = [pending EXCEPT ![self] = <<>>]
                                                                      /\ TRUE
                                                                      /\ pc' = [pc EXCEPT ![self] = "serverLoop"]
                                                                      /\ UNCHANGED <<net, 
                                                                                     hardState, 
                                                                                     plog, 
                                                                                     state, 
                                                                                     leader, 
                                                                                     commitIndex, 
                                                                                     nextIndex, 
                                                                                     matchIndex, 
                                                                                     votesResponded, 
                                                                                     votesGranted, 
                                                                                     timer, 
                                                                                     sig, 
                                                                                     deferred, 
                                                                                     out, 
                                                                                     popCnt, 
                                                                                     newEntries, 
                                                                                     newCommit>>
                                                     /\ log' = log
                          ELSE /\ pc' = [pc EXCEPT ![self] = "Done"]
                               /\ UNCHANGED << net, hardState, plog, log, 
                                               state, leader, commitIndex, 
                                               nextIndex, matchIndex, 
                                               votesResponded, votesGranted, 
                                               timer, sig, pending, deferred, 
                                               out, popCnt, newEntries, 
                                               newCommit >>
                    /\ UNCHANGED << fdVar, alive, up, incarnation, crashes, 
                                    reqQueue, respHist, clientTimeout, elected, 
                                    committed, srv, srv0, srv1, srv2, sm, 
                                    lastApplied, srv3, peer, leaderGuess, req, 
                                    curReqId >>

Handler(self) == serverLoop(self)

electionLoop(self) == /\ pc[self] = "electionLoop"
                      /\ IF TRUE
                            THEN /\ (alive)[self]
                                 /\ \/ /\ LET yielded_timer == TRUE IN
                                            LET fired == yielded_timer IN
                                              IF (fired) /\ (((state)[srv0[self]]) # (Leader))
                                                 THEN /\ hardState' = [hardState EXCEPT ![srv0[self]] = [term |-> (((hardState)[srv0[self]]).term) + (1), votedFor |-> srv0[self]]]
                                                      /\ state' = [state EXCEPT ![srv0[self]] = Candidate]
                                                      /\ leader' = [leader EXCEPT ![srv0[self]] = Nil]
                                                      /\ votesResponded' = [votesResponded EXCEPT ![srv0[self]] = {srv0[self]}]
                                                      /\ votesGranted' = [votesGranted EXCEPT ![srv0[self]] = {srv0[self]}]
                                                      /\ LET value32 == TRUE IN
                                                           LET sig1 == [sig EXCEPT ![<<srv0[self], ElectionSig>>] = (sig)[<<srv0[self], ElectionSig>>]] IN
                                                             LET value33 == TRUE IN
                                                               /\ sig' = [sig1 EXCEPT ![<<srv0[self], LeaderSig>>] = (sig1)[<<srv0[self], LeaderSig>>]]
                                                               /\ pc' = [pc EXCEPT ![self] = "electionLoop"]
                                                 ELSE /\ pc' = [pc EXCEPT ![self] = "electionLoop"]
                                                      /\ UNCHANGED << hardState, 
                                                                      state, 
                                                                      leader, 
                                                                      votesResponded, 
                                                                      votesGranted, 
                                                                      sig >>
                                    \/ /\ LET yielded_timer == FALSE IN
                                            LET fired == yielded_timer IN
                                              IF (fired) /\ (((state)[srv0[self]]) # (Leader))
                                                 THEN /\ hardState' = [hardState EXCEPT ![srv0[self]] = [term |-> (((hardState)[srv0[self]]).term) + (1), votedFor |-> srv0[self]]]
                                                      /\ state' = [state EXCEPT ![srv0[self]] = Candidate]
                                                      /\ leader' = [leader EXCEPT ![srv0[self]] = Nil]
                                                      /\ votesResponded' = [votesResponded EXCEPT ![srv0[self]] = {srv0[self]}]
                                                      /\ votesGranted' = [votesGranted EXCEPT ![srv0[self]] = {srv0[self]}]
                                                      /\ LET value32 == TRUE IN
                                                           LET sig2 == [sig EXCEPT ![<<srv0[self], ElectionSig>>] = (sig)[<<srv0[self], ElectionSig>>]] IN
                                                             LET value33 == TRUE IN
                                                               /\ sig' = [sig2 EXCEPT ![<<srv0[self], LeaderSig>>] = (sig2)[<<srv0[self], LeaderSig>>]]
                                                               /\ pc' = [pc EXCEPT ![self] = "electionLoop"]
                                                 ELSE /\ pc' = [pc EXCEPT ![self] = "electionLoop"]
                                                      /\ UNCHANGED << hardState, 
                                                                      state, 
                                                                      leader, 
                                                                      votesResponded, 
                                                                      votesGranted, 
                                                                      sig >>
                            ELSE /\ pc' = [pc EXCEPT ![self] = "Done"]
                                 /\ UNCHANGED << hardState, state, leader, 
                                                 votesResponded, votesGranted, 
                                                 sig >>
                      /\ UNCHANGED << net, fdVar, alive, up, incarnation, 
                                      crashes, plog, log, commitIndex, 
                                      nextIndex, matchIndex, timer, reqQueue, 
                                      respHist, clientTimeout, elected, 
                                      committed, srv, pending, deferred, out, 
                                      popCnt, newEntries, newCommit, srv0, 
                                      srv1, srv2, sm, lastApplied, srv3, peer, 
                                      leaderGuess, req, curReqId >>

RequestVote(self) == electionLoop(self)

leaderLoop(self) == /\ pc[self] = "leaderLoop"
                    /\ IF TRUE
                          THEN /\ (alive)[self]
                               /\ LET yielded_sig == TRUE IN
                                    /\ yielded_sig
                                    /\ IF (((state)[srv1[self]]) = (Candidate)) /\ (IsQuorum((votesGranted)[srv1[self]]))
                                          THEN /\ state' = [state EXCEPT ![srv1[self]] = Leader]
                                               /\ leader' = [leader EXCEPT ![srv1[self]] = srv1[self]]
                                               /\ nextIndex' = [nextIndex EXCEPT ![srv1[self]] = [j \in Servers |-> (Len((log)[srv1[self]])) + (1)]]
                                               /\ matchIndex' = [matchIndex EXCEPT ![srv1[self]] = [j \in Servers |-> 0]]
                                               /\ LET value34 == {[term |-> ((hardState)[srv1[self]]).term, server |-> srv1[self]]} IN
                                                    /\ elected' = ((elected) \cup (value34))
                                                    /\ LET value35 == TRUE IN
                                                         /\ sig' = [sig EXCEPT ![<<srv1[self], ReplicateSig>>] = (sig)[<<srv1[self], ReplicateSig>>]]
                                                         /\ pc' = [pc EXCEPT ![self] = "leaderLoop"]
                                          ELSE /\ pc' = [pc EXCEPT ![self] = "leaderLoop"]
                                               /\ UNCHANGED << state, leader, 
                                                               nextIndex, 
                                                               matchIndex, sig, 
                                                               elected >>
                          ELSE /\ pc' = [pc EXCEPT ![self] = "Done"]
                               /\ UNCHANGED << state, leader, nextIndex, 
                                               matchIndex, sig, elected >>
                    /\ UNCHANGED << net, fdVar, alive, up, incarnation, 
                                    crashes, hardState, plog, log, commitIndex, 
                                    votesResponded, votesGranted, timer, 
                                    reqQueue, respHist, clientTimeout, 
                                    committed, srv, pending, deferred, out, 
                                    popCnt, newEntries, newCommit, srv0, srv1, 
                                    srv2, sm, lastApplied, srv3, peer, 
                                    leaderGuess, req, curReqId >>

BecomeLeader(self) == leaderLoop(self)

commitLoop(self) == /\ pc[self] = "commitLoop"
                    /\ IF TRUE
                          THEN /\ (alive)[self]
                               /\ LET yielded_sig0 == TRUE IN
                                    /\ yielded_sig0
                                    /\ IF (lastApplied[self]) < ((commitIndex)[srv2[self]])
                                          THEN /\ LET e == ((log)[srv2[self]])[(lastApplied[self]) + (1)] IN
                                                    /\ IF (((state)[srv2[self]]) = (Leader)) /\ ((((e).cmd).type) # (NoopCmd))
                                                          THEN /\ \/ /\ LET value36 == [mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm[self], e), mleaderHint |-> srv2[self], msource |-> srv2[self], mdest |-> ((e).cmd).client] IN
                                                                          \/ /\ net' = [net EXCEPT ![([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm[self], e), mleaderHint |-> srv2[self], msource |-> srv2[self], mdest |-> ((e).cmd).client]).mdest] = ((net)[([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm[self], e), mleaderHint |-> srv2[self], msource |-> srv2[self], mdest |-> ((e).cmd).client]).mdest]) (+) (SetToBag({value36}))]
                                                                          \/ /\ net' = [net EXCEPT ![([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm[self], e), mleaderHint |-> srv2[self], msource |-> srv2[self], mdest |-> ((e).cmd).client]).mdest] = (net)[([mtype |-> ClientResponse, msuccess |-> TRUE, mreqId |-> ((e).cmd).reqId, mresponse |-> EntryResponse(sm[self], e), mleaderHint |-> srv2[self], msource |-> srv2[self], mdest |-> ((e).cmd).client]).mdest]]
                                                                  \/ /\ \/ /\ LET yielded_fdVar10 == TRUE IN
                                                                                yielded_fdVar10
                                                                        \/ /\ LET yielded_fdVar10 == FALSE IN
                                                                                yielded_fdVar10
                                                                     /\ net' = net
                                                          ELSE /\ TRUE
                                                               /\ net' = net
                                                    /\ sm' = [sm EXCEPT ![self] = ApplyEntry(sm[self], e)]
                                                    /\ lastApplied' = [lastApplied EXCEPT ![self] = (lastApplied[self]) + (1)]
                                                    /\ pc' = [pc EXCEPT ![self] = "commitLoop"]
                                               /\ UNCHANGED << commitIndex, 
                                                               committed >>
                                          ELSE /\ IF ((state)[srv2[self]]) = (Leader)
                                                     THEN /\ LET t == ((hardState)[srv2[self]]).term IN
                                                               LET l == (log)[srv2[self]] IN
                                                                 LET ci == (commitIndex)[srv2[self]] IN
                                                                   LET mi == (matchIndex)[srv2[self]] IN
                                                                     LET agreed == {i \in ((ci) + (1)) .. (Len(l)) : ((((l)[i]).term) = (t)) /\ (IsQuorum(({srv2[self]}) \cup ({j \in Servers : ((mi)[j]) >= (i)})))} IN
                                                                       IF (agreed) # ({})
                                                                          THEN /\ commitIndex' = [commitIndex EXCEPT ![srv2[self]] = SetMax(agreed)]
                                                                               /\ LET value37 == {[index |-> i, term |-> t, entry |-> (l)[i]] : i \in ((ci) + (1)) .. (SetMax(agreed))} IN
                                                                                    /\ committed' = ((committed) \cup ({r \in value37 : ~ (\E c \in committed : (((c).index) = ((r).index)) /\ (((c).entry) = ((r).entry)))}))
                                                                                    /\ pc' = [pc EXCEPT ![self] = "commitLoop"]
                                                                          ELSE /\ pc' = [pc EXCEPT ![self] = "commitLoop"]
                                                                               /\ UNCHANGED << commitIndex, 
                                                                                               committed >>
                                                     ELSE /\ pc' = [pc EXCEPT ![self] = "commitLoop"]
                                                          /\ UNCHANGED << commitIndex, 
                                                                          committed >>
                                               /\ UNCHANGED << net, sm, 
                                                               lastApplied >>
                          ELSE /\ pc' = [pc EXCEPT ![self] = "Done"]
                               /\ UNCHANGED << net, commitIndex, committed, sm, 
                                               lastApplied >>
                    /\ UNCHANGED << fdVar, alive, up, incarnation, crashes, 
                                    hardState, plog, log, state, leader, 
                                    nextIndex, matchIndex, votesResponded, 
                                    votesGranted, timer, sig, reqQueue, 
                                    respHist, clientTimeout, elected, srv, 
                                    pending, deferred, out, popCnt, newEntries, 
                                    newCommit, srv0, srv1, srv2, srv3, peer, 
                                    leaderGuess, req, curReqId >>

AdvanceCommitIndex(self) == commitLoop(self)

sendLoop(self) == /\ pc[self] = "sendLoop"
                  /\ IF TRUE
                        THEN /\ (alive)[self]
                             /\ LET yielded_sig1 == TRUE IN
                                  /\ yielded_sig1
                                  /\ LET st == (state)[srv3[self]] IN
                                       LET t == ((hardState)[srv3[self]]).term IN
                                         LET l == (log)[srv3[self]] IN
                                           IF (st) = (Leader)
                                              THEN /\ LET ni == ((nextIndex)[srv3[self]])[peer[self]] IN
                                                        LET prev == (ni) - (1) IN
                                                          \/ /\ LET value38 == [mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3[self]], msource |-> srv3[self], mdest |-> peer[self]] IN
                                                                  /\ \/ /\ net' = [net EXCEPT ![([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3[self]], msource |-> srv3[self], mdest |-> peer[self]]).mdest] = ((net)[([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3[self]], msource |-> srv3[self], mdest |-> peer[self]]).mdest]) (+) (SetToBag({value38}))]
                                                                     \/ /\ net' = [net EXCEPT ![([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3[self]], msource |-> srv3[self], mdest |-> peer[self]]).mdest] = (net)[([mtype |-> AppendEntriesRequest, mterm |-> t, mprevLogIndex |-> prev, mprevLogTerm |-> LogTerm(l, prev), mentries |-> SubSeq(l, ni, Len(l)), mcommitIndex |-> (commitIndex)[srv3[self]], msource |-> srv3[self], mdest |-> peer[self]]).mdest]]
                                                                  /\ pc' = [pc EXCEPT ![self] = "sendLoop"]
                                                          \/ /\ \/ /\ LET yielded_fdVar11 == TRUE IN
                                                                        yielded_fdVar11
                                                                \/ /\ LET yielded_fdVar11 == FALSE IN
                                                                        yielded_fdVar11
                                                             /\ pc' = [pc EXCEPT ![self] = "sendLoop"]
                                                             /\ net' = net
                                              ELSE /\ IF ((st) = (Candidate)) /\ ((peer[self]) \notin ((votesResponded)[srv3[self]]))
                                                         THEN /\ \/ /\ LET value39 == [mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3[self], mdest |-> peer[self]] IN
                                                                         /\ \/ /\ net' = [net EXCEPT ![([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3[self], mdest |-> peer[self]]).mdest] = ((net)[([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3[self], mdest |-> peer[self]]).mdest]) (+) (SetToBag({value39}))]
                                                                            \/ /\ net' = [net EXCEPT ![([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3[self], mdest |-> peer[self]]).mdest] = (net)[([mtype |-> RequestVoteRequest, mterm |-> t, mlastLogTerm |-> LastTerm(l), mlastLogIndex |-> Len(l), msource |-> srv3[self], mdest |-> peer[self]]).mdest]]
                                                                         /\ pc' = [pc EXCEPT ![self] = "sendLoop"]
                                                                 \/ /\ \/ /\ LET yielded_fdVar12 == TRUE IN
                                                                               yielded_fdVar12
                                                                       \/ /\ LET yielded_fdVar12 == FALSE IN
                                                                               yielded_fdVar12
                                                                    /\ pc' = [pc EXCEPT ![self] = "sendLoop"]
                                                                    /\ net' = net
                                                         ELSE /\ pc' = [pc EXCEPT ![self] = "sendLoop"]
                                                              /\ net' = net
                        ELSE /\ pc' = [pc EXCEPT ![self] = "Done"]
                             /\ net' = net
                  /\ UNCHANGED << fdVar, alive, up, incarnation, crashes, 
                                  hardState, plog, log, state, leader, 
                                  commitIndex, nextIndex, matchIndex, 
                                  votesResponded, votesGranted, timer, sig, 
                                  reqQueue, respHist, clientTimeout, elected, 
                                  committed, srv, pending, deferred, out, 
                                  popCnt, newEntries, newCommit, srv0, srv1, 
                                  srv2, sm, lastApplied, srv3, peer, 
                                  leaderGuess, req, curReqId >>

Sender(self) == sendLoop(self)

clientLoop(self) == /\ pc[self] = "clientLoop"
                    /\ IF TRUE
                          THEN /\ (Len((reqQueue)[self])) > (0)
                               /\ LET v0 == Head((reqQueue)[self]) IN
                                    /\ reqQueue' = [reqQueue EXCEPT ![self] = Tail((reqQueue)[self])]
                                    /\ LET yielded_reqQueue == v0 IN
                                         /\ req' = [req EXCEPT ![self] = yielded_reqQueue]
                                         /\ curReqId' = [curReqId EXCEPT ![self] = (curReqId[self]) + (1)]
                                         /\ pc' = [pc EXCEPT ![self] = "sendReq"]
                          ELSE /\ pc' = [pc EXCEPT ![self] = "Done"]
                               /\ UNCHANGED << reqQueue, req, curReqId >>
                    /\ UNCHANGED << net, fdVar, alive, up, incarnation, 
                                    crashes, hardState, plog, log, state, 
                                    leader, commitIndex, nextIndex, matchIndex, 
                                    votesResponded, votesGranted, timer, sig, 
                                    respHist, clientTimeout, elected, 
                                    committed, srv, pending, deferred, out, 
                                    popCnt, newEntries, newCommit, srv0, srv1, 
                                    srv2, sm, lastApplied, srv3, peer, 
                                    leaderGuess >>

sendReq(self) == /\ pc[self] = "sendReq"
                 /\ \/ /\ LET value40 == [mtype |-> ClientRequest, mcmd |-> [type |-> (req[self]).type, key |-> (req[self]).key, value |-> (req[self]).value, client |-> self, reqId |-> curReqId[self]], msource |-> self, mdest |-> leaderGuess[self]] IN
                            /\ \/ /\ net' = [net EXCEPT ![([mtype |-> ClientRequest, mcmd |-> [type |-> (req[self]).type, key |-> (req[self]).key, value |-> (req[self]).value, client |-> self, reqId |-> curReqId[self]], msource |-> self, mdest |-> leaderGuess[self]]).mdest] = ((net)[([mtype |-> ClientRequest, mcmd |-> [type |-> (req[self]).type, key |-> (req[self]).key, value |-> (req[self]).value, client |-> self, reqId |-> curReqId[self]], msource |-> self, mdest |-> leaderGuess[self]]).mdest]) (+) (SetToBag({value40}))]
                               \/ /\ net' = [net EXCEPT ![([mtype |-> ClientRequest, mcmd |-> [type |-> (req[self]).type, key |-> (req[self]).key, value |-> (req[self]).value, client |-> self, reqId |-> curReqId[self]], msource |-> self, mdest |-> leaderGuess[self]]).mdest] = (net)[([mtype |-> ClientRequest, mcmd |-> [type |-> (req[self]).type, key |-> (req[self]).key, value |-> (req[self]).value, client |-> self, reqId |-> curReqId[self]], msource |-> self, mdest |-> leaderGuess[self]]).mdest]]
                            /\ pc' = [pc EXCEPT ![self] = "awaitResp"]
                    \/ /\ \/ /\ LET yielded_fdVar13 == TRUE IN
                                  yielded_fdVar13
                          \/ /\ LET yielded_fdVar13 == FALSE IN
                                  yielded_fdVar13
                       /\ pc' = [pc EXCEPT ![self] = "awaitResp"]
                       /\ net' = net
                 /\ UNCHANGED << fdVar, alive, up, incarnation, crashes, 
                                 hardState, plog, log, state, leader, 
                                 commitIndex, nextIndex, matchIndex, 
                                 votesResponded, votesGranted, timer, sig, 
                                 reqQueue, respHist, clientTimeout, elected, 
                                 committed, srv, pending, deferred, out, 
                                 popCnt, newEntries, newCommit, srv0, srv1, 
                                 srv2, sm, lastApplied, srv3, peer, 
                                 leaderGuess, req, curReqId >>

awaitResp(self) == /\ pc[self] = "awaitResp"
                   /\ \/ /\ ((net)[self]) # (EmptyBag)
                         /\ \E m1 \in BagToSet((net)[self]):
                              /\ net' = [net EXCEPT ![self] = ((net)[self]) (-) (SetToBag({m1}))]
                              /\ LET yielded_net1 == m1 IN
                                   LET m == yielded_net1 IN
                                     IF ((m).mreqId) = (curReqId[self])
                                        THEN /\ IF (m).msuccess
                                                   THEN /\ LET value41 == (m).mresponse IN
                                                             /\ respHist' = [respHist EXCEPT ![self] = Append((respHist)[self], value41)]
                                                             /\ pc' = [pc EXCEPT ![self] = "clientLoop"]
                                                        /\ UNCHANGED leaderGuess
                                                   ELSE /\ leaderGuess' = [leaderGuess EXCEPT ![self] = IF ((m).mleaderHint) # (Nil) THEN (m).mleaderHint ELSE NextServer(leaderGuess[self])]
                                                        /\ pc' = [pc EXCEPT ![self] = "sendReq"]
                                                        /\ UNCHANGED respHist
                                        ELSE /\ pc' = [pc EXCEPT ![self] = "awaitResp"]
                                             /\ UNCHANGED << respHist, 
                                                             leaderGuess >>
                         /\ UNCHANGED clientTimeout
                      \/ /\ ((clientTimeout)[self]) > (0)
                         /\ clientTimeout' = [clientTimeout EXCEPT ![self] = ((clientTimeout)[self]) - (1)]
                         /\ LET yielded_clientTimeout == TRUE IN
                              /\ yielded_clientTimeout
                              /\ leaderGuess' = [leaderGuess EXCEPT ![self] = NextServer(leaderGuess[self])]
                              /\ pc' = [pc EXCEPT ![self] = "sendReq"]
                         /\ UNCHANGED <<net, respHist>>
                   /\ UNCHANGED << fdVar, alive, up, incarnation, crashes, 
                                   hardState, plog, log, state, leader, 
                                   commitIndex, nextIndex, matchIndex, 
                                   votesResponded, votesGranted, timer, sig, 
                                   reqQueue, elected, committed, srv, pending, 
                                   deferred, out, popCnt, newEntries, 
                                   newCommit, srv0, srv1, srv2, sm, 
                                   lastApplied, srv3, peer, req, curReqId >>

Client(self) == clientLoop(self) \/ sendReq(self) \/ awaitResp(self)

(* Allow infinite stuttering to prevent deadlock on termination. *)
Terminating == /\ \A self \in ProcSet: pc[self] = "Done"
               /\ UNCHANGED vars

Next == Crasher
           \/ (\E self \in KindProcs(0): Handler(self))
           \/ (\E self \in KindProcs(1): RequestVote(self))
           \/ (\E self \in KindProcs(2): BecomeLeader(self))
           \/ (\E self \in KindProcs(3): AdvanceCommitIndex(self))
           \/ (\E self \in SenderProcs: Sender(self))
           \/ (\E self \in Clients: Client(self))
           \/ Terminating

Spec == Init /\ [][Next]_vars

Termination == <>(\A self \in ProcSet: pc[self] = "Done")

\* END TRANSLATION

\* ---------------------------------------------------------------------------------------------
\* Model checking: bounds (CONSTRAINT) and properties. Not seen by MPCal or Go.

CONSTANTS
    MaxTerm,      \* explore terms up to this
    MaxLogLen,    \* explore persistent logs up to this length
    MaxInFlight,  \* explore at most this many messages in flight to one mailbox
    MaxMsgs       \* explore at most this many messages in flight in all

CurrentTerm(s) == hardState[s].term
HandlerOf(s) == ProcId(incarnation[s], 0, s)
ApplierOf(s) == ProcId(incarnation[s], 3, s)
IsPrefix(a, b) == Len(a) <= Len(b) /\ SubSeq(b, 1, Len(a)) = a

RECURSIVE SumOver(_, _)
SumOver(f, S) == IF S = {} THEN 0 ELSE LET x == CHOOSE y \in S : TRUE IN f[x] + SumOver(f, S \ {x})
InFlight == SumOver([i \in NetIds |-> BagCardinality(net[i])], NetIds)

StateConstraint ==
    /\ \A s \in Servers : CurrentTerm(s) <= MaxTerm /\ Len(plog[s]) <= MaxLogLen
    /\ \A h \in KindProcs(0) : Len(pending[h]) <= MaxLogLen
    /\ \A i \in NetIds : BagCardinality(net[i]) <= MaxInFlight
    /\ InFlight <= MaxMsgs

\* the state machine after applying the entries of l in order
RECURSIVE ApplySeq(_)
ApplySeq(l) == IF l = <<>> THEN InitSM ELSE ApplyEntry(ApplySeq(SubSeq(l, 1, Len(l) - 1)), l[Len(l)])

\* At most one leader per term (elected is the history of every election won).
ElectionSafety ==
    /\ \A e1, e2 \in elected : e1.term = e2.term => e1.server = e2.server
    /\ \A s \in Servers : up[s] /\ state[s] = Leader => [term |-> CurrentTerm(s), server |-> s] \in elected

\* Logs (the durable ones, of every server, crashed or not) that agree on the term of an entry
\* agree on every entry up to it.
LogMatching ==
    \A s1, s2 \in Servers : \A i \in 1 .. Min(Len(plog[s1]), Len(plog[s2])) :
        plog[s1][i].term = plog[s2][i].term => SubSeq(plog[s1], 1, i) = SubSeq(plog[s2], 1, i)

\* A leader's log holds every entry committed in its term or before (committed is the history
\* of the entries leaders declared committed, with the term of that leader).
LeaderCompleteness ==
    \A c \in committed : \A s \in Servers :
        up[s] /\ state[s] = Leader /\ CurrentTerm(s) >= c.term =>
            c.index <= Len(log[s]) /\ log[s][c.index] = c.entry

\* One entry per committed index, and a server's committed prefix (which it applies) is made of
\* committed entries.
StateMachineSafety ==
    /\ \A c1, c2 \in committed : c1.index = c2.index => c1.entry = c2.entry
    /\ \A s \in Servers : up[s] =>
           /\ commitIndex[s] <= Len(log[s])
           /\ \A i \in 1 .. commitIndex[s] : \E c \in committed : c.index = i /\ c.entry = log[s][i]

\* Persistent and volatile state agree: the durable log is the volatile one changed by what the
\* handler made durable and has not yet copied (popCnt, newEntries: nothing between its steps),
\* and every committed entry is durable.
PersistentMatchesVolatile ==
    \A s \in Servers : up[s] =>
        LET h == HandlerOf(s) IN
        /\ plog[s] = SubSeq(log[s], 1, Len(log[s]) - popCnt[h]) \o newEntries[h]
        /\ IsPrefix(SubSeq(log[s], 1, commitIndex[s]), plog[s])

\* The key-value state is the committed log applied in order (Puts deduplicated by request id).
KVStateMatchesLog ==
    \A s \in Servers : up[s] =>
        LET a == ApplierOf(s) IN
        /\ lastApplied[a] <= commitIndex[s]
        /\ sm[a] = ApplySeq(SubSeq(log[s], 1, lastApplied[a]))

\* Each client gets, in order, the answers of a sequential (and, its keys being its own,
\* linearizable) execution of its requests: a Get sees the last Put, so a retried Put applied
\* twice (Put 1, Put 2, Put 1 again) or a stale read is caught.
Expected(c, k) ==
    LET op == ClientOps(c)[k]
        puts == {j \in 1 .. k - 1 : ClientOps(c)[j].type = PutCmd /\ ClientOps(c)[j].key = op.key}
    IN [key |-> op.key,
        value |-> IF op.type = PutCmd THEN op.value
                  ELSE IF puts = {} THEN Nil ELSE ClientOps(c)[SetMax(puts)].value]
ClientsLinearizable ==
    \A c \in Clients :
        /\ Len(respHist[c]) <= ReqsPerClient
        /\ \A k \in 1 .. Len(respHist[c]) : respHist[c][k] = Expected(c, k)

\* A leader only appends to its log (action property).
LeaderAppendOnly ==
    [][\A s \in Servers : state[s] = Leader /\ state'[s] = Leader =>
                              IsPrefix(log[s], log'[s]) /\ IsPrefix(plog[s], plog'[s])]_vars

\* ---------------------------------------------------------------------------------------------
\* Exploration guides (extra CONSTRAINTs) of the mutant configurations tlc/mutants/raftkv_*.cfg:
\* each restricts who runs for election when and who talks to whom, so that breadth-first search
\* reaches the mutant's counterexample in seconds. The correct model passes each of them.

\* Exploration guide for tlc/mutants/raftkv_vote_no_log_check.cfg: server 1 runs in term 1
\* (server 2 votes and receives its entry), server 3, which never hears from server 1, in
\* terms 1 and 2.
VoteSchedule ==
    /\ state[2] # Candidate
    /\ state[1] = Candidate => CurrentTerm(1) = 1
    /\ \A i \in NetIds : \A m \in BagToSet(net[i]) : {m.msource, m.mdest} # {1, 3}

\* Exploration guide for tlc/mutants/raftkv_commit_old_term.cfg: the schedule of Figure 8 of
\* the Raft paper (server 3 never runs for election, server 1 only in terms 1 and 3, and
\* servers 1 and 2 never talk).
Figure8Schedule ==
    /\ state[3] # Candidate
    /\ state[1] = Candidate => CurrentTerm(1) \in {1, 3}
    /\ \A i \in NetIds : \A m \in BagToSet(net[i]) : {m.msource, m.mdest} # {1, 2}

\* Exploration guide for tlc/mutants/raftkv_truncate_plog_only.cfg: server 1 leads term 1 and
\* server 2 term 2 (both with server 3's vote); server 2's entries overwrite server 1's.
TruncateSchedule ==
    /\ state[3] # Candidate
    /\ state[1] = Candidate => CurrentTerm(1) = 1
    /\ \A i \in NetIds : \A m \in BagToSet(net[i]) : ~(m.msource = 1 /\ m.mdest = 2)
====
