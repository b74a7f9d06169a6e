---- MODULE pcal_invalid_assignment ----
EXTENDS Naturals
CONSTANT C
Def == 1
(* --mpcal pcal_invalid_assignment {
  procedure P() {
    p: FALSE := 1;
       return;
  }
  archetype A(ref x) {
    a: TRUE := 1;
    b: C := 2;
    c: with (w = 1) { w := 2; };
    d: Def := 3;
    e: self := 4;
  }
  variables g = 0;
  process (Q = 1) {
    q: BOOLEAN := g;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 7:8 PCalInvalidAssignment
\* want: 11:8 PCalInvalidAssignment
\* want: 12:8 PCalInvalidAssignment
\* want: 13:23 PCalInvalidAssignment
\* want: 14:8 PCalInvalidAssignment
\* want: 15:8 PCalInvalidAssignment
\* want: 19:8 PCalInvalidAssignment
