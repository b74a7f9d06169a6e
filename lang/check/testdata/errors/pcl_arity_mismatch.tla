---- MODULE pcl_arity_mismatch ----
(* --mpcal pcl_arity_mismatch {
  procedure P(a, b) {
    p: return;
  }
  archetype A(ref x) {
    l: call P(1);
       goto Done;
  }
  variables g = 0;
  fair process (I = 1) == instance A(ref g, 2);
}
*)
\* BEGIN TRANSLATION
====
\* want: 7:13 PClArityMismatch
\* want: 11:36 PClArityMismatch
