---- MODULE Mini ----
EXTENDS Naturals, Sequences, TLC
CONSTANTS NUM_CLIENTS, BUF

(* --mpcal Mini {
  define {
    Clients == 1..NUM_CLIENTS
  }

  mapping macro Queue {
    read {
      await Len($variable) > 0;
      with (m = Head($variable)) {
        $variable := Tail($variable);
        yield m;
      };
    }
    write {
      await Len($variable) < BUF;
      yield Append($variable, $value);
    }
  }

  archetype AClient(ref inbox[_], ref total)
    variables got = 0;
  {
  send:
    inbox[0] := self;
  recv:
    got := inbox[self];
    total := total + got;
  }

  variables q = [i \in 0..NUM_CLIENTS |-> <<>>], sum = 0;

  fair process (Client \in Clients) == instance AClient(ref q[_], ref sum)
    mapping q[_] via Queue;
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
