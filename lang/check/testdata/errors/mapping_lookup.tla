---- MODULE mapping_lookup ----
(* --mpcal mapping_lookup {
  mapping macro Id {
    read { yield $variable; }
    write { yield $value; }
  }
  archetype A(ref x) {
    l: x := 1;
  }
  archetype B() {
    l: skip;
  }
  variables g = 0, h = 1;
  fair process (P = 1) == instance A(ref g) mapping h via Id;
  fair process (Q = 2) == instance A(g) mapping g via Id;
  fair process (R = 3) == instance B() mapping g via Id;
}
*)
\* BEGIN TRANSLATION
====
\* want: 14:53 MappingLookupError
\* want: 15:49 MappingLookupError
\* want: 16:48 MappingLookupError
