---- MODULE mapping_index_out_of_bounds ----
(* --mpcal mapping_index_out_of_bounds {
  mapping macro Id {
    read { yield $variable; }
    write { yield $value; }
  }
  archetype A(ref x, ref y) {
    l: x := y;
  }
  variables g = 0, h = 1;
  fair process (P = 1) == instance A(ref g, ref h) mapping @3 via Id;
}
*)
\* BEGIN TRANSLATION
====
\* want: 11:52 MappingIndexOutOfBounds
