\* Mapping macros (mpcal.md §6.4): a FIFO channel mapped on ref x[_] and on ref x; reads
\* inside with and either; a macro with a with used twice in one label (the repeated
\* dequeue becomes a with chain); a side-effecting read used twice in one with.
---- MODULE Queue ----
EXTENDS Naturals, Sequences, TLC

(* --mpcal Queue {
  mapping macro FIFO {
    read {
      await Len($variable) > 0;
      with (msg = Head($variable)) {
        $variable := Tail($variable);
        yield msg;
      };
    }
    write {
      await Len($variable) < 3;
      yield Append($variable, $value);
    }
  }

  mapping macro Sum {
    read { yield $variable; }
    write { yield $variable + $value; }
  }

  archetype Producer(ref net[_], ref log)
    variables i = 1;
  {
  p1: while (i <= 4) {
        net[1] := i;
        log := i;
        i := i + 1;
      };
  }

  archetype Consumer(ref net[_], ref out, ref log)
    variables a = 0, b = 0;
  {
  \* two dequeues in one label: the repeated write to the channel becomes a with chain
  c1: a := net[1];
      b := net[1];
      out := Append(out, a);
      out := Append(out, b);
  \* a side-effecting read used twice in one with, in order
  c2: with (x = net[1], y = net[1] + 10 * x) {
        out := out \o <<x, y>>;
      };
  \* a read in a with inside an either branch, and a log read (mapped, depth 0)
  c3: either {
        with (z = log) { out := Append(out, z); };
      } or {
        with (z = log + 100) { out := Append(out, z); };
      };
  }

  variables chan = [k \in 1..1 |-> <<>>], received = <<>>, last = 0;

  process (Prod = 1) == instance Producer(ref chan[_], ref last)
    mapping chan[_] via FIFO
    mapping last via Sum;
  process (Cons = 2) == instance Consumer(ref chan[_], ref received, ref last)
    mapping chan[_] via FIFO
    mapping last via Sum;
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION

\* The consumer gets 1, 2, 3, 4 in order (a read that did not dequeue would repeat values,
\* a lost write would drop one), then the last value logged.
Ordered == /\ Len(received) <= 5
           /\ \A k \in 1..Len(received) : k <= 2 => received[k] = k
           /\ Len(received) >= 4 => (received[3] = 3 /\ received[4] = 4 + 10 * 3)
InFlight == Len(chan[1]) <= 3 /\ last <= 10
Final == pc[2] = "Done" => (Len(received) = 5 /\ received[5] \in {10, 110})
====
