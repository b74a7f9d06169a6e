\* The positive cases of mpcal.md §8 (items 1-10), checked with no-multiple-writes off.
---- MODULE checklist ----
EXTENDS Naturals, Sequences, TLC, FiniteSets
CONSTANTS N, MK(_, _)
----
RECURSIVE Sum(_)
Sum(S) == IF S = {} THEN 0 ELSE LET x == CHOOSE y \in S : TRUE IN x + Sum(S \ {x})
----
Pairs == {{<<a, b>> : a \in 1..N} : b \in 1..N}

(* --mpcal checklist {
  define {
    Made == MK(1, 2)
    Nested(x) == CASE x = 1 -> (CASE x = 2 -> "a" [] OTHER -> "b") [] OTHER -> "c"
    Str == ToString(<<"(paren)">>)
  }

  macro Send(ch, v) { ch := Append(ch, v); }

  procedure Store(ref into[_], key, self_)
    variables tmp = key;
  {
    s1: into[key] := tmp + self_;
        return;
  }

  procedure Rec(ref acc, n) {
    r1: if (n > 0) {
          acc := acc + n;
          call Rec(ref acc, n - 1);
          return;
        } else {
          return;
        };
  }

  mapping macro Chan {
    read {
      await Len($variable) > 0;
      with (m = Head($variable)) {
        $variable := Tail($variable);
        yield m;
      };
    }
    write {
      yield Append($variable, $value);
    }
  }

  archetype Worker(ref net[_], ref arr[_][_], ref out, id)
    variables local = [i \in 1..N |-> 0], rec = [f |-> 0, g |-> 0], got = 0;
  {
    w1: while (got < 3) {
          got := got + 1;
        };
        out := got;
    w2: with (x = net[id], y = net[id] + x) {
          out := x + y;
        };
    w3: either {
          with (z = net[self]) { out := z; };
        } or {
          skip;
        };
    w4: local[1] := 1;
        local[2] := 2;
        rec.f := 1;
        rec.g := 2;
        arr[1][2] := out;
        out := arr[id][1] + net[id, id];
    w5: if (out > 0) { local[1] := 3; } else { local[2] := 4; };
    w6: call Store(ref net[_], 1, 2);
        goto w7;
    w7: call Store(ref net[_], id, out);
    w8: call Rec(ref out, 3);
    w9: call Rec(ref got, 1);
        goto Done;
  }

  archetype Chooser(ref out) {
    c1: with (a \in 1..N, b \in 1..N) {
          await a # b;
          out := <<a, b>>;
        };
    done: out := CHOOSE v \in 1..N : v > 0;
  }

  archetype Named(x) {
    n1: print x;
  }

  variables
    network = [i \in 1..N |-> <<>>],
    grid = [i \in 1..N |-> [j \in 1..N |-> 0]],
    result = 0,
    chan = <<>>;

  fair process (W \in 1..N) == instance Worker(ref network[_], ref grid[_][_], ref result, W)
    mapping network[_] via Chan;
  fair+ process (C = 0) == instance Chooser(ref result);
  process (Bar = 42) == instance Named(Bar);

  procedure Plain(a) variables t = 0; {
    p1: t := a + shared;
        chan := Append(chan, t);
        return;
  }

  process (Nil = 100) variables shared = 1; {
    q1: call Plain(shared);
    q2: call Store(ref grid[_], 1, 2);
    q3: Send(chan, shared);
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
