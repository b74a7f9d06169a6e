------------------------------- MODULE scaling -------------------------------
(* A benchmark model of mpgo check (not part of the test corpus): N nodes on
   a ring exchange numbers.  Each node alternates between sending its value
   to its right neighbour through a bounded FIFO channel and receiving from
   its own channel, folding the received number into its value modulo Max.
   A record counts the receptions modulo 3.  With N = 7, Max = 2 and
   Cap = 1 the state space has 11,885,754 distinct states (40,304,176
   generated, depth 433); it exercises sequences, records, EXCEPT and
   functions over an integer domain. *)
EXTENDS Naturals, Sequences

CONSTANTS N, Max, Cap

VARIABLES val, chan, pc, stats

vars == <<val, chan, pc, stats>>

Nodes == 0 .. N - 1
Right(p) == (p + 1) % N

Init == /\ val = [p \in Nodes |-> p % Max]
        /\ chan = [p \in Nodes |-> << >>]
        /\ pc = [p \in Nodes |-> "send"]
        /\ stats = [recvd |-> 0]

Send(p) == /\ pc[p] = "send"
           /\ Len(chan[Right(p)]) < Cap
           /\ chan' = [chan EXCEPT ![Right(p)] = Append(@, val[p])]
           /\ pc' = [pc EXCEPT ![p] = "recv"]
           /\ UNCHANGED <<val, stats>>

Recv(p) == /\ pc[p] = "recv"
           /\ chan[p] # << >>
           /\ val' = [val EXCEPT ![p] = (@ + Head(chan[p]) + 1) % Max]
           /\ chan' = [chan EXCEPT ![p] = Tail(@)]
           /\ pc' = [pc EXCEPT ![p] = "send"]
           /\ stats' = [stats EXCEPT !.recvd = (@ + 1) % 3]

Skip(p) == /\ pc[p] = "recv"
           /\ chan[p] = << >>
           /\ pc' = [pc EXCEPT ![p] = "send"]
           /\ UNCHANGED <<val, chan, stats>>

Next == \E p \in Nodes : Send(p) \/ Recv(p) \/ Skip(p)

Spec == Init /\ [][Next]_vars

TypeOK == /\ val \in [Nodes -> 0 .. Max - 1]
          /\ \A p \in Nodes : Len(chan[p]) <= Cap
          /\ pc \in [Nodes -> {"send", "recv"}]

InFlight == \A p \in Nodes : \A i \in 1 .. Len(chan[p]) : chan[p][i] \in 0 .. Max - 1
==============================================================================
