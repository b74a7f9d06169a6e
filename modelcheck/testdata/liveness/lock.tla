-------------------------------- MODULE lock --------------------------------
(* Two clients share a lock.  A waiting client can take the lock only while
   it is free, so its Acquire is enabled infinitely often but not
   continuously when the other client keeps taking the lock: weak fairness
   does not make it get the lock (lock_wf.cfg: Served is violated, with a
   lasso), strong fairness does (lock_sf.cfg).  Served quantifies ~> over
   the constant set Clients. *)
EXTENDS Naturals

CONSTANT Clients

VARIABLES holder, waiting

vars == <<holder, waiting>>

Free == 0

Init == holder = Free /\ waiting = {}

Request(c) == /\ c \notin waiting
              /\ holder # c
              /\ waiting' = waiting \cup {c}
              /\ UNCHANGED holder

Acquire(c) == /\ c \in waiting
              /\ holder = Free
              /\ holder' = c
              /\ waiting' = waiting \ {c}

Release(c) == /\ holder = c
              /\ holder' = Free
              /\ UNCHANGED waiting

Next == \E c \in Clients : Request(c) \/ Acquire(c) \/ Release(c)

SpecWF == /\ Init /\ [][Next]_vars
          /\ \A c \in Clients : WF_vars(Acquire(c)) /\ WF_vars(Release(c))

SpecSF == /\ Init /\ [][Next]_vars
          /\ \A c \in Clients : SF_vars(Acquire(c)) /\ WF_vars(Release(c))

Served == \A c \in Clients : (c \in waiting) ~> (holder = c)
=============================================================================
