---- MODULE procedure_done_label ----
(* --mpcal procedure_done_label {
  procedure P(ref r) {
    p: r := 1;
       goto Done;
  }
  archetype A(ref x) {
    a: call P(ref x);
       goto Done;
  }
  procedure Plain() {
    q: goto Done;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 5:8 ProcedureDoneLabelError
