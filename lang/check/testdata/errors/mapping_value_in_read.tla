---- MODULE mapping_value_in_read ----
(* --mpcal mapping_value_in_read {
  mapping macro Bad {
    read { yield $value; }
    write { yield $value; }
  }
  archetype A(ref x) {
    a: x := 1;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:18 MappingValueInReadError
