---- MODULE module_not_found ----
EXTENDS Naturals, NoSuchModule
M == INSTANCE AlsoMissing
(* --mpcal module_not_found {
  archetype A(ref x) {
    l: x := 1;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 2:19 ModuleNotFoundError
\* want: 3:15 ModuleNotFoundError
