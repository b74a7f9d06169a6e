---- MODULE leaderelection_untagged_epochs ----
(* MUTANT of specs/leaderelection.tla: a replica announces the epoch after the highest it   *)
(* has seen, whoever owns it, so two replicas can announce the same epoch when the first   *)
(* one's announcement is lost with its crash. OneLeaderPerEpoch must fail.                *)
(***************************************************************************)
(* Leader election over a failure detector, the service that picks the     *)
(* primary of pbkvs (specs/pbkvs.tla).                                     *)
(*                                                                         *)
(* Protocol. Replicas 1..NUM_REPLICAS each run one AElection context. A    *)
(* replica's view is the pair [epoch |-> e, leader |-> l] it last adopted  *)
(* (initially epoch 0, no leader). Epochs are naturals owned round-robin:  *)
(* epoch e > 0 belongs to replica EpochOwner(e) = ((e - 1) % N) + 1, so    *)
(* two replicas never announce the same epoch.                             *)
(*   - cand is the lowest replica this one has not yet seen crash: it      *)
(*     starts at 1 and moves up one replica at a time, each move justified *)
(*     by the failure detector reporting cand crashed;                     *)
(*   - when cand = me (every lower replica has crashed) and the view's     *)
(*     leader is not me, the replica announces: it takes the next epoch    *)
(*     it owns above every epoch it has seen, adopts [epoch, me] itself    *)
(*     and sends the announcement to every other replica (one step per     *)
(*     destination, skipping those the detector reports crashed);          *)
(*   - on receiving an announcement of a higher epoch than its view's, a   *)
(*     replica adopts it; lower or equal epochs are ignored.               *)
(* The view is published through the ref parameter leader[me], which pbkvs *)
(* reads: in Go both contexts of a replica process hold a handle on one    *)
(* LocalSharedManager (initial value [epoch |-> 0, leader |-> 0]).         *)
(*                                                                         *)
(* Model assumptions.                                                      *)
(*   - Crash-stop: the Crasher process crashes up to MAX_FAILURES <        *)
(*     NUM_REPLICAS replicas, each at any step (between any two of its     *)
(*     critical sections). A crashed replica takes no further step (every  *)
(*     section awaits alive[me], a model-only parameter: Go binds it to a  *)
(*     Dummy reading TRUE); messages it has sent stay deliverable.         *)
(*   - Perfect failure detector: fd[j] reads TRUE iff j has crashed; the   *)
(*     crash and its detection are one step (a real detector reports a     *)
(*     crash after a delay, which is a stuttering delay here). The Go      *)
(*     FailureDetector refines PerfectFD under its timing assumptions      *)
(*     (resources/failuredetector.go); without them (PracticalFD) neither  *)
(*     uniqueness nor pbkvs's safety is claimed.                           *)
(*   - Network: TCP mailboxes, net[j] is replica j's inbox: reliable while *)
(*     j lives, exactly once, FIFO per sender and unordered across senders *)
(*     (mapping macro TCPMailbox).                                         *)
(*   - A replica process is fail-stop as a whole: in Go, if any of its     *)
(*     contexts stops, the process must exit, so that the detector (which  *)
(*     polls the replica's pbkvs context) sees the whole replica crash.    *)
(*                                                                         *)
(* Properties: OneLeaderPerEpoch (no two replicas ever lead one epoch);    *)
(* NoLiveReplicaPassedOver (every view's leader has only crashed replicas  *)
(* below it, hence UniqueLeader: at most one live replica believes it      *)
(* leads, and a live leader is never deposed); EpochsOrderedByLeader       *)
(* (later leaders have higher epochs); views only move to higher epochs    *)
(* (ViewsMonotonic); and, with weak fairness for the replicas and at least *)
(* one correct replica, every correct replica eventually follows forever   *)
(* the lowest correct replica (EventuallyFollowCorrectLeader).             *)
(*                                                                         *)
(* Go bindings of AElection(me, ref net[_], ref fd[_], ref leader[_],      *)
(* ref alive[_]), one context per replica process (constant NUM_REPLICAS): *)
(*   me      value parameter: the replica id (self is free, e.g. <<me,     *)
(*           "le">>, so that it does not clash with the replica's pbkvs    *)
(*           context in the process's Monitor);                            *)
(*   net     resources.NewTCPMailboxes, indexed by replica id, local index *)
(*           me (WithMailboxesLocalIndices); a short read timeout keeps    *)
(*           the other branches of the loop responsive;                    *)
(*   fd      resources.NewFailureDetector over the replica ids (it polls   *)
(*           the replicas' monitored contexts);                            *)
(*   leader  resources.NewIncMap whose index me is a handle of the         *)
(*           process's LocalSharedManager holding the view, initially      *)
(*           [epoch |-> 0, leader |-> 0] (pbkvs's AReplica holds another   *)
(*           handle);                                                      *)
(*   alive   resources.NewDummy(resources.WithDummyValue(tla.ModuleTRUE)). *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS NUM_REPLICAS, MAX_FAILURES

ASSUME NUM_REPLICAS \in Nat /\ NUM_REPLICAS >= 1 /\ MAX_FAILURES \in 0..(NUM_REPLICAS - 1)

Replicas == 1..NUM_REPLICAS
NoLeader == 0

\* The replica that owns (may announce) epoch e; epoch 0 has no leader.
EpochOwner(e) == IF e = 0 THEN NoLeader ELSE ((e - 1) % NUM_REPLICAS) + 1

\* The least epoch owned by r above e.
NextEpoch(e, r) ==
  LET base == (e \div NUM_REPLICAS) * NUM_REPLICAS + r
  IN IF base > e THEN base ELSE base + NUM_REPLICAS

\* The i-th replica other than me (1 <= i < NUM_REPLICAS), in increasing order.
OtherReplica(me, i) == IF i < me THEN i ELSE i + 1

\* Mailbox helpers: the positions of q holding the oldest message of their sender.
SenderHeads(q) == {k \in DOMAIN q : \A l \in 1..(k - 1) : q[l].from # q[k].from}
RemoveAt(q, k) == SubSeq(q, 1, k - 1) \o SubSeq(q, k + 1, Len(q))

(* --mpcal leaderelection {

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

  \* The perfect failure detector (resources.NewFailureDetector under its timing assumptions):
  \* $variable is TRUE iff the replica crashed.
  mapping macro PerfectFD {
    read { yield $variable; }
    write { yield $value; }
  }

  \* Model-only crash guard over the same crashed flag: TRUE while the replica lives. Go binds
  \* it to resources.NewDummy(resources.WithDummyValue(tla.ModuleTRUE)): a process never
  \* observes its own crash, it just stops.
  mapping macro CrashStop {
    read { yield ~$variable; }
    write { assert FALSE; }
  }

  \* The published view (a LocalShared handle in Go). The model keeps a ghost history of every
  \* view written, for OneLeaderPerEpoch; Go stores only the current view.
  mapping macro LeaderView {
    read { yield $variable.cur; }
    write { yield [cur |-> $value, hist |-> $variable.hist \cup {$value}]; }
  }

  archetype AElection(me, ref net[_], ref fd[_], ref leader[_], ref alive[_])
    variables
      viewEpoch = 0,   \* the epoch of this replica's view (the highest it has seen)
      cand = 1,    \* the lowest replica not yet seen to crash
      msg,         \* the announcement being handled
      i = 1,       \* announce: index of the next destination (OtherReplica(me, i))
      leads = FALSE;  \* whether the view names me (the epoch no longer tells)
  {
  elect:
    while (TRUE) {
      await alive[me];
      either {
        \* an announcement: adopt it if it is newer than the view
        msg := net[me];
        if (msg.epoch > viewEpoch) {
          viewEpoch := msg.epoch;
          leads := FALSE;
          leader[me] := [epoch |-> msg.epoch, leader |-> msg.leader];
        };
      } or {
        \* the candidate below me has crashed: look at the next one
        await cand < me;
        await fd[cand];
        cand := cand + 1;
      } or {
        \* every lower replica has crashed and I do not lead yet: announce a new epoch
        await cand = me /\ ~leads;
        viewEpoch := viewEpoch + 1;  \* MUTATION: was NextEpoch(viewEpoch, me)
        leader[me] := [epoch |-> viewEpoch, leader |-> me];
        leads := TRUE;
        i := 1;
        goto announce;
      };
    };

  announce:
    while (i < NUM_REPLICAS) {
      await alive[me];
      with (j = OtherReplica(me, i)) {
        either {
          net[j] := [from |-> me, epoch |-> viewEpoch, leader |-> me];
        } or {
          await fd[j];   \* j crashed: skip it (a TCP write to it would abort forever)
        };
      };
      i := i + 1;
    };
    await alive[me];
    goto elect;
  }

  variables
    net = [r \in Replicas |-> <<>>],
    crashed = [r \in Replicas |-> FALSE],
    views = [r \in Replicas |-> [cur |-> [epoch |-> 0, leader |-> NoLeader], hist |-> {}]];

  fair process (Elector \in Replicas) == instance AElection(Elector, ref net[_], ref crashed[_], ref views[_], ref crashed[_])
    mapping net[_] via TCPMailbox
    mapping @3[_] via PerfectFD
    mapping views[_] via LeaderView
    mapping @5[_] via CrashStop;

  \* Model only: crashes up to MAX_FAILURES replicas, at any time. Its second branch is a
  \* stuttering step enabled once the election has settled (every live replica follows the
  \* lowest live replica and has consumed its mail), so that a state in which nothing can move
  \* is reported as a deadlock unless the election has settled.
  process (Crasher = 0)
  {
  crash:
    while (TRUE) {
      either {
        await Cardinality({r \in Replicas : crashed[r]}) < MAX_FAILURES;
        with (r \in {x \in Replicas : ~crashed[x]}) {
          crashed[r] := TRUE;
        };
      } or {
        await \A r \in Replicas : ~crashed[r] =>
                /\ net[r] = <<>>
                /\ views[r].cur.leader = CHOOSE x \in Replicas : ~crashed[x] /\ \A y \in Replicas : ~crashed[y] => x <= y;
      };
    };
  }
}

\* BEGIN PLUSCAL TRANSLATION
--algorithm leaderelection {
  variables net = [r \in Replicas |-> <<>>]; crashed = [r \in Replicas |-> FALSE]; views = [r \in Replicas |-> [cur |-> [epoch |-> 0, leader |-> NoLeader], hist |-> {}]];

  process (Crasher = 0)
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
          await \A r \in Replicas : (~ ((crashed)[r])) => (((((net)[r]) = (<<>>)) /\ (((((views)[r]).cur).leader) = (CHOOSE x \in Replicas : (~ ((crashed)[x])) /\ (\A y \in Replicas : (~ ((crashed)[y])) => ((x) <= (y)))))));
          goto crash;
        };
      } else {
        goto Done;
      };
  }

  fair process (Elector \in Replicas)
    variables me = self; viewEpoch = 0; cand = 1; msg; i = 1; leads = FALSE;
  {
    elect:
      if (TRUE) {
        with (yielded_crashed = ~ ((crashed)[me])) {
          await yielded_crashed;
          either {
            await (Len((net)[me])) > (0);
            with (
              k0 \in SenderHeads((net)[me]),
              msg0 = ((net)[me])[k0]
            ) {
              net := [net EXCEPT ![me] = RemoveAt((net)[me], k0)];
              with (yielded_net = msg0) {
                msg := yielded_net;
                if (((msg).epoch) > (viewEpoch)) {
                  viewEpoch := (msg).epoch;
                  leads := FALSE;
                  with (value = [epoch |-> (msg).epoch, leader |-> (msg).leader]) {
                    views := [views EXCEPT ![me] = [cur |-> value, hist |-> (((views)[me]).hist) \cup ({value})]];
                    goto elect;
                  };
                } else {
                  goto elect;
                };
              };
            };
          } or {
            await (cand) < (me);
            with (yielded_crashed0 = (crashed)[cand]) {
              await yielded_crashed0;
              cand := (cand) + (1);
              goto elect;
            };
          } or {
            await ((cand) = (me)) /\ (~ (leads));
            viewEpoch := (viewEpoch) + (1);
            with (value0 = [epoch |-> viewEpoch, leader |-> me]) {
              views := [views EXCEPT ![me] = [cur |-> value0, hist |-> (((views)[me]).hist) \cup ({value0})]];
              leads := TRUE;
              i := 1;
              goto announce;
            };
          };
        };
      } else {
        goto announce;
      };
    announce:
      if ((i) < (NUM_REPLICAS)) {
        with (yielded_crashed1 = ~ ((crashed)[me])) {
          await yielded_crashed1;
          with (j = OtherReplica(me, i)) {
            either {
              with (value1 = [from |-> me, epoch |-> viewEpoch, leader |-> me]) {
                net := [net EXCEPT ![j] = Append((net)[j], value1)];
              };
            } or {
              with (yielded_crashed2 = (crashed)[j]) {
                await yielded_crashed2;
              };
            };
            i := (i) + (1);
            goto announce;
          };
        };
      } else {
        with (yielded_crashed3 = ~ ((crashed)[me])) {
          await yielded_crashed3;
          goto elect;
        };
      };
  }
}

\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
CONSTANT defaultInitValue
VARIABLES pc, net, crashed, views, me, viewEpoch, cand, msg, i, leads

vars == << pc, net, crashed, views, me, viewEpoch, cand, msg, i, leads >>

ProcSet == {0} \cup (Replicas)

Init == (* Global variables *)
        /\ net = [r \in Replicas |-> <<>>]
        /\ crashed = [r \in Replicas |-> FALSE]
        /\ views = [r \in Replicas |-> [cur |-> [epoch |-> 0, leader |-> NoLeader], hist |-> {}]]
        (* Process Elector *)
        /\ me = [self \in Replicas |-> self]
        /\ viewEpoch = [self \in Replicas |-> 0]
        /\ cand = [self \in Replicas |-> 1]
        /\ msg = [self \in Replicas |-> defaultInitValue]
        /\ i = [self \in Replicas |-> 1]
        /\ leads = [self \in Replicas |-> FALSE]
        /\ pc = [self \in ProcSet |-> CASE self = 0 -> "crash"
                                        [] self \in Replicas -> "elect"]

crash == /\ pc[0] = "crash"
         /\ IF TRUE
               THEN /\ \/ /\ (Cardinality({r \in Replicas : (crashed)[r]})) < (MAX_FAILURES)
                          /\ \E r \in {x \in Replicas : ~ ((crashed)[x])}:
                               /\ crashed' = [crashed EXCEPT ![r] = TRUE]
                               /\ pc' = [pc EXCEPT ![0] = "crash"]
                       \/ /\ \A r \in Replicas : (~ ((crashed)[r])) => (((((net)[r]) = (<<>>)) /\ (((((views)[r]).cur).leader) = (CHOOSE x \in Replicas : (~ ((crashed)[x])) /\ (\A y \in Replicas : (~ ((crashed)[y])) => ((x) <= (y)))))))
                          /\ pc' = [pc EXCEPT ![0] = "crash"]
                          /\ UNCHANGED crashed
               ELSE /\ pc' = [pc EXCEPT ![0] = "Done"]
                    /\ UNCHANGED crashed
         /\ UNCHANGED << net, views, me, viewEpoch, cand, msg, i, leads >>

Crasher == crash

elect(self) == /\ pc[self] = "elect"
               /\ IF TRUE
                     THEN /\ LET yielded_crashed == ~ ((crashed)[me[self]]) IN
                               /\ yielded_crashed
                               /\ \/ /\ (Len((net)[me[self]])) > (0)
                                     /\ \E k0 \in SenderHeads((net)[me[self]]):
                                          LET msg0 == ((net)[me[self]])[k0] IN
                                            /\ net' = [net EXCEPT ![me[self]] = RemoveAt((net)[me[self]], k0)]
                                            /\ LET yielded_net == msg0 IN
                                                 /\ msg' = [msg EXCEPT ![self] = yielded_net]
                                                 /\ IF ((msg'[self]).epoch) > (viewEpoch[self])
                                                       THEN /\ viewEpoch' = [viewEpoch EXCEPT ![self] = (msg'[self]).epoch]
                                                            /\ leads' = [leads EXCEPT ![self] = FALSE]
                                                            /\ LET value == [epoch |-> (msg'[self]).epoch, leader |-> (msg'[self]).leader] IN
                                                                 /\ views' = [views EXCEPT ![me[self]] = [cur |-> value, hist |-> (((views)[me[self]]).hist) \cup ({value})]]
                                                                 /\ pc' = [pc EXCEPT ![self] = "elect"]
                                                       ELSE /\ pc' = [pc EXCEPT ![self] = "elect"]
                                                            /\ UNCHANGED << views, 
                                                                            viewEpoch, 
                                                                            leads >>
                                     /\ UNCHANGED <<cand, i>>
                                  \/ /\ (cand[self]) < (me[self])
                                     /\ LET yielded_crashed0 == (crashed)[cand[self]] IN
                                          /\ yielded_crashed0
                                          /\ cand' = [cand EXCEPT ![self] = (cand[self]) + (1)]
                                          /\ pc' = [pc EXCEPT ![self] = "elect"]
                                     /\ UNCHANGED <<net, views, viewEpoch, msg, 
                                                    i, leads>>
                                  \/ /\ ((cand[self]) = (me[self])) /\ (~ (leads[self]))
                                     /\ viewEpoch' = [viewEpoch EXCEPT ![self] = (viewEpoch[self]) + (1)]
                                     /\ LET value0 == [epoch |-> viewEpoch'[self], leader |-> me[self]] IN
                                          /\ views' = [views EXCEPT ![me[self]] = [cur |-> value0, hist |-> (((views)[me[self]]).hist) \cup ({value0})]]
                                          /\ leads' = [leads EXCEPT ![self] = TRUE]
                                          /\ i' = [i EXCEPT ![self] = 1]
                                          /\ pc' = [pc EXCEPT ![self] = "announce"]
                                     /\ UNCHANGED <<net, cand, msg>>
                     ELSE /\ pc' = [pc EXCEPT ![self] = "announce"]
                          /\ UNCHANGED << net, views, viewEpoch, cand, msg, i, 
                                          leads >>
               /\ UNCHANGED << crashed, me >>

announce(self) == /\ pc[self] = "announce"
                  /\ IF (i[self]) < (NUM_REPLICAS)
                        THEN /\ LET yielded_crashed1 == ~ ((crashed)[me[self]]) IN
                                  /\ yielded_crashed1
                                  /\ LET j == OtherReplica(me[self], i[self]) IN
                                       /\ \/ /\ LET value1 == [from |-> me[self], epoch |-> viewEpoch[self], leader |-> me[self]] IN
                                                  net' = [net EXCEPT ![j] = Append((net)[j], value1)]
                                          \/ /\ LET yielded_crashed2 == (crashed)[j] IN
                                                  yielded_crashed2
                                             /\ net' = net
                                       /\ i' = [i EXCEPT ![self] = (i[self]) + (1)]
                                       /\ pc' = [pc EXCEPT ![self] = "announce"]
                        ELSE /\ LET yielded_crashed3 == ~ ((crashed)[me[self]]) IN
                                  /\ yielded_crashed3
                                  /\ pc' = [pc EXCEPT ![self] = "elect"]
                             /\ UNCHANGED << net, i >>
                  /\ UNCHANGED << crashed, views, me, viewEpoch, cand, msg, 
                                  leads >>

Elector(self) == elect(self) \/ announce(self)

(* Allow infinite stuttering to prevent deadlock on termination. *)
Terminating == /\ \A self \in ProcSet: pc[self] = "Done"
               /\ UNCHANGED vars

Next == Crasher
           \/ (\E self \in Replicas: Elector(self))
           \/ Terminating

Spec == /\ Init /\ [][Next]_vars
        /\ \A self \in Replicas : WF_vars(Elector(self))

Termination == <>(\A self \in ProcSet: pc[self] = "Done")

\* END TRANSLATION

AliveSet == {r \in Replicas : ~crashed[r]}
LowestAlive == CHOOSE x \in AliveSet : \A y \in AliveSet : x <= y
History == UNION {views[r].hist : r \in Replicas}

\* No two replicas ever lead the same epoch (over every view ever adopted or announced).
OneLeaderPerEpoch == \A a, b \in History : a.epoch = b.epoch => a.leader = b.leader

\* A view's leader had every lower replica crashed: no live replica is ever passed over.
NoLiveReplicaPassedOver ==
  \A r \in Replicas : views[r].cur.leader # NoLeader =>
      \A j \in Replicas : j < views[r].cur.leader => crashed[j]

\* At most one live replica believes it leads.
UniqueLeader ==
  \A p, q \in AliveSet : views[p].cur.leader = p /\ views[q].cur.leader = q => p = q

\* Every view announces its epoch's owner.
ViewsOwned == \A a \in History : a.leader = EpochOwner(a.epoch)

\* Later leaders have higher epochs: a leader's epoch exceeds the epoch of every lower leader
\* (replicas lead in increasing order, since a replica leads only once every lower one has
\* crashed). pbkvs relies on it: a backup accepts the new primary's messages and rejects
\* the late ones of every earlier primary.
EpochsOrderedByLeader == \A a, b \in History : a.leader < b.leader => a.epoch < b.epoch

\* Views only move to higher epochs.
ViewsMonotonic == [][\A r \in Replicas : views'[r].cur.epoch >= views[r].cur.epoch]_views

\* With at least one correct replica, every correct replica eventually follows the lowest
\* correct replica forever.
EventuallyFollowCorrectLeader == <>[](\A r \in AliveSet : views[r].cur.leader = LowestAlive)
====
