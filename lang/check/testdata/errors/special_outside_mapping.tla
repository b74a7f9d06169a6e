---- MODULE special_outside_mapping ----
(* --mpcal special_outside_mapping {
  archetype A(ref x) {
    a: x := $variable;
    b: yield x;
    c: $variable := 1;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 4:13 ParseError
\* want: 5:8 ParseError
\* want: 6:8 ParseError
