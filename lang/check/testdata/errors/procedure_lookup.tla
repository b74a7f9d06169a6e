---- MODULE procedure_lookup ----
(* --mpcal procedure_lookup {
  archetype A(ref x) {
    l: call Nope(x);
       goto Done;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:13 ProcedureLookupError
