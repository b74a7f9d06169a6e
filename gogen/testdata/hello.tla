---- MODULE hello ----
\* PGo's "hello": constants of every arity, an OutputChan and a LocalShared resource.
EXTENDS Naturals, Sequences, TLC
CONSTANTS MK_HELLO(_, _), EXCLAMATION, COUNT

(* --mpcal hello {
  define {
    HELLO == MK_HELLO("hello", EXCLAMATION)
  }

  archetype AHello(ref out, ref shared)
    variables i = 0;
  {
  lbl:
    out := HELLO;
  count:
    while (i < COUNT) {
      shared := shared + 1;
      i := i + 1;
    };
  last:
    out := <<"done", shared>>;
  }
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
