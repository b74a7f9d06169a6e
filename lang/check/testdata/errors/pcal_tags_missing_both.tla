\* flags: pcalgen
---- MODULE pcal_tags_missing_both ----
(* --mpcal pcal_tags_missing_both {
  archetype A(ref x) {
    a: x := 1;
  }
  variables g = 0;
  fair process (P = 1) == instance A(ref g);
}


*)
\* BEGIN TRANSLATION
====
\* want: 1:1 PCalTagsError
