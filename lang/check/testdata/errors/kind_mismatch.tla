---- MODULE kind_mismatch ----
EXTENDS Naturals
(* --mpcal kind_mismatch {
  procedure P(ref p[_], v) {
    p1: p[v] := 1;
        return;
  }
  mapping macro Id {
    read { yield $variable; }
    write { yield $value; }
  }
  archetype A(ref net[_], ref flat, val) {
    read: flat := net;
    write: net := 1;
    deep: call P(ref net, 1);
          goto Done;
    wrong: call P(ref flat[_][_], 1);
           goto Done;
    toval: call P(ref net[_], ref flat);
           goto Done;
  }
  variables g = [i \in 1..2 |-> 0], h = 0;
  fair process (Deeper = 1) == instance A(ref g[_], ref h, 1) mapping g[_][_] via Id;
  fair process (Shallower = 2) == instance A(ref g[_][_], ref h, 1) mapping g[_] via Id;
  fair process (ExprArg = 3) == instance A(g, 0, 1) mapping @2[_] via Id;
  fair process (RefToVal = 4) == instance A(ref g[_], ref h, ref h);
}
*)
\* BEGIN TRANSLATION
====
\* want: 13:19 MPCalKindMismatchError
\* want: 14:12 MPCalKindMismatchError
\* want: 15:18 MPCalKindMismatchError
\* want: 15:18 MPCalKindMismatchError
\* want: 17:19 MPCalKindMismatchError
\* want: 19:31 MPCalKindMismatchError
\* want: 23:63 MPCalKindMismatchError
\* want: 24:46 MPCalKindMismatchError
\* want: 24:69 MPCalKindMismatchError
\* want: 25:53 MPCalKindMismatchError
\* want: 26:62 MPCalKindMismatchError
