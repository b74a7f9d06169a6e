-------------------------------- MODULE procs --------------------------------
(* N processes each count to 2.  Spec gives every process weak fairness, so
   they all finish (procs.cfg).  SpecMissing forgets the fairness of the last
   process: it may never move while the others finish, and the behaviour
   then stutters forever (procs_missing.cfg: AllDone is violated and the
   counterexample ends in "Stuttering"). *)
EXTENDS Naturals

CONSTANT N

VARIABLE cnt

Procs == 1 .. N

Init == cnt = [p \in Procs |-> 0]

Step(p) == /\ cnt[p] < 2
           /\ cnt' = [cnt EXCEPT ![p] = @ + 1]

Next == \E p \in Procs : Step(p)

Spec == Init /\ [][Next]_cnt /\ \A p \in Procs : WF_cnt(Step(p))

SpecMissing == Init /\ [][Next]_cnt /\ \A p \in Procs \ {N} : WF_cnt(Step(p))

AllDone == <>(\A p \in Procs : cnt[p] = 2)

EachSettles == \A p \in Procs : <>[](cnt[p] = 2)
=============================================================================
