\* flags: pcalgen
---- MODULE pcal_tags_missing_end ----
(* --mpcal pcal_tags_missing_end {
  archetype A(ref x) {
    a: x := 1;
  }
  variables g = 0;
  fair process (P = 1) == instance A(ref g);
}

\* BEGIN PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
====
\* want: 11:1 PCalTagsError
