---- MODULE macro_lookup ----
(* --mpcal macro_lookup {
  macro M(a) { a := NoSuchMacro(1); }
  archetype A(ref x) {
    l: Missing(x);
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 5:8 MacroLookupError
