---- MODULE bench ----
\* A tight loop on two locals, the generated twin of distsys's BenchmarkTwoLocals, and the
\* same loop bounded by a constant.
EXTENDS Naturals
CONSTANT N

(* --mpcal bench {
  archetype ABench()
    variables x = 0, y = 0;
  {
  loop:
    x := (x + 1) % 1000;
    y := x;
    goto loop;
  }

  archetype ACount()
    variables i = 0, y = 0;
  {
  loop:
    while (i < N) {
      i := i + 1;
      y := i;
    };
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
