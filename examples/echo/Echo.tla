---- MODULE Echo ----
\* A tiny client/server system used by `make demo-toolchain`: each client sends NUM_REQS numbered
\* requests to the server through a FIFO network, and the server echoes each one back, doubled.
\* The network is a mapping macro (a FIFO queue per node); in Go it is a mailbox resource.
EXTENDS Naturals, Sequences, TLC
CONSTANTS NUM_CLIENTS, NUM_REQS

(* --mpcal Echo {
  define {
    Server  == 0
    Clients == 1..NUM_CLIENTS
    Nodes   == {Server} \cup Clients
  }

  mapping macro FIFO {
    read {
      await Len($variable) > 0;
      with (m = Head($variable)) {
        $variable := Tail($variable);
        yield m;
      };
    }
    write {
      yield Append($variable, $value);
    }
  }

  archetype AServer(ref net[_])
    variables req = <<>>;
  {
  serve:
    while (TRUE) {
    recv:
      req := net[Server];
    reply:
      net[req.from] := [from |-> Server, n |-> req.n * 2];
    }
  }

  archetype AClient(ref net[_], ref got[_])
    variables i = 1, resp = <<>>;
  {
  loop:
    while (i <= NUM_REQS) {
    send:
      net[Server] := [from |-> self, n |-> i];
    wait:
      resp := net[self];
      assert resp.n = 2 * i;
      got[self] := got[self] + 1;
      i := i + 1;
    }
  }

  variables network = [n \in Nodes |-> <<>>], received = [c \in Clients |-> 0];

  fair process (TheServer = Server) == instance AServer(ref network[_])
    mapping network[_] via FIFO;
  fair process (Client \in Clients) == instance AClient(ref network[_], ref received[_])
    mapping network[_] via FIFO;
}

\* BEGIN PLUSCAL TRANSLATION
--algorithm Echo {
  variables network = [n \in Nodes |-> <<>>]; received = [c \in Clients |-> 0];
  define{
    Server == 0
    Clients == (1) .. (NUM_CLIENTS)
    Nodes == ({Server}) \cup (Clients)
  }

  fair process (TheServer = Server)
    variables req = <<>>;
  {
    serve:
      if (TRUE) {
        goto recv;
      } else {
        goto Done;
      };
    recv:
      await (Len((network)[Server])) > (0);
      with (m0 = Head((network)[Server])) {
        network := [network EXCEPT ![Server] = Tail((network)[Server])];
        with (yielded_network = m0) {
          req := yielded_network;
          goto reply;
        };
      };
    reply:
      with (value = [from |-> Server, n |-> ((req).n) * (2)]) {
        network := [network EXCEPT ![(req).from] = Append((network)[(req).from], value)];
        goto serve;
      };
  }

  fair process (Client \in Clients)
    variables i = 1; resp = <<>>;
  {
    loop:
      if ((i) <= (NUM_REQS)) {
        goto send;
      } else {
        goto Done;
      };
    send:
      with (value0 = [from |-> self, n |-> i]) {
        network := [network EXCEPT ![Server] = Append((network)[Server], value0)];
        goto wait;
      };
    wait:
      await (Len((network)[self])) > (0);
      with (m1 = Head((network)[self])) {
        network := [network EXCEPT ![self] = Tail((network)[self])];
        with (yielded_network0 = m1) {
          resp := yielded_network0;
          assert ((resp).n) = ((2) * (i));
          received := [received EXCEPT ![self] = ((received)[self]) + (1)];
          i := (i) + (1);
          goto loop;
        };
      };
  }
}

\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
VARIABLES pc, network, received

(* define statement *)
Server == 0
Clients == (1) .. (NUM_CLIENTS)
Nodes == ({Server}) \cup (Clients)

VARIABLES req, i, resp

vars == << pc, network, received, req, i, resp >>

ProcSet == {Server} \cup (Clients)

Init == (* Global variables *)
        /\ network = [n \in Nodes |-> <<>>]
        /\ received = [c \in Clients |-> 0]
        (* Process TheServer *)
        /\ req = <<>>
        (* Process Client *)
        /\ i = [self \in Clients |-> 1]
        /\ resp = [self \in Clients |-> <<>>]
        /\ pc = [self \in ProcSet |-> CASE self = Server -> "serve"
                                        [] self \in Clients -> "loop"]

serve == /\ pc[Server] = "serve"
         /\ IF TRUE
               THEN /\ pc' = [pc EXCEPT ![Server] = "recv"]
               ELSE /\ pc' = [pc EXCEPT ![Server] = "Done"]
         /\ UNCHANGED << network, received, req, i, resp >>

recv == /\ pc[Server] = "recv"
        /\ (Len((network)[Server])) > (0)
        /\ LET m0 == Head((network)[Server]) IN
             /\ network' = [network EXCEPT ![Server] = Tail((network)[Server])]
             /\ LET yielded_network == m0 IN
                  /\ req' = yielded_network
                  /\ pc' = [pc EXCEPT ![Server] = "reply"]
        /\ UNCHANGED << received, i, resp >>

reply == /\ pc[Server] = "reply"
         /\ LET value == [from |-> Server, n |-> ((req).n) * (2)] IN
              /\ network' = [network EXCEPT ![(req).from] = Append((network)[(req).from], value)]
              /\ pc' = [pc EXCEPT ![Server] = "serve"]
         /\ UNCHANGED << received, req, i, resp >>

TheServer == serve \/ recv \/ reply

loop(self) == /\ pc[self] = "loop"
              /\ IF (i[self]) <= (NUM_REQS)
                    THEN /\ pc' = [pc EXCEPT ![self] = "send"]
                    ELSE /\ pc' = [pc EXCEPT ![self] = "Done"]
              /\ UNCHANGED << network, received, req, i, resp >>

send(self) == /\ pc[self] = "send"
              /\ LET value0 == [from |-> self, n |-> i[self]] IN
                   /\ network' = [network EXCEPT ![Server] = Append((network)[Server], value0)]
                   /\ pc' = [pc EXCEPT ![self] = "wait"]
              /\ UNCHANGED << received, req, i, resp >>

wait(self) == /\ pc[self] = "wait"
              /\ (Len((network)[self])) > (0)
              /\ LET m1 == Head((network)[self]) IN
                   /\ network' = [network EXCEPT ![self] = Tail((network)[self])]
                   /\ LET yielded_network0 == m1 IN
                        /\ resp' = [resp EXCEPT ![self] = yielded_network0]
                        /\ Assert(((resp'[self]).n) = ((2) * (i[self])), 
                                  "Failure of assertion at line 117, column 11.")
                        /\ received' = [received EXCEPT ![self] = ((received)[self]) + (1)]
                        /\ i' = [i EXCEPT ![self] = (i[self]) + (1)]
                        /\ pc' = [pc EXCEPT ![self] = "loop"]
              /\ req' = req

Client(self) == loop(self) \/ send(self) \/ wait(self)

(* Allow infinite stuttering to prevent deadlock on termination. *)
Terminating == /\ \A self \in ProcSet: pc[self] = "Done"
               /\ UNCHANGED vars

Next == TheServer
           \/ (\E self \in Clients: Client(self))
           \/ Terminating

Spec == /\ Init /\ [][Next]_vars
        /\ WF_vars(TheServer)
        /\ \A self \in Clients : WF_vars(Client(self))

Termination == <>(\A self \in ProcSet: pc[self] = "Done")

\* END TRANSLATION

\* Every client eventually receives all its answers, and never more than it asked for.
ReceivedBound == \A c \in Clients : received[c] <= NUM_REQS
AllAnswered == <>(\A c \in Clients : received[c] = NUM_REQS)
====
