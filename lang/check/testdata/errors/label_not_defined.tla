---- MODULE label_not_defined ----
(* --mpcal label_not_defined {
  archetype A(ref x) {
    a: goto b;
  }
  archetype B(ref x) {
    b: goto nowhere;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:13 LabelNotDefinedError
\* want: 7:13 LabelNotDefinedError
