---- MODULE multiple_mapping ----
(* --mpcal multiple_mapping {
  mapping macro Id {
    read { yield $variable; }
    write { yield $value; }
  }
  archetype A(ref a[_], ref b[_]) {
    l: a[1] := b[1];
  }
  variables g = <<0, 0>>;
  fair process (ByPosition = 1) == instance A(ref g[_], ref g[_]) mapping @1[_] via Id mapping @1[_] via Id;
  fair process (ByName = 2) == instance A(ref g[_], ref g[_]) mapping g[_] via Id mapping g[_] via Id;
}
*)
\* BEGIN TRANSLATION
====
\* want: 11:88 MPCalMultipleMapping
\* want: 12:83 MPCalMultipleMapping
