---- MODULE label_required_while ----
EXTENDS Naturals
(* --mpcal label_required_while {
  archetype A(ref x) {
    a: x := 0;
       while (x < 3) { x := x + 1; };
    b: while (x > 0) {
         while (x > 1) { x := x - 2; };
         x := x - 1;
       };
    c: with (y = 1) {
         while (x < y) { skip; };
       };
    d: while (x < 9) {
         e: while (x < 5) { x := x + 1; };
       };
       x := 0;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 6:8 LabelRequiredError
\* want: 8:10 LabelRequiredError
\* want: 12:10 LabelRequiredError
