---- MODULE uniprocess_auto ----
EXTENDS Naturals
(* --algorithm uniprocess_auto {
  variables x = 0;
  {
    while (x < 3) { x := x + 1; };
    while (x > 0) { x := x - 1; };
    x := 9;
  }
}
*)
\* Without translation markers the translation goes after the algorithm's comment, so
\* this definition may use the algorithm's variables.
Inv == x >= 0
====
