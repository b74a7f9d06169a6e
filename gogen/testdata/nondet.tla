---- MODULE nondet ----
\* Nondeterminism (PGo's NonDetExploration): retries of a blocked section explore every
\* combination of either branches and with (x \in S) choices.
EXTENDS Naturals, Sequences, TLC, FiniteSets

(* --mpcal nondet {
  archetype ACoverage(ref out)
    variables seen = {}, i = 0;
  {
  l11:
    with (a \in {1, 2}, b \in {1, 2}) {
      await a = 1 /\ b = 1;
      out := <<a, b>>;
    };
  l12:
    with (a \in {1, 2}, b \in {1, 2}) {
      await a = 1 /\ b = 2;
      out := <<a, b>>;
    };
  l21:
    with (a \in {1, 2}, b \in {1, 2}) {
      await a = 2 /\ b = 1;
      out := <<a, b>>;
    };
  l22:
    with (a \in {1, 2}, b \in {1, 2}) {
      await a = 2 /\ b = 2;
      out := <<a, b>>;
    };
  twice:
    with (a \in {1, 2}, b \in {1, 2}) {
      await a = 2 /\ b = 1;
      out := <<a, b>>;
    };
    with (c \in {1, 2}, d \in {1, 2}) {
      await c = 1 /\ d = 2;
      out := <<c, d>>;
    };
  eithers:
    either {
      await i = 1;
      out := "first";
    } or {
      await i = 0;
      either {
        await FALSE;
      } or {
        out := "second";
      };
    } or {
      await FALSE;
    };
  loop:
    while (i < 20) {
      with (x \in 1..20) {
        await x \notin seen;
        seen := seen \cup {x};
      };
      i := i + 1;
    };
  end:
    out := seen;
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
