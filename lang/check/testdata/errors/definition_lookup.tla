---- MODULE definition_lookup ----
EXTENDS Naturals
CONSTANT N
(* --mpcal definition_lookup {
  define {
    D == N + g
  }
  archetype A(ref r) {
    a1: r := unknown;
    a2: r := g;
    a3: r := plocal;
  }
  variables g = 0;
  fair process (I = 1) == instance A(ref g);
  process (P = 2) variables plocal = 0; {
    p1: plocal := nosuch;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 6:14 DefinitionLookupError
\* want: 9:14 DefinitionLookupError
\* want: 10:14 DefinitionLookupError
\* want: 11:14 DefinitionLookupError
\* want: 16:19 DefinitionLookupError
