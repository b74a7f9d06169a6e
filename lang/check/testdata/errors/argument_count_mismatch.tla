---- MODULE argument_count_mismatch ----
(* --mpcal argument_count_mismatch {
  macro Set(v, e) { v := e; }
  archetype A(ref x) {
    l: Set(x, 1, 2);
    m: Set(x);
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 5:8 ArgumentCountMismatchError
\* want: 6:8 ArgumentCountMismatchError
