---- MODULE pingpong ----
\* Two archetypes exchanging messages over mailboxes (ref net[_]).
EXTENDS Naturals, Sequences, TLC
CONSTANT ROUNDS

(* --mpcal pingpong {
  archetype APinger(ref net[_], ref out)
    variables n = 0, msg;
  {
  ping:
    while (n < ROUNDS) {
      net[2] := [from |-> self, n |-> n];
    recv:
      msg := net[self];
      assert msg.n = n;
      n := n + 1;
    };
  finish:
    out := n;
  }

  archetype APonger(ref net[_])
    variables msg;
  {
  serve:
    while (TRUE) {
      msg := net[self];
    reply:
      net[msg.from] := [from |-> self, n |-> msg.n];
    };
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
