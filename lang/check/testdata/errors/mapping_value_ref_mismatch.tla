---- MODULE mapping_value_ref_mismatch ----
(* --mpcal mapping_value_ref_mismatch {
  mapping macro Id {
    read { yield $variable; }
    write { yield $value; }
  }
  archetype A(ref a, v) {
    l: a := v;
  }
  variables g = 0;
  fair process (P = 1) == instance A(ref g, 3) mapping @2 via Id;
}
*)
\* BEGIN TRANSLATION
====
\* want: 11:48 MPCalMappingValueRefMismatchError
