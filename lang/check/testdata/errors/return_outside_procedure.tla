---- MODULE return_outside_procedure ----
(* --mpcal return_outside_procedure {
  archetype A(ref x) {
    a: x := 1;
       return;
  }
  process (Q = 1) {
    q: return;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 5:8 ReturnOutsideProcedureError
\* want: 8:8 ReturnOutsideProcedureError
