---- MODULE pbkvs_no_sync ----
(* MUTANT of specs/pbkvs.tla: a new primary starts serving without first sending its whole *)
(* state to the backups, which may hold one batch more or less than it.                    *)
(* ConsistentWhenAnswering must fail.                                                      *)
(***************************************************************************)
(* pbkvs: a primary-backup replicated key-value store.                     *)
(*                                                                         *)
(* Replicas 1..NUM_REPLICAS run AReplica; clients run AClient. The primary *)
(* is the replica whose leader-election view (specs/leaderelection.tla)    *)
(* names itself; each replica reads its own view, which may lag.           *)
(*                                                                         *)
(* Protocol.                                                               *)
(*   State: db = [kv |-> key -> value, done |-> client -> id of the last   *)
(*   put applied]; the done table makes retried puts idempotent.           *)
(*   Primary (view = [epoch |-> e, leader |-> self], e > repEpoch):        *)
(*   1. on becoming primary it sends its whole state (a full replication   *)
(*      message of epoch e) to every other replica and waits for the ack   *)
(*      of every backup it does not know crashed;                          *)
(*   2. then, in a loop: it waits for a client request, takes up to BATCH  *)
(*      pending requests (reading the mailbox length, so it never waits    *)
(*      for more), executes them in order (a put whose id is not above     *)
(*      the client's done entry is a retry: not re-applied), and           *)
(*      - if the batch has a put, sends one delta message (the new values  *)
(*        of the keys and done entries the batch wrote) per backup and     *)
(*        waits for every live backup's ack before answering;              *)
(*      - a batch of gets only changes nothing and is answered at once;    *)
(*      then it answers each request of the batch.                         *)
(*   Backup: it applies a replication message whose epoch is at least the  *)
(*   highest epoch it has accepted (repEpoch) and acks it to its sender;   *)
(*   it ignores older epochs (messages of crashed primaries arriving       *)
(*   late). A full message replaces its state; a delta updates it.         *)
(*   Client: sends request [from, id, op, key, value] to its guess of the  *)
(*   primary (prim, initially replica 1) and waits for the answer with the *)
(*   same id, dropping others (late answers to earlier attempts). When the *)
(*   failure detector reports prim crashed, it moves prim to the next      *)
(*   replica and resends the same request (same id).                       *)
(* Messages (TCP mailboxes net[<<node, kind>>]): client -> primary         *)
(* <<r, "req">> [from, id, op, key, value]; primary -> backup <<b, "rep">> *)
(* [from, epoch, seq, full, body]; backup -> primary <<p, "ack">> [from,   *)
(* epoch, seq]; primary -> client <<c, "resp">> [from, to, id, value].     *)
(*                                                                         *)
(* Model assumptions.                                                      *)
(*   - Crash-stop: the Crasher process crashes up to MAX_FAILURES <        *)
(*     NUM_REPLICAS replicas at any step (a crashed replica takes no       *)
(*     further step: every replica section awaits alive[self], a           *)
(*     model-only parameter bound to a Dummy reading TRUE in Go). Clients  *)
(*     do not crash. Messages a replica sent before crashing stay          *)
(*     deliverable; messages to it are never read.                         *)
(*   - Perfect failure detector (PerfectFD): fd[p] is TRUE iff p crashed;  *)
(*     a crash and its detection are one step (the detection delay of the  *)
(*     Go detector is a stuttering delay).                                 *)
(*   - Leader election: the Elector process abstracts the service of       *)
(*     specs/leaderelection.tla by what that model checks about it         *)
(*     (NoLiveReplicaPassedOver, OneLeaderPerEpoch, EpochsOrderedByLeader, *)
(*     ViewsMonotonic): the lowest live replica, at a moment of its own    *)
(*     (so a replica may lag in becoming primary), comes to view itself    *)
(*     as leader of an epoch above every earlier leader's. AReplica uses   *)
(*     its view only to know whether it names itself and with which epoch, *)
(*     and compares epochs only with each other, so views naming another   *)
(*     replica (adopted announcements, however late) are not modelled and  *)
(*     epoch = replica id loses nothing (in crash-stop runs of the service *)
(*     the epochs are exactly the replica ids).                            *)
(*   - Network: TCP mailboxes are reliable while the receiver lives,       *)
(*     exactly once, FIFO per sender and unordered across senders          *)
(*     (TCPMailbox); MailboxLength is their length (NewMailboxesLength).   *)
(*   - Storage: db is the replica's in-memory state (a Local resource, or  *)
(*     MakePersistent over one); crash-stop replicas never recover, so it  *)
(*     need not be durable.                                                *)
(*   - Clients: each client c runs the script Ops(c) (puts and gets of its *)
(*     own key c, so that reads can be checked against the client's last   *)
(*     write); responses are logged in order in the global responses.      *)
(*                                                                         *)
(* Why reads at the primary are linearizable (and need no extra round).    *)
(* With a perfect detector a replica leads only once every lower replica   *)
(* has crashed (leader election's NoLiveReplicaPassedOver), so a live      *)
(* primary is never deposed: at any time at most one live replica acts as  *)
(* primary (UniquePrimary), and a deposed primary is a crashed one, which  *)
(* answers nothing. The primary answers a batch only when every live       *)
(* backup has acknowledged it (or, for a batch of gets, the previous one): *)
(* the primary is at most one batch ahead of the backups, and answers only *)
(* when all live replicas hold the same state (ConsistentWhenAnswering).   *)
(* So every answered write is held by every live replica, including every  *)
(* future primary (AckedWritesHeld), and a read answered by the primary    *)
(* returns the latest acknowledged write (ReadsSeeLastWrite). A new        *)
(* primary may hold one unacknowledged batch more or less than a backup;   *)
(* its full-state message makes them equal before it answers anything      *)
(* (that batch was never answered, its clients retry, the done table       *)
(* keeps retries idempotent). Backups reject older epochs, so a late       *)
(* message of a crashed primary cannot undo the new primary's state.       *)
(* Without the timing assumptions that make the detector perfect, a        *)
(* falsely suspected primary could answer stale reads; writes would block  *)
(* (backups of a newer epoch do not ack it). This design does not claim    *)
(* safety under false suspicions.                                          *)
(*                                                                         *)
(* Go bindings (gen/pbkvs; constants NUM_REPLICAS, BATCH, NULL; NUM_OPS    *)
(* and MAX_FAILURES are model-only).                                       *)
(* AReplica(ref net[_], ref netLen[_], ref fd[_], ref leader[_], ref db,   *)
(* ref alive[_]), self = the replica id, run by the process's Monitor:     *)
(*   net     resources.NewTCPMailboxes; local indices <<self, "req">>,     *)
(*           <<self, "rep">>, <<self, "ack">> (WithMailboxesLocalIndices); *)
(*   netLen  resources.NewMailboxesLength(net);                            *)
(*   fd      failure detectors for replicas and clients: a detector of a   *)
(*           crashed client lets the primary skip its answer. The grace    *)
(*           period of a client's detector must start when the client is   *)
(*           first answered (one NewSingleFailureDetector per client,      *)
(*           created on first use), not at the replica's start-up;         *)
(*   leader  resources.NewIncMap whose index self is a handle of the       *)
(*           LocalSharedManager written by the process's AElection context *)
(*           (gen/leaderelection); the replica holds the lock while it     *)
(*           waits on a mailbox, so the manager's lock timeout must exceed *)
(*           the mailbox read timeout;                                     *)
(*   db      distsys.NewLocalArchetypeResource(EmptyDB) (MakePersistent    *)
(*           over a LocalShared handle if the state should survive);       *)
(*   alive   resources.NewDummy(resources.WithDummyValue(tla.ModuleTRUE)). *)
(* The process must be fail-stop: if any of its contexts stops, it exits.  *)
(* AClient(ref net[_], ref fd[_], ref input, ref output), self = a client  *)
(* id outside 1..NUM_REPLICAS, run by a Monitor (replicas watch it):       *)
(*   net     resources.NewTCPMailboxes, local index <<self, "resp">>;      *)
(*   fd      resources.NewFailureDetector over the replica ids;            *)
(*   input   resources.NewInputChan of [op |-> "put"/"get", key, value];   *)
(*   output  resources.NewOutputChan of answers [from, to, id, value].     *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS
  NUM_REPLICAS,  \* replicas 1..NUM_REPLICAS
  NUM_CLIENTS,   \* clients NUM_REPLICAS+1..NUM_REPLICAS+NUM_CLIENTS
  BATCH,         \* the most client requests the primary takes in one batch
  NULL,          \* the value of a missing key
  NUM_OPS,       \* model only: length of each client's script
  MAX_FAILURES   \* model only: how many replicas may crash

ASSUME /\ NUM_REPLICAS \in Nat /\ NUM_REPLICAS >= 1
       /\ NUM_CLIENTS \in Nat /\ BATCH \in Nat /\ BATCH >= 1 /\ NUM_OPS \in Nat
       /\ MAX_FAILURES \in 0..(NUM_REPLICAS - 1)

Replicas == 1..NUM_REPLICAS
Clients == (NUM_REPLICAS + 1)..(NUM_REPLICAS + NUM_CLIENTS)
NoLeader == 0

\* Mailbox kinds: net[<<node, kind>>].
REQ == "req"
REP == "rep"
ACK == "ack"
RESP == "resp"

\* Epochs are owned round-robin, as in specs/leaderelection.tla.
NextEpoch(e, r) ==
  LET base == (e \div NUM_REPLICAS) * NUM_REPLICAS + r
  IN IF base > e THEN base ELSE base + NUM_REPLICAS

\* The i-th replica other than me (1 <= i < NUM_REPLICAS), in increasing order.
OtherReplica(me, i) == IF i < me THEN i ELSE i + 1

\* The client's next guess of the primary.
NextReplica(r) == IF r = NUM_REPLICAS THEN 1 ELSE r + 1

\* The replicated state and the operations on it.
EmptyDB == [kv |-> [k \in {} |-> NULL], done |-> [c \in {} |-> 0]]
NoMsg == [from |-> 0]  \* the value of message variables not in use
AppliedPut(st, c) == IF c \in DOMAIN st.done THEN st.done[c] ELSE 0
Lookup(st, k) == IF k \in DOMAIN st.kv THEN st.kv[k] ELSE NULL
Exec(st, r) ==
  IF r.op = "put" /\ r.id > AppliedPut(st, r.from)
  THEN [kv |-> (r.key :> r.value) @@ st.kv, done |-> (r.from :> r.id) @@ st.done]
  ELSE st
Answer(st, r, p) ==
  [from |-> p, to |-> r.from, id |-> r.id,
   value |-> IF r.op = "put" THEN r.value ELSE Lookup(st, r.key)]
RECURSIVE ExecAll(_, _)
ExecAll(st, reqs) == IF reqs = <<>> THEN st ELSE ExecAll(Exec(st, Head(reqs)), Tail(reqs))
RECURSIVE Answers(_, _, _)
Answers(st, reqs, p) ==
  IF reqs = <<>> THEN <<>>
  ELSE LET st2 == Exec(st, Head(reqs))
       IN <<Answer(st2, Head(reqs), p)>> \o Answers(st2, Tail(reqs), p)
PutsOf(reqs) == {reqs[i] : i \in {i \in DOMAIN reqs : reqs[i].op = "put"}}
HasPut(reqs) == PutsOf(reqs) # {}
\* What a batch wrote, read from the state after it: the delta shipped to the backups.
Delta(st, reqs) ==
  [kv |-> [k \in {r.key : r \in PutsOf(reqs)} |-> st.kv[k]],
   done |-> [c \in {r.from : r \in PutsOf(reqs)} |-> st.done[c]]]
Merge(st, d) == [kv |-> d.kv @@ st.kv, done |-> d.done @@ st.done]

\* Model only: client c's script, puts and gets of its own key c; put i writes i.
Ops(c) ==
  [i \in 1..NUM_OPS |->
     IF i % 2 = 1 THEN [op |-> "put", key |-> c, value |-> i]
                  ELSE [op |-> "get", key |-> c, value |-> NULL]]

\* Mailbox helpers: the positions of q holding the oldest message of their sender.
SenderHeads(q) == {k \in DOMAIN q : \A l \in 1..(k - 1) : q[l].from # q[k].from}
RemoveAt(q, k) == SubSeq(q, 1, k - 1) \o SubSeq(q, k + 1, Len(q))

(* --mpcal pbkvs {

  \* Primary: execute the batch reqs, then replicate it, or answer it at once if it changed
  \* nothing (a batch of gets and retried puts).
  macro ExecuteBatch(reqs) {
    outbox := Answers(db, reqs, self);
    if (HasPut(reqs) /\ NUM_REPLICAS > 1) {
      seqNo := seqNo + 1;
      with (st = ExecAll(db, reqs)) {
        repMsg := [from |-> self, epoch |-> repEpoch, seq |-> seqNo, full |-> FALSE, body |-> Delta(st, reqs)];
        db := st;
      };
      goto replicate;
    } else {
      db := ExecAll(db, reqs);
      goto reply;
    };
  }

  \* Client: send the current request to prim, or move on if the detector reports it crashed
  \* (a TCP write to a crashed replica would abort forever).
  macro SendRequest() {
    if (fd[prim]) {
      prim := NextReplica(prim);
      goto send;
    } else {
      net[<<prim, REQ>>] := [from |-> self, id |-> reqNo, op |-> nextOp.op, key |-> nextOp.key, value |-> nextOp.value];
      goto receive;
    };
  }

  \* A TCP mailbox (resources.NewTCPMailboxes): reliable, exactly once, FIFO per sender,
  \* unordered across senders; reading takes the oldest pending message of some sender.
  mapping macro TCPMailbox {
    read {
      await Len($variable) > 0;
      with (k \in SenderHeads($variable)) {
        with (msg = $variable[k]) {
          $variable := RemoveAt($variable, k);
          yield msg;
        };
      };
    }
    write {
      yield Append($variable, $value);
    }
  }

  \* The number of messages pending in a local mailbox (resources.NewMailboxesLength).
  mapping macro MailboxLength {
    read { yield Len($variable); }
    write { assert FALSE; }
  }

  \* The perfect failure detector (resources.NewFailureDetector under its timing assumptions):
  \* $variable is TRUE iff the process crashed.
  mapping macro PerfectFD {
    read { yield $variable; }
    write { assert FALSE; }
  }

  \* Model-only crash guard over the same crashed flag: TRUE while the replica lives. Go binds
  \* it to resources.NewDummy(resources.WithDummyValue(tla.ModuleTRUE)).
  mapping macro CrashStop {
    read { yield ~$variable; }
    write { assert FALSE; }
  }

  \* The replica's leader-election view, read-only here: in Go a handle on the LocalShared
  \* that the replica's AElection context (gen/leaderelection) writes.
  mapping macro LeaderView {
    read { yield $variable; }
    write { assert FALSE; }
  }

  \* The replica's state: a plain variable (a Local resource in Go, or MakePersistent over one).
  mapping macro Storage {
    read { yield $variable; }
    write { yield $value; }
  }

  \* A client's requests (resources.NewInputChan): the next value of the Go channel.
  mapping macro InputQueue {
    read {
      await Len($variable) > 0;
      with (h = Head($variable)) {
        $variable := Tail($variable);
        yield h;
      };
    }
    write { assert FALSE; }
  }

  \* A client's answers (resources.NewOutputChan): appended in order.
  mapping macro OutputLog {
    read { assert FALSE; }
    write { yield Append($variable, $value); }
  }

  archetype AReplica(ref net[_], ref netLen[_], ref fd[_], ref leader[_], ref db, ref alive[_])
    variables
      repEpoch = 0,    \* backup: the highest epoch accepted; primary: its own epoch
      seqNo = 0,       \* primary: the sequence number of the last replication message
      batch = <<>>,    \* primary: the requests of the current batch
      outbox = <<>>,   \* primary: the answers of the current batch
      repMsg = NoMsg,  \* primary: the replication message of the current round
      idx = 1,         \* primary: index of the destination (replicate) or answer (reply)
      waiting = {},    \* primary: the replicas whose ack is awaited
      ackMsg = NoMsg;  \* backup: the ack to send
  {
  loop:
    await alive[self];
    with (view = leader[self]) {
      if (view.leader = self /\ view.epoch > repEpoch) {
        \* newly primary: first bring every live backup to this replica's state
        repEpoch := view.epoch;
        if (FALSE) {  \* MUTATION: was NUM_REPLICAS > 1
          seqNo := seqNo + 1;
          repMsg := [from |-> self, epoch |-> view.epoch, seq |-> seqNo, full |-> TRUE, body |-> db];
          goto replicate;
        } else {
          goto loop;
        };
      } else if (view.leader = self /\ view.epoch = repEpoch) {
        \* primary: wait for a client request, the first of a batch; if no other is pending,
        \* execute it at once
        with (first = net[<<self, REQ>>]) {
          if (BATCH > 1 /\ netLen[<<self, REQ>>] > 0) {
            batch := <<first>>;
            goto collect;
          } else {
            ExecuteBatch(<<first>>);
          };
        };
      } else {
        \* backup: apply a replication message of the current or a newer epoch, then ack
        \* it; older epochs come from crashed primaries and are dropped
        with (m = net[<<self, REP>>]) {
          if (m.epoch >= repEpoch) {
            repEpoch := m.epoch;
            if (m.full) {
              db := m.body;
            } else {
              db := Merge(db, m.body);
            };
            ackMsg := [from |-> self, to |-> m.from, epoch |-> m.epoch, seq |-> m.seq];
            goto ackRep;
          } else {
            goto loop;
          };
        };
      };
    };

  ackRep:
    await alive[self];
    if (~fd[ackMsg.to]) {  \* (if the primary crashed, nobody waits for the ack)
      net[<<ackMsg.to, ACK>>] := ackMsg;
    };
    ackMsg := NoMsg;
    goto loop;

  collect:
    \* take the next pending request; execute the batch when it is full or nothing is pending
    await alive[self];
    with (reqs = Append(batch, net[<<self, REQ>>])) {
      if (Len(reqs) < BATCH /\ netLen[<<self, REQ>>] > 0) {
        batch := reqs;
        goto collect;
      } else {
        batch := <<>>;
        ExecuteBatch(reqs);
      };
    };

  replicate:
    \* one message per other replica (idx-th), skipping those the detector reports crashed
    await alive[self];
    with (b = OtherReplica(self, idx)) {
      if (~fd[b]) {
        net[<<b, REP>>] := repMsg;
        waiting := waiting \cup {b};
      };
    };
    if (idx < NUM_REPLICAS - 1) {
      idx := idx + 1;
      goto replicate;
    } else {
      idx := 1;
      repMsg := NoMsg;
      if (waiting # {}) {
        goto awaitAcks;
      } else if (outbox # <<>>) {
        goto reply;
      } else {
        goto loop;
      };
    };

  awaitAcks:
    \* every backup sent to acks the round, or crashes
    await alive[self];
    either {
      with (a = net[<<self, ACK>>]) {
        if (a.epoch = repEpoch /\ a.seq = seqNo) {
          waiting := waiting \ {a.from};
        };
      };
    } or {
      with (b \in waiting) {
        await fd[b];
        waiting := waiting \ {b};
      };
    };
    if (waiting # {}) {
      goto awaitAcks;
    } else if (outbox # <<>>) {
      goto reply;
    } else {
      goto loop;
    };

  reply:
    \* every live replica holds the batch: answer its idx-th request
    await alive[self];
    if (~fd[outbox[idx].to]) {  \* (a client that is gone gets nothing)
      net[<<outbox[idx].to, RESP>>] := outbox[idx];
    };
    if (idx < Len(outbox)) {
      idx := idx + 1;
      goto reply;
    } else {
      idx := 1;
      outbox := <<>>;
      goto loop;
    };
  }

  archetype AClient(ref net[_], ref fd[_], ref input, ref output)
    variables
      prim = 1,   \* the replica believed to be the primary
      reqNo = 0,  \* the id of the current request
      nextOp;     \* the current operation, from input: [op, key, value]
  {
  clientLoop:
    nextOp := input;
    reqNo := reqNo + 1;
    SendRequest();

  send:
    \* resend the current request (same id) to the next replica
    SendRequest();

  receive:
    if (fd[prim]) {
      \* prim crashed: resend the request to the next replica
      prim := NextReplica(prim);
      goto send;
    } else {
      with (a = net[<<self, RESP>>]) {
        if (a.id # reqNo) {
          goto receive;  \* a late answer to an earlier attempt
        } else {
          output := a;
          goto clientLoop;
        };
      };
    };
  }

  variables
    net = [i \in (Replicas \X {REQ, REP, ACK}) \cup (Clients \X {RESP}) |-> <<>>],
    crashed = [p \in Replicas \cup Clients |-> FALSE],
    views = [r \in Replicas |-> [epoch |-> 0, leader |-> NoLeader]],
    responses = <<>>;

  fair process (Replica \in Replicas) == instance AReplica(ref net[_], ref net[_], ref crashed[_], ref views[_], EmptyDB, ref crashed[_])
    mapping @1[_] via TCPMailbox
    mapping @2[_] via MailboxLength
    mapping @3[_] via PerfectFD
    mapping @4[_] via LeaderView
    mapping @5 via Storage
    mapping @6[_] via CrashStop;

  fair process (Client \in Clients) == instance AClient(ref net[_], ref crashed[_], Ops(Client), ref responses)
    mapping @1[_] via TCPMailbox
    mapping @2[_] via PerfectFD
    mapping @3 via InputQueue
    mapping @4 via OutputLog;

  \* Model only: the leader-election service (see the header). The lowest live replica, if
  \* its view does not name itself yet, announces an epoch it owns above its view's.
  fair process (Elector = NUM_REPLICAS + NUM_CLIENTS + 1)
  {
  elect:
    while (TRUE) {
      with (l = CHOOSE x \in Replicas : ~crashed[x] /\ \A y \in Replicas : y < x => crashed[y]) {
        await views[l].leader # l;
        views[l] := [epoch |-> NextEpoch(views[l].epoch, l), leader |-> l];
      };
    };
  }

  \* Model only: crashes up to MAX_FAILURES replicas, at any time. Its second branch is a
  \* stuttering step enabled once every client has its answers, so that a state in which
  \* nothing can move is reported as a deadlock unless every request was answered.
  process (Crasher = NUM_REPLICAS + NUM_CLIENTS + 2)
  {
  crash:
    while (TRUE) {
      either {
        await Cardinality({r \in Replicas : crashed[r]}) < MAX_FAILURES;
        with (r \in {x \in Replicas : ~crashed[x]}) {
          crashed[r] := TRUE;
        };
      } or {
        await Len(responses) = NUM_CLIENTS * NUM_OPS;
      };
    };
  }
}

\* BEGIN PLUSCAL TRANSLATION
--algorithm pbkvs {
  variables net = [i \in ((Replicas) \X ({REQ, REP, ACK})) \cup ((Clients) \X ({RESP})) |-> <<>>]; crashed = [p \in (Replicas) \cup (Clients) |-> FALSE]; views = [r \in Replicas |-> [epoch |-> 0, leader |-> NoLeader]]; responses = <<>>;

  fair process (Elector = ((NUM_REPLICAS) + (NUM_CLIENTS)) + (1))
  {
    elect:
      if (TRUE) {
        with (l = CHOOSE x \in Replicas : (~ ((crashed)[x])) /\ (\A y \in Replicas : ((y) < (x)) => ((crashed)[y]))) {
          await (((views)[l]).leader) # (l);
          views := [views EXCEPT ![l] = [epoch |-> NextEpoch(((views)[l]).epoch, l), leader |-> l]];
          goto elect;
        };
      } else {
        goto Done;
      };
  }

  process (Crasher = ((NUM_REPLICAS) + (NUM_CLIENTS)) + (2))
  {
    crash:
      if (TRUE) {
        either {
          await (Cardinality({r \in Replicas : (crashed)[r]})) < (MAX_FAILURES);
          with (r \in {x \in Replicas : ~ ((crashed)[x])}) {
            crashed := [crashed EXCEPT ![r] = TRUE];
            goto crash;
          };
        } or {
          await (Len(responses)) = ((NUM_CLIENTS) * (NUM_OPS));
          goto crash;
        };
      } else {
        goto Done;
      };
  }

  fair process (Replica \in Replicas)
    variables db = EmptyDB; repEpoch = 0; seqNo = 0; batch = <<>>; outbox = <<>>; repMsg = NoMsg; idx = 1; waiting = {}; ackMsg = NoMsg;
  {
    loop:
      with (yielded_crashed = ~ ((crashed)[self])) {
        await yielded_crashed;
        with (
          yielded_views = (views)[self],
          view = yielded_views
        ) {
          if ((((view).leader) = (self)) /\ (((view).epoch) > (repEpoch))) {
            repEpoch := (view).epoch;
            if (FALSE) {
              seqNo := (seqNo) + (1);
              with (yielded_db = db) {
                repMsg := [from |-> self, epoch |-> (view).epoch, seq |-> seqNo, full |-> TRUE, body |-> yielded_db];
                goto replicate;
              };
            } else {
              goto loop;
            };
          } else {
            if ((((view).leader) = (self)) /\ (((view).epoch) = (repEpoch))) {
              await (Len((net)[<<self, REQ>>])) > (0);
              with (
                k0 \in SenderHeads((net)[<<self, REQ>>]),
                msg0 = ((net)[<<self, REQ>>])[k0]
              ) {
                net := [net EXCEPT ![<<self, REQ>>] = RemoveAt((net)[<<self, REQ>>], k0)];
                with (
                  yielded_net = msg0,
                  first = yielded_net,
                  yielded_net0 = Len((net)[<<self, REQ>>])
                ) {
                  if (((BATCH) > (1)) /\ ((yielded_net0) > (0))) {
                    batch := <<first>>;
                    goto collect;
                  } else {
                    with (yielded_db0 = db) {
                      outbox := Answers(yielded_db0, <<first>>, self);
                      if ((HasPut(<<first>>)) /\ ((NUM_REPLICAS) > (1))) {
                        seqNo := (seqNo) + (1);
                        with (
                          yielded_db1 = db,
                          st0 = ExecAll(yielded_db1, <<first>>)
                        ) {
                          repMsg := [from |-> self, epoch |-> repEpoch, seq |-> seqNo, full |-> FALSE, body |-> Delta(st0, <<first>>)];
                          with (value0 = st0) {
                            db := value0;
                            goto replicate;
                          };
                        };
                      } else {
                        with (
                          yielded_db2 = db,
                          value1 = ExecAll(yielded_db2, <<first>>)
                        ) {
                          db := value1;
                          goto reply;
                        };
                      };
                    };
                  };
                };
              };
            } else {
              await (Len((net)[<<self, REP>>])) > (0);
              with (
                k1 \in SenderHeads((net)[<<self, REP>>]),
                msg1 = ((net)[<<self, REP>>])[k1]
              ) {
                net := [net EXCEPT ![<<self, REP>>] = RemoveAt((net)[<<self, REP>>], k1)];
                with (
                  yielded_net1 = msg1,
                  m = yielded_net1
                ) {
                  if (((m).epoch) >= (repEpoch)) {
                    repEpoch := (m).epoch;
                    if ((m).full) {
                      with (value2 = (m).body) {
                        db := value2;
                      };
                    } else {
                      with (
                        yielded_db3 = db,
                        value3 = Merge(yielded_db3, (m).body)
                      ) {
                        db := value3;
                      };
                    };
                    ackMsg := [from |-> self, to |-> (m).from, epoch |-> (m).epoch, seq |-> (m).seq];
                    goto ackRep;
                  } else {
                    goto loop;
                  };
                };
              };
            };
          };
        };
      };
    ackRep:
      with (yielded_crashed0 = ~ ((crashed)[self])) {
        await yielded_crashed0;
        with (yielded_crashed1 = (crashed)[(ackMsg).to]) {
          if (~ (yielded_crashed1)) {
            with (value4 = ackMsg) {
              net := [net EXCEPT ![<<(ackMsg).to, ACK>>] = Append((net)[<<(ackMsg).to, ACK>>], value4)];
            };
          };
          ackMsg := NoMsg;
          goto loop;
        };
      };
    collect:
      with (yielded_crashed2 = ~ ((crashed)[self])) {
        await yielded_crashed2;
        await (Len((net)[<<self, REQ>>])) > (0);
        with (
          k2 \in SenderHeads((net)[<<self, REQ>>]),
          msg2 = ((net)[<<self, REQ>>])[k2]
        ) {
          net := [net EXCEPT ![<<self, REQ>>] = RemoveAt((net)[<<self, REQ>>], k2)];
          with (
            yielded_net2 = msg2,
            reqs = Append(batch, yielded_net2),
            yielded_net3 = Len((net)[<<self, REQ>>])
          ) {
            if (((Len(reqs)) < (BATCH)) /\ ((yielded_net3) > (0))) {
              batch := reqs;
              goto collect;
            } else {
              batch := <<>>;
              with (yielded_db4 = db) {
                outbox := Answers(yielded_db4, reqs, self);
                if ((HasPut(reqs)) /\ ((NUM_REPLICAS) > (1))) {
                  seqNo := (seqNo) + (1);
                  with (
                    yielded_db5 = db,
                    st1 = ExecAll(yielded_db5, reqs)
                  ) {
                    repMsg := [from |-> self, epoch |-> repEpoch, seq |-> seqNo, full |-> FALSE, body |-> Delta(st1, reqs)];
                    with (value5 = st1) {
                      db := value5;
                      goto replicate;
                    };
                  };
                } else {
                  with (
                    yielded_db6 = db,
                    value6 = ExecAll(yielded_db6, reqs)
                  ) {
                    db := value6;
                    goto reply;
                  };
                };
              };
            };
          };
        };
      };
    replicate:
      with (yielded_crashed3 = ~ ((crashed)[self])) {
        await yielded_crashed3;
        with (
          b = OtherReplica(self, idx),
          yielded_crashed4 = (crashed)[b]
        ) {
          if (~ (yielded_crashed4)) {
            with (value7 = repMsg) {
              net := [net EXCEPT ![<<b, REP>>] = Append((net)[<<b, REP>>], value7)];
              waiting := (waiting) \cup ({b});
            };
          };
          if ((idx) < ((NUM_REPLICAS) - (1))) {
            idx := (idx) + (1);
            goto replicate;
          } else {
            idx := 1;
            repMsg := NoMsg;
            if ((waiting) # ({})) {
              goto awaitAcks;
            } else {
              if ((outbox) # (<<>>)) {
                goto reply;
              } else {
                goto loop;
              };
            };
          };
        };
      };
    awaitAcks:
      with (yielded_crashed5 = ~ ((crashed)[self])) {
        await yielded_crashed5;
        either {
          await (Len((net)[<<self, ACK>>])) > (0);
          with (
            k3 \in SenderHeads((net)[<<self, ACK>>]),
            msg3 = ((net)[<<self, ACK>>])[k3]
          ) {
            net := [net EXCEPT ![<<self, ACK>>] = RemoveAt((net)[<<self, ACK>>], k3)];
            with (
              yielded_net4 = msg3,
              a = yielded_net4
            ) {
              if ((((a).epoch) = (repEpoch)) /\ (((a).seq) = (seqNo))) {
                waiting := (waiting) \ ({(a).from});
              };
            };
          };
        } or {
          with (
            b \in waiting,
            yielded_crashed6 = (crashed)[b]
          ) {
            await yielded_crashed6;
            waiting := (waiting) \ ({b});
          };
        };
        if ((waiting) # ({})) {
          goto awaitAcks;
        } else {
          if ((outbox) # (<<>>)) {
            goto reply;
          } else {
            goto loop;
          };
        };
      };
    reply:
      with (yielded_crashed7 = ~ ((crashed)[self])) {
        await yielded_crashed7;
        with (yielded_crashed8 = (crashed)[((outbox)[idx]).to]) {
          if (~ (yielded_crashed8)) {
            with (value8 = (outbox)[idx]) {
              net := [net EXCEPT ![<<((outbox)[idx]).to, RESP>>] = Append((net)[<<((outbox)[idx]).to, RESP>>], value8)];
            };
          };
          if ((idx) < (Len(outbox))) {
            idx := (idx) + (1);
            goto reply;
          } else {
            idx := 1;
            outbox := <<>>;
            goto loop;
          };
        };
      };
  }

  fair process (Client \in Clients)
    variables input = Ops(self); prim = 1; reqNo = 0; nextOp;
  {
    clientLoop:
      await (Len(input)) > (0);
      with (h0 = Head(input)) {
        input := Tail(input);
        with (yielded_input = h0) {
          nextOp := yielded_input;
          reqNo := (reqNo) + (1);
          with (yielded_crashed9 = (crashed)[prim]) {
            if (yielded_crashed9) {
              prim := NextReplica(prim);
              goto send;
            } else {
              with (value9 = [from |-> self, id |-> reqNo, op |-> (nextOp).op, key |-> (nextOp).key, value |-> (nextOp).value]) {
                net := [net EXCEPT ![<<prim, REQ>>] = Append((net)[<<prim, REQ>>], value9)];
                goto receive;
              };
            };
          };
        };
      };
    send:
      with (yielded_crashed10 = (crashed)[prim]) {
        if (yielded_crashed10) {
          prim := NextReplica(prim);
          goto send;
        } else {
          with (value10 = [from |-> self, id |-> reqNo, op |-> (nextOp).op, key |-> (nextOp).key, value |-> (nextOp).value]) {
            net := [net EXCEPT ![<<prim, REQ>>] = Append((net)[<<prim, REQ>>], value10)];
            goto receive;
          };
        };
      };
    receive:
      with (yielded_crashed11 = (crashed)[prim]) {
        if (yielded_crashed11) {
          prim := NextReplica(prim);
          goto send;
        } else {
          await (Len((net)[<<self, RESP>>])) > (0);
          with (
            k4 \in SenderHeads((net)[<<self, RESP>>]),
            msg4 = ((net)[<<self, RESP>>])[k4]
          ) {
            net := [net EXCEPT ![<<self, RESP>>] = RemoveAt((net)[<<self, RESP>>], k4)];
            with (
              yielded_net5 = msg4,
              a = yielded_net5
            ) {
              if (((a).id) # (reqNo)) {
                goto receive;
              } else {
                with (value11 = a) {
                  responses := Append(responses, value11);
                  goto clientLoop;
                };
              };
            };
          };
        };
      };
  }
}

\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
CONSTANT defaultInitValue
VARIABLES pc, net, crashed, views, responses, db, repEpoch, seqNo, batch, 
          outbox, repMsg, idx, waiting, ackMsg, input, prim, reqNo, nextOp

vars == << pc, net, crashed, views, responses, db, repEpoch, seqNo, batch, 
           outbox, repMsg, idx, waiting, ackMsg, input, prim, reqNo, nextOp >>

ProcSet == {((NUM_REPLICAS) + (NUM_CLIENTS)) + (1)} \cup {((NUM_REPLICAS) + (NUM_CLIENTS)) + (2)} \cup (Replicas) \cup (Clients)

Init == (* Global variables *)
        /\ net = [i \in ((Replicas) \X ({REQ, REP, ACK})) \cup ((Clients) \X ({RESP})) |-> <<>>]
        /\ crashed = [p \in (Replicas) \cup (Clients) |-> FALSE]
        /\ views = [r \in Replicas |-> [epoch |-> 0, leader |-> NoLeader]]
        /\ responses = <<>>
        (* Process Replica *)
        /\ db = [self \in Replicas |-> EmptyDB]
        /\ repEpoch = [self \in Replicas |-> 0]
        /\ seqNo = [self \in Replicas |-> 0]
        /\ batch = [self \in Replicas |-> <<>>]
        /\ outbox = [self \in Replicas |-> <<>>]
        /\ repMsg = [self \in Replicas |-> NoMsg]
        /\ idx = [self \in Replicas |-> 1]
        /\ waiting = [self \in Replicas |-> {}]
        /\ ackMsg = [self \in Replicas |-> NoMsg]
        (* Process Client *)
        /\ input = [self \in Clients |-> Ops(self)]
        /\ prim = [self \in Clients |-> 1]
        /\ reqNo = [self \in Clients |-> 0]
        /\ nextOp = [self \in Clients |-> defaultInitValue]
        /\ pc = [self \in ProcSet |-> CASE self = ((NUM_REPLICAS) + (NUM_CLIENTS)) + (1) -> "elect"
                                        [] self = ((NUM_REPLICAS) + (NUM_CLIENTS)) + (2) -> "crash"
                                        [] self \in Replicas -> "loop"
                                        [] self \in Clients -> "clientLoop"]

elect == /\ pc[((NUM_REPLICAS) + (NUM_CLIENTS)) + (1)] = "elect"
         /\ IF TRUE
               THEN /\ LET l == CHOOSE x \in Replicas : (~ ((crashed)[x])) /\ (\A y \in Replicas : ((y) < (x)) => ((crashed)[y])) IN
                         /\ (((views)[l]).leader) # (l)
                         /\ views' = [views EXCEPT ![l] = [epoch |-> NextEpoch(((views)[l]).epoch, l), leader |-> l]]
                         /\ pc' = [pc EXCEPT ![((NUM_REPLICAS) + (NUM_CLIENTS)) + (1)] = "elect"]
               ELSE /\ pc' = [pc EXCEPT ![((NUM_REPLICAS) + (NUM_CLIENTS)) + (1)] = "Done"]
                    /\ views' = views
         /\ UNCHANGED << net, crashed, responses, db, repEpoch, seqNo, batch, 
                         outbox, repMsg, idx, waiting, ackMsg, input, prim, 
                         reqNo, nextOp >>

Elector == elect

crash == /\ pc[((NUM_REPLICAS) + (NUM_CLIENTS)) + (2)] = "crash"
         /\ IF TRUE
               THEN /\ \/ /\ (Cardinality({r \in Replicas : (crashed)[r]})) < (MAX_FAILURES)
                          /\ \E r \in {x \in Replicas : ~ ((crashed)[x])}:
                               /\ crashed' = [crashed EXCEPT ![r] = TRUE]
                               /\ pc' = [pc EXCEPT ![((NUM_REPLICAS) + (NUM_CLIENTS)) + (2)] = "crash"]
                       \/ /\ (Len(responses)) = ((NUM_CLIENTS) * (NUM_OPS))
                          /\ pc' = [pc EXCEPT ![((NUM_REPLICAS) + (NUM_CLIENTS)) + (2)] = "crash"]
                          /\ UNCHANGED crashed
               ELSE /\ pc' = [pc EXCEPT ![((NUM_REPLICAS) + (NUM_CLIENTS)) + (2)] = "Done"]
                    /\ UNCHANGED crashed
         /\ UNCHANGED << net, views, responses, db, repEpoch, seqNo, batch, 
                         outbox, repMsg, idx, waiting, ackMsg, input, prim, 
                         reqNo, nextOp >>

Crasher == crash

loop(self) == /\ pc[self] = "loop"
              /\ LET yielded_crashed == ~ ((crashed)[self]) IN
                   /\ yielded_crashed
                   /\ LET yielded_views == (views)[self] IN
                        LET view == yielded_views IN
                          IF (((view).leader) = (self)) /\ (((view).epoch) > (repEpoch[self]))
                             THEN /\ repEpoch' = [repEpoch EXCEPT ![self] = (view).epoch]
                                  /\ IF FALSE
                                        THEN /\ seqNo' = [seqNo EXCEPT ![self] = (seqNo[self]) + (1)]
                                             /\ LET yielded_db == db[self] IN
                                                  /\ repMsg' = [repMsg EXCEPT ![self] = [from |-> self, epoch |-> (view).epoch, seq |-> seqNo'[self], full |-> TRUE, body |-> yielded_db]]
                                                  /\ pc' = [pc EXCEPT ![self] = "replicate"]
                                        ELSE /\ pc' = [pc EXCEPT ![self] = "loop"]
                                             /\ UNCHANGED << seqNo, repMsg >>
                                  /\ UNCHANGED << net, db, batch, outbox, 
                                                  ackMsg >>
                             ELSE /\ IF (((view).leader) = (self)) /\ (((view).epoch) = (repEpoch[self]))
                                        THEN /\ (Len((net)[<<self, REQ>>])) > (0)
                                             /\ \E k0 \in SenderHeads((net)[<<self, REQ>>]):
                                                  LET msg0 == ((net)[<<self, REQ>>])[k0] IN
                                                    /\ net' = [net EXCEPT ![<<self, REQ>>] = RemoveAt((net)[<<self, REQ>>], k0)]
                                                    /\ LET yielded_net == msg0 IN
                                                         LET first == yielded_net IN
                                                           LET yielded_net0 == Len((net')[<<self, REQ>>]) IN
                                                             IF ((BATCH) > (1)) /\ ((yielded_net0) > (0))
                                                                THEN /\ batch' = [batch EXCEPT ![self] = <<first>>]
                                                                     /\ pc' = [pc EXCEPT ![self] = "collect"]
                                                                     /\ UNCHANGED << db, 
                                                                                     seqNo, 
                                                                                     outbox, 
                                                                                     repMsg >>
                                                                ELSE /\ LET yielded_db0 == db[self] IN
                                                                          /\ outbox' = [outbox EXCEPT ![self] = Answers(yielded_db0, <<first>>, self)]
                                                                          /\ IF (HasPut(<<first>>)) /\ ((NUM_REPLICAS) > (1))
                                                                                THEN /\ seqNo' = [seqNo EXCEPT ![self] = (seqNo[self]) + (1)]
                                                                                     /\ LET yielded_db1 == db[self] IN
                                                                                          LET st0 == ExecAll(yielded_db1, <<first>>) IN
                                                                                            /\ repMsg' = [repMsg EXCEPT ![self] = [from |-> self, epoch |-> repEpoch[self], seq |-> seqNo'[self], full |-> FALSE, body |-> Delta(st0, <<first>>)]]
                                                                                            /\ LET value0 == st0 IN
                                                                                                 /\ db' = [db EXCEPT ![self] = value0]
                                                                                                 /\ pc' = [pc EXCEPT ![self] = "replicate"]
                                                                                ELSE /\ LET yielded_db2 == db[self] IN
                                                                                          LET value1 == ExecAll(yielded_db2, <<first>>) IN
                                                                                            /\ db' = [db EXCEPT ![self] = value1]
                                                                                            /\ pc' = [pc EXCEPT ![self] = "reply"]
                                                                                     /\ UNCHANGED << seqNo, 
                                                                                                     repMsg >>
                                                                     /\ batch' = batch
                                             /\ UNCHANGED << repEpoch, ackMsg >>
                                        ELSE /\ (Len((net)[<<self, REP>>])) > (0)
                                             /\ \E k1 \in SenderHeads((net)[<<self, REP>>]):
                                                  LET msg1 == ((net)[<<self, REP>>])[k1] IN
                                                    /\ net' = [net EXCEPT ![<<self, REP>>] = RemoveAt((net)[<<self, REP>>], k1)]
                                                    /\ LET yielded_net1 == msg1 IN
                                                         LET m == yielded_net1 IN
                                                           IF ((m).epoch) >= (repEpoch[self])
                                                              THEN /\ repEpoch' = [repEpoch EXCEPT ![self] = (m).epoch]
                                                                   /\ IF (m).full
                                                                         THEN /\ LET value2 == (m).body IN
                                                                                   db' = [db EXCEPT ![self] = value2]
                                                                         ELSE /\ LET yielded_db3 == db[self] IN
                                                                                   LET value3 == Merge(yielded_db3, (m).body) IN
                                                                                     db' = [db EXCEPT ![self] = value3]
                                                                   /\ ackMsg' = [ackMsg EXCEPT ![self] = [from |-> self, to |-> (m).from, epoch |-> (m).epoch, seq |-> (m).seq]]
                                                                   /\ pc' = [pc EXCEPT ![self] = "ackRep"]
                                                              ELSE /\ pc' = [pc EXCEPT ![self] = "loop"]
                                                                   /\ UNCHANGED << db, 
                                                                                   repEpoch, 
                                                                                   ackMsg >>
                                             /\ UNCHANGED << seqNo, batch, 
                                                             outbox, repMsg >>
              /\ UNCHANGED << crashed, views, responses, idx, waiting, input, 
                              prim, reqNo, nextOp >>

ackRep(self) == /\ pc[self] = "ackRep"
                /\ LET yielded_crashed0 == ~ ((crashed)[self]) IN
                     /\ yielded_crashed0
                     /\ LET yielded_crashed1 == (crashed)[(ackMsg[self]).to] IN
                          /\ IF ~ (yielded_crashed1)
                                THEN /\ LET value4 == ackMsg[self] IN
                                          net' = [net EXCEPT ![<<(ackMsg[self]).to, ACK>>] = Append((net)[<<(ackMsg[self]).to, ACK>>], value4)]
                                ELSE /\ TRUE
                                     /\ net' = net
                          /\ ackMsg' = [ackMsg EXCEPT ![self] = NoMsg]
                          /\ pc' = [pc EXCEPT ![self] = "loop"]
                /\ UNCHANGED << crashed, views, responses, db, repEpoch, seqNo, 
                                batch, outbox, repMsg, idx, waiting, input, 
                                prim, reqNo, nextOp >>

collect(self) == /\ pc[self] = "collect"
                 /\ LET yielded_crashed2 == ~ ((crashed)[self]) IN
                      /\ yielded_crashed2
                      /\ (Len((net)[<<self, REQ>>])) > (0)
                      /\ \E k2 \in SenderHeads((net)[<<self, REQ>>]):
                           LET msg2 == ((net)[<<self, REQ>>])[k2] IN
                             /\ net' = [net EXCEPT ![<<self, REQ>>] = RemoveAt((net)[<<self, REQ>>], k2)]
                             /\ LET yielded_net2 == msg2 IN
                                  LET reqs == Append(batch[self], yielded_net2) IN
                                    LET yielded_net3 == Len((net')[<<self, REQ>>]) IN
                                      IF ((Len(reqs)) < (BATCH)) /\ ((yielded_net3) > (0))
                                         THEN /\ batch' = [batch EXCEPT ![self] = reqs]
                                              /\ pc' = [pc EXCEPT ![self] = "collect"]
                                              /\ UNCHANGED << db, seqNo, 
                                                              outbox, repMsg >>
                                         ELSE /\ batch' = [batch EXCEPT ![self] = <<>>]
                                              /\ LET yielded_db4 == db[self] IN
                                                   /\ outbox' = [outbox EXCEPT ![self] = Answers(yielded_db4, reqs, self)]
                                                   /\ IF (HasPut(reqs)) /\ ((NUM_REPLICAS) > (1))
                                                         THEN /\ seqNo' = [seqNo EXCEPT ![self] = (seqNo[self]) + (1)]
                                                              /\ LET yielded_db5 == db[self] IN
                                                                   LET st1 == ExecAll(yielded_db5, reqs) IN
                                                                     /\ repMsg' = [repMsg EXCEPT ![self] = [from |-> self, epoch |-> repEpoch[self], seq |-> seqNo'[self], full |-> FALSE, body |-> Delta(st1, reqs)]]
                                                                     /\ LET value5 == st1 IN
                                                                          /\ db' = [db EXCEPT ![self] = value5]
                                                                          /\ pc' = [pc EXCEPT ![self] = "replicate"]
                                                         ELSE /\ LET yielded_db6 == db[self] IN
                                                                   LET value6 == ExecAll(yielded_db6, reqs) IN
                                                                     /\ db' = [db EXCEPT ![self] = value6]
                                                                     /\ pc' = [pc EXCEPT ![self] = "reply"]
                                                              /\ UNCHANGED << seqNo, 
                                                                              repMsg >>
                 /\ UNCHANGED << crashed, views, responses, repEpoch, idx, 
                                 waiting, ackMsg, input, prim, reqNo, nextOp >>

replicate(self) == /\ pc[self] = "replicate"
                   /\ LET yielded_crashed3 == ~ ((crashed)[self]) IN
                        /\ yielded_crashed3
                        /\ LET b == OtherReplica(self, idx[self]) IN
                             LET yielded_crashed4 == (crashed)[b] IN
                               /\ IF ~ (yielded_crashed4)
                                     THEN /\ LET value7 == repMsg[self] IN
                                               /\ net' = [net EXCEPT ![<<b, REP>>] = Append((net)[<<b, REP>>], value7)]
                                               /\ waiting' = [waiting EXCEPT ![self] = (waiting[self]) \cup ({b})]
                                     ELSE /\ TRUE
                                          /\ UNCHANGED << net, waiting >>
                               /\ IF (idx[self]) < ((NUM_REPLICAS) - (1))
                                     THEN /\ idx' = [idx EXCEPT ![self] = (idx[self]) + (1)]
                                          /\ pc' = [pc EXCEPT ![self] = "replicate"]
                                          /\ UNCHANGED repMsg
                                     ELSE /\ idx' = [idx EXCEPT ![self] = 1]
                                          /\ repMsg' = [repMsg EXCEPT ![self] = NoMsg]
                                          /\ IF (waiting'[self]) # ({})
                                                THEN /\ pc' = [pc EXCEPT ![self] = "awaitAcks"]
                                                ELSE /\ IF (outbox[self]) # (<<>>)
                                                           THEN /\ pc' = [pc EXCEPT ![self] = "reply"]
                                                           ELSE /\ pc' = [pc EXCEPT ![self] = "loop"]
                   /\ UNCHANGED << crashed, views, responses, db, repEpoch, 
                                   seqNo, batch, outbox, ackMsg, input, prim, 
                                   reqNo, nextOp >>

awaitAcks(self) == /\ pc[self] = "awaitAcks"
                   /\ LET yielded_crashed5 == ~ ((crashed)[self]) IN
                        /\ yielded_crashed5
                        /\ \/ /\ (Len((net)[<<self, ACK>>])) > (0)
                              /\ \E k3 \in SenderHeads((net)[<<self, ACK>>]):
                                   LET msg3 == ((net)[<<self, ACK>>])[k3] IN
                                     /\ net' = [net EXCEPT ![<<self, ACK>>] = RemoveAt((net)[<<self, ACK>>], k3)]
                                     /\ LET yielded_net4 == msg3 IN
                                          LET a == yielded_net4 IN
                                            IF (((a).epoch) = (repEpoch[self])) /\ (((a).seq) = (seqNo[self]))
                                               THEN /\ waiting' = [waiting EXCEPT ![self] = (waiting[self]) \ ({(a).from})]
                                               ELSE /\ TRUE
                                                    /\ UNCHANGED waiting
                           \/ /\ \E b \in waiting[self]:
                                   LET yielded_crashed6 == (crashed)[b] IN
                                     /\ yielded_crashed6
                                     /\ waiting' = [waiting EXCEPT ![self] = (waiting[self]) \ ({b})]
                              /\ net' = net
                        /\ IF (waiting'[self]) # ({})
                              THEN /\ pc' = [pc EXCEPT ![self] = "awaitAcks"]
                              ELSE /\ IF (outbox[self]) # (<<>>)
                                         THEN /\ pc' = [pc EXCEPT ![self] = "reply"]
                                         ELSE /\ pc' = [pc EXCEPT ![self] = "loop"]
                   /\ UNCHANGED << crashed, views, responses, db, repEpoch, 
                                   seqNo, batch, outbox, repMsg, idx, ackMsg, 
                                   input, prim, reqNo, nextOp >>

reply(self) == /\ pc[self] = "reply"
               /\ LET yielded_crashed7 == ~ ((crashed)[self]) IN
                    /\ yielded_crashed7
                    /\ LET yielded_crashed8 == (crashed)[((outbox[self])[idx[self]]).to] IN
                         /\ IF ~ (yielded_crashed8)
                               THEN /\ LET value8 == (outbox[self])[idx[self]] IN
                                         net' = [net EXCEPT ![<<((outbox[self])[idx[self]]).to, RESP>>] = Append((net)[<<((outbox[self])[idx[self]]).to, RESP>>], value8)]
                               ELSE /\ TRUE
                                    /\ net' = net
                         /\ IF (idx[self]) < (Len(outbox[self]))
                               THEN /\ idx' = [idx EXCEPT ![self] = (idx[self]) + (1)]
                                    /\ pc' = [pc EXCEPT ![self] = "reply"]
                                    /\ UNCHANGED outbox
                               ELSE /\ idx' = [idx EXCEPT ![self] = 1]
                                    /\ outbox' = [outbox EXCEPT ![self] = <<>>]
                                    /\ pc' = [pc EXCEPT ![self] = "loop"]
               /\ UNCHANGED << crashed, views, responses, db, repEpoch, seqNo, 
                               batch, repMsg, waiting, ackMsg, input, prim, 
                               reqNo, nextOp >>

Replica(self) == loop(self) \/ ackRep(self) \/ collect(self)
                    \/ replicate(self) \/ awaitAcks(self) \/ reply(self)

clientLoop(self) == /\ pc[self] = "clientLoop"
                    /\ (Len(input[self])) > (0)
                    /\ LET h0 == Head(input[self]) IN
                         /\ input' = [input EXCEPT ![self] = Tail(input[self])]
                         /\ LET yielded_input == h0 IN
                              /\ nextOp' = [nextOp EXCEPT ![self] = yielded_input]
                              /\ reqNo' = [reqNo EXCEPT ![self] = (reqNo[self]) + (1)]
                              /\ LET yielded_crashed9 == (crashed)[prim[self]] IN
                                   IF yielded_crashed9
                                      THEN /\ prim' = [prim EXCEPT ![self] = NextReplica(prim[self])]
                                           /\ pc' = [pc EXCEPT ![self] = "send"]
                                           /\ net' = net
                                      ELSE /\ LET value9 == [from |-> self, id |-> reqNo'[self], op |-> (nextOp'[self]).op, key |-> (nextOp'[self]).key, value |-> (nextOp'[self]).value] IN
                                                /\ net' = [net EXCEPT ![<<prim[self], REQ>>] = Append((net)[<<prim[self], REQ>>], value9)]
                                                /\ pc' = [pc EXCEPT ![self] = "receive"]
                                           /\ prim' = prim
                    /\ UNCHANGED << crashed, views, responses, db, repEpoch, 
                                    seqNo, batch, outbox, repMsg, idx, waiting, 
                                    ackMsg >>

send(self) == /\ pc[self] = "send"
              /\ LET yielded_crashed10 == (crashed)[prim[self]] IN
                   IF yielded_crashed10
                      THEN /\ prim' = [prim EXCEPT ![self] = NextReplica(prim[self])]
                           /\ pc' = [pc EXCEPT ![self] = "send"]
                           /\ net' = net
                      ELSE /\ LET value10 == [from |-> self, id |-> reqNo[self], op |-> (nextOp[self]).op, key |-> (nextOp[self]).key, value |-> (nextOp[self]).value] IN
                                /\ net' = [net EXCEPT ![<<prim[self], REQ>>] = Append((net)[<<prim[self], REQ>>], value10)]
                                /\ pc' = [pc EXCEPT ![self] = "receive"]
                           /\ prim' = prim
              /\ UNCHANGED << crashed, views, responses, db, repEpoch, seqNo, 
                              batch, outbox, repMsg, idx, waiting, ackMsg, 
                              input, reqNo, nextOp >>

receive(self) == /\ pc[self] = "receive"
                 /\ LET yielded_crashed11 == (crashed)[prim[self]] IN
                      IF yielded_crashed11
                         THEN /\ prim' = [prim EXCEPT ![self] = NextReplica(prim[self])]
                              /\ pc' = [pc EXCEPT ![self] = "send"]
                              /\ UNCHANGED << net, responses >>
                         ELSE /\ (Len((net)[<<self, RESP>>])) > (0)
                              /\ \E k4 \in SenderHeads((net)[<<self, RESP>>]):
                                   LET msg4 == ((net)[<<self, RESP>>])[k4] IN
                                     /\ net' = [net EXCEPT ![<<self, RESP>>] = RemoveAt((net)[<<self, RESP>>], k4)]
                                     /\ LET yielded_net5 == msg4 IN
                                          LET a == yielded_net5 IN
                                            IF ((a).id) # (reqNo[self])
                                               THEN /\ pc' = [pc EXCEPT ![self] = "receive"]
                                                    /\ UNCHANGED responses
                                               ELSE /\ LET value11 == a IN
                                                         /\ responses' = Append(responses, value11)
                                                         /\ pc' = [pc EXCEPT ![self] = "clientLoop"]
                              /\ prim' = prim
                 /\ UNCHANGED << crashed, views, db, repEpoch, seqNo, batch, 
                                 outbox, repMsg, idx, waiting, ackMsg, input, 
                                 reqNo, nextOp >>

Client(self) == clientLoop(self) \/ send(self) \/ receive(self)

(* Allow infinite stuttering to prevent deadlock on termination. *)
Terminating == /\ \A self \in ProcSet: pc[self] = "Done"
               /\ UNCHANGED vars

Next == Elector \/ Crasher
           \/ (\E self \in Replicas: Replica(self))
           \/ (\E self \in Clients: Client(self))
           \/ Terminating

Spec == /\ Init /\ [][Next]_vars
        /\ WF_vars(Elector)
        /\ \A self \in Replicas : WF_vars(Replica(self))
        /\ \A self \in Clients : WF_vars(Client(self))

Termination == <>(\A self \in ProcSet: pc[self] = "Done")

\* END TRANSLATION

Alive == {r \in Replicas : ~crashed[r]}

\* At most one live replica acts as primary (a property of the leader-election service).
UniquePrimary == \A p, q \in Alive : views[p].leader = p /\ views[q].leader = q => p = q

\* When the primary answers a client, every live replica holds the same state.
ConsistentWhenAnswering == \A p \in Alive : pc[p] = "reply" => \A r \in Alive : db[r] = db[p]

\* Every acknowledged write is held by every live replica: the replica applied it (or a later
\* put of the same client) and holds the value of the client's last applied put.
AckedWritesHeld ==
  \A n \in DOMAIN responses :
    LET a == responses[n] IN
      Ops(a.to)[a.id].op = "put" =>
        \A r \in Alive : /\ AppliedPut(db[r], a.to) >= a.id
                         /\ Lookup(db[r], a.to) = Ops(a.to)[AppliedPut(db[r], a.to)].value

\* The value of client c's last put before its request i (its own key has no other writer).
LastPutValue(c, i) ==
  IF \E j \in 1..(i - 1) : Ops(c)[j].op = "put"
  THEN Ops(c)[CHOOSE j \in 1..(i - 1) : Ops(c)[j].op = "put" /\ \A k \in (j + 1)..(i - 1) : Ops(c)[k].op # "put"].value
  ELSE NULL

\* A read answers the client's last (acknowledged) write to its key: no stale reads.
ReadsSeeLastWrite ==
  \A n \in DOMAIN responses :
    LET a == responses[n] IN Ops(a.to)[a.id].op = "get" => a.value = LastPutValue(a.to, a.id)

\* Each client gets one answer per request, in order.
AnswersInOrder ==
  \A c \in Clients :
    LET mine == SelectSeq(responses, LAMBDA a : a.to = c)
    IN \A n \in DOMAIN mine : mine[n].id = n

\* Every client eventually has all its answers (not checked by mpgo check yet).
AllAnswered == <>(Len(responses) = NUM_CLIENTS * NUM_OPS)
====
