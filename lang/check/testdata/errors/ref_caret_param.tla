---- MODULE ref_caret_param ----
(* --mpcal ref_caret_param {
  procedure P(ref c^) {
    p: c := 1;
       return;
  }
  archetype A(ref x^, y) {
    a: x := y;
  }
}
*)
\* BEGIN TRANSLATION
====
\* want: 3:15 RefCaretParamError
\* want: 7:15 RefCaretParamError
