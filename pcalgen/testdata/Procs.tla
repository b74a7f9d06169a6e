\* MPCal procedures (mpcal.md §6.5, §8 items 4 and 9): one PlusCal procedure per signature
\* (procedure, ref targets, mappings), recursion through the same ref, a mapping applied
\* inside the callee, refs to a global, to an archetype local and to a process local, value
\* parameters renamed consistently, a parameter named self_; the same global passed twice
\* and mapped at one position (@N); a depth-2 mapping; net[a, b] on ref net[_].
---- MODULE Procs ----
EXTENDS Naturals, Sequences, TLC

(* --mpcal Procs {
  \* adds n + (n - 1) + ... + 1 to acc, recursing through the same ref
  procedure AddDown(ref acc, n) {
    a1: if (n > 0) {
          acc := acc + n;
          call AddDown(ref acc, n - 1);
          return;
        } else {
          return;
        };
  }

  procedure Store(ref into[_], key, v, self_)
    variables tmp = v + self_;
  {
    s1: into[key] := tmp;
        return;
  }

  mapping macro Double {
    read { yield $variable; }
    write { yield 2 * $value; }
  }

  mapping macro Cell {
    read { yield $variable + 1000; }
    write { yield $value + 1; }
  }

  archetype Worker(ref tot, ref arr[_], ref grid[_][_], ref plain, ref twice, ref mm[_])
    variables mine = 0;
  {
  w1: call AddDown(ref tot, 3);
  w2: call AddDown(ref mine, 2);
  w3: call Store(ref arr[_], 1, 5, 1);
  w4: grid[1][2] := 7;
  w5: plain := grid[1][2] + mine;
  w6: twice := twice + 1;
  w7: mm[1, 2] := 5;
      assert mine = 3;
  }

  variables total = 0, gArr = <<0, 0>>, gArr2 = <<0, 0>>, cells = [i \in 1..2 |-> [j \in 1..2 |-> 0]],
    g = 0, m2 = [p \in (1..2) \X (1..2) |-> 0];

  fair process (W = 1) == instance Worker(ref total, ref gArr[_], ref cells[_][_], ref g, ref g, ref m2[_])
    mapping total via Double
    mapping cells[_][_] via Cell
    mapping @4 via Double
    mapping m2[_] via Double;

  fair process (P = 2)
    variables pl = 10;
  {
    q1: call AddDown(ref pl, 4);
    q2: call Store(ref gArr2[_], 2, 3, 0);
    q3: assert pl = 20;
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION

AllDone == \A p \in {1, 2} : pc[p] = "Done"
Final == AllDone => /\ total = 2 * (2 * (2 * (0 + 3) + 2) + 1)
                    /\ gArr = <<6, 0>> /\ gArr2 = <<0, 3>>
                    /\ cells[1][2] = 8
                    /\ g = 2 * (1008 + 3) + 1
                    /\ pl = 20
                    /\ m2[<<1, 2>>] = 10
====
