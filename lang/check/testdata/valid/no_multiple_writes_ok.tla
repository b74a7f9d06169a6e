\* flags: -no-multiple-writes
---- MODULE no_multiple_writes_ok ----
EXTENDS Naturals
(* --mpcal no_multiple_writes_ok {
  archetype A(ref x, ref y) variables f = [i \in 1..2 |-> 0]; {
    a: x := y || y := x;
       f[1] := 1 || f[2] := 2;
    b: if (x > 0) { x := 1; } else { x := 2; };
       y := 1;
    c: either { x := 1; } or { y := 1; };
    d: x := 1;
       if (x > 0) { e: x := 2; } else { skip; };
    f: while (x > 0) { x := x - 1; };
       y := 0;
    done: x := 0;
  }
}
*)
\* BEGIN TRANSLATION
====
