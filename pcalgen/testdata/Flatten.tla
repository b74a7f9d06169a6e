\* Label flattening (mpcal.md §6.2, §8 items 2 and 5): labels nested in while, either and
\* if; a branch that starts with a label becomes a goto; loop exits go to the next label;
\* label modifiers are kept; a PlusCal procedure reads a process's local.
---- MODULE Flatten ----
EXTENDS Naturals, Sequences, TLC

(* --mpcal Flatten {
  archetype Looper(ref out)
    variables i = 0, j = 0;
  {
  l1: while (i < 3) {
        i := i + 1;
        either { j := j + 1; } or { inner: j := j + 2; };
      };
  l2:+ out := <<i, j>>;
  l3:- if (i = 3) { l4: out := Append(out, 1); } else { out := Append(out, 2); };
  l5: out := Append(out, 9);
  }

  variables res = <<>>, seen = 0;

  fair process (L = 1) == instance Looper(ref res);

  procedure Peek() {
    pk: seen := seen + local;
        return;
  }

  fair process (Pr = 2)
    variables local = 5;
  {
    pr1: call Peek();
    pr2: assert seen = 5;
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION

Final == /\ pc[1] = "Done" => (Len(res) = 4 /\ res[1] = 3 /\ res[2] \in 3..6 /\ res[3] = 1 /\ res[4] = 9)
         /\ pc[1] = "l2" => i = 3
====
