\* A ref to a local of a process set (a PlusCal process and an instance) passed to an MPCal
\* procedure that assigns it: the local becomes a global indexed by the process identity,
\* initialised from the locals it reads; a with name equal to a global is renamed.
---- MODULE RefLocal ----
EXTENDS Naturals, Sequences, TLC

(* --mpcal RefLocal {
  procedure AddDown(ref acc, n) {
    a1: if (n > 0) {
          acc := acc + n;
          call AddDown(ref acc, n - 1);
          return;
        } else {
          return;
        };
  }

  archetype Arch(v, ref out[_])
    variables mine = v * 2;
  {
  r1: call AddDown(ref mine, 1);
  r2: with (log = mine) { out[self] := log; };
  }

  variables log = [i \in 1..4 |-> 0];

  process (A \in 3..4) == instance Arch(A + 1, ref log[_]);

  process (Q \in 1..2)
    variables acc = self * 10;
  {
    q1: call AddDown(ref acc, 2);
    q2: assert acc = self * 10 + 3;
        log[self] := acc;
  }

}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION

Final == \A p \in 1..4 : pc[p] = "Done" =>
           log[p] = IF p <= 2 THEN p * 10 + 3 ELSE (p + 1) * 2 + 1
====
