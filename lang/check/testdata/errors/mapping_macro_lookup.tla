---- MODULE mapping_macro_lookup ----
(* --mpcal mapping_macro_lookup {
  archetype A(ref x) {
    l: x := 1;
  }
  variables g = 0;
  fair process (P = 1) == instance A(ref g) mapping g via NoSuchMacro;
}
*)
\* BEGIN TRANSLATION
====
\* want: 7:59 MappingMacroLookupError
