---- MODULE duplicate_definition ----
(* --mpcal duplicate_definition {
  macro M() { skip; }
  macro M() { skip; }
  procedure P(a, a) variables b = 1, b = 2; {
    p: return;
  }
  archetype A(ref x) {
    a: x := 1;
  }
  archetype A(ref y) {
    a: y := 1;
  }
  variables g = 0, g = 1;
  procedure P() {
    q: return;
  }
  process (Q = 1) {
    q: skip;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:9 DuplicateDefinitionError
\* want: 5:18 DuplicateDefinitionError
\* want: 5:38 DuplicateDefinitionError
\* want: 11:13 DuplicateDefinitionError
\* want: 14:20 DuplicateDefinitionError
\* want: 15:13 DuplicateDefinitionError
