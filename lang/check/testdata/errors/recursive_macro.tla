---- MODULE recursive_macro ----
(* --mpcal recursive_macro {
  macro Loop(x) { Loop(x); }
  archetype A(ref r) {
    l: Loop(r);
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 3:19 RecursiveMacroError
