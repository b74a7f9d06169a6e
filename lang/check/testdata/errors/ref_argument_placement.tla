---- MODULE ref_argument_placement ----
(* --mpcal ref_argument_placement {
  macro Set(v) { v := 1; }
  variables g = 0;
  procedure Plain(a) {
    p: a := 1;
       return;
  }
  process (Q = 1) variables loc = 0; {
    q1: call Plain(ref loc);
    q2: Set(ref g);
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 10:20 RefArgumentPlacementError
\* want: 11:13 RefArgumentPlacementError
