---- MODULE archetype_lookup ----
(* --mpcal archetype_lookup {
  archetype A(ref x) {
    l: x := 1;
  }
  variables g = 0;
  fair process (P = 1) == instance NoSuchArchetype(ref g);
}
*)
\* BEGIN TRANSLATION
====
\* want: 7:36 ArchetypeLookupError
