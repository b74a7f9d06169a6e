\* Mutual recursion reached only from a procedure.
---- MODULE recursive_macro_mutual ----
(* --mpcal recursive_macro_mutual {
  macro Ping(x) { x := 1; Pong(x); }
  macro Pong(x) { Ping(x); }
  procedure P(ref r) {
    p: Ping(r);
       return;
  }
  archetype A(ref r) {
    l: call P(ref r);
       goto Done;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:27 RecursiveMacroError
