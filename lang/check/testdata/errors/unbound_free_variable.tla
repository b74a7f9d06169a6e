---- MODULE unbound_free_variable ----
EXTENDS Naturals
(* --mpcal unbound_free_variable {
  macro Bump() { counter := counter + 1; }
  archetype A(ref counter) {
    l: Bump();
  }
  archetype B(ref other) {
    l: Bump();
  }
  variables counter = 0;
  process (P = 1) {
    p: Bump();
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:18 UnboundFreeVariableError
\* want: 4:29 UnboundFreeVariableError
