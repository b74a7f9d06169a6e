---- MODULE definition_lookup_bleed ----
EXTENDS Naturals
(* --algorithm definition_lookup_bleed {
  variables g = 0;
  procedure P() variables tmp = 1; {
    pp: g := shared + tmp + only;
        return;
  }
  process (A = 1) variables shared = 0, only = 5; {
    a: call P();
  }
  process (B = 2) variables shared = 1; {
    b: g := tmp;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 6:14 DefinitionLookupError
