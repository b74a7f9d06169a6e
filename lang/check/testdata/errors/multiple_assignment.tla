\* flags: -no-multiple-writes
---- MODULE multiple_assignment ----
EXTENDS Naturals
(* --mpcal multiple_assignment {
  macro Inc(v) { v := v + 1; }
  mapping macro Twice {
    read { $variable := 1; $variable := 2; yield $variable; }
    write { yield $value; }
  }
  archetype A(ref x, ref y) variables f = [i \in 1..2 |-> 0]; {
    twice: Inc(x);
           Inc(x);
    either: either { x := 1; } or { skip; };
            x := 2;
    loop: while (x < 3) { x := x + 1; };
          x := 0;
    par: y := 1;
         x := 1 || y := 2;
    plain: f[1] := 1;
           f[2] := 2;
    ok: x := y || y := x;
        f[1] := 1 || f[2] := 2;
    nested: x := 1;
            if (x > 0) { inner: x := 2; } else { skip; };
    fresh: x := 3;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 7:28 MultipleAssignmentError
\* want: 12:16 MultipleAssignmentError
\* want: 14:13 MultipleAssignmentError
\* want: 16:11 MultipleAssignmentError
\* want: 18:20 MultipleAssignmentError
\* want: 20:12 MultipleAssignmentError
