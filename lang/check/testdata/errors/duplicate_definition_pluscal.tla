---- MODULE duplicate_definition_pluscal ----
(* --algorithm duplicate_definition_pluscal {
  variables x = 0;
  procedure P(x) variables y = 1; {
    p: return;
  }
  process (A = 1) variables x = 2; {
    a: skip;
  }
  process (A = 2) {
    b: skip;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:15 DuplicateDefinitionError
\* want: 7:29 DuplicateDefinitionError
\* want: 10:12 DuplicateDefinitionError
