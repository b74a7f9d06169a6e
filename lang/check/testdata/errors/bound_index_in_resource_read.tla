---- MODULE bound_index_in_resource_read ----
EXTENDS Naturals
(* --mpcal bound_index_in_resource_read {
  archetype A(ref net[_], ref flat, ref two[_][_]) variables loc = <<1, 2>>; {
    a: await \A i \in 1..2 : net[i] > 0;
    b: flat := LET k == 1 IN net[k];
    c: flat := {two[self][j] : j \in 1..2};
    d: flat := \E i \in 1..2 : loc[i] > 0 /\ flat[i] > 0 /\ net[self][i] > 0;
    e: with (i = 1) { flat := net[i]; };
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 5:34 BoundIndexInResourceReadError
\* want: 6:34 BoundIndexInResourceReadError
\* want: 7:27 BoundIndexInResourceReadError
