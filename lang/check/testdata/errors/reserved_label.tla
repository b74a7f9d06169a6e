---- MODULE reserved_label ----
EXTENDS Naturals
(* --mpcal reserved_label {
  procedure P() {
    Error: return;
  }
  archetype A(ref x) {
    a: if (x > 0) { Done: x := 1; } else { done: x := 2; };
  }
  process (Q = 1) {
    q: either { Error: skip; } or { skip; };
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 5:5 ReservedLabelError
\* want: 8:21 ReservedLabelError
\* want: 11:17 ReservedLabelError
