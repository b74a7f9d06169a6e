-------------------------------- MODULE ring --------------------------------
(* The benchmark model of the liveness checker (the ring of
   testdata/scaling with fairness): N nodes on a ring alternate between
   sending their value to the right neighbour through a bounded channel and
   receiving from their own channel.  Each node is weakly fair.  With N = 5,
   Max = 2 and Cap = 1 there are 147,721 distinct states (367,487
   generated, depth 186).  Every node receives infinitely often, and a
   message in a channel is eventually consumed. *)
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

Node(p) == Send(p) \/ Recv(p) \/ Skip(p)

Next == \E p \in Nodes : Node(p)

Spec == Init /\ [][Next]_vars /\ \A p \in Nodes : WF_vars(Node(p))

TypeOK == /\ val \in [Nodes -> 0 .. Max - 1]
          /\ \A p \in Nodes : Len(chan[p]) <= Cap
          /\ pc \in [Nodes -> {"send", "recv"}]

KeepsReceiving == \A p \in Nodes : []<>(pc[p] = "recv")
Consumed == \A p \in Nodes : (chan[p] # << >>) ~> (chan[p] = << >>)
=============================================================================
