\* flags: pcalgen
---- MODULE pcalgen_comment_string ----
(* --mpcal pcalgen_comment_string {
  archetype A(ref x) {
    a: x := "(* a *)";
  }
  variables g = "";
  fair process (P = 1) == instance A(ref g);
}

\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
====
\* want: 5:13 CommentBreakingStringError
