\* Instances become processes (mpcal.md §6.3, §8 item 3): parameter locals are declared
\* before the archetype's locals, so a local can be initialised from a value parameter; the
\* process name in an instance argument means self; instance Foo(Bar) in process (Bar = 42).
---- MODULE Locals ----
EXTENDS Naturals, TLC
CONSTANT N

(* --mpcal Locals {
  archetype Foo(x, ref out)
    variables y = x + 1, z = <<x, y, self>>;
  {
  f1: out := z;
  }

  archetype Cnt(start, ref out[_])
    variables c = start * 10, got \in {1, 2};
  {
  c1: out[self] := c + got;
  }

  variables r1 = <<>>, r2 = [i \in 1..N |-> 0];

  process (Bar = 42) == instance Foo(Bar, ref r1);
  process (C \in 1..N) == instance Cnt(C + 1, ref r2[_]);
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION

Final == /\ pc[42] = "Done" => r1 = <<42, 43, 42>>
         /\ \A i \in 1..N : pc[i] = "Done" => r2[i] \in {(i + 1) * 10 + 1, (i + 1) * 10 + 2}
====
