---- MODULE duplicate_label ----
EXTENDS Naturals
(* --mpcal duplicate_label {
  archetype A(ref x) {
    a: x := 1;
    b: if (x > 0) { a: x := 2; };
  }
  archetype B(ref x) {
    a: x := 1;
    b: x := 2;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 6:21 DuplicateLabelError
