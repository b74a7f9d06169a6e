---- MODULE uniprocess_with_instances ----
(* --mpcal uniprocess_with_instances {
  archetype A(ref x) {
    a: x := 1;
  }
  variables g = 0;
  fair process (P = 1) == instance A(ref g);
  {
    u: g := 2;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 8:3 UniprocessWithInstancesError
